//! Means: the average of individual values (a length of stay, a score), with a Student's t
//! interval from the sample standard deviation (n - 1 denominator), as PHEindicatormethods'
//! `phe_mean` and the PHE Technical Guide "Confidence intervals" (section 3) specify.

use super::distributions::student_t_quantile;
use super::{ConfidenceLevels, Limits, StatsError, check_levels};
use serde::{Deserialize, Serialize};

/// A mean with its sample standard deviation and t limits at each requested level.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MeanEstimate {
    pub value_sum: f64,
    pub value_count: usize,
    /// The sample standard deviation (denominator n - 1).
    pub stdev: f64,
    pub value: f64,
    pub limits: Vec<Limits>,
}

/// The sample standard deviation with denominator n - 1 (R's `sd`), by a two-pass sum for
/// accuracy. `None` for fewer than two values.
pub fn sample_sd(values: &[f64]) -> Option<f64> {
    let n = values.len();
    if n < 2 {
        return None;
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    let ss: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();
    Some((ss / (n as f64 - 1.0)).sqrt())
}

/// The mean of `values` with Student's t limits `mean ± |qt((1-c)/2, n-1)| · sd/√n` at each level.
/// Needs at least two finite values; a non-finite value is an error naming its index.
pub fn mean_interval(values: &[f64], levels: &[f64]) -> Result<MeanEstimate, StatsError> {
    check_levels(levels)?;
    if let Some(i) = values.iter().position(|v| !v.is_finite()) {
        return Err(StatsError::new("values", format!("must be finite numbers, got {}", values[i])).at(i));
    }
    let n = values.len();
    let Some(sd) = sample_sd(values) else {
        return Err(StatsError::new("values", format!("a t interval needs at least 2 values, got {n}")));
    };
    let sum: f64 = values.iter().sum();
    let mean = sum / n as f64;
    let se = sd / (n as f64).sqrt();
    let limits = levels
        .iter()
        .map(|&c| {
            let t = student_t_quantile((1.0 - c) / 2.0, n as f64 - 1.0).abs();
            Limits { confidence: c, lower: Some(mean - t * se), upper: Some(mean + t * se) }
        })
        .collect();
    Ok(MeanEstimate { value_sum: sum, value_count: n, stdev: sd, value: mean, limits })
}

/// The input of [`mean_interval`] as JSON or JavaScript gives it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MeanInput {
    pub values: Vec<f64>,
    #[serde(default)]
    pub confidence: ConfidenceLevels,
}

impl MeanInput {
    pub fn run(&self) -> Result<MeanEstimate, StatsError> {
        mean_interval(&self.values, self.confidence.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_of_eight_values_matches_phe_mean() {
        // PHEindicatormethods testMeans.R, Area1.
        let v = [33.09375, 48.38596, 64.83495, 67.98475, 22.93556, 71.23587, 38.78465, 82.37927];
        let m = mean_interval(&v, &[0.95]).unwrap();
        assert!((m.stdev - 20.975_575_257_709_31).abs() < 1e-9);
        assert!((m.limits[0].lower.unwrap() - 36.168_325_241_336_504).abs() < 1e-9);
    }

    #[test]
    fn a_mean_interval_needs_two_finite_values() {
        assert_eq!(mean_interval(&[1.0], &[0.95]).unwrap_err().field, "values");
        let err = mean_interval(&[1.0, f64::NAN], &[0.95]).unwrap_err();
        assert_eq!(err.index, Some(1));
    }

    #[test]
    fn sample_sd_uses_n_minus_one() {
        // R: sd(c(2, 4, 4, 4, 5, 5, 7, 9)) = 2.138090
        let sd = sample_sd(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]).unwrap();
        assert!((sd - (32.0_f64 / 7.0).sqrt()).abs() < 1e-15);
    }
}
