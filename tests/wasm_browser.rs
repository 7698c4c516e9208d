//! The wasm shell in headless Chromium: a chart bound to real canvases loads the bundled data,
//! paints at the device pixel ratio, answers the pointer from the scene, and turns bad input into
//! a JavaScript error instead of a panic.

#![cfg(target_arch = "wasm32")]

use nhs_benchmark::{NhsChart, PageWorkspace};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

const AE: &str = include_str!("../www/data/ae_attendances_england_2016_2019.csv");
const ODS: &str = include_str!("../www/data/ods_trusts_etr.csv");

fn canvas() -> HtmlCanvasElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let c: HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
    doc.body().unwrap().append_child(&c).unwrap();
    c
}

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn inked(c: &HtmlCanvasElement) -> usize {
    let ctx: CanvasRenderingContext2d = c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let data = ctx.get_image_data(0.0, 0.0, c.width() as f64, c.height() as f64).unwrap().data();
    data.chunks(4).filter(|p| p[3] > 0 && (p[0] < 240 || p[1] < 240 || p[2] < 240)).count()
}

/// The A&E files as the page hands them to the workspace.
fn ae_files(ae: &str) -> JsValue {
    let files = serde_json::json!([
        {"role": "ae", "url": "data/ae.csv", "name": "ae.csv", "text": ae},
        {"role": "organisations", "url": "data/ods.csv", "name": "ods.csv", "text": ODS},
    ]);
    js_sys::JSON::parse(&files.to_string()).unwrap()
}

fn loaded_chart(main: &HtmlCanvasElement, overlay: &HtmlCanvasElement) -> NhsChart {
    let mut workspace = PageWorkspace::new();
    let loaded = workspace.load("ae", ae_files(AE)).unwrap();
    let mut chart = NhsChart::new(main.clone(), overlay.clone(), r#"{"focus":"RM3"}"#).unwrap();
    assert!(chart.attach(&workspace, &get(&loaded, "key").as_string().unwrap()));
    chart
}

#[wasm_bindgen_test]
fn chart_paints_the_real_data_at_twice_the_css_size_on_a_2x_screen() {
    let (main, overlay) = (canvas(), canvas());
    let mut chart = loaded_chart(&main, &overlay);
    let info = chart.render(720.0, 480.0, 2.0).unwrap();
    assert_eq!(get(&info, "items").as_f64(), Some(137.0));
    assert_eq!((main.width(), main.height()), (1440, 960));
    assert!(inked(&main) > 50_000, "inked {}", inked(&main));
    assert_eq!(inked(&overlay), 0, "nothing highlighted yet");
}

#[wasm_bindgen_test]
fn pointer_over_a_point_reports_its_tooltip_and_paints_the_overlay() {
    let (main, overlay) = (canvas(), canvas());
    let mut chart = loaded_chart(&main, &overlay);
    chart.render(720.0, 480.0, 1.0).unwrap();
    // Sweep across the plot until the pointer lands on an item.
    let mut effect = JsValue::NULL;
    for x in (80..700).step_by(5) {
        effect = chart.pointer_move(x as f64, 300.0).unwrap();
        if !get(&effect, "tooltip").is_null() && !get(&effect, "tooltip").is_undefined() {
            break;
        }
    }
    let index = get(&effect, "tooltip").as_f64().expect("some item under the sweep") as usize;
    let lines = chart.tooltip(index).unwrap();
    let first: js_sys::Array = js_sys::Array::from(&js_sys::Array::from(&lines).get(0));
    assert_eq!(first.get(0).as_string().as_deref(), Some("Organisation"));
    assert!(inked(&overlay) > 20, "the highlight is drawn");
    let effect = chart.pointer_leave().unwrap();
    assert!(get(&effect, "tooltip").is_null() || get(&effect, "tooltip").is_undefined());
}

#[wasm_bindgen_test]
fn breaches_above_attendances_is_a_js_error_naming_file_row_and_column() {
    let bad = "period,org_code,type,attendances,breaches,admissions\n2019-03-01,RM3,1,100,101,5\n";
    let Err(err) = PageWorkspace::new().load("ae", ae_files(bad)) else { panic!("the bad row was accepted") };
    assert!(err.is_instance_of::<js_sys::TypeError>(), "a file of the wrong shape is a TypeError");
    assert_eq!(get(&err, "kind").as_string().as_deref(), Some("data"));
    assert_eq!(get(&err, "path").as_string().as_deref(), Some("ae.csv:2:breaches"));
    let message = get(&err, "message").as_string().unwrap();
    // The only row is bad, so nothing is left to load: the row's problem, then that.
    assert_eq!(
        message,
        "ae.csv, row 2, column 'breaches': 101 breaches is more than the 100 attendances: breaches are a subset of attendances\n\
         ae.csv: no usable rows among the 1 read"
    );
}

#[wasm_bindgen_test]
fn a_bad_spec_is_a_js_error_with_its_json_path() {
    let Err(err) = NhsChart::new(canvas(), canvas(), r#"{"period":{"latest":"twelve"}}"#) else {
        panic!("the bad spec was accepted")
    };
    assert!(err.is_instance_of::<js_sys::TypeError>());
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("spec.invalid"));
    assert_eq!(get(&err, "path").as_string().as_deref(), Some("period.latest"));
    let message = get(&err, "message").as_string().unwrap();
    assert!(message.starts_with("spec.period.latest: invalid type"), "{message}");
}

#[wasm_bindgen_test]
fn two_charts_of_one_file_share_one_parse() {
    let mut workspace = PageWorkspace::new();
    let first = workspace.load("ae", ae_files(AE)).unwrap();
    let again = workspace.load("ae", ae_files(AE)).unwrap();
    assert_eq!(get(&first, "key").as_string(), get(&again, "key").as_string());
    assert_eq!(workspace.parses(), 1);
    let key = get(&first, "key").as_string().unwrap();
    let mut ranked = NhsChart::new(canvas(), canvas(), r#"{"view":"ranked"}"#).unwrap();
    let mut funnel = NhsChart::new(canvas(), canvas(), r#"{"view":"funnel"}"#).unwrap();
    assert!(ranked.attach(&workspace, &key) && funnel.attach(&workspace, &key));
    assert_eq!(get(&ranked.render(720.0, 480.0, 1.0).unwrap(), "items").as_f64(), Some(137.0));
    assert_eq!(get(&funnel.render(720.0, 480.0, 1.0).unwrap(), "items").as_f64(), Some(137.0));
    assert_eq!(workspace.release_unused(), 0, "both charts still hold the data");
    drop((ranked, funnel));
    assert_eq!(workspace.release_unused(), 1, "no chart holds it any more");
    assert!(!workspace.has(&key));
}

#[wasm_bindgen_test]
fn a_forgotten_set_is_parsed_again_while_a_chart_keeps_the_data_it_drew() {
    let mut workspace = PageWorkspace::new();
    let key = get(&workspace.load("ae", ae_files(AE)).unwrap(), "key").as_string().unwrap();
    let mut chart = NhsChart::new(canvas(), canvas(), r#"{"focus":"RM3"}"#).unwrap();
    assert!(chart.attach(&workspace, &key));
    assert_eq!(workspace.forget(&key), 1);
    assert!(!workspace.has(&key), "the next load of these files parses them again");
    // The file changed on the server: one month fewer, re-read under the same key.
    let shorter: String = AE.lines().filter(|l| !l.starts_with("2019-03")).collect::<Vec<_>>().join("\n");
    let again = workspace.load("ae", ae_files(&shorter)).unwrap();
    assert_eq!(get(&again, "key").as_string().as_deref(), Some(key.as_str()));
    assert_eq!(workspace.parses(), 2);
    assert_eq!(
        get(&chart.render(720.0, 480.0, 1.0).unwrap(), "items").as_f64(),
        Some(137.0),
        "the chart drawn from the old parse still draws until it loads again"
    );
    assert_eq!(workspace.forget("ae\nno-such-file.csv"), 0);
}

#[wasm_bindgen_test]
fn memory_bytes_is_the_size_of_the_linear_memory() {
    let bytes = nhs_benchmark::web::memory_bytes();
    assert!(bytes >= 65_536.0 && bytes % 65_536.0 == 0.0, "{bytes}");
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().dyn_into().unwrap();
    let buffer: js_sys::ArrayBuffer = memory.buffer().dyn_into().unwrap();
    assert_eq!(bytes, buffer.byte_length() as f64);
}

#[wasm_bindgen_test]
fn measuring_100000_distinct_strings_keeps_the_canvas_measure_cache_at_its_bound() {
    use nhs_benchmark::chart::text::{MeasureCache, TextMeasure};
    let chart = NhsChart::new(canvas(), canvas(), r#"{"focus":"RM3"}"#).unwrap();
    let measure = chart.text_measure();
    let first = measure.width("Salford Royal NHS Foundation Trust", 12.0, false);
    assert!(first > 100.0, "measured by the canvas: {first}");
    let mut most = 0;
    for i in 0..100_000 {
        let w = measure.width(&format!("Organisation {i}"), 12.0, i % 2 == 0);
        assert!(w > 0.0);
        most = most.max(measure.cached());
    }
    assert!(most <= MeasureCache::MAX_ENTRIES, "the cache held {most} widths");
    assert!(measure.cached() > 0, "widths are still kept");
    let again = measure.width("Salford Royal NHS Foundation Trust", 12.0, false);
    assert_eq!(again, first, "a width measured again is the same, kept or not");
}

#[wasm_bindgen_test]
fn paint_export_draws_the_chart_alone_at_the_ratio_asked_whatever_the_screen() {
    let (main, overlay, export) = (canvas(), canvas(), canvas());
    let mut chart = loaded_chart(&main, &overlay);
    assert!(!chart.paint_export(&export, 2.0).unwrap(), "nothing drawn yet, nothing to export");
    chart.render(720.0, 480.0, 1.0).unwrap();
    assert!(chart.paint_export(&export, 2.0).unwrap());
    assert_eq!((export.width(), export.height()), (1440, 960));
    assert_eq!((main.width(), main.height()), (720, 480), "the chart on screen keeps its own ratio");
    assert!(inked(&export) > 50_000, "inked {}", inked(&export));
    // A PNG of one pixel, with the recipe written in, reads back through the same module.
    let png = nhs_benchmark::chart::png::with_recipe(&tiny_png(), &chart.recipe()).unwrap();
    let again = nhs_benchmark::web::chart::png_with_recipe(&png, &chart.recipe()).unwrap();
    assert_eq!(png, again, "writing the same recipe again changes nothing");
    assert_eq!(nhs_benchmark::chart::png::recipe(&png), Some(chart.recipe()));
}

/// A 1x1 grey PNG (8-bit greyscale, its IDAT the zlib of the filter byte and the pixel).
fn tiny_png() -> Vec<u8> {
    let chunk = |kind: &[u8; 4], data: &[u8]| {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        c.extend_from_slice(&nhs_benchmark::chart::png::crc32(&[kind, data]).to_be_bytes());
        c
    };
    let mut png = nhs_benchmark::chart::png::SIGNATURE.to_vec();
    png.extend(chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]));
    png.extend(chunk(b"IDAT", &[0x78, 0xda, 0x63, 0x68, 0x00, 0x00, 0x00, 0x82, 0x00, 0x81]));
    png.extend(chunk(b"IEND", &[]));
    png
}
