// The element's life cycle in headless Chromium under the strict CSP: a panic loses one chart and
// never the page; states never lie (no false error, one error per failure, the real message
// stays); every diagnostic reaches the screen; data is re-read when asked; and thousands of
// charts and redraws leave wasm memory and the DOM bounded (each test states its bound).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, watchedPage, inkedPixels, SHOTS } from './browser.mjs';
import { startLifecycleServer, page, TIDY, SEVEN_GOOD_EIGHT_BAD, recordEvents, measure } from './fixtures.mjs';

let server, base, files, pages, log, context;

before(async () => {
  ({ server, base, files, pages, log } = await startLifecycleServer());
  context = await launch();
});

after(async () => {
  await context?.close();
  server?.close();
});

/** Opens `body` as a page under the CSP, with every element's events recorded. */
async function open(name, body) {
  pages.set(name, page(body));
  const w = await watchedPage(context);
  await recordEvents(w.page);
  await w.page.goto(`${base}/page/${name}`);
  return w;
}

const states = (p) => p.evaluate(() => Object.fromEntries([...document.querySelectorAll('nhs-benchmark')]
  .map((e) => [e.id, e.dataset.state])));
const allReady = (p, timeout = 20000) => p.waitForFunction(() => [...document.querySelectorAll('nhs-benchmark')]
  .every((e) => e.dataset.state === 'ready'), null, { timeout });
const events = (p) => p.evaluate(() => window.events);
const errors = (p) => p.evaluate(() => window.errors);
const shadowText = (p, id, selector) => p.evaluate(([i, s]) => {
  const node = document.getElementById(i).shadowRoot.querySelector(s);
  return node && !node.hidden ? node.textContent : null;
}, [id, selector]);

/** Moves the pointer across the middle of a chart until its tooltip shows; returns its text. */
async function hover(p, id) {
  const box = await p.evaluate((i) => {
    const r = document.getElementById(i).shadowRoot.querySelector('canvas.overlay').getBoundingClientRect();
    return { left: r.left, top: r.top, width: r.width, height: r.height };
  }, id);
  for (let y = box.top + box.height * 0.3; y < box.top + box.height * 0.8; y += 12) {
    for (let x = box.left + 40; x < box.left + box.width - 10; x += 6) {
      await p.mouse.move(x, y);
      const text = await shadowText(p, id, '.tooltip');
      if (text) return text;
    }
  }
  return null;
}

test('a panic loses one chart, shows why, and the other charts, new charts and the lost one work again', async () => {
  const { page: p, problems } = await open('panic.html', `
    <nhs-benchmark id="a" ${TIDY}></nhs-benchmark>
    <nhs-benchmark id="b" view="funnel" ${TIDY}></nhs-benchmark>
    <nhs-benchmark id="c" view="distribution" ${TIDY}></nhs-benchmark>`);
  await allReady(p);
  // A chart still loading when the panic comes is loaded in the fresh instance, with no error.
  await p.evaluate((attrs) => {
    document.getElementById('box').insertAdjacentHTML('beforeend', `<nhs-benchmark id="s" view="funnel" ${attrs}></nhs-benchmark>`);
  }, TIDY.replace('/data/templates/observations.csv', '/slow/800/data/templates/observations.csv'));
  await p.waitForSelector('#s[data-state="loading"]');
  await p.evaluate(() => document.getElementById('b').__panicForTest());
  assert.equal((await states(p)).b, 'error');
  const message = await shadowText(p, 'b', '.error');
  assert.match(message, /An internal error stopped this chart \(panicked at src\/web\/panic\.rs:\d+:\d+: deliberate panic for a test \(42\)\)/);
  // The others were built in the instance that trapped: they are rebuilt in the fresh one.
  await p.waitForFunction(() => ['a', 'c'].every((id) => document.getElementById(id).dataset.state === 'ready'), null, { timeout: 20000 });
  assert.match(await hover(p, 'a'), /\(R[A-Z0-9]+\)/, 'the first chart still answers the pointer');
  const drawn = (await events(p)).c.length;
  await p.evaluate(() => { document.getElementById('box').style.width = '640px'; });
  await p.waitForFunction((n) => window.events.c.length > n, drawn, { timeout: 10000 });
  assert.ok((await inkedPixels(p, '#c')).n > 2000, 'the third chart redraws at its new width');
  await p.evaluate((attrs) => {
    document.getElementById('box').insertAdjacentHTML('beforeend', `<nhs-benchmark id="d" view="spine" ${attrs}></nhs-benchmark>`);
  }, TIDY);
  await p.waitForSelector('#d[data-state="ready"]', { timeout: 20000 });
  // The lost chart is rebuilt on its next load.
  await p.evaluate(() => document.getElementById('b').setAttribute('chart-title', 'Back again'));
  await p.waitForSelector('#b[data-state="ready"]', { timeout: 20000 });
  assert.ok((await inkedPixels(p, '#b')).n > 2000);
  const ev = await events(p);
  assert.deepEqual(ev.b, ['load', 'ready', 'error', 'load', 'ready'], 'one error for one panic, then a fresh chart');
  // The others redraw from their data, rebuilt in the fresh instance: no error, no second load.
  await p.waitForSelector('#s[data-state="ready"]', { timeout: 20000 });
  assert.deepEqual((await events(p)).s, ['load', 'ready'], 'the chart loading during the panic: no error');
  const slowFetches = log.filter((r) => r.path === '/slow/800/data/templates/observations.csv');
  assert.ok(slowFetches.length >= 2 && !slowFetches[0].done, 'its first fetch, of the dead instance, was aborted and made again');
  for (const id of ['a', 'c']) {
    assert.deepEqual(ev[id].slice(0, 3), ['load', 'ready', 'ready'], id);
    assert.ok(ev[id].slice(3).every((t) => t === 'ready'), `${id}: ${ev[id]}`);
  }
  assert.deepEqual(problems, []);
  await p.close();
});

test('300 panics in a row leave the page drawing charts, the live wasm memory within 1.5 times where it started', async () => {
  // The bundled A&E data (every trust, 2016-2019) as well: the instance that traps holds real data.
  const { page: p, problems } = await open('panics.html', `<nhs-benchmark id="a" ${TIDY}></nhs-benchmark>
    <nhs-benchmark id="ae" months="12"></nhs-benchmark>`);
  const cdp = await context.newCDPSession(p);
  await allReady(p);
  const start = await measure(p, cdp);
  const trapped = await p.evaluate(async () => {
    const { __panicForTest } = await import('/pkg/nhs-benchmark.js');
    const names = new Set();
    for (let i = 0; i < 300; i++) {
      try {
        __panicForTest();
      } catch (e) {
        names.add(`${e.name}: ${e.message.slice(0, 80)}`);
      }
    }
    return [...names];
  });
  assert.equal(trapped.length, 1, `every panic is the same clean trap: ${trapped.join(' | ')}`);
  assert.match(trapped[0], /^ChartTrap: An internal error stopped this chart \(panicked at/);
  // The chart on the page was built in the first instance: it is rebuilt once, in the last.
  await p.waitForFunction(() => window.events.a.length === 3 && window.events.ae.length === 3, null, { timeout: 20000 });
  assert.deepEqual(await events(p), { a: ['load', 'ready', 'ready'], ae: ['load', 'ready', 'ready'] });
  const end = await measure(p, cdp);
  await p.evaluate((attrs) => {
    document.getElementById('box').insertAdjacentHTML('beforeend', `<nhs-benchmark id="b" view="funnel" ${attrs}></nhs-benchmark>`);
  }, TIDY);
  await p.waitForSelector('#b[data-state="ready"]', { timeout: 20000 });
  assert.match(await hover(p, 'a'), /\(R[A-Z0-9]+\)/);
  console.log(`300 panics: wasm memory ${start.wasm} -> ${end.wasm} bytes, JS heap ${start.jsHeap} -> ${end.jsHeap}, `
    + `DOM nodes ${start.nodes} -> ${end.nodes}`);
  assert.ok(end.wasm <= start.wasm * 1.5, `wasm memory grew from ${start.wasm} to ${end.wasm}`);
  assert.ok(end.jsHeap < start.jsHeap + 20e6, `the JS heap grew from ${start.jsHeap} to ${end.jsHeap}`);
  assert.deepEqual(await errors(p), {}, 'the charts on the page never showed an error');
  assert.deepEqual(problems, []);
  await p.close();
});

test('elements added after the module loaded fire load then ready, and nothing else', async () => {
  const { page: p, problems } = await open('late.html', '');
  await p.evaluate(async (attrs) => {
    await (await import('/pkg/nhs-benchmark.js')).ready();
    const box = document.getElementById('box');
    box.insertAdjacentHTML('beforeend', `<nhs-benchmark id="a" ${attrs}></nhs-benchmark>`);
    const b = document.createElement('nhs-benchmark');
    b.id = 'b';
    for (const [k, v] of [['view', 'funnel'], ['observations', '/data/templates/observations.csv'],
      ['metrics-src', '/data/templates/metrics.json'], ['organisations', '/data/templates/organisations.csv']]) b.setAttribute(k, v);
    box.append(b);
  }, TIDY);
  await allReady(p);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(await events(p), { a: ['load', 'ready'], b: ['load', 'ready'] });
  assert.deepEqual(problems, []);
  await p.close();
});

test('a resize during a slow load draws nothing and fires no error until the data is in', async () => {
  const slow = TIDY.replace('/data/templates/observations.csv', '/slow/1500/data/templates/observations.csv');
  const { page: p, problems } = await open('slow.html', `<nhs-benchmark id="a" ${slow}></nhs-benchmark>`);
  await p.waitForSelector('#a[data-state="loading"]');
  for (const width of [500, 900, 360, 700]) {
    await p.evaluate((w) => { document.getElementById('box').style.width = `${w}px`; }, width);
    await new Promise((r) => setTimeout(r, 120));
    assert.equal((await states(p)).a, 'loading');
    assert.equal(await shadowText(p, 'a', '.error'), null, 'no error is shown while the data loads');
    assert.equal(await shadowText(p, 'a', '.chart'), null, 'no chart is shown before its data');
  }
  await p.waitForSelector('#a[data-state="ready"]', { timeout: 20000 });
  const drawn = await inkedPixels(p, '#a');
  assert.equal(drawn.cssWidth, 700, 'drawn once, at the width the element has when the data arrives');
  assert.deepEqual((await events(p)).a, ['load', 'ready']);
  assert.deepEqual(problems, []);
  await p.close();
});

test('an attribute change mid-load: the later spec wins and the earlier fetch is aborted', async () => {
  const slow = TIDY.replace('/data/templates/observations.csv', '/slow/4000/data/templates/observations.csv');
  const { page: p, problems } = await open('change.html', `<nhs-benchmark id="a" ${slow}></nhs-benchmark>`);
  await p.waitForSelector('#a[data-state="loading"]');
  await new Promise((r) => setTimeout(r, 300));
  await p.evaluate(() => {
    const a = document.getElementById('a');
    a.setAttribute('view', 'funnel');
    a.setAttribute('observations', '/data/templates/observations.csv');
  });
  await p.waitForSelector('#a[data-state="ready"]', { timeout: 20000 });
  const label = await p.evaluate(() => document.getElementById('a').shadowRoot.querySelector('canvas.overlay').getAttribute('aria-label'));
  assert.match(label, /funnel/, `the later spec (a funnel) is drawn: ${label}`);
  await new Promise((r) => setTimeout(r, 200));
  const slowRequests = log.filter((r) => r.path === '/slow/4000/data/templates/observations.csv');
  assert.equal(slowRequests.length, 1);
  assert.equal(slowRequests[0].done, false, 'the slow fetch was aborted before the server answered');
  assert.deepEqual((await events(p)).a, ['load', 'ready']);
  assert.deepEqual(problems, []);
  await p.close();
});

test('a reset mid-body, a 500, CSP-blocked URLs, a password and a javascript: URL each give one error naming the file', async () => {
  const other = base.replace('127.0.0.1', 'localhost');
  const secretUrl = `${base.replace('http://', 'http://nurse:hunter2@')}/data/templates/observations.csv`;
  const cases = {
    reset: '/reset/data/templates/observations.csv?access_token=SECRET1',
    500: '/status/500/observations.csv?access_token=SECRET2',
    csp: `${other}/data/templates/observations.csv?access_token=SECRET3`,
    password: secretUrl,
    js: 'javascript:alert(1)//observations.csv',
    data: 'data:text/csv,org_code%2Cmetric%0ARM3%2Cx?token=SECRET4',
  };
  const expected = {
    reset: /\/reset\/data\/templates\/observations\.csv: the download broke off before the end of the file/,
    500: /\/status\/500\/observations\.csv: the server answered 500 Internal Server Error/,
    csp: /localhost:\d+\/data\/templates\/observations\.csv could not be fetched \(Failed to fetch\).*Content-Security-Policy/,
    password: /127\.0\.0\.1:\d+\/data\/templates\/observations\.csv: the address holds a user name or password/,
    js: /the observations file's address is a javascript: address, which cannot be fetched: give the file's http or https address/,
    data: /the observations file \(a data: address\) could not be fetched \(Failed to fetch\)/,
  };
  const body = Object.entries(cases).map(([id, url]) => `<nhs-benchmark id="e${id}" ${TIDY.replace('/data/templates/observations.csv', url.replaceAll('&', '&amp;'))}></nhs-benchmark>`).join('\n');
  const { page: p, problems } = await open('failures.html', body);
  await p.waitForFunction(() => [...document.querySelectorAll('nhs-benchmark')].every((e) => e.dataset.state === 'error'), null, { timeout: 20000 });
  // A resize after the failure neither redraws nor replaces the message.
  await p.evaluate(() => { document.getElementById('box').style.width = '500px'; });
  await new Promise((r) => setTimeout(r, 500));
  const ev = await events(p);
  const errs = await errors(p);
  for (const [id, pattern] of Object.entries(expected)) {
    assert.deepEqual(ev[`e${id}`], ['error'], `${id}: exactly one event, an error`);
    assert.match(errs[`e${id}`][0], pattern, id);
    const onScreen = await shadowText(p, `e${id}`, '.error');
    assert.equal(onScreen, `This chart could not be drawn${errs[`e${id}`][0]}`, `${id}: the real message stays on screen`);
    assert.doesNotMatch(onScreen, /SECRET|hunter2|nurse|access_token|\?/, `${id}: no credentials or query shown`);
  }
  await p.screenshot({ path: join(SHOTS, 'lifecycle-errors-1000.png'), fullPage: true });
  await p.setViewportSize({ width: 360, height: 900 });
  await p.evaluate(() => { document.getElementById('box').style.width = ''; });
  await p.screenshot({ path: join(SHOTS, 'lifecycle-errors-360.png'), fullPage: true });
  // The browser logs the failed fetches and the CSP violation itself; nothing else is a problem.
  const unexpected = problems.filter((m) => !/500 \(Internal Server Error\)|CSP violation: connect-src|Content Security Policy|ERR_CONNECTION_RESET|Failed to load resource/.test(m));
  assert.deepEqual(unexpected, []);
  await p.close();
});

test('8 bad rows of 15 are listed under the chart with file, row, column and the fix; useFiles resolves the report or rejects', async () => {
  files.set('observations.csv', SEVEN_GOOD_EIGHT_BAD);
  const bad = TIDY.replace('/data/templates/observations.csv', '/changing/observations.csv');
  const { page: p, problems } = await open('diagnostics.html', `<nhs-benchmark id="a" ${bad}></nhs-benchmark>
    <nhs-benchmark id="b" ${TIDY}></nhs-benchmark>`);
  await allReady(p);
  const report = await p.evaluate(() => document.getElementById('a').report);
  assert.equal(report.rows_read, 15);
  assert.equal(report.rows_skipped, 8);
  const notes = await p.evaluate(() => {
    const n = document.getElementById('a').shadowRoot.querySelector('.notes');
    n.querySelector('details').open = true;
    return { summary: n.querySelector('summary').textContent, items: [...n.querySelectorAll('li')].map((li) => li.textContent) };
  });
  assert.match(notes.summary, /^8 rows of 15 skipped/);
  const rows = notes.items.filter((t) => t.startsWith('observations.csv, row '));
  assert.equal(rows.length, 8, notes.items.join('\n'));
  assert.ok(rows.includes("observations.csv, row 9, column 'numerator': 'lots' is not a number: write a plain number such as 1234 or 95.2, or leave the cell blank if it is missing"), rows.join('\n'));
  assert.ok(rows.some((t) => /row 12, column 'org_code': the organisation code is empty: give the code/.test(t)));
  for (const width of [1000, 360]) {
    await p.setViewportSize({ width, height: 1100 });
    await p.waitForFunction((w) => Math.abs(document.getElementById('a').getBoundingClientRect().width - (w - 16)) < 2, width);
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(await p.evaluate(() => document.getElementById('a').shadowRoot.querySelector('.notes details').open),
      'a redraw keeps the list open');
    await p.screenshot({ path: join(SHOTS, `lifecycle-diagnostics-${width}.png`), fullPage: true });
  }
  // Files the user picks: the report, or a rejection that names the file (and is shown).
  const picked = await p.evaluate(async (text) => {
    const b = document.getElementById('b');
    const get = async (u, name) => new File([await (await fetch(u)).text()], name);
    const metrics = await get('/data/templates/metrics.json', 'metrics.json');
    const good = await b.useFiles({ observations: new File([text], 'observations.csv'), metrics });
    let rejected = null;
    try {
      await b.useFiles({ observations: new File([text], 'observations.csv'), metrics: new File(['[{"id": 1}'], 'metrics.json') });
    } catch (e) {
      rejected = e.message;
    }
    return { good, rejected, state: b.dataset.state, shown: b.shadowRoot.querySelector('.error').textContent };
  }, SEVEN_GOOD_EIGHT_BAD);
  assert.equal(picked.good.rows_skipped, 8);
  assert.match(picked.rejected, /metrics\.json/);
  assert.equal(picked.state, 'error');
  assert.equal(picked.shown, `This chart could not be drawn${picked.rejected}`);
  assert.deepEqual(problems, []);
  await p.close();
});

test('useFiles without the observations or the metrics file shows why and fires one error per call', async () => {
  const { page: p, problems } = await open('missing-files.html', `<nhs-benchmark id="b" ${TIDY}></nhs-benchmark>`);
  await allReady(p);
  const calls = await p.evaluate(async () => {
    const b = document.getElementById('b');
    const get = async (u, name) => new File([await (await fetch(u)).text()], name);
    const observations = await get('/data/templates/observations.csv', 'observations.csv');
    const metrics = await get('/data/templates/metrics.json', 'metrics.json');
    const attempt = async (files) => {
      let rejected = null;
      try {
        await b.useFiles(files);
      } catch (e) {
        rejected = { message: e.message, kind: e.kind, code: e.code, path: e.path };
      }
      const error = b.shadowRoot.querySelector('.error');
      return { rejected, state: b.dataset.state, shown: error.hidden ? null : error.textContent, events: [...window.events.b] };
    };
    return {
      noMetrics: await attempt({ observations }),
      nothing: await attempt(undefined),
      both: await attempt({ observations, metrics }),
    };
  });
  const { noMetrics, nothing, both } = calls;
  assert.match(noMetrics.rejected.message, /choose an observations file and a metrics file/);
  assert.equal(noMetrics.state, 'error');
  assert.equal(noMetrics.shown, `This chart could not be drawn${noMetrics.rejected.message}`, 'the reason is on screen');
  assert.deepEqual(noMetrics.events, ['load', 'ready', 'error'], 'one error event for the failed call');
  assert.deepEqual([noMetrics.rejected.kind, noMetrics.rejected.code, noMetrics.rejected.path], ['data', 'files.missing', 'metrics']);
  assert.equal(nothing.rejected.path, 'observations');
  assert.equal(nothing.shown, `This chart could not be drawn${nothing.rejected.message}`);
  assert.deepEqual(nothing.events, ['load', 'ready', 'error', 'error']);
  assert.equal(both.rejected, null, 'both files: the chart draws');
  assert.equal(both.state, 'ready');
  assert.equal(both.shown, null, 'the message goes once a load succeeds');
  assert.deepEqual(both.events, ['load', 'ready', 'error', 'error', 'load', 'ready']);
  assert.deepEqual(await errors(p), { b: [noMetrics.rejected.message, nothing.rejected.message] });
  assert.deepEqual(problems, []);
  await p.close();
});

test('a 10 MB attribute is refused with a short message, not echoed into the page', async () => {
  const { page: p, problems } = await open('huge.html', '');
  await p.evaluate((attrs) => {
    document.getElementById('box').insertAdjacentHTML('beforeend', `<nhs-benchmark id="a" ${attrs}></nhs-benchmark>`);
    document.getElementById('a').setAttribute('chart-title', 'x'.repeat(10_000_000));
    document.getElementById('box').insertAdjacentHTML('beforeend', `<nhs-benchmark id="b" ${attrs}></nhs-benchmark>`);
    document.getElementById('b').setAttribute('focus', 'R'.repeat(90_000));
  }, TIDY);
  await p.waitForFunction(() => ['a', 'b'].every((id) => document.getElementById(id).dataset.state === 'error'), null, { timeout: 20000 });
  const sizes = await p.evaluate(() => ['a', 'b'].map((id) => document.getElementById(id).shadowRoot.textContent.length));
  for (const n of sizes) assert.ok(n < 1500, `the element holds ${n} characters of text`);
  assert.match(await shadowText(p, 'a', '.error'), /chart-title attribute: is 10000000 characters long/);
  assert.match(await shadowText(p, 'b', '.error'), /focus attribute: expected an ODS code such as RM3, got 'R{40}… \(90000 characters\)'/);
  assert.deepEqual(problems, []);
  await p.close();
});

test('a changed file is read again on reload, while the charts of one page load share one fetch and one parse', async () => {
  const v1 = (await import('node:fs')).readFileSync(new URL('../../www/data/templates/observations.csv', import.meta.url), 'utf8');
  files.set('fresh.csv', v1);
  const changing = TIDY.replace('/data/templates/observations.csv', '/changing/fresh.csv');
  const { page: p, problems } = await open('fresh.html', `<nhs-benchmark id="a" ${changing}></nhs-benchmark>
    <nhs-benchmark id="b" view="funnel" ${changing}></nhs-benchmark>`);
  await allReady(p);
  const fetches = () => log.filter((r) => r.path === '/changing/fresh.csv').length;
  const parses = () => p.evaluate(async () => (await (await import('/pkg/nhs-benchmark.js')).pageWorkspace()).parses());
  assert.equal(fetches(), 1, 'two charts, one fetch');
  assert.equal(await parses(), 1, 'two charts, one parse');
  // The file changes on the server: a fourth trust reports.
  files.set('fresh.csv', `${v1.trimEnd()}\nRVY,ae_4hr_type1,2019-03,5000,6000,\n`);
  await p.evaluate(() => document.getElementById('a').setAttribute('months', '1'));
  await allReady(p);
  assert.equal(fetches(), 1, 'an attribute change draws from the data already parsed');
  const report = await p.evaluate(() => document.getElementById('a').reload());
  assert.equal(report.rows_read, 7, 'reload read the changed file');
  assert.equal(fetches(), 2);
  await p.waitForFunction(() => window.events.b.filter((t) => t === 'load').length === 2, null, { timeout: 20000 });
  await allReady(p);
  assert.equal(await p.evaluate(() => document.getElementById('b').report.rows_read), 7, 'the other chart of the same file follows');
  assert.equal(await parses(), 2);
  assert.deepEqual(problems, []);
  await p.close();
});

test('1,000 charts created and removed and 1,000 redraws leave wasm memory and the DOM bounded', async () => {
  const { page: p, problems } = await open('cycles.html', `<nhs-benchmark id="holder" ${TIDY}></nhs-benchmark>`);
  const cdp = await context.newCDPSession(p);
  await allReady(p);
  const cycles = (n) => p.evaluate(async ([count, attrs]) => {
    const box = document.getElementById('box');
    for (let i = 0; i < count; i++) {
      box.insertAdjacentHTML('beforeend', `<nhs-benchmark id="c" view="${i % 2 ? 'funnel' : 'ranked'}" ${attrs}></nhs-benchmark>`);
      const c = document.getElementById('c');
      await new Promise((ok, fail) => {
        c.addEventListener('ready', ok, { once: true });
        c.addEventListener('error', (e) => fail(new Error(e.detail.message)), { once: true });
      });
      c.remove();
    }
  }, [n, TIDY]);
  const redraws = (n) => p.evaluate(async (count) => {
    const holder = document.getElementById('holder');
    for (let i = 0; i < count; i++) {
      const drawn = new Promise((ok) => holder.addEventListener('ready', ok, { once: true }));
      holder.setAttribute('chart-title', `Redraw ${i}`);
      await drawn;
    }
  }, n);
  await cycles(50);
  await redraws(50);
  const start = await measure(p, cdp);
  const t0 = Date.now();
  await cycles(1000);
  const t1 = Date.now();
  await redraws(1000);
  const t2 = Date.now();
  await new Promise((r) => setTimeout(r, 50));
  const end = await measure(p, cdp);
  console.log(`1,000 cycles in ${t1 - t0} ms and 1,000 redraws in ${t2 - t1} ms: wasm memory ${start.wasm} -> ${end.wasm} bytes, `
    + `DOM nodes ${start.nodes} -> ${end.nodes}, listeners ${start.listeners} -> ${end.listeners}, JS heap ${start.jsHeap} -> ${end.jsHeap}`);
  assert.ok(end.wasm <= start.wasm + 2 * 1024 * 1024, `wasm memory grew from ${start.wasm} to ${end.wasm}`);
  assert.ok(end.nodes <= start.nodes + 200, `DOM nodes grew from ${start.nodes} to ${end.nodes}`);
  assert.ok(end.listeners <= start.listeners + 50, `listeners grew from ${start.listeners} to ${end.listeners}`);
  assert.deepEqual(problems, []);
  await p.close();
});
