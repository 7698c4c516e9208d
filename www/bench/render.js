// The rendering benchmark page: every library draws the same charts of the same arrays, one at a
// time, in this page. scripts/bench-browser.mjs drives it through `window.bench`, interleaving the
// libraries and moving the real mouse for hover. Times run from having the data to the end of the
// next painted frame (`afterFrame`: a requestAnimationFrame callback, then a task posted from it,
// which runs once that frame's style, layout and paint are done), the same for canvas and SVG.
import { afterFrame, renderData } from './data.js';
import * as ours from './ours.js';
import * as chartjs from './chartjs.js';
import * as plot from './plot.js';
import * as vegalite from './vegalite.js';

const LIBS = { ours, chartjs, plot, vegalite };
const SIZE = { width: 720, height: 480 };
const stage = document.getElementById('stage');
let data = null;
let current = null;
let focused = null;
let pendingHover = null;

function clear() {
  current?.destroy();
  current = null;
  stage.replaceChildren();
}

window.bench = {
  libs: Object.fromEntries(Object.entries(LIBS).map(([k, m]) => [k, m.label])),
  size: SIZE,

  setData(count) {
    clear();
    data = renderData(count);
    return data.codes.length;
  },

  /** Draws `kind` ('Ranked' or 'Funnel') with `lib`; ms from data in hand to painted. */
  async draw(lib, kind) {
    clear();
    window.gc?.();
    await afterFrame();
    const t0 = performance.now();
    current = await LIBS[lib][`draw${kind}`](stage, data, SIZE);
    const t1 = await afterFrame();
    focused = data.focus;
    return t1 - t0;
  },

  /** Moves the focus to the other organisation; ms from the call to painted. */
  async refocus() {
    window.gc?.();
    await afterFrame();
    focused = focused === data.focus ? data.otherFocus : data.focus;
    const t0 = performance.now();
    await current.refocus(focused);
    return (await afterFrame()) - t0;
  },

  hoverTargets(count) {
    return current.hoverTargets(count);
  },

  hovered() {
    return current.hovered();
  },

  /**
   * Arms the measurement of the next pointer move: from the input event's timestamp (taken where
   * the browser received it) to the end of the first painted frame showing a different highlight.
   */
  armHover() {
    const before = current.hovered();
    pendingHover = new Promise((resolve) => {
      window.addEventListener('pointermove', (event) => {
        const t0 = event.timeStamp;
        let frames = 0;
        const check = async () => {
          const t = await afterFrame();
          frames += 1;
          const now = current.hovered();
          if (now !== null && now !== before) resolve({ ms: t - t0, frames });
          else if (frames >= 30) resolve({ ms: null, frames });
          else check();
        };
        check();
      }, { capture: true, once: true });
    });
  },

  hoverResult() {
    return pendingHover;
  },

  /** The stage's box in CSS pixels, for screenshots. */
  box() {
    const r = stage.getBoundingClientRect();
    return { x: r.left, y: r.top, width: r.width, height: r.height };
  },

  clear,
};

ours.init().then(() => {
  document.getElementById('status').textContent = 'Ready';
  window.benchReady = true;
}, (e) => {
  document.getElementById('status').textContent = `Failed: ${e.message}`;
  window.benchReady = e.message;
});
