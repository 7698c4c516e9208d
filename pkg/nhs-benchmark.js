// nhs-benchmark: the package entry point and the <nhs-benchmark> custom element.
//
// The element is a thin shell: it asks the WebAssembly core which files its chart needs, fetches
// them (and nothing else), hands the texts to the page's one workspace, which parses each set of
// files once for every chart on the page, and turns DOM events into calls on the core's chart
// session. The spec, its defaults and its errors are the core's: the element passes its attributes
// over as they are. Everything it shows that came from data is set with textContent, never as
// HTML. It styles itself with a constructable stylesheet and CSSOM writes only, so it runs under a
// strict Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval'; style-src 'self').

import init, {
  NhsChart, Workspace, specFromAttributes, views, lastPanic, pngWithRecipe, __wbg_reset_state as freshInstance,
  __panicForTest as panicInCore,
} from './nhs_benchmark.js';

export * from './nhs_benchmark.js';

/**
 * The one place that knows which WebAssembly instance is live. A trap (a panic) leaves an
 * instance unsafe to call: its stack pointer is never restored and its allocator or a RefCell may
 * be mid-update. So after a trap the module is instantiated afresh (the compiled module is kept)
 * and `generation` counts up; every object made in an earlier generation (charts, the page's
 * workspace, loads in flight) is dropped without a call into it, not even `free()`.
 */
const instance = {
  generation: 0,
  booting: null,
  /** The page's workspace in this generation. */
  workspace: null,
  /** Loads in flight in this generation, by set key: every element that needs a set waits for the same load. */
  loads: new Map(),
};

/**
 * Loads and instantiates the WebAssembly module once; resolves when the API can be called. In a
 * browser the module is fetched next to this file; in Node (a `file:` URL, where `fetch` cannot
 * go) it is read from disk.
 */
export function ready() {
  instance.booting ??= init({ module_or_path: wasmBytesOrUrl() });
  return instance.booting;
}

async function wasmBytesOrUrl() {
  const url = new URL('./nhs_benchmark_bg.wasm', import.meta.url);
  if (url.protocol !== 'file:') return fetch(url);

  const { readFile } = await import(/* @vite-ignore */ /* webpackIgnore: true */ 'node:fs/promises');
  return readFile(url);
}

/** A chart lost to a trap inside the module: the message says what panicked, where. */
class ChartTrap extends Error {
  constructor(message) {
    super(message);
    this.name = 'ChartTrap';
    this.kind = 'panic';
    this.code = 'panic';
    this.path = '';
  }
}

/** Whether an exception came from a trap inside the WebAssembly module (a panic). */
function trapped(e) {
  return typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError;
}

/** Elements to rebuild once the fresh instance is up (set by the element class). */
let rebuildAfterTrap = () => {};

/**
 * Runs `f`, a call into the core. A trap starts a fresh instance and comes back as a ChartTrap
 * carrying the panic's message (read from the dead instance before it is let go).
 */
function guard(f) {
  try {
    return f();
  } catch (e) {
    if (!trapped(e)) throw e;
    let report;
    try {
      report = lastPanic();
    } catch {
      // The dead instance cannot even say why.
    }
    __wbg_reset_state();
    const why = (report ?? e.message).replace(/\s+/g, ' ').trim();
    throw new ChartTrap(`An internal error stopped this chart (${cut(why, 600)}). The other charts on the page carry on; `
      + 'change the chart or reload the page to try again, and please report this message.');
  }
}

/**
 * Starts a fresh instance of the compiled module: every object of the old one (charts,
 * workspaces, loads in flight) is dropped without a call into it, and the page's charts are
 * rebuilt in the new one. The package does this after a trap; a page need not.
 */
export function __wbg_reset_state() {
  freshInstance();
  instance.generation++;
  instance.workspace = null;
  for (const load of instance.loads.values()) load.controller.abort();
  instance.loads.clear();
  rebuildAfterTrap();
}

/** Test only: panics inside the module through the same guard every element call takes, so the
 * page starts a fresh instance; throws the ChartTrap the element would show. */
export function __panicForTest() {
  return guard(() => panicInCore());
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

/** The page's workspace: one per page (per instance: a trap replaces it), shared by every element. */
export async function pageWorkspace() {
  await ready();
  instance.workspace ??= new Workspace();
  return instance.workspace;
}

/** At most `n` characters of `text`, with an ellipsis when cut: no 10 MB value is echoed into the page. */
function cut(text, n) {
  const s = String(text);
  return s.length <= n ? s : `${s.slice(0, n)}… (${s.length} characters)`;
}

/** A URL as messages show it: no user name, password, query or fragment (they can hold tokens),
 * and never more than a line of it. */
function shown(url) {
  try {
    const u = new URL(url, globalThis.document?.baseURI);
    if (!['http:', 'https:', 'file:'].includes(u.protocol)) return `a ${u.protocol} address`;
    return cut(`${u.origin === 'null' ? 'file://' : u.origin}${u.pathname}`, 200);
  } catch {
    return cut(String(url).split(/[?#]/)[0].replace(/\/\/[^/@]*@/, '//'), 200);
  }
}

function fileName(url) {
  try {
    return cut(decodeURIComponent(new URL(url).pathname.split('/').pop()), 200) || shown(url);
  } catch {
    return shown(url);
  }
}

/** A browser's own message about `url`, with the address in it as messages show it. */
function clean(message, url) {
  return cut(String(message).split(String(url)).join(shown(url))
    .replace(/[a-z][a-z0-9+.-]*:\/\/[^\s'"]+/gi, (m) => shown(m)), 300);
}

/** A fetch failure: its message names the file; `path` is the address as shown. */
function fetchError(message, url) {
  return Object.assign(new Error(message), { kind: 'fetch', code: 'fetch.failed', path: shown(url) });
}

function aborted() {
  return new DOMException('a later load replaced this one', 'AbortError');
}

/** Reads a response body as bytes, reporting bytes received to `progress(loaded, total)`. */
async function readWithProgress(response, progress) {
  const total = Number(response.headers.get('content-length')) || 0;
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
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
 * credentials or query. `reload` asks the server again rather than any cache. */
async function fetchBytes(url, { role, signal, progress, reload }) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw fetchError(`the ${role} file's address ${shown(url)} is not a web address: give the file's URL`, url);
  }
  // A file is named by its address; an address with no file in it (data:, blob:) by its role.
  const where = ['http:', 'https:', 'file:'].includes(parsed.protocol) ? shown(url) : `the ${role} file (${shown(url)})`;
  if (parsed.username || parsed.password) {
    throw fetchError(`${where}: the address holds a user name or password, which a page must not send; give the address without them`, url);
  }
  if (!['http:', 'https:', 'file:', 'blob:', 'data:'].includes(parsed.protocol)) {
    throw fetchError(`the ${role} file's address is ${shown(url)}, which cannot be fetched: give the file's http or https address`, url);
  }
  let response;
  try {
    response = await fetch(url, { signal, cache: reload ? 'no-cache' : 'default', credentials: 'same-origin' });
  } catch (e) {
    if (signal.aborted) throw aborted();
    throw fetchError(`${where} could not be fetched (${clean(e.message, url)}): check the address, that the server is up and `
      + "that the page's Content-Security-Policy (connect-src) allows it", url);
  }
  if (!response.ok) throw fetchError(`${where}: the server answered ${response.status} ${response.statusText}`.trim(), url);
  try {
    return await readWithProgress(response, progress);
  } catch (e) {
    if (signal.aborted) throw aborted();
    throw fetchError(`${where}: the download broke off before the end of the file (${clean(e.message, url)}): try again`, url);
  }
}

/**
 * Waits for a shared load on behalf of one element. When every element waiting has given up
 * (each one's `signal` aborted: a later spec replaced it, or it left the page), the fetch itself
 * is aborted and the load forgotten.
 */
function join(load, signal, progress) {
  load.waiting++;
  load.listeners.add(progress);
  return new Promise((resolve, reject) => {
    const leave = () => {
      load.waiting--;
      load.listeners.delete(progress);
      signal.removeEventListener('abort', give);
    };
    function give() {
      leave();
      if (load.waiting === 0) {
        load.controller.abort();
        if (instance.loads.get(load.key) === load) instance.loads.delete(load.key);
      }
      reject(aborted());
    }
    if (signal.aborted) {
      give();
      return;
    }
    signal.addEventListener('abort', give, { once: true });
    load.promise.then((v) => { leave(); resolve(v); }, (e) => { leave(); reject(e); });
  });
}

/**
 * Makes sure the workspace has a set of files loaded: fetched once and parsed once, however many
 * elements ask. `own` holds files the page already has (files the user picked, each
 * `{role, url, name, data}`): they join the set, or stand in for the file of their role.
 * `reload` forgets a set already parsed so its files are fetched and parsed again. Resolves with
 * `{key, report}`.
 */
function loadSet(ws, set, own, { signal, progress, reload }) {
  const generation = instance.generation;
  const files = set.files
    .filter((f) => !own.some((o) => o.role === f.role))
    .map((f) => ({ role: f.role, url: new URL(f.url, f.bundled ? import.meta.url : document.baseURI).href }));
  files.push(...own.map((o) => ({ role: o.role, url: o.url, own: o })));
  const key = guard(() => Workspace.key(set.loader, files.map((f) => f.url)));
  if (reload && !instance.loads.has(key)) guard(() => ws.forget(key));
  if (guard(() => ws.has(key))) return Promise.resolve({ key, report: guard(() => ws.report(key)) });
  let load = instance.loads.get(key);
  if (!load) {
    const controller = new AbortController();
    load = { key, controller, waiting: 0, listeners: new Set() };
    const tell = (file) => (loaded, total) => { for (const l of load.listeners) l(file, loaded, total); };
    load.promise = Promise.all(files.map(async (f) => ({
      role: f.role,
      url: f.url,
      name: f.own ? f.own.name : fileName(f.url),
      ...(f.own ? f.own.data
        : { bytes: await fetchBytes(f.url, { role: f.role, signal: controller.signal, progress: tell(fileName(f.url)), reload }) }),
    }))).then((texts) => {
      if (controller.signal.aborted || generation !== instance.generation) throw aborted();
      return guard(() => ws.load(set.loader, texts));
    });
    const forget = () => {
      if (instance.loads.get(key) === load) instance.loads.delete(key);
    };
    load.promise.then(forget, forget);
    instance.loads.set(key, load);
  }
  return join(load, signal, progress);
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
.notes { margin: 8px 0; color: #4c6272; font-size: 14px; }
.notes p { margin: 4px 0; }
.notes details { margin: 0; font-size: 14px; }
.notes .list-head { margin: 8px 0 2px; font-weight: bold; color: #212b32; }
.notes ul { margin: 0; padding-left: 20px; }
.notes li { margin: 2px 0; overflow-wrap: anywhere; }
.notes li[data-severity="error"]::marker { color: #d5281b; }
.error { margin: 8px 0; padding: 8px 12px; border-left: 6px solid #d5281b; background: #fff; white-space: pre-line; font-size: 15px;
  overflow-wrap: anywhere; }
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

/** What a load that a later one replaced (or that the element's removal ended) comes to. */
const SUPERSEDED = Symbol('superseded');

/** Device pixels per CSS pixel of the PNG export, whatever the screen's ratio. */
const PNG_RATIO = 2;

/** How many diagnostics the list under a chart shows; the `load` event's report has them all. */
const LISTED = 100;

const Base = typeof HTMLElement === 'undefined' ? class {} : HTMLElement;

/** `<nhs-benchmark>`: an interactive benchmarking chart. See the package README for attributes. */
export class NhsBenchmarkElement extends Base {
  static observedAttributes = ['spec', 'src', 'organisations', 'observations', 'metrics-src', 'fingertips', 'assessments',
    'framework-src', 'view', 'metric', 'focus',
    'months', 'peers', 'benchmark', 'what-if', 'framework', 'round', 'chart-title', 'height',
    'care-setting', 'cohort', 'level', 'icb', 'dma-src', 'rtt-src'];

  static #rebuilding = false;

  static {
    // After a trap every chart on the page belonged to the dead instance: each element that was
    // showing (or loading) a chart loads again in the fresh one, once the trap has been handled.
    // An element showing an error keeps it until its next load.
    rebuildAfterTrap = () => {
      if (NhsBenchmarkElement.#rebuilding) return;
      NhsBenchmarkElement.#rebuilding = true;
      setTimeout(() => {
        NhsBenchmarkElement.#rebuilding = false;
        for (const el of live) if (el.dataset.state !== 'error') el.#load();
      }, 0);
    };
  }

  /** The chart on screen: drawn from its data in instance generation #chartGeneration. */
  #chart = null;
  #chartGeneration = -1;
  /** The sets the chart on screen shows, by key. */
  #keys = [];
  /** The sets the last `load` event announced. */
  #announced = [];
  /** The chart being built, while its `load` event runs: the getters answer from its data. */
  #incoming = null;
  #names = new Map();
  /** Files the user picked for the indicator data: `{loader, files: [{role, url, name, data}]}`. */
  #own = null;
  /** A trust's own maturity answers, added to the maturity data. */
  #ownAnswers = [];
  /** Settles when files the user picked have been read. */
  #reading = Promise.resolve();
  /** Counts loads: a load that is no longer the latest gives way without a word. */
  #ticket = 0;
  /** Aborts the latest load's fetches when a later load replaces it. */
  #abort = null;
  /** The latest load, which a replaced load's caller follows. */
  #current = null;
  #pending = false;
  #observer = null;
  #frame = 0;
  #width = 0;
  #drawnWidth = 0;
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
    const notes = el('div', { class: 'notes', part: 'notes' });
    notes.hidden = true;
    const error = el('div', { class: 'error', role: 'alert', part: 'error' });
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
    const png = el('button', { type: 'button', text: 'Download chart (PNG)' });
    const actions = el('div', { class: 'actions' }, csv, svg, png);
    const chartBox = el('div', { class: 'chart', part: 'chart' }, main, overlay, tooltip);
    chartBox.hidden = true;
    actions.hidden = true;
    details.hidden = true;
    root.append(chartBox, status, notes, error, description, help, announce, details, actions);
    this.#ui = { main, overlay, tooltip, status, notes, error, description, announce, table, details, actions, chartBox };

    overlay.addEventListener('pointermove', (e) => this.#interact((c) => c.pointerMove(...this.#xy(e))));
    overlay.addEventListener('pointerleave', (e) => {
      if (e.relatedTarget !== tooltip) this.#interact((c) => c.pointerLeave());
    });
    tooltip.addEventListener('pointerleave', (e) => {
      if (e.relatedTarget !== overlay) this.#interact((c) => c.pointerLeave());
    });
    overlay.addEventListener('click', (e) => this.#interact((c) => c.click(...this.#xy(e))));
    overlay.addEventListener('focus', () => this.#interact((c) => c.focus()));
    overlay.addEventListener('blur', () => this.#interact((c) => c.blur()));
    overlay.addEventListener('keydown', (e) => this.#interact((c) => {
      const effect = c.key(e.key);
      if (effect?.handled) e.preventDefault();
      return effect;
    }));
    details.addEventListener('toggle', () => details.open && this.#safely(() => this.#fillTable()));
    csv.addEventListener('click', () => this.#safely(() => this.#download(this.#call((c) => c.csv()), 'text/csv', 'csv')));
    svg.addEventListener('click', () => this.#safely(() => this.#download(this.#call((c) => c.svg()), 'image/svg+xml', 'svg')));
    png.addEventListener('click', () => this.png().then((blob) => this.#download(blob, 'image/png', 'png'), (e) => {
      if (!(e instanceof ChartTrap)) this.#fail(e);
    }));
  }

  connectedCallback() {
    live.add(this);
    this.#observer = new ResizeObserver((entries) => {
      const width = Math.floor(entries[0].contentRect.width);
      if (width > 0 && width !== this.#width) {
        this.#width = width;
        // The first observation usually reports the width the chart was just drawn at.
        if (width !== this.#drawnWidth) this.#schedule();
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
    this.#ticket++;
    this.#abort?.abort();
    this.#pending = false;
    this.#drop();
    // Sets no element holds any more are freed, after any element moved in the DOM has re-attached.
    const ws = instance.workspace;
    setTimeout(() => {
      if (!ws || ws !== instance.workspace) return;
      try {
        guard(() => ws.releaseUnused());
      } catch {
        // A trap here is handled like any other (a fresh instance); no chart is waiting on it.
      }
    }, 0);
  }

  attributeChangedCallback(name, previous, value) {
    if (previous === value || !this.isConnected) return;
    this.#load();
  }

  /** The chart's current spec with every choice resolved, as JSON: the recipe of an export. */
  get recipe() {
    return this.#safely(() => this.#data((c) => c.recipe())) ?? null;
  }

  /** The organisations a focus picker lists: `[{code, name}]`. */
  get organisations() {
    return this.#safely(() => this.#data((c) => c.organisations())) ?? [];
  }

  /** Metrics the chart can show: `[{id, title}]`. */
  get metrics() {
    return this.#safely(() => this.#data((c) => c.metrics())) ?? [];
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
   * Uses data the page already holds (files the user picked, read with File.arrayBuffer():
   * nothing is uploaded) instead of URLs: `{observations: File, metrics: File, organisations?: File}`
   * in the tidy format, or `{fingertips: File}`. Resolves with the load report; rejects with the
   * reason the files cannot be used (which the element also shows, with an `error` event).
   */
  useFiles(files) {
    const read = async (role, f) => (f
      ? { role, url: `file:${role}:${f.name}:${f.size}:${f.lastModified}`, name: f.name,
        data: { bytes: new Uint8Array(await f.arrayBuffer()) } }
      : null);
    const reading = (async () => {
      if (files?.fingertips) return { loader: 'fingertips', files: [await read('fingertips', files.fingertips)] };
      if (!files?.observations || !files?.metrics) {
        throw Object.assign(new TypeError('useFiles: choose an observations file and a metrics file (see the templates), or a Fingertips export'),
          { kind: 'data', code: 'files.missing', path: files?.observations ? 'metrics' : 'observations' });
      }
      const picked = await Promise.all([read('observations', files.observations), read('metrics', files.metrics),
        read('organisations', files.organisations)]);
      return { loader: 'tidy', files: picked.filter(Boolean) };
    })();
    // Loads that start while the files are read (an attribute set meanwhile) wait for them.
    this.#reading = reading.then((own) => { this.#own = own; }, () => {});
    // The load waits for the files too: files that cannot be used fail it like any other load
    // (the reason shown, one `error` event), and a later load replaces the failure.
    return this.#load({ rethrow: true, picked: reading });
  }

  /**
   * Fetches and parses the chart's files again (asking the server, not a cache), redraws, and
   * redraws every other chart on the page that shows the same files. Resolves with the load
   * report; rejects with the reason (which the element also shows).
   */
  reload() {
    return this.#load({ rethrow: true, reload: true });
  }

  /**
   * The chart as drawn, as a PNG at twice its CSS size (device pixel ratio 2, whatever the
   * screen's), with its recipe (the JSON `recipe` gives, which the SVG export carries too) in an
   * `iTXt` chunk with the keyword `nhs-benchmark-recipe`. Resolves with a Blob (`image/png`), or
   * null when no chart is drawn; rejects if the browser cannot encode it.
   */
  async png() {
    const chart = this.#live();
    if (!chart) return null;
    try {
      const canvas = document.createElement('canvas');
      if (!guard(() => chart.paintExport(canvas, PNG_RATIO))) return null;
      // Taken with the pixels: a chart drawn again while the PNG is encoded does not change it.
      const recipe = guard(() => chart.recipe());
      const encoded = await new Promise((ok, fail) => canvas.toBlob((b) => (b ? ok(b)
        : fail(new Error(`the browser could not encode the ${canvas.width} x ${canvas.height} pixel chart as PNG`))), 'image/png'));
      const pixels = new Uint8Array(await encoded.arrayBuffer());
      return new Blob([guard(() => pngWithRecipe(pixels, recipe))], { type: 'image/png' });
    } catch (e) {
      // A trap lost the chart with its instance: shown in its place, as for any other call.
      if (e instanceof ChartTrap) this.#fail(e);
      throw e;
    }
  }

  /** Selects an organisation by ODS code, as if the user had clicked it. */
  selectOrganisation(code) {
    return this.#safely(() => this.#call((c) => c.select(String(code)))) ?? false;
  }

  /** Test only: a panic inside the module, as this chart would meet one. */
  __panicForTest() {
    this.#safely(() => guard(() => panicInCore()));
  }

  #attributes() {
    return [...this.attributes].map((a) => [a.name, a.value]);
  }

  /** The chart on screen, unless a trap has since replaced the instance it lived in. */
  #live() {
    if (this.#chart && this.#chartGeneration !== instance.generation) {
      // Lost with its instance: dropped without a call into it, not even free().
      this.#chart = null;
    }
    return this.#chart;
  }

  /** Calls into the chart on screen (undefined when there is none). A trap loses every chart of
   * the instance, this one with them; `guard` starts a fresh instance. */
  #call(f) {
    const chart = this.#live();
    return chart ? guard(() => f(chart)) : undefined;
  }

  /** Asks the newest chart with data: the one being built during its `load` event, else the one on screen. */
  #data(f) {
    const incoming = this.#incoming;
    return incoming ? guard(() => f(incoming)) : this.#call(f);
  }

  /** Runs `f`; a failure (a trap, or an error from the core) is shown in place of the chart. */
  #safely(f) {
    try {
      return f();
    } catch (e) {
      this.#fail(e);
      return undefined;
    }
  }

  /** A DOM event passed to the chart, and its effect shown. */
  #interact(f) {
    this.#safely(() => this.#apply(this.#call(f)));
  }

  #drop() {
    const chart = this.#chart;
    const generation = this.#chartGeneration;
    this.#chart = null;
    this.#keys = [];
    if (chart && generation === instance.generation) {
      try {
        guard(() => chart.free());
      } catch {
        // A trap while freeing is handled by guard; the chart is gone either way.
      }
    }
  }

  /** Starts a load of the chart's data as the attributes now say; a load still running gives way
   * (its fetches are aborted unless another element waits for them). Resolves with the report of
   * the load the element ends up showing; with `rethrow`, rejects with its error. */
  #load({ rethrow = false, reload = false, changed = false, picked = null } = {}) {
    const ticket = ++this.#ticket;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    const attempt = this.#attempt(ticket, abort.signal, { reload, changed, picked }, 0);
    this.#current = attempt;
    const follow = (p) => p.then((r) => {
      if (r !== SUPERSEDED) return r;
      return this.#current === p ? null : follow(this.#current);
    });
    const result = follow(attempt);
    return rethrow ? result : result.catch(() => null);
  }

  async #attempt(ticket, signal, { reload, changed, picked = null }, tries) {
    const latest = () => ticket === this.#ticket && this.isConnected;
    this.#pending = true;
    this.dataset.state = 'loading';
    if (!this.#live()) this.#status('Loading chart…');
    let next = null;
    let generation = -1;
    let announced = false;
    try {
      await this.#reading;
      // Files the user picked for this load: a rejection (none picked, one unreadable) is its failure.
      await picked;
      await ready();
      if (!latest()) return SUPERSEDED;
      generation = instance.generation;
      const spec = guard(() => specFromAttributes(this.#attributes()));
      const ws = await pageWorkspace();
      next = guard(() => new NhsChart(this.#ui.main, this.#ui.overlay, spec));
      const sets = guard(() => next.sources());
      const progress = (file, loaded, total) => latest() && this.#progress(file, loaded, total);
      const results = await Promise.all(sets.map((set) => this.#loadSet(ws, set, { signal, progress, reload })));
      if (!latest()) return SUPERSEDED;
      const attached = generation === instance.generation && results.every(({ key }) => guard(() => next.attach(ws, key)));
      if (!attached && tries < 3) {
        // A trap replaced the instance, or the data was released, while this load waited: again.
        return await this.#attempt(ticket, signal, { reload: false, changed }, tries + 1);
      }
      if (!attached) throw new Error('the data was released while the chart loaded: reload the page');
      const keys = results.map((r) => r.key);
      const report = results.length === 1 ? results[0].report : merge(results.map((r) => r.report));
      if (reload || changed || keys.join('\n') !== this.#announced.join('\n')) {
        // New data: `load` fires before the chart is drawn, so a page can look at the data
        // (organisations, metrics) and change the attributes; a change makes this load give way.
        this.#announced = keys;
        announced = true;
        this.#report = report;
        this.#incoming = next;
        try {
          this.dispatchEvent(new CustomEvent('load', { detail: report }));
        } finally {
          this.#incoming = null;
        }
        if (!latest()) return SUPERSEDED;
      }
      const info = this.#paint(next);
      // The chart's own report: its sets' reports and what its view's join of them leaves out
      // (the trusts that do not join, for maturity beside outcomes), known once it is laid out.
      const drawn = guard(() => next.report());
      this.#drop();
      this.#chart = next;
      this.#chartGeneration = generation;
      next = null;
      this.#keys = keys;
      this.#report = drawn;
      this.#pending = false;
      this.#names = new Map(this.organisations.map((o) => [o.code, o.name]));
      this.#show(info);
      this.dispatchEvent(new CustomEvent('ready', { detail: info }));
      if (reload) {
        for (const other of live) if (other !== this && other.#keys.some((k) => keys.includes(k))) other.#load({ changed: true });
      }
      return drawn;
    } catch (e) {
      if (!latest()) return SUPERSEDED;
      if (generation !== -1 && generation !== instance.generation && !(e instanceof ChartTrap) && tries < 3) {
        // A trap elsewhere replaced the instance while this load waited (its fetch was aborted
        // with the rest): load again in the fresh one.
        if (next) next = null;
        return await this.#attempt(ticket, signal, { reload, changed }, tries + 1);
      }
      const keys = this.#announced;
      this.#fail(e);
      // Data that loaded but could not be drawn is not announced again when it can be.
      if (announced) this.#announced = keys;
      throw e;
    } finally {
      if (next && generation === instance.generation) {
        try {
          guard(() => next.free());
        } catch {
          // Handled by guard.
        }
      }
    }
  }

  /** One set of files for this chart: the user's own files stand in for the URLs when given. */
  #loadSet(ws, set, options) {
    if (set.need === 'indicators' && this.#own) {
      return loadSet(ws, { ...set, loader: this.#own.loader, files: [] }, this.#own.files, options);
    }
    const loaded = loadSet(ws, set, [], options);
    if (set.need !== 'maturity' || !this.#ownAnswers.length) return loaded;
    const generation = instance.generation;
    return loaded.then(({ key }) => {
      if (generation !== instance.generation) throw aborted();
      return guard(() => ws.extend(key, this.#ownAnswers));
    });
  }

  #schedule() {
    cancelAnimationFrame(this.#frame);
    // A load in flight draws at the new width when its data is in; until then nothing is drawn.
    this.#frame = requestAnimationFrame(() => !this.#pending && this.#redraw());
  }

  /** Draws the chart on screen again at the element's width (after a resize). */
  #redraw() {
    const chart = this.#live();
    if (!chart || this.dataset.state !== 'ready') return;
    this.#safely(() => {
      const info = this.#paint(chart);
      this.#show(info);
      this.dispatchEvent(new CustomEvent('ready', { detail: info }));
    });
  }

  #paint(chart) {
    const width = this.#width || Math.floor(this.getBoundingClientRect().width) || 720;
    this.#drawnWidth = width;
    const height = Math.round(Math.min(640, Math.max(420, width * 0.62)));
    return guard(() => chart.render(width, height, window.devicePixelRatio || 1));
  }

  /** Shows a drawn chart: canvases sized, its words for screen readers, its notes. */
  #show(info) {
    const { main, overlay, description, error, chartBox, actions, details, tooltip, status } = this.#ui;
    for (const c of [main, overlay]) {
      c.style.width = `${info.width}px`;
      c.style.height = `${info.height}px`;
    }
    overlay.setAttribute('aria-label', cut(info.title, 1000));
    description.textContent = cut(`${info.subtitle} ${info.description}`, 4000);
    this.#notes(info.warnings, this.#report);
    error.hidden = true;
    status.hidden = true;
    chartBox.hidden = false;
    actions.hidden = false;
    details.hidden = false;
    tooltip.hidden = true;
    if (details.open) this.#fillTable();
    this.dataset.state = 'ready';
  }

  /**
   * Shows, under the chart, every diagnostic of its data (rows skipped, values suppressed,
   * warnings from reading the files, each with file, row and column and what to do) and the
   * chart's own notes: one note alone as a sentence, more as a list behind a summary.
   */
  #notes(allWarnings, report) {
    const { notes } = this.#ui;
    const diagnostics = report?.diagnostics ?? [];
    // A note the report already lists (the trusts a join leaves out) is shown once, with the data.
    const listed = new Set(diagnostics.map((d) => d.message));
    const warnings = allWarnings.filter((w) => !listed.has(w));
    const skipped = report?.rows_skipped ?? 0;
    if (!diagnostics.length && warnings.length <= 1) {
      notes.hidden = warnings.length === 0;
      notes.replaceChildren(...warnings.map((w) => el('p', { text: cut(w, 2000) })));
      return;
    }
    const count = (n, one, many) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
    const heads = [];
    if (skipped) heads.push(`${count(skipped, 'row', 'rows')} of ${report.rows_read.toLocaleString('en-GB')} skipped`);
    const kept = diagnostics.length - (skipped ? Math.min(skipped, diagnostics.length) : 0);
    if (!skipped && diagnostics.length) heads.push(count(diagnostics.length, 'note about the data', 'notes about the data'));
    else if (kept > 0) heads.push(count(kept, 'other note about the data', 'other notes about the data'));
    if (warnings.length) heads.push(count(warnings.length, 'note about this chart', 'notes about this chart'));
    const items = diagnostics.slice(0, LISTED).map((d) => el('li', { 'data-severity': d.severity, text: cut(placed(d), 2000) }));
    if (diagnostics.length > LISTED) {
      items.push(el('li', { text: `… and ${(diagnostics.length - LISTED).toLocaleString('en-GB')} more in the load report (the element's report property)` }));
    }
    const lists = [];
    if (items.length) lists.push(el('p', { class: 'list-head', text: 'The data' }), el('ul', {}, ...items));
    if (warnings.length) {
      lists.push(el('p', { class: 'list-head', text: 'This chart' }), el('ul', {}, ...warnings.map((w) => el('li', { text: cut(w, 2000) }))));
    }
    const open = notes.querySelector('details')?.open ?? false;
    const details = el('details', {}, el('summary', { text: heads.join(', ') }), ...lists);
    // A redraw (a resize) keeps the list as the reader left it.
    details.open = open;
    notes.replaceChildren(details);
    notes.hidden = false;
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
    const place = this.#call((c) => c.placeTooltip(index, tooltip.offsetWidth, tooltip.offsetHeight));
    if (!place) return;
    tooltip.style.left = `${place[0]}px`;
    tooltip.style.top = `${place[1]}px`;
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

  /** Download progress: the status line, and a `progress` event `{file, loaded, total}` (total 0 if unknown). */
  #progress(file, loaded, total) {
    this.#ui.status.hidden = false;
    this.#ui.status.textContent = total ? `Loading ${file}: ${Math.round((100 * loaded) / total)}%` : `Loading ${file}…`;
    this.dispatchEvent(new CustomEvent('progress', { detail: { file, loaded, total } }));
  }

  #status(text) {
    this.#ui.status.hidden = false;
    this.#ui.status.textContent = text;
  }

  /** Shows a failure in place of the chart, and fires `error` (once per failed load). */
  #fail(e) {
    const message = cut(e instanceof Error ? e.message : String(e), 4000);
    this.#drop();
    this.#pending = false;
    this.#announced = [];
    const { error, status, notes, chartBox, actions, details } = this.#ui;
    error.replaceChildren(el('strong', { text: 'This chart could not be drawn' }), document.createTextNode(message));
    error.hidden = false;
    status.hidden = true;
    notes.hidden = true;
    chartBox.hidden = true;
    actions.hidden = true;
    details.hidden = true;
    this.dataset.state = 'error';
    const { kind, code, path } = e ?? {};
    this.dispatchEvent(new CustomEvent('error', { detail: { message, kind, code, path } }));
  }
}

/** A diagnostic as the list under a chart shows it: "file, row 4, column 'value': what and how to fix". */
function placed(d) {
  let where = d.file;
  if (d.row != null) where += `, row ${d.row}`;
  if (d.column) where += `, column '${d.column}'`;
  return `${where}: ${d.message}`;
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
