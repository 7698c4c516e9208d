//! Counts: intervals for a number of events treated as Poisson (deaths, admissions). PHE uses the
//! exact interval from chi-square quantiles below 10 events and Byars' approximation from 10 up
//! (PHE Technical Guide "Confidence intervals", sections 5-6). Rates, standardised ratios and DSRs
//! all build on these limits.

use super::distributions::{chi_squared_quantile, chi_squared_upper_quantile};
use super::{Interval, IntervalMethod, StatsError, z_for_confidence};

/// Below this many events PHE uses exact Poisson limits instead of Byars'.
pub const EXACT_BELOW: f64 = 10.0;

fn check_events(count: f64) -> Result<f64, StatsError> {
    if count.is_finite() && count >= 0.0 {
        Ok(count)
    } else {
        Err(StatsError::new("count", format!("must be a finite count of at least 0, got {count}")))
    }
}

/// Byars' lower limit for a count `x` at critical value `z`: `x(1 - 1/(9x) - z/(3√x))³`, or `None`
/// when it is negative or undefined (x = 0), as PHEindicatormethods' `byars_lower` returns NA.
///
/// Reference: Breslow N.E., Day N.E., Statistical methods in cancer research vol. II (1987), p. 69.
pub fn byars_lower(x: f64, z: f64) -> Option<f64> {
    let lower = x * (1.0 - 1.0 / (9.0 * x) - z / (3.0 * x.sqrt())).powi(3);
    (lower >= 0.0).then_some(lower)
}

/// Byars' upper limit for a count `x` at critical value `z`:
/// `(x+1)(1 - 1/(9(x+1)) + z/(3√(x+1)))³` (Breslow & Day 1987).
pub fn byars_upper(x: f64, z: f64) -> f64 {
    let x1 = x + 1.0;
    x1 * (1.0 - 1.0 / (9.0 * x1) + z / (3.0 * x1.sqrt())).powi(3)
}

/// Byars' limits for a count; the lower limit is `None` where the approximation goes negative.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ByarsLimits {
    pub lower: Option<f64>,
    pub upper: f64,
}

/// Byars' interval for a count at `confidence` (PHEindicatormethods `byars_lower`/`byars_upper`).
pub fn byars(count: f64, confidence: f64) -> Result<ByarsLimits, StatsError> {
    let x = check_events(count)?;
    let z = z_for_confidence(confidence)?;
    Ok(ByarsLimits { lower: byars_lower(x, z), upper: byars_upper(x, z) })
}

/// The exact (Garwood 1936) Poisson interval for a count at `confidence`:
/// lower = qchisq((1-c)/2, 2x)/2 (0 when x = 0), upper = qchisq(1-(1-c)/2, 2x+2)/2.
/// Reference: PHE Technical Guide "Confidence intervals", section 5.
pub fn exact(count: f64, confidence: f64) -> Result<Interval, StatsError> {
    let x = check_events(count)?;
    let c = super::check_confidence(confidence)?;
    Ok(exact_with_alpha(x, (1.0 - c) / 2.0))
}

/// Exact limits for a count with `tail` probability in each tail (0.025 for 95%).
pub(crate) fn exact_with_alpha(x: f64, tail: f64) -> Interval {
    Interval {
        lower: chi_squared_quantile(tail, 2.0 * x) / 2.0,
        upper: chi_squared_upper_quantile(tail, 2.0 * x + 2.0) / 2.0,
    }
}

/// The interval PHE uses for a count: exact below [`EXACT_BELOW`] events, Byars from there up.
/// Where Byars' lower limit would be negative (only at confidence levels very near 1) the exact
/// interval is used instead, so the result is always a full interval.
pub fn count_interval(count: f64, confidence: f64) -> Result<(Interval, IntervalMethod), StatsError> {
    let x = check_events(count)?;
    let z = z_for_confidence(confidence)?;
    Ok(count_interval_with_z(x, confidence, z))
}

/// [`count_interval`] for a validated count with its critical value computed once per batch.
pub(crate) fn count_interval_with_z(x: f64, confidence: f64, z: f64) -> (Interval, IntervalMethod) {
    if x >= EXACT_BELOW
        && let Some(lower) = byars_lower(x, z)
    {
        return (Interval { lower, upper: byars_upper(x, z) }, IntervalMethod::Byars);
    }
    (exact_with_alpha(x, (1.0 - confidence) / 2.0), IntervalMethod::ExactPoisson)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byars_matches_phe_for_1045_events_at_95_percent() {
        // PHEindicatormethods testByars.R: 1045 -> (982.5932018073325, 1110.33121298565)
        let b = byars(1045.0, 0.95).unwrap();
        assert!((b.lower.unwrap() - 982.593_201_807_332_5).abs() < 1e-9);
        assert!((b.upper - 1_110.331_212_985_65).abs() < 1e-9);
    }

    #[test]
    fn byars_lower_limit_is_missing_when_negative() {
        assert_eq!(byars(1.0, 0.998).unwrap().lower, None);
        assert_eq!(byars(0.0, 0.95).unwrap().lower, None);
    }

    #[test]
    fn exact_interval_for_zero_events_starts_at_zero_and_ends_at_minus_log_alpha() {
        // For x = 0 the upper limit solves e^-λ = 0.025: λ = -ln(0.025) = 3.688879...
        let ci = exact(0.0, 0.95).unwrap();
        assert_eq!(ci.lower, 0.0);
        assert!((ci.upper + 0.025_f64.ln()).abs() < 1e-13);
    }

    #[test]
    fn count_interval_switches_from_exact_to_byars_at_ten_events() {
        assert_eq!(count_interval(9.0, 0.95).unwrap().1, IntervalMethod::ExactPoisson);
        assert_eq!(count_interval(10.0, 0.95).unwrap().1, IntervalMethod::Byars);
        // At 100% confidence Byars' lower limit is undefined, so the exact interval is used.
        let (ci, method) = count_interval(50.0, 1.0).unwrap();
        assert_eq!((ci.lower, ci.upper, method), (0.0, f64::INFINITY, IntervalMethod::ExactPoisson));
    }

    #[test]
    fn counts_must_be_finite_and_non_negative() {
        assert_eq!(byars(-1.0, 0.95).unwrap_err().field, "count");
        assert_eq!(exact(f64::NAN, 0.95).unwrap_err().field, "count");
    }
}
