// A TypeScript consumer of the npm package: checked with `tsc --strict` so the shipped types
// describe what a developer writes.
import { ready, bundledData, NhsChart, version, type ChartSpec, type NhsBenchmarkElement } from '../../pkg/nhs-benchmark.js';

async function main(): Promise<void> {
  await ready();
  const v: string = version();
  const spec: ChartSpec = { metric: 'ae_4hr_type1', focus: 'RM3', period: { latest: 12 } };
  const main = document.createElement('canvas');
  const overlay = document.createElement('canvas');
  const chart = new NhsChart(main, overlay, JSON.stringify(spec));
  const [ae, ods] = await Promise.all([fetch(bundledData.ae), fetch(bundledData.organisations)]);
  chart.loadAe('ae.csv', await ae.text(), 'ods.csv', await ods.text());
  chart.render(720, 480, window.devicePixelRatio);
  const element: NhsBenchmarkElement = document.createElement('nhs-benchmark');
  element.addEventListener('select', (e) => console.log(e.detail.code, e.detail.name, v));
  const recipe: string | null = element.recipe;
  console.log(recipe, chart.svg()?.length);
  chart.free();
}

void main();
