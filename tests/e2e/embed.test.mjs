// Embedding as a trust web editor would: the README's snippet, pasted into a page served with a
// strict CSP, draws the chart; bad data and dead links show a readable message and an `error`
// event, and the rest of the page keeps working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
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

/** In the page: the PNG's bytes and what they say, read with an independent chunk walker and CRC. */
const READ_PNG = async (blob) => {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const view = new DataView(bytes.buffer);
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (part) => {
    let c = 0xFFFFFFFF;
    for (const b of part) c = table[(c ^ b) & 0xFF] ^ (c >>> 8);
    return (c ^ 0xFFFFFFFF) >>> 0;
  };
  const chunks = [];
  for (let at = 8; at < bytes.length;) {
    const len = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + len);
    const crcOk = crc(bytes.subarray(at + 4, at + 8 + len)) === view.getUint32(at + 8 + len);
    chunks.push({ type, at, len, crcOk, hex: type === 'iTXt' || type === 'tEXt' ? [...bytes.subarray(at, at + 12 + len)].join(',') : null });
    if (type === 'iTXt') {
      const nul = data.indexOf(0);
      const keyword = new TextDecoder().decode(data.subarray(0, nul));
      // Compression flag, method, then the language tag and translated keyword, each ended by NUL.
      let rest = data.subarray(nul + 3);
      rest = rest.subarray(rest.indexOf(0) + 1);
      rest = rest.subarray(rest.indexOf(0) + 1);
      Object.assign(chunks.at(-1), { keyword, compressed: data[nul + 1], text: new TextDecoder().decode(rest) });
    }
    at += 12 + len;
  }
  const bitmap = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(bitmap, 0, 0);
  const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
  let ink = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240)) ink++;
  return {
    type: blob.type,
    signature: [...bytes.subarray(0, 8)],
    ihdr: { width: view.getUint32(16), height: view.getUint32(20) },
    chunks,
    bitmap: { width: bitmap.width, height: bitmap.height, ink },
    b64: btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join('')),
  };
};

test('the PNG export is the chart at twice its CSS size with its recipe in an iTXt chunk, byte-identical for the same spec', async () => {
  const { page: p, problems } = await openPage('/png.html', page(`<script type="module" src="/pkg/nhs-benchmark.js"></script>
      <div id="box"><nhs-benchmark id="a" focus="RM3" months="12"></nhs-benchmark>
      <nhs-benchmark id="b" focus="RM3" months="12"></nhs-benchmark>
      <nhs-benchmark id="c" view="funnel" focus="RBL" months="6"></nhs-benchmark></div>`));
  await p.evaluate(() => { document.getElementById('box').style.width = '760px'; });
  await p.waitForFunction(() => ['a', 'b', 'c'].every((id) => document.getElementById(id).dataset.state === 'ready'), null, { timeout: 30000 });
  // Given as source and evaluated through the debugger protocol: the page's CSP allows no eval.
  await p.evaluate(`window.readPng = ${READ_PNG}`);
  const got = await p.evaluate(async () => {
    const read = window.readPng;
    const out = {};
    for (const id of ['a', 'b', 'c']) {
      const e = document.getElementById(id);
      const css = e.shadowRoot.querySelector('canvas.main').getBoundingClientRect();
      out[id] = { ...(await read(await e.png())), recipe: e.recipe, css: { width: css.width, height: css.height } };
    }
    out.again = await read(await document.getElementById('a').png());
    return out;
  });
  const { a, b, c, again } = got;
  for (const [id, shot] of Object.entries({ a, b, c })) {
    assert.equal(shot.type, 'image/png');
    assert.deepEqual(shot.signature, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], `${id}: the PNG signature`);
    assert.equal(shot.chunks[0].type, 'IHDR');
    assert.equal(shot.ihdr.width, 2 * shot.css.width, `${id}: twice the chart's CSS width`);
    assert.equal(shot.ihdr.height, 2 * shot.css.height, `${id}: twice the chart's CSS height`);
    assert.ok(shot.chunks.every((k) => k.crcOk), `${id}: every chunk's CRC holds`);
    const texts = shot.chunks.filter((k) => k.type === 'iTXt' || k.type === 'tEXt');
    assert.equal(texts.length, 1, `${id}: one text chunk`);
    assert.deepEqual([texts[0].keyword, texts[0].compressed], ['nhs-benchmark-recipe', 0]);
    assert.deepEqual(shot.chunks.at(-2), texts[0], `${id}: just before IEND`);
    assert.equal(shot.chunks.at(-1).type, 'IEND');
    assert.equal(texts[0].text, shot.recipe, `${id}: the chunk is the recipe, as the element gives it`);
    assert.deepEqual({ w: shot.bitmap.width, h: shot.bitmap.height }, { w: shot.ihdr.width, h: shot.ihdr.height });
    assert.ok(shot.bitmap.ink > 100_000, `${id}: the decoded PNG has ink (${shot.bitmap.ink} pixels)`);
  }
  console.log(`PNG export: ${a.ihdr.width} x ${a.ihdr.height} px for a ${a.css.width} x ${a.css.height} CSS px chart, `
    + `${Math.round(a.b64.length * 0.75 / 1024)} KiB, ${a.bitmap.ink} inked pixels, recipe chunk ${a.chunks.at(-2).len + 12} bytes`);
  const recipe = (shot) => JSON.parse(shot.chunks.at(-2).text);
  assert.equal(recipe(a).focus, 'RM3');
  assert.equal(recipe(a).view, 'ranked');
  assert.equal(recipe(c).focus, 'RBL');
  assert.equal(recipe(c).view, 'funnel');
  assert.equal(a.chunks.at(-2).hex, b.chunks.at(-2).hex, 'the same data and spec: byte-identical recipe chunks');
  assert.equal(a.chunks.at(-2).hex, again.chunks.at(-2).hex, 'the same chart exported again: the same chunk');
  assert.notEqual(a.chunks.at(-2).hex, c.chunks.at(-2).hex);
  writeFileSync(join(SHOTS, 'export-ranked.png'), Buffer.from(a.b64, 'base64'));
  writeFileSync(join(SHOTS, 'export-funnel.png'), Buffer.from(c.b64, 'base64'));
  // The button beside the SVG and CSV downloads saves the same file.
  const download = p.waitForEvent('download');
  await p.evaluate(() => [...document.getElementById('a').shadowRoot.querySelectorAll('.actions button')]
    .find((x) => x.textContent === 'Download chart (PNG)').click());
  const saved = await download;
  assert.equal(saved.suggestedFilename(), 'nhs-benchmark.png');
  const file = readFileSync(await saved.path());
  assert.equal(file.toString('base64'), a.b64, 'the download is the PNG png() gives');
  const labels = await p.evaluate(() => [...document.getElementById('a').shadowRoot.querySelectorAll('.actions button')].map((x) => x.textContent));
  assert.deepEqual(labels, ['Download data (CSV)', 'Download chart (SVG)', 'Download chart (PNG)']);
  assert.deepEqual(problems, []);
  await p.close();
});

test("the default height is the README's: 62% of the width, kept between its bounds", async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const row = readme.split('\n').find((l) => l.startsWith('| `height` |'));
  const m = row?.match(/(\d+)% of the width, kept between (\d+) and (\d+) px \(taller when titles and legend leave the plot under (\d+) px\)/);
  assert.ok(m, `the README's height row states the share and the bounds: ${row}`);
  const [share, low, high, plot] = m.slice(1).map(Number);
  assert.equal(plot, 160, 'chart::layout::MIN_PLOT_HEIGHT');
  // Months 3 and a short title, so no chart here needs to grow past its height for its plot.
  const widths = [560, 800, 1100];
  const { page: p, problems } = await openPage('/heights.html', page(`<script type="module" src="/pkg/nhs-benchmark.js"></script>
    ${widths.map((w) => `<div id="w${w}"><nhs-benchmark months="3" chart-title="Short"></nhs-benchmark></div>`).join('')}`));
  await p.evaluate((ws) => { for (const w of ws) document.getElementById(`w${w}`).style.width = `${w}px`; }, widths);
  await p.waitForFunction(() => [...document.querySelectorAll('nhs-benchmark')].every((e) => e.dataset.state === 'ready'
    && e.shadowRoot.querySelector('canvas.main').getBoundingClientRect().width === e.parentElement.getBoundingClientRect().width),
  null, { timeout: 30000 });
  const heights = await p.evaluate(() => [...document.querySelectorAll('nhs-benchmark')]
    .map((e) => e.shadowRoot.querySelector('canvas.main').getBoundingClientRect().height));
  assert.deepEqual(heights, widths.map((w) => Math.round(Math.min(high, Math.max(low, (w * share) / 100)))));
  assert.deepEqual(heights, [420, 496, 640], 'the narrow chart at the floor, the wide one at the ceiling');
  // At 360 px the words take more room: the chart grows so its plot keeps 160 px.
  await p.evaluate(() => { document.getElementById('w560').style.width = '360px'; });
  await p.waitForFunction(() => document.querySelector('nhs-benchmark').shadowRoot.querySelector('canvas.main')
    .getBoundingClientRect().width === 360, null, { timeout: 20000 });
  const narrow = await p.evaluate(() => document.querySelector('nhs-benchmark').shadowRoot.querySelector('canvas.main')
    .getBoundingClientRect().height);
  assert.ok(narrow >= low, `at 360 px the chart is ${narrow} px tall`);
  assert.deepEqual(problems, []);
  await p.close();
});

test('the published maturity views take their choices as attributes and their data from the package', async () => {
  // Every ready and error event of the page, recorded from before the element is defined.
  const record = `window.seen = [];
    document.addEventListener('ready', (e) => window.seen.push(e.detail), true);
    document.addEventListener('error', (e) => e.detail && window.seen.push({ error: e.detail.message }), true);`;
  // No data URL: the element fetches the DMA results and the 2026 trust list bundled in pkg/data.
  const { page: p, problems, requests } = await openPage('/dma.html',
    page(`<script type="module" src="/record.js"></script><script type="module" src="/pkg/nhs-benchmark.js"></script>
      <nhs-benchmark view="dmaRadar" focus="RX4" care-setting="Mental Health" cohort="exemplars"></nhs-benchmark>`),
    { '/record.js': { status: 200, contentType: 'text/javascript', body: record } });
  const nth = (n) => p.waitForFunction((k) => window.seen.length >= k && window.seen[k - 1], n, { timeout: 60000 })
    .then((h) => h.jsonValue());
  const first = await nth(1);
  assert.equal(first.error, undefined, first.error);
  assert.match(`${first.title} ${first.subtitle} ${first.description}`, /exemplar/i);
  assert.match(`${first.title} ${first.subtitle} ${first.description}`, /mental health/i);
  assert.ok(requests.some((u) => u.endsWith('/pkg/data/dma/dma_2024_2025.csv')), 'the bundled results were fetched');
  await p.evaluate(() => document.querySelector('nhs-benchmark').setAttribute('cohort', 'region'));
  const second = await nth(2);
  assert.equal(second.error, undefined, second.error);
  assert.notEqual(`${second.title} ${second.description}`, `${first.title} ${first.description}`,
    'a cohort attribute change redraws for the new cohort');
  assert.match(`${second.title} ${second.subtitle} ${second.description}`, /region/i);
  assert.deepEqual(problems, []);
  await p.close();
});
