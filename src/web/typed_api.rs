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
use crate::stats::spc::{PointType, SpcOptions, SpecialCause, xmr};
use crate::stats::{Estimates, StatsError};
use js_sys::{Array, Float64Array, Int8Array, Object, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A funnel over typed columns: significance codes 2 High (0.001), 1 High (0.025), 0 not significant, -1 Low (0.025), -2 Low (0.001), -128 none. */
export interface FunnelColumns { target: number; dispersion: Dispersion; value: Float64Array; zScore: Float64Array; limits: { confidence: number; lower: Float64Array; upper: Float64Array }[]; significance: Int8Array; curves: { x: Float64Array; limits: { confidence: number; lower: Float64Array; upper: Float64Array }[] }; missing: number; warnings: string[]; }
/** XmR charts of many series, their points end to end: pointType 0 common cause, 1 improvement, -1 concern, 2 neutral high, -2 neutral low; specialCause 0 none, 1 above the upper limit, 2 below the lower, 3 increasing trend, 4 decreasing, 5 two of three above, 6 below, 7 shift above, 8 below. One icon per series. */
export interface XmrColumns { mean: Float64Array; lpl: Float64Array; upl: Float64Array; pointType: Int8Array; specialCause: Int8Array; variationIcon: string[]; assuranceIcon: (string | null)[]; warnings: string[]; }
/** Columns of a batch estimate: NaN where the row's input was missing; the columns are views of one ArrayBuffer (copy one with `.slice()` to keep it alone). */
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

/// The value and limit columns as views of one `Float64Array`: one copy out of wasm memory and
/// one JavaScript allocation for the batch instead of one per column, which was most of the
/// typed API's cost after the arithmetic (`new_from_slice` in the profile).
fn estimate_columns(e: &Estimates) -> Result<JsValue, JsValue> {
    let n = e.value.len();
    let mut all: Vec<f64> = Vec::with_capacity(n * (1 + 2 * e.limits.len()));
    let nan = |v: &Option<f64>| v.unwrap_or(f64::NAN);
    all.extend(e.value.iter().map(nan));
    for level in &e.limits {
        all.extend(level.lower.iter().map(nan));
        all.extend(level.upper.iter().map(nan));
    }
    let buffer = Float64Array::from(&all[..]);
    let view = |k: usize| buffer.subarray((k * n) as u32, ((k + 1) * n) as u32);
    let out = Object::new();
    set(&out, "value", &view(0))?;
    let limits = Array::new();
    for (j, level) in e.limits.iter().enumerate() {
        let l = Object::new();
        set(&l, "confidence", &JsValue::from_f64(level.confidence))?;
        set(&l, "lower", &view(1 + 2 * j))?;
        set(&l, "upper", &view(2 + 2 * j))?;
        limits.push(&l);
    }
    set(&out, "limits", &limits)?;
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

/// XmR charts (NHS England's Making Data Count rules, [`crate::stats::spc::xmr`]) of many series in
/// one call: `xmrColumns(values, lengths, options)`, the series end to end in `values` and their
/// lengths in `lengths`, one set of options for all. A plain-object `xmr` per series spends most
/// of its time building objects; this returns one column per per-point field and one icon per
/// series. A series the chart cannot take is a `RangeError` naming it.
#[wasm_bindgen(js_name = xmrColumns, unchecked_return_type = "XmrColumns")]
pub fn xmr_columns(
    values: &[f64],
    lengths: &[u32],
    #[wasm_bindgen(unchecked_param_type = "SpcOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let options: SpcOptions =
        if options.is_undefined() { SpcOptions::default() } else { super::stats_api::decode(options)? };
    let total: usize = lengths.iter().map(|&n| n as usize).sum();
    if total != values.len() {
        return Err(js_sys::RangeError::new(&format!(
            "lengths: add up to {total} points where values has {}",
            values.len()
        ))
        .into());
    }
    let mut columns = XmrBatch::with_capacity(total);
    let mut from = 0;
    for (series, &n) in lengths.iter().enumerate() {
        let to = from + n as usize;
        let chart = xmr(&values[from..to], &options)
            .map_err(|e| js_sys::RangeError::new(&format!("series {series}: {e}")))?;
        columns.push(series, &chart);
        from = to;
    }
    columns.into_js()
}

/// The per-point columns and per-series icons of [`xmr_columns`] as they are gathered.
struct XmrBatch {
    mean: Vec<f64>,
    lpl: Vec<f64>,
    upl: Vec<f64>,
    point_type: Vec<i8>,
    special_cause: Vec<i8>,
    variation: Array,
    assurance: Array,
    warnings: Array,
}

impl XmrBatch {
    fn with_capacity(n: usize) -> Self {
        Self {
            mean: Vec::with_capacity(n),
            lpl: Vec::with_capacity(n),
            upl: Vec::with_capacity(n),
            point_type: Vec::with_capacity(n),
            special_cause: Vec::with_capacity(n),
            variation: Array::new(),
            assurance: Array::new(),
            warnings: Array::new(),
        }
    }

    fn push(&mut self, series: usize, chart: &crate::stats::spc::SpcResult) {
        self.mean.extend_from_slice(&chart.mean);
        self.lpl.extend_from_slice(&chart.lpl);
        self.upl.extend_from_slice(&chart.upl);
        self.point_type.extend(chart.point_type.iter().map(|&p| point_type_code(p)));
        self.special_cause.extend(chart.special_cause.iter().map(|&c| special_cause_code(c)));
        self.variation.push(&serde_name(&chart.variation_icon).into());
        self.assurance.push(&chart.assurance_icon.map_or(JsValue::NULL, |a| serde_name(&a).into()));
        for w in &chart.warnings {
            self.warnings.push(&format!("series {series}: {}", w.message()).into());
        }
    }

    fn into_js(self) -> Result<JsValue, JsValue> {
        let out = Object::new();
        set(&out, "mean", &Float64Array::from(&self.mean[..]))?;
        set(&out, "lpl", &Float64Array::from(&self.lpl[..]))?;
        set(&out, "upl", &Float64Array::from(&self.upl[..]))?;
        set(&out, "pointType", &Int8Array::from(&self.point_type[..]))?;
        set(&out, "specialCause", &Int8Array::from(&self.special_cause[..]))?;
        set(&out, "variationIcon", &self.variation)?;
        set(&out, "assuranceIcon", &self.assurance)?;
        set(&out, "warnings", &self.warnings)?;
        Ok(out.into())
    }
}

fn point_type_code(p: PointType) -> i8 {
    match p {
        PointType::CommonCause => 0,
        PointType::SpecialCauseImprovement => 1,
        PointType::SpecialCauseConcern => -1,
        PointType::SpecialCauseNeutralHigh => 2,
        PointType::SpecialCauseNeutralLow => -2,
    }
}

fn special_cause_code(c: Option<SpecialCause>) -> i8 {
    match c {
        None => 0,
        Some(SpecialCause::AboveUpperLimit) => 1,
        Some(SpecialCause::BelowLowerLimit) => 2,
        Some(SpecialCause::IncreasingTrend) => 3,
        Some(SpecialCause::DecreasingTrend) => 4,
        Some(SpecialCause::TwoOfThreeAbove) => 5,
        Some(SpecialCause::TwoOfThreeBelow) => 6,
        Some(SpecialCause::ShiftAbove) => 7,
        Some(SpecialCause::ShiftBelow) => 8,
    }
}

/// An icon's name as the plain-object API writes it (`"improvement_high"`).
fn serde_name<T: serde::Serialize>(value: &T) -> String {
    crate::json::to_string(value).trim_matches('"').to_string()
}
