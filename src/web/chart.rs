//! `NhsChart`: a chart session bound to two canvases (the chart and an overlay for hover and
//! focus marks). Painting multiplies by devicePixelRatio here and nowhere else; text is measured
//! with the canvas's `measureText`, cached, so no DOM node is created (strict-CSP safe).

use super::{js_error, to_js};
use crate::chart::draw::{Surface, paint};
use crate::chart::interaction::{Input, Key, place_tooltip};
use crate::chart::scene::Mark;
use crate::chart::session::Session;
use crate::chart::text::{ApproxMeasure, FONT_FAMILY, TextMeasure};
use plotters_canvas::CanvasBackend;
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

struct CanvasMeasure {
    ctx: CanvasRenderingContext2d,
    cache: RefCell<HashMap<(String, u32, bool), f64>>,
    font: RefCell<String>,
}

impl TextMeasure for CanvasMeasure {
    fn width(&self, text: &str, size: f64, bold: bool) -> f64 {
        let key = (text.to_string(), (size * 100.0) as u32, bold);
        if let Some(w) = self.cache.borrow().get(&key) {
            return *w;
        }
        let font = format!("{}{}px {}", if bold { "bold " } else { "" }, size, FONT_FAMILY);
        if *self.font.borrow() != font {
            self.ctx.set_font(&font);
            *self.font.borrow_mut() = font;
        }
        let w = match self.ctx.measure_text(text) {
            Ok(m) => m.width(),
            Err(_) => ApproxMeasure.width(text, size, bold),
        };
        self.cache.borrow_mut().insert(key, w);
        w
    }
}

fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsError> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        .ok_or_else(|| JsError::new("this browser gave no 2D canvas context"))
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
    ) -> Result<NhsChart, JsError> {
        let ctx = context(&canvas)?;
        let session = Session::new(spec).map_err(js_error)?;
        let measure = CanvasMeasure { ctx, cache: RefCell::default(), font: RefCell::default() };
        Ok(NhsChart { session, canvas, overlay, measure, ratio: 1.0 })
    }

    /// Replaces the spec (JSON); call `render` afterwards.
    #[wasm_bindgen(js_name = setSpec)]
    pub fn set_spec(&mut self, spec: &str) -> Result<(), JsError> {
        self.session.set_spec(spec).map_err(js_error)
    }

    /// Loads the A&E attendances CSV and the ODS trust list CSV (texts and file names for
    /// diagnostics). Returns the load report.
    #[wasm_bindgen(js_name = loadAe)]
    pub fn load_ae(
        &mut self,
        ae_file: &str,
        ae_text: &str,
        ods_file: &str,
        ods_text: &str,
    ) -> Result<JsValue, JsError> {
        let report = self.session.load_ae(ae_file, ae_text, ods_file, ods_text).map_err(js_error)?;
        to_js(&report)
    }

    /// Loads digital maturity answers (the CSV template or JSON) and the ODS trust list, with an
    /// optional framework file of the user's own (`frameworkFile` and `frameworkText` together).
    #[wasm_bindgen(js_name = loadMaturity)]
    pub fn load_maturity(
        &mut self,
        assessments_file: &str,
        assessments_text: &str,
        ods_file: &str,
        ods_text: &str,
        framework_file: Option<String>,
        framework_text: Option<String>,
    ) -> Result<JsValue, JsError> {
        let framework = match (&framework_file, &framework_text) {
            (Some(f), Some(t)) => Some((f.as_str(), t.as_str())),
            _ => None,
        };
        let report = self
            .session
            .load_maturity(assessments_file, assessments_text, ods_file, ods_text, framework)
            .map_err(js_error)?;
        to_js(&report)
    }

    /// Loads data in the tidy format: observations, optional organisations and metrics, each as a
    /// file name (its extension says CSV or JSON) and its text.
    #[wasm_bindgen(js_name = loadTidy)]
    pub fn load_tidy(
        &mut self,
        observations_file: &str,
        observations_text: &str,
        metrics_file: &str,
        metrics_text: &str,
        organisations_file: Option<String>,
        organisations_text: Option<String>,
    ) -> Result<JsValue, JsError> {
        let organisations = match (&organisations_file, &organisations_text) {
            (Some(f), Some(t)) => Some((f.as_str(), t.as_str())),
            _ => None,
        };
        let report = self
            .session
            .load_tidy((observations_file, observations_text), organisations, (metrics_file, metrics_text))
            .map_err(js_error)?;
        to_js(&report)
    }

    /// Loads a Fingertips "all data" CSV export as it comes.
    #[wasm_bindgen(js_name = loadFingertips)]
    pub fn load_fingertips(&mut self, file: &str, text: &str) -> Result<JsValue, JsError> {
        to_js(&self.session.load_fingertips(file, text).map_err(js_error)?)
    }

    /// Adds a trust's own maturity answers (a filled-in template) to the loaded maturity data.
    #[wasm_bindgen(js_name = addAssessments)]
    pub fn add_assessments(&mut self, file: &str, text: &str) -> Result<JsValue, JsError> {
        to_js(&self.session.add_assessments(file, text).map_err(js_error)?)
    }

    /// NHS trusts in the data, sorted by name: `[{code, name}]`.
    pub fn organisations(&self) -> Result<JsValue, JsError> {
        to_js(&self.session.organisations())
    }

    /// Metrics the chart can show: `[{id, title}]`.
    pub fn metrics(&self) -> Result<JsValue, JsError> {
        to_js(&self.session.metrics())
    }

    /// Lays out and paints at `width` x `height` CSS pixels and device pixel ratio `ratio`.
    pub fn render(&mut self, width: f64, height: f64, ratio: f64) -> Result<JsValue, JsError> {
        let rendered = self.session.layout(width, height, &self.measure).map_err(js_error)?;
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

    fn paint_overlay(&self) -> Result<(), JsError> {
        let ctx = context(&self.overlay)?;
        ctx.clear_rect(0.0, 0.0, self.overlay.width() as f64, self.overlay.height() as f64);
        paint_on(&self.overlay, &self.session.overlay(), self.ratio)
    }

    fn apply(&mut self, input: Input) -> Result<JsValue, JsError> {
        let effect = self.session.input(input);
        if effect.redraw {
            self.paint_overlay()?;
        }
        to_js(&effect)
    }

    /// The pointer moved to `(x, y)` CSS pixels from the chart's top-left corner.
    #[wasm_bindgen(js_name = pointerMove)]
    pub fn pointer_move(&mut self, x: f64, y: f64) -> Result<JsValue, JsError> {
        self.apply(Input::PointerMove { x, y })
    }

    #[wasm_bindgen(js_name = pointerLeave)]
    pub fn pointer_leave(&mut self) -> Result<JsValue, JsError> {
        self.apply(Input::PointerLeave)
    }

    pub fn click(&mut self, x: f64, y: f64) -> Result<JsValue, JsError> {
        self.apply(Input::Click { x, y })
    }

    /// A `KeyboardEvent.key`; keys the chart does not use come back with `handled: false`.
    pub fn key(&mut self, key: &str) -> Result<JsValue, JsError> {
        match Key::from_dom(key) {
            Some(k) => self.apply(Input::Key(k)),
            None => to_js(&crate::chart::interaction::Effect::default()),
        }
    }

    pub fn focus(&mut self) -> Result<JsValue, JsError> {
        self.apply(Input::Focus)
    }

    pub fn blur(&mut self) -> Result<JsValue, JsError> {
        self.apply(Input::Blur)
    }

    /// Selects the organisation with this key (ODS code), as when another view selected it.
    /// Returns false when this chart does not show it.
    pub fn select(&mut self, key: &str) -> Result<bool, JsError> {
        let found = self.session.select_key(key);
        self.paint_overlay()?;
        Ok(found)
    }

    /// Tooltip lines for item `index`: `[[label, value], ...]`.
    pub fn tooltip(&self, index: usize) -> Result<JsValue, JsError> {
        let item = self.session.scene().and_then(|s| s.items.get(index));
        to_js(&item.map(|i| &i.tooltip))
    }

    /// Where a tooltip of `width` x `height` CSS pixels goes for item `index`: `[x, y]`.
    #[wasm_bindgen(js_name = placeTooltip)]
    pub fn place_tooltip(&self, index: usize, width: f64, height: f64) -> Result<JsValue, JsError> {
        let scene = self.session.scene().ok_or_else(|| JsError::new("nothing rendered yet"))?;
        let item = scene.items.get(index).ok_or_else(|| JsError::new("no such item"))?;
        to_js(&place_tooltip(item.anchor, (width, height), (scene.width, scene.height)))
    }

    /// The chart's data table: `{columns, rows}`.
    pub fn table(&self) -> Result<JsValue, JsError> {
        to_js(&self.session.scene().map(|s| &s.table))
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
}

fn paint_on(canvas: &HtmlCanvasElement, marks: &[Mark], ratio: f64) -> Result<(), JsError> {
    let mut backend = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or_else(|| JsError::new("canvas backend unavailable"))?;
    paint(marks, &mut backend, Surface { ratio, font_factor: 1.0 })
        .map_err(|e| JsError::new(&format!("{e:?}")))
}
