// nhs-benchmark: the package entry point and the <nhs-benchmark> custom element.
//
// The element is a thin shell: it fetches the data URLs the page gives it (and nothing else),
// hands the text to the WebAssembly core, and turns DOM events into calls on the core's chart
// session. Everything it shows that came from data is set with textContent, never as HTML. It
// styles itself with a constructable stylesheet and CSSOM writes only, so it runs under a strict
// Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval'; style-src 'self').

import init, { NhsChart } from './nhs_benchmark.js';

export * from './nhs_benchmark.js';

let booting;

/** Loads and instantiates the WebAssembly module once; resolves when the API can be called. */
export function ready() {
  booting ??= init({ module_or_path: new URL('./nhs_benchmark_bg.wasm', import.meta.url) });
  return booting;
}

/** The bundled real data that ships with the package (A&E attendances, ODS trust list). */
export const bundledData = Object.freeze({
  ae: new URL('./data/ae_attendances_england_2016_2019.csv', import.meta.url).href,
  organisations: new URL('./data/ods_trusts_etr.csv', import.meta.url).href,
  /** Illustrative digital maturity answers: not real assessment results. */
  assessments: new URL('./data/maturity/illustrative_assessments.csv', import.meta.url).href,
  /** The What Good Looks Like answers template a trust fills in. */
  template: new URL('./data/maturity/template.csv', import.meta.url).href,
});

const texts = new Map();

/** Reads a response body, reporting bytes received to `progress(loaded, total)` as they arrive. */
async function readWithProgress(response, progress) {
  const total = Number(response.headers.get('content-length')) || 0;
  if (!response.body || !progress) return response.text();
  const reader = response.body.getReader();
  const chunks = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    progress(loaded, total);
  }
  return new TextDecoder().decode(await new Blob(chunks).arrayBuffer());
}

/** Fetches a data file once per URL; a failure is not remembered, so a retry fetches again. */
function fetchText(url, progress) {
  if (!texts.has(url)) {
    const pending = fetch(url).then(async (response) => {
      if (!response.ok) throw new Error(`${url}: the server answered ${response.status} ${response.statusText}`.trim());
      return readWithProgress(response, progress);
    });
    pending.catch(() => texts.delete(url));
    texts.set(url, pending);
  }
  return texts.get(url);
}

const CSS = `
:host { display: block; font-family: "Frutiger W01", Arial, sans-serif; color: #212b32; min-width: 0; }
:host([hidden]), [hidden] { display: none !important; }
.chart { position: relative; }
canvas { display: block; }
canvas.overlay { position: absolute; left: 0; top: 0; }
canvas.overlay:focus { outline: none; }
canvas.overlay:focus-visible { outline: 4px solid #ffeb3b; box-shadow: 0 0 0 8px #0b0c0c; }
.tooltip { position: absolute; z-index: 1; background: #fff; color: #212b32; border: 1px solid #425563;
  box-shadow: 0 2px 6px rgba(0, 0, 0, .25); padding: 8px 10px; font-size: 14px; line-height: 1.35;
  max-width: 320px; pointer-events: auto; }
.tooltip dl { margin: 0; display: grid; grid-template-columns: auto auto; gap: 2px 12px; }
.tooltip dt { color: #4c6272; }
.tooltip dd { margin: 0; font-weight: bold; }
.status { margin: 8px 0; color: #4c6272; font-size: 14px; }
.status ul { margin: 4px 0 0; padding-left: 20px; }
.error { margin: 8px 0; padding: 8px 12px; border-left: 6px solid #d5281b; background: #fff; white-space: pre-line; font-size: 15px; }
.error strong { display: block; margin-bottom: 4px; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
button { font: inherit; font-size: 15px; min-height: 32px; padding: 4px 12px; border: 2px solid #005eb8; border-radius: 4px;
  background: #fff; color: #005eb8; cursor: pointer; }
button:hover { background: #f0f4f5; }
button:focus-visible { outline: 4px solid transparent; background: #ffeb3b; color: #0b0c0c; border-color: #0b0c0c;
  box-shadow: 0 4px #0b0c0c; }
details { margin: 8px 0; font-size: 15px; }
summary { cursor: pointer; color: #005eb8; text-decoration: underline; min-height: 24px; }
summary:focus-visible { outline: 4px solid transparent; background: #ffeb3b; color: #0b0c0c; box-shadow: 0 4px #0b0c0c; }
.table-wrap { max-height: 420px; overflow: auto; margin-top: 8px; }
table { border-collapse: collapse; font-size: 14px; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
th, td { border-bottom: 1px solid #d8dde0; padding: 4px 8px; text-align: left; vertical-align: top; }
th { position: sticky; top: 0; background: #f0f4f5; }
`;

let sheet;
function styles() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

const live = new Set();

const NHS_TRUSTS = { test: 'equals', attribute: 'type', value: 'NHS trust' };

/** The `peers` attribute's keywords and the peer groups they stand for. */
export const PEER_GROUPS = Object.freeze({
  'all-trusts': { kind: 'filter', conditions: [NHS_TRUSTS] },
  region: { kind: 'filter', conditions: [NHS_TRUSTS, { test: 'sameAsFocus', attribute: 'region' }] },
  exemplars: { kind: 'exemplars' },
  nearest: {
    kind: 'nearest', k: 10,
    weights: { type1_attendances_12m: 1, type1_admissions_per_100_12m: 1 },
    within: [NHS_TRUSTS, { test: 'equals', attribute: 'type1_ae', value: 'yes' }],
  },
});

/** The `benchmark` attribute's keywords. */
export const BENCHMARKS = Object.freeze({
  england: { kind: 'national' },
  'peer-median': { kind: 'peerMedian' },
  'exemplar-median': { kind: 'exemplarMedian' },
  target: { kind: 'target' },
});

function keyword(name, value, table) {
  const found = table[value.trim()];
  if (!found) throw new Error(`${name} attribute: '${value}' is not one of ${Object.keys(table).join(', ')}`);
  return structuredClone(found);
}

/** `<nhs-benchmark>`: an interactive benchmarking chart. See the package README for attributes. */
export class NhsBenchmarkElement extends HTMLElement {
  static observedAttributes = ['spec', 'src', 'organisations', 'observations', 'metrics-src', 'fingertips', 'assessments',
    'framework-src', 'view', 'metric', 'focus',
    'months', 'peers', 'benchmark', 'what-if', 'framework', 'round', 'chart-title', 'height'];

  #chart = null;
  #names = new Map();
  #ownAnswers = [];
  #ownData = null;
  #generation = 0;
  #observer = null;
  #frame = 0;
  #width = 0;
  #ui;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [styles()];
    const main = el('canvas', { class: 'main', 'aria-hidden': 'true' });
    const overlay = el('canvas', {
      class: 'overlay', tabindex: '0', role: 'application', 'aria-roledescription': 'interactive chart',
      'aria-describedby': 'description help',
    });
    const tooltip = el('div', { class: 'tooltip', role: 'tooltip', id: 'tooltip' });
    tooltip.hidden = true;
    const status = el('div', { class: 'status', role: 'status', text: 'Loading chart…' });
    const error = el('div', { class: 'error', role: 'alert' });
    error.hidden = true;
    const description = el('p', { class: 'visually-hidden', id: 'description' });
    const help = el('p', {
      class: 'visually-hidden', id: 'help',
      text: 'Use the arrow keys to move between organisations, Home and End to jump, Enter to select, Escape to hide the tooltip.',
    });
    const announce = el('div', { class: 'visually-hidden', 'aria-live': 'polite' });
    const table = el('table');
    const details = el('details', {}, el('summary', { text: 'Show the data as a table' }), el('div', { class: 'table-wrap' }, table));
    const csv = el('button', { type: 'button', text: 'Download data (CSV)' });
    const svg = el('button', { type: 'button', text: 'Download chart (SVG)' });
    const actions = el('div', { class: 'actions' }, csv, svg);
    const chartBox = el('div', { class: 'chart', part: 'chart' }, main, overlay, tooltip);
    chartBox.hidden = true;
    actions.hidden = true;
    details.hidden = true;
    root.append(chartBox, status, error, description, help, announce, details, actions);
    this.#ui = { main, overlay, tooltip, status, error, description, announce, table, details, actions, chartBox };

    overlay.addEventListener('pointermove', (e) => this.#apply(this.#chart?.pointerMove(...this.#xy(e))));
    overlay.addEventListener('pointerleave', (e) => {
      if (e.relatedTarget !== tooltip) this.#apply(this.#chart?.pointerLeave());
    });
    tooltip.addEventListener('pointerleave', (e) => {
      if (e.relatedTarget !== overlay) this.#apply(this.#chart?.pointerLeave());
    });
    overlay.addEventListener('click', (e) => this.#apply(this.#chart?.click(...this.#xy(e))));
    overlay.addEventListener('focus', () => this.#apply(this.#chart?.focus()));
    overlay.addEventListener('blur', () => this.#apply(this.#chart?.blur()));
    overlay.addEventListener('keydown', (e) => {
      const effect = this.#chart?.key(e.key);
      if (effect?.handled) e.preventDefault();
      this.#apply(effect);
    });
    details.addEventListener('toggle', () => details.open && this.#fillTable());
    csv.addEventListener('click', () => this.#download(this.#chart?.csv(), 'text/csv', 'csv'));
    svg.addEventListener('click', () => this.#download(this.#chart?.svg(), 'image/svg+xml', 'svg'));
  }

  connectedCallback() {
    live.add(this);
    this.#observer = new ResizeObserver((entries) => {
      const width = Math.floor(entries[0].contentRect.width);
      if (width > 0 && width !== this.#width) {
        this.#width = width;
        this.#schedule();
      }
    });
    this.#observer.observe(this);
    this.#load();
  }

  disconnectedCallback() {
    live.delete(this);
    this.#observer?.disconnect();
    this.#observer = null;
    cancelAnimationFrame(this.#frame);
    this.#generation++;
    this.#chart?.free();
    this.#chart = null;
  }

  attributeChangedCallback(name, previous, value) {
    if (previous === value || !this.isConnected) return;
    if (['src', 'organisations', 'observations', 'metrics-src', 'fingertips', 'assessments', 'framework-src'].includes(name)) {
      this.#load();
    }
    else if (name === 'view' && isMaturity(previous) !== isMaturity(value)) this.#load();
    else this.#respec();
  }

  /** The chart's current spec with every choice resolved, as JSON: the recipe of an export. */
  get recipe() {
    return this.#chart?.recipe() ?? null;
  }

  /** NHS trusts in the loaded data: `[{code, name}]`. */
  get organisations() {
    return this.#chart ? this.#chart.organisations() : [];
  }

  /** Metrics the chart can show: `[{id, title}]`. */
  get metrics() {
    return this.#chart ? this.#chart.metrics() : [];
  }

  /**
   * Adds a trust's own digital maturity answers (a filled-in template, as text the page read from
   * a file the user picked: nothing is uploaded) to the maturity data, and redraws.
   */
  addAssessments(name, text) {
    this.#ownAnswers.push([String(name), String(text)]);
    if (!this.#chart) return null;
    try {
      const report = this.#chart.addAssessments(String(name), String(text));
      this.#names = new Map(this.#chart.organisations().map((o) => [o.code, o.name]));
      this.dispatchEvent(new CustomEvent('load', { detail: report }));
      this.#render();
      return report;
    } catch (e) {
      this.#ownAnswers.pop();
      this.#fail(e);
      return null;
    }
  }

  /**
   * Uses data the page already holds (files the user picked, read with File.text(): nothing is
   * uploaded) instead of URLs: `{observations: File, metrics: File, organisations?: File}` in the
   * tidy format, or `{fingertips: File}`. Resolves with the load report.
   */
  async useFiles(files) {
    const read = async (f) => (f ? [f.name, await f.text()] : null);
    if (files.fingertips) {
      const [name, text] = await read(files.fingertips);
      this.#ownData = (chart) => chart.loadFingertips(name, text);
    } else {
      const [obs, metrics, orgs] = await Promise.all([read(files.observations), read(files.metrics), read(files.organisations)]);
      if (!obs || !metrics) throw new Error('choose an observations file and a metrics file (see the templates)');
      this.#ownData = (chart) => chart.loadTidy(obs[0], obs[1], metrics[0], metrics[1], orgs?.[0], orgs?.[1]);
    }
    return this.#load();
  }

  /** Selects an organisation by ODS code, as if the user had clicked it. */
  selectOrganisation(code) {
    return this.#chart ? this.#chart.select(String(code)) : false;
  }

  #spec() {
    const text = this.getAttribute('spec');
    let spec = {};
    if (text && text.trim()) {
      try {
        spec = JSON.parse(text);
      } catch (e) {
        throw new Error(`spec attribute: not valid JSON (${e.message})`);
      }
      if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw new Error('spec attribute: expected a JSON object');
    }
    const attr = (name) => this.getAttribute(name);
    if (attr('view')) spec.view = attr('view');
    if (attr('metric')) spec.metric = attr('metric');
    if (attr('focus')) spec.focus = attr('focus');
    if (attr('chart-title')) spec.title = attr('chart-title');
    if (attr('framework')) spec.framework = attr('framework');
    if (attr('round')) spec.round = attr('round');
    if (attr('what-if')) {
      const v = Number(attr('what-if'));
      spec.whatIf = Number.isFinite(v) ? v : attr('what-if');
    }
    if (attr('peers')) spec.peers = keyword('peers', attr('peers'), PEER_GROUPS);
    if (attr('benchmark')) spec.benchmark = keyword('benchmark', attr('benchmark'), BENCHMARKS);
    if (attr('months')) {
      const n = Number(attr('months'));
      spec.period = { latest: Number.isInteger(n) ? n : attr('months') };
    }
    const data = { ...(spec.data ?? {}) };
    if (attr('src')) data.ae = attr('src');
    if (attr('organisations')) data.organisations = attr('organisations');
    if (attr('assessments')) data.assessments = attr('assessments');
    if (attr('observations')) data.observations = attr('observations');
    if (attr('metrics-src')) data.metrics = attr('metrics-src');
    if (attr('fingertips')) data.fingertips = attr('fingertips');
    if (attr('framework-src')) data.framework = attr('framework-src');
    return { spec, data };
  }

  async #load() {
    const generation = ++this.#generation;
    this.#state('loading', 'Loading chart…');
    try {
      const { spec, data } = this.#spec();
      await ready();
      const base = document.baseURI;
      const url = (given, fallback) => (given ? new URL(given, base).href : fallback);
      const orgUrl = url(data.organisations, bundledData.organisations);
      this.#chart?.free();
      this.#chart = new NhsChart(this.#ui.main, this.#ui.overlay, JSON.stringify(spec));
      let report;
      if (isMaturity(spec.view)) {
        const answersUrl = url(data.assessments, bundledData.assessments);
        const frameworkUrl = data.framework ? url(data.framework) : null;
        const [answers, orgText, framework] = await Promise.all([
          fetchText(answersUrl), fetchText(orgUrl), frameworkUrl ? fetchText(frameworkUrl) : null,
        ]);
        if (generation !== this.#generation) return;
        report = this.#chart.loadMaturity(fileName(answersUrl), answers, fileName(orgUrl), orgText,
          frameworkUrl ? fileName(frameworkUrl) : undefined, framework ?? undefined);
        for (const [name, text] of this.#ownAnswers) report = this.#chart.addAssessments(name, text);
      } else if (this.#ownData) {
        report = this.#ownData(this.#chart);
      } else if (data.fingertips) {
        const ftUrl = url(data.fingertips);
        const text = await fetchText(ftUrl, this.#progress('fingertips'));
        if (generation !== this.#generation) return;
        report = this.#chart.loadFingertips(fileName(ftUrl), text);
      } else if (data.observations) {
        if (!data.metrics) throw new Error('the observations need their metrics: add a metrics-src attribute (metrics.json)');
        const obsUrl = url(data.observations);
        const metricsUrl = url(data.metrics);
        const orgsGiven = data.organisations ? orgUrl : null;
        const [obs, metrics, orgs] = await Promise.all([
          fetchText(obsUrl, this.#progress('observations')), fetchText(metricsUrl), orgsGiven ? fetchText(orgsGiven) : null,
        ]);
        if (generation !== this.#generation) return;
        report = this.#chart.loadTidy(fileName(obsUrl), obs, fileName(metricsUrl), metrics,
          orgsGiven ? fileName(orgsGiven) : undefined, orgs ?? undefined);
      } else {
        const aeUrl = url(data.ae, bundledData.ae);
        const [aeText, orgText] = await Promise.all([fetchText(aeUrl, this.#progress('ae')), fetchText(orgUrl)]);
        if (generation !== this.#generation) return;
        report = this.#chart.loadAe(fileName(aeUrl), aeText, fileName(orgUrl), orgText);
      }
      this.#names = new Map(this.#chart.organisations().map((o) => [o.code, o.name]));
      this.dispatchEvent(new CustomEvent('load', { detail: report }));
      this.#render();
    } catch (e) {
      if (generation === this.#generation) this.#fail(e);
    }
  }

  #respec() {
    if (!this.#chart) return this.#load();
    try {
      const { spec } = this.#spec();
      this.#chart.setSpec(JSON.stringify(spec));
      this.#render();
    } catch (e) {
      this.#fail(e);
    }
  }

  #schedule() {
    cancelAnimationFrame(this.#frame);
    this.#frame = requestAnimationFrame(() => this.#chart && this.#render());
  }

  #render() {
    const width = this.#width || Math.floor(this.getBoundingClientRect().width) || 720;
    const asked = Number(this.getAttribute('height'));
    const height = asked > 0 ? asked : Math.round(Math.min(640, Math.max(420, width * 0.62)));
    try {
      const info = this.#chart.render(width, height, window.devicePixelRatio || 1);
      const { main, overlay, description, status, error, chartBox, actions, details, tooltip } = this.#ui;
      for (const c of [main, overlay]) {
        c.style.width = `${info.width}px`;
        c.style.height = `${info.height}px`;
      }
      overlay.setAttribute('aria-label', info.title);
      description.textContent = `${info.subtitle} ${info.description}`;
      this.#notes(info.warnings);
      error.hidden = true;
      chartBox.hidden = false;
      actions.hidden = false;
      details.hidden = false;
      tooltip.hidden = true;
      if (details.open) this.#fillTable();
      this.dataset.state = 'ready';
      this.dispatchEvent(new CustomEvent('ready', { detail: info }));
    } catch (e) {
      this.#fail(e);
    }
  }

  /** Shows the chart's warnings: one as a sentence, several as a list behind a summary. */
  #notes(warnings) {
    const { status } = this.#ui;
    status.hidden = warnings.length === 0;
    if (warnings.length <= 1) {
      status.textContent = warnings[0] ?? '';
      return;
    }
    const list = el('ul', {}, ...warnings.map((w) => el('li', { text: w })));
    status.replaceChildren(el('details', {}, el('summary', { text: `${warnings.length} notes about this chart` }), list));
  }

  #xy(event) {
    const r = this.#ui.overlay.getBoundingClientRect();
    return [event.clientX - r.left, event.clientY - r.top];
  }

  #apply(effect) {
    if (!effect) return;
    const { tooltip, overlay, announce } = this.#ui;
    if (effect.tooltip === undefined || effect.tooltip === null) {
      tooltip.hidden = true;
      overlay.removeAttribute('aria-activedescendant');
    } else {
      this.#showTooltip(effect.tooltip);
    }
    if (effect.announce) {
      announce.textContent = '';
      announce.textContent = effect.announce;
    }
    if (effect.selected) {
      const detail = { code: effect.selected, name: this.#names.get(effect.selected) ?? effect.selected };
      this.dispatchEvent(new CustomEvent('select', { detail, bubbles: true, composed: true }));
      for (const other of live) if (other !== this) other.selectOrganisation(effect.selected);
    }
  }

  #showTooltip(index) {
    const { tooltip } = this.#ui;
    const lines = this.#chart.tooltip(index) ?? [];
    const dl = document.createElement('dl');
    for (const [label, value] of lines) dl.append(el('dt', { text: label }), el('dd', { text: value }));
    tooltip.replaceChildren(dl);
    tooltip.hidden = false;
    const [x, y] = this.#chart.placeTooltip(index, tooltip.offsetWidth, tooltip.offsetHeight);
    tooltip.style.left = `${x}px`;
    tooltip.style.top = `${y}px`;
  }

  #fillTable() {
    const data = this.#chart?.table();
    if (!data) return;
    const { table } = this.#ui;
    const caption = el('caption', { text: this.#ui.overlay.getAttribute('aria-label') ?? '' });
    const head = el('thead', {}, el('tr', {}, ...data.columns.map((c) => el('th', { scope: 'col', text: c }))));
    const body = el('tbody');
    for (const row of data.rows) body.append(el('tr', {}, ...row.map((v) => el('td', { text: v }))));
    table.replaceChildren(caption, head, body);
  }

  #download(content, type, ext) {
    if (!content) return;
    const url = URL.createObjectURL(new Blob([content], { type }));
    const a = el('a', { href: url, download: `nhs-benchmark.${ext}` });
    this.shadowRoot.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  /** A download progress reporter: `progress` events with {file, loaded, total} (total 0 if unknown). */
  #progress(file) {
    return (loaded, total) => {
      this.#ui.status.textContent = total ? `Loading ${file}: ${Math.round((100 * loaded) / total)}%` : `Loading ${file}…`;
      this.dispatchEvent(new CustomEvent('progress', { detail: { file, loaded, total } }));
    };
  }

  #state(state, text) {
    this.dataset.state = state;
    this.#ui.status.hidden = false;
    this.#ui.status.textContent = text;
  }

  #fail(e) {
    const message = e instanceof Error ? e.message : String(e);
    const { error, status, chartBox, actions, details } = this.#ui;
    error.replaceChildren(el('strong', { text: 'This chart could not be drawn' }), document.createTextNode(message));
    error.hidden = false;
    status.hidden = true;
    chartBox.hidden = true;
    actions.hidden = true;
    details.hidden = true;
    this.dataset.state = 'error';
    this.dispatchEvent(new CustomEvent('error', { detail: { message } }));
  }
}

function isMaturity(view) {
  return typeof view === 'string' && view.startsWith('maturity');
}

function fileName(url) {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop()) || url;
  } catch {
    return url;
  }
}

if (typeof customElements !== 'undefined' && !customElements.get('nhs-benchmark')) {
  customElements.define('nhs-benchmark', NhsBenchmarkElement);
}
