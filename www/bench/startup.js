// Cold start: from adding the library's script to the page to the first chart painted on the
// bundled data (the A&E attendances CSV and the ODS trust list shipped in pkg/data/), in a fresh
// browser context each run (no HTTP cache, no compiled-code cache). Ours: the README's snippet,
// `<script type="module" src=".../nhs-benchmark.js">` and `<nhs-benchmark focus="RM3"
// months="12">`, until its `ready` event and the next painted frame. A peer: its script tags, the
// two data files fetched in parallel, parsed and summed in plain JavaScript (type 1 departments,
// latest 12 months) and the ranked chart drawn, as a page author would.
import { afterFrame } from './data.js';

const lib = new URLSearchParams(location.search).get('lib');
const stage = document.getElementById('stage');
const SIZE = { width: 720, height: 480 };
const SCRIPTS = {
  chartjs: ['chart.umd.min.js'],
  plot: ['d3.min.js', 'plot.umd.min.js'],
  vegalite: ['vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js'],
};

/** Adds classic scripts that download in parallel and run in order; resolves when all have run. */
function addScripts(names) {
  return Promise.all(names.map((name) => new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.async = false;
    s.src = `../vendor/${name}`;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`could not load ${name}`));
    document.head.append(s);
  })));
}

async function text(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return r.text();
}

/**
 * The bundled A&E data as a user would shape it for a chart: type 1 attendances and breaches over
 * the latest 12 months, summed per NHS trust in the ODS list, performance = 1 - breaches / attendances.
 */
function aeData(aeText, odsText) {
  const names = new Map();
  for (const line of odsText.split('\n')) {
    const [code, name] = line.split(',');
    if (code && name) names.set(code, name);
  }
  const lines = aeText.split('\n');
  const periods = new Set();
  for (let i = 1; i < lines.length; i++) periods.add(lines[i].slice(0, 10));
  const latest = new Set([...periods].filter(Boolean).sort().slice(-12));
  const sums = new Map();
  for (let i = 1; i < lines.length; i++) {
    const [period, org, type, attendances, breaches] = lines[i].split(',');
    if (type !== '1' || !latest.has(period) || !names.has(org)) continue;
    const s = sums.get(org) ?? [0, 0];
    s[0] += Number(attendances);
    s[1] += Number(breaches);
    sums.set(org, s);
  }
  const codes = [...sums.keys()].filter((c) => sums.get(c)[0] > 0);
  return {
    codes,
    names: codes.map((c) => names.get(c)),
    numerators: codes.map((c) => sums.get(c)[0] - sums.get(c)[1]),
    denominators: codes.map((c) => sums.get(c)[0]),
    focus: 'RM3',
  };
}

async function ours(t0) {
  const element = document.createElement('nhs-benchmark');
  element.setAttribute('focus', 'RM3');
  element.setAttribute('months', '12');
  const drawn = new Promise((resolve, reject) => {
    element.addEventListener('ready', resolve, { once: true });
    element.addEventListener('error', (e) => reject(new Error(e.detail.message)), { once: true });
  });
  stage.append(element);
  const script = document.createElement('script');
  script.type = 'module';
  script.src = '../pkg/nhs-benchmark.js';
  document.head.append(script);
  await drawn;
  const t1 = await afterFrame();
  return { ms: t1 - t0, painted: t1 };
}

async function peer(t0) {
  const [, aeText, odsText] = await Promise.all([
    addScripts(SCRIPTS[lib]),
    text('../pkg/data/ae_attendances_england_2016_2019.csv'),
    text('../pkg/data/ods_trusts_etr.csv'),
  ]);
  const adapter = await import(`./${lib}.js`);
  const data = aeData(aeText, odsText);
  await adapter.drawRanked(stage, data, SIZE);
  const t1 = await afterFrame();
  return { ms: t1 - t0, painted: t1, organisations: data.codes.length };
}

const t0 = performance.now();
(lib === 'ours' ? ours(t0) : peer(t0)).then(
  (r) => { window.startupResult = r; },
  (e) => { window.startupResult = { error: e.message }; },
);
