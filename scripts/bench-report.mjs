// The benchmark's report: package sizes (gzip -9 of what a page loads), and the one table of
// ratios that `make bench` prints and records in docs/PERFORMANCE.md between the
// `<!-- bench:results -->` markers (the text around them is written by hand).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { VENDOR } from './bench-server.mjs';

const FRAME_MS = 1000 / 60;

/** A JS module and everything it loads: static and dynamic relative imports, and wasm by URL. */
function moduleFiles(entry) {
  const files = new Set();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop();
    if (files.has(file) || !existsSync(file)) continue;
    files.add(file);
    if (!file.endsWith('.js')) continue;
    const text = readFileSync(file, 'utf8');
    const patterns = [
      /(?:import|export)\s[^'";]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/g,
      /import\s*['"](\.{1,2}\/[^'"]+)['"]/g,
      /import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g,
      /new URL\(\s*['"]([^'":]+\.wasm)['"]\s*,\s*import\.meta\.url/g,
    ];
    for (const re of patterns) for (const m of text.matchAll(re)) queue.push(resolve(dirname(file), m[1]));
  }
  return [...files];
}

function gzipped(files) {
  const each = files.map((f) => ({ file: f, bytes: readFileSync(f).length, gzip: gzipSync(readFileSync(f), { level: 9 }).length }));
  return { files: each, bytes: each.reduce((s, f) => s + f.bytes, 0), gzip: each.reduce((s, f) => s + f.gzip, 0) };
}

function entryOf(pkg, key) {
  const e = pkg.exports?.[key];
  return typeof e === 'string' ? e : e?.default ?? e?.import ?? null;
}

/** gzip -9 of each file a page must load to draw (summed: each is fetched on its own). */
export function packageSizes(root) {
  const pkgDir = join(root, 'pkg');
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const main = entryOf(pkg, '.') ?? pkg.module ?? pkg.main;
  const stats = entryOf(pkg, './stats');
  const vendor = (...names) => gzipped(names.map((n) => join(root, 'node_modules', VENDOR[n])));
  const rel = (s) => ({ ...s, files: s.files.map((f) => ({ ...f, file: relative(root, f.file) })) });
  return {
    ours: rel(gzipped(moduleFiles(join(pkgDir, main)))),
    oursStats: stats && existsSync(join(pkgDir, stats)) ? rel(gzipped(moduleFiles(join(pkgDir, stats)))) : null,
    chartjs: rel(vendor('chart.umd.min.js')),
    plot: rel(vendor('d3.min.js', 'plot.umd.min.js')),
    vegalite: rel(vendor('vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js')),
  };
}

export function spread(values) {
  const s = [...values].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!s.length) return null;
  // R's type 7 (linear between order statistics), so few runs still give honest quartiles.
  const at = (p) => {
    const h = (s.length - 1) * p;
    const lo = Math.floor(h);
    return s[lo] + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)]) - s[lo]);
  };
  return { median: at(0.5), p25: at(0.25), p75: at(0.75), p95: at(0.95), min: s[0], max: s[s.length - 1], n: s.length };
}

const num = (v) => (v >= 100 ? Math.round(v).toLocaleString('en-GB') : v >= 10 ? v.toFixed(0) : v.toFixed(1));
const cell = (s) => (s ? `${num(s.median)} (${num(s.p25)}–${num(s.p75)})` : '');
/** Decimal units, as the issue's figures (626 KB = 626,150 bytes). */
const kb = (bytes) => `${(bytes / 1000).toFixed(0)} KB`;
const PEERS = ['chartjs', 'vegalite', 'plot'];
const NAMES = { chartjs: 'Chart.js', vegalite: 'Vega-Lite', plot: 'Plot' };

function best(figures) {
  let winner = null;
  for (const lib of PEERS) if (figures[lib] && (!winner || figures[lib].median < figures[winner].median)) winner = lib;
  return winner;
}

function verdict(ok) {
  return ok ? 'met' : '**not met**';
}

function renderRows(render) {
  const rows = [];
  const kinds = { Ranked: 'Ranked chart', Funnel: 'Funnel plot' };
  for (const [kind, bySize] of Object.entries(render)) {
    for (const [size, libs] of Object.entries(bySize)) {
      const n = Number(size).toLocaleString('en-GB');
      const measures = [
        ['data in hand → painted', (c) => spread(c.draw), (ours, b) => `≤ 0.5× best: ${verdict(ours.median <= 0.5 * b.median)}`],
        ['re-render after a focus change', (c) => spread(c.refocus), (ours) => (Number(size) === 20000 ? `p95 ≤ 16.7 ms: ${verdict(ours.p95 <= FRAME_MS)} (p95 ${num(ours.p95)})` : '')],
        ['hover → painted, p50', (c) => { const s = spread(c.hover.ms); return s && { ...s }; }, () => ''],
        ['hover → painted, p95', (c) => { const s = spread(c.hover.ms); return s && { ...s, median: s.p95, p25: s.p75, p75: s.max }; },
          (ours) => (Number(size) === 20000 ? `≤ 16.7 ms: ${verdict(ours.median <= FRAME_MS)}` : '')],
      ];
      for (const [what, pick, target] of measures) {
        const figures = Object.fromEntries(Object.entries(libs).map(([lib, c]) => [lib, pick(c)]));
        const b = best(figures);
        const ours = figures.ours;
        const ratio = ours && b ? `${(ours.median / figures[b].median).toFixed(2)} (${NAMES[b]})` : '';
        const missed = Object.entries(libs).filter(([, c]) => c.hover.missed).map(([lib, c]) => `${NAMES[lib] ?? 'ours'} ${c.hover.missed}`);
        const note = what.startsWith('hover') && missed.length ? ` [no highlight seen: ${missed.join(', ')}]` : '';
        rows.push([`${kinds[kind]}, ${n}: ${what} (ms)${note}`, cell(ours), ...PEERS.map((p) => cell(figures[p])), '', '', ratio,
          ours && b ? target(ours, figures[b]) : '']);
      }
    }
  }
  return rows;
}

function statsRows(stats) {
  const rows = [];
  const tasks = [
    ['core', 'Wilson 95% + 99.8%, quartiles, comparison'],
    ['funnel', 'funnel with additive over-dispersion'],
    ['xmr', 'XmR, 1,000 series of 36 points'],
    ['total', 'all of it'],
  ];
  for (const [task, what] of tasks) {
    const wasm = stats.wasm[task];
    const js = stats.js[task];
    let native = stats.native?.[task];
    if (task === 'total' && stats.native) {
      const sum = (k) => stats.native.core[k] + stats.native.funnel[k] + stats.native.xmr[k];
      native = { median: sum('median'), p25: sum('p25'), p75: sum('p75') };
    }
    const vsJs = wasm.median / js.median;
    const vsNative = native ? wasm.median / native.median : null;
    const target = task === 'xmr' ? '' : `wasm ≤ 0.5× JS: ${verdict(vsJs <= 0.5)}; ≤ 1.3× native: ${vsNative === null ? 'n/a' : verdict(vsNative <= 1.3)}`;
    rows.push([`Statistics, 1,000 × 1,000: ${what} (ms)`, cell(wasm), '', '', '', cell(js), native ? cell(native) : 'not run',
      `${vsJs.toFixed(2)} (JS)${vsNative === null ? '' : `, ${vsNative.toFixed(2)} (native)`}`, target]);
  }
  rows.push(['Statistics: peak wasm memory after the runs', `${(stats.wasmMemoryBytes / 1e6).toFixed(0)} MB`, '', '', '', '', '', '', '']);
  return rows;
}

function sizeRows(size) {
  const peers = Object.fromEntries(PEERS.map((p) => [p, size[p].gzip]));
  const b = PEERS.reduce((a, p) => (peers[p] < peers[a] ? p : a), PEERS[0]);
  return [
    ['Package, gzip -9 (wasm + JS a page loads)', kb(size.ours.gzip), kb(peers.chartjs), kb(peers.vegalite), kb(peers.plot), '', '',
      `${(size.ours.gzip / peers[b]).toFixed(2)} (${NAMES[b]})`,
      `≤ 160 KB and below Plot + d3: ${verdict(size.ours.gzip <= 160000 && size.ours.gzip < peers.plot)}`],
    ['Statistics-only entry `nhs-benchmark/stats`, gzip -9', size.oursStats ? kb(size.oursStats.gzip) : 'not built yet', '', '', '', '', '', '',
      size.oursStats ? `≤ 50 KB: ${verdict(size.oursStats.gzip <= 50000)}` : '≤ 50 KB'],
  ];
}

function startupRow(startup) {
  const figures = Object.fromEntries(Object.entries(startup).map(([lib, ms]) => [lib, spread(ms)]));
  const b = best(figures);
  return ['Cold start: script added → first chart painted, bundled data (ms)', cell(figures.ours), ...PEERS.map((p) => cell(figures[p])), '', '',
    `${(figures.ours.median / figures[b].median).toFixed(2)} (${NAMES[b]})`, `≤ best peer: ${verdict(figures.ours.median <= figures[b].median)}`];
}

function explorerRows(explorer) {
  const size = (explorer.bytes / 1e6).toFixed(0);
  const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
  const mb = (b) => `${Math.round(b / 1e6).toLocaleString('en-GB')} MB`;
  const errors = (r) => r.each.filter((e) => e.state !== 'ready').map((e) => e.view);
  const note = (r) => (errors(r).length ? ` (error in ${errors(r).join(', ')})` : '');
  return [
    [`Explorer, ${size} MB tidy CSV → six views painted${note(explorer.explorer)}`, s(explorer.explorer.ms), '', '', '', '', '',
      `${(explorer.explorer.ms / explorer.oneElement.ms).toFixed(1)} (× one element: ${s(explorer.oneElement.ms)})`, ''],
    [`Explorer, ${size} MB: wasm memory after`, mb(explorer.explorer.wasmBytes), '', '', '', '', '',
      `${(explorer.explorer.wasmBytes / explorer.oneElement.wasmBytes).toFixed(1)} (× one element: ${mb(explorer.oneElement.wasmBytes)})`, ''],
  ];
}

function table(results) {
  const rows = [];
  if (results.render) rows.push(...renderRows(results.render));
  if (results.startup) rows.push(startupRow(results.startup));
  if (results.size) rows.push(...sizeRows(results.size));
  if (results.stats) rows.push(...statsRows(results.stats));
  if (results.explorer) rows.push(...explorerRows(results.explorer));
  const head = ['Measure', 'Ours', 'Chart.js', 'Vega-Lite', 'Plot', 'Lean JS', 'Native', 'Ours ÷ best', 'Target'];
  return [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

function header(results) {
  const m = results.machine;
  const plan = results.plan;
  const smoke = results.mode === 'smoke';
  const runs = [];
  if (results.render) {
    runs.push(`rendering ${plan.render.map((p) => `${p.runs} at ${p.size.toLocaleString('en-GB')}`).join(', ')}` +
      (smoke ? ' with no warm-up' : ' after a warm-up round (none at 20,000)') +
      `, hover up to ${plan.render.map((p) => p.moves).join(' / ')} moves (at most about 10 s per library and chart)`);
  }
  if (results.startup) runs.push(`cold start ${plan.startupRuns} per library`);
  if (results.stats) runs.push(`statistics ${plan.statsRuns} after a warm-up (native 9)`);
  if (results.explorer) runs.push('explorer 1');
  const parts = [
    `Measured ${m.date.slice(0, 10)} (${m.date.slice(11, 16)} UTC) at commit ${m.commit ?? 'unknown'} on ${m.cpu}, ` +
      `${m.nproc} cores, headless Chromium ${m.chromium}, Node ${m.node}; load average (1, 5, 15 min) ${results.load.start} ` +
      `at the start and ${results.load.end} at the end; the run took ${Math.round(results.seconds)} s.`,
    smoke ? '**Smoke mode: a check that everything draws, not figures to quote.**' : '',
    'Figures are medians with the 25th to 75th percentile in brackets (p95 rows: the 95th percentile, then the 75th to ' +
      `the maximum); times in ms unless marked. Runs: ${runs.join('; ')}.`,
    results.vegaStrict ? `Under the project's strict policy Vega-Lite's default embed ${results.vegaStrict.plain.ok ? 'draws' : "fails (it needs 'unsafe-eval')"} ` +
      `and with vega-interpreter (\`ast: true\`) it ${results.vegaStrict.interpreter.ok ? 'draws' : 'fails too'}; the pages hosting peers use a relaxed policy.` : '',
    results.stats ? `Native, wasm and JavaScript statistics ${results.stats.agree ? 'agree' : '**disagree**'} on the checks ` +
      '(counts better and worse at 99.8%, τ² sum, special-cause points).' : '',
  ];
  return parts.filter(Boolean).join(' ');
}

/** The report as Markdown; with `write`, also recorded in docs/PERFORMANCE.md. */
export function report(results, { write, root }) {
  const text = `${header(results)}\n\n${table(results)}\n`;
  if (write) {
    const doc = join(root, 'docs', 'PERFORMANCE.md');
    const start = '<!-- bench:results:start -->';
    const end = '<!-- bench:results:end -->';
    const current = readFileSync(doc, 'utf8');
    const block = `${start}\n${text}${end}`;
    const i = current.indexOf(start);
    const j = current.indexOf(end);
    const next = i >= 0 && j > i ? current.slice(0, i) + block + current.slice(j + end.length)
      : `${current.trimEnd()}\n\n## Latest \`make bench\`\n\n${block}\n`;
    writeFileSync(doc, next);
  }
  return text;
}
