//! The web shell (wasm32 only): the exported JavaScript API, the canvas, and the glue for the
//! `<nhs-benchmark>` custom element. Each export decodes its arguments, calls the core and encodes
//! the answer; a core [`Error`] becomes a JavaScript `TypeError` (the spec or a file is the wrong
//! shape) or `RangeError` (a value the method cannot take) carrying its `kind`, `code` and `path`,
//! never a panic.

#[cfg(feature = "charts")]
pub mod canvas;
#[cfg(feature = "charts")]
pub mod chart;
pub mod panic;
pub mod stats_api;
pub mod typed_api;
#[cfg(feature = "charts")]
pub mod workspace;

use crate::error::Error;
use wasm_bindgen::prelude::*;

/// The package version, for bug reports.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The bytes of this instance's linear memory. WebAssembly memory grows and never shrinks, so a
/// page (or a leak test) reads this to see what its charts cost; after a trap the element starts a
/// fresh instance, whose memory starts small again.
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    let pages = core::arch::wasm32::memory_size(0);
    #[cfg(not(target_arch = "wasm32"))]
    let pages = 0;
    (pages * 65_536) as f64
}

/// Every view the element can draw: `[{name, family, needs, about}]`, the default first.
#[cfg(feature = "charts")]
#[wasm_bindgen(unchecked_return_type = "ViewInfo[]")]
pub fn views() -> Result<JsValue, JsValue> {
    to_js(crate::views::VIEWS)
}

/// The spec an element's attributes (`[[name, value], ...]`) describe, as JSON; errors name the
/// attribute.
#[cfg(feature = "charts")]
#[wasm_bindgen(js_name = specFromAttributes)]
pub fn spec_from_attributes(
    #[wasm_bindgen(unchecked_param_type = "[string, string][]")] pairs: JsValue,
) -> Result<String, JsValue> {
    let pairs: Vec<(String, String)> = stats_api::decode(pairs)?;
    let spec =
        crate::spec::attributes::from_pairs(&pairs, crate::spec::Origin::Attribute).map_err(Error::from)?;
    Ok(crate::json::to_string(&spec))
}

#[cfg(feature = "charts")]
#[wasm_bindgen(typescript_custom_section)]
const TS_VIEWS: &'static str = r#"
/** A view of the registry, as `views()` lists it. */
export interface ViewInfo { name: string; family: "indicator" | "maturity"; needs: ("indicators" | "maturity")[]; about: string; }
"#;

/// Turns any serialisable core value into a plain JavaScript object (maps as objects, not `Map`s).
pub(crate) fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value.serialize(&serializer).map_err(|e| js_sys::Error::new(&e.to_string()).into())
}

/// A core error as JavaScript sees it: a `TypeError` or `RangeError` with the core's message,
/// and `kind`, `code` and `path` properties for programs.
impl From<Error> for JsValue {
    fn from(e: Error) -> JsValue {
        let js: js_sys::Error = if e.kind.is_type_error() {
            js_sys::TypeError::new(&e.message).into()
        } else {
            js_sys::RangeError::new(&e.message).into()
        };
        let kind = crate::json::to_string(&e.kind).trim_matches('"').to_string();
        for (key, value) in [("kind", kind.as_str()), ("code", e.code.as_str()), ("path", e.path.as_str())] {
            // Setting a property on a fresh Error object cannot fail.
            let _ = js_sys::Reflect::set(&js, &key.into(), &value.into());
        }
        js.into()
    }
}
