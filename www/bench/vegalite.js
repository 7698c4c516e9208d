// Vega-Lite 6.5 through vega-embed 7.3 (UMD builds on Vega 6.4: `window.vegaEmbed`) drawing the
// benchmark's charts, through the interface of ours.js: a layered spec with a rule per
// organisation for the 95% interval, a circle per organisation coloured by comparison, a rule at
// the reference value, lines for the funnel's limits, the focus organisation from a `focus` param
// (so a focus change is `view.signal('focus', code)`, Vega's own update path, not a new embed),
// and hover as a nearest-point selection (Vega builds a Voronoi diagram for it) with vega-tooltip.
// Canvas renderer, vega-embed's default; actions menu off.
import { COLOURS, COMPARISONS, prepareFunnel, prepareRanked } from './prepare.js';

export const label = 'Vega-Lite';
const fmt = '.1f';
const color = { field: 'cmp', type: 'nominal', legend: null, scale: { domain: COMPARISONS, range: COMPARISONS.map((c) => COLOURS[c]) } };

function extent(values) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const pad = (hi - lo) * 0.04;
  return [lo - pad, hi + pad];
}

/**
 * The points (with the hover selection and tooltip), the hovered point drawn again on top, and the
 * focus organisation and its label. The highlight is its own layer filtered by the selection, not
 * a conditional encoding of the points: that would re-encode every point, and so rebuild the
 * nearest-point Voronoi diagram, on every hover (seconds at 20,000 points).
 */
function pointLayers(x, y, tooltip) {
  return [
    {
      params: [{ name: 'hover', select: { type: 'point', on: 'pointerover', nearest: true, clear: 'pointerout' } }],
      mark: { type: 'circle', opacity: 1, size: 20 },
      encoding: { x, y, color, tooltip },
    },
    {
      transform: [{ filter: { param: 'hover', empty: false } }],
      mark: { type: 'circle', opacity: 1, size: 144, stroke: '#000', strokeWidth: 2 },
      encoding: { x, y, color },
    },
    {
      transform: [{ filter: 'datum.code === focus' }],
      mark: { type: 'circle', opacity: 1, size: 144, stroke: '#000', strokeWidth: 2 },
      encoding: { x, y, color },
    },
    {
      transform: [{ filter: 'datum.code === focus' }],
      mark: { type: 'text', align: 'left', dx: 10, fontWeight: 'bold', fontSize: 13 },
      encoding: { x, y, text: { field: 'name' } },
    },
  ];
}

class VegaChart {
  constructor(container, rows, x, y) {
    this.rows = rows;
    this.x = x;
    this.y = y;
    this.div = document.createElement('div');
    container.append(this.div);
  }

  async embed(spec) {
    const result = await window.vegaEmbed(this.div, spec, { actions: false, renderer: 'canvas' });
    this.view = result.view;
    return this;
  }

  async refocus(code) {
    await this.view.signal('focus', code).runAsync();
  }

  hoverTargets(count) {
    const r = this.div.querySelector('canvas').getBoundingClientRect();
    const [ox, oy] = this.view.origin();
    const sx = this.view.scale('x');
    const sy = this.view.scale('y');
    const byX = [...this.rows].sort((a, b) => a[this.x] - b[this.x]);
    return Array.from({ length: count }, (_, k) => {
      const row = byX[Math.floor(((k + 0.5) * byX.length) / count)];
      return [r.left + ox + sx(row[this.x]), r.top + oy + sy(row[this.y])];
    });
  }

  hovered() {
    const store = this.view.data('hover_store');
    // A point selection's store holds the selected tuple's id (VL 6: `_vgsid_`).
    return store.length ? store[0]._vgsid_ ?? JSON.stringify(store[0]) : null;
  }

  destroy() {
    this.view.finalize();
    this.div.remove();
  }
}

export function drawRanked(container, data, { width, height }) {
  const { rows, reference, focusRow } = prepareRanked(data);
  const x = { field: 'rank', type: 'quantitative', title: 'Organisations, ranked', scale: { domain: [0, rows.length + 1], nice: false } };
  const y = { field: 'value', type: 'quantitative', title: '% within 4 hours', scale: { domain: extent(rows.flatMap((r) => [r.lo, r.hi])), nice: false } };
  const tooltip = [{ field: 'name' }, { field: 'value', format: fmt }, { field: 'lo', format: fmt, title: '95% lower' }, { field: 'hi', format: fmt, title: '95% upper' }];
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width, height, autosize: { type: 'fit', contains: 'padding' },
    title: { text: `${rows.length.toLocaleString('en-GB')} organisations ranked, with 95% intervals`, anchor: 'start' },
    params: [{ name: 'focus', value: focusRow.code }],
    data: { values: rows },
    layer: [
      { mark: { type: 'rule', color: '#aeb7bd' }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' } } },
      { mark: { type: 'rule', color: '#212b32', strokeWidth: 1.5, strokeDash: [6, 3] }, encoding: { y: { datum: reference } } },
      ...pointLayers(x, y, tooltip),
    ],
  };
  return new VegaChart(container, rows, 'rank', 'value').embed(spec);
}

export function drawFunnel(container, data, { width, height }) {
  const { rows, curves, reference, focusRow, range } = prepareFunnel(data);
  const x = { field: 'n', type: 'quantitative', title: 'Attendances', scale: { domain: range, nice: false } };
  const y = { field: 'value', type: 'quantitative', title: '% within 4 hours', scale: { domain: extent(rows.map((r) => r.value)), nice: false } };
  const tooltip = [{ field: 'name' }, { field: 'value', format: fmt }, { field: 'n', format: ',', title: 'attendances' }];
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width, height, autosize: { type: 'fit', contains: 'padding' },
    title: { text: `Funnel plot of ${rows.length.toLocaleString('en-GB')} organisations, 95% and 99.8% limits`, anchor: 'start' },
    params: [{ name: 'focus', value: focusRow.code }],
    layer: [
      {
        data: { values: curves },
        mark: { type: 'line', color: '#425563', clip: true },
        encoding: {
          x, y, detail: { field: 'limit' },
          strokeDash: { condition: { test: "indexof(datum.limit, '95%') === 0", value: [3, 3] }, value: [1, 0] },
          strokeWidth: { condition: { test: "indexof(datum.limit, '95%') === 0", value: 1.25 }, value: 1.5 },
        },
      },
      {
        data: { values: rows },
        layer: [
          { mark: { type: 'rule', color: '#212b32', strokeWidth: 1.5, strokeDash: [6, 3] }, encoding: { y: { datum: reference } } },
          ...pointLayers(x, y, tooltip),
        ],
      },
    ],
  };
  return new VegaChart(container, rows, 'n', 'value').embed(spec);
}
