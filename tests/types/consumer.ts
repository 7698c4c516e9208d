// A TypeScript consumer of the npm package: checked with `tsc --strict` so the shipped types
// describe what a developer writes.
import { ready, bundledData, NhsChart, Workspace, version, views, type ChartSpec, type NhsBenchmarkElement, type ViewName } from '../../pkg/nhs-benchmark.js';
import * as stats from '../../pkg/stats.js';

async function main(): Promise<void> {
  await ready();
  const v: string = version();
  const spec: ChartSpec = { metric: 'ae_4hr_type1', focus: 'RM3', period: { latest: 12 } };
  const main = document.createElement('canvas');
  const overlay = document.createElement('canvas');
  const chart = new NhsChart(main, overlay, JSON.stringify(spec));
  const [ae, ods] = await Promise.all([fetch(bundledData.ae), fetch(bundledData.organisations)]);
  const workspace = new Workspace();
  const { key, report } = workspace.load('ae', [
    { role: 'ae', url: bundledData.ae, name: 'ae.csv', text: await ae.text() },
    { role: 'organisations', url: bundledData.organisations, name: 'ods.csv', text: await ods.text() },
  ]);
  console.log(report.rows_used, chart.sources().map((s) => s.loader));
  chart.attach(workspace, key);
  const names: ViewName[] = views().map((v) => v.name as ViewName);
  chart.render(720, 480, window.devicePixelRatio);
  const element: NhsBenchmarkElement = document.createElement('nhs-benchmark');
  element.addEventListener('select', (e) => console.log(e.detail.code, e.detail.name, v));
  const recipe: string | null = element.recipe;
  console.log(recipe, chart.svg()?.length, names);
  chart.free();
}

void main();

/** The statistics-only entry: the same functions and types, no chart. */
async function statsOnly(): Promise<number | null> {
  await stats.ready();
  const r: stats.Estimates = stats.proportions({ numerators: [5], denominators: [100], confidence: 0.95 });
  return r.limits[0].lower[0];
}
void statsOnly;
