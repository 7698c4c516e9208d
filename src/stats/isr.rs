//! Indirect standardisation: the events an area would expect if it had the reference population's
//! age-specific rates, compared with those it observed. The ratio O/E (the standardised mortality
//! ratio, SMR) and the indirectly standardised rate O/E × reference rate, with the count's interval
//! on O (exact below 10 events, Byars from 10) divided by E, as PHEindicatormethods'
//! `calculate_ISRatio` / `calculate_ISRate` and the PHE Technical Guide "Indirectly standardised
//! ratios" specify.

use super::poisson::count_interval_with_z;
use super::{
    ConfidenceLevels, IntervalMethod, Limits, StatsError, check_levels, check_multiplier, z_for_confidence,
};
use serde::{Deserialize, Serialize};

/// An indirectly standardised figure: observed and expected events, the value on the requested
/// scale (ratio × refvalue, or rate per multiplier) and its limits.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IsrEstimate {
    pub observed: f64,
    pub expected: f64,
    /// The reference rate per multiplier (rates only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ref_rate: Option<f64>,
    pub value: f64,
    pub limits: Vec<Limits>,
    pub method: IntervalMethod,
}

/// Observed O = Σxᵢ (missing counts ignored) and expected E = Σ nᵢ·refcountᵢ/refpopᵢ.
pub fn observed_and_expected(
    counts: &[Option<f64>],
    populations: &[f64],
    ref_counts: &[f64],
    ref_populations: &[f64],
) -> Result<(f64, f64), StatsError> {
    let n = populations.len();
    if n == 0 {
        return Err(StatsError::new("populations", "needs at least one band"));
    }
    super::check_same_length("counts", counts.len(), n)?;
    super::check_same_length("refCounts", ref_counts.len(), n)?;
    super::check_same_length("refPopulations", ref_populations.len(), n)?;
    let (mut observed, mut expected) = (0.0, 0.0);
    for i in 0..n {
        observed += super::check_count(counts[i], "counts", i)?.unwrap_or(0.0);
        let (pop, rc, rp) = (populations[i], ref_counts[i], ref_populations[i]);
        if !pop.is_finite() || pop < 0.0 {
            return Err(
                StatsError::new("populations", format!("must be finite and at least 0, got {pop}")).at(i)
            );
        }
        if !rc.is_finite() || rc < 0.0 {
            return Err(
                StatsError::new("refCounts", format!("must be finite and at least 0, got {rc}")).at(i)
            );
        }
        if !rp.is_finite() || rp <= 0.0 {
            return Err(
                StatsError::new("refPopulations", format!("must be finite and above 0, got {rp}")).at(i)
            );
        }
        expected += pop * rc / rp;
    }
    if expected <= 0.0 {
        return Err(StatsError::new(
            "refCounts",
            "give no expected events (every band has a zero reference rate or population)",
        ));
    }
    Ok((observed, expected))
}

/// O/E × `scale` with the count's limits on O at each level, divided by E and scaled the same way.
fn scaled_ratio(
    observed: f64,
    expected: f64,
    scale: f64,
    levels: &[f64],
) -> Result<(Vec<Limits>, IntervalMethod), StatsError> {
    check_levels(levels)?;
    let mut method = IntervalMethod::ExactPoisson;
    let limits = levels
        .iter()
        .map(|&c| {
            let (ci, m) = count_interval_with_z(observed, c, z_for_confidence(c)?);
            method = m;
            Ok(Limits {
                confidence: c,
                lower: Some(ci.lower / expected * scale),
                upper: Some(ci.upper / expected * scale),
            })
        })
        .collect::<Result<_, StatsError>>()?;
    Ok((limits, method))
}

/// The indirectly standardised ratio O/E × `refvalue` (1, or 100 as SMRs are often shown).
pub fn isr_ratio(
    counts: &[Option<f64>],
    populations: &[f64],
    ref_counts: &[f64],
    ref_populations: &[f64],
    refvalue: f64,
    levels: &[f64],
) -> Result<IsrEstimate, StatsError> {
    let refvalue = check_multiplier(refvalue).map_err(|e| StatsError::new("refvalue", e.rule))?;
    let (observed, expected) = observed_and_expected(counts, populations, ref_counts, ref_populations)?;
    let (limits, method) = scaled_ratio(observed, expected, refvalue, levels)?;
    Ok(IsrEstimate {
        observed,
        expected,
        ref_rate: None,
        value: observed / expected * refvalue,
        limits,
        method,
    })
}

/// The indirectly standardised rate O/E × reference rate, where the reference rate is
/// Σ refcount / Σ refpop × `multiplier`.
pub fn isr_rate(
    counts: &[Option<f64>],
    populations: &[f64],
    ref_counts: &[f64],
    ref_populations: &[f64],
    multiplier: f64,
    levels: &[f64],
) -> Result<IsrEstimate, StatsError> {
    check_multiplier(multiplier)?;
    let (observed, expected) = observed_and_expected(counts, populations, ref_counts, ref_populations)?;
    let ref_rate = ref_counts.iter().sum::<f64>() / ref_populations.iter().sum::<f64>() * multiplier;
    let (limits, method) = scaled_ratio(observed, expected, ref_rate, levels)?;
    Ok(IsrEstimate {
        observed,
        expected,
        ref_rate: Some(ref_rate),
        value: observed / expected * ref_rate,
        limits,
        method,
    })
}

/// What an ISR input asks for: the ratio (× refvalue) or the rate (per multiplier).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IsrOutput {
    #[default]
    Ratio,
    Rate,
}

/// The input of [`isr_ratio`] / [`isr_rate`] as JSON or JavaScript gives it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IsrInput {
    pub counts: Vec<Option<f64>>,
    pub populations: Vec<f64>,
    pub ref_counts: Vec<f64>,
    pub ref_populations: Vec<f64>,
    #[serde(default)]
    pub output: IsrOutput,
    /// The ratio's scale (1 or 100); the rate's multiplier (e.g. 100000).
    #[serde(default)]
    pub multiplier: Option<f64>,
    #[serde(default)]
    pub confidence: ConfidenceLevels,
}

impl IsrInput {
    pub fn run(&self) -> Result<IsrEstimate, StatsError> {
        let levels = self.confidence.as_slice();
        let (c, p, rc, rp) = (&self.counts, &self.populations, &self.ref_counts, &self.ref_populations);
        match self.output {
            IsrOutput::Ratio => isr_ratio(c, p, rc, rp, self.multiplier.unwrap_or(1.0), levels),
            IsrOutput::Rate => isr_rate(c, p, rc, rp, self.multiplier.unwrap_or(100_000.0), levels),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isr_ratio_is_observed_over_expected_with_exact_limits_below_ten() {
        // 4 events where 8 were expected: ratio 0.5, exact limits (qchisq(.025,8)/2, qchisq(.975,10)/2)/8.
        let e = isr_ratio(&[Some(4.0)], &[1000.0], &[8.0], &[1000.0], 1.0, &[0.95]).unwrap();
        assert_eq!((e.observed, e.expected, e.value), (4.0, 8.0, 0.5));
        assert_eq!(e.method, IntervalMethod::ExactPoisson);
        // qchisq(0.025, 8)/2 = 1.0898653736263249 (mpmath, 30 digits)
        assert!((e.limits[0].lower.unwrap() - 1.089_865_373_626_324_9 / 8.0).abs() < 1e-12);
    }

    #[test]
    fn isr_rate_scales_by_the_reference_rate() {
        let e = isr_rate(&[Some(20.0)], &[500.0], &[40.0], &[1000.0], 1000.0, &[0.95]).unwrap();
        assert_eq!(e.ref_rate, Some(40.0));
        assert!((e.value - 40.0).abs() < 1e-12);
        assert_eq!(e.method, IntervalMethod::Byars);
    }

    #[test]
    fn isr_rejects_bands_with_no_expected_events() {
        let err = isr_ratio(&[Some(1.0)], &[0.0], &[5.0], &[10.0], 1.0, &[0.95]).unwrap_err();
        assert_eq!(err.field, "refCounts");
        let err = isr_ratio(&[Some(1.0)], &[1.0], &[5.0], &[0.0], 1.0, &[0.95]).unwrap_err();
        assert_eq!((err.field, err.index), ("refPopulations", Some(0)));
    }
}
