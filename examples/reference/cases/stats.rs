//! Interval, funnel, quantile and comparison cases (PHEindicatormethods, FunnelPlotR).

use super::super::runner::{Case, Failure, compare_expected};
use nhs_benchmark::stats::proportion;
use serde_json::{Value, json};

fn num(input: &Value, key: &str) -> Result<f64, String> {
    input.get(key).and_then(Value::as_f64).ok_or_else(|| format!("input.{key}: expected a number"))
}

pub fn run(case: &Case) -> Option<Result<Vec<Failure>, String>> {
    let actual = match case.function.as_str() {
        "wilson_interval" => wilson_interval(&case.input),
        _ => return None,
    };
    Some(actual.map(|a| compare_expected(case, &a)))
}

fn wilson_interval(input: &Value) -> Result<Value, String> {
    let ci = proportion::wilson(num(input, "x")?, num(input, "n")?, num(input, "confidence")?)
        .map_err(|e| e.to_string())?;
    Ok(json!({"lower": ci.lower, "upper": ci.upper}))
}
