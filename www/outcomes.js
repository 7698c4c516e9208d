// Maturity beside outcomes: one <nhs-benchmark> maturityOutcomes view on the bundled DMA results,
// RTT April 2026 extract and ODS list; the score and trust pickers rewrite its spec, and the trusts
// that do not join are listed from its load report (as text, never as HTML).
import './pkg/nhs-benchmark.js';

const chart = document.getElementById('chart');
const score = document.getElementById('score');
const focus = document.getElementById('focus');
const joined = document.getElementById('joined');
const unjoined = document.getElementById('unjoined');
const base = JSON.parse(chart.getAttribute('spec'));

function setSpec() {
  const spec = { ...base, focus: focus.disabled ? base.focus : focus.value, outcomes: { score: score.value } };
  chart.setAttribute('spec', JSON.stringify(spec));
}

function fillFocus() {
  const current = JSON.parse(chart.getAttribute('spec')).focus;
  focus.replaceChildren(...chart.organisations.map((o) => {
    const option = document.createElement('option');
    option.value = o.code;
    option.textContent = `${o.name} (${o.code})`;
    option.selected = o.code === current;
    return option;
  }));
  focus.disabled = false;
}

function listUnjoined() {
  const notes = (chart.report?.diagnostics ?? []).filter((d) => d.message.startsWith('Not plotted'));
  joined.textContent = notes.length === 0
    ? 'Every trust joined.'
    : 'For the overall score: each reason, how many trusts and which (the chart\'s notes list them for the score shown).';
  unjoined.replaceChildren(...notes.map((d) => {
    const li = document.createElement('li');
    li.textContent = d.message;
    return li;
  }));
}

chart.addEventListener('load', () => {
  fillFocus();
  listUnjoined();
});
score.addEventListener('change', setSpec);
focus.addEventListener('change', setSpec);
