//! A panic in the wasm module is reported, not lost: the hook installed when the module starts
//! keeps the message and location for `lastPanic()`, and the module still answers a simple call
//! after one deliberate panic (the element re-instantiates it after any panic; see
//! `src/web/panic.rs` for why).

#![cfg(target_arch = "wasm32")]

use nhs_benchmark::chart::text::ApproxMeasure;
use nhs_benchmark::session::Session;
use nhs_benchmark::web::panic::last_panic;
use nhs_benchmark::workspace::{FileText, Loader, Workspace};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const AE: &str = include_str!("../www/data/ae_attendances_england_2016_2019.csv");
const ODS: &str = include_str!("../www/data/ods_trusts_etr.csv");

/// Calls the `__panicForTest` export through JavaScript, as a page would, so the trap comes
/// back as a JavaScript exception instead of aborting this test.
fn panic_through_javascript() -> JsValue {
    let exports = wasm_bindgen::exports();
    let f: js_sys::Function = js_sys::Reflect::get(&exports, &JsValue::from_str("__panicForTest"))
        .expect("the export exists")
        .into();
    js_sys::Reflect::apply(&f, &JsValue::UNDEFINED, &js_sys::Array::new()).expect_err("the call traps")
}

#[wasm_bindgen_test]
fn a_deliberate_panic_is_reported_with_its_message_and_location_then_cleared() {
    // The test harness replaces the panic hook with its own for each test: put ours back in front.
    nhs_benchmark::web::panic::install();
    assert_eq!(last_panic(), None, "nothing has panicked yet");
    let error = panic_through_javascript();
    assert!(error.is_instance_of::<js_sys::WebAssembly::RuntimeError>(), "{error:?}");
    let report = last_panic().expect("the hook kept the message");
    assert!(report.contains("deliberate panic for a test (42)"), "{report}");
    assert!(report.contains("src/web/panic.rs"), "{report}");
    assert_eq!(last_panic(), None, "reading the report clears it");
    // One trap leaves the module usable enough to load data and lay out a chart (the element
    // still starts a fresh instance: the trap's stack is never given back).
    assert_eq!(nhs_benchmark::web::version(), env!("CARGO_PKG_VERSION"));
    let mut session = Session::new(r#"{"focus":"RM3"}"#).unwrap();
    let mut workspace = Workspace::new();
    let files = [
        FileText { role: "ae", url: "ae.csv", name: "ae.csv", text: AE },
        FileText { role: "organisations", url: "etr.csv", name: "etr.csv", text: ODS },
    ];
    let (key, _) = workspace.load(Loader::Ae, &files).unwrap();
    assert!(session.attach_key(&workspace, &key));
    let rendered = session.layout(720.0, 480.0, &ApproxMeasure).unwrap();
    assert_eq!(rendered.items, 137);
}
