//! Crude rates: events per population (emergency admissions per 100,000 residents). The interval
//! is the count's (exact Poisson below 10 events, Byars from 10) divided by the population, as
//! PHEindicatormethods' `phe_rate` and the PHE Technical Guide "Confidence intervals" (section 6)
//! specify. Unlike a proportion, the count may exceed the population.

use super::poisson::count_interval_with_z;
use super::{
    ConfidenceLevels, Estimates, StatsError, check_count, check_levels, check_multiplier, check_positive,
    check_same_length, z_for_confidence,
};
use serde::Deserialize;

/// Crude rates for a batch: value = count / population × multiplier; limits are the count's limits
/// (exact below 10 events, Byars from 10) / population × multiplier, at every level in `levels`.
/// Missing inputs give a row with no value, counted in `missing`.
pub fn rates(
    counts: &[Option<f64>],
    populations: &[Option<f64>],
    levels: &[f64],
    multiplier: f64,
) -> Result<Estimates, StatsError> {
    check_same_length("denominators", populations.len(), counts.len())?;
    check_levels(levels)?;
    check_multiplier(multiplier)?;
    let zs: Vec<f64> = levels.iter().map(|&c| z_for_confidence(c)).collect::<Result<_, _>>()?;
    let mut out = Estimates::with_capacity(levels, counts.len());
    for (i, (&x, &n)) in counts.iter().zip(populations).enumerate() {
        let x = check_count(x, "numerators", i)?;
        let n = check_positive(n, "denominators", i)?;
        let (Some(x), Some(n)) = (x, n) else {
            out.push_missing();
            continue;
        };
        let scale = multiplier / n;
        out.value.push(Some(x * scale));
        let mut method = None;
        for ((limits, &z), &c) in out.limits.iter_mut().zip(&zs).zip(levels) {
            let (ci, m) = count_interval_with_z(x, c, z);
            method = method.or(Some(m));
            limits.push(Some(ci.lower * scale), Some(ci.upper * scale));
        }
        out.method.push(method);
    }
    Ok(out)
}

/// The input of [`rates`] as JSON or JavaScript gives it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RatesInput {
    pub numerators: Vec<Option<f64>>,
    pub denominators: Vec<Option<f64>>,
    #[serde(default)]
    pub confidence: ConfidenceLevels,
    #[serde(default = "per_100k")]
    pub multiplier: f64,
}

fn per_100k() -> f64 {
    100_000.0
}

impl RatesInput {
    pub fn run(&self) -> Result<Estimates, StatsError> {
        rates(&self.numerators, &self.denominators, self.confidence.as_slice(), self.multiplier)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::IntervalMethod;

    #[test]
    fn rate_of_65_per_100_matches_phe_byars_limits() {
        // PHEindicatormethods testdata_Rates Area4: 65/100 per 100 -> (50.16319, 82.84914) at 95%.
        let e = rates(&[Some(65.0)], &[Some(100.0)], &[0.95], 100.0).unwrap();
        let l = &e.limits[0];
        assert!((l.lower[0].unwrap() - 50.163_187_710_459_454).abs() < 1e-9);
        assert!((l.upper[0].unwrap() - 82.849_138_545_939_84).abs() < 1e-9);
        assert_eq!(e.method[0], Some(IntervalMethod::Byars));
    }

    #[test]
    fn a_rate_may_have_more_events_than_population() {
        let e = rates(&[Some(250.0)], &[Some(220.0)], &[0.95], 100_000.0).unwrap();
        assert!(e.value[0].unwrap() > 100_000.0);
    }

    #[test]
    fn few_events_get_exact_limits_and_missing_rows_are_counted() {
        let e =
            rates(&[Some(3.0), Some(10.0), None], &[Some(1000.0), None, Some(5.0)], &[0.95], 1000.0).unwrap();
        assert_eq!(e.method[0], Some(IntervalMethod::ExactPoisson));
        assert_eq!(e.missing, 2);
    }
}
