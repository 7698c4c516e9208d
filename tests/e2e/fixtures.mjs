// A test server for the element's life cycle: the static server (www/ and pkg/ under the strict
// CSP) plus the awkward servers a chart meets in the wild, each at its own path:
//
//   /slow/<ms>/<path>      the file at <path> (under www/), after <ms> milliseconds
//   /reset/<path>          the headers and half the body of <path>, then the connection is reset
//   /status/<code>/<name>  an empty answer with that status
//   /changing/<name>       the text the test last put with `files.set(name, text)`
//   /page/<name>           an HTML page the test put with `pages.set(name, html)`, under the CSP
//
// Every request is logged in `log` as {path, done}: `done` is false when the client went away
// before the answer was complete (an aborted fetch).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createStaticServer, CSP } from '../../scripts/serve.mjs';
import { ROOT } from './browser.mjs';

export async function startLifecycleServer() {
  const statics = createStaticServer().listeners('request')[0];
  const files = new Map();
  const pages = new Map();
  const log = [];
  const headers = (type) => ({ 'content-type': type, 'content-security-policy': CSP, 'cache-control': 'no-store' });
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const entry = { path, done: false };
    log.push(entry);
    res.on('finish', () => { entry.done = true; });
    let m;
    if ((m = path.match(/^\/slow\/(\d+)(\/.+)$/))) {
      const body = await readFile(join(ROOT, 'www', m[2]));
      const timer = setTimeout(() => {
        res.writeHead(200, headers('text/csv; charset=utf-8'));
        res.end(body);
      }, Number(m[1]));
      req.on('close', () => clearTimeout(timer));
    } else if ((m = path.match(/^\/reset(\/.+)$/))) {
      const body = await readFile(join(ROOT, 'www', m[1]));
      res.writeHead(200, { ...headers('text/csv; charset=utf-8'), 'content-length': body.length });
      res.write(body.subarray(0, body.length >> 1));
      setTimeout(() => res.socket.resetAndDestroy(), 50);
    } else if ((m = path.match(/^\/status\/(\d+)\//))) {
      res.writeHead(Number(m[1]), headers('text/plain; charset=utf-8'));
      res.end('');
    } else if ((m = path.match(/^\/changing\/(.+)$/)) && files.has(m[1])) {
      res.writeHead(200, headers('text/csv; charset=utf-8'));
      res.end(files.get(m[1]));
    } else if ((m = path.match(/^\/page\/(.+)$/)) && pages.has(m[1])) {
      res.writeHead(200, headers('text/html; charset=utf-8'));
      res.end(pages.get(m[1]));
    } else {
      statics(req, res);
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, base: `http://127.0.0.1:${server.address().port}`, files, pages, log };
}

/** A page under the CSP with the package loaded and `body` in it. */
export function page(body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lifecycle</title><link rel="icon" href="data:,">
<script type="module" src="/pkg/nhs-benchmark.js"></script></head>
<body><main id="box">${body}</main></body></html>`;
}

/** The tidy template's three files as attributes (three trusts: the smallest real chart). */
export const TIDY = 'observations="/data/templates/observations.csv" metrics-src="/data/templates/metrics.json" '
  + 'organisations="/data/templates/organisations.csv"';

/** 15 observation rows of which 8 are wrong in 8 different ways. */
export const SEVEN_GOOD_EIGHT_BAD = `org_code,metric,period,numerator,denominator,value
RM3,ae_4hr_type1,2019-02,6020,8361,
RM3,ae_4hr_type1,2019-03,7749,9286,
RBL,ae_4hr_type1,2019-03,5195,7785,
RA7,ae_4hr_type1,2019-03,8203,10482,
RM3,ae_attendances_type1,2019-03,,,9286
RBL,ae_attendances_type1,2019-03,,,7785
RA7,ae_attendances_type1,2019-03,,,10482
RM3,ae_4hr_type1,2019-01,lots,8361,
RBL,ae_4hr_type1,2019-02,9000,8000,
RA7,ae_4hr_type1,2019-02,-5,8000,
,ae_4hr_type1,2019-02,100,200,
RM3,no_such_metric,2019-03,1,2,
RA7,ae_attendances_type1,2019-02,,,12%
RM3,ae_attendances_type1,2019-02,,,1e400
RBL,ae_attendances_type1,2019-01,,,lots
`;

/**
 * Records every `load`, `ready` and `error` event of the elements on the page (present and
 * future) in `window.events[id]`, in order, with the error messages in `window.errors[id]`.
 */
export function recordEvents(p) {
  return p.addInitScript(() => {
    window.events = {};
    window.errors = {};
    for (const type of ['load', 'ready', 'error']) {
      document.addEventListener(type, (e) => {
        const el = e.composedPath()[0];
        if (el?.localName !== 'nhs-benchmark') return;
        (window.events[el.id] ??= []).push(type);
        if (type === 'error') (window.errors[el.id] ??= []).push(e.detail.message);
      }, true);
    }
  });
}

/** The wasm memory of the live instance, and the page's DOM nodes after a full garbage collection. */
export async function measure(p, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { nodes, jsEventListeners } = await cdp.send('Memory.getDOMCounters');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const wasm = await p.evaluate(async () => (await import('/pkg/nhs-benchmark.js')).memoryBytes());
  return { wasm, nodes, listeners: jsEventListeners, jsHeap: usedSize };
}
