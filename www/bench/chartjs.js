// Chart.js 4.6 (the UMD build, `window.Chart`) drawing the benchmark's charts, through the
// interface of ours.js. Chart.js has no error bars or reference lines of its own (the options are
// the chartjs-chart-error-bars and chartjs-plugin-annotation plugins, floating bars, or a plugin of
// your own): here a small plugin of our own strokes the 95% intervals, the funnel's limit curves and
// the reference line as one path each, behind a scatter dataset of points coloured by comparison.
// Animations are off (a chart is "painted" when it has drawn its final state); hover is Chart.js's
// own nearest-point interaction with its canvas tooltip.
import { COLOURS, prepareFunnel, prepareRanked, curveSeries } from './prepare.js';

export const label = 'Chart.js';
const { Chart } = window;

/** Strokes `paths` (arrays of [x, y] in data units) inside the chart area, then labels the focus. */
function linesPlugin(state) {
  return {
    id: 'benchLines',
    beforeDatasetsDraw(chart) {
      const { ctx, chartArea: a, scales: { x, y } } = chart;
      ctx.save();
      ctx.beginPath();
      ctx.rect(a.left, a.top, a.right - a.left, a.bottom - a.top);
      ctx.clip();
      for (const { segments, stroke, width, dash } of state.paths) {
        ctx.beginPath();
        for (const seg of segments) {
          seg.forEach(([vx, vy], i) => {
            const px = x.getPixelForValue(vx);
            const py = y.getPixelForValue(vy);
            if (i === 0) ctx.moveTo(px, py);
            else ctx.lineTo(px, py);
          });
        }
        ctx.strokeStyle = stroke;
        ctx.lineWidth = width;
        ctx.setLineDash(dash ?? []);
        ctx.stroke();
      }
      ctx.restore();
    },
    afterDatasetsDraw(chart) {
      const f = state.focus;
      if (!f) return;
      const { ctx, scales: { x, y } } = chart;
      ctx.save();
      ctx.font = 'bold 13px Arial, sans-serif';
      ctx.fillStyle = '#212b32';
      ctx.textBaseline = 'middle';
      ctx.fillText(f.name, x.getPixelForValue(f.x) + 10, y.getPixelForValue(f.y));
      ctx.restore();
    },
  };
}

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

class ChartJsChart {
  constructor(container, { rows, x, y, focusRow, paths, title, xTitle, xRange, yRange, tooltip }, { width, height }) {
    this.rows = rows;
    this.x = x;
    this.y = y;
    this.canvas = document.createElement('canvas');
    this.canvas.width = width;
    this.canvas.height = height;
    container.append(this.canvas);
    this.state = { paths, focus: null };
    const points = rows.map((r) => ({ x: r[x], y: r[y] }));
    this.chart = new Chart(this.canvas, {
      type: 'scatter',
      data: {
        datasets: [
          {
            label: 'Organisations', data: points, pointBackgroundColor: rows.map((r) => COLOURS[r.cmp]),
            pointBorderWidth: 0, pointRadius: 2.5, pointHoverRadius: 6, pointHoverBorderWidth: 2, pointHoverBorderColor: '#000',
          },
          { label: 'Focus', data: [], pointRadius: 6, pointBorderColor: '#000', pointBorderWidth: 2, pointBackgroundColor: [] },
        ],
      },
      options: {
        animation: false,
        responsive: false,
        interaction: { mode: 'nearest', axis: x === 'rank' ? 'x' : 'xy', intersect: false },
        plugins: {
          legend: { display: false },
          title: { display: true, text: title, align: 'start', font: { size: 15 } },
          tooltip: { filter: (item) => item.datasetIndex === 0, callbacks: { label: (item) => tooltip(rows[item.dataIndex]) } },
        },
        scales: {
          x: { type: 'linear', min: xRange[0], max: xRange[1] ?? undefined, title: { display: true, text: xTitle } },
          y: { min: yRange[0], max: yRange[1], title: { display: true, text: '% within 4 hours' } },
        },
      },
      plugins: [linesPlugin(this.state)],
    });
    this.setFocus(focusRow);
    this.chart.update('none');
  }

  setFocus(row) {
    const focus = this.chart.data.datasets[1];
    focus.data = [{ x: row[this.x], y: row[this.y] }];
    focus.pointBackgroundColor = [COLOURS[row.cmp]];
    this.state.focus = { x: row[this.x], y: row[this.y], name: row.name };
  }

  refocus(code) {
    this.setFocus(this.rows.find((r) => r.code === code));
    this.chart.update('none');
  }

  hoverTargets(count) {
    const r = this.canvas.getBoundingClientRect();
    const { x, y } = this.chart.scales;
    const byX = [...this.rows].sort((a, b) => a[this.x] - b[this.x]);
    return Array.from({ length: count }, (_, k) => {
      const row = byX[Math.floor(((k + 0.5) * byX.length) / count)];
      return [r.left + x.getPixelForValue(row[this.x]), r.top + y.getPixelForValue(row[this.y])];
    });
  }

  hovered() {
    const active = this.chart.getActiveElements().find((e) => e.datasetIndex === 0);
    return active ? active.index : null;
  }

  destroy() {
    this.chart.destroy();
    this.canvas.remove();
  }
}

const fmt = (v) => v.toFixed(1);

export function drawRanked(container, data, size) {
  const { rows, reference, focusRow } = prepareRanked(data);
  const intervals = rows.map((r) => [[r.rank, r.lo], [r.rank, r.hi]]);
  return new ChartJsChart(container, {
    rows, x: 'rank', y: 'value', focusRow,
    paths: [
      { segments: intervals, stroke: '#aeb7bd', width: 1 },
      { segments: [[[0, reference], [rows.length + 1, reference]]], stroke: '#212b32', width: 1.5, dash: [6, 3] },
    ],
    title: `${rows.length.toLocaleString('en-GB')} organisations ranked, with 95% intervals`,
    xTitle: 'Organisations, ranked', xRange: [0, rows.length + 1],
    yRange: extent(rows.flatMap((r) => [r.lo, r.hi])),
    tooltip: (r) => `${r.name}: ${fmt(r.value)}% (95% CI ${fmt(r.lo)} to ${fmt(r.hi)})`,
  }, size);
}

export function drawFunnel(container, data, size) {
  const { rows, curves, reference, focusRow, range } = prepareFunnel(data);
  const paths = [];
  for (const [limit, points] of curveSeries(curves)) {
    const wide = limit.startsWith('99.8');
    paths.push({ segments: [points.map((p) => [p.x, p.y])], stroke: '#425563', width: wide ? 1.5 : 1.25, dash: wide ? [] : [3, 3] });
  }
  paths.push({ segments: [[[range[0], reference], [range[1], reference]]], stroke: '#212b32', width: 1.5, dash: [6, 3] });
  return new ChartJsChart(container, {
    rows, x: 'n', y: 'value', focusRow, paths,
    title: `Funnel plot of ${rows.length.toLocaleString('en-GB')} organisations, 95% and 99.8% limits`,
    xTitle: 'Attendances', xRange: [0, null], yRange: extent(rows.map((r) => r.value)),
    tooltip: (r) => `${r.name}: ${fmt(r.value)}% of ${r.n.toLocaleString('en-GB')}`,
  }, size);
}
