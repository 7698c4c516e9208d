//! Proportions: the share of a denominator with some property (attendances seen within 4 hours).
//! Intervals by the Wilson score method without continuity correction, as the PHE Technical
//! Guide "Confidence intervals" (2018) and PHEindicatormethods' `phe_proportion` specify.

use super::{Interval, StatsError, z_for_confidence};

/// Checks a numerator/denominator pair for a proportion: both finite and non-negative, a positive
/// denominator, and a numerator no larger than the denominator.
pub fn check_counts(numerator: f64, denominator: f64) -> Result<(), StatsError> {
    if !numerator.is_finite() || numerator < 0.0 {
        return Err(StatsError::new(
            "numerator",
            format!("must be a finite count of at least 0, got {numerator}"),
        ));
    }
    if !denominator.is_finite() || denominator <= 0.0 {
        return Err(StatsError::new(
            "denominator",
            format!("must be a finite count above 0, got {denominator}"),
        ));
    }
    if numerator > denominator {
        return Err(StatsError::new(
            "numerator",
            format!("{numerator} is larger than the denominator {denominator}"),
        ));
    }
    Ok(())
}

/// The Wilson score interval for `numerator / denominator` at `confidence`, on the proportion
/// scale (0 to 1), with no continuity correction:
/// `(2np + z² ± z·sqrt(z² + 4np(1-p))) / (2(n + z²))`.
///
/// Reference: Wilson E.B. (1927); PHE Technical Guide "Confidence intervals", section 4.2;
/// PHEindicatormethods `wilson_lower`/`wilson_upper`.
pub fn wilson(numerator: f64, denominator: f64, confidence: f64) -> Result<Interval, StatsError> {
    check_counts(numerator, denominator)?;
    let z = z_for_confidence(confidence)?;
    Ok(wilson_with_z(numerator, denominator, z))
}

/// Wilson limits for a known critical value `z`; the caller has validated the counts. Used in hot
/// loops where `z` is computed once per batch.
pub(crate) fn wilson_with_z(numerator: f64, denominator: f64, z: f64) -> Interval {
    let n = denominator;
    let p = numerator / n;
    let z2 = z * z;
    let centre = 2.0 * numerator + z2;
    let spread = z * (z2 + 4.0 * numerator * (1.0 - p)).sqrt();
    let scale = 2.0 * (n + z2);
    Interval { lower: ((centre - spread) / scale).max(0.0), upper: ((centre + spread) / scale).min(1.0) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_interval_for_zero_numerator_runs_from_zero_to_z_squared_over_n_plus_z_squared() {
        // With x = 0 the score interval collapses to [0, z²/(n + z²)]; z = qnorm(0.975).
        let ci = wilson(0.0, 100.0, 0.95).unwrap();
        let z2 = 1.959_963_984_540_054_f64.powi(2);
        assert_eq!(ci.lower, 0.0);
        assert!((ci.upper - z2 / (100.0 + z2)).abs() < 1e-15, "{ci:?}");
    }

    #[test]
    fn wilson_rejects_a_numerator_above_its_denominator() {
        let err = wilson(11.0, 10.0, 0.95).unwrap_err();
        assert_eq!(err.field, "numerator");
        assert!(err.rule.contains("larger than the denominator"), "{err}");
    }

    #[test]
    fn wilson_rejects_a_confidence_outside_the_phe_range() {
        assert_eq!(wilson(1.0, 10.0, 0.5).unwrap_err().field, "confidence");
        assert_eq!(wilson(1.0, 10.0, f64::NAN).unwrap_err().field, "confidence");
    }
}
