// Observable Plot 0.6 (the UMD build with d3 7, `window.Plot`) drawing the benchmark's charts,
// through the interface of ours.js: a ruleX per organisation for the 95% interval, a dot per
// organisation coloured by comparison, ruleY for the reference line, line marks for the funnel's
// limits, and Plot's pointer interaction (a highlighted dot and a tip) for hover. Plot has no
// update API: a focus change draws the plot again from the prepared rows, as Plot's docs advise.
import { COLOURS, COMPARISONS, prepareFunnel, prepareRanked } from './prepare.js';

export const label = 'Observable Plot';
const { Plot } = window;
const fmt = (v) => v.toFixed(1);
const color = { domain: COMPARISONS, range: COMPARISONS.map((c) => COLOURS[c]) };

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

class PlotChart {
  constructor(container, build, rows, focus, x, y) {
    this.container = container;
    this.build = build;
    this.rows = rows;
    this.x = x;
    this.y = y;
    this.node = null;
    this.draw(focus);
  }

  draw(focus) {
    const node = this.build(this.rows.find((r) => r.code === focus));
    if (this.node) this.node.replaceWith(node);
    else this.container.append(node);
    this.node = node;
    this.value = null;
    node.addEventListener('input', () => { this.value = node.value; });
  }

  refocus(code) {
    this.draw(code);
  }

  hoverTargets(count) {
    const svg = this.node.localName === 'svg' ? this.node : this.node.querySelector('svg');
    const r = svg.getBoundingClientRect();
    const sx = this.node.scale('x');
    const sy = this.node.scale('y');
    const byX = [...this.rows].sort((a, b) => a[this.x] - b[this.x]);
    return Array.from({ length: count }, (_, k) => {
      const row = byX[Math.floor(((k + 0.5) * byX.length) / count)];
      return [r.left + sx.apply(row[this.x]), r.top + sy.apply(row[this.y])];
    });
  }

  hovered() {
    return this.value ? this.value.code : null;
  }

  destroy() {
    this.node.remove();
  }
}

export function drawRanked(container, data, { width, height }) {
  const { rows, reference, focusRow } = prepareRanked(data);
  const title = `${rows.length.toLocaleString('en-GB')} organisations ranked, with 95% intervals`;
  const y = { label: '% within 4 hours', grid: true, domain: extent(rows.flatMap((r) => [r.lo, r.hi])) };
  const build = (focus) => Plot.plot({
    width, height, title, color, y,
    x: { label: 'Organisations, ranked', domain: [0, rows.length + 1] },
    marks: [
      Plot.ruleX(rows, { x: 'rank', y1: 'lo', y2: 'hi', stroke: '#aeb7bd' }),
      Plot.ruleY([reference], { stroke: '#212b32', strokeWidth: 1.5, strokeDasharray: '6,3' }),
      Plot.dot(rows, { x: 'rank', y: 'value', fill: 'cmp', r: 2.5 }),
      Plot.dot([focus], { x: 'rank', y: 'value', fill: 'cmp', r: 6, stroke: '#000', strokeWidth: 2 }),
      Plot.text([focus], { x: 'rank', y: 'value', text: 'name', dx: 10, textAnchor: 'start', fontWeight: 'bold', fontSize: 13 }),
      Plot.dot(rows, Plot.pointerX({ x: 'rank', y: 'value', fill: 'cmp', r: 6, stroke: '#000', strokeWidth: 2 })),
      Plot.tip(rows, Plot.pointerX({
        x: 'rank', y: 'value', title: (d) => `${d.name}\n${fmt(d.value)}% (95% CI ${fmt(d.lo)} to ${fmt(d.hi)})`,
      })),
    ],
  });
  return new PlotChart(container, build, rows, focusRow.code, 'rank', 'value');
}

export function drawFunnel(container, data, { width, height }) {
  const { rows, curves, reference, focusRow, range } = prepareFunnel(data);
  const title = `Funnel plot of ${rows.length.toLocaleString('en-GB')} organisations, 95% and 99.8% limits`;
  const y = { label: '% within 4 hours', grid: true, domain: extent(rows.map((r) => r.value)) };
  const build = (focus) => Plot.plot({
    width, height, title, color, y,
    x: { label: 'Attendances', domain: range },
    marks: [
      Plot.line(curves.filter((c) => c.limit.startsWith('95')), { x: 'n', y: 'value', z: 'limit', stroke: '#425563', strokeWidth: 1.25, strokeDasharray: '3,3', clip: true }),
      Plot.line(curves.filter((c) => c.limit.startsWith('99.8')), { x: 'n', y: 'value', z: 'limit', stroke: '#425563', strokeWidth: 1.5, clip: true }),
      Plot.ruleY([reference], { stroke: '#212b32', strokeWidth: 1.5, strokeDasharray: '6,3' }),
      Plot.dot(rows, { x: 'n', y: 'value', fill: 'cmp', r: 2.5 }),
      Plot.dot([focus], { x: 'n', y: 'value', fill: 'cmp', r: 6, stroke: '#000', strokeWidth: 2 }),
      Plot.text([focus], { x: 'n', y: 'value', text: 'name', dx: 10, textAnchor: 'start', fontWeight: 'bold', fontSize: 13 }),
      Plot.dot(rows, Plot.pointer({ x: 'n', y: 'value', fill: 'cmp', r: 6, stroke: '#000', strokeWidth: 2 })),
      Plot.tip(rows, Plot.pointer({ x: 'n', y: 'value', title: (d) => `${d.name}\n${fmt(d.value)}% of ${d.n.toLocaleString('en-GB')}` })),
    ],
  });
  return new PlotChart(container, build, rows, focusRow.code, 'n', 'value');
}
