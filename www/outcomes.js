// Maturity beside outcomes: one <nhs-benchmark> maturityOutcomes view on the bundled DMA results,
// RTT April 2026 extract and ODS list; the score and trust pickers rewrite its spec, and the trusts
// that do not join are listed from the chart's notes for the score shown (as text, never as HTML).
// The DMA results and the RTT extract are two sets of the page's workspace, each fetched and parsed
// once however many charts on the page use them; the join is the chart's, so it is the chart that
// says who does not join.
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

function listUnjoined(warnings) {
  const notes = warnings.filter((w) => w.startsWith('Not plotted'));
  joined.textContent = notes.length === 0
    ? 'Every trust joined.'
    : 'For the score shown: each reason, how many trusts and which.';
  unjoined.replaceChildren(...notes.map((message) => {
    const li = document.createElement('li');
    li.textContent = message;
    return li;
  }));
}

chart.addEventListener('load', fillFocus);
chart.addEventListener('ready', (e) => listUnjoined(e.detail.warnings ?? []));
score.addEventListener('change', setSpec);
focus.addEventListener('change', setSpec);
