// Embedding as a trust web editor would: the README's snippet, pasted into a page served with a
// strict CSP, draws the chart; bad data and dead links show a readable message and an `error`
// event, and the rest of the page keeps working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, startServer, watchedPage, inkedPixels, ROOT, SHOTS } from './browser.mjs';
import { CSP } from '../../scripts/serve.mjs';

let server, base, context;

before(async () => {
  ({ server, base } = await startServer());
  context = await launch();
});

after(async () => {
  await context?.close();
  server?.close();
});

/** The HTML between the README's embed markers, pointed at the package this server serves. */
function readmeSnippet() {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const m = readme.match(/<!-- embed-snippet -->\s*```html\n([\s\S]*?)```/);
  assert.ok(m, 'README.md has an embed snippet between <!-- embed-snippet --> and a ```html block');
  return m[1].replaceAll('/assets/nhs-benchmark/', '/pkg/');
}

/** Serves `body` as an HTML page at `path` with the strict CSP, and opens it. */
async function openPage(path, body, routes = {}) {
  const w = await watchedPage(context);
  await w.page.route(`${base}${path}`, (r) => r.fulfill({
    status: 200, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': CSP }, body,
  }));
  for (const [route, reply] of Object.entries(routes)) await w.page.route(`${base}${route}`, (r) => r.fulfill(reply));
  await w.page.goto(`${base}${path}`);
  return w;
}

const page = (inner) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Trust intranet</title></head>
<body><h1>Our A&amp;E performance</h1>${inner}<button id="after">Still usable</button></body></html>`;

test("the README's embed snippet draws the chart under a strict CSP", async () => {
  const { page: p, problems } = await openPage('/intranet.html', page(readmeSnippet()));
  await p.waitForSelector('nhs-benchmark[data-state="ready"]', { timeout: 20000 });
  const pixels = await inkedPixels(p);
  assert.ok(pixels.n > 20000, `only ${pixels.n} inked pixels`);
  await p.screenshot({ path: join(SHOTS, 'embed.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await p.close();
});

test('a data file with breaches above attendances shows where, fires error, and the page stays usable', async () => {
  // Every row is bad (a file with some good rows loads them and reports the rest).
  const bad = 'period,org_code,type,attendances,breaches,admissions\n2019-03-01,RM3,1,100,105,3\n2019-03-01,RBL,1,100,120,3\n';
  const { page: p, problems } = await openPage('/bad.html',
    page('<script type="module" src="/pkg/nhs-benchmark.js"></script><nhs-benchmark src="/data/bad-ae.csv"></nhs-benchmark>'),
    { '/data/bad-ae.csv': { status: 200, contentType: 'text/csv', body: bad } });
  await p.waitForSelector('nhs-benchmark[data-state="error"]', { timeout: 20000 });
  const message = await p.evaluate(() => document.querySelector('nhs-benchmark').shadowRoot.querySelector('.error').textContent);
  assert.match(message, /bad-ae\.csv, row 3, column 'breaches': 120 breaches is more than the 100 attendances/);
  const shown = await p.evaluate(() => [...document.querySelector('nhs-benchmark').shadowRoot.querySelectorAll('.actions, .chart, details')]
    .filter((e) => getComputedStyle(e).display !== 'none').length);
  assert.equal(shown, 0, 'no chart, downloads or table are offered for data that failed to load');
  await p.click('#after');
  await p.screenshot({ path: join(SHOTS, 'embed-error.png') });
  assert.deepEqual(problems, []);
  await p.close();
});

test('a missing column and a dead link each give a readable message and an error event', async () => {
  const { page: p, problems } = await openPage('/missing.html',
    page(`<script type="module" src="/pkg/nhs-benchmark.js"></script>
      <nhs-benchmark id="a" src="/data/no-breaches.csv"></nhs-benchmark>
      <nhs-benchmark id="b" src="/data/does-not-exist.csv"></nhs-benchmark>`),
    { '/data/no-breaches.csv': { status: 200, contentType: 'text/csv', body: 'period,org_code,type,attendances,admissions\n' } });
  await p.waitForSelector('#a[data-state="error"]', { timeout: 20000 });
  await p.waitForSelector('#b[data-state="error"]', { timeout: 20000 });
  const text = (id) => p.evaluate((i) => document.getElementById(i).shadowRoot.querySelector('.error').textContent, id);
  assert.match(await text('a'), /no-breaches\.csv, row 1, column 'breaches': missing column breaches/);
  assert.match(await text('b'), /does-not-exist\.csv: the server answered 404/);
  // The browser itself logs the failed fetch; anything else is a problem.
  assert.deepEqual(problems.filter((m) => !/404 \(Not Found\)/.test(m)), []);
  await p.close();
});

test('a spec with an unknown field names its JSON path', async () => {
  const { page: p } = await openPage('/spec.html',
    page(`<script type="module" src="/pkg/nhs-benchmark.js"></script>
      <nhs-benchmark spec='{"metric":"ae_4hr_type1","colour":"red"}'></nhs-benchmark>`));
  const detail = await p.evaluate(() => new Promise((ok) => {
    const el = document.querySelector('nhs-benchmark');
    if (el.dataset.state === 'error') ok(el.shadowRoot.querySelector('.error').textContent);
    el.addEventListener('error', (e) => ok(e.detail.message), { once: true });
  }));
  assert.match(detail, /spec attribute: colour: unknown field `colour`, expected one of `data`/);
  await p.close();
});
