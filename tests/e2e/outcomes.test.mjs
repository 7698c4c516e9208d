// Maturity beside outcomes: the demo page draws the view on the bundled DMA results, RTT zip and
// ODS list, with no console errors or CSP violations and no request off the page's origin; the
// trusts that do not join are listed; a pillar can be chosen; beside an RTT chart and a nearest-by-size
// DMA chart the RTT zip is fetched and parsed once. Screenshots at 360, 800 and 1280 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, startServer, watchedPage, inkedPixels, SHOTS } from './browser.mjs';

let server, base, context;

before(async () => {
  ({ server, base } = await startServer());
  context = await launch();
});

after(async () => {
  await context?.close();
  server?.close();
});

const ready = (page) => page.waitForFunction(() => document.getElementById('chart').dataset.state === 'ready', null, { timeout: 120000 });
const label = (page) => page.evaluate(() =>
  document.getElementById('chart').shadowRoot.querySelector('canvas.overlay').getAttribute('aria-label'));

test('the maturity-beside-outcomes view draws the bundled data with its correlation and caveats', async () => {
  const { page, problems, requests } = await watchedPage(context);
  await page.goto(`${base}/outcomes.html`);
  await ready(page);
  const pixels = await inkedPixels(page, '#chart');
  assert.ok(pixels.n > 5000, `only ${pixels.n} inked pixels`);
  assert.match(await label(page), /^No clear association of overall digital maturity with RTT waits of 18 weeks or less/);
  assert.match(await label(page), /132 acute trusts; rho 0\.16, 95% CI -0\.01 to 0\.33/);
  const status = await page.evaluate(() => document.getElementById('chart').shadowRoot.textContent);
  assert.match(status, /Martin et al\./);
  assert.match(status, /self-assessed/);
  await page.waitForFunction(() => document.querySelectorAll('#unjoined li').length > 0);
  const listed = await page.evaluate(() => document.getElementById('unjoined').textContent);
  assert.match(listed, /Not plotted, no outcome figure for the trust \(2\): .*\(RHQ\)/);
  // The element's report, once drawn, carries the same: the view's join is part of its data.
  const reported = await page.evaluate(() => document.getElementById('chart').report.diagnostics.map((d) => d.message).join('\n'));
  assert.match(reported, /Not plotted, no outcome figure for the trust \(2\): .*\(RHQ\)/);
  // Under the chart each is listed once, with the data, not again among the chart's notes.
  const shown = await page.evaluate(() => [...document.getElementById('chart').shadowRoot.querySelectorAll('.notes li')]
    .map((li) => li.textContent).filter((text) => text.includes('no outcome figure for the trust (2)')).length);
  assert.equal(shown, 1);
  assert.equal(await page.evaluate(() => document.getElementById('focus').disabled), false);
  assert.deepEqual(requests.filter((u) => !u.startsWith(base)), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('with an RTT ranked chart and a nearest-by-size DMA chart on the page, the RTT zip is fetched and parsed once', async () => {
  const { page, problems, requests } = await watchedPage(context);
  await page.goto(`${base}/outcomes.html`);
  // Two more charts while the first is still loading: the RTT set the explorer's RTT charts load,
  // and a published-results chart whose nearest-by-size cohort needs the same set for its sizes.
  await page.evaluate(() => {
    const data = JSON.parse(document.getElementById('chart').getAttribute('spec')).data;
    const add = (id, spec) => {
      const el = document.createElement('nhs-benchmark');
      el.id = id;
      el.setAttribute('spec', JSON.stringify(spec));
      document.querySelector('main').append(el);
    };
    add('ranked', { view: 'ranked', metric: 'rtt_within_18_weeks', focus: 'RM3', data: { rtt: data.rtt, organisations: data.organisations } });
    add('nearest', { view: 'dmaRadar', focus: 'RM3', cohort: 'nearest', data });
  });
  await ready(page);
  for (const id of ['ranked', 'nearest']) {
    await page.waitForFunction((id) => document.getElementById(id).dataset.state === 'ready', id, { timeout: 120000 });
  }
  const fetched = (name) => requests.filter((u) => u.endsWith(name)).length;
  assert.equal(fetched('20260430-RTT-April-2026-full-extract.csv.zip'), 1, requests.join('\n'));
  assert.equal(fetched('dma_2024_2025.csv'), 1, requests.join('\n'));
  const parses = await page.evaluate(async () => (await (await import('./pkg/nhs-benchmark.js')).pageWorkspace()).parses());
  assert.equal(parses, 2, 'the DMA set and the RTT set, once each');
  const ranked = await page.evaluate(() => document.getElementById('ranked').shadowRoot.querySelector('canvas.overlay').getAttribute('aria-label'));
  assert.match(ranked, /ranks \d+ of \d+ NHS trusts/);
  const nearest = await page.evaluate(() => document.getElementById('nearest').shadowRoot.textContent);
  assert.match(nearest, /10 acute trusts nearest in size/);
  await page.waitForFunction(() => document.querySelectorAll('#unjoined li').length > 0);
  await page.screenshot({ path: join(SHOTS, 'outcomes-three-charts.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('choosing a pillar redraws the chart on that score', async () => {
  const { page, problems } = await watchedPage(context);
  await page.goto(`${base}/outcomes.html`);
  await ready(page);
  await page.selectOption('#score', 'smart_foundations');
  await page.waitForFunction(() => document.getElementById('chart').shadowRoot
    .querySelector('canvas.overlay').getAttribute('aria-label')?.includes('Ensure smart foundations'), null, { timeout: 60000 });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the page reads at 360, 800 and 1280 px', async () => {
  for (const width of [360, 800, 1280]) {
    const { page, problems } = await watchedPage(context);
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${base}/outcomes.html`);
    await ready(page);
    const pixels = await inkedPixels(page, '#chart');
    assert.ok(pixels.cssWidth <= width, `${width}: the chart is ${pixels.cssWidth} px wide`);
    await page.screenshot({ path: join(SHOTS, `outcomes-${width}.png`), fullPage: true });
    assert.deepEqual(problems, [], `${width}`);
    await page.close();
  }
});
