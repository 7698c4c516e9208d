// The digital maturity explorer: it opens on NHS England's published 2025 results for a real
// trust (no illustrative banner), its pickers redraw the published views, and a trust's own
// filled-in template, picked as a file (read in the page, never uploaded), drives the staircase,
// which otherwise shows the illustrative answers with their label.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, startServer, watchedPage, inkedPixels, ROOT, SHOTS } from './browser.mjs';

let server, base, context;

before(async () => {
  ({ server, base } = await startServer());
  context = await launch();
});

after(async () => {
  await context?.close();
  server?.close();
});

const allReady = (page) => page.waitForFunction(
  () => [...document.querySelectorAll('nhs-benchmark.view')].every((e) => e.dataset.state === 'ready'), null, { timeout: 30000 });

const label = (page, id) => page.evaluate((i) =>
  document.getElementById(i).shadowRoot.querySelector('canvas.overlay').getAttribute('aria-label'), id);

const description = (page, id) => page.evaluate((i) =>
  document.getElementById(i).shadowRoot.getElementById('description').textContent, id);

const PUBLISHED = ['radar', 'distribution', 'trajectory', 'heat'];

test('the page opens on the published 2025 results for a real trust, with no illustrative banner', async () => {
  const { page, problems, requests } = await watchedPage(context);
  await page.goto(`${base}/maturity.html`);
  await allReady(page);
  assert.equal(await page.locator('.warning-callout').count(), 0, 'no banner');
  const intro = await page.locator('#about-results').textContent();
  assert.match(intro, /Digital Maturity Assessment 2024 and 2025 results/);
  assert.doesNotMatch(intro, /illustrative/i);
  for (const id of PUBLISHED) {
    const pixels = await inkedPixels(page, `#${id}`);
    assert.ok(pixels.n > 5000, `${id}: only ${pixels.n} inked pixels`);
    const words = await description(page, id);
    assert.match(words, /Self-assessed/, id);
    assert.match(words, /Source: NHS England, Digital Maturity Assessment 2024 and 2025 results/, id);
    assert.match(words, /not comparable/, id);
    assert.doesNotMatch(words, /Illustrative/, id);
    assert.match(await label(page, id), /^Northern Care Alliance/, id);
  }
  // The radar draws the exemplars' median, so it states the successor mapping.
  assert.match(await description(page, 'radar'), /Salford Royal \(acute, 2016\) → RM3/);
  // The staircase keeps the illustrative answers, labelled as such.
  assert.match(await description(page, 'staircase'), /Illustrative, not real assessment results/);
  const options = await page.locator('#focus option').count();
  assert.ok(options > 190, `only ${options} trusts to choose from`);
  await page.screenshot({ path: join(SHOTS, 'maturity.png'), fullPage: true });
  assert.deepEqual(requests.filter((u) => !u.startsWith(base)), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('trust, cohort and level pickers redraw the published views', async () => {
  const { page, problems } = await watchedPage(context);
  await page.goto(`${base}/maturity.html`);
  await allReady(page);
  await page.selectOption('#focus', 'RX4');
  await page.waitForFunction(() => document.getElementById('radar').shadowRoot
    .querySelector('canvas.overlay').getAttribute('aria-label')?.startsWith('Cumbria'));
  await page.selectOption('#cohort', 'exemplars');
  await page.waitForFunction(() => document.getElementById('radar').shadowRoot
    .getElementById('description').textContent.includes('Global Digital Exemplars (mental health)'));
  await allReady(page);
  assert.match(await description(page, 'heat'), /Mersey Care \(mental health\) → RW4/, 'the mapping is stated');
  await page.selectOption('#level', 'icb');
  await page.waitForFunction(() => document.getElementById('trajectory').shadowRoot
    .querySelector('canvas.overlay').getAttribute('aria-label')?.startsWith('North East and North Cumbria ICB'));
  await allReady(page);
  assert.ok(await page.locator('#cohort option[value="exemplars"]').isDisabled(), 'exemplars are for trusts');
  assert.match(await description(page, 'trajectory'), /ICB results are their own level/);
  await page.screenshot({ path: join(SHOTS, 'maturity-icb.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test("a trust's filled-in template is read in the page and compared with the peers", async () => {
  const { page, problems, requests } = await watchedPage(context);
  await page.goto(`${base}/maturity.html`);
  await allReady(page);
  const template = readFileSync(join(ROOT, 'www/data/maturity/template.csv'), 'utf8');
  const filled = template.replaceAll(',RXX,', ',RBL,').replaceAll(',,', ',met,');
  const before = requests.length;
  await page.setInputFiles('#answers', { name: 'wirral-answers.csv', mimeType: 'text/csv', buffer: Buffer.from(filled) });
  await page.waitForFunction(() => document.getElementById('own-loaded').textContent.includes('for RBL'));
  await allReady(page);
  await page.waitForFunction(() => document.getElementById('staircase').shadowRoot
    .querySelector('canvas.overlay').getAttribute('aria-label')?.startsWith('Wirral'));
  // Every element met: every domain at the top level.
  assert.match(await label(page, 'staircase'), /^Wirral University Teaching Hospital reaches level 5 or above in 17 of 17 domains/);
  assert.match(await description(page, 'staircase'), /Wirral/);
  // The published views stay on the published results.
  assert.match(await label(page, 'radar'), /^Northern Care Alliance/);
  assert.deepEqual(requests.slice(before).filter((u) => !u.includes('favicon')), [], 'reading the file made no request');
  await page.screenshot({ path: join(SHOTS, 'maturity-own-answers.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});
