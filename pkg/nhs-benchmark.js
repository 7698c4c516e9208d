// nhs-benchmark: the package entry point and the <nhs-benchmark> custom element.
//
// The element is a thin shell: it asks the WebAssembly core which files its chart needs, fetches
// them (and nothing else), hands the texts to the page's one workspace, which parses each set of
// files once for every chart on the page, and turns DOM events into calls on the core's chart
// session. The spec, its defaults and its errors are the core's: the element passes its attributes
// over as they are. Everything it shows that came from data is set with textContent, never as
// HTML. It styles itself with a constructable stylesheet and CSSOM writes only, so it runs under a
// strict Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval'; style-src 'self').

import init, { NhsChart, Workspace, specFromAttributes, views } from './nhs_benchmark.js';

export * from './nhs_benchmark.js';

let booting;

/**
 * Loads and instantiates the WebAssembly module once; resolves when the API can be called. In a
 * browser the module is fetched next to this file; in Node (a `file:` URL, where `fetch` cannot
 * go) it is read from disk.
 */
export function ready() {
  booting ??= init({ module_or_path: wasmBytesOrUrl() });
  return booting;
}

async function wasmBytesOrUrl() {
  const url = new URL('./nhs_benchmark_bg.wasm', import.meta.url);
  if (url.protocol !== 'file:') return fetch(url);

  const { readFile } = await import(/* @vite-ignore */ /* webpackIgnore: true */ 'node:fs/promises');
  return readFile(url);
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

let workspace;
/** Loads in flight or done, by set key: every element that needs a set waits for the same load. */
const loads = new Map();

/** The page's workspace: one per page, shared by every element. */
export async function pageWorkspace() {
  await ready();
  workspace ??= new Workspace();
  return workspace;
}

/** A URL as messages show it: no user name, password, query or fragment (they can hold tokens). */
function shown(url) {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return String(url).split(/[?#]/)[0];
  }
}

function fileName(url) {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop()) || shown(url);
  } catch {
    return shown(url);
  }
}

/** Reads a response body as bytes, reporting bytes received to `progress(loaded, total)`. */
async function readWithProgress(response, progress) {
  const total = Number(response.headers.get('content-length')) || 0;
  if (!response.body || !progress) return new Uint8Array(await response.arrayBuffer());
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
  return new Uint8Array(await new Blob(chunks).arrayBuffer());
}

/** Fetches one file's bytes (the core decodes them); a failure names the file, without
 * credentials or query. */
async function fetchBytes(url, progress) {
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new Error(`${shown(url)} could not be fetched (${e.message}): check the address and that the server allows it`);
  }
  if (!response.ok) throw new Error(`${shown(url)}: the server answered ${response.status} ${response.statusText}`.trim());
  return readWithProgress(response, progress);
}

/**
 * Makes sure the workspace has a set of files loaded: fetched once and parsed once, however many
 * elements ask. `own` holds files the page already has (files the user picked, each
 * `{role, url, name, text}`): they join the set, or stand in for the file of their role.
 * Resolves with `{key, report}`.
 */
function loadSet(ws, set, own, progress) {
  const files = set.files
    .filter((f) => !own.some((o) => o.role === f.role))
    .map((f) => ({ role: f.role, url: new URL(f.url, f.bundled ? import.meta.url : document.baseURI).href }));
  files.push(...own.map((o) => ({ role: o.role, url: o.url, own: o })));
  const key = Workspace.key(set.loader, files.map((f) => f.url));
  if (ws.has(key)) return Promise.resolve({ key, report: ws.report(key) });
  if (!loads.has(key)) {
    const pending = Promise.all(files.map(async (f) => ({
      role: f.role,
      url: f.url,
      name: f.own ? f.own.name : fileName(f.url),
      ...(f.own ? f.own.data : { bytes: await fetchBytes(f.url, progress && ((l, t) => progress(fileName(f.url), l, t))) }),
    }))).then((files) => ws.load(set.loader, files));
    const forget = () => loads.delete(key);
    pending.then(forget, forget);
    loads.set(key, pending);
  }
  return loads.get(key);
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

/** Whether an exception came from a trap inside the WebAssembly module (a panic): the chart that
 * threw is lost and must not be called again. */
function trapped(e) {
  return typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError;
}

const Base = typeof HTMLElement === 'undefined' ? class {} : HTMLElement;

/** `<nhs-benchmark>`: an interactive benchmarking chart. See the package README for attributes. */
export class NhsBenchmarkElement extends Base {
  static observedAttributes = ['spec', 'src', 'organisations', 'observations', 'metrics-src', 'fingertips', 'assessments',
    'framework-src', 'view', 'metric', 'focus',
    'months', 'peers', 'benchmark', 'what-if', 'framework', 'round', 'chart-title', 'height'];

  #chart = null;
  #names = new Map();
  /** Files the user picked for the indicator data: `{loader, files: [{role, url, name, text}]}`. */
  #own = null;
  /** A trust's own maturity answers, added to the maturity data. */
  #ownAnswers = [];
  #generation = 0;
  #observer = null;
  #frame = 0;
  #width = 0;
  #report = null;
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

    overlay.addEventListener('pointermove', (e) => this.#apply(this.#call((c) => c.pointerMove(...this.#xy(e)))));
    overlay.addEventListener('pointerleave', (e) => {
      if (e.relatedTarget !== tooltip) this.#apply(this.#call((c) => c.pointerLeave()));
    });
    tooltip.addEventListener('pointerleave', (e) => {
      if (e.relatedTarget !== overlay) this.#apply(this.#call((c) => c.pointerLeave()));
    });
    overlay.addEventListener('click', (e) => this.#apply(this.#call((c) => c.click(...this.#xy(e)))));
    overlay.addEventListener('focus', () => this.#apply(this.#call((c) => c.focus())));
    overlay.addEventListener('blur', () => this.#apply(this.#call((c) => c.blur())));
    overlay.addEventListener('keydown', (e) => {
      const effect = this.#call((c) => c.key(e.key));
      if (effect?.handled) e.preventDefault();
      this.#apply(effect);
    });
    details.addEventListener('toggle', () => details.open && this.#fillTable());
    csv.addEventListener('click', () => this.#download(this.#call((c) => c.csv()), 'text/csv', 'csv'));
    svg.addEventListener('click', () => this.#download(this.#call((c) => c.svg()), 'image/svg+xml', 'svg'));
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
    this.#drop();
    // Sets no element holds any more are freed, after any element moved in the DOM has re-attached.
    setTimeout(() => workspace?.releaseUnused(), 0);
  }

  attributeChangedCallback(name, previous, value) {
    if (previous === value || !this.isConnected) return;
    this.#load();
  }

  /** The chart's current spec with every choice resolved, as JSON: the recipe of an export. */
  get recipe() {
    return this.#call((c) => c.recipe()) ?? null;
  }

  /** The organisations a focus picker lists: `[{code, name}]`. */
  get organisations() {
    return this.#call((c) => c.organisations()) ?? [];
  }

  /** Metrics the chart can show: `[{id, title}]`. */
  get metrics() {
    return this.#call((c) => c.metrics()) ?? [];
  }

  /** The load report of the chart's data: rows read, used and skipped, and every diagnostic. */
  get report() {
    return this.#report;
  }

  /**
   * Adds a trust's own digital maturity answers (a filled-in template, as text the page read from
   * a file the user picked: nothing is uploaded) to the maturity data, and redraws. Resolves with
   * the load report; rejects with the reason the answers cannot be used.
   */
  addAssessments(name, text) {
    this.#ownAnswers.push({ role: 'own', url: `file:own-${this.#ownAnswers.length}:${String(name)}`, name: String(name), text: String(text) });
    return this.#load({ rethrow: true });
  }

  /**
   * Uses data the page already holds (files the user picked, read with File.text(): nothing is
   * uploaded) instead of URLs: `{observations: File, metrics: File, organisations?: File}` in the
   * tidy format, or `{fingertips: File}`. Resolves with the load report; rejects with the reason
   * the files cannot be used.
   */
  async useFiles(files) {
    const read = async (role, f) => (f
      ? { role, url: `file:${role}:${f.name}:${f.size}:${f.lastModified}`, name: f.name,
        data: { bytes: new Uint8Array(await f.arrayBuffer()) } }
      : null);
    if (files.fingertips) {
      this.#own = { loader: 'fingertips', files: [await read('fingertips', files.fingertips)] };
    } else {
      if (!files.observations || !files.metrics) throw new Error('choose an observations file and a metrics file (see the templates)');
      const picked = await Promise.all([read('observations', files.observations), read('metrics', files.metrics),
        read('organisations', files.organisations)]);
      this.#own = { loader: 'tidy', files: picked.filter(Boolean) };
    }
    return this.#load({ rethrow: true });
  }

  /** Selects an organisation by ODS code, as if the user had clicked it. */
  selectOrganisation(code) {
    const found = this.#call((c) => c.select(String(code))) ?? false;
    return found;
  }

  #attributes() {
    return [...this.attributes].map((a) => [a.name, a.value]);
  }

  /** Calls into the chart; a trap (a panic in the core) loses the chart, which is never called
   * again: the next load makes a new one, and every other chart on the page carries on. */
  #call(f) {
    if (!this.#chart) return undefined;
    try {
      return f(this.#chart);
    } catch (e) {
      if (trapped(e)) this.#lose();
      throw e;
    }
  }

  #lose() {
    this.#chart = null;
  }

  #drop() {
    const chart = this.#chart;
    this.#chart = null;
    try {
      chart?.free();
    } catch {
      // A chart already lost to a trap cannot be freed; it is dropped without calling it again.
    }
  }

  async #load({ rethrow = false } = {}) {
    const generation = ++this.#generation;
    if (!this.#chart) this.#state('loading', 'Loading chart…');
    try {
      const spec = specFromAttributes(await ready().then(() => this.#attributes()));
      const ws = await pageWorkspace();
      if (generation !== this.#generation) return null;
      if (this.#chart) {
        this.#call((c) => c.setSpec(spec));
      } else {
        this.#chart = new NhsChart(this.#ui.main, this.#ui.overlay, spec);
      }
      const sets = this.#call((c) => c.sources());
      const results = await Promise.all(sets.map((set) => {
        if (set.need === 'indicators' && this.#own) {
          return loadSet(ws, { ...set, loader: this.#own.loader, files: [] }, this.#own.files, this.#progress());
        }
        const loaded = loadSet(ws, set, [], this.#progress());
        if (set.need !== 'maturity' || !this.#ownAnswers.length) return loaded;
        return loaded.then(({ key }) => ws.extend(key, this.#ownAnswers));
      }));
      if (generation !== this.#generation || !this.#chart) return null;
      for (const { key } of results) this.#call((c) => c.attach(ws, key));
      const report = results.length === 1 ? results[0].report : merge(results.map((r) => r.report));
      const fresh = JSON.stringify(report) !== JSON.stringify(this.#report);
      this.#report = report;
      this.#names = new Map(this.organisations.map((o) => [o.code, o.name]));
      if (fresh) this.dispatchEvent(new CustomEvent('load', { detail: report }));
      this.#render();
      return report;
    } catch (e) {
      if (generation === this.#generation) this.#fail(e);
      if (rethrow) throw e;
      return null;
    }
  }

  #schedule() {
    cancelAnimationFrame(this.#frame);
    this.#frame = requestAnimationFrame(() => this.#call((c) => c.hasData()) && this.#render());
  }

  #render() {
    if (!this.#call((c) => c.hasData())) return;
    const width = this.#width || Math.floor(this.getBoundingClientRect().width) || 720;
    const height = Math.round(Math.min(640, Math.max(420, width * 0.62)));
    try {
      const info = this.#call((c) => c.render(width, height, window.devicePixelRatio || 1));
      const { main, overlay, description, error, chartBox, actions, details, tooltip } = this.#ui;
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
    const lines = this.#call((c) => c.tooltip(index)) ?? [];
    const dl = document.createElement('dl');
    for (const [label, value] of lines) dl.append(el('dt', { text: label }), el('dd', { text: value }));
    tooltip.replaceChildren(dl);
    tooltip.hidden = false;
    const [x, y] = this.#call((c) => c.placeTooltip(index, tooltip.offsetWidth, tooltip.offsetHeight));
    tooltip.style.left = `${x}px`;
    tooltip.style.top = `${y}px`;
  }

  #fillTable() {
    const data = this.#call((c) => c.table());
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

  /** A download progress reporter, called as `(file, loaded, total)`: `progress` events with
   * {file, loaded, total} (total 0 if unknown). */
  #progress() {
    return (file, loaded, total) => {
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
    const { kind, code, path } = e ?? {};
    this.dispatchEvent(new CustomEvent('error', { detail: { message, kind, code, path } }));
  }
}

/** The load reports of several sets as one: rows and diagnostics added up. */
function merge(reports) {
  return reports.reduce((a, r) => ({
    rows_read: a.rows_read + r.rows_read,
    rows_used: a.rows_used + r.rows_used,
    rows_skipped: a.rows_skipped + r.rows_skipped,
    diagnostics: [...a.diagnostics, ...r.diagnostics],
  }), { rows_read: 0, rows_used: 0, rows_skipped: 0, diagnostics: [] });
}

/** The views the element draws, from the core's registry: `[{name, family, needs, about}]`. */
export async function viewList() {
  await ready();
  return views();
}

if (typeof customElements !== 'undefined' && !customElements.get('nhs-benchmark')) {
  customElements.define('nhs-benchmark', NhsBenchmarkElement);
}
