//! `NhsChart`: a chart session bound to two canvases (the chart and an overlay for hover and
//! focus marks). Painting multiplies by devicePixelRatio here and nowhere else; text is measured
//! with the canvas's `measureText`, in a bounded cache, so no DOM node is created (strict-CSP safe).

use super::canvas::Painter;
use super::to_js;
use super::workspace::PageWorkspace;
use crate::chart::interaction::{Input, Key, place_tooltip};
use crate::chart::scene::Mark;
use crate::chart::text::{ApproxMeasure, CachedMeasure, FONT_FAMILY, TextMeasure};
use crate::session::Session;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// The canvas's `measureText`, behind the bounded [`CachedMeasure`] cache (a chart's labels
/// fit it many times over; a page measuring endless distinct strings keeps at most its bound).
pub type CanvasMeasure = CachedMeasure<CanvasText>;

/// Widths from the canvas's `measureText`, setting the context's font only when it changes.
pub struct CanvasText {
    ctx: CanvasRenderingContext2d,
    font: RefCell<String>,
}

impl TextMeasure for CanvasText {
    fn width(&self, text: &str, size: f64, bold: bool) -> f64 {
        let font = format!("{}{}px {}", if bold { "bold " } else { "" }, size, FONT_FAMILY);
        if *self.font.borrow() != font {
            self.ctx.set_font(&font);
            *self.font.borrow_mut() = font;
        }
        match self.ctx.measure_text(text) {
            Ok(m) => m.width(),
            Err(_) => ApproxMeasure.width(text, size, bold),
        }
    }
}

fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsValue> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        .ok_or_else(|| js_error("this browser gave no 2D canvas context"))
}

/// One interactive chart. Create it with the two canvases the element owns and a spec in JSON.
#[wasm_bindgen]
pub struct NhsChart {
    session: Session,
    canvas: HtmlCanvasElement,
    overlay: HtmlCanvasElement,
    measure: CanvasMeasure,
    ratio: f64,
}

#[wasm_bindgen]
impl NhsChart {
    #[wasm_bindgen(constructor)]
    pub fn new(
        canvas: HtmlCanvasElement,
        overlay: HtmlCanvasElement,
        spec: &str,
    ) -> Result<NhsChart, JsValue> {
        let ctx = context(&canvas)?;
        let session = Session::new(spec)?;
        let measure = CachedMeasure::new(CanvasText { ctx, font: RefCell::default() });
        Ok(NhsChart { session, canvas, overlay, measure, ratio: 1.0 })
    }

    /// Replaces the spec (JSON); call `render` afterwards.
    #[wasm_bindgen(js_name = setSpec)]
    pub fn set_spec(&mut self, spec: &str) -> Result<(), JsValue> {
        Ok(self.session.set_spec(spec)?)
    }

    /// The files the spec's view needs, one set per kind of data: `[{need, loader, files}]`.
    #[wasm_bindgen(unchecked_return_type = "SourceSet[]")]
    pub fn sources(&self) -> Result<JsValue, JsValue> {
        to_js(&self.session.sources()?)
    }

    /// Uses the workspace's data loaded under `key` (shared, not copied); false when the
    /// workspace has not loaded it.
    pub fn attach(&mut self, workspace: &PageWorkspace, key: &str) -> bool {
        self.session.attach_key(workspace.inner(), key)
    }

    /// Whether every kind of data the view needs is attached.
    #[wasm_bindgen(js_name = hasData)]
    pub fn has_data(&self) -> bool {
        self.session.has_data()
    }

    /// NHS trusts in the data, sorted by name: `[{code, name}]`.
    pub fn organisations(&self) -> Result<JsValue, JsValue> {
        to_js(&self.session.organisations())
    }

    /// The load report of the chart's data: its sets' reports added up, and what the view's join
    /// of two sets leaves out (maturity beside outcomes: the trusts that do not join) once drawn.
    #[wasm_bindgen(unchecked_return_type = "LoadReport")]
    pub fn report(&self) -> Result<JsValue, JsValue> {
        to_js(&self.session.report())
    }

    /// Metrics the chart can show: `[{id, title}]`.
    pub fn metrics(&self) -> Result<JsValue, JsValue> {
        to_js(&self.session.metrics())
    }

    /// Lays out and paints at `width` x `height` CSS pixels and device pixel ratio `ratio`.
    pub fn render(&mut self, width: f64, height: f64, ratio: f64) -> Result<JsValue, JsValue> {
        let rendered = self.session.layout(width, height, &self.measure)?;
        self.ratio = if ratio.is_finite() && ratio > 0.0 { ratio.min(4.0) } else { 1.0 };
        let (w, h) = (rendered.width, rendered.height);
        for c in [&self.canvas, &self.overlay] {
            c.set_width((w * self.ratio).round() as u32);
            c.set_height((h * self.ratio).round() as u32);
        }
        if let Some(scene) = self.session.scene() {
            paint_on(&self.canvas, &scene.marks, self.ratio)?;
        }
        self.paint_overlay()?;
        to_js(&rendered)
    }

    fn paint_overlay(&self) -> Result<(), JsValue> {
        let ctx = context(&self.overlay)?;
        ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)?;
        ctx.clear_rect(0.0, 0.0, self.overlay.width() as f64, self.overlay.height() as f64);
        paint_on(&self.overlay, &self.session.overlay(), self.ratio)
    }

    fn apply(&mut self, input: Input) -> Result<JsValue, JsValue> {
        let effect = self.session.input(input);
        if effect.redraw {
            self.paint_overlay()?;
        }
        to_js(&effect)
    }

    /// The pointer moved to `(x, y)` CSS pixels from the chart's top-left corner.
    #[wasm_bindgen(js_name = pointerMove)]
    pub fn pointer_move(&mut self, x: f64, y: f64) -> Result<JsValue, JsValue> {
        self.apply(Input::PointerMove { x, y })
    }

    #[wasm_bindgen(js_name = pointerLeave)]
    pub fn pointer_leave(&mut self) -> Result<JsValue, JsValue> {
        self.apply(Input::PointerLeave)
    }

    pub fn click(&mut self, x: f64, y: f64) -> Result<JsValue, JsValue> {
        self.apply(Input::Click { x, y })
    }

    /// A `KeyboardEvent.key`; keys the chart does not use come back with `handled: false`.
    pub fn key(&mut self, key: &str) -> Result<JsValue, JsValue> {
        match Key::from_dom(key) {
            Some(k) => self.apply(Input::Key(k)),
            None => to_js(&crate::chart::interaction::Effect::default()),
        }
    }

    pub fn focus(&mut self) -> Result<JsValue, JsValue> {
        self.apply(Input::Focus)
    }

    pub fn blur(&mut self) -> Result<JsValue, JsValue> {
        self.apply(Input::Blur)
    }

    /// Selects the organisation with this key (ODS code), as when another view selected it.
    /// Returns false when this chart does not show it.
    pub fn select(&mut self, key: &str) -> Result<bool, JsValue> {
        let found = self.session.select_key(key);
        self.paint_overlay()?;
        Ok(found)
    }

    /// Tooltip lines for item `index`: `[[label, value], ...]`.
    pub fn tooltip(&self, index: usize) -> Result<JsValue, JsValue> {
        to_js(&self.session.words(index).tooltip)
    }

    /// Where a tooltip of `width` x `height` CSS pixels goes for item `index`: `[x, y]`.
    #[wasm_bindgen(js_name = placeTooltip)]
    pub fn place_tooltip(&self, index: usize, width: f64, height: f64) -> Result<JsValue, JsValue> {
        let scene = self.session.scene().ok_or_else(|| js_error("nothing rendered yet"))?;
        let item = scene.items.get(index).ok_or_else(|| js_error("no such item"))?;
        to_js(&place_tooltip(item.anchor, (width, height), (scene.width, scene.height)))
    }

    /// The chart's data table: `{columns, rows}`.
    pub fn table(&self) -> Result<JsValue, JsValue> {
        to_js(&self.session.table())
    }

    pub fn csv(&self) -> Option<String> {
        self.session.csv()
    }

    pub fn svg(&self) -> Option<String> {
        self.session.svg()
    }

    /// The spec with every resolved choice filled in, as JSON.
    pub fn recipe(&self) -> String {
        self.session.recipe()
    }

    /// Paints the chart as drawn (its title, marks and source; no hover or focus marks, as in the
    /// SVG) on `canvas`, sized to the chart at `ratio` device pixels per CSS pixel: the pixels of
    /// the PNG export. False when nothing has been drawn yet.
    #[wasm_bindgen(js_name = paintExport)]
    pub fn paint_export(&self, canvas: &HtmlCanvasElement, ratio: f64) -> Result<bool, JsValue> {
        let Some(scene) = self.session.scene() else {
            return Ok(false);
        };
        let ratio = if ratio.is_finite() && ratio > 0.0 { ratio.min(4.0) } else { 1.0 };
        canvas.set_width((scene.width * ratio).round().max(1.0) as u32);
        canvas.set_height((scene.height * ratio).round().max(1.0) as u32);
        paint_on(canvas, &scene.marks, ratio)?;
        Ok(true)
    }
}

/// `png` (a PNG file, as the canvas's `toBlob` gives it) with `recipe` written in as an `iTXt`
/// chunk with the keyword `nhs-benchmark-recipe`, before `IEND` (see `chart::png`).
#[wasm_bindgen(js_name = pngWithRecipe)]
pub fn png_with_recipe(png: &[u8], recipe: &str) -> Result<Vec<u8>, JsValue> {
    Ok(crate::chart::png::with_recipe(png, recipe)?)
}

/// For tests in the browser: the measurer the chart lays out with (not exported to JavaScript).
impl NhsChart {
    pub fn text_measure(&self) -> &CanvasMeasure {
        &self.measure
    }
}

fn paint_on(canvas: &HtmlCanvasElement, marks: &[Mark], ratio: f64) -> Result<(), JsValue> {
    let ctx = context(canvas)?;
    Painter::new(&ctx, ratio)?.paint(marks)
}

fn js_error(message: &str) -> JsValue {
    js_sys::Error::new(message).into()
}
