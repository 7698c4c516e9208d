// The browser benchmark: the statistics workload of `cargo bench --bench stats` through the
// package's JavaScript API, with a plain JavaScript baseline over the same values in the same run,
// so the figures are ratios on one machine at one moment, not absolute claims.
import { ready, proportions, quantiles, compare, funnel, xmr } from './pkg/nhs-benchmark.js';

const ORGS = 1000;
const METRICS = 1000;
const RUNS = 5;

/** A small seeded generator (mulberry32) so every run sees the same data. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function synthetic() {
  const r = rng(20261125);
  const metrics = [];
  for (let m = 0; m < METRICS; m++) {
    const base = 0.05 + 0.9 * r();
    const numerators = new Array(ORGS);
    const denominators = new Array(ORGS);
    for (let i = 0; i < ORGS; i++) {
      const n = Math.round(200 * Math.exp(r() * Math.log(1000)));
      const p = Math.min(0.999, Math.max(0.001, base + (r() - 0.5) * 0.1));
      denominators[i] = n;
      numerators[i] = Math.round(n * p);
    }
    metrics.push({ numerators, denominators });
  }
  const series = [];
  for (let s = 0; s < METRICS; s++) series.push(Array.from({ length: 36 }, () => 80 + 10 * r()));
  return { metrics, series };
}

// --- The plain JavaScript baseline: Wilson at two levels, type 7 quartiles, comparison. ---
const Z95 = 1.959963984540054;
const Z998 = 3.090232306167813;
function wilsonJs(x, n, z) {
  const p = x / n;
  const z2 = z * z;
  const centre = 2 * x + z2;
  const spread = z * Math.sqrt(z2 + 4 * x * (1 - p));
  const scale = 2 * (n + z2);
  return [Math.max(0, (centre - spread) / scale), Math.min(1, (centre + spread) / scale)];
}
function type7(sorted, p) {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)]) - sorted[lo]);
}
function baseline(data) {
  let checksum = 0;
  for (const { numerators, denominators } of data.metrics) {
    const values = new Float64Array(ORGS);
    let num = 0;
    let den = 0;
    for (let i = 0; i < ORGS; i++) {
      const [l95, u95] = wilsonJs(numerators[i], denominators[i], Z95);
      const [l998, u998] = wilsonJs(numerators[i], denominators[i], Z998);
      values[i] = numerators[i] / denominators[i];
      num += numerators[i];
      den += denominators[i];
      checksum += l95 + u95 + l998 + u998;
    }
    const sorted = values.slice().sort();
    checksum += type7(sorted, 0.25) + type7(sorted, 0.5) + type7(sorted, 0.75);
    const pooled = num / den;
    for (let i = 0; i < ORGS; i++) {
      const [l, u] = wilsonJs(numerators[i], denominators[i], Z998);
      checksum += l > pooled ? 1 : u < pooled ? -1 : 0;
    }
  }
  return checksum;
}

// --- The same work through the WebAssembly API. ---
function wasmIntervals(data) {
  const numerators = data.metrics.flatMap((m) => m.numerators);
  const denominators = data.metrics.flatMap((m) => m.denominators);
  return proportions({ numerators, denominators, confidence: [0.95, 0.998], multiplier: 1 });
}
function wasmQuartilesAndCompare(data, intervals) {
  let k = 0;
  for (const { numerators, denominators } of data.metrics) {
    const values = numerators.map((x, i) => x / denominators[i]);
    quantiles({ values, probs: [0.25, 0.5, 0.75] });
    const lo95 = intervals.limits[0].lower.slice(k, k + ORGS);
    const hi95 = intervals.limits[0].upper.slice(k, k + ORGS);
    const lo998 = intervals.limits[1].lower.slice(k, k + ORGS);
    const hi998 = intervals.limits[1].upper.slice(k, k + ORGS);
    const pooled = numerators.reduce((a, b) => a + b, 0) / denominators.reduce((a, b) => a + b, 0);
    compare({ lower95: lo95, upper95: hi95, lower998: lo998, upper998: hi998, benchmark: pooled, polarity: 'higherIsBetter' });
    k += ORGS;
  }
}
function wasmFunnels(data) {
  for (const { numerators, denominators } of data.metrics) {
    funnel({ data: 'proportion', numerators, denominators, adjustment: 'additive', trimming: 'winsorise', curvePoints: 50 });
  }
}
function wasmSpc(data) {
  for (const values of data.series) xmr({ values });
}

function time(fn) {
  const times = [];
  let result;
  fn(); // warm-up
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    result = fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(RUNS / 2)], result };
}

async function main() {
  await ready();
  const data = synthetic();
  const rows = [];
  const js = time(() => baseline(data));
  rows.push(['JavaScript baseline: Wilson x2, quartiles, comparison', js.ms]);
  const intervals = time(() => wasmIntervals(data));
  rows.push(['wasm: Wilson 95% and 99.8% for 1,000,000 values (one call)', intervals.ms]);
  const qc = time(() => wasmQuartilesAndCompare(data, intervals.result));
  rows.push(['wasm: quartiles and comparison per metric (2 calls x 1,000)', qc.ms]);
  rows.push(['wasm: the baseline\'s work in all', intervals.ms + qc.ms]);
  const f = time(() => wasmFunnels(data));
  rows.push(['wasm: funnel with additive over-dispersion per metric (1,000 calls)', f.ms]);
  const s = time(() => wasmSpc(data));
  rows.push(['wasm: XmR chart of 36 points per series (1,000 calls)', s.ms]);
  rows.push(['wasm: the whole pass', intervals.ms + qc.ms + f.ms + s.ms]);
  const ratio = (intervals.ms + qc.ms) / js.ms;
  const text = rows.map(([name, ms]) => `${ms.toFixed(1).padStart(8)} ms  ${name}`).join('\n')
    + `\n\nratio wasm / JavaScript baseline for the same work: ${ratio.toFixed(2)}`;
  document.getElementById('results').textContent = text;
  document.getElementById('status').textContent = 'Done';
  window.benchResults = Object.fromEntries(rows.map(([name, ms]) => [name, ms]));
  window.benchResults.ratio = ratio;
}

main().catch((e) => {
  document.getElementById('status').textContent = `Failed: ${e.message}`;
  window.benchResults = { error: e.message };
});
