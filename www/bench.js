// The browser benchmark: the statistics workload of `cargo bench --bench stats` through the
// package's JavaScript API, with a plain JavaScript baseline over the same values in the same run,
// so the figures are ratios on one machine at one moment, not absolute claims.
import {
  ready, proportions, quantiles, compare, funnel, xmr, proportionsColumns, quantilesColumn, compareColumns, funnelColumns,
  Workspace,
} from './pkg/nhs-benchmark.js';

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
// The columnar API: typed arrays cross the boundary as one copy each.
function columns(data) {
  const numerators = new Float64Array(ORGS * METRICS);
  const denominators = new Float64Array(ORGS * METRICS);
  data.metrics.forEach((m, k) => {
    numerators.set(m.numerators, k * ORGS);
    denominators.set(m.denominators, k * ORGS);
  });
  return { numerators, denominators };
}
const LEVELS = new Float64Array([0.95, 0.998]);
const QUARTILES = new Float64Array([0.25, 0.5, 0.75]);
function typedPass(cols) {
  const e = proportionsColumns(cols.numerators, cols.denominators, LEVELS, 1);
  const [l95, l998] = e.limits;
  const values = new Float64Array(ORGS);
  let checksum = 0;
  for (let k = 0; k < METRICS; k++) {
    const from = k * ORGS;
    const to = from + ORGS;
    let num = 0;
    let den = 0;
    for (let i = from; i < to; i++) {
      values[i - from] = e.value[i];
      num += cols.numerators[i];
      den += cols.denominators[i];
    }
    const q = quantilesColumn(values, QUARTILES);
    const codes = compareColumns(l95.lower.subarray(from, to), l95.upper.subarray(from, to),
      l998.lower.subarray(from, to), l998.upper.subarray(from, to), num / den, 'higherIsBetter');
    checksum += q[1] + codes[0];
  }
  return checksum;
}

function wasmFunnels(data) {
  for (const { numerators, denominators } of data.metrics) {
    funnel({ data: 'proportion', numerators, denominators, adjustment: 'additive', trimming: 'winsorise', curvePoints: 50 });
  }
}
function typedFunnels(cols) {
  const options = { data: 'proportion', adjustment: 'additive', trimming: 'winsorise', curvePoints: 50 };
  for (let k = 0; k < METRICS; k++) {
    const from = k * ORGS;
    funnelColumns(cols.numerators.subarray(from, from + ORGS), cols.denominators.subarray(from, from + ORGS), options);
  }
}
function wasmSpc(data) {
  for (const values of data.series) xmr({ values });
}

/** 100,000 rows of the tidy format: 500 organisations x 10 metrics x 20 months. */
function tidyText() {
  const r = rng(7);
  const lines = ['org_code,metric,period,numerator,denominator,value'];
  for (let o = 0; o < 500; o++) {
    for (let m = 0; m < 10; m++) {
      for (let p = 0; p < 20; p++) {
        const den = 500 + Math.floor(r() * 9500);
        const num = Math.floor(den * (0.6 + 0.3 * r()));
        const month = String(1 + (p % 12)).padStart(2, '0');
        lines.push(`ORG${o},m${m},${2018 + Math.floor(p / 12)}-${month},${num},${den},`);
      }
    }
  }
  const metrics = JSON.stringify(Array.from({ length: 10 }, (_, m) => ({
    id: `m${m}`, title: `Metric ${m}`, unit: '%', kind: 'proportion', polarity: 'higherIsBetter', multiplier: 100,
    source: 'synthetic',
  })));
  return { observations: lines.join('\n'), metrics };
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
  rows.push(['wasm, plain-object API: the baseline\'s work in all', intervals.ms + qc.ms]);
  const cols = columns(data);
  const typed = time(() => typedPass(cols));
  rows.push(['wasm, typed-array API: the baseline\'s work in all', typed.ms]);
  const f = time(() => wasmFunnels(data));
  rows.push(['wasm, plain-object API: funnel with additive over-dispersion per metric (1,000 calls)', f.ms]);
  const tf = time(() => typedFunnels(cols));
  rows.push(['wasm, typed-array API: funnel with additive over-dispersion per metric (1,000 calls)', tf.ms]);
  const s = time(() => wasmSpc(data));
  rows.push(['wasm: XmR chart of 36 points per series (1,000 calls)', s.ms]);
  rows.push(['wasm, typed-array API: the whole pass (intervals, quartiles, comparison, funnels, SPC)', typed.ms + tf.ms + s.ms]);
  const tidy = tidyText();
  const load = time(() => {
    const workspace = new Workspace();
    const { report } = workspace.load('tidy', [
      { role: 'observations', url: 'observations.csv', name: 'observations.csv', text: tidy.observations },
      { role: 'metrics', url: 'metrics.json', name: 'metrics.json', text: tidy.metrics },
    ]);
    workspace.free();
    if (report.rowsUsed !== 100000 && report.rows_used !== 100000) throw new Error(`loaded ${JSON.stringify(report)}`);
  });
  rows.push(['wasm: load and validate 100,000 tidy CSV rows (2.9 MB)', load.ms]);
  const ratio = typed.ms / js.ms;
  const text = rows.map(([name, ms]) => `${ms.toFixed(1).padStart(8)} ms  ${name}`).join('\n')
    + `\n\nratio wasm (typed-array API) / JavaScript baseline for the same work: ${ratio.toFixed(2)}`;
  document.getElementById('results').textContent = text;
  document.getElementById('status').textContent = 'Done';
  window.benchResults = Object.fromEntries(rows.map(([name, ms]) => [name, ms]));
  window.benchResults.ratio = ratio;
}

main().catch((e) => {
  document.getElementById('status').textContent = `Failed: ${e.message}`;
  window.benchResults = { error: e.message };
});
