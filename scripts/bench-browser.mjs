// Runs www/bench.html in headless Chromium and prints its figures (make bench).
import { launch, startServer } from '../tests/e2e/browser.mjs';

const { server, base } = await startServer();
const context = await launch();
try {
  const page = await context.newPage();
  await page.goto(`${base}/bench.html`);
  await page.waitForFunction(() => window.benchResults, null, { timeout: 600000 });
  const results = await page.evaluate(() => window.benchResults);
  if (results.error) throw new Error(results.error);
  console.log(await page.textContent('#results'));
  console.log(`(headless Chromium ${context.browser()?.version() ?? ''})`);
} finally {
  await context.close();
  server.close();
}
