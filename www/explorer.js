// The explorer: pickers for the focus trust, measure, peers, benchmark and period drive several
// <nhs-benchmark> views through their attributes, the way an embedding page would.
import './pkg/nhs-benchmark.js';

const chart = document.getElementById('chart');
const views = [...document.querySelectorAll('nhs-benchmark.view')];
const periodViews = views.filter((v) => v.getAttribute('view') !== 'spc');
const setAll = (name, value, targets = views) => targets.forEach((v) => v.setAttribute(name, value));
const focus = document.getElementById('focus');
const metric = document.getElementById('metric');
const months = document.getElementById('months');
const selection = document.getElementById('selection');
const peers = document.getElementById('peers');
const benchmark = document.getElementById('benchmark');
const whatIf = document.getElementById('what-if');
const opportunity = document.getElementById('opportunity');

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
  const orgs = chart.organisations;
  const metrics = chart.metrics;
  // New data may not have the current focus or measure: fall back to its first.
  if (orgs.length && !orgs.some((o) => o.code === chart.getAttribute('focus'))) setAll('focus', orgs[0].code);
  if (metrics.length && chart.hasAttribute('metric') && !metrics.some((m) => m.id === chart.getAttribute('metric'))) {
    setAll('metric', metrics[0].id);
  }
  fill(focus, orgs.map((o) => ({ value: o.code, label: `${o.name} (${o.code})` })), chart.getAttribute('focus'));
  fill(metric, metrics.map((m) => ({ value: m.id, label: m.title })), chart.getAttribute('metric') ?? metrics[0]?.id);
});

document.getElementById('own-data').addEventListener('submit', (e) => {
  e.preventDefault();
  const pick = (id) => document.getElementById(id).files?.[0];
  const files = pick('own-fingertips')
    ? { fingertips: pick('own-fingertips') }
    : { observations: pick('own-observations'), metrics: pick('own-metrics'), organisations: pick('own-organisations') };
  for (const v of views) v.useFiles(files).catch((err) => { selection.textContent = err.message; });
});

focus.addEventListener('change', () => setAll('focus', focus.value));
metric.addEventListener('change', () => setAll('metric', metric.value));
months.addEventListener('change', () => setAll('months', months.value, periodViews));
peers.addEventListener('change', () => setAll('peers', peers.value));
benchmark.addEventListener('change', () => setAll('benchmark', benchmark.value));
whatIf.addEventListener('change', () => {
  if (whatIf.value === '') opportunity.removeAttribute('what-if');
  else opportunity.setAttribute('what-if', whatIf.value);
});

document.addEventListener('select', (e) => {
  if (!(e.target instanceof HTMLElement) || e.target.localName !== 'nhs-benchmark' || !/^[A-Z0-9]{3,5}$/.test(e.detail.code)) return;
  selection.textContent = `Selected: ${e.detail.name} (${e.detail.code}). `;
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Make this the focus trust';
  button.addEventListener('click', () => {
    setAll('focus', e.detail.code);
    focus.value = e.detail.code;
    selection.textContent = '';
  });
  selection.append(button);
});
