#![cfg(target_arch = "wasm32")]
//! Browser tests of the statistics exports: JavaScript values in, plain objects out, errors as
//! `TypeError` / `RangeError`. Run with `wasm-pack test --headless --chrome` (or
//! `cargo test --target wasm32-unknown-unknown` with wasm-bindgen-test-runner installed).

use nhs_benchmark::web::stats_api;
use serde::Serialize;
use serde_json::{Value, json};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// A JSON value as the plain JavaScript object a page would pass.
fn js(v: Value) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).expect("JSON serialises to a JS value")
}

fn rust(v: JsValue) -> Value {
    serde_wasm_bindgen::from_value(v).expect("the export returns plain JSON-like values")
}

fn message(err: &JsValue) -> String {
    err.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_default()
}

fn close(v: &Value, expected: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - expected).abs() < 1e-9)
}

#[wasm_bindgen_test]
fn proportions_return_wilson_limits_for_every_row_and_level() {
    let out = rust(
        stats_api::proportions(js(json!({
            "numerators": [65, null], "denominators": [100, 100],
            "confidence": [0.95, 0.998], "multiplier": 100
        })))
        .expect("valid input"),
    );
    assert!(close(&out["value"][0], 65.0));
    assert!(close(&out["limits"][0]["lower"][0], 55.254_443_296_887_97));
    assert!(close(&out["limits"][1]["upper"][0], 77.835_406_140_896_97));
    assert_eq!(out["value"][1], Value::Null);
    assert_eq!(out["missing"], json!(1));
    assert_eq!(out["method"][0], json!("wilson"));
}

#[wasm_bindgen_test]
fn a_numerator_above_its_denominator_throws_a_range_error_naming_the_row() {
    let err = stats_api::proportions(js(json!({"numerators": [1, 5], "denominators": [2, 4]})))
        .expect_err("5 of 4 is impossible");
    assert!(err.is_instance_of::<js_sys::RangeError>());
    assert!(message(&err).starts_with("row 1: numerators"), "{}", message(&err));
}

#[wasm_bindgen_test]
fn an_unknown_field_throws_a_type_error() {
    let err = stats_api::rates(js(json!({"numerators": [1], "denominators": [2], "multipler": 100})))
        .expect_err("misspelt field");
    assert!(err.is_instance_of::<js_sys::TypeError>());
    assert!(message(&err).contains("multipler"), "{}", message(&err));
}

#[wasm_bindgen_test]
fn rates_use_exact_limits_below_ten_events() {
    let out = rust(
        stats_api::rates(js(json!({"numerators": [3], "denominators": [1000], "confidence": 0.95})))
            .expect("valid input"),
    );
    assert_eq!(out["method"][0], json!("exactPoisson"));
    assert!(close(&out["value"][0], 300.0));
}

#[wasm_bindgen_test]
fn phe_quantiles_follow_polarity() {
    let out = rust(
        stats_api::phe_quantiles(js(json!({
            "values": [1, 2, 3, 4, 5, 6, 7, 8], "nquantiles": 4, "polarity": "lowerIsBetter"
        })))
        .expect("valid input"),
    );
    assert_eq!(out, json!([4, 4, 3, 3, 2, 2, 1, 1]));
}

#[wasm_bindgen_test]
fn compare_gives_two_levels_when_both_intervals_are_given() {
    let out = rust(
        stats_api::compare(js(json!({
            "lower95": [5.0, 3.0], "upper95": [6.0, 5.0], "lower998": [4.5, 2.5], "upper998": [6.5, 5.5],
            "benchmark": 4.0, "polarity": "higherIsBetter"
        })))
        .expect("valid input"),
    );
    assert_eq!(out, json!(["better998", "similar"]));
}

#[wasm_bindgen_test]
fn funnel_returns_the_dispersion_and_curves() {
    let out = rust(
        stats_api::funnel_analysis(js(json!({
            "data": "ratio", "numerators": [100, 150, 180, 80, 120, 225],
            "denominators": [108, 112, 165, 95, 100, 220], "roundExpected": true, "curvePoints": 10
        })))
        .expect("valid input"),
    );
    assert!((out["dispersion"]["phi"].as_f64().expect("phi") - 2.948_033).abs() < 5e-7);
    assert_eq!(out["curves"]["x"].as_array().map(Vec::len), Some(10));
    assert_eq!(out["adjustment"], json!("additive"));
}

#[wasm_bindgen_test]
fn dsr_is_suppressed_below_ten_events() {
    let out = rust(
        stats_api::dsr(js(json!({
            "counts": [1, 2, 3], "populations": [100, 100, 100], "standard": [1, 1, 1]
        })))
        .expect("valid input"),
    );
    assert_eq!(out["suppressed"], json!(true));
    assert_eq!(out["value"], Value::Null);
}

#[wasm_bindgen_test]
fn xmr_flags_a_point_outside_the_limits_and_names_its_icon() {
    // Mean of 10 values 10,10,...,10,30 is 12; the 9 moving ranges are 0 (x8) and 20, so the
    // mean moving range is 20/9 and the upper limit 12 + 2.66 x 20/9 = 17.9111: the last point is out.
    let values = [10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 30.0];
    let out = rust(
        stats_api::xmr(js(json!({"values": values, "options": {"screenOutliers": false}})))
            .expect("valid input"),
    );
    assert!(close(&out["mean"][0], 12.0));
    assert!(close(&out["upl"][0], 12.0 + 2.66 * 20.0 / 9.0));
    assert_eq!(out["pointType"][9], json!("special_cause_improvement"));
    assert_eq!(out["variationIcon"], json!("improvement_high"));
}

#[wasm_bindgen_test]
fn proportions_columns_give_wilson_limits_as_views_of_one_buffer_with_nan_for_missing() {
    use js_sys::{Array, Float64Array, Reflect};
    use nhs_benchmark::web::typed_api::proportions_columns;
    let out = proportions_columns(&[5.0, f64::NAN, 65.0], &[100.0, 100.0, 100.0], &[0.95, 0.998], 1.0)
        .expect("valid input");
    let get = |o: &JsValue, k: &str| Reflect::get(o, &k.into()).unwrap();
    let value = Float64Array::from(get(&out, "value"));
    assert_eq!(value.length(), 3);
    assert_eq!(value.get_index(0), 0.05);
    assert!(value.get_index(1).is_nan(), "a missing numerator is NaN");
    let limits = Array::from(&get(&out, "limits"));
    let l95 = limits.get(0);
    let lower = Float64Array::from(get(&l95, "lower"));
    let upper = Float64Array::from(get(&l95, "upper"));
    // PHEindicatormethods phe_proportion, 5 of 100: Wilson 95% 0.02154367915436798 to 0.11175046923191911.
    assert!((lower.get_index(0) - 0.02154367915436798).abs() < 1e-12);
    assert!((upper.get_index(0) - 0.11175046923191911).abs() < 1e-12);
    let l998 = Float64Array::from(get(&limits.get(1), "lower"));
    assert!(l998.get_index(2) < lower.get_index(2), "the 99.8% interval is the wider");
    // Five columns of three rows, each a view of one 15-number buffer.
    assert_eq!(value.buffer(), lower.buffer());
    assert_eq!(Float64Array::new(&value.buffer()).length(), 15);
    assert_eq!((lower.byte_offset(), upper.byte_offset()), (24, 48));
    assert_eq!(get(&out, "missing").as_f64(), Some(1.0));
}

#[wasm_bindgen_test]
fn xmr_columns_give_each_series_its_own_limits_and_icon() {
    use js_sys::{Float64Array, Int8Array, Reflect};
    use nhs_benchmark::web::typed_api::xmr_columns;
    // The series above (upper limit 12 + 2.66 x 20/9, the last point out) and then a flat one.
    let first = [10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 30.0];
    let values: Vec<f64> = first.iter().copied().chain([5.0, 5.0, 5.0]).collect();
    let out = xmr_columns(&values, &[10, 3], js(json!({"screenOutliers": false}))).expect("valid input");
    let get = |k: &str| Reflect::get(&out, &k.into()).unwrap();
    let upl = Float64Array::from(get("upl")).to_vec();
    assert!((upl[0] - (12.0 + 2.66 * 20.0 / 9.0)).abs() < 1e-9);
    assert_eq!(upl[10], 5.0, "the flat series' limits sit on its mean");
    let cause = Int8Array::from(get("specialCause")).to_vec();
    assert_eq!(cause[9], 1, "above the upper limit");
    assert_eq!(Int8Array::from(get("pointType")).to_vec()[9], 1, "improvement");
    assert_eq!(rust(get("variationIcon")), json!(["improvement_high", "common_cause"]));
    // Both are shorter than 12 points (trial limits); the flat one also does not vary.
    let warnings = rust(get("warnings"));
    let warnings: Vec<&str> = warnings.as_array().unwrap().iter().map(|w| w.as_str().unwrap()).collect();
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert!(warnings[0].starts_with("series 0: The limits from point 1 have only 10 points"), "{warnings:?}");
    assert!(warnings[1..].iter().all(|w| w.starts_with("series 1: ")), "{warnings:?}");
}

#[wasm_bindgen_test]
fn xmr_columns_name_the_series_they_cannot_chart() {
    use nhs_benchmark::web::typed_api::xmr_columns;
    let err = xmr_columns(&[1.0, 2.0, 3.0], &[2, 1], JsValue::UNDEFINED).expect_err("one point is no chart");
    assert!(message(&err).starts_with("series 1: "), "{}", message(&err));
    let err = xmr_columns(&[1.0, 2.0, 3.0], &[2], JsValue::UNDEFINED).expect_err("lengths must add up");
    assert_eq!(message(&err), "lengths: add up to 2 points where values has 3");
}

#[wasm_bindgen_test]
fn rank_intervals_are_reproducible_for_a_seed() {
    let input = json!({"kind": "proportion", "numerators": [900, 500, 80], "denominators": [1000, 1000, 100],
        "polarity": "higherIsBetter", "options": {"draws": 200, "seed": 7, "confidence": 0.95}});
    let a = rust(stats_api::rank_intervals(js(input.clone())).expect("valid input"));
    let b = rust(stats_api::rank_intervals(js(input)).expect("valid input"));
    assert_eq!(a, b);
    assert_eq!(a[0]["rank"], json!(1));
    assert_eq!(a[0]["upper"], json!(1), "90% of 1,000 is clearly first");
}

#[wasm_bindgen_test]
fn recent_trend_needs_five_points() {
    let out = rust(
        stats_api::recent_trend(js(
            json!({"numerators": [1, 2], "denominators": [10, 10], "polarity": "higherIsBetter"}),
        ))
        .expect("valid input"),
    );
    assert_eq!(out["marker"], json!("cannot_be_calculated"));
}
