// The benchmark's static server: www/ at /, the built package at /pkg/, and the peers' browser
// builds from node_modules (pinned in package.json, never fetched at run time) at /vendor/.
// Pages that load only our package (the explorer, the single element, our cold start) carry the
// project's strict Content-Security-Policy, as every user's page might. Pages that host a peer get
// a relaxed policy, so each peer runs as on an unrestricted page: Vega compiles its expressions
// with `new Function` ('unsafe-eval'; under the strict policy it would need vega-interpreter and
// `ast: true`, which is slower), and Plot and vega-embed insert <style> elements ('unsafe-inline').
// Listens on 127.0.0.1 only.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CSP } from './serve.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const MODULES = join(ROOT, 'node_modules');

export const RELAXED_CSP = CSP
  .replace("script-src 'self' 'wasm-unsafe-eval'", "script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'")
  .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

/** The peers' files a page may load, by the name it asks for: nothing else under node_modules. */
export const VENDOR = {
  'chart.umd.min.js': 'chart.js/dist/chart.umd.min.js',
  'd3.min.js': 'd3/dist/d3.min.js',
  'plot.umd.min.js': '@observablehq/plot/dist/plot.umd.min.js',
  'vega.min.js': 'vega/build/vega.min.js',
  'vega-lite.min.js': 'vega-lite/build/vega-lite.min.js',
  'vega-embed.min.js': 'vega-embed/build/vega-embed.min.js',
  'vega-interpreter.js': 'vega-interpreter/build/vega-interpreter.js',
  'simple-statistics.mjs': 'simple-statistics/dist/simple-statistics.mjs',
};

/** The one ES module import vega-interpreter makes, answered from the Vega UMD build's global. */
function vendorText(name, text) {
  if (name !== 'vega-interpreter.js') return text;
  return text.replace(/^import \{([^}]*)\} from 'vega-util';/m, 'const {$1} = globalThis.vega;');
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Pages under /bench/ that host a peer library (the relaxed policy); all else is strict. */
const PEER_PAGES = new Set(['/bench/render.html', '/bench/startup-peer.html']);
// /bench/vega-strict.html deliberately keeps the strict policy: it checks what Vega needs under it.

function fileFor(path, pkgDir) {
  if (path.startsWith('/vendor/')) {
    const name = path.slice('/vendor/'.length);
    return Object.hasOwn(VENDOR, name) ? { file: join(MODULES, VENDOR[name]), vendor: name } : null;
  }
  const [dir, rest] = path.startsWith('/pkg/') ? [pkgDir, path.slice(5)] : [join(ROOT, 'www'), path.slice(1)];
  const file = normalize(join(dir, rest || 'index.html'));
  return file === dir || file.startsWith(dir + sep) ? { file } : null;
}

/** `pkgDir` replaces pkg/ (the profile serves a build that keeps the wasm's function names). */
export function createBenchServer({ pkgDir = join(ROOT, 'pkg') } = {}) {
  return createServer(async (req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const csp = PEER_PAGES.has(path) ? RELAXED_CSP : CSP;
    try {
      const found = fileFor(path, pkgDir);
      if (!found) throw Object.assign(new Error('outside'), { code: 'ENOENT' });
      let { file } = found;
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      let body = await readFile(file);
      if (found.vendor) body = vendorText(found.vendor, body.toString('utf8'));
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': csp,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch (e) {
      res.writeHead(e.code === 'ENOENT' ? 404 : 500, { 'content-type': 'text/plain; charset=utf-8', 'content-security-policy': CSP });
      res.end(e.code === 'ENOENT' ? 'not found' : 'server error');
    }
  });
}

export async function startBenchServer(options) {
  const server = createBenchServer(options);
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, base: `http://127.0.0.1:${server.address().port}` };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 8081);
  createBenchServer().listen(port, '127.0.0.1', () => {
    console.log(`nhs-benchmark benchmark pages: http://127.0.0.1:${port}/bench/render.html  (Ctrl+C to stop)`);
  });
}
