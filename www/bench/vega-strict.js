// Checks what Vega-Lite needs under the project's strict Content-Security-Policy (no
// 'unsafe-eval', no 'unsafe-inline'): the default embed, which compiles expressions with
// `new Function`, and the CSP-safe one (vega-interpreter, `ast: true`). The benchmark pages that
// host peers use a relaxed policy instead; docs/PERFORMANCE.md reports this page's answer.
import { expressionInterpreter } from '../vendor/vega-interpreter.js';
import { renderData } from './data.js';
import { prepareRanked } from './prepare.js';

const { rows } = prepareRanked(renderData(200));
const spec = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  width: 700, height: 400, data: { values: rows },
  params: [{ name: 'hover', select: { type: 'point', on: 'pointerover', nearest: true } }],
  mark: 'circle', encoding: { x: { field: 'rank', type: 'quantitative' }, y: { field: 'value', type: 'quantitative', scale: { zero: false } } },
};

async function attempt(options) {
  const div = document.createElement('div');
  document.getElementById('stage').append(div);
  try {
    const { view } = await window.vegaEmbed(div, spec, { actions: false, ...options });
    const ok = view.scenegraph().root.items.length > 0;
    view.finalize();
    div.remove();
    return { ok };
  } catch (e) {
    div.remove();
    return { ok: false, error: e.message };
  }
}

window.vegaStrict = {
  plain: await attempt({}),
  interpreter: await attempt({ ast: true, expr: expressionInterpreter }),
};
