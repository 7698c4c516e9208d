//! Funnel plots as PHE draws them (PHEindicatormethods `calculate_funnel_limits`,
//! `calculate_funnel_points`, `assign_funnel_significance`; PHE Fingertips technical guidance
//! "Funnel plots"). Each area's value is plotted against its size, with control limits around the
//! baseline (the pooled value) that narrow as size grows: 95% ("2 sigma", 0.025 in each tail) and
//! 99.8% ("3 sigma", 0.001 in each tail).
//!
//! - Proportions: the limit at population N is the proportion whose Wilson interval just touches
//!   the baseline p0, in closed form `p0 ± z·√(p0(1-p0)/N)` (PHE's `sigma_adjustment`).
//! - Ratios (O/E): for each observed count O, the expected count E at which O sits exactly on the
//!   limit, from exact Poisson tails (chi-square quantiles).
//! - Rates: the same exact Poisson limits by event count, turned into populations with the
//!   baseline rate.
//!
//! Over-dispersed limits (Spiegelhalter 2005) are in [`super::overdispersion`].

use super::distributions::{chi_squared_quantile, chi_squared_upper_quantile, normal_quantile};
use super::poisson::count_interval_with_z;
use super::{StatsError, check_multiplier};
use serde::{Deserialize, Serialize};

/// Tail probability of PHE's inner ("2 sigma", 95%) limits, in each tail.
pub const TAIL_2S: f64 = 0.025;
/// Tail probability of PHE's outer ("3 sigma", 99.8%) limits, in each tail.
pub const TAIL_3S: f64 = 0.001;

/// PHE's significance labels for a point on a funnel plot (first match wins in the order High
/// (0.001), High (0.025), Low (0.001), Low (0.025)); serialised as PHE writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FunnelSignificance {
    #[serde(rename = "High (0.001)")]
    High001,
    #[serde(rename = "High (0.025)")]
    High025,
    #[serde(rename = "Not significant")]
    NotSignificant,
    #[serde(rename = "Low (0.025)")]
    Low025,
    #[serde(rename = "Low (0.001)")]
    Low001,
    /// PHE does not judge DSRs from fewer than 10 events.
    #[serde(rename = "Not applicable for events less than 10 for dsrs")]
    NotApplicableDsrUnder10,
}

impl FunnelSignificance {
    /// The label PHE prints.
    pub fn label(self) -> &'static str {
        match self {
            FunnelSignificance::High001 => "High (0.001)",
            FunnelSignificance::High025 => "High (0.025)",
            FunnelSignificance::NotSignificant => "Not significant",
            FunnelSignificance::Low025 => "Low (0.025)",
            FunnelSignificance::Low001 => "Low (0.001)",
            FunnelSignificance::NotApplicableDsrUnder10 => "Not applicable for events less than 10 for dsrs",
        }
    }
}

/// The critical values of the 2s and 3s limits: qnorm(0.975) and qnorm(0.999).
fn z_2s_3s() -> (f64, f64) {
    (normal_quantile(1.0 - TAIL_2S), normal_quantile(1.0 - TAIL_3S))
}

// ---------------------------------------------------------------------------------------------
// Proportions

/// The proportion funnel limits at population `n` around baseline `p0` for critical value `z`, on
/// the proportion scale and neither floored nor capped: `p0 ± z·√(p0(1-p0)/n)`. This is the closed
/// form of PHE's `sigma_adjustment` (the proportion whose Wilson score interval has `p0` as its
/// bound), rewritten without the quadratic's cancellation.
pub fn proportion_limits_raw(n: f64, p0: f64, z: f64) -> (f64, f64) {
    let half = z * (p0 * (1.0 - p0) / n).sqrt();
    (p0 - half, p0 + half)
}

/// One row of a proportion funnel: PHE's 2s (95%) and 3s (99.8%) limits and the baseline, all
/// times the multiplier, lower limits floored at 0 and upper limits capped at 1 × multiplier.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProportionFunnelRow {
    pub population: f64,
    pub lower_2s_limit: f64,
    pub upper_2s_limit: f64,
    pub lower_3s_limit: f64,
    pub upper_3s_limit: f64,
    pub baseline: f64,
}

/// The proportion funnel limits at `population` around baseline `p0` (0 to 1), times `multiplier`.
/// PHE caps upper limits at 100 whatever the multiplier; we cap at 1 × multiplier (the same for the
/// usual percentage, and right for a multiplier of 1).
pub fn proportion_funnel_row(
    population: f64,
    p0: f64,
    multiplier: f64,
) -> Result<ProportionFunnelRow, StatsError> {
    check_baseline_proportion(p0)?;
    check_multiplier(multiplier)?;
    if !(population.is_finite() && population > 0.0) {
        return Err(StatsError::new("population", format!("must be finite and above 0, got {population}")));
    }
    let (z2, z3) = z_2s_3s();
    Ok(proportion_row_with_z(population, p0, multiplier, z2, z3))
}

fn proportion_row_with_z(population: f64, p0: f64, multiplier: f64, z2: f64, z3: f64) -> ProportionFunnelRow {
    let (l2, u2) = proportion_limits_raw(population, p0, z2);
    let (l3, u3) = proportion_limits_raw(population, p0, z3);
    ProportionFunnelRow {
        population,
        lower_2s_limit: (l2 * multiplier).max(0.0),
        upper_2s_limit: (u2 * multiplier).min(multiplier),
        lower_3s_limit: (l3 * multiplier).max(0.0),
        upper_3s_limit: (u3 * multiplier).min(multiplier),
        baseline: p0 * multiplier,
    }
}

fn check_baseline_proportion(p0: f64) -> Result<(), StatsError> {
    if (0.0..=1.0).contains(&p0) {
        Ok(())
    } else {
        Err(StatsError::new("baseline", format!("must be a proportion from 0 to 1, got {p0}")))
    }
}

/// PHE's significance for a proportion `numerator/denominator` against baseline `p0`: below the
/// 3s lower limit, below the 2s lower limit, above the 3s upper limit, above the 2s upper limit
/// (strict comparisons, unfloored limits), else not significant.
pub fn proportion_significance(numerator: f64, denominator: f64, p0: f64) -> FunnelSignificance {
    let (z2, z3) = z_2s_3s();
    proportion_significance_with_z(numerator / denominator, denominator, p0, z2, z3)
}

fn proportion_significance_with_z(p: f64, n: f64, p0: f64, z2: f64, z3: f64) -> FunnelSignificance {
    let (l3, u3) = proportion_limits_raw(n, p0, z3);
    let (l2, u2) = proportion_limits_raw(n, p0, z2);
    if p < l3 {
        FunnelSignificance::Low001
    } else if p < l2 {
        FunnelSignificance::Low025
    } else if p > u3 {
        FunnelSignificance::High001
    } else if p > u2 {
        FunnelSignificance::High025
    } else {
        FunnelSignificance::NotSignificant
    }
}

// ---------------------------------------------------------------------------------------------
// Ratios and rates: exact Poisson limits by event count

/// The Poisson means at which `events` sits exactly on PHE's limits with tail probability `tail`:
/// `.0` is the mean with P(X ≤ events) = tail (the exact upper limit, qchisq(1 - tail, 2E + 2)/2),
/// `.1` the mean with P(X ≥ events) = tail (the exact lower limit, qchisq(tail, 2E)/2). PHE finds
/// these by bisection (`poisson_funnel`); the chi-square form is exact.
pub fn poisson_funnel_means(events: f64, tail: f64) -> (f64, f64) {
    (
        chi_squared_upper_quantile(tail, 2.0 * events + 2.0) / 2.0,
        chi_squared_quantile(tail, 2.0 * events) / 2.0,
    )
}

/// One row of a ratio funnel by observed events O: the expected counts E at which O is on each
/// limit, and the limits as O/E (`*_ratio`), O/E - 1 (PHE ratio_type "count") and O/E × 100 (PHE
/// ratio_type "isr").
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RatioFunnelRow {
    pub observed_events: f64,
    pub lower_2s_exp_events: f64,
    pub upper_2s_exp_events: f64,
    pub lower_3s_exp_events: f64,
    pub upper_3s_exp_events: f64,
    pub lower_2s_ratio: f64,
    pub upper_2s_ratio: f64,
    pub lower_3s_ratio: f64,
    pub upper_3s_ratio: f64,
}

/// The ratio funnel row for `observed` events (> 0).
pub fn ratio_funnel_row(observed: f64) -> Result<RatioFunnelRow, StatsError> {
    if !(observed.is_finite() && observed > 0.0) {
        return Err(StatsError::new(
            "observedEvents",
            format!("must be a finite count above 0, got {observed}"),
        ));
    }
    let (lo2, up2) = poisson_funnel_means(observed, TAIL_2S);
    let (lo3, up3) = poisson_funnel_means(observed, TAIL_3S);
    Ok(RatioFunnelRow {
        observed_events: observed,
        lower_2s_exp_events: lo2,
        upper_2s_exp_events: up2,
        lower_3s_exp_events: lo3,
        upper_3s_exp_events: up3,
        lower_2s_ratio: observed / lo2,
        upper_2s_ratio: observed / up2,
        lower_3s_ratio: observed / lo3,
        upper_3s_ratio: observed / up3,
    })
}

/// PHE's significance for a ratio O/E against a target of 1: high when 1 is below the lower limit
/// of O/E, low when above the upper limit, at 99.8% first then 95%; the limits are the count's
/// (exact below 10 events, Byars from 10; lower 0 when O = 0) divided by E.
pub fn ratio_significance(observed: f64, expected: f64) -> FunnelSignificance {
    count_significance(observed, expected, 1.0)
}

/// Significance of a count against `target × denominator` (ratio: denominator E and target 1; rate:
/// denominator the population and target the per-person average).
fn count_significance(count: f64, denominator: f64, target: f64) -> FunnelSignificance {
    let (z2, z3) = z_2s_3s();
    let (ci3, _) = count_interval_with_z(count, 1.0 - 2.0 * TAIL_3S, z3);
    let (ci2, _) = count_interval_with_z(count, 1.0 - 2.0 * TAIL_2S, z2);
    let (l3, u3) = (ci3.lower / denominator, ci3.upper / denominator);
    let (l2, u2) = (ci2.lower / denominator, ci2.upper / denominator);
    if target < l3 {
        FunnelSignificance::High001
    } else if target < l2 {
        FunnelSignificance::High025
    } else if target > u3 {
        FunnelSignificance::Low001
    } else if target > u2 {
        FunnelSignificance::Low025
    } else {
        FunnelSignificance::NotSignificant
    }
}

/// Whether the rates on a rate funnel are directly standardised or crude.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RateType {
    Dsr,
    Crude,
}

/// PHE's derived denominator for a rate: `multiplier × numerator / rate`; with no events, none for
/// a DSR and the supplied denominator for a crude rate.
pub fn derived_denominator(
    numerator: f64,
    rate: Option<f64>,
    denominator: Option<f64>,
    rate_type: RateType,
    multiplier: f64,
) -> Option<f64> {
    if numerator == 0.0 {
        return match rate_type {
            RateType::Dsr => None,
            RateType::Crude => denominator,
        };
    }
    rate.map(|r| multiplier * numerator / r).filter(|d| d.is_finite())
}

/// PHE's significance for a rate: the count's limits over its derived denominator against the
/// weighted average per person, as [`ratio_significance`]; DSRs from fewer than 10 events are
/// "not applicable".
pub fn rate_significance(
    count: f64,
    derived_denominator: Option<f64>,
    weighted_average_per_person: f64,
    rate_type: RateType,
) -> FunnelSignificance {
    if rate_type == RateType::Dsr && count < 10.0 {
        return FunnelSignificance::NotApplicableDsrUnder10;
    }
    match derived_denominator {
        Some(d) if d > 0.0 => count_significance(count, d, weighted_average_per_person),
        _ => FunnelSignificance::NotSignificant,
    }
}

/// One row of a rate funnel by event count E: the populations (per year) at which E events sit on
/// each limit, the limits as rates per multiplier, and the baseline rate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RateFunnelRow {
    pub events: f64,
    pub lower_2s_population_1_year: f64,
    pub lower_2s_limit: f64,
    pub upper_2s_population_1_year: f64,
    pub upper_2s_limit: f64,
    pub lower_3s_population_1_year: f64,
    pub lower_3s_limit: f64,
    pub upper_3s_population_1_year: f64,
    pub upper_3s_limit: f64,
    pub baseline: f64,
}

/// The rate funnel row for `events` (> 0) around `baseline_per_person` (events per person over the
/// whole period), per `multiplier`, with populations divided by `years_of_data`.
pub fn rate_funnel_row(
    events: f64,
    baseline_per_person: f64,
    multiplier: f64,
    years_of_data: f64,
) -> Result<RateFunnelRow, StatsError> {
    if !(events.is_finite() && events > 0.0) {
        return Err(StatsError::new("events", format!("must be a finite count above 0, got {events}")));
    }
    if !(baseline_per_person.is_finite() && baseline_per_person > 0.0) {
        return Err(StatsError::new(
            "baseline",
            format!("must be a rate per person above 0, got {baseline_per_person}"),
        ));
    }
    check_multiplier(multiplier)?;
    check_years(years_of_data)?;
    let a = baseline_per_person;
    let (lo2, up2) = poisson_funnel_means(events, TAIL_2S);
    let (lo3, up3) = poisson_funnel_means(events, TAIL_3S);
    let limit = |mean: f64| events / (mean / a) * multiplier;
    let per_year = |mean: f64| mean / a / years_of_data;
    Ok(RateFunnelRow {
        events,
        lower_2s_population_1_year: per_year(lo2),
        lower_2s_limit: limit(lo2),
        upper_2s_population_1_year: per_year(up2),
        upper_2s_limit: limit(up2),
        lower_3s_population_1_year: per_year(lo3),
        lower_3s_limit: limit(lo3),
        upper_3s_population_1_year: per_year(up3),
        upper_3s_limit: limit(up3),
        baseline: a * multiplier,
    })
}

fn check_years(years: f64) -> Result<(), StatsError> {
    if years.is_finite() && years > 0.0 {
        Ok(())
    } else {
        Err(StatsError::new("yearsOfData", format!("must be a number of years above 0, got {years}")))
    }
}

/// A point on a rate funnel: the rate to chart and the population per year it is plotted at.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RateFunnelPoint {
    pub rate_chart: Option<f64>,
    pub denominator_derived: Option<f64>,
}

/// PHE's `calculate_funnel_points` for one area: DSRs from fewer than 10 events are not charted;
/// the population per year is `multiplier × numerator / rate / years`, or the supplied
/// denominator / years for a crude rate with no events.
pub fn rate_funnel_point(
    numerator: f64,
    rate: Option<f64>,
    denominator: Option<f64>,
    rate_type: RateType,
    multiplier: f64,
    years_of_data: f64,
) -> Result<RateFunnelPoint, StatsError> {
    if !(numerator.is_finite() && numerator >= 0.0) {
        return Err(StatsError::new(
            "numerator",
            format!("must be a finite count of at least 0, got {numerator}"),
        ));
    }
    check_multiplier(multiplier)?;
    check_years(years_of_data)?;
    if rate_type == RateType::Dsr && numerator < 10.0 {
        return Ok(RateFunnelPoint { rate_chart: None, denominator_derived: None });
    }
    let derived = if rate_type == RateType::Crude && numerator == 0.0 && denominator.is_some() {
        denominator
    } else {
        rate.map(|r| multiplier * numerator / r).filter(|d| d.is_finite())
    };
    Ok(RateFunnelPoint { rate_chart: rate, denominator_derived: derived.map(|d| d / years_of_data) })
}

// ---------------------------------------------------------------------------------------------
// The x-axis grid

/// Which funnel a grid is for: the statistic decides the axis quantity and one detail of the
/// spacing (ratios step the exponent one place earlier).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FunnelStatistic {
    Proportion,
    Ratio,
    Rate,
}

/// The number of characters R prints for a whole number (`nchar(x)`), which PHE's axis rounding
/// uses: R writes 100000 as "1e+05" (5 characters), choosing scientific notation whenever it is
/// narrower than fixed notation.
fn r_nchar_whole(x: f64) -> usize {
    let negative = x < 0.0;
    let digits = format!("{:.0}", x.abs());
    let fixed = digits.len() + usize::from(negative);
    let significant = digits.trim_end_matches('0').len().max(1);
    let exponent = digits.len() - 1;
    let mantissa = if significant == 1 { 1 } else { significant + 1 };
    let scientific = mantissa + if exponent >= 100 { 5 } else { 4 } + usize::from(negative);
    if fixed <= scientific { fixed } else { scientific }
}

/// PHE's `signif.floor`: 95% of x rounded down to one significant figure.
fn signif_floor(x: f64) -> f64 {
    if x == 0.0 {
        return 0.0;
    }
    let n = r_nchar_whole((x * 0.95).floor()) as i32 - 1;
    let scale = 10f64.powi(n);
    (x * 0.95 / scale).floor() * scale
}

/// PHE's `signif.ceiling`: 105% of x rounded up to two significant figures.
fn signif_ceiling(x: f64) -> f64 {
    if x == 0.0 {
        return 0.0;
    }
    let n = r_nchar_whole((x * 1.05).ceil()) as i32 - 2;
    let scale = 10f64.powi(n);
    (x * 1.05 / scale).ceil() * scale
}

/// Rounds half away from zero to a whole number, as R's `round` does for the grid's values (which
/// are never exactly halfway in practice).
fn round_whole(x: f64) -> f64 {
    x.round()
}

/// PHE's 100-point x-axis for drawing funnel limits (`calculate_funnel_limits`): from
/// max(1, axis minimum) to the axis maximum, spaced geometrically and at least 1 apart. The axis
/// minimum is 0 when the largest denominator is over twice the smallest, else 95% of the smallest
/// rounded down to one significant figure; the maximum is 105% of the largest rounded up to two.
/// For rates the denominators (derived, over the whole period) are taken per year for rounding,
/// and the axis is converted to events with `baseline_per_person` (floor/ceiling).
pub fn phe_axis_grid(
    statistic: FunnelStatistic,
    min_denominator: f64,
    max_denominator: f64,
    years_of_data: Option<f64>,
    baseline_per_person: Option<f64>,
) -> Result<Vec<f64>, StatsError> {
    if !(min_denominator.is_finite() && min_denominator > 0.0) {
        return Err(StatsError::new("minDenominator", format!("must be above 0, got {min_denominator}")));
    }
    if !(max_denominator.is_finite() && max_denominator >= min_denominator) {
        return Err(StatsError::new(
            "maxDenominator",
            format!("must be at least the minimum {min_denominator}, got {max_denominator}"),
        ));
    }
    let (mut axis_min, mut axis_max) = match statistic {
        FunnelStatistic::Rate => {
            let years = years_of_data.ok_or_else(|| StatsError::new("yearsOfData", "is needed for rates"))?;
            check_years(years)?;
            let min = if max_denominator > 2.0 * min_denominator {
                0.0
            } else {
                signif_floor(min_denominator / years) * years
            };
            (min, signif_ceiling(max_denominator / years) * years)
        }
        _ => {
            let min =
                if max_denominator > 2.0 * min_denominator { 0.0 } else { signif_floor(min_denominator) };
            (min, signif_ceiling(max_denominator))
        }
    };
    if statistic == FunnelStatistic::Rate {
        let a = baseline_per_person.filter(|a| a.is_finite() && *a > 0.0).ok_or_else(|| {
            StatsError::new("baseline", "a rate grid needs a baseline rate per person above 0")
        })?;
        axis_min = (axis_min * a).floor();
        axis_max = (axis_max * a).ceil();
    }
    let mut grid = Vec::with_capacity(100);
    grid.push(axis_min.max(1.0));
    for j in 2..=100u32 {
        let offset = if statistic == FunnelStatistic::Ratio { j - 1 } else { j };
        let prev = grid[grid.len() - 1];
        let step = round_whole((axis_max / prev).powf(1.0 / f64::from(101 - offset)) * prev);
        grid.push(step.max(prev + 1.0));
    }
    Ok(grid)
}

// ---------------------------------------------------------------------------------------------
// Whole funnels for a set of areas

/// A proportion funnel for a set of areas: the baseline, PHE's limit curves on its axis grid, and
/// each area's significance.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProportionFunnel {
    pub baseline: f64,
    pub curve: Vec<ProportionFunnelRow>,
    pub significance: Vec<Option<FunnelSignificance>>,
    pub missing: usize,
}

/// PHE's proportion funnel: baseline p0 = Σnumerators/Σdenominators over the areas with both,
/// limit curves on [`phe_axis_grid`], and each area's significance (`None` where an input is
/// missing). Errors name the bad row.
pub fn proportion_funnel(
    numerators: &[Option<f64>],
    denominators: &[Option<f64>],
    multiplier: f64,
) -> Result<ProportionFunnel, StatsError> {
    super::check_same_length("denominators", denominators.len(), numerators.len())?;
    check_multiplier(multiplier)?;
    let (mut sum_x, mut sum_n, mut min_n, mut max_n, mut missing) = (0.0, 0.0, f64::INFINITY, 0.0_f64, 0);
    for (i, (&x, &n)) in numerators.iter().zip(denominators).enumerate() {
        let x = super::check_count(x, "numerators", i)?;
        let n = super::check_positive(n, "denominators", i)?;
        match (x, n) {
            (Some(x), Some(n)) => {
                if x > n {
                    return Err(StatsError::new(
                        "numerators",
                        format!("{x} is larger than the denominator {n}"),
                    )
                    .at(i));
                }
                sum_x += x;
                sum_n += n;
                min_n = min_n.min(n);
                max_n = max_n.max(n);
            }
            _ => missing += 1,
        }
    }
    if sum_n <= 0.0 {
        return Err(StatsError::new(
            "denominators",
            "needs at least one row with a numerator and denominator",
        ));
    }
    let p0 = sum_x / sum_n;
    let (z2, z3) = z_2s_3s();
    let grid = phe_axis_grid(FunnelStatistic::Proportion, min_n, max_n, None, None)?;
    let curve = grid.iter().map(|&n| proportion_row_with_z(n, p0, multiplier, z2, z3)).collect();
    let significance = numerators
        .iter()
        .zip(denominators)
        .map(|(&x, &n)| Some(proportion_significance_with_z(x? / n?, n?, p0, z2, z3)))
        .collect();
    Ok(ProportionFunnel { baseline: p0 * multiplier, curve, significance, missing })
}

/// The input of [`proportion_funnel`] as JSON or JavaScript gives it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProportionFunnelInput {
    pub numerators: Vec<Option<f64>>,
    pub denominators: Vec<Option<f64>>,
    #[serde(default = "hundred")]
    pub multiplier: f64,
}

fn hundred() -> f64 {
    100.0
}

impl ProportionFunnelInput {
    pub fn run(&self) -> Result<ProportionFunnel, StatsError> {
        proportion_funnel(&self.numerators, &self.denominators, self.multiplier)
    }
}

/// A ratio (O/E) funnel for a set of areas: PHE's limit curves by observed events and each area's
/// significance against a target of 1.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RatioFunnel {
    pub curve: Vec<RatioFunnelRow>,
    pub significance: Vec<Option<FunnelSignificance>>,
    pub missing: usize,
}

/// PHE's ratio funnel: curves on the axis grid built from the smallest and largest expected counts,
/// and [`ratio_significance`] for each area (`None` where an input is missing).
pub fn ratio_funnel(observed: &[Option<f64>], expected: &[Option<f64>]) -> Result<RatioFunnel, StatsError> {
    super::check_same_length("expected", expected.len(), observed.len())?;
    let (mut min_e, mut max_e, mut missing) = (f64::INFINITY, 0.0_f64, 0);
    let mut significance = Vec::with_capacity(observed.len());
    for (i, (&o, &e)) in observed.iter().zip(expected).enumerate() {
        let o = super::check_count(o, "observed", i)?;
        let e = super::check_positive(e, "expected", i)?;
        match (o, e) {
            (Some(o), Some(e)) => {
                min_e = min_e.min(e);
                max_e = max_e.max(e);
                significance.push(Some(ratio_significance(o, e)));
            }
            _ => {
                missing += 1;
                significance.push(None);
            }
        }
    }
    if !min_e.is_finite() {
        return Err(StatsError::new("expected", "needs at least one row with observed and expected"));
    }
    let grid = phe_axis_grid(FunnelStatistic::Ratio, min_e, max_e, None, None)?;
    let curve = grid.into_iter().map(ratio_funnel_row).collect::<Result<_, _>>()?;
    Ok(RatioFunnel { curve, significance, missing })
}

/// The input of [`ratio_funnel`] as JSON or JavaScript gives it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RatioFunnelInput {
    pub observed: Vec<Option<f64>>,
    pub expected: Vec<Option<f64>>,
}

impl RatioFunnelInput {
    pub fn run(&self) -> Result<RatioFunnel, StatsError> {
        ratio_funnel(&self.observed, &self.expected)
    }
}

/// A rate funnel for a set of areas: the baseline, PHE's limit curves by events, each area's point
/// and significance.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RateFunnel {
    /// Σ events / Σ derived denominators, per person over the whole period.
    pub baseline_per_person: f64,
    pub curve: Vec<RateFunnelRow>,
    pub points: Vec<RateFunnelPoint>,
    pub significance: Vec<FunnelSignificance>,
}

/// PHE's rate funnel (`calculate_funnel_limits`, `calculate_funnel_points` and
/// `assign_funnel_significance` for statistic "rate"): denominators derived from the rates
/// ([`derived_denominator`]), baseline Σ numerators / Σ derived denominators, curves on the rate
/// axis grid. A crude rate with no events needs its denominator.
pub fn rate_funnel(
    numerators: &[f64],
    rates: &[Option<f64>],
    denominators: Option<&[Option<f64>]>,
    rate_type: RateType,
    multiplier: f64,
    years_of_data: f64,
) -> Result<RateFunnel, StatsError> {
    check_multiplier(multiplier)?;
    check_years(years_of_data)?;
    super::check_same_length("rates", rates.len(), numerators.len())?;
    if let Some(d) = denominators {
        super::check_same_length("denominators", d.len(), numerators.len())?;
    }
    let mut derived = Vec::with_capacity(numerators.len());
    let (mut sum_events, mut sum_derived, mut min_d, mut max_d) = (0.0, 0.0, f64::INFINITY, 0.0_f64);
    for (i, &x) in numerators.iter().enumerate() {
        if !(x.is_finite() && x >= 0.0) {
            return Err(StatsError::new(
                "numerators",
                format!("must be a finite count of at least 0, got {x}"),
            )
            .at(i));
        }
        let rate = super::check_positive(rates[i], "rates", i)
            .or_else(|e| if x == 0.0 { Ok(None) } else { Err(e) })?;
        let denominator = match denominators {
            Some(d) => super::check_positive(d[i], "denominators", i)?,
            None => None,
        };
        if x == 0.0 && rate_type == RateType::Crude && denominator.is_none() {
            return Err(StatsError::new(
                "denominators",
                "a crude rate with no events needs its denominator to place it on the funnel",
            )
            .at(i));
        }
        let d = derived_denominator(x, rate, denominator, rate_type, multiplier);
        sum_events += x;
        if let Some(d) = d {
            sum_derived += d;
            min_d = min_d.min(d);
            max_d = max_d.max(d);
        }
        derived.push(d);
    }
    if sum_derived <= 0.0 || sum_events <= 0.0 {
        return Err(StatsError::new("numerators", "a rate funnel needs at least one area with events"));
    }
    let a = sum_events / sum_derived;
    let grid = phe_axis_grid(FunnelStatistic::Rate, min_d, max_d, Some(years_of_data), Some(a))?;
    let curve = grid
        .into_iter()
        .map(|e| rate_funnel_row(e, a, multiplier, years_of_data))
        .collect::<Result<_, _>>()?;
    let points = (0..numerators.len())
        .map(|i| {
            let denominator = denominators.and_then(|d| d[i]);
            rate_funnel_point(numerators[i], rates[i], denominator, rate_type, multiplier, years_of_data)
        })
        .collect::<Result<_, _>>()?;
    let significance =
        numerators.iter().zip(&derived).map(|(&x, &d)| rate_significance(x, d, a, rate_type)).collect();
    Ok(RateFunnel { baseline_per_person: a, curve, points, significance })
}

/// The input of [`rate_funnel`] as JSON or JavaScript gives it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RateFunnelInput {
    pub numerators: Vec<f64>,
    pub rates: Vec<Option<f64>>,
    #[serde(default)]
    pub denominators: Option<Vec<Option<f64>>>,
    pub rate_type: RateType,
    pub multiplier: f64,
    pub years_of_data: f64,
}

impl RateFunnelInput {
    pub fn run(&self) -> Result<RateFunnel, StatsError> {
        rate_funnel(
            &self.numerators,
            &self.rates,
            self.denominators.as_deref(),
            self.rate_type,
            self.multiplier,
            self.years_of_data,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proportion_limit_is_the_proportion_whose_wilson_interval_touches_the_baseline() {
        let (n, p0, z) = (250.0, 0.3, 1.959_963_984_540_054);
        let (_, upper) = proportion_limits_raw(n, p0, z);
        let ci = crate::stats::proportion::wilson_with_z(upper * n, n, z);
        assert!((ci.lower - p0).abs() < 1e-12, "{ci:?}");
    }

    #[test]
    fn proportion_funnel_row_floors_and_caps_the_limits() {
        let r = proportion_funnel_row(2.0, 0.806_424_478_571_495, 100.0).unwrap();
        assert_eq!((r.upper_2s_limit, r.lower_3s_limit), (100.0, 0.0));
        // PHE testFunnels: 25.885383 at population 2.
        assert!((r.lower_2s_limit - 25.885_383).abs() < 1e-6);
    }

    #[test]
    fn ratio_funnel_for_three_events_matches_phe() {
        // PHE testdata_funnel_ratio: O = 3 -> lower 2s expected events 8.767273828.
        let r = ratio_funnel_row(3.0).unwrap();
        assert!((r.lower_2s_exp_events - 8.767_273_828).abs() < 1e-6);
        assert!((r.upper_2s_exp_events - 0.618_671_905).abs() < 1e-6);
    }

    #[test]
    fn ratio_significance_uses_exact_limits_below_ten_events() {
        // 0 observed where 5 expected: upper 95% limit 3.689/5 < 1, upper 99.8% 6.908/5 > 1.
        assert_eq!(ratio_significance(0.0, 5.0), FunnelSignificance::Low025);
        assert_eq!(ratio_significance(6.0, 6.0), FunnelSignificance::NotSignificant);
        assert_eq!(ratio_significance(60.0, 20.0), FunnelSignificance::High001);
    }

    #[test]
    fn dsr_rates_from_few_events_are_not_judged() {
        let s = rate_significance(5.0, Some(1000.0), 0.001, RateType::Dsr);
        assert_eq!(s, FunnelSignificance::NotApplicableDsrUnder10);
        assert_eq!(serde_json::to_string(&FunnelSignificance::High001).unwrap(), "\"High (0.001)\"");
    }

    #[test]
    fn r_prints_round_hundred_thousands_in_scientific_notation() {
        assert_eq!(r_nchar_whole(100_000.0), 5); // "1e+05"
        assert_eq!(r_nchar_whole(110_000.0), 6); // "110000"
        assert_eq!(r_nchar_whole(1_200_000.0), 7); // "1200000" (ties go to fixed)
        assert_eq!(r_nchar_whole(7.0), 1);
        assert_eq!(r_nchar_whole(0.0), 1);
    }

    #[test]
    fn axis_grid_climbs_from_one_to_the_rounded_maximum() {
        let g = phe_axis_grid(FunnelStatistic::Proportion, 16_386.0, 102_950.0, None, None).unwrap();
        assert_eq!(g.len(), 100);
        assert_eq!((g[0], g[99]), (1.0, 110_000.0));
        assert!(g.windows(2).all(|w| w[1] >= w[0] + 1.0));
    }

    #[test]
    fn rate_funnel_pools_events_over_derived_denominators() {
        // Two areas: 100 events at 50 per 100,000 (200,000 people) and 300 at 150 (200,000).
        let f = rate_funnel(&[100.0, 300.0], &[Some(50.0), Some(150.0)], None, RateType::Crude, 1e5, 1.0)
            .unwrap();
        assert!((f.baseline_per_person - 0.001).abs() < 1e-15);
        assert_eq!(f.significance, vec![FunnelSignificance::Low001, FunnelSignificance::High001]);
        assert_eq!(f.curve.len(), 100);
        let err = rate_funnel(&[0.0], &[None], None, RateType::Crude, 1e5, 1.0).unwrap_err();
        assert_eq!((err.field, err.index), ("denominators", Some(0)));
    }

    #[test]
    fn ratio_funnel_flags_each_area_against_one() {
        let f = ratio_funnel(&[Some(30.0), Some(10.0), None], &[Some(10.0), Some(10.0), Some(4.0)]).unwrap();
        assert_eq!(f.significance[0], Some(FunnelSignificance::High001));
        assert_eq!(f.significance[1], Some(FunnelSignificance::NotSignificant));
        assert_eq!((f.significance[2], f.missing), (None, 1));
    }

    #[test]
    fn proportion_funnel_pools_the_baseline_and_flags_outliers() {
        let x = [Some(50.0), Some(500.0), Some(900.0), None];
        let n = [Some(100.0), Some(1000.0), Some(1000.0), Some(10.0)];
        let f = proportion_funnel(&x, &n, 100.0).unwrap();
        assert!((f.baseline - 1450.0 / 2100.0 * 100.0).abs() < 1e-12);
        assert_eq!(f.missing, 1);
        assert_eq!(f.significance[2], Some(FunnelSignificance::High001));
        assert_eq!(f.significance[3], None);
        let err = proportion_funnel(&[Some(5.0)], &[Some(4.0)], 100.0).unwrap_err();
        assert_eq!((err.field, err.index), ("numerators", Some(0)));
    }
}
