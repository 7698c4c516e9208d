// What a user of a charting library computes before drawing: the statistics the charting
// libraries do not do. Plain JavaScript, as a user would write it; every peer calls it inside its
// timed draw, so "data in hand -> painted" starts from the same numerators and denominators for
// every library (ours computes the same, and more, inside the wasm).

export const Z95 = 1.959963984540054;
export const Z998 = 3.090232306167813;

/** Wilson score interval without continuity correction (PHE), as a proportion. */
export function wilson(x, n, z) {
  const p = x / n;
  const z2 = z * z;
  const centre = 2 * x + z2;
  const spread = z * Math.sqrt(z2 + 4 * x * (1 - p));
  const scale = 2 * (n + z2);
  return [Math.max(0, (centre - spread) / scale), Math.min(1, (centre + spread) / scale)];
}

export const COLOURS = { better: '#009639', similar: '#ffb81c', worse: '#da291c' };
export const COMPARISONS = ['better', 'similar', 'worse'];

function pooled({ numerators, denominators }) {
  let x = 0;
  let n = 0;
  for (let i = 0; i < numerators.length; i++) {
    x += numerators[i];
    n += denominators[i];
  }
  return x / n;
}

/**
 * The ranked chart's rows, best first: rank, code, name, value and 95% limits in %, and the
 * comparison with the pooled value at 99.8% (Fingertips' rule; higher is better).
 */
export function prepareRanked(data, focus = data.focus) {
  const count = data.numerators.length;
  const reference = pooled(data);
  const rows = new Array(count);
  for (let i = 0; i < count; i++) {
    const x = data.numerators[i];
    const n = data.denominators[i];
    const [lo, hi] = wilson(x, n, Z95);
    const [lo998, hi998] = wilson(x, n, Z998);
    const cmp = lo998 > reference ? 'better' : hi998 < reference ? 'worse' : 'similar';
    rows[i] = { code: data.codes[i], name: data.names[i], value: (100 * x) / n, lo: 100 * lo, hi: 100 * hi, cmp, rank: 0 };
  }
  rows.sort((a, b) => b.value - a.value);
  for (let i = 0; i < count; i++) rows[i].rank = i + 1;
  return { rows, reference: 100 * reference, focusRow: rows.find((r) => r.code === focus) };
}

/**
 * The funnel plot's points (denominator, value in %, comparison beyond the 99.8% limits) and its
 * limit curves: PHE's proportion funnel, p0 ± z·sqrt(p0(1-p0)/n), on 100 denominators spaced
 * geometrically across the data.
 */
export function prepareFunnel(data, focus = data.focus) {
  const count = data.numerators.length;
  const p0 = pooled(data);
  const rows = new Array(count);
  let lo = Infinity;
  let hi = 0;
  const sd = (n) => Math.sqrt((p0 * (1 - p0)) / n);
  for (let i = 0; i < count; i++) {
    const n = data.denominators[i];
    const p = data.numerators[i] / n;
    const cmp = p > p0 + Z998 * sd(n) ? 'better' : p < p0 - Z998 * sd(n) ? 'worse' : 'similar';
    rows[i] = { code: data.codes[i], name: data.names[i], n, value: 100 * p, cmp };
    lo = Math.min(lo, n);
    hi = Math.max(hi, n);
  }
  const curves = [];
  const steps = 100;
  for (let k = 0; k < steps; k++) {
    const n = lo * 0.9 * Math.exp((Math.log((hi * 1.1) / (lo * 0.9)) * k) / (steps - 1));
    for (const [limit, z] of [['95% lower', -Z95], ['95% upper', Z95], ['99.8% lower', -Z998], ['99.8% upper', Z998]]) {
      curves.push({ n, value: 100 * Math.min(1, Math.max(0, p0 + z * sd(n))), limit });
    }
  }
  return { rows, curves, reference: 100 * p0, focusRow: rows.find((r) => r.code === focus), range: [0, hi * 1.1] };
}

/** The four limit curves as separate arrays of {x, y}, for libraries that take one series each. */
export function curveSeries(curves) {
  const by = new Map();
  for (const c of curves) {
    if (!by.has(c.limit)) by.set(c.limit, []);
    by.get(c.limit).push({ x: c.n, y: c.value });
  }
  return by;
}
