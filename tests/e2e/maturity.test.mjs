// The digital maturity explorer: the four views draw the illustrative data with their labels,
// and a trust's own filled-in template, picked as a file (read in the page, never uploaded), is
// scored and compared with the peers.
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

test('the four maturity views draw the illustrative data and say it is illustrative', async () => {
  const { page, problems, requests } = await watchedPage(context);
  await page.goto(`${base}/maturity.html`);
  await allReady(page);
  for (const id of ['radar', 'staircase', 'trajectory', 'heat']) {
    const pixels = await inkedPixels(page, `#${id}`);
    assert.ok(pixels.n > 5000, `${id}: only ${pixels.n} inked pixels`);
    const description = await page.evaluate((i) => document.getElementById(i).shadowRoot.getElementById('description').textContent, id);
    assert.match(description, /Illustrative, not real assessment results/, id);
    assert.match(description, /Self-assessed/, id);
  }
  assert.match(await label(page, 'radar'), /^Salford Royal /);
  await page.screenshot({ path: join(SHOTS, 'maturity.png'), fullPage: true });
  assert.deepEqual(requests.filter((u) => !u.startsWith(base)), []);
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
  await page.waitForFunction(() => document.getElementById('loaded').textContent.includes('for RBL'));
  await allReady(page);
  await page.waitForFunction(() => document.getElementById('staircase').shadowRoot
    .querySelector('canvas.overlay').getAttribute('aria-label')?.startsWith('Wirral'));
  // Every element met: every domain at the top level.
  assert.match(await label(page, 'staircase'), /^Wirral University Teaching Hospital reaches level 5 or above in 17 of 17 domains/);
  const description = await page.evaluate(() => document.getElementById('radar').shadowRoot.getElementById('description').textContent);
  assert.match(description, /Wirral/);
  assert.deepEqual(requests.slice(before).filter((u) => !u.includes('favicon')), [], 'reading the file made no request');
  await page.screenshot({ path: join(SHOTS, 'maturity-own-answers.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});
