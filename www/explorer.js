// The explorer: pickers for the focus trust, measure and period that drive one <nhs-benchmark>
// element through its attributes, the way an embedding page would.
import './pkg/nhs-benchmark.js';

const chart = document.getElementById('chart');
const focus = document.getElementById('focus');
const metric = document.getElementById('metric');
const months = document.getElementById('months');
const selection = document.getElementById('selection');
const peers = document.getElementById('peers');
const benchmark = document.getElementById('benchmark');

function fill(select, options, current) {
  select.replaceChildren(...options.map(({ value, label }) => {
    const option = document.createElement('option');
    option.value = value;
    option.textContent = label;
    option.selected = value === current;
    return option;
  }));
  select.disabled = false;
}

chart.addEventListener('load', () => {
  fill(focus, chart.organisations.map((o) => ({ value: o.code, label: `${o.name} (${o.code})` })), chart.getAttribute('focus'));
  fill(metric, chart.metrics.map((m) => ({ value: m.id, label: m.title })), chart.getAttribute('metric') ?? chart.metrics[0]?.id);
});

focus.addEventListener('change', () => chart.setAttribute('focus', focus.value));
metric.addEventListener('change', () => chart.setAttribute('metric', metric.value));
months.addEventListener('change', () => chart.setAttribute('months', months.value));
peers.addEventListener('change', () => chart.setAttribute('peers', peers.value));
benchmark.addEventListener('change', () => chart.setAttribute('benchmark', benchmark.value));

chart.addEventListener('select', (e) => {
  selection.textContent = `Selected: ${e.detail.name} (${e.detail.code}). `;
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Make this the focus trust';
  button.addEventListener('click', () => {
    chart.setAttribute('focus', e.detail.code);
    focus.value = e.detail.code;
    selection.textContent = '';
  });
  selection.append(button);
});
