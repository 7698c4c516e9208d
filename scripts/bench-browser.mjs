// The browser half of `make bench` (the native half is `cargo bench --bench stats`, run first):
// our charts and statistics side by side with Chart.js, Vega-Lite and Observable Plot, pinned in
// package.json and served from node_modules, in Debian's headless Chromium. Prints one table of
// ratios, writes target/bench/results.json and records the table in docs/PERFORMANCE.md.
//
//   node scripts/bench-browser.mjs            everything (a few minutes)
//   node scripts/bench-browser.mjs --smoke    one size, one run, every library must draw (seconds)
//   node scripts/bench-browser.mjs --only=size,stats,csp,startup,render,explorer [--sizes=200,2000]
//   node scripts/bench-browser.mjs --profile  CPU profiles of our charts at 20,000 and of the statistics
//   node scripts/bench-browser.mjs --report   the table again from target/bench/results.json
//
// Scenarios: rendering (data in hand -> painted, re-render after a focus change, hover -> painted)
// at 200, 2,000 and 20,000 organisations, libraries interleaved, a warm-up round, medians with
// quartiles; cold start (script added -> first chart on the bundled data, fresh browser context
// per run); package size (gzip -9); statistics (wasm and lean JavaScript in one page, native from
// cargo bench); the explorer reading a 50 MB tidy CSV into six views, against one element.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBenchServer } from './bench-server.mjs';
import { writeLargeTidy } from './bench-data.mjs';
import { ink } from './bench-png.mjs';
import { packageSizes, report } from './bench-report.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'target', 'bench');
const SHOTS = join(OUT, 'shots');
mkdirSync(SHOTS, { recursive: true });

const argv = process.argv.slice(2);
const SMOKE = argv.includes('--smoke');
const PROFILE = argv.includes('--profile');
const only = argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const wanted = (name) => (only ? only.includes(name) : !PROFILE && (!SMOKE || name !== 'explorer'));

export const LIBS = ['ours', 'chartjs', 'vegalite', 'plot'];
export const LABELS = { ours: 'nhs-benchmark', chartjs: 'Chart.js', vegalite: 'Vega-Lite', plot: 'Observable Plot' };
const KINDS = ['Ranked', 'Funnel'];
/** Timed runs per size after the warm-up round, and hover moves per library. */
const sizes = argv.find((a) => a.startsWith('--sizes='))?.slice(8).split(',').map(Number);
const PLAN = (SMOKE
  ? [{ size: 200, runs: 1, moves: 3 }]
  : [{ size: 200, runs: 7, moves: 40 }, { size: 2000, runs: 5, moves: 40 }, { size: 20000, runs: 3, moves: 25 }])
  .filter((p) => !sizes || sizes.includes(p.size));
const STARTUP_RUNS = SMOKE ? 1 : 5;
const STATS_RUNS = SMOKE ? 1 : 5;

function say(text) {
  process.stderr.write(`[bench] ${text}\n`);
}

function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--js-flags=--expose-gc', '--enable-precise-memory-info'],
  });
}

async function watchedPage(context, problems) {
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return page;
}

function rotate(list, k) {
  return list.map((_, i) => list[(i + k) % list.length]);
}

/** Screenshots the benchmark stage; in smoke mode checks the library drew a real chart. */
async function shoot(page, name, checks) {
  const box = await page.evaluate(() => window.bench.box());
  const png = await page.screenshot({ clip: box });
  writeFileSync(join(SHOTS, `${name}.png`), png);
  const drawn = ink(png);
  checks.push({ name, ...drawn, ok: drawn.inked > 5000 && drawn.colours >= 4 });
}

/** Hover budget per library and chart: slow libraries get fewer moves (at least 5). */
const HOVER_BUDGET_MS = SMOKE ? 5000 : 10000;

async function hover(page, moves) {
  await page.mouse.move(1050, 950);
  // Alternate between the left and right halves of the chart, so no move lands under the tooltip
  // the previous one opened (tooltips sit beside the point and some take the pointer).
  const spread = await page.evaluate((n) => window.bench.hoverTargets(n), moves);
  const half = Math.ceil(spread.length / 2);
  const targets = spread.flatMap((_, i) => (i < half ? [spread[i], spread[i + half]] : [])).filter(Boolean);
  const ms = [];
  let missed = 0;
  const started = Date.now();
  for (const [x, y] of targets) {
    if (ms.length + missed >= 5 && Date.now() - started > HOVER_BUDGET_MS) break;
    await page.evaluate(() => window.bench.armHover());
    await page.mouse.move(x, y);
    const r = await page.evaluate(() => window.bench.hoverResult());
    if (r.ms === null) missed++;
    else ms.push(r.ms);
  }
  return { ms, missed, moves: ms.length + missed };
}

async function renderScenario(browser, base, problems, checks) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 1000 } });
  const page = await watchedPage(context, problems);
  await page.goto(`${base}/bench/render.html`);
  await page.waitForFunction(() => window.benchReady, null, { timeout: 60000 });
  const ready = await page.evaluate(() => window.benchReady);
  if (ready !== true) throw new Error(`render page: ${ready}`);
  const out = {};
  for (const kind of KINDS) {
    out[kind] = {};
    for (const { size, runs, moves } of PLAN) {
      await page.evaluate((n) => window.bench.setData(n), size);
      const cell = Object.fromEntries(LIBS.map((lib) => [lib, { draw: [], refocus: [] }]));
      // A warm-up round first, except at 20,000 where the smaller sizes have warmed the code up.
      const rounds = SMOKE || size >= 20000 ? runs : runs + 1;
      for (let round = 0; round < rounds; round++) {
        const timed = round >= rounds - runs;
        for (const lib of rotate(LIBS, round)) {
          const draw = await page.evaluate(([l, k]) => window.bench.draw(l, k), [lib, kind]);
          const refocus = await page.evaluate(() => window.bench.refocus());
          if (timed) {
            cell[lib].draw.push(draw);
            cell[lib].refocus.push(refocus);
          }
          const name = `${kind.toLowerCase()}-${lib}-${size}`;
          if (SMOKE || (round === rounds - 1 && size === 2000)) await shoot(page, name, checks);
          // Hover on the chart just drawn, in the last round.
          if (round === rounds - 1) {
            cell[lib].hover = await hover(page, moves);
            if (size === 2000 && !SMOKE) await shoot(page, `${name}-hover`, checks);
          }
        }
      }
      await page.evaluate(() => window.bench.clear());
      out[kind][size] = cell;
      say(`${kind} at ${size}: ${LIBS.map((l) => `${l} ${median(cell[l].draw).toFixed(0)} ms`).join(', ')}`);
    }
  }
  await context.close();
  return out;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
}

async function startupScenario(browser, base, problems, checks) {
  const out = Object.fromEntries(LIBS.map((lib) => [lib, []]));
  for (let run = 0; run < STARTUP_RUNS; run++) {
    for (const lib of rotate(LIBS, run)) {
      const context = await browser.newContext({ viewport: { width: 1100, height: 1000 } });
      const page = await watchedPage(context, problems);
      const url = `${base}/bench/${lib === 'ours' ? 'startup' : 'startup-peer'}.html?lib=${lib}`;
      await page.goto(url);
      await page.waitForFunction(() => window.startupResult, null, { timeout: 60000 });
      const r = await page.evaluate(() => window.startupResult);
      if (r.error) throw new Error(`cold start of ${lib}: ${r.error}`);
      out[lib].push(r.ms);
      if (run === 0) {
        const png = await page.screenshot({ clip: { x: 0, y: 0, width: 780, height: 560 } });
        writeFileSync(join(SHOTS, `startup-${lib}.png`), png);
        const drawn = ink(png);
        checks.push({ name: `startup-${lib}`, ...drawn, ok: drawn.inked > 5000 && drawn.colours >= 4 });
      }
      await context.close();
    }
  }
  say(`cold start: ${LIBS.map((l) => `${l} ${median(out[l]).toFixed(0)} ms`).join(', ')}`);
  return out;
}

async function statsScenario(browser, base, problems) {
  const context = await browser.newContext();
  const page = await watchedPage(context, problems);
  await page.goto(`${base}/bench.html?runs=${STATS_RUNS}`);
  await page.waitForFunction(() => window.benchResults, null, { timeout: 600000 });
  const browserSide = await page.evaluate(() => window.benchResults);
  await context.close();
  if (browserSide.error) throw new Error(`statistics page: ${browserSide.error}`);
  const nativeFile = join(OUT, 'stats-native.json');
  const native = existsSync(nativeFile) ? JSON.parse(readFileSync(nativeFile, 'utf8')) : null;
  if (!native) say('no target/bench/stats-native.json: run `cargo bench --bench stats` first for the native column');
  // The same counts and τ² from every side that ran: proof the passes did the same work.
  const sides = [browserSide.js.checks, browserSide.wasm.checks];
  if (native) sides.push({ ...native.checks, better: native.checks.better998, worse: native.checks.worse998 });
  const agree = sides.every((c) => ['better', 'worse', 'specialCause'].every((k) => c[k] === sides[0][k])
    && Math.abs(c.tau2Sum - sides[0].tau2Sum) <= 1e-9 * Math.abs(sides[0].tau2Sum));
  say(`statistics: wasm ${browserSide.wasm.total.median.toFixed(0)} ms, lean JS ${browserSide.js.total.median.toFixed(0)} ms; ` +
    `results ${agree ? 'agree' : 'DO NOT agree'} between ${native ? 'native, ' : ''}wasm and JavaScript`);
  return { ...browserSide, native, agree };
}

/** What Vega-Lite needs under the strict policy (its console errors are expected, not problems). */
async function vegaStrictScenario(browser, base) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/bench/vega-strict.html`);
  await page.waitForFunction(() => window.vegaStrict, null, { timeout: 60000 });
  const r = await page.evaluate(() => window.vegaStrict);
  await context.close();
  say(`Vega-Lite under the strict policy: default embed ${r.plain.ok ? 'draws' : `fails (${r.plain.error.split(':')[0]})`}; ` +
    `with vega-interpreter ${r.interpreter.ok ? 'draws' : `fails (${r.interpreter.error})`}`);
  return r;
}

/** Waits for every view of the page to settle (`data-state` ready or error). */
function settled(page) {
  return page.waitForFunction(() => {
    const views = [...document.querySelectorAll('nhs-benchmark.view')];
    return views.length > 0 && views.every((v) => v.dataset.state === 'ready' || v.dataset.state === 'error');
  }, null, { timeout: 120000 });
}

async function explorerScenario(browser, base, problems) {
  const files = await writeLargeTidy(OUT);
  const bytes = readFileSync(files.observations).length;
  const out = { bytes };
  for (const [key, path] of [['explorer', '/index.html'], ['oneElement', '/bench/one-element.html']]) {
    const context = await browser.newContext({ viewport: { width: 1100, height: 1000 } });
    const page = await watchedPage(context, problems);
    await page.goto(`${base}${path}`);
    await settled(page);
    await page.setInputFiles('#own-observations', files.observations);
    await page.setInputFiles('#own-metrics', files.metrics);
    await page.setInputFiles('#own-organisations', files.organisations);
    const result = await page.evaluate(async () => {
      const { afterFrame } = await import('/bench/data.js');
      const views = [...document.querySelectorAll('nhs-benchmark.view')];
      const t0 = performance.now();
      const done = views.map((v) => new Promise((resolve) => {
        v.addEventListener('ready', () => resolve({ view: v.getAttribute('view'), state: 'ready', ms: performance.now() - t0 }), { once: true });
        v.addEventListener('error', (e) => resolve({ view: v.getAttribute('view'), state: 'error', message: e.detail.message, ms: performance.now() - t0 }), { once: true });
      }));
      document.querySelector('#own-data button[type=submit]').click();
      const each = await Promise.all(done);
      const ms = (await afterFrame()) - t0;
      const wasm = await (await import('/pkg/nhs-benchmark.js')).ready();
      return { ms, each, wasmBytes: wasm.memory.buffer.byteLength, jsHeapBytes: performance.memory?.usedJSHeapSize ?? null };
    });
    out[key] = result;
    await context.close();
    say(`${key}: ${(result.ms / 1000).toFixed(1)} s, wasm memory ${(result.wasmBytes / 1e6).toFixed(0)} MB; ` +
      result.each.map((e) => `${e.view} ${e.state}`).join(', '));
  }
  return out;
}

/** Prints and returns the functions with the most self time in a CPU profile. */
function summarise(title, profile) {
  const self = new Map();
  const dt = new Map(profile.nodes.map((n) => [n.id, 0]));
  profile.samples.forEach((id, i) => dt.set(id, dt.get(id) + (profile.timeDeltas[i] ?? 0)));
  let total = 0;
  for (const n of profile.nodes) {
    if (['(idle)', '(program)', '(garbage collector)'].includes(n.callFrame.functionName)) continue;
    const name = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}`.trim();
    self.set(name, (self.get(name) ?? 0) + dt.get(n.id) / 1000);
    total += dt.get(n.id) / 1000;
  }
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 30);
  console.log(`\n${title}; self time (ms) of ${total.toFixed(0)} ms sampled:`);
  for (const [name, ms] of top) console.log(`${ms.toFixed(1).padStart(9)}  ${name}`);
  return { sampledMs: total, top };
}

/**
 * A copy of the package whose wasm keeps its function names (wasm-bindgen on the release build,
 * without wasm-opt, which strips them), so the profile names our functions.
 */
function namedPackage() {
  const dir = join(OUT, 'profile-pkg');
  mkdirSync(dir, { recursive: true });
  const wasm = join(ROOT, 'target', 'wasm32-unknown-unknown', 'release', 'nhs_benchmark.wasm');
  if (!existsSync(wasm)) throw new Error('no release wasm: run `make pkg` first');
  execFileSync('wasm-bindgen', ['--target', 'web', '--out-dir', dir, wasm], { stdio: 'inherit' });
  writeFileSync(join(dir, 'nhs-benchmark.js'), readFileSync(join(ROOT, 'pkg', 'nhs-benchmark.js')));
  return dir;
}

/** CPU profiles of our ranked chart and funnel drawn at 20,000: where the time goes (self time). */
async function profileOurs(browser, base, problems) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 1000 } });
  const page = await watchedPage(context, problems);
  await page.goto(`${base}/bench/render.html`);
  await page.waitForFunction(() => window.benchReady === true);
  const cdp = await context.newCDPSession(page);
  const summaries = {};
  for (const kind of KINDS) {
    await page.evaluate(() => window.bench.setData(20000));
    await page.evaluate((k) => window.bench.draw('ours', k), kind);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    const draw = await page.evaluate((k) => window.bench.draw('ours', k), kind);
    const refocus = await page.evaluate(() => window.bench.refocus());
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(join(OUT, `ours-${kind.toLowerCase()}-20000.cpuprofile`), JSON.stringify(profile));
    summaries[kind] = { draw, refocus, ...summarise(`${kind} at 20,000: draw ${draw.toFixed(0)} ms, refocus ${refocus.toFixed(0)} ms`, profile) };
  }
  // The statistics workload through our wasm alone.
  const statsPage = await watchedPage(context, problems);
  await statsPage.goto(`${base}/favicon.svg`); // same origin first: the profiler survives the navigation
  const statsCdp = await context.newCDPSession(statsPage);
  await statsCdp.send('Profiler.enable');
  await statsCdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await statsCdp.send('Profiler.start');
  await statsPage.goto(`${base}/bench.html?runs=2&side=wasm`);
  await statsPage.waitForFunction(() => window.benchResults, null, { timeout: 300000 });
  const { profile } = await statsCdp.send('Profiler.stop');
  writeFileSync(join(OUT, 'ours-stats.cpuprofile'), JSON.stringify(profile));
  summaries.stats = summarise('Statistics through the wasm (3 passes)', profile);
  await context.close();
  writeFileSync(join(OUT, 'profile.json'), JSON.stringify(summaries, null, 2));
}

function machine(browser) {
  let commit = null;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  return {
    date: new Date().toISOString(),
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    chromium: browser.version(),
    node: process.version,
    commit,
  };
}

function readLoad() {
  try {
    return readFileSync('/proc/loadavg', 'utf8').trim().split(' ').slice(0, 3).join(' ');
  } catch {
    return loadavg().map((l) => l.toFixed(2)).join(' ');
  }
}

async function main() {
  if (argv.includes('--report')) {
    const saved = JSON.parse(readFileSync(join(OUT, 'results.json'), 'utf8'));
    console.log(report(saved, { write: saved.mode === 'full' && !saved.only, root: ROOT }));
    return;
  }
  const started = Date.now();
  const loadStart = readLoad();
  const { server, base } = await startBenchServer(PROFILE ? { pkgDir: namedPackage() } : {});
  const browser = await launch();
  const problems = [];
  const checks = [];
  const results = { machine: machine(browser), mode: SMOKE ? 'smoke' : 'full', only: only ?? null, load: { start: loadStart } };
  try {
    if (PROFILE) {
      await profileOurs(browser, base, problems);
      return;
    }
    if (wanted('size')) results.size = packageSizes(ROOT);
    // Statistics first, so the browser's figures are taken soon after cargo bench's native ones.
    if (wanted('stats')) results.stats = await statsScenario(browser, base, problems);
    if (wanted('csp')) results.vegaStrict = await vegaStrictScenario(browser, base);
    if (wanted('startup')) results.startup = await startupScenario(browser, base, problems, checks);
    if (wanted('render')) results.render = await renderScenario(browser, base, problems, checks);
    if (wanted('explorer')) results.explorer = await explorerScenario(browser, base, problems);
  } finally {
    await browser.close();
    server.close();
  }
  results.load.end = readLoad();
  results.seconds = (Date.now() - started) / 1000;
  results.plan = { render: PLAN, startupRuns: STARTUP_RUNS, statsRuns: STATS_RUNS };
  results.checks = checks;
  results.problems = problems;
  const text = report(results, { write: !SMOKE && !only, root: ROOT });
  console.log(text);
  writeFileSync(join(OUT, SMOKE ? 'smoke.json' : 'results.json'), JSON.stringify(results, null, 2));
  const failed = checks.filter((c) => !c.ok);
  for (const p of problems) console.error(`problem: ${p}`);
  for (const c of failed) console.error(`nothing drawn: ${c.name} (${c.inked} inked pixels, ${c.colours} colours)`);
  if (SMOKE && results.stats && !results.stats.agree) console.error('statistics: native, wasm and JavaScript disagree');
  console.error(`[bench] done in ${results.seconds.toFixed(0)} s; load average ${results.load.start} -> ${results.load.end}`);
  if (failed.length || problems.length || (SMOKE && results.stats && !results.stats.agree)) process.exitCode = 1;
}

await main();
