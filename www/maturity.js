// The maturity explorer: framework, trust and peer pickers drive four <nhs-benchmark> maturity
// views; a trust's own filled-in template is read in the page (FileReader, never uploaded) and
// added to every view's data.
import './pkg/nhs-benchmark.js';

const views = [...document.querySelectorAll('nhs-benchmark.view')];
const first = views[0];
const framework = document.getElementById('framework');
const focus = document.getElementById('focus');
const peers = document.getElementById('peers');
const answers = document.getElementById('answers');
const loaded = document.getElementById('loaded');
const setAll = (name, value) => views.forEach((v) => v.setAttribute(name, value));

function fillFocus() {
  const current = first.getAttribute('focus');
  focus.replaceChildren(...first.organisations.map((o) => {
    const option = document.createElement('option');
    option.value = o.code;
    option.textContent = `${o.name} (${o.code})`;
    option.selected = o.code === current;
    return option;
  }));
  focus.disabled = false;
}

first.addEventListener('load', fillFocus);
framework.addEventListener('change', () => setAll('framework', framework.value));
focus.addEventListener('change', () => setAll('focus', focus.value));
peers.addEventListener('change', () => setAll('peers', peers.value));

answers.addEventListener('change', async () => {
  const file = answers.files?.[0];
  if (!file) return;
  const text = await file.text();
  const code = text.split(/\r?\n/).find((l) => l && !l.startsWith('#') && !l.startsWith('framework,'))?.split(',')[1]?.trim();
  for (const v of views) v.addAssessments(file.name, text);
  if (code) {
    setAll('focus', code);
    focus.value = code;
  }
  loaded.textContent = `Loaded ${file.name}${code ? ` for ${code}` : ''}: self-assessed results, compared with the illustrative peers.`;
});
