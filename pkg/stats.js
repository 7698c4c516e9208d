// nhs-benchmark/stats: the statistics API alone (Wilson, Byars, DSR, ISR, quantiles, comparisons,
// funnel limits with over-dispersion, SPC), for pages that draw their own charts. The same Rust
// core as the package's main entry, built without the `charts` feature: no loaders, views or
// element, so a page that only computes loads a fraction of the bytes. Import nothing from DOM.

import init from './stats/nhs_benchmark.js';

export * from './stats/nhs_benchmark.js';

let booting;

/**
 * Loads and instantiates the statistics module once; resolves when its functions can be called.
 * In a browser the module is fetched next to this file; in Node (a `file:` URL) it is read from
 * disk.
 */
export function ready() {
  booting ??= init({ module_or_path: wasmBytesOrUrl() });
  return booting;
}

async function wasmBytesOrUrl() {
  const url = new URL('./stats/nhs_benchmark_bg.wasm', import.meta.url);
  if (url.protocol !== 'file:') return fetch(url);

  const { readFile } = await import(/* @vite-ignore */ /* webpackIgnore: true */ 'node:fs/promises');
  return readFile(url);
}
