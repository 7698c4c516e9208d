// The npm package in Node 20, as a developer installs it: the packed tarball is installed into an
// empty project with no DOM, imported, and asked for a Wilson interval. Importing must not touch
// HTMLElement or customElements, and ready() must find the wasm on disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** An empty Node project with the packed package installed into it, made once for every test. */
let installed;
function consumerProject() {
  if (installed) return installed;
  const project = mkdtempSync(join(tmpdir(), 'nhsb-node-'));
  execFileSync('npm', ['pack', '--pack-destination', project, '--silent'], { cwd: join(ROOT, 'pkg') });
  const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', `./${tarball}`], { cwd: project });
  installed = project;
  return project;
}

test('the packed package imports in Node and computes a Wilson interval', () => {
  const project = consumerProject();
  writeFileSync(join(project, 'wilson.mjs'), `
    import { ready, proportions } from 'nhs-benchmark';
    await ready();
    const r = proportions({ numerators: [5], denominators: [100], confidence: 0.95, multiplier: 1 });
    console.log(JSON.stringify({ value: r.value[0], lower: r.limits[0].lower[0], upper: r.limits[0].upper[0],
      element: typeof globalThis.customElements }));
  `);
  const out = JSON.parse(execFileSync('node', ['wilson.mjs'], { cwd: project, encoding: 'utf8' }));
  // PHEindicatormethods phe_proportion, 5 of 100 (reference case prop-Area2-x1 in
  // tests/fixtures/reference/phe_proportion.json): 0.05, Wilson 95% 0.02154367915436798 to
  // 0.11175046923191911.
  assert.equal(out.value, 0.05);
  assert.ok(Math.abs(out.lower - 0.02154367915436798) < 1e-12, `${out.lower}`);
  assert.ok(Math.abs(out.upper - 0.11175046923191911) < 1e-12, `${out.upper}`);
  assert.equal(out.element, 'undefined', 'Node has no custom elements, and the import did not need them');
});

test('nhs-benchmark/stats computes the same Wilson interval with no chart code in its module', () => {
  const project = consumerProject();
  writeFileSync(join(project, 'stats.mjs'), `
    import * as stats from 'nhs-benchmark/stats';
    await stats.ready();
    const r = stats.proportions({ numerators: [5], denominators: [100], confidence: 0.95, multiplier: 1 });
    const columns = stats.proportionsColumns(new Float64Array([5]), new Float64Array([100]), new Float64Array([0.95]), 1);
    console.log(JSON.stringify({ lower: r.limits[0].lower[0], upper: r.limits[0].upper[0],
      columnLower: columns.limits[0].lower[0], chart: typeof stats.NhsChart, views: typeof stats.views }));
  `);
  const out = JSON.parse(execFileSync('node', ['stats.mjs'], { cwd: project, encoding: 'utf8' }));
  // The same reference case as above: PHEindicatormethods phe_proportion, 5 of 100.
  assert.ok(Math.abs(out.lower - 0.02154367915436798) < 1e-12, `${out.lower}`);
  assert.ok(Math.abs(out.upper - 0.11175046923191911) < 1e-12, `${out.upper}`);
  assert.ok(Math.abs(out.columnLower - 0.02154367915436798) < 1e-12, `${out.columnLower}`);
  assert.equal(out.chart, 'undefined', 'the statistics module has no chart');
  assert.equal(out.views, 'undefined', 'the statistics module has no view registry');
});
