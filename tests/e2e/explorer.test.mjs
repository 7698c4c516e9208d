// The explorer on the bundled real data, in headless Chromium under a strict CSP: the chart is
// drawn, the tooltip says the right things, the keyboard works, selection fires an event, the
// pickers re-draw it, and nothing is logged as an error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { launch, startServer, watchedPage, inkedPixels, nextEvent, ROOT, SHOTS } from './browser.mjs';

let server, base, context;

before(async () => {
  ({ server, base } = await startServer());
  context = await launch();
});

after(async () => {
  await context?.close();
  server?.close();
});

async function openExplorer(deviceScaleFactor) {
  const w = await watchedPage(context);
  if (deviceScaleFactor) {
    const cdp = await context.newCDPSession(w.page);
    await cdp.send('Emulation.setDeviceMetricsOverride', { width: 1100, height: 1000, deviceScaleFactor, mobile: false });
  }
  await w.page.goto(`${base}/index.html`);
  await w.page.waitForSelector('nhs-benchmark[data-state="ready"]', { timeout: 20000 });
  return w;
}

test('the explorer draws the ranked chart of real trusts with no console errors', async () => {
  const { page, problems, requests } = await openExplorer();
  const pixels = await inkedPixels(page);
  assert.ok(pixels.n > 20000, `only ${pixels.n} inked pixels`);
  const label = await page.evaluate(() =>
    document.querySelector('nhs-benchmark').shadowRoot.querySelector('canvas.overlay').getAttribute('aria-label'));
  assert.equal(label, 'Salford Royal ranks 63 of 137 NHS trusts: 82.9%, better than England (81.5%)');
  const options = await page.$$eval('#focus option', (o) => o.length);
  // 140 ODS trusts have type 1 attendances in some month of 2016-2019 (independent count in Python).
  assert.equal(options, 140);
  await page.screenshot({ path: join(SHOTS, 'explorer.png'), fullPage: true });
  const foreign = requests.filter((u) => !u.startsWith(base));
  assert.deepEqual(foreign, [], 'no request leaves the page origin');
  assert.deepEqual(problems, []);
  await page.close();
});

test('hovering the focus trust shows its tooltip with value, interval and rank', async () => {
  const { page, problems } = await openExplorer();
  const anchor = await page.evaluate(() => {
    const el = document.querySelector('nhs-benchmark');
    const r = el.shadowRoot.querySelector('canvas.overlay').getBoundingClientRect();
    return { left: r.left, top: r.top, width: r.width };
  });
  // Find the focus trust by sweeping the plot: the tooltip names each trust under the pointer.
  let text = '';
  for (let x = anchor.left + 60; x < anchor.left + anchor.width - 10 && !text.includes('RM3'); x += 2) {
    await page.mouse.move(x, anchor.top + 300);
    text = await page.evaluate(() => {
      const t = document.querySelector('nhs-benchmark').shadowRoot.querySelector('.tooltip');
      return t.hidden ? '' : t.textContent;
    });
  }
  assert.match(text, /Salford Royal NHS Foundation Trust \(RM3\)/);
  assert.match(text, /82\.9%/);
  assert.match(text, /95% interval82\.\d% to 83\.\d%/);
  assert.match(text, /Rank63 of 137/);
  assert.match(text, /Denominator102,711/);
  await page.screenshot({ path: join(SHOTS, 'explorer-tooltip.png') });
  await page.keyboard.press('Escape');
  assert.deepEqual(problems, []);
  await page.close();
});

test('keyboard focus walks the trusts, announces them and Enter fires select', async () => {
  const { page, problems } = await openExplorer();
  await page.evaluate(() => document.querySelector('nhs-benchmark').shadowRoot.querySelector('canvas.overlay').focus());
  await page.keyboard.press('ArrowRight');
  const state = () => page.evaluate(() => {
    const root = document.querySelector('nhs-benchmark').shadowRoot;
    const tip = root.querySelector('.tooltip');
    return { live: root.querySelector('[aria-live]').textContent, tip: tip.hidden ? '' : tip.textContent };
  });
  let s = await state();
  assert.match(s.live, /rank 2 of 137/);
  assert.match(s.tip, /Rank2 of 137/);
  await page.keyboard.press('Escape');
  s = await state();
  assert.equal(s.tip, '', 'Escape hides the tooltip');
  const selected = await nextEvent(page, 'nhs-benchmark', 'select');
  await page.keyboard.press('Enter');
  const detail = await selected();
  assert.match(detail.code, /^[A-Z0-9]{3,5}$/);
  assert.ok(detail.name.length > 3);
  assert.match(await page.textContent('#selection'), /Selected: /);
  assert.deepEqual(problems, []);
  await page.close();
});

test('changing the focus trust and period redraws the chart', async () => {
  const { page, problems } = await openExplorer();
  let next = await nextEvent(page, '#chart', 'ready');
  await page.selectOption('#focus', 'RRK');
  let info = await next();
  assert.match(info.title, /^University Hospitals Birmingham ranks \d+ of \d+ NHS trusts/);
  next = await nextEvent(page, '#chart', 'ready');
  await page.selectOption('#months', '36');
  info = await next();
  assert.match(info.subtitle, /Apr 2016 to Mar 2019/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('on a HiDPI screen the canvas has twice the pixels of its CSS size', async () => {
  const { page, problems } = await openExplorer(2);
  const pixels = await inkedPixels(page);
  assert.equal(pixels.width, Math.round(pixels.cssWidth) * 2);
  await page.screenshot({ path: join(SHOTS, 'explorer-2x.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('comparing with the exemplars against their median re-ranks the focus trust among 12', async () => {
  const { page, problems } = await openExplorer();
  let next = await nextEvent(page, '#chart', 'ready');
  await page.selectOption('#peers', 'exemplars');
  let info = await next();
  assert.equal(info.items, 12);
  next = await nextEvent(page, '#chart', 'ready');
  await page.selectOption('#benchmark', 'exemplar-median');
  info = await next();
  assert.match(info.title, /^Salford Royal ranks 7 of 12 Global Digital Exemplars: 82\.9%, worse than Exemplars' median \(84\.1%\)$/);
  await page.screenshot({ path: join(SHOTS, 'explorer-exemplars.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the funnel, distribution and SPC views draw, and a trust selected in one is selected in the others', async () => {
  const { page, problems } = await openExplorer();
  await page.waitForFunction(() => [...document.querySelectorAll('nhs-benchmark.view')].every((e) => e.dataset.state === 'ready'),
    null, { timeout: 30000 });
  for (const id of ['#funnel', '#distribution', '#spc']) {
    const pixels = await inkedPixels(page, id);
    assert.ok(pixels.n > 5000, `${id}: only ${pixels.n} inked pixels`);
  }
  const label = (id) => page.evaluate((i) =>
    document.querySelector(i).shadowRoot.querySelector('canvas.overlay').getAttribute('aria-label'), id);
  assert.match(await label('#funnel'), /^Salford Royal \(82\.9%\) is better than England \(81\.5%\)/);
  assert.match(await label('#spc'), /^Salford Royal: /);
  assert.equal((await inkedPixels(page, '#chart', 'overlay')).n, 0, 'nothing selected yet');
  await page.evaluate(() => document.querySelector('#funnel').shadowRoot.querySelector('canvas.overlay').focus());
  const selected = await nextEvent(page, '#funnel', 'select');
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  const detail = await selected();
  assert.match(detail.code, /^[A-Z0-9]{3}$/);
  assert.ok((await inkedPixels(page, '#chart', 'overlay')).n > 20, 'the ranked chart highlights the same trust');
  assert.ok((await inkedPixels(page, '#distribution', 'overlay')).n > 20, 'so does the distribution');
  await page.screenshot({ path: join(SHOTS, 'explorer-linked.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test("a user's own tidy files and a Fingertips export replace the data in every view, with no upload", async () => {
  const { page, problems, requests } = await openExplorer();
  await page.waitForFunction(() => [...document.querySelectorAll('nhs-benchmark.view')].every((e) => e.dataset.state === 'ready'),
    null, { timeout: 30000 });
  const before = requests.length;
  await page.click('.own-data summary');
  const template = (f) => join(ROOT, 'www/data/templates', f);
  await page.setInputFiles('#own-observations', template('observations.csv'));
  await page.setInputFiles('#own-metrics', template('metrics.json'));
  await page.setInputFiles('#own-organisations', template('organisations.csv'));
  await page.selectOption('#months', '3');
  await page.click('#own-data button');
  await page.waitForFunction(() => document.querySelector('#chart').shadowRoot.querySelector('canvas.overlay')
    .getAttribute('aria-label')?.includes('of 3 organisations'), null, { timeout: 20000 });
  assert.deepEqual(await page.$$eval('#focus option', (o) => o.map((x) => x.value).sort()), ['RA7', 'RBL', 'RM3']);
  await page.setInputFiles('#own-observations', []);
  await page.setInputFiles('#own-fingertips', join(ROOT, 'tests/fixtures/fingertips/fingertips_export.csv'));
  await page.click('#own-data button');
  await page.waitForFunction(() => document.querySelector('#distribution').dataset.state === 'ready'
    && document.querySelector('#distribution').shadowRoot.querySelector('canvas.overlay').getAttribute('aria-label')?.includes('quarter'),
  null, { timeout: 20000 });
  assert.match(await page.$eval('#focus', (s) => s.selectedOptions[0].textContent), /\(E\d{8}\)$/);
  // The ranked chart cannot rank values published without intervals, and says so.
  await page.waitForSelector('#chart[data-state="error"]');
  assert.match(await page.evaluate(() => document.querySelector('#chart').shadowRoot.querySelector('.error').textContent), /interval/);
  assert.deepEqual(requests.slice(before).filter((u) => !u.endsWith('favicon.svg')), [], 'the files were read in the page');
  await page.screenshot({ path: join(SHOTS, 'explorer-own-data.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('at 320 CSS pixels wide the explorer reflows with no sideways scrolling', async () => {
  const { page, problems } = await watchedPage(context);
  await page.setViewportSize({ width: 320, height: 900 });
  await page.goto(`${base}/index.html`);
  await page.waitForFunction(() => [...document.querySelectorAll('nhs-benchmark.view')].every((e) => e.dataset.state === 'ready'),
    null, { timeout: 30000 });
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    charts: [...document.querySelectorAll('nhs-benchmark')].map((e) =>
      e.shadowRoot.querySelector('canvas.main').getBoundingClientRect().right),
  }));
  assert.ok(widths.page <= 320, `the page is ${widths.page} px wide`);
  for (const right of widths.charts) assert.ok(right <= 320, `a chart reaches ${right} px`);
  await page.screenshot({ path: join(SHOTS, 'explorer-320.png'), fullPage: false });
  assert.deepEqual(problems, []);
  await page.close();
});

test("the explorer's six charts fetch and parse their data once", async () => {
  const { page, problems, requests } = await openExplorer();
  await page.waitForFunction(() => [...document.querySelectorAll('nhs-benchmark.view')].every((v) => v.dataset.state === 'ready'),
    null, { timeout: 30000 });
  const { views, parses } = await page.evaluate(async () => {
    const { pageWorkspace } = await import('/pkg/nhs-benchmark.js');
    return { views: document.querySelectorAll('nhs-benchmark.view').length, parses: (await pageWorkspace()).parses() };
  });
  assert.equal(views, 6);
  assert.equal(parses, 1, 'one parse of the A&E file and trust list for all six charts');
  const fetched = (name) => requests.filter((u) => u.endsWith(name)).length;
  assert.equal(fetched('/ae_attendances_england_2016_2019.csv'), 1);
  assert.equal(fetched('/ods_trusts_etr.csv'), 1);
  // Changing the focus re-draws every chart from the data already parsed.
  await page.selectOption('#focus', 'RBL');
  await page.waitForFunction(() => document.querySelector('#chart').shadowRoot.querySelector('canvas.overlay')
    .getAttribute('aria-label').startsWith('Wirral'), null, { timeout: 20000 });
  assert.equal(await page.evaluate(async () => (await (await import('/pkg/nhs-benchmark.js')).pageWorkspace()).parses()), 1);
  assert.deepEqual(problems, []);
  await page.close();
});

// ---------------------------------------------------------------------------------------------
// RTT waiting times, April 2026: the current data, read from NHS England's zip in the page.

const RTT_ZIP = join(ROOT, 'www/data/rtt/20260430-RTT-April-2026-full-extract.csv.zip');

/**
 * One provider's incomplete pathways (Part_2) over all treatment functions (C_999), summed over
 * commissioners, straight from the zip with Node's own inflate: the waiting list and those
 * waiting 18 weeks or less (the week bands up to "Gt 17 To 18 Weeks SUM 1"). Nothing from the
 * Rust importer.
 */
function rttFromZip(code) {
  const zip = readFileSync(RTT_ZIP);
  // The end of central directory record, then each central entry: name, method, sizes, offset.
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < zip.readUInt16LE(eocd + 10); i++) {
    const [method, packed, nameLength] = [zip.readUInt16LE(at + 10), zip.readUInt32LE(at + 20), zip.readUInt16LE(at + 28)];
    const extra = zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extra;
    if (name.startsWith('__MACOSX') || !name.endsWith('.csv')) continue;
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const body = zip.subarray(start, start + packed);
    const csv = (method === 8 ? inflateRawSync(body) : body).toString('utf8');
    const lines = csv.split(/\r?\n/);
    // No field of this extract holds a quoted comma in the columns read here (names come first
    // and are read by position from the header, which has none).
    const header = lines[0].split(',');
    const col = (n) => header.indexOf(n);
    const [provider, part, fn, first, last] = [col('Provider Org Code'), col('RTT Part Type'), col('Treatment Function Code'),
      col('Gt 00 To 01 Weeks SUM 1'), col('Gt 104 Weeks SUM 1')];
    const within = col('Gt 17 To 18 Weeks SUM 1');
    let [waiting, within18] = [0, 0];
    for (const line of lines.slice(1)) {
      if (!line.includes(`,${code},`) || !line.includes(',Part_2,')) continue;
      const f = parseCsvLine(line);
      if (f[provider] !== code || f[part] !== 'Part_2' || f[fn] !== 'C_999') continue;
      for (let b = first; b <= last; b++) {
        const n = Number(f[b] || 0);
        waiting += n;
        if (b <= within) within18 += n;
      }
    }
    return { waiting, within18 };
  }
  throw new Error('no CSV in the RTT zip');
}

function parseCsvLine(line) {
  const out = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { out.push(field); field = ''; } else field += c;
  }
  out.push(field);
  return out;
}

const RTT_VIEWS = ['#chart', '#funnel', '#distribution', '#spine', '#opportunity'];

/** Opens the explorer, chooses RTT and waits for its views; returns the time from the choice to
 * the ranked chart's first drawing (the page's own measure). */
async function openRtt(page) {
  await page.goto(`${base}/index.html`);
  await page.waitForSelector('#chart[data-state="ready"]', { timeout: 30000 });
  await page.selectOption('#dataset', 'rtt');
  await page.waitForFunction((ids) => ids.every((id) => {
    const v = document.querySelector(id);
    return v.dataset.state === 'ready' && v.shadowRoot.querySelector('#description').textContent.includes('RTT');
  }), RTT_VIEWS, { timeout: 60000 });
  await page.waitForFunction(() => document.querySelector('#data-status').dataset.ms, null, { timeout: 10000 });
  return Number(await page.$eval('#data-status', (s) => s.dataset.ms));
}

test('choosing RTT April 2026 draws every comparison view of today\'s trusts, each naming its measure', async () => {
  const { page, problems, requests } = await watchedPage(context);
  const ms = await openRtt(page);
  console.log(`# RTT: chosen to ranked chart drawn in ${ms} ms`);
  assert.ok(ms < 20000, `RTT took ${ms} ms to draw`);
  for (const id of RTT_VIEWS) {
    const pixels = await inkedPixels(page, id);
    assert.ok(pixels.n > 5000, `${id}: only ${pixels.n} inked pixels`);
    const words = await page.evaluate((i) => document.querySelector(i).shadowRoot.querySelector('#description').textContent, id);
    assert.match(words, /RTT waits of 18 weeks or less, all treatment functions/, id);
    assert.match(words, /Apr 2026/, id);
  }
  const label = (id) => page.evaluate((i) =>
    document.querySelector(i).shadowRoot.querySelector('canvas.overlay').getAttribute('aria-label'), id);
  // University Hospitals Birmingham, the default focus: 62,187 of 90,948 (tests/rtt.rs, from
  // tests/fixtures/rtt/check_rtt.py) is 68.4%; England's row is 64.9%.
  assert.equal(await label('#chart'), 'University Hospitals Birmingham ranks 51 of 148 NHS trusts: 68.4%, better than England (64.9%)');
  assert.match(await label('#funnel'), /^University Hospitals Birmingham \(68\.4%\) is better than England \(64\.9%\)/);
  assert.match(await label('#spine'), /on \d of 6 metrics/);
  // The chart over time stays on the monthly A&E series and says so.
  assert.match(await label('#spc'), /^University Hospitals Birmingham: /);
  assert.match(await page.textContent('#spc-note'), /single month.*A&E series/);
  assert.equal(await page.isVisible('#historic'), false, 'the historic-data warning is for A&E only');
  assert.match(await page.textContent('#heading'), /waiting/);
  assert.equal((await page.$$eval('#metric option', (o) => o.map((x) => x.value))).length, 6);
  assert.equal((await page.$$eval('#function option', (o) => o.map((x) => x.value))).length, 24);
  assert.ok((await page.$$eval('#focus option', (o) => o.length)) >= 140, 'the NHS trusts of 2026');
  assert.deepEqual(requests.filter((u) => !u.startsWith(base)), [], 'no request leaves the page origin');
  await page.screenshot({ path: join(SHOTS, 'explorer-rtt.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test("one trust's 18-week share in the page is the count summed straight from NHS England's zip", async () => {
  const { page, problems } = await watchedPage(context);
  await openRtt(page);
  const expected = rttFromZip('RRK');
  // The same figures tests/rtt.rs holds for RRK (from Python's zipfile and csv).
  assert.deepEqual(expected, { waiting: 90948, within18: 62187 });
  const row = await page.evaluate(() => {
    const root = document.querySelector('#chart').shadowRoot;
    // The data table's disclosure (the notes under the chart are another one).
    const details = [...root.querySelectorAll('details')].find((d) => d.querySelector('table'));
    details.open = true;
    details.dispatchEvent(new Event('toggle'));
    const head = [...root.querySelectorAll('thead th')].map((th) => th.textContent);
    const cells = [...root.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent))
      .find((r) => r[head.indexOf('ODS code')] === 'RRK');
    return Object.fromEntries(head.map((h, i) => [h, cells?.[i]]));
  });
  assert.equal(Number(row.Numerator), expected.within18);
  assert.equal(Number(row.Denominator), expected.waiting);
  assert.equal(row['Value (%)'], (100 * expected.within18 / expected.waiting).toFixed(2));
  assert.deepEqual(problems, []);
  await page.close();
});

test('independent sector providers are a peer group of their own, drawn in the funnel and distribution', async () => {
  const { page, problems } = await watchedPage(context);
  await openRtt(page);
  const next = await nextEvent(page, '#distribution', 'ready');
  await page.selectOption('#peers', 'independent');
  const info = await next();
  assert.match(info.title, /of 381 organisations \(Independent sector providers\)/, '380 providers and the focus');
  await page.waitForFunction(() => document.querySelector('#chart').shadowRoot.querySelector('canvas.overlay')
    .getAttribute('aria-label').includes('of 381'), null, { timeout: 20000 });
  assert.deepEqual(problems, []);
  await page.close();
});

test("the explorer's RTT charts fetch and parse the zip once, beside the A&E series of the chart over time", async () => {
  const { page, problems, requests } = await watchedPage(context);
  await openRtt(page);
  await page.waitForFunction(() => [...document.querySelectorAll('nhs-benchmark.view')].every((v) => v.dataset.state === 'ready'),
    null, { timeout: 30000 });
  const parses = () => page.evaluate(async () => (await (await import('/pkg/nhs-benchmark.js')).pageWorkspace()).parses());
  // The A&E set (loaded on opening, and kept by the SPC chart) and the RTT set: one parse each.
  assert.equal(await parses(), 2);
  const fetched = (name) => requests.filter((u) => u.endsWith(name)).length;
  assert.equal(fetched('/20260430-RTT-April-2026-full-extract.csv.zip'), 1);
  assert.equal(fetched('/etr_2026.csv'), 1);
  assert.equal(fetched('/ae_attendances_england_2016_2019.csv'), 1);
  await page.selectOption('#focus', 'RM3');
  await page.waitForFunction(() => document.querySelector('#chart').shadowRoot.querySelector('canvas.overlay')
    .getAttribute('aria-label').startsWith('Northern Care Alliance'), null, { timeout: 20000 });
  const next = await nextEvent(page, '#chart', 'ready');
  await page.selectOption('#function', 'C_110');
  const info = await next();
  assert.match(info.subtitle, /Trauma and Orthopaedic Service/);
  assert.equal(await parses(), 2, 'a new focus or measure re-draws from the data already parsed');
  assert.equal(fetched('/20260430-RTT-April-2026-full-extract.csv.zip'), 1);
  assert.deepEqual(problems, []);
  await page.close();
});
