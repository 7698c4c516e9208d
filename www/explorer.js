// The explorer: pickers for the data, focus trust, measure, peers, benchmark and period drive several
// <nhs-benchmark> views through their attributes, the way an embedding page would. Two bundled
// datasets: NHS England's RTT waiting times for April 2026 (today's trusts, read from the zip as
// published) and the A&E attendances of 2016-19 (historic, 2017 trust names). The chart over
// time (SPC) always shows the monthly A&E series: the RTT extract is a single month.
import './pkg/nhs-benchmark.js';

const $ = (id) => document.getElementById(id);
const chart = $('chart');
const spc = $('spc');
const views = [...document.querySelectorAll('nhs-benchmark.view')];
/** The views that show the chosen dataset; the SPC chart stays on the A&E series. */
const comparisons = views.filter((v) => v !== spc);
const [datasetPicker, focus, metric, fn, fnField, peers, benchmark, months, monthsField] =
  ['dataset', 'focus', 'metric', 'function', 'function-field', 'peers', 'benchmark', 'months', 'months-field'].map($);
const selection = $('selection');
const whatIf = $('what-if');
const opportunity = $('opportunity');
const status = $('data-status');

const NHS_TRUST = { test: 'equals', attribute: 'type', value: 'NHS trust' };

/** What differs between the datasets: the files, the words, the peer groups and the defaults. */
const DATASETS = {
  ae: {
    name: 'A&E attendances 2016-19',
    spec: null,
    focus: 'RM3',
    heading: "How does a trust's A&E 4-hour performance compare?",
    lede: 'Every NHS trust with a type 1 (major) emergency department, ranked, with Wilson score confidence intervals '
      + 'and a comparison with a benchmark at 99.8%, as Fingertips does it; then the same trusts as a funnel plot and '
      + 'a distribution, and the focus trust over time. Select a trust in any chart to select it in all.',
    spine: "Every A&E measure for the focus trust against England and the spread of the comparison group (the "
      + "Fingertips area profile); then the gap to the peer median and the best quartile as attendances, counting "
      + "only the part beyond the trust's own interval.",
    peers: [
      { value: 'all-trusts', label: 'All NHS trusts' },
      { value: 'region', label: 'Trusts in the same region' },
      { value: 'exemplars', label: 'Global Digital Exemplars' },
      { value: 'nearest', label: '10 most similar trusts (size, admissions)' },
    ],
    months: true,
  },
  rtt: {
    name: 'RTT waiting times, April 2026',
    spec: {
      data: {
        rtt: 'data/rtt/20260430-RTT-April-2026-full-extract.csv.zip',
        organisations: 'data/ods/etr_2026.csv',
      },
    },
    // University Hospitals Birmingham: a large acute trust, open in 2026 under the same code.
    focus: 'RRK',
    metric: 'rtt_within_18_weeks',
    heading: 'How long are patients waiting for planned treatment at a trust?',
    lede: 'NHS England referral to treatment (RTT) waiting times for April 2026: every NHS trust ranked by the share '
      + 'of its waiting list (incomplete pathways) waiting 18 weeks or less, with Wilson score intervals and the NHS '
      + 'Constitution standard of 92%; then the same trusts as a funnel plot and a distribution. Independent sector '
      + 'providers are a group of their own (under Compare with). Select a trust in any chart to select it in all.',
    spine: "Every RTT measure for the focus trust and the chosen treatment function against England and the spread "
      + "of the comparison group (the Fingertips area profile); then the gap to the peer median and the best quartile "
      + "as pathways, counting only the part beyond the trust's own interval.",
    peers: [
      { value: 'all-trusts', label: 'All NHS trusts' },
      { value: 'region', label: 'NHS trusts in the same region' },
      {
        value: 'nearest', label: '10 NHS trusts with the most similar waiting list',
        spec: { kind: 'nearest', k: 10, weights: { rtt_waiting_list: 1 }, within: [NHS_TRUST] },
      },
      {
        value: 'independent', label: 'Independent sector providers',
        spec: { kind: 'filter', conditions: [{ test: 'equals', attribute: 'type', value: 'Independent sector provider' }] },
      },
      { value: 'all', label: 'Every provider, NHS and independent', spec: { kind: 'all' } },
      { value: 'exemplars', label: 'Global Digital Exemplars (2016 list)' },
    ],
    months: false,
  },
};

/** RTT measures: the unit a what-if is written in, and the target the Benchmark picker offers. */
const RTT_MEASURES = {
  rtt_within_18_weeks: { unit: '%', target: 'The 92% standard' },
  rtt_over_52_weeks_share: { unit: '%', target: 'The 1% target' },
  rtt_median_wait: { unit: 'weeks' },
  rtt_p92_wait: { unit: 'weeks', target: '18 weeks' },
  rtt_waiting_list: { unit: 'pathways' },
  rtt_over_52_weeks: { unit: 'pathways' },
};
const AE_UNITS = { ae_admissions_per_100_type1: 'per 100 attendances', ae_attendances_type1: 'attendances', ae_attendances_all: 'attendances' };

const params = new URLSearchParams(location.search);
const state = {
  dataset: params.get('data') === 'rtt' ? 'rtt' : 'ae',
  focus: { ae: DATASETS.ae.focus, rtt: DATASETS.rtt.focus },
  metric: { ae: null, rtt: DATASETS.rtt.metric },
  peers: { ae: 'all-trusts', rtt: 'all-trusts' },
  benchmark: 'england',
  months: '12',
  /** When the dataset was last switched (ms), until its first chart is drawn. */
  switched: null,
};

function fill(select, options, current) {
  select.replaceChildren(...options.map(({ value, label, disabled }) => {
    const option = document.createElement('option');
    option.value = value;
    option.textContent = label;
    option.selected = value === current;
    option.disabled = Boolean(disabled);
    return option;
  }));
  select.disabled = false;
}

const config = () => DATASETS[state.dataset];
const measureOf = (id) => (id ?? '').split('.')[0];

/** The spec JSON the comparison views carry: the dataset's files and a peer group the `peers`
 * keywords cannot say. */
function specFor() {
  const c = config();
  const peer = c.peers.find((p) => p.value === state.peers[state.dataset]);
  if (!c.spec && !peer?.spec) return null;
  return JSON.stringify({ ...(c.spec ?? {}), ...(peer?.spec ? { peers: peer.spec } : {}) });
}

/** Writes the state into every view's attributes, all at once, so each view loads once. */
function apply() {
  const c = config();
  const spec = specFor();
  const peer = c.peers.find((p) => p.value === state.peers[state.dataset]);
  for (const v of comparisons) {
    if (spec) v.setAttribute('spec', spec);
    else v.removeAttribute('spec');
    v.setAttribute('focus', state.focus[state.dataset]);
    const m = state.metric[state.dataset];
    if (m) v.setAttribute('metric', m);
    else v.removeAttribute('metric');
    if (c.months) v.setAttribute('months', state.months);
    else v.removeAttribute('months');
    // The defaults are left to the core, which picks them for the data (a user's own files may
    // have no NHS trusts to compare with).
    if (peer?.spec || peer === c.peers[0]) v.removeAttribute('peers');
    else v.setAttribute('peers', state.peers[state.dataset]);
    if (state.benchmark === 'england') v.removeAttribute('benchmark');
    else v.setAttribute('benchmark', state.benchmark);
  }
  applySpc();
}

/** The SPC chart: the A&E series of the focus trust when the A&E data has it. */
function applySpc() {
  const code = state.focus[state.dataset];
  const known = spc.organisations.some((o) => o.code === code);
  if (state.dataset === 'ae' || known) spc.setAttribute('focus', code);
  if (state.dataset === 'ae') {
    if (state.metric.ae) spc.setAttribute('metric', state.metric.ae);
    for (const [name, value, fallback] of [['peers', state.peers.ae, 'all-trusts'], ['benchmark', state.benchmark, 'england']]) {
      if (value === fallback) spc.removeAttribute(name);
      else spc.setAttribute(name, value);
    }
  }
  const note = $('spc-note');
  note.hidden = state.dataset === 'ae';
  if (state.dataset === 'rtt') {
    const shown = spc.organisations.find((o) => o.code === spc.getAttribute('focus'));
    note.textContent = 'The RTT extract is a single month, so the chart over time stays on the monthly A&E series '
      + `(April 2016 to March 2019, historic, 2017 trust names)${shown ? `: ${shown.name} (${shown.code})` : ''}.`
      + (known ? '' : ` The focus trust (${code}) is not in the A&E data, so the chart keeps the last trust it showed.`);
  }
}

/** The words of the page for the dataset. */
function describe() {
  const c = config();
  $('heading').textContent = c.heading;
  $('lede').textContent = c.lede;
  $('spine-intro').textContent = c.spine;
  $('historic').hidden = state.dataset !== 'ae';
  monthsField.hidden = !c.months;
  fill(peers, c.peers, state.peers[state.dataset]);
  benchmarkOptions();
  document.title = `nhs-benchmark explorer: ${c.name}`;
}

/** The Benchmark picker, its target named for the measure (disabled where it has none). */
function benchmarkOptions() {
  let target = 'The 95% standard';
  let hasTarget = true;
  if (state.dataset === 'rtt') {
    const m = RTT_MEASURES[measureOf(state.metric.rtt)];
    hasTarget = Boolean(m?.target);
    target = m?.target ?? 'No standard for this measure';
  } else if (state.metric.ae && !/^ae_4hr/.test(state.metric.ae)) {
    target = 'No standard for this measure';
    hasTarget = false;
  }
  if (!hasTarget && state.benchmark === 'target') state.benchmark = 'england';
  const exemplars = state.dataset === 'rtt' ? "Exemplars' median (2016 list)" : "Exemplars' median";
  fill(benchmark, [
    { value: 'england', label: 'England' },
    { value: 'peer-median', label: 'Peer median' },
    { value: 'exemplar-median', label: exemplars },
    { value: 'target', label: target, disabled: !hasTarget },
  ], state.benchmark);
  const unit = state.dataset === 'rtt' ? RTT_MEASURES[measureOf(state.metric.rtt)]?.unit
    : (AE_UNITS[state.metric.ae] ?? '%');
  $('what-if-label').textContent = `What if the focus trust's value were${unit ? ` (${unit})` : ''}`;
  whatIf.max = unit === '%' ? '100' : '';
}

/**
 * The measure pickers from the chart's metrics. Metric ids `measure.function` (RTT's per
 * treatment function) are offered as a measure and a function; other data as one list.
 */
function fillMetrics(metrics, current) {
  const split = metrics.some((m) => m.id.includes('.') && metrics.some((t) => t.id === measureOf(m.id)));
  fnField.hidden = !split;
  if (!split) {
    fill(metric, metrics.map((m) => ({ value: m.id, label: m.title })), current ?? metrics[0]?.id);
    return;
  }
  const totals = metrics.filter((m) => !m.id.includes('.'));
  // "RTT median wait, all treatment functions": the measure is the title before the function.
  const measureTitle = new Map(totals.map((m) => [m.id, m.title.replace(/, all treatment functions$/, '')]));
  const functions = new Map([['', 'All treatment functions']]);
  for (const m of metrics) {
    const [measure, code] = m.id.split('.');
    if (code && !functions.has(code)) functions.set(code, m.title.slice((measureTitle.get(measure) ?? '').length + 2));
  }
  const [measure, code = ''] = (current ?? totals[0]?.id ?? '').split('.');
  fill(metric, totals.map((m) => ({ value: m.id, label: measureTitle.get(m.id) })), measure);
  fill(fn, [...functions].map(([value, label]) => ({ value, label })), code);
}

const chosenMetric = () => (fnField.hidden || !fn.value ? metric.value : `${metric.value}.${fn.value}`);

chart.addEventListener('load', () => {
  const orgs = chart.organisations;
  const metrics = chart.metrics;
  const d = state.dataset;
  // New data may not have the current focus or measure: fall back to its first.
  let changed = false;
  if (orgs.length && !orgs.some((o) => o.code === state.focus[d])) {
    state.focus[d] = orgs[0].code;
    changed = true;
  }
  if (metrics.length && state.metric[d] && !metrics.some((m) => m.id === state.metric[d])) {
    state.metric[d] = metrics[0].id;
    changed = true;
  }
  fill(focus, orgs.map((o) => ({ value: o.code, label: `${o.name} (${o.code})` })), state.focus[d]);
  fillMetrics(metrics, state.metric[d] ?? metrics[0]?.id);
  if (changed) apply();
});

/** The loading state while a dataset is fetched and read: the charts dimmed, what is happening said. */
function loading(text) {
  $('views').classList.add('loading');
  $('views').setAttribute('aria-busy', 'true');
  status.textContent = text;
}

const received = new Map();
const onProgress = (e) => {
  if (state.switched === null) return;
  received.set(e.detail.file, e.detail);
  let [loaded, total] = [0, 0];
  for (const f of received.values()) {
    loaded += f.loaded;
    total += f.total;
  }
  const mb = (n) => (n / 1e6).toFixed(1);
  // Without a Content-Length the total is not known (0) until the last byte.
  if (!total) loading(`Loading ${config().name}: ${mb(loaded)} MB received…`);
  else if (loaded < total) loading(`Loading ${config().name}: ${mb(loaded)} of ${mb(total)} MB…`);
  else loading(`Reading ${config().name} (${mb(loaded)} MB)…`);
};
// Only the view that started a load hears its progress; the others wait for the same load.
for (const v of comparisons) v.addEventListener('progress', onProgress);

chart.addEventListener('ready', () => {
  $('views').classList.remove('loading');
  $('views').removeAttribute('aria-busy');
  if (state.switched === null) return;
  const ms = Math.round(performance.now() - state.switched);
  state.switched = null;
  const r = chart.report;
  status.dataset.ms = String(ms);
  status.textContent = `Showing ${config().name}`
    + (r ? `: ${r.rows_read.toLocaleString('en-GB')} rows read, ${r.rows_used.toLocaleString('en-GB')} used` : '')
    + ` (drawn in ${(ms / 1000).toFixed(1)} s).`;
});

chart.addEventListener('error', () => {
  $('views').classList.remove('loading');
  $('views').removeAttribute('aria-busy');
  if (state.switched !== null) status.textContent = `${config().name} could not be shown: see the message below.`;
  state.switched = null;
});

spc.addEventListener('load', () => applySpc());

function switchDataset(d) {
  state.dataset = d;
  state.switched = performance.now();
  const url = new URL(location.href);
  if (d === 'ae') url.searchParams.delete('data');
  else url.searchParams.set('data', d);
  history.replaceState(null, '', url);
  datasetPicker.value = d;
  focus.disabled = true;
  metric.disabled = true;
  fn.disabled = true;
  received.clear();
  loading(`Loading ${config().name}…`);
  describe();
  apply();
}

datasetPicker.addEventListener('change', () => switchDataset(datasetPicker.value));

document.getElementById('own-data').addEventListener('submit', (e) => {
  e.preventDefault();
  const pick = (id) => document.getElementById(id).files?.[0];
  const files = pick('own-fingertips')
    ? { fingertips: pick('own-fingertips') }
    : { observations: pick('own-observations'), metrics: pick('own-metrics'), organisations: pick('own-organisations') };
  for (const v of views) v.useFiles(files).catch((err) => { selection.textContent = err.message; });
});

const setFocus = (code) => {
  state.focus[state.dataset] = code;
  apply();
};
focus.addEventListener('change', () => setFocus(focus.value));
const setMetric = () => {
  state.metric[state.dataset] = chosenMetric();
  benchmarkOptions();
  apply();
};
metric.addEventListener('change', setMetric);
fn.addEventListener('change', setMetric);
months.addEventListener('change', () => {
  state.months = months.value;
  apply();
});
peers.addEventListener('change', () => {
  state.peers[state.dataset] = peers.value;
  apply();
});
benchmark.addEventListener('change', () => {
  state.benchmark = benchmark.value;
  apply();
});
whatIf.addEventListener('change', () => {
  if (whatIf.value === '') opportunity.removeAttribute('what-if');
  else opportunity.setAttribute('what-if', whatIf.value);
});

document.addEventListener('select', (e) => {
  if (!(e.target instanceof HTMLElement) || e.target.localName !== 'nhs-benchmark' || !/^[A-Z0-9]{3,5}$/.test(e.detail.code)) return;
  selection.textContent = `Selected: ${e.detail.name} (${e.detail.code}). `;
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Make this the focus trust';
  button.addEventListener('click', () => {
    setFocus(e.detail.code);
    focus.value = e.detail.code;
    selection.textContent = '';
  });
  selection.append(button);
});

if (state.dataset !== 'ae') switchDataset(state.dataset);
else describe();
