// Our side of every benchmark scenario, behind one small interface (the same one each peer adapter
// in this folder implements), so a change to the package's JavaScript API is absorbed here and
// nowhere else in the benchmark:
//
//   await init()
//   const chart = await drawRanked(container, data, {width, height})   // or drawFunnel
//   await chart.refocus(code)        // re-render with another focus organisation
//   chart.hoverTargets(count)        // [[clientX, clientY], ...] over drawn points
//   chart.hovered()                  // key of the highlighted item, or null
//   chart.destroy()
//   stats.*                          // the typed-array statistics API; stats.memoryBytes()
//
// `data` is what a user holds: {codes, names, numerators, denominators, focus}. Today the chart
// session takes data only as text in the tidy format, so the adapter writes the CSV (that cost is
// inside our timings; the peers are handed objects they can use directly).
import {
  ready, NhsChart, Workspace, proportionsColumns, quantilesColumn, compareColumns, funnelColumns, xmr, xmrColumns,
} from '../pkg/nhs-benchmark.js';

export const label = 'nhs-benchmark';
let wasm;

export async function init() {
  wasm = await ready();
}

const METRICS_JSON = JSON.stringify([{
  id: 'ae4', title: 'A&E 4-hour performance (synthetic)', unit: '%', kind: 'proportion',
  polarity: 'higherIsBetter', multiplier: 100, source: 'synthetic, seeded',
}]);

/** The data as the tidy format's observations and organisations CSV text. */
function tidyText(data) {
  const obs = ['org_code,metric,period,numerator,denominator,value'];
  const orgs = ['code,name'];
  for (let i = 0; i < data.codes.length; i++) {
    obs.push(`${data.codes[i]},ae4,2019-03,${data.numerators[i]},${data.denominators[i]},`);
    orgs.push(`${data.codes[i]},${data.names[i]}`);
  }
  return { observations: obs.join('\n'), organisations: orgs.join('\n') };
}

function specFor(view, focus) {
  return JSON.stringify({ view, focus, metric: 'ae4' });
}

class OurChart {
  constructor(container, data, view, { width, height }) {
    this.view = view;
    this.size = [width, height];
    const box = document.createElement('div');
    box.className = 'ours-chart';
    this.main = document.createElement('canvas');
    this.overlay = document.createElement('canvas');
    this.overlay.className = 'overlay';
    this.tip = document.createElement('div');
    this.tip.className = 'tip';
    this.tip.hidden = true;
    box.append(this.main, this.overlay, this.tip);
    container.append(box);
    this.box = box;
    this.current = null;
    this.chart = new NhsChart(this.main, this.overlay, specFor(view, data.focus));
    const { observations, organisations } = tidyText(data);
    // A workspace of the chart's own: every run is a first chart, parse included.
    this.workspace = new Workspace();
    const { key } = this.workspace.load('tidy', [
      { role: 'observations', url: 'observations.csv', name: 'observations.csv', text: observations },
      { role: 'metrics', url: 'metrics.json', name: 'metrics.json', text: METRICS_JSON },
      { role: 'organisations', url: 'organisations.csv', name: 'organisations.csv', text: organisations },
    ]);
    this.chart.attach(this.workspace, key);
    this.render();
    this.overlay.addEventListener('pointermove', (e) => {
      const r = this.overlay.getBoundingClientRect();
      this.apply(this.chart.pointerMove(e.clientX - r.left, e.clientY - r.top));
    });
  }

  render() {
    const info = this.chart.render(this.size[0], this.size[1], window.devicePixelRatio || 1);
    for (const c of [this.main, this.overlay]) {
      c.style.width = `${info.width}px`;
      c.style.height = `${info.height}px`;
    }
    this.items = info.items;
    this.width = info.width;
    this.height = info.height;
  }

  /** What the element does with an effect: a tooltip with the item's lines, placed by the core. */
  apply(effect) {
    const index = effect?.tooltip ?? null;
    if (index === this.current) return;
    this.current = index;
    if (this.current === null) {
      this.tip.hidden = true;
      return;
    }
    const lines = this.chart.tooltip(this.current) ?? [];
    this.tip.replaceChildren(...lines.map(([k, v]) => {
      const line = document.createElement('div');
      line.textContent = `${k}: ${v}`;
      return line;
    }));
    this.tip.hidden = false;
    const [x, y] = this.chart.placeTooltip(this.current, this.tip.offsetWidth, this.tip.offsetHeight);
    this.tip.style.left = `${x}px`;
    this.tip.style.top = `${y}px`;
  }

  refocus(code) {
    this.chart.setSpec(specFor(this.view, code));
    this.render();
  }

  /**
   * Points to move the pointer to: item anchors, recovered from where the core places a 0 x 0
   * tooltip (12 px right of and above the anchor, unless flipped at an edge).
   */
  hoverTargets(count) {
    const r = this.overlay.getBoundingClientRect();
    const out = [];
    for (let k = 0; k < count; k++) {
      const index = Math.floor(((k + 0.5) * this.items) / count);
      const [x, y] = this.chart.placeTooltip(index, 0, 0);
      const ax = x - 12;
      const ay = y + 12;
      if (ax > 0 && ay > 0 && ax < this.width && ay < this.height) out.push([r.left + ax, r.top + ay]);
    }
    return out;
  }

  hovered() {
    return this.current;
  }

  destroy() {
    this.chart.free();
    this.workspace.free();
    this.box.remove();
  }
}

export const drawRanked = (container, data, opts) => new OurChart(container, data, 'ranked', opts);
export const drawFunnel = (container, data, opts) => new OurChart(container, data, 'funnel', opts);

const LEVELS = new Float64Array([0.95, 0.998]);
const QUARTILES = new Float64Array([0.25, 0.5, 0.75]);
const FUNNEL_OPTIONS = {
  data: 'proportion', adjustment: 'additive', trimming: 'winsorise', curvePoints: 100, multiplier: 100,
};

/** The statistics through the typed-array API: Float64Array columns in and out, NaN = missing. */
export const stats = {
  /** Wilson 95% and 99.8% limits (in %) for every row: `{value, limits: [{lower, upper}, ...]}`. */
  proportions: (numerators, denominators) => proportionsColumns(numerators, denominators, LEVELS, 100),
  /** Type 7 quartiles of a column. */
  quartiles: (values) => quantilesColumn(values, QUARTILES),
  /** Two-level comparison codes (2 better at 99.8%, ..., -2 worse at 99.8%) with a benchmark. */
  compare: (l95, u95, l998, u998, benchmark) => compareColumns(l95, u95, l998, u998, benchmark, 'higherIsBetter'),
  /** Funnel with additive over-dispersion; returns τ². */
  funnelTau2: (numerators, denominators) => funnelColumns(numerators, denominators, FUNNEL_OPTIONS).dispersion.tau2,
  /** XmR with the Making Data Count rules; returns the number of special-cause points. */
  xmrSpecial: (values) => xmr({ values }).specialCause.reduce((n, c) => n + (c === null ? 0 : 1), 0),
  /** XmR of many series in one call (xmrColumns); returns the number of special-cause points. */
  xmrSpecialBatch: (series) => {
    const lengths = new Uint32Array(series.map((s) => s.length));
    const values = new Float64Array(lengths.reduce((a, b) => a + b, 0));
    let at = 0;
    for (const s of series) { values.set(s, at); at += s.length; }
    return xmrColumns(values, lengths).specialCause.reduce((n, c) => n + (c === 0 ? 0 : 1), 0);
  },
  /** The wasm linear memory: it grows and never shrinks, so this is the peak so far. */
  memoryBytes: () => wasm.memory.buffer.byteLength,
};
