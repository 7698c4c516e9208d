//! Statistics: the pure numerics behind every chart. Confidence intervals, quantiles, comparison
//! with a benchmark, funnel limits and SPC, each naming its reference method. No chart or browser
//! types live here, and nothing here panics on input: bad input is a [`StatsError`].

pub mod distributions;
pub mod proportion;
pub mod rank;
pub mod spc;
pub mod trend;

use std::fmt;

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

/// Checks a confidence level: PHE tools accept levels from 90% to 100% (exclusive of 100%, where
/// every interval is infinite).
pub fn check_confidence(confidence: f64) -> Result<f64, StatsError> {
    if confidence.is_finite() && (0.9..1.0).contains(&confidence) {
        Ok(confidence)
    } else {
        Err(StatsError::new(
            "confidence",
            format!("must be a fraction from 0.9 to below 1 (e.g. 0.95 or 0.998), got {confidence}"),
        ))
    }
}

/// The two-sided normal critical value for a confidence level: `z = Φ⁻¹(1 - (1 - c) / 2)`
/// (1.959964 for 95%, 3.090232 for 99.8%).
pub fn z_for_confidence(confidence: f64) -> Result<f64, StatsError> {
    let c = check_confidence(confidence)?;
    Ok(distributions::normal_quantile(1.0 - (1.0 - c) / 2.0))
}
