//! The web shell (wasm32 only): the exported JavaScript API, the canvas, and the glue for the
//! `<nhs-benchmark>` custom element. Each export decodes its arguments, calls the core and encodes
//! the answer; core errors become JavaScript `Error`s with the core's message, never a panic.

pub mod chart;
pub mod panic;
pub mod stats_api;
pub mod typed_api;

use wasm_bindgen::prelude::*;

/// The package version, for bug reports.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Turns any serialisable core value into a plain JavaScript object (maps as objects, not `Map`s).
pub(crate) fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value.serialize(&serializer).map_err(|e| JsError::new(&e.to_string()))
}

/// A core error as a JavaScript `Error` carrying the core's message.
pub(crate) fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}
