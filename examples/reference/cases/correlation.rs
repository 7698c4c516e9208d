//! Rank correlation cases: Spearman's rho with its Bonett and Wright interval.

use super::super::runner::{Case, Failure, compare_expected};
use nhs_benchmark::stats::correlation;
use serde_json::{Value, json};

fn column(input: &Value, key: &str) -> Result<Vec<f64>, String> {
    input
        .get(key)
        .and_then(Value::as_array)
        .ok_or_else(|| format!("input.{key}: expected an array"))?
        .iter()
        .enumerate()
        .map(|(i, v)| v.as_f64().ok_or_else(|| format!("input.{key}[{i}]: expected a number")))
        .collect()
}

pub fn run(case: &Case) -> Option<Result<Vec<Failure>, String>> {
    if case.function != "spearman_rank_correlation" {
        return None;
    }
    let actual = (|| {
        let input = &case.input;
        let confidence =
            input.get("confidence").and_then(Value::as_f64).ok_or("input.confidence: missing")?;
        let r = correlation::spearman(&column(input, "x")?, &column(input, "y")?, confidence)
            .map_err(|e| e.to_string())?;
        Ok(json!({
            "n": r.n,
            "rho": r.rho,
            "lower95": r.interval.map(|i| i.lower),
            "upper95": r.interval.map(|i| i.upper),
        }))
    })();
    Some(actual.map(|a: Value| compare_expected(case, &a)))
}
