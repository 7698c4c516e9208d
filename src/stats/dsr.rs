//! Directly standardised rates (DSRs): an area's age-specific rates applied to a standard
//! population, so areas with different age structures compare fairly. The interval is Dobson's
//! method (Dobson et al., Stat Med 1991;10:457-62) on Byars' limits for the total count, and the
//! DSR is suppressed below 10 events, as PHEindicatormethods' `calculate_dsr` and the PHE Technical
//! Guide "Directly standardised rates" specify. Events that are not independent (one person with
//! several admissions) widen the interval by each person's event frequency.

use super::poisson::{byars_lower, byars_upper};
use super::{ConfidenceLevels, Limits, StatsError, check_levels, check_multiplier, z_for_confidence};
use serde::{Deserialize, Serialize};

/// The 2013 European Standard Population in 19 five-year bands, 0-4 to 90+ (Eurostat 2013), the
/// default standard in PHE indicators since 2014.
pub const ESP2013: [f64; 19] = [
    5000.0, 5500.0, 5500.0, 5500.0, 6000.0, 6000.0, 6500.0, 7000.0, 7000.0, 7000.0, 7000.0, 6500.0, 6000.0,
    5500.0, 5000.0, 4000.0, 2500.0, 1500.0, 1000.0,
];

/// The band labels of [`ESP2013`].
pub const ESP2013_BANDS: [&str; 19] = [
    "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59",
    "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+",
];

/// The 1976 European Standard Population in 18 five-year bands, 0-4 to 85+ (the 0 and 1-4 bands of
/// the original table combined), for comparison with figures published before 2014.
pub const ESP1976: [f64; 18] = [
    8000.0, 7000.0, 7000.0, 7000.0, 7000.0, 7000.0, 7000.0, 7000.0, 7000.0, 7000.0, 7000.0, 6000.0, 5000.0,
    4000.0, 3000.0, 2000.0, 1000.0, 1000.0,
];

/// The band labels of [`ESP1976`].
pub const ESP1976_BANDS: [&str; 18] = [
    "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59",
    "60-64", "65-69", "70-74", "75-79", "80-84", "85+",
];

/// PHE does not publish a DSR for fewer events than this: the value and limits are suppressed.
pub const MIN_TOTAL_COUNT: f64 = 10.0;

/// A DSR with its limits; `value` and the limits are `None` when `suppressed` (total count < 10).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DsrEstimate {
    pub total_count: f64,
    pub total_pop: f64,
    pub value: Option<f64>,
    pub limits: Vec<Limits>,
    pub suppressed: bool,
}

/// The persons in each band who had the same number of events (`events_per_person`), for
/// non-independent events: `persons[i]` is the count in band i (`None` = 0).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FrequencyGroup {
    pub events_per_person: f64,
    pub persons: Vec<Option<f64>>,
}

fn check_bands(populations: &[f64], standard: &[f64]) -> Result<(), StatsError> {
    if populations.is_empty() {
        return Err(StatsError::new("populations", "needs at least one band"));
    }
    super::check_same_length("standard", standard.len(), populations.len())?;
    for (i, &n) in populations.iter().enumerate() {
        if !n.is_finite() || n <= 0.0 {
            return Err(StatsError::new("populations", format!("must be finite and above 0, got {n}")).at(i));
        }
    }
    for (i, &w) in standard.iter().enumerate() {
        if !w.is_finite() || w < 0.0 {
            return Err(StatsError::new("standard", format!("must be finite and at least 0, got {w}")).at(i));
        }
    }
    if standard.iter().sum::<f64>() <= 0.0 {
        return Err(StatsError::new("standard", "must have a positive total"));
    }
    Ok(())
}

fn band_count(x: Option<f64>, field: &'static str, i: usize) -> Result<f64, StatsError> {
    Ok(super::check_count(x, field, i)?.unwrap_or(0.0))
}

/// Dobson's interval around a DSR: `DSR + √(var/O)·(Byars(O) - O)·multiplier` at each level, where
/// `weighted` = Σ xᵢwᵢ/nᵢ, `variance_sum` = Σ xᵢ(wᵢ/nᵢ)², and var = variance_sum/(Σw)².
fn dobson(
    total_count: f64,
    total_pop: f64,
    weighted: f64,
    variance_sum: f64,
    standard_total: f64,
    levels: &[f64],
    multiplier: f64,
) -> Result<DsrEstimate, StatsError> {
    if total_count < MIN_TOTAL_COUNT {
        return Ok(DsrEstimate {
            total_count,
            total_pop,
            value: None,
            limits: levels.iter().map(|&c| Limits { confidence: c, lower: None, upper: None }).collect(),
            suppressed: true,
        });
    }
    let value = weighted / standard_total * multiplier;
    let variance = variance_sum / (standard_total * standard_total);
    let spread = (variance / total_count).sqrt() * multiplier;
    let limits = levels
        .iter()
        .map(|&c| {
            let z = z_for_confidence(c)?;
            Ok(Limits {
                confidence: c,
                lower: byars_lower(total_count, z).map(|b| value + spread * (b - total_count)),
                upper: Some(value + spread * (byars_upper(total_count, z) - total_count)),
            })
        })
        .collect::<Result<_, StatsError>>()?;
    Ok(DsrEstimate { total_count, total_pop, value: Some(value), limits, suppressed: false })
}

/// The DSR of events `counts` (missing = 0) in `populations`, standardised to `standard` (e.g.
/// [`ESP2013`]), per `multiplier`: DSR = Σ(xᵢwᵢ/nᵢ)/Σwᵢ × multiplier, with Dobson limits on Byars'
/// limits for O = Σxᵢ at each level. Suppressed (value and limits `None`) when O < 10.
pub fn dsr(
    counts: &[Option<f64>],
    populations: &[f64],
    standard: &[f64],
    levels: &[f64],
    multiplier: f64,
) -> Result<DsrEstimate, StatsError> {
    check_bands(populations, standard)?;
    super::check_same_length("counts", counts.len(), populations.len())?;
    check_levels(levels)?;
    check_multiplier(multiplier)?;
    let (mut total, mut weighted, mut variance_sum) = (0.0, 0.0, 0.0);
    for (i, ((&x, &n), &w)) in counts.iter().zip(populations).zip(standard).enumerate() {
        let x = band_count(x, "counts", i)?;
        let ratio = w / n;
        total += x;
        weighted += x * ratio;
        variance_sum += x * ratio * ratio;
    }
    let total_pop = populations.iter().sum();
    dobson(total, total_pop, weighted, variance_sum, standard.iter().sum(), levels, multiplier)
}

/// The DSR for events that are not independent, given the persons by how many events each had:
/// events per band = Σₖ k·personsₖ, the DSR as [`dsr`], and the Dobson variance Σₖ k²·varₖ, where
/// varₖ is the variance from the persons with k events (PHEindicatormethods `calculate_dsr` with
/// `independent_events = FALSE`; PHE Technical Guide "DSRs for non-independent events").
pub fn dsr_non_independent(
    groups: &[FrequencyGroup],
    populations: &[f64],
    standard: &[f64],
    levels: &[f64],
    multiplier: f64,
) -> Result<DsrEstimate, StatsError> {
    check_bands(populations, standard)?;
    check_levels(levels)?;
    check_multiplier(multiplier)?;
    if groups.is_empty() {
        return Err(StatsError::new("personsByFrequency", "needs at least one event frequency"));
    }
    let (mut total, mut weighted, mut variance_sum) = (0.0, 0.0, 0.0);
    for (g, group) in groups.iter().enumerate() {
        let k = group.events_per_person;
        if !k.is_finite() || k <= 0.0 {
            return Err(StatsError::new(
                "eventsPerPerson",
                format!("must be a finite number of events above 0, got {k}"),
            )
            .at(g));
        }
        super::check_same_length("persons", group.persons.len(), populations.len()).map_err(|e| e.at(g))?;
        for (i, ((&p, &n), &w)) in group.persons.iter().zip(populations).zip(standard).enumerate() {
            let persons = band_count(p, "persons", i)?;
            let ratio = w / n;
            total += k * persons;
            weighted += k * persons * ratio;
            variance_sum += k * k * persons * ratio * ratio;
        }
    }
    let total_pop = populations.iter().sum();
    dobson(total, total_pop, weighted, variance_sum, standard.iter().sum(), levels, multiplier)
}

/// Which standard population to use when the input gives none of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StandardPopulation {
    #[default]
    Esp2013,
    Esp1976,
}

/// The input of [`dsr`] / [`dsr_non_independent`] as JSON or JavaScript gives it: either `counts`
/// or `personsByFrequency`; `standard` overrides `standardPopulation` (default ESP 2013).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DsrInput {
    #[serde(default)]
    pub counts: Option<Vec<Option<f64>>>,
    #[serde(default)]
    pub persons_by_frequency: Option<Vec<FrequencyGroup>>,
    pub populations: Vec<f64>,
    #[serde(default)]
    pub standard: Option<Vec<f64>>,
    #[serde(default)]
    pub standard_population: StandardPopulation,
    #[serde(default)]
    pub confidence: ConfidenceLevels,
    #[serde(default = "per_100k")]
    pub multiplier: f64,
}

fn per_100k() -> f64 {
    100_000.0
}

impl DsrInput {
    pub fn run(&self) -> Result<DsrEstimate, StatsError> {
        let standard: &[f64] = match (&self.standard, self.standard_population) {
            (Some(s), _) => s,
            (None, StandardPopulation::Esp2013) => &ESP2013,
            (None, StandardPopulation::Esp1976) => &ESP1976,
        };
        let levels = self.confidence.as_slice();
        match (&self.counts, &self.persons_by_frequency) {
            (Some(c), None) => dsr(c, &self.populations, standard, levels, self.multiplier),
            (None, Some(g)) => dsr_non_independent(g, &self.populations, standard, levels, self.multiplier),
            _ => Err(StatsError::new(
                "counts",
                "give exactly one of counts (independent events) or personsByFrequency",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POP: [f64; 19] = [
        636.0, 558.0, 609.0, 543.0, 384.0, 594.0, 669.0, 843.0, 660.0, 576.0, 606.0, 522.0, 426.0, 273.0,
        300.0, 288.0, 153.0, 123.0, 207.0,
    ];

    #[test]
    fn standard_populations_each_total_100000() {
        assert_eq!(ESP2013.iter().sum::<f64>(), 100_000.0);
        assert_eq!(ESP1976.iter().sum::<f64>(), 100_000.0);
    }

    #[test]
    fn dsr_matches_phe_for_the_small_test_area() {
        // PHEindicatormethods testdata_DSR_1 (testdata_small): 110.3212025300104 per 10,000.
        let counts = [12., 4., 3., 2., 3., 4., 8., 2., 2., 3., 4., 5., 6., 8., 5., 6., 5., 5., 4.].map(Some);
        let e = dsr(&counts, &POP, &ESP2013, &[0.95], 10_000.0).unwrap();
        assert!((e.value.unwrap() - 110.321_202_530_010_4).abs() < 1e-9);
        assert!((e.limits[0].lower.unwrap() - 87.745_576_753_670_9).abs() < 1e-9);
    }

    #[test]
    fn dsr_is_suppressed_below_ten_events() {
        let mut counts = [Some(0.0); 19];
        counts[18] = Some(9.0);
        counts[2] = None;
        let e = dsr(&counts, &POP, &ESP2013, &[0.95, 0.998], 100_000.0).unwrap();
        assert!(e.suppressed);
        assert_eq!((e.value, e.limits[1].upper), (None, None));
        assert_eq!(e.total_count, 9.0);
    }

    #[test]
    fn dsr_rejects_a_zero_population_and_mismatched_bands() {
        let mut pop = POP;
        pop[3] = 0.0;
        let err = dsr(&[Some(1.0); 19], &pop, &ESP2013, &[0.95], 1e5).unwrap_err();
        assert_eq!((err.field, err.index), ("populations", Some(3)));
        assert_eq!(dsr(&[Some(1.0); 18], &POP, &ESP2013, &[0.95], 1e5).unwrap_err().field, "counts");
    }

    #[test]
    fn non_independent_events_keep_the_dsr_and_widen_the_interval() {
        let ones: Vec<Option<f64>> = vec![Some(5.0); 19];
        let twos: Vec<Option<f64>> = vec![Some(1.0); 19];
        let groups = [
            FrequencyGroup { events_per_person: 1.0, persons: ones.clone() },
            FrequencyGroup { events_per_person: 2.0, persons: twos },
        ];
        let dependent = dsr_non_independent(&groups, &POP, &ESP2013, &[0.95], 1e5).unwrap();
        let independent = dsr(&vec![Some(7.0); 19], &POP, &ESP2013, &[0.95], 1e5).unwrap();
        assert!((dependent.value.unwrap() - independent.value.unwrap()).abs() < 1e-9);
        assert!(dependent.limits[0].upper.unwrap() > independent.limits[0].upper.unwrap());
    }
}
