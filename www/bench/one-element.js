// One <nhs-benchmark> given the user's files, as the explorer's form gives them to its six views.
import '../pkg/nhs-benchmark.js';

document.getElementById('own-data').addEventListener('submit', (e) => {
  e.preventDefault();
  const pick = (id) => document.getElementById(id).files?.[0];
  const files = { observations: pick('own-observations'), metrics: pick('own-metrics'), organisations: pick('own-organisations') };
  for (const view of document.querySelectorAll('nhs-benchmark.view')) view.useFiles(files);
});
