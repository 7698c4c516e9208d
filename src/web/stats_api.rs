//! The statistics API for JavaScript: one call per batch, plain objects and arrays in and out.
//! Each export decodes its input straight into the core's serde type, runs the core and encodes
//! the result (`null` for missing values). A malformed input (a missing field, a string where a
//! number belongs, an unknown field) throws a `TypeError`; an input the statistics reject (a
//! negative count, a confidence of 0.5) throws a `RangeError` naming the row and the rule.

use crate::stats::{
    StatsError, compare::CompareInput, dsr::DsrInput, funnel, isr::IsrInput, mean::MeanInput,
    overdispersion::FunnelInput, proportion::ProportionsInput, quantile, rate::RatesInput,
};
use serde::{Serialize, de::DeserializeOwned};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** One level (0.95) or several ([0.95, 0.998]); levels from 0.9 to 1. Default [0.95, 0.998]. */
export type ConfidenceLevels = number | number[];
export type IntervalMethod = "wilson" | "byars" | "exactPoisson" | "studentT" | "dobson";
export interface LevelLimits { confidence: number; lower: (number | null)[]; upper: (number | null)[]; }
export interface Limits { confidence: number; lower: number | null; upper: number | null; }
/** Columns: value[i] and limits[k].lower[i] belong to row i; null where the row's input was missing. */
export interface Estimates { value: (number | null)[]; limits: LevelLimits[]; method: (IntervalMethod | null)[]; missing: number; }
export interface ProportionsInput { numerators: (number | null)[]; denominators: (number | null)[]; confidence?: ConfidenceLevels; multiplier?: number; }
export interface RatesInput { numerators: (number | null)[]; denominators: (number | null)[]; confidence?: ConfidenceLevels; multiplier?: number; }
export interface MeanInput { values: number[]; confidence?: ConfidenceLevels; }
export interface MeanEstimate { valueSum: number; valueCount: number; stdev: number; value: number; limits: Limits[]; }
export interface FrequencyGroup { eventsPerPerson: number; persons: (number | null)[]; }
export interface DsrInput { counts?: (number | null)[]; personsByFrequency?: FrequencyGroup[]; populations: number[]; standard?: number[]; standardPopulation?: "esp2013" | "esp1976"; confidence?: ConfidenceLevels; multiplier?: number; }
export interface DsrEstimate { totalCount: number; totalPop: number; value: number | null; limits: Limits[]; suppressed: boolean; }
export interface IsrInput { counts: (number | null)[]; populations: number[]; refCounts: number[]; refPopulations: number[]; output?: "ratio" | "rate"; multiplier?: number; confidence?: ConfidenceLevels; }
export interface IsrEstimate { observed: number; expected: number; refRate?: number; value: number; limits: Limits[]; method: IntervalMethod; }
export type QuantileMethod = "type1" | "type2" | "type3" | "type4" | "type5" | "type6" | "type7" | "type8" | "type9";
export interface QuantilesInput { values: number[]; probs: number[]; method?: QuantileMethod; }
export type Ties = "average" | "min" | "max" | "first";
export interface RankInput { values: (number | null)[]; ties?: Ties; }
export type Polarity = "higherIsBetter" | "lowerIsBetter" | "noJudgement";
export interface PheQuantilesInput { values: (number | null)[]; nquantiles: number; polarity?: Polarity; invert?: boolean; }
export type Comparison = "better" | "similar" | "worse" | "higher" | "lower" | "notCompared";
export type TwoLevelComparison = "better998" | "better95" | "similar" | "worse95" | "worse998" | "higher998" | "higher95" | "lower95" | "lower998" | "notCompared";
export interface CompareInput { lower95: (number | null)[]; upper95: (number | null)[]; lower998?: (number | null)[]; upper998?: (number | null)[]; benchmark: number | null; polarity: Polarity; }
export type FunnelSignificance = "High (0.001)" | "High (0.025)" | "Not significant" | "Low (0.025)" | "Low (0.001)" | "Not applicable for events less than 10 for dsrs";
export interface ProportionFunnelInput { numerators: (number | null)[]; denominators: (number | null)[]; multiplier?: number; }
export interface ProportionFunnelRow { population: number; lower2sLimit: number; upper2sLimit: number; lower3sLimit: number; upper3sLimit: number; baseline: number; }
export interface ProportionFunnel { baseline: number; curve: ProportionFunnelRow[]; significance: (FunnelSignificance | null)[]; missing: number; }
export interface RatioFunnelInput { observed: (number | null)[]; expected: (number | null)[]; }
export interface RatioFunnelRow { observedEvents: number; lower2sExpEvents: number; upper2sExpEvents: number; lower3sExpEvents: number; upper3sExpEvents: number; lower2sRatio: number; upper2sRatio: number; lower3sRatio: number; upper3sRatio: number; }
export interface RatioFunnel { curve: RatioFunnelRow[]; significance: (FunnelSignificance | null)[]; missing: number; }
export interface RateFunnelInput { numerators: number[]; rates: (number | null)[]; denominators?: (number | null)[]; rateType: "dsr" | "crude"; multiplier: number; yearsOfData: number; }
export interface RateFunnelRow { events: number; lower2sPopulation1Year: number; lower2sLimit: number; upper2sPopulation1Year: number; upper2sLimit: number; lower3sPopulation1Year: number; lower3sLimit: number; upper3sPopulation1Year: number; upper3sLimit: number; baseline: number; }
export interface RateFunnel { baselinePerPerson: number; curve: RateFunnelRow[]; points: { rateChart: number | null; denominatorDerived: number | null }[]; significance: FunnelSignificance[]; }
export interface FunnelInput { data: "ratio" | "proportion"; numerators: (number | null)[]; denominators: (number | null)[]; scale?: "log" | "sqrt"; trimming?: "winsorise" | "truncate"; trimFraction?: number; roundExpected?: boolean; adjustment?: "none" | "multiplicative" | "additive"; confidence?: ConfidenceLevels; multiplier?: number; curvePoints?: number; }
export interface Dispersion { target: number; targetTransformed: number; phi: number; tau2: number; nUsed: number; nTrimmed: number; nUndefined: number; }
export type ImprovementDirection = "increase" | "decrease" | "neutral";
export interface SpcOptions { improvementDirection?: ImprovementDirection; target?: number | null; fixAfterNPoints?: number | null; rebaseAt?: number[]; screenOutliers?: boolean; trendLength?: number; shiftLength?: number; }
export interface XmrInput { values: number[]; options?: SpcOptions; }
export type PointType = "common_cause" | "special_cause_improvement" | "special_cause_concern" | "special_cause_neutral_high" | "special_cause_neutral_low";
export interface SpcSegment { start: number; end: number; baselinePoints: number; mean: number; meanMovingRange: number; movingRangesScreened: number; lpl: number; upl: number; nearLpl: number; nearUpl: number; trialLimits: boolean; }
export interface SpcResult { segments: SpcSegment[]; mean: number[]; lpl: number[]; upl: number[]; relativeToMean: number[]; outsideLimits: boolean[]; closeToLimits: boolean[]; specialCause: (string | null)[]; pointType: PointType[]; variationIcon: string; assuranceIcon: string | null; warnings: { kind: string; [k: string]: unknown }[]; }
export interface TrendInput { numerators: (number | null)[]; denominators: (number | null)[]; polarity: Polarity; }
export interface RecentTrend { marker: string; reason: string; chiSquare: number | null; slope: number | null; }
export interface RankOptions { draws?: number; seed?: number; confidence?: number; }
export interface RankIntervalsInput { kind: "proportion" | "rate"; numerators: number[]; denominators: number[]; polarity: Polarity; options?: RankOptions; }
export interface RankInterval { rank: number; median: number; lower: number; upper: number; }
export interface FunnelAnalysis { target: number; dispersion: Dispersion; adjustment: "none" | "multiplicative" | "additive"; value: (number | null)[]; zScore: (number | null)[]; limits: LevelLimits[]; significance: (FunnelSignificance | null)[]; curves: { x: number[]; limits: LevelLimits[] }; missing: number; warnings: string[]; }
"#;

/// Decodes a JavaScript value into a core input type; a shape error becomes a `TypeError` naming
/// the JSON path (`confidence[1]: invalid type ...`). The value goes through `JSON.stringify` and
/// serde_json because serde-wasm-bindgen reads only the fields a struct names, so it cannot see
/// (and reject) a misspelt field; the browser's native stringify keeps large arrays fast.
pub(crate) fn decode<T: DeserializeOwned>(input: JsValue) -> Result<T, JsValue> {
    let type_error = |m: String| JsValue::from(js_sys::TypeError::new(&m));
    let text = js_sys::JSON::stringify(&input)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| type_error("expected a plain object that JSON can represent".into()))?;
    crate::json::from_str(&text).map_err(|e| type_error(e.to_string()))
}

/// Runs the core and encodes its result as plain objects (`null` for `None`); a statistics error
/// becomes a `RangeError` with the row and rule in its message.
fn respond<T: Serialize>(result: Result<T, StatsError>) -> Result<JsValue, JsValue> {
    let value = result.map_err(|e| JsValue::from(crate::error::Error::from(e)))?;
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_sys::Error::new(&e.to_string()).into())
}

/// An XmR chart with the Making Data Count rules and icons: `xmr({values, options})`.
#[wasm_bindgen(js_name = xmr, unchecked_return_type = "SpcResult")]
pub fn xmr(#[wasm_bindgen(unchecked_param_type = "XmrInput")] input: JsValue) -> Result<JsValue, JsValue> {
    respond(decode::<crate::stats::spc::XmrInput>(input)?.run())
}

/// Fingertips' recent trend on the last five periods of a proportion.
#[wasm_bindgen(js_name = recentTrend, unchecked_return_type = "RecentTrend")]
pub fn recent_trend(
    #[wasm_bindgen(unchecked_param_type = "TrendInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    respond(decode::<crate::stats::trend::TrendInput>(input)?.run())
}

/// Rank intervals by seeded simulation from each organisation's sampling distribution.
#[wasm_bindgen(js_name = rankIntervals, unchecked_return_type = "RankInterval[]")]
pub fn rank_intervals(
    #[wasm_bindgen(unchecked_param_type = "RankIntervalsInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    respond(decode::<crate::stats::rank::RankIntervalsInput>(input)?.run())
}

/// Proportions with Wilson intervals: `proportions({numerators, denominators, confidence, multiplier})`.
#[wasm_bindgen(js_name = proportions, unchecked_return_type = "Estimates")]
pub fn proportions(
    #[wasm_bindgen(unchecked_param_type = "ProportionsInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    respond(decode::<ProportionsInput>(input)?.run())
}

/// Crude rates with exact (< 10 events) or Byars limits.
#[wasm_bindgen(js_name = rates, unchecked_return_type = "Estimates")]
pub fn rates(
    #[wasm_bindgen(unchecked_param_type = "RatesInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    respond(decode::<RatesInput>(input)?.run())
}

/// A mean with Student's t limits.
#[wasm_bindgen(js_name = mean, unchecked_return_type = "MeanEstimate")]
pub fn mean(#[wasm_bindgen(unchecked_param_type = "MeanInput")] input: JsValue) -> Result<JsValue, JsValue> {
    respond(decode::<MeanInput>(input)?.run())
}

/// A directly standardised rate with Dobson limits.
#[wasm_bindgen(js_name = dsr, unchecked_return_type = "DsrEstimate")]
pub fn dsr(#[wasm_bindgen(unchecked_param_type = "DsrInput")] input: JsValue) -> Result<JsValue, JsValue> {
    respond(decode::<DsrInput>(input)?.run())
}

/// An indirectly standardised ratio or rate.
#[wasm_bindgen(js_name = isr, unchecked_return_type = "IsrEstimate")]
pub fn isr(#[wasm_bindgen(unchecked_param_type = "IsrInput")] input: JsValue) -> Result<JsValue, JsValue> {
    respond(decode::<IsrInput>(input)?.run())
}

/// Sample quantiles (R types 1-9, default 7); `null` for an empty sample.
#[wasm_bindgen(js_name = quantiles, unchecked_return_type = "number[] | null")]
pub fn quantiles(
    #[wasm_bindgen(unchecked_param_type = "QuantilesInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    respond(decode::<quantile::QuantilesInput>(input)?.run())
}

/// Ranks with ties shared as R's `rank`.
#[wasm_bindgen(js_name = rank, unchecked_return_type = "(number | null)[]")]
pub fn rank(#[wasm_bindgen(unchecked_param_type = "RankInput")] input: JsValue) -> Result<JsValue, JsValue> {
    respond(decode::<quantile::RankInput>(input)?.run())
}

/// Fingertips quantile groups with ties and polarity.
#[wasm_bindgen(js_name = pheQuantiles, unchecked_return_type = "(number | null)[]")]
pub fn phe_quantiles(
    #[wasm_bindgen(unchecked_param_type = "PheQuantilesInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    respond(decode::<quantile::PheQuantilesInput>(input)?.run())
}

/// Comparison of each row's interval with a benchmark (two-level when 99.8% limits are given).
#[wasm_bindgen(js_name = compare, unchecked_return_type = "Comparison[] | TwoLevelComparison[]")]
pub fn compare(
    #[wasm_bindgen(unchecked_param_type = "CompareInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    respond(decode::<CompareInput>(input)?.run())
}

/// PHE's proportion funnel: baseline, limit curves and significance.
#[wasm_bindgen(js_name = pheProportionFunnel, unchecked_return_type = "ProportionFunnel")]
pub fn phe_proportion_funnel(
    #[wasm_bindgen(unchecked_param_type = "ProportionFunnelInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    respond(decode::<funnel::ProportionFunnelInput>(input)?.run())
}

/// PHE's ratio (O/E) funnel by observed events.
#[wasm_bindgen(js_name = pheRatioFunnel, unchecked_return_type = "RatioFunnel")]
pub fn phe_ratio_funnel(
    #[wasm_bindgen(unchecked_param_type = "RatioFunnelInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    respond(decode::<funnel::RatioFunnelInput>(input)?.run())
}

/// PHE's rate funnel by events.
#[wasm_bindgen(js_name = pheRateFunnel, unchecked_return_type = "RateFunnel")]
pub fn phe_rate_funnel(
    #[wasm_bindgen(unchecked_param_type = "RateFunnelInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    respond(decode::<funnel::RateFunnelInput>(input)?.run())
}

/// A funnel with over-dispersion (Spiegelhalter 2005; SHMI and CQC conventions).
#[wasm_bindgen(js_name = funnel, unchecked_return_type = "FunnelAnalysis")]
pub fn funnel_analysis(
    #[wasm_bindgen(unchecked_param_type = "FunnelInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    respond(crate::stats::overdispersion::funnel_analysis(&decode::<FunnelInput>(input)?))
}
