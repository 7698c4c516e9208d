// Seeded synthetic data for the benchmarks. Every library is handed the same arrays; the
// statistics data is generated bit for bit as `benches/stats.rs` generates it (mulberry32 and only
// exact arithmetic), so native, wasm and JavaScript work on identical numbers.

/** mulberry32 (Tommy Ettinger): a small seeded generator, uniform on [0, 1). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An organisation code for index `i`: three letters and a number, never RM3's shape clash. */
export function orgCode(i) {
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  return `X${letters[i % 24]}${letters[Math.floor(i / 24) % 24]}${Math.floor(i / 576)}`;
}

/**
 * `count` organisations with a year of A&E-like 4-hour performance: attendances (the denominator)
 * log-uniform from 3,000 to 150,000, as type 1 departments range; each organisation's own
 * performance drifts around 84% (sd about 6 points, clamped to 55-99%), so some are better, most
 * similar and some worse than the pooled value, as in the real data. Returns the plain arrays a
 * user of any charting library would hold: `{codes, names, numerators, denominators, focus}`.
 */
export function renderData(count, seed = 4242) {
  const r = rng(seed + count);
  const codes = new Array(count);
  const names = new Array(count);
  const numerators = new Float64Array(count);
  const denominators = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const n = Math.round(3000 * Math.exp(r() * Math.log(50)));
    const normal = Math.sqrt(-2 * Math.log(Math.max(r(), 1e-12))) * Math.cos(2 * Math.PI * r());
    const p = Math.min(0.99, Math.max(0.55, 0.84 + 0.06 * normal));
    codes[i] = orgCode(i);
    names[i] = `Organisation ${i + 1}`;
    denominators[i] = n;
    numerators[i] = Math.round(n * p);
  }
  // A focus organisation in the middle of the field, and another to switch focus to.
  return { codes, names, numerators, denominators, focus: codes[Math.floor(count / 3)], otherFocus: codes[Math.floor((2 * count) / 3)] };
}

export const STATS_ORGS = 1000;
export const STATS_METRICS = 1000;
export const STATS_SEED = 20261125;
export const SERIES_POINTS = 36;

/**
 * The statistics workload of `benches/stats.rs`: 1,000 metrics x 1,000 organisations, as flat
 * columns (metric-major) and 1,000 series of 36 points for XmR.
 */
export function statsData() {
  const r = rng(STATS_SEED);
  const size = STATS_ORGS * STATS_METRICS;
  const numerators = new Float64Array(size);
  const denominators = new Float64Array(size);
  let k = 0;
  for (let m = 0; m < STATS_METRICS; m++) {
    const base = 0.05 + 0.9 * r();
    for (let i = 0; i < STATS_ORGS; i++, k++) {
      const u = r();
      const n = 200 + Math.floor(199800 * u * u * u);
      const spread = r() + r() + r() - 1.5;
      const p = Math.min(0.999, Math.max(0.001, base + 0.06 * spread));
      numerators[k] = Math.round(n * p);
      denominators[k] = n;
    }
  }
  const series = [];
  for (let s = 0; s < STATS_METRICS; s++) {
    const values = new Array(SERIES_POINTS);
    for (let i = 0; i < SERIES_POINTS; i++) values[i] = 80 + 10 * r();
    series.push(values);
  }
  return { numerators, denominators, series };
}

/** Resolves after the next frame has been painted (a rAF, then a task queued from it). */
export function afterFrame() {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(0);
    });
  });
}
