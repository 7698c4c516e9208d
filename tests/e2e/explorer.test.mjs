// The explorer on the bundled real data, in headless Chromium under a strict CSP: the chart is
// drawn, the tooltip says the right things, the keyboard works, selection fires an event, the
// pickers re-draw it, and nothing is logged as an error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
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
