//! Statistics: the pure numerics behind every chart. Confidence intervals, quantiles, comparison
//! with a benchmark, funnel limits and SPC, each naming its reference method. No chart or browser
//! types live here, and nothing here panics on input: bad input is a [`StatsError`].
//!
//! Batch functions take columns (`&[Option<f64>]`, `None` = missing) and return columns: a missing
//! input gives a `None` output and is counted in the result's `missing`, never dropped silently;
//! an impossible input (a negative count, a zero denominator, a NaN) is an error naming its row.

pub mod banded;
pub mod compare;
pub mod correlation;
pub mod distributions;
pub mod dsr;
pub mod funnel;
pub mod isr;
pub mod mean;
pub mod overdispersion;
pub mod poisson;
pub mod proportion;
pub mod quantile;
pub mod rank;
pub mod rate;
pub mod spc;
pub mod trend;

use serde::{Deserialize, Serialize};
use std::fmt;

/// Which direction is better, turning "higher" and "lower" into "better" and "worse".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Polarity {
    HigherIsBetter,
    LowerIsBetter,
    NoJudgement,
}

/// A two-sided confidence interval on the scale of the value it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Interval {
    pub lower: f64,
    pub upper: f64,
}

impl Interval {
    /// Whether `x` lies inside the interval, limits included (Fingertips counts a benchmark on
    /// the limit as "similar").
    pub fn contains(&self, x: f64) -> bool {
        self.lower <= x && x <= self.upper
    }

    /// The interval with both limits multiplied by `factor` (> 0).
    pub fn scaled(self, factor: f64) -> Interval {
        Interval { lower: self.lower * factor, upper: self.upper * factor }
    }
}

/// Why a statistic could not be computed: which input (`index` into a batch, when there is one),
/// which field, and the rule it broke.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StatsError {
    pub index: Option<usize>,
    pub field: &'static str,
    pub rule: String,
}

impl StatsError {
    pub fn new(field: &'static str, rule: impl Into<String>) -> Self {
        Self { index: None, field, rule: rule.into() }
    }

    /// The same error, located at row `index` of a batch.
    pub fn at(mut self, index: usize) -> Self {
        self.index = Some(index);
        self
    }
}

impl fmt::Display for StatsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.index {
            Some(i) => write!(f, "row {i}: {}: {}", self.field, self.rule),
            None => write!(f, "{}: {}", self.field, self.rule),
        }
    }
}

impl std::error::Error for StatsError {}

impl From<StatsError> for crate::error::Error {
    fn from(e: StatsError) -> Self {
        let path = match e.index {
            Some(i) => format!("{}[{i}]", e.field),
            None => e.field.to_string(),
        };
        crate::error::Error::new(
            crate::error::ErrorKind::Statistics,
            format!("statistics.{}", e.field),
            path,
            e.to_string(),
        )
    }
}

/// The two confidence levels Fingertips shows: 95% and 99.8% (about 2 and 3 standard deviations).
pub const FINGERTIPS_LEVELS: [f64; 2] = [0.95, 0.998];

/// Checks a confidence level: PHE tools accept levels from 90% to 100% inclusive. At 100% every
/// interval is as wide as the scale allows (Wilson 0 to 1, a count 0 to infinity), as in
/// PHEindicatormethods' `wilson_lower`/`wilson_upper`.
pub fn check_confidence(confidence: f64) -> Result<f64, StatsError> {
    if confidence.is_finite() && (0.9..=1.0).contains(&confidence) {
        Ok(confidence)
    } else {
        Err(StatsError::new(
            "confidence",
            format!("must be a fraction from 0.9 to 1 (e.g. 0.95 or 0.998), got {confidence}"),
        ))
    }
}

/// The two-sided normal critical value for a confidence level: `z = Φ⁻¹(1 - (1 - c) / 2)`
/// (1.959964 for 95%, 3.090232 for 99.8%, infinite for 100%).
pub fn z_for_confidence(confidence: f64) -> Result<f64, StatsError> {
    let c = check_confidence(confidence)?;
    Ok(distributions::normal_quantile(1.0 - (1.0 - c) / 2.0))
}

/// Checks a list of confidence levels (at least one, each valid).
pub fn check_levels(levels: &[f64]) -> Result<(), StatsError> {
    if levels.is_empty() {
        return Err(StatsError::new("confidence", "needs at least one level (e.g. [0.95, 0.998])"));
    }
    for (i, &c) in levels.iter().enumerate() {
        check_confidence(c).map_err(|e| e.at(i))?;
    }
    Ok(())
}

/// Checks a multiplier (100 for a percentage, 100000 for a rate per 100,000): finite and positive.
pub fn check_multiplier(multiplier: f64) -> Result<f64, StatsError> {
    if multiplier.is_finite() && multiplier > 0.0 {
        Ok(multiplier)
    } else {
        Err(StatsError::new(
            "multiplier",
            format!("must be a finite number above 0 (e.g. 1, 100 or 100000), got {multiplier}"),
        ))
    }
}

/// Checks that a column has as many rows as the first column of its batch.
pub(crate) fn check_same_length(field: &'static str, len: usize, expected: usize) -> Result<(), StatsError> {
    if len == expected {
        Ok(())
    } else {
        Err(StatsError::new(field, format!("has {len} values but the batch has {expected} rows")))
    }
}

/// Checks one count: finite and at least 0 (`None` = missing passes through).
pub(crate) fn check_count(
    x: Option<f64>,
    field: &'static str,
    index: usize,
) -> Result<Option<f64>, StatsError> {
    match x {
        Some(v) if !v.is_finite() || v < 0.0 => {
            Err(StatsError::new(field, format!("must be a finite count of at least 0, got {v}")).at(index))
        }
        other => Ok(other),
    }
}

/// Checks one denominator: finite and above 0 (`None` = missing passes through).
pub(crate) fn check_positive(
    x: Option<f64>,
    field: &'static str,
    index: usize,
) -> Result<Option<f64>, StatsError> {
    match x {
        Some(v) if !v.is_finite() || v <= 0.0 => {
            Err(StatsError::new(field, format!("must be a finite number above 0, got {v}")).at(index))
        }
        other => Ok(other),
    }
}

/// Confidence levels as JSON and JavaScript give them: one level (`0.95`) or several
/// (`[0.95, 0.998]`). Defaults to Fingertips' pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ConfidenceLevels {
    One(f64),
    Many(Vec<f64>),
}

impl Default for ConfidenceLevels {
    fn default() -> Self {
        ConfidenceLevels::Many(FINGERTIPS_LEVELS.to_vec())
    }
}

impl ConfidenceLevels {
    pub fn as_slice(&self) -> &[f64] {
        match self {
            ConfidenceLevels::One(c) => std::slice::from_ref(c),
            ConfidenceLevels::Many(v) => v,
        }
    }
}

/// How an interval was computed, so a chart can footnote it ("exact Poisson below 10 events").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum IntervalMethod {
    /// Wilson score interval for a proportion.
    Wilson,
    /// Byars' approximation to the Poisson interval of a count.
    Byars,
    /// Exact Poisson interval of a count from chi-square quantiles.
    ExactPoisson,
    /// Student's t interval for a mean.
    StudentT,
    /// Dobson's method for a weighted sum of Poisson counts (directly standardised rates).
    Dobson,
}

/// The limits of every row of a batch at one confidence level; `None` where the row has no value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LevelLimits {
    pub confidence: f64,
    pub lower: Vec<Option<f64>>,
    pub upper: Vec<Option<f64>>,
}

impl LevelLimits {
    pub(crate) fn with_capacity(confidence: f64, n: usize) -> Self {
        Self { confidence, lower: Vec::with_capacity(n), upper: Vec::with_capacity(n) }
    }

    #[inline]
    pub(crate) fn push(&mut self, lower: Option<f64>, upper: Option<f64>) {
        self.lower.push(lower);
        self.upper.push(upper);
    }
}

/// Values with their confidence limits for a batch of rows, as columns: `limits[k]` holds the
/// limits at the k-th requested confidence level. `method[i]` is the method row i used at the first
/// level (a count at 100% confidence falls back to exact limits whatever its size). `missing`
/// counts rows whose inputs were missing (their value and limits are `None`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Estimates {
    pub value: Vec<Option<f64>>,
    pub limits: Vec<LevelLimits>,
    pub method: Vec<Option<IntervalMethod>>,
    pub missing: usize,
}

impl Estimates {
    pub(crate) fn with_capacity(levels: &[f64], n: usize) -> Self {
        Self {
            value: Vec::with_capacity(n),
            limits: levels.iter().map(|&c| LevelLimits::with_capacity(c, n)).collect(),
            method: Vec::with_capacity(n),
            missing: 0,
        }
    }

    pub(crate) fn push_missing(&mut self) {
        self.value.push(None);
        self.method.push(None);
        for l in &mut self.limits {
            l.push(None, None);
        }
        self.missing += 1;
    }

    /// The limits at `confidence`, if it was one of the requested levels.
    pub fn at(&self, confidence: f64) -> Option<&LevelLimits> {
        self.limits.iter().find(|l| l.confidence == confidence)
    }
}

/// One value's limits at one confidence level.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    pub confidence: f64,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidence_of_one_is_accepted_and_gives_an_infinite_z() {
        assert_eq!(z_for_confidence(1.0).unwrap(), f64::INFINITY);
        assert!(check_confidence(0.9).is_ok());
        assert_eq!(check_confidence(0.89).unwrap_err().field, "confidence");
        assert_eq!(check_confidence(95.0).unwrap_err().field, "confidence");
    }

    #[test]
    fn a_bad_level_in_a_list_is_reported_with_its_position() {
        let err = check_levels(&[0.95, 1.5]).unwrap_err();
        assert_eq!(err.index, Some(1));
        assert!(check_levels(&[]).is_err());
    }

    #[test]
    fn confidence_levels_deserialise_from_a_number_or_a_list() {
        let one: ConfidenceLevels = serde_json::from_str("0.95").unwrap();
        let many: ConfidenceLevels = serde_json::from_str("[0.95, 0.998]").unwrap();
        assert_eq!(one.as_slice(), &[0.95]);
        assert_eq!(many.as_slice(), &[0.95, 0.998]);
        assert_eq!(ConfidenceLevels::default().as_slice(), &FINGERTIPS_LEVELS);
    }
}
