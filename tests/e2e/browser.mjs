// Shared set-up for the end-to-end tests: the static server on a free loopback port and Debian's
// Chromium through playwright-core, with a fresh profile and no background networking.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStaticServer } from '../../scripts/serve.mjs';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHOTS = join(ROOT, 'target', 'e2e');
mkdirSync(SHOTS, { recursive: true });

export async function startServer() {
  const server = createStaticServer();
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { server, base: `http://127.0.0.1:${port}` };
}

export async function launch() {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'nhsb-chromium-')), {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1100, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** A page that records console errors, page errors and CSP violations, and every request URL. */
export async function watchedPage(context) {
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on('console', (m) => {
    // Chromium's hint about repeated getImageData comes from the tests' own pixel counting.
    if (m.type() === 'warning' && m.text().includes('willReadFrequently')) return;
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return { page, problems, requests };
}

/** Counts the pixels of the element's main canvas that are not white. */
export function inkedPixels(page, selector = 'nhs-benchmark', layer = 'main') {
  return page.evaluate(([sel, which]) => {
    const canvas = document.querySelector(sel).shadowRoot.querySelector(`canvas.${which}`);
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240)) n++;
    return { n, width: canvas.width, height: canvas.height, cssWidth: canvas.getBoundingClientRect().width };
  }, [selector, layer]);
}

/**
 * Listens for the next `type` event on the element at `selector` before the action that causes
 * it, and returns a function that waits (with a timeout) for its detail. Attaching the listener
 * in an evaluate that is still pending while the test presses a key races the key press.
 */
export async function nextEvent(page, selector, type) {
  const key = `${selector} ${type}`;
  await page.evaluate(([sel, t, k]) => {
    window.__nhsbEvents ??= {};
    window.__nhsbEvents[k] = null;
    document.querySelector(sel).addEventListener(t, (e) => { window.__nhsbEvents[k] = e.detail ?? {}; }, { once: true });
  }, [selector, type, key]);
  return async () => {
    const handle = await page.waitForFunction((k) => window.__nhsbEvents[k], key, { timeout: 20000 });
    return handle.jsonValue();
  };
}
