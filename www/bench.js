// The statistics benchmark in the browser: the workload of `cargo bench --bench stats` (the same
// numbers, generated bit for bit alike) through our wasm's typed-array API and through a lean
// JavaScript pass written as a user would write it (simple-statistics' quickselect for the
// quantiles, two Wilson calls per value), interleaved in one page so the ratios compare like with
// like on one machine at one moment. scripts/bench-browser.mjs reads `window.benchResults`.
import { quickselect } from './vendor/simple-statistics.mjs';
import { statsData, STATS_METRICS, STATS_ORGS } from './bench/data.js';
import * as ours from './bench/ours.js';
import { wilson, Z95, Z998 } from './bench/prepare.js';

const params = new URLSearchParams(location.search);
const RUNS = Number(params.get('runs') ?? 5);
/** `?side=wasm` or `?side=js` runs one side only (for a CPU profile of it). */
const SIDES = params.get('side') ? [params.get('side')] : ['js', 'wasm'];
const CURVE_POINTS = 100;

// --- The lean JavaScript pass. ---

/** R's type 7 quantile of `values` (reordered in place) by quickselect. */
function type7(values, p) {
  const h = (values.length - 1) * p;
  const k = Math.floor(h);
  quickselect(values, k);
  const lo = values[k];
  if (h === k) return lo;
  let next = Infinity;
  for (let i = k + 1; i < values.length; i++) if (values[i] < next) next = values[i];
  return lo + (h - k) * (next - lo);
}

/** Wilson 95% and 99.8% limits for every value, quartiles per metric, two-level comparison. */
function jsCore({ numerators, denominators }) {
  const size = numerators.length;
  const value = new Float64Array(size);
  const l95 = new Float64Array(size);
  const u95 = new Float64Array(size);
  const l998 = new Float64Array(size);
  const u998 = new Float64Array(size);
  const codes = new Int8Array(size);
  const values = new Float64Array(STATS_ORGS);
  let quartileSum = 0;
  for (let m = 0; m < STATS_METRICS; m++) {
    const from = m * STATS_ORGS;
    let sx = 0;
    let sn = 0;
    for (let i = from; i < from + STATS_ORGS; i++) {
      const x = numerators[i];
      const n = denominators[i];
      const [a, b] = wilson(x, n, Z95);
      const [c, d] = wilson(x, n, Z998);
      value[i] = (100 * x) / n;
      l95[i] = 100 * a;
      u95[i] = 100 * b;
      l998[i] = 100 * c;
      u998[i] = 100 * d;
      values[i - from] = value[i];
      sx += x;
      sn += n;
    }
    quartileSum += type7(values, 0.25) + type7(values, 0.5) + type7(values, 0.75);
    const pooled = (100 * sx) / sn;
    for (let i = from; i < from + STATS_ORGS; i++) {
      codes[i] = l998[i] > pooled ? 2 : u998[i] < pooled ? -2 : l95[i] > pooled ? 1 : u95[i] < pooled ? -1 : 0;
    }
  }
  return { quartileSum, codes };
}

/**
 * A proportion funnel with additive over-dispersion, per metric, as Spiegelhalter (2005) and
 * FunnelPlotR do it: arcsine z-scores, winsorised at the 10th and 90th percentiles, φ the mean
 * square, τ² by DerSimonian-Laird, limits p0 ± z·sqrt(s² + τ²) on the arcsine scale for every
 * organisation and along 100 curve points, and each organisation's significance.
 */
function jsFunnel(numerators, denominators) {
  const count = numerators.length;
  let sx = 0;
  let sn = 0;
  let minN = Infinity;
  let maxN = 0;
  for (let i = 0; i < count; i++) {
    sx += numerators[i];
    sn += denominators[i];
    minN = Math.min(minN, denominators[i]);
    maxN = Math.max(maxN, denominators[i]);
  }
  const t = Math.asin(Math.sqrt(sx / sn));
  const z = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const n = denominators[i];
    z[i] = (Math.asin(Math.sqrt(numerators[i] / n)) - t) * 2 * Math.sqrt(n);
  }
  const scratch = z.slice();
  const lo = type7(scratch, 0.1);
  const hi = type7(scratch, 0.9);
  let sumZ2 = 0;
  let sw = 0;
  let sw2 = 0;
  for (let i = 0; i < count; i++) {
    const zi = Math.min(hi, Math.max(lo, z[i]));
    sumZ2 += zi * zi;
    const w = 4 * denominators[i]; // 1 / s², s = 1 / (2√n)
    sw += w;
    sw2 += w * w;
  }
  const phi = sumZ2 / count;
  const tau2 = count * phi < count - 1 ? 0 : Math.max(0, (count * phi - (count - 1)) / (sw - sw2 / sw));
  const limit = (n, zc) => {
    const spread = zc * Math.sqrt(1 / (4 * n) + tau2);
    return [Math.sin(Math.max(0, t - spread)) ** 2, Math.sin(Math.min(Math.PI / 2, t + spread)) ** 2];
  };
  const significance = new Int8Array(count);
  const limits = [new Float64Array(count), new Float64Array(count), new Float64Array(count), new Float64Array(count)];
  for (let i = 0; i < count; i++) {
    const n = denominators[i];
    const p = numerators[i] / n;
    const [a, b] = limit(n, Z95);
    const [c, d] = limit(n, Z998);
    limits[0][i] = 100 * a;
    limits[1][i] = 100 * b;
    limits[2][i] = 100 * c;
    limits[3][i] = 100 * d;
    significance[i] = p > d ? 2 : p > b ? 1 : p < c ? -2 : p < a ? -1 : 0;
  }
  const curve = [];
  const from = minN * 0.9;
  const step = Math.log((maxN * 1.1) / from) / (CURVE_POINTS - 1);
  for (let k = 0; k < CURVE_POINTS; k++) {
    const n = from * Math.exp(step * k);
    curve.push([n, ...limit(n, Z95), ...limit(n, Z998)]);
  }
  return { tau2, significance, limits, curve };
}

function jsFunnels({ numerators, denominators }) {
  let tau2Sum = 0;
  for (let m = 0; m < STATS_METRICS; m++) {
    const from = m * STATS_ORGS;
    tau2Sum += jsFunnel(numerators.subarray(from, from + STATS_ORGS), denominators.subarray(from, from + STATS_ORGS)).tau2;
  }
  return tau2Sum;
}

/**
 * An XmR chart with the Making Data Count rules (NHSRplotthedots' order: outside the limits, a
 * trend of 7, two of three close to a limit, a shift of 7), moving ranges screened at 3.267 x.
 * Returns the number of special-cause points.
 */
function jsXmr(y) {
  const n = y.length;
  let mean = 0;
  for (const v of y) mean += v;
  mean /= n;
  let mr = 0;
  for (let i = 1; i < n; i++) mr += Math.abs(y[i] - y[i - 1]);
  mr /= n - 1;
  const cut = 3.267 * mr;
  let kept = 0;
  let keptSum = 0;
  for (let i = 1; i < n; i++) {
    const r = Math.abs(y[i] - y[i - 1]);
    if (r < cut) {
      kept++;
      keptSum += r;
    }
  }
  if (kept > 0 && kept < n - 1) mr = keptSum / kept;
  const upl = mean + 2.66 * mr;
  const lpl = mean - 2.66 * mr;
  const close = 2 * (2.66 / 3) * mr;
  const side = y.map((v) => Math.sign(v - mean));
  const special = new Array(n).fill(false);
  for (let i = 0; i < n; i++) if (y[i] > upl || y[i] < lpl) special[i] = true;
  // Trends: 7 points each strictly above (or below) the one before.
  let steps = 0;
  let direction = 0;
  for (let i = 1; i < n; i++) {
    const s = Math.sign(y[i] - y[i - 1]);
    if (s !== 0 && s === direction) steps++;
    else {
      direction = s;
      steps = s !== 0 ? 1 : 0;
    }
    if (steps + 1 >= 7) for (let j = i - 6; j <= i; j++) special[j] = true;
  }
  // Two of three on one side, beyond two thirds of the way to a limit.
  for (let w = 0; w + 2 < n; w++) {
    let near = 0;
    let sides = 0;
    for (let j = w; j < w + 3; j++) {
      if (Math.abs(y[j] - mean) > close && y[j] <= upl && y[j] >= lpl) near++;
      sides += side[j];
    }
    if (near >= 2 && Math.abs(sides) === 3) {
      for (let j = w; j < w + 3; j++) if (Math.abs(y[j] - mean) > close) special[j] = true;
    }
  }
  // Shifts: 7 points in a row on one side of the mean.
  let run = 0;
  let runSide = 0;
  for (let i = 0; i < n; i++) {
    if (side[i] !== 0 && side[i] === runSide) run++;
    else {
      runSide = side[i];
      run = side[i] !== 0 ? 1 : 0;
    }
    if (run >= 7) for (let j = i - 6; j <= i; j++) special[j] = true;
  }
  return special.reduce((k, s) => k + (s ? 1 : 0), 0);
}

const jsXmrAll = ({ series }) => series.reduce((k, s) => k + jsXmr(s), 0);

// --- The same work through our wasm (the typed-array API, behind the adapter). ---

function wasmCore({ numerators, denominators }) {
  const e = ours.stats.proportions(numerators, denominators);
  const [l95, l998] = e.limits;
  const values = new Float64Array(STATS_ORGS);
  let quartileSum = 0;
  const codes = new Int8Array(numerators.length);
  for (let m = 0; m < STATS_METRICS; m++) {
    const from = m * STATS_ORGS;
    const to = from + STATS_ORGS;
    let sx = 0;
    let sn = 0;
    for (let i = from; i < to; i++) {
      values[i - from] = e.value[i];
      sx += numerators[i];
      sn += denominators[i];
    }
    const q = ours.stats.quartiles(values);
    quartileSum += q[0] + q[1] + q[2];
    codes.set(ours.stats.compare(l95.lower.subarray(from, to), l95.upper.subarray(from, to),
      l998.lower.subarray(from, to), l998.upper.subarray(from, to), (100 * sx) / sn), from);
  }
  return { quartileSum, codes };
}

function wasmFunnels({ numerators, denominators }) {
  let tau2Sum = 0;
  for (let m = 0; m < STATS_METRICS; m++) {
    const from = m * STATS_ORGS;
    tau2Sum += ours.stats.funnelTau2(numerators.subarray(from, from + STATS_ORGS), denominators.subarray(from, from + STATS_ORGS));
  }
  return tau2Sum;
}

const wasmXmrAll = ({ series }) => ours.stats.xmrSpecialBatch(series);

// --- Timing. ---

const TASKS = [
  ['core', { js: jsCore, wasm: wasmCore }],
  ['funnel', { js: jsFunnels, wasm: wasmFunnels }],
  ['xmr', { js: jsXmrAll, wasm: wasmXmrAll }],
];

function spread(ms) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p) => {
    const h = (s.length - 1) * p;
    const lo = Math.floor(h);
    return s[lo] + (h - lo) * (s[Math.min(lo + 1, s.length - 1)] - s[lo]);
  };
  return { median: at(0.5), p25: at(0.25), p75: at(0.75), min: s[0], runs: s.length };
}

function counts(codes) {
  let better = 0;
  let worse = 0;
  for (const c of codes) {
    if (c === 2) better++;
    else if (c === -2) worse++;
  }
  return { better, worse };
}

async function main() {
  await ours.init();
  const data = statsData();
  const times = { js: {}, wasm: {} };
  const results = { js: {}, wasm: {} };
  for (const [task] of TASKS) {
    times.js[task] = [];
    times.wasm[task] = [];
  }
  // Round 0 warms up; the order of the two sides alternates from round to round.
  for (let round = 0; round <= RUNS; round++) {
    const sides = round % 2 ? [...SIDES].reverse() : SIDES;
    for (const [task, fns] of TASKS) {
      for (const side of sides) {
        const t0 = performance.now();
        results[side][task] = fns[side](data);
        const ms = performance.now() - t0;
        if (round > 0) times[side][task].push(ms);
      }
    }
    await new Promise((r) => setTimeout(r, 0));
  }
  const out = { runs: RUNS, orgs: STATS_ORGS, metrics: STATS_METRICS, js: {}, wasm: {} };
  if (SIDES.length === 1) {
    window.benchResults = { side: SIDES[0], times: times[SIDES[0]] };
    document.getElementById('status').textContent = 'Done';
    return;
  }
  for (const side of ['js', 'wasm']) {
    for (const [task] of TASKS) out[side][task] = spread(times[side][task]);
    const sum = times[side].core.map((t, i) => t + times[side].funnel[i] + times[side].xmr[i]);
    out[side].total = spread(sum);
    out[side].checks = {
      numeratorSum: data.numerators.reduce((a, b) => a + b, 0),
      quartileSum: results[side].core.quartileSum,
      ...counts(results[side].core.codes),
      tau2Sum: results[side].funnel,
      specialCause: results[side].xmr,
    };
  }
  out.wasmMemoryBytes = ours.stats.memoryBytes();
  const row = (name, task) => `${name.padEnd(52)} ${out.js[task].median.toFixed(1).padStart(8)} ms  ${out.wasm[task].median.toFixed(1).padStart(8)} ms   ${(out.wasm[task].median / out.js[task].median).toFixed(2)}`;
  document.getElementById('results').textContent = [
    `${''.padEnd(52)} ${'lean JS'.padStart(11)}  ${'our wasm'.padStart(11)}   wasm / JS`,
    row('Wilson 95% + 99.8%, quartiles, comparison', 'core'),
    row('funnel with additive over-dispersion, per metric', 'funnel'),
    row('XmR, 1,000 series of 36 points', 'xmr'),
    row('all of it', 'total'),
    '',
    `peak wasm memory: ${(out.wasmMemoryBytes / 1e6).toFixed(0)} MB`,
    `checks (JS / wasm): better ${out.js.checks.better} / ${out.wasm.checks.better}, worse ${out.js.checks.worse} / ${out.wasm.checks.worse}, ` +
      `tau² sum ${out.js.checks.tau2Sum.toPrecision(10)} / ${out.wasm.checks.tau2Sum.toPrecision(10)}, ` +
      `special-cause points ${out.js.checks.specialCause} / ${out.wasm.checks.specialCause}`,
  ].join('\n');
  document.getElementById('status').textContent = 'Done';
  window.benchResults = out;
}

main().catch((e) => {
  document.getElementById('status').textContent = `Failed: ${e.message}`;
  window.benchResults = { error: `${e.message}\n${e.stack}` };
});
