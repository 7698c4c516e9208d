//! The columnar statistics API for large batches: typed arrays in, typed arrays out. A
//! `Float64Array` crosses the boundary as one copy, where plain arrays of numbers cost a
//! conversion per element; `NaN` marks a missing value both ways (the columnar convention of
//! Arrow and pandas). Same core functions, same errors (`RangeError` naming the row), as the
//! plain-object API in `stats_api`.

use crate::stats::Polarity;
use crate::stats::compare::{TwoLevelComparison, compare_two_level};
use crate::stats::funnel::FunnelSignificance;
use crate::stats::overdispersion::{FunnelInput, funnel_analysis};
use crate::stats::proportion::proportions;
use crate::stats::quantile::{QuantileMethod, quantiles};
use crate::stats::{Estimates, StatsError};
use js_sys::{Array, Float64Array, Int8Array, Object, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Columns of a batch estimate: NaN where the row's input was missing. */
/** A funnel over typed columns: significance codes 2 High (0.001), 1 High (0.025), 0 not significant, -1 Low (0.025), -2 Low (0.001), -128 none. */
export interface FunnelColumns { target: number; dispersion: Dispersion; value: Float64Array; zScore: Float64Array; limits: { confidence: number; lower: Float64Array; upper: Float64Array }[]; significance: Int8Array; curves: { x: Float64Array; limits: { confidence: number; lower: Float64Array; upper: Float64Array }[] }; missing: number; warnings: string[]; }
export interface EstimateColumns { value: Float64Array; limits: { confidence: number; lower: Float64Array; upper: Float64Array }[]; missing: number; }
"#;

fn range_error(e: StatsError) -> JsValue {
    crate::error::Error::from(e).into()
}

fn options_of(column: &[f64]) -> Vec<Option<f64>> {
    column.iter().map(|&x| if x.is_nan() { None } else { Some(x) }).collect()
}

fn column(values: &[Option<f64>]) -> Float64Array {
    let plain: Vec<f64> = values.iter().map(|v| v.unwrap_or(f64::NAN)).collect();
    Float64Array::from(&plain[..])
}

fn set(target: &Object, key: &str, value: &JsValue) -> Result<(), JsValue> {
    Reflect::set(target, &JsValue::from_str(key), value).map(|_| ())
}

fn limit_columns(levels: &[crate::stats::LevelLimits]) -> Result<Array, JsValue> {
    let limits = Array::new();
    for level in levels {
        let l = Object::new();
        set(&l, "confidence", &JsValue::from_f64(level.confidence))?;
        set(&l, "lower", &column(&level.lower))?;
        set(&l, "upper", &column(&level.upper))?;
        limits.push(&l);
    }
    Ok(limits)
}

fn estimate_columns(e: &Estimates) -> Result<JsValue, JsValue> {
    let out = Object::new();
    set(&out, "value", &column(&e.value))?;
    set(&out, "limits", &limit_columns(&e.limits)?.into())?;
    set(&out, "missing", &JsValue::from_f64(e.missing as f64))?;
    Ok(out.into())
}

/// Proportions with Wilson intervals over typed columns:
/// `proportionsColumns(numerators, denominators, [0.95, 0.998], 100)`.
#[wasm_bindgen(js_name = proportionsColumns, unchecked_return_type = "EstimateColumns")]
pub fn proportions_columns(
    numerators: &[f64],
    denominators: &[f64],
    confidence: &[f64],
    multiplier: f64,
) -> Result<JsValue, JsValue> {
    let e = proportions(&options_of(numerators), &options_of(denominators), confidence, multiplier)
        .map_err(range_error)?;
    estimate_columns(&e)
}

/// Quantiles of a typed column by R's type 7 (or `method`, "type1" to "type9"); `NaN`s are
/// errors here as in `quantiles`, and an empty column gives an empty result.
#[wasm_bindgen(js_name = quantilesColumn)]
pub fn quantiles_column(
    values: &[f64],
    probs: &[f64],
    method: Option<String>,
) -> Result<Float64Array, JsValue> {
    let method = match method.as_deref() {
        None => QuantileMethod::Type7,
        Some(m) => crate::json::from_value(&crate::json::Value::String(m.to_string())).map_err(|_| {
            JsValue::from(js_sys::TypeError::new(&format!("method: unknown quantile method '{m}'")))
        })?,
    };
    let q = quantiles(values, probs, method).map_err(range_error)?.unwrap_or_default();
    Ok(Float64Array::from(&q[..]))
}

/// Two-level comparison of typed interval columns with a benchmark, as codes: 2 and 1 better (or
/// higher) at 99.8% and 95% only, 0 similar, -1 and -2 worse (or lower), -128 not compared.
#[wasm_bindgen(js_name = compareColumns)]
pub fn compare_columns(
    lower95: &[f64],
    upper95: &[f64],
    lower998: &[f64],
    upper998: &[f64],
    benchmark: f64,
    polarity: &str,
) -> Result<Int8Array, JsValue> {
    let polarity: Polarity = crate::json::from_value(&crate::json::Value::String(polarity.to_string()))
        .map_err(|_| {
            JsValue::from(js_sys::TypeError::new(&format!(
                "polarity: expected higherIsBetter, lowerIsBetter or noJudgement, got '{polarity}'"
            )))
        })?;
    let n = lower95.len();
    for (name, len) in
        [("upper95", upper95.len()), ("lower998", lower998.len()), ("upper998", upper998.len())]
    {
        if len != n {
            return Err(
                js_sys::RangeError::new(&format!("{name}: has {len} rows where lower95 has {n}")).into()
            );
        }
    }
    let some = |x: f64| if x.is_nan() { None } else { Some(x) };
    let b = some(benchmark);
    let codes: Vec<i8> = (0..n)
        .map(|i| {
            use TwoLevelComparison as T;
            match compare_two_level(
                (some(lower95[i]), some(upper95[i])),
                (some(lower998[i]), some(upper998[i])),
                b,
                polarity,
            ) {
                T::Better998 | T::Higher998 => 2,
                T::Better95 | T::Higher95 => 1,
                T::Similar => 0,
                T::Worse95 | T::Lower95 => -1,
                T::Worse998 | T::Lower998 => -2,
                T::NotCompared => -128,
            }
        })
        .collect();
    Ok(Int8Array::from(&codes[..]))
}

/// A funnel plot (PHE or over-dispersed, Spiegelhalter 2005) over typed columns:
/// `funnelColumns(numerators, denominators, {data: "proportion", adjustment: "additive", ...})`,
/// the options being those of `funnel` without the two columns.
#[wasm_bindgen(js_name = funnelColumns, unchecked_return_type = "FunnelColumns")]
pub fn funnel_columns(
    numerators: &[f64],
    denominators: &[f64],
    #[wasm_bindgen(unchecked_param_type = "Omit<FunnelInput, 'numerators' | 'denominators'>")]
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let text = js_sys::JSON::stringify(&options).ok().and_then(|s| s.as_string()).unwrap_or_default();
    let mut spec = match crate::json::parse(&text) {
        Ok(crate::json::Value::Object(members)) => members,
        _ => return Err(js_sys::TypeError::new("expected an options object").into()),
    };
    for key in ["numerators", "denominators"] {
        if spec.iter().any(|(k, _)| k == key) {
            return Err(js_sys::TypeError::new(&format!(
                "{key}: pass the column as an argument, not an option"
            ))
            .into());
        }
        spec.push((key.into(), crate::json::Value::Array(Vec::new())));
    }
    let mut input: FunnelInput = crate::json::from_value(&crate::json::Value::Object(spec))
        .map_err(|e| JsValue::from(js_sys::TypeError::new(&e.to_string())))?;
    input.numerators = options_of(numerators);
    input.denominators = options_of(denominators);
    let a = funnel_analysis(&input).map_err(range_error)?;
    let out = Object::new();
    set(&out, "target", &JsValue::from_f64(a.target))?;
    set(&out, "dispersion", &super::to_js(&a.dispersion)?)?;
    set(&out, "value", &column(&a.value))?;
    set(&out, "zScore", &column(&a.z_score))?;
    set(&out, "limits", &limit_columns(&a.limits)?.into())?;
    let codes: Vec<i8> = a
        .significance
        .iter()
        .map(|s| match s {
            Some(FunnelSignificance::High001) => 2,
            Some(FunnelSignificance::High025) => 1,
            Some(FunnelSignificance::NotSignificant) => 0,
            Some(FunnelSignificance::Low025) => -1,
            Some(FunnelSignificance::Low001) => -2,
            Some(FunnelSignificance::NotApplicableDsrUnder10) | None => -128,
        })
        .collect();
    set(&out, "significance", &Int8Array::from(&codes[..]))?;
    let curves = Object::new();
    set(&curves, "x", &Float64Array::from(&a.curves.x[..]))?;
    set(&curves, "limits", &limit_columns(&a.curves.limits)?.into())?;
    set(&out, "curves", &curves)?;
    set(&out, "missing", &JsValue::from_f64(a.missing as f64))?;
    set(&out, "warnings", &super::to_js(&a.warnings)?)?;
    Ok(out.into())
}
