// The maturity explorer. The first four views draw NHS England's published Digital Maturity
// Assessment results (self-assessed pillar scores per trust and care setting, 2025, and the
// comparable 2024/2025 overall pair): a trust, care setting, cohort and level picker drive them
// through the `focus` and `spec` attributes. The staircase draws domain-level answers: the bundled
// illustrative set until a trust loads its own filled-in template (read in the page with
// File.text(), never uploaded).
import './pkg/nhs-benchmark.js';

const published = [...document.querySelectorAll('nhs-benchmark.view.dma')];
const own = [...document.querySelectorAll('nhs-benchmark.view.own')];
const first = published[0];
const $ = (id) => document.getElementById(id);
const [focus, setting, cohort, level, framework, answers] =
  ['focus', 'setting', 'cohort', 'level', 'framework', 'answers'].map($);

/** The published views' spec: the care setting, cohort and level chosen (the focus is its own attribute). */
function applyChoices() {
  const icb = level.value === 'icb';
  for (const o of cohort.querySelectorAll('[data-trusts-only]')) o.disabled = icb;
  if (icb && cohort.selectedOptions[0]?.disabled) cohort.value = 'setting';
  setting.disabled = icb;
  const spec = { cohort: cohort.value, level: level.value };
  if (setting.value) spec.careSetting = setting.value;
  for (const v of published) v.setAttribute('spec', JSON.stringify(spec));
}

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

first.addEventListener('load', fillFocus, { once: true });
focus.addEventListener('change', () => {
  setting.value = '';
  applyChoices();
  for (const v of published) v.setAttribute('focus', focus.value);
});
for (const control of [setting, cohort, level]) control.addEventListener('change', applyChoices);
framework.addEventListener('change', () => own.forEach((v) => v.setAttribute('framework', framework.value)));

answers.addEventListener('change', async () => {
  const file = answers.files?.[0];
  if (!file) return;
  const text = await file.text();
  const code = text.split(/\r?\n/).find((l) => l && !l.startsWith('#') && !l.startsWith('framework,'))?.split(',')[1]?.trim();
  for (const v of own) v.addAssessments(file.name, text);
  if (code) own.forEach((v) => v.setAttribute('focus', code));
  $('own-loaded').textContent = `Loaded ${file.name}${code ? ` for ${code}` : ''}: self-assessed answers, compared with the illustrative peers.`;
});
