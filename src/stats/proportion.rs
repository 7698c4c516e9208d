//! Proportions: the share of a denominator with some property (attendances seen within 4 hours).
//! Intervals by the Wilson score method without continuity correction, as the PHE Technical
//! Guide "Confidence intervals" (2018) and PHEindicatormethods' `phe_proportion` specify.

use super::{
    ConfidenceLevels, Estimates, Interval, IntervalMethod, StatsError, check_count, check_levels,
    check_multiplier, check_positive, check_same_length, z_for_confidence,
};
use serde::Deserialize;

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
/// `(2np + z² ± z·sqrt(z² + 4np(1-p))) / (2(n + z²))`. At confidence 1 the interval is [0, 1].
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
    if z.is_infinite() {
        return Interval { lower: 0.0, upper: 1.0 };
    }
    let n = denominator;
    let p = numerator / n;
    let z2 = z * z;
    let centre = 2.0 * numerator + z2;
    let spread = z * (z2 + 4.0 * numerator * (1.0 - p)).sqrt();
    let scale = 2.0 * (n + z2);
    Interval { lower: ((centre - spread) / scale).max(0.0), upper: ((centre + spread) / scale).min(1.0) }
}

/// Proportions with Wilson intervals for a batch of rows, as PHEindicatormethods' `phe_proportion`:
/// value = numerator / denominator × multiplier (1 for a proportion, 100 for a percentage), limits
/// at every level in `levels` on the same scale. A row with a missing numerator or denominator gets
/// no value; a negative count, a zero denominator or a numerator above its denominator is an error
/// naming the row.
pub fn proportions(
    numerators: &[Option<f64>],
    denominators: &[Option<f64>],
    levels: &[f64],
    multiplier: f64,
) -> Result<Estimates, StatsError> {
    check_same_length("denominators", denominators.len(), numerators.len())?;
    check_levels(levels)?;
    check_multiplier(multiplier)?;
    let zs: Vec<f64> = levels.iter().map(|&c| z_for_confidence(c)).collect::<Result<_, _>>()?;
    let mut out = Estimates::with_capacity(levels, numerators.len());
    for (i, (&x, &n)) in numerators.iter().zip(denominators).enumerate() {
        let x = check_count(x, "numerators", i)?;
        let n = check_positive(n, "denominators", i)?;
        let (Some(x), Some(n)) = (x, n) else {
            out.push_missing();
            continue;
        };
        if x > n {
            return Err(
                StatsError::new("numerators", format!("{x} is larger than the denominator {n}")).at(i)
            );
        }
        out.value.push(Some(x / n * multiplier));
        out.method.push(Some(IntervalMethod::Wilson));
        for (limits, &z) in out.limits.iter_mut().zip(&zs) {
            let ci = wilson_with_z(x, n, z);
            limits.push(Some(ci.lower * multiplier), Some(ci.upper * multiplier));
        }
    }
    Ok(out)
}

/// The input of [`proportions`] as JSON or JavaScript gives it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProportionsInput {
    pub numerators: Vec<Option<f64>>,
    pub denominators: Vec<Option<f64>>,
    #[serde(default)]
    pub confidence: ConfidenceLevels,
    #[serde(default = "one")]
    pub multiplier: f64,
}

fn one() -> f64 {
    1.0
}

impl ProportionsInput {
    pub fn run(&self) -> Result<Estimates, StatsError> {
        proportions(&self.numerators, &self.denominators, self.confidence.as_slice(), self.multiplier)
    }
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

    #[test]
    fn wilson_at_full_confidence_spans_zero_to_one() {
        assert_eq!(wilson(1045.0, 5000.0, 1.0).unwrap(), Interval { lower: 0.0, upper: 1.0 });
    }

    #[test]
    fn proportions_match_phe_for_65_of_100_as_a_percentage() {
        // PHEindicatormethods testdata_Prop, Area4: 65/100 -> 65% (55.25444, 73.63575) at 95%.
        let e = proportions(&[Some(65.0)], &[Some(100.0)], &[0.95, 0.998], 100.0).unwrap();
        assert_eq!(e.value[0], Some(65.0));
        let l95 = e.at(0.95).unwrap();
        assert!((l95.lower[0].unwrap() - 55.254_443_296_887_97).abs() < 1e-9);
        assert!((l95.upper[0].unwrap() - 73.635_751_756_902_47).abs() < 1e-9);
        assert_eq!(e.method[0], Some(IntervalMethod::Wilson));
    }

    #[test]
    fn proportions_count_missing_rows_and_name_the_bad_row() {
        let e = proportions(&[Some(1.0), None], &[Some(2.0), Some(3.0)], &[0.95], 1.0).unwrap();
        assert_eq!(e.missing, 1);
        assert_eq!(e.value[1], None);
        let err = proportions(&[Some(1.0), Some(4.0)], &[Some(2.0), Some(3.0)], &[0.95], 1.0).unwrap_err();
        assert_eq!((err.index, err.field), (Some(1), "numerators"));
        let err = proportions(&[Some(1.0)], &[Some(0.0)], &[0.95], 1.0).unwrap_err();
        assert_eq!((err.index, err.field), (Some(0), "denominators"));
        let err = proportions(&[Some(1.0)], &[Some(2.0), Some(3.0)], &[0.95], 1.0).unwrap_err();
        assert_eq!(err.field, "denominators");
    }
}
