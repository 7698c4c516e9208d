//! Recent trends: the marker Fingertips (OHID, formerly PHE) shows beside an indicator to say
//! whether its last five values are going up or down by more than chance. Proportions get a
//! chi-square test for trend on their counts; other values (rates, ratios, means) a weighted
//! regression whose weights come from their 95% confidence intervals. A significant trend counts
//! only when no single point drives it: leaving out any one of the five must not turn the slope
//! around. The metric's polarity then turns "increasing" into "getting better" or "getting worse".
//!
//! References: Office for Health Improvement and Disparities, "Fingertips trend markers", Public
//! Health Technical Guidance (2025); PHEindicatormethods `assign_trend_markers` (2025), whose
//! rules for missing data this module follows; Fingertips' `TrendMarkerCalculator` (the same 99.8%
//! critical value, 9.54953570608324).

use super::Polarity;
use super::{StatsError, proportion::check_counts, z_for_confidence};
use serde::Serialize;

/// Fingertips tests the five most recent values.
pub const POINTS_USED: usize = 5;

/// The critical value: chi-square with 1 degree of freedom at 99.8%, i.e. Φ⁻¹(0.999)² (Fingertips
/// and PHEindicatormethods compare the statistic with 9.5495).
pub const CHI_SQUARE_CRITICAL_998: f64 = 9.549_535_706_083_24;

/// The marker Fingertips shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TrendMarker {
    CannotBeCalculated,
    NoSignificantChange,
    /// A significant rise in a metric with no better direction.
    Increasing,
    /// A significant fall in a metric with no better direction.
    Decreasing,
    IncreasingAndGettingBetter,
    IncreasingAndGettingWorse,
    DecreasingAndGettingBetter,
    DecreasingAndGettingWorse,
}

impl TrendMarker {
    /// The marker for a significant trend going up (`rising`) or down under `polarity`.
    pub fn significant(rising: bool, polarity: Polarity) -> Self {
        match (rising, polarity) {
            (true, Polarity::HigherIsBetter) => Self::IncreasingAndGettingBetter,
            (true, Polarity::LowerIsBetter) => Self::IncreasingAndGettingWorse,
            (true, Polarity::NoJudgement) => Self::Increasing,
            (false, Polarity::HigherIsBetter) => Self::DecreasingAndGettingWorse,
            (false, Polarity::LowerIsBetter) => Self::DecreasingAndGettingBetter,
            (false, Polarity::NoJudgement) => Self::Decreasing,
        }
    }

    /// The words Fingertips uses.
    pub fn label(self) -> &'static str {
        match self {
            Self::CannotBeCalculated => "Could not be calculated",
            Self::NoSignificantChange => "No significant change",
            Self::Increasing => "Increasing",
            Self::Decreasing => "Decreasing",
            Self::IncreasingAndGettingBetter => "Increasing and getting better",
            Self::IncreasingAndGettingWorse => "Increasing and getting worse",
            Self::DecreasingAndGettingBetter => "Decreasing and getting better",
            Self::DecreasingAndGettingWorse => "Decreasing and getting worse",
        }
    }
}

/// Why the marker is what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TrendReason {
    /// Fewer than five values.
    NotEnoughPoints,
    /// A numerator, denominator or value among the last five is missing.
    MissingValues,
    /// A confidence limit among the last five is missing.
    MissingConfidenceLimits,
    /// A proportion among the last five is 0 or 1, where its log-odds (which give the trend's
    /// direction) are infinite.
    ProportionAtZeroOrOne,
    /// Every proportion is 0, or every one is 1: there is nothing to trend.
    NoVariation,
    /// A confidence interval of zero width gives that value infinite weight.
    ZeroWidthInterval,
    /// The statistic is below the 99.8% critical value.
    NoSignificantTrend,
    /// Significant, but leaving out one value turns the slope around.
    OutlierFound,
    /// Significant, and no single value drives it.
    SignificantTrend,
}

/// The outcome for one series.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecentTrend {
    pub marker: TrendMarker,
    pub reason: TrendReason,
    /// The test statistic (chi-square, 1 degree of freedom), when it could be computed.
    pub chi_square: Option<f64>,
    /// The slope per period: of the log-odds for proportions, of the value otherwise.
    pub slope: Option<f64>,
}

impl RecentTrend {
    fn not_calculated(reason: TrendReason) -> Self {
        Self { marker: TrendMarker::CannotBeCalculated, reason, chi_square: None, slope: None }
    }
}

/// The recent trend of a proportion series (one entry per period, oldest first, consecutive and
/// not overlapping, as Fingertips requires). Uses the last five periods, t = 1..5:
///
/// - significance: the chi-square test for trend in proportions (Cochran–Armitage, as R's
///   `prop.trend.test`) with D = Σd, C = Σc:
///   `X² = D (D·Σct − C·Σdt)² / (C (D − C) (D·Σdt² − (Σdt)²))`, significant when X² > 9.5495;
/// - direction: the least-squares slope of the log-odds log(c / (d − c)) on t;
/// - outliers: the slope without each value in turn must keep the sign of the full slope.
///
/// "Cannot be calculated" when there are fewer than five periods, a count among the last five is
/// missing, or a proportion there is 0 or 1 (its log-odds are infinite; Fingertips leaves this
/// case undefined). Counts that are present but invalid (negative, non-finite, a numerator above
/// its denominator, a zero denominator) are an error naming the index; so are slices of unequal
/// length.
pub fn recent_trend_proportion(
    numerators: &[Option<f64>],
    denominators: &[Option<f64>],
    polarity: Polarity,
) -> Result<RecentTrend, StatsError> {
    same_length("denominators", denominators.len(), "numerators", numerators.len())?;
    for (i, (n, d)) in numerators.iter().zip(denominators).enumerate() {
        if let (Some(n), Some(d)) = (n, d) {
            check_counts(*n, *d).map_err(|e| e.at(i))?;
        }
    }
    let Some(recent) = last_five(numerators.len()) else {
        return Ok(RecentTrend::not_calculated(TrendReason::NotEnoughPoints));
    };
    let mut counts = [0.0; POINTS_USED];
    let mut totals = [0.0; POINTS_USED];
    for (k, i) in recent.enumerate() {
        match (numerators[i], denominators[i]) {
            (Some(n), Some(d)) => (counts[k], totals[k]) = (n, d),
            _ => return Ok(RecentTrend::not_calculated(TrendReason::MissingValues)),
        }
    }
    let big_d: f64 = totals.iter().sum();
    let big_c: f64 = counts.iter().sum();
    if big_c == 0.0 || big_c == big_d {
        return Ok(RecentTrend::not_calculated(TrendReason::NoVariation));
    }
    if counts.iter().zip(&totals).any(|(&c, &d)| c == 0.0 || c == d) {
        return Ok(RecentTrend::not_calculated(TrendReason::ProportionAtZeroOrOne));
    }
    let (mut ct, mut dt, mut dt2) = (0.0, 0.0, 0.0);
    for (k, (&c, &d)) in counts.iter().zip(&totals).enumerate() {
        let t = (k + 1) as f64;
        ct += c * t;
        dt += d * t;
        dt2 += d * t * t;
    }
    let chi_square =
        big_d * (big_d * ct - big_c * dt).powi(2) / (big_c * (big_d - big_c) * (big_d * dt2 - dt * dt));
    let log_odds: [f64; POINTS_USED] = std::array::from_fn(|k| (counts[k] / (totals[k] - counts[k])).ln());
    let ones = [1.0; POINTS_USED];
    Ok(judge(chi_square, &log_odds, &ones, polarity))
}

/// The recent trend of any other value with a confidence interval (a rate, ratio, mean, life
/// expectancy...), one entry per period, oldest first. Uses the last five periods, t = 1..5, and
/// a regression weighted by wᵢ = 1/σᵢ² with σᵢ = (upperᵢ − lowerᵢ) / (2·z), z for
/// `interval_confidence` (0.95 for Fingertips' 95% intervals):
///
/// - slope `β = (Σw·Σwtv − Σwt·Σwv) / (Σw·Σwt² − (Σwt)²)`, variance `Σw / (Σw·Σwt² − (Σwt)²)`;
/// - significance: `X² = β² / Var(β)` above 9.5495;
/// - outliers: the slope without each value in turn must keep the sign of the full slope.
///
/// The value's scale (a multiplier such as per 100,000) does not change the result. "Cannot be
/// calculated" when there are fewer than five periods, a value or limit among the last five is
/// missing, or an interval has zero width. A present value or limit that is not finite, or an
/// upper limit below its lower one, is an error naming the index.
pub fn recent_trend_weighted(
    values: &[Option<f64>],
    lower: &[Option<f64>],
    upper: &[Option<f64>],
    interval_confidence: f64,
    polarity: Polarity,
) -> Result<RecentTrend, StatsError> {
    same_length("lower", lower.len(), "values", values.len())?;
    same_length("upper", upper.len(), "values", values.len())?;
    let z = z_for_confidence(interval_confidence)?;
    for (field, column) in [("values", values), ("lower", lower), ("upper", upper)] {
        if let Some(i) = column.iter().position(|v| v.is_some_and(|v| !v.is_finite())) {
            return Err(StatsError::new(field, "must be a finite number or missing").at(i));
        }
    }
    for (i, (l, u)) in lower.iter().zip(upper).enumerate() {
        if let (Some(l), Some(u)) = (l, u)
            && u < l
        {
            return Err(StatsError::new("upper", format!("{u} is below the lower limit {l}")).at(i));
        }
    }
    let Some(recent) = last_five(values.len()) else {
        return Ok(RecentTrend::not_calculated(TrendReason::NotEnoughPoints));
    };
    if recent.clone().any(|i| values[i].is_none()) {
        return Ok(RecentTrend::not_calculated(TrendReason::MissingValues));
    }
    let mut ys = [0.0; POINTS_USED];
    let mut weights = [0.0; POINTS_USED];
    for (k, i) in recent.enumerate() {
        let (Some(v), Some(l), Some(u)) = (values[i], lower[i], upper[i]) else {
            return Ok(RecentTrend::not_calculated(TrendReason::MissingConfidenceLimits));
        };
        if u == l {
            return Ok(RecentTrend::not_calculated(TrendReason::ZeroWidthInterval));
        }
        let sigma = (u - l) / (2.0 * z);
        ys[k] = v;
        weights[k] = 1.0 / (sigma * sigma);
    }
    let fit = weighted_fit(&ys, &weights, None);
    let chi_square = fit.slope * fit.slope / fit.slope_variance;
    Ok(judge(chi_square, &ys, &weights, polarity))
}

/// Significance, outlier check and marker, from the statistic and the (weighted) points the
/// slope is fitted to.
fn judge(chi_square: f64, ys: &[f64], weights: &[f64], polarity: Polarity) -> RecentTrend {
    let slope = weighted_fit(ys, weights, None).slope;
    // A NaN statistic (weights overflowing for a vanishingly narrow interval) is not significant.
    let (marker, reason) = if chi_square.is_nan() || chi_square <= CHI_SQUARE_CRITICAL_998 {
        (TrendMarker::NoSignificantChange, TrendReason::NoSignificantTrend)
    } else if (0..ys.len()).any(|j| sign(weighted_fit(ys, weights, Some(j)).slope) != sign(slope)) {
        (TrendMarker::NoSignificantChange, TrendReason::OutlierFound)
    } else {
        // PHEindicatormethods: `ifelse(beta < 0, "Decreasing", "Increasing")`.
        (TrendMarker::significant(slope >= 0.0, polarity), TrendReason::SignificantTrend)
    };
    RecentTrend { marker, reason, chi_square: Some(chi_square), slope: Some(slope) }
}

struct Fit {
    slope: f64,
    slope_variance: f64,
}

/// Weighted least squares of `ys` on t = 1, 2, ..., leaving out point `skip` if given. With equal
/// weights this is the ordinary least-squares slope Fingertips fits to the log-odds.
fn weighted_fit(ys: &[f64], weights: &[f64], skip: Option<usize>) -> Fit {
    let (mut sw, mut swt, mut swt2, mut swy, mut swty) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for (k, (&y, &w)) in ys.iter().zip(weights).enumerate() {
        if Some(k) == skip {
            continue;
        }
        let t = (k + 1) as f64;
        sw += w;
        swt += w * t;
        swt2 += w * t * t;
        swy += w * y;
        swty += w * t * y;
    }
    let det = sw * swt2 - swt * swt;
    Fit { slope: (sw * swty - swt * swy) / det, slope_variance: sw / det }
}

/// R's `sign`: 0 for zero, so a slope of exactly zero differs from a rising or falling one.
fn sign(x: f64) -> i8 {
    if x > 0.0 {
        1
    } else if x < 0.0 {
        -1
    } else {
        0
    }
}

/// The indices of the last five periods, or `None` when there are fewer.
fn last_five(len: usize) -> Option<std::ops::Range<usize>> {
    len.checked_sub(POINTS_USED).map(|start| start..len)
}

fn same_length(field: &'static str, len: usize, other: &str, other_len: usize) -> Result<(), StatsError> {
    if len == other_len {
        Ok(())
    } else {
        Err(StatsError::new(
            field,
            format!("has {len} entries but {other} has {other_len}: give one per period"),
        ))
    }
}

/// The input of [`recent_trend_proportion`] as JSON or JavaScript gives it.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TrendInput {
    pub numerators: Vec<Option<f64>>,
    pub denominators: Vec<Option<f64>>,
    pub polarity: Polarity,
}

impl TrendInput {
    pub fn run(&self) -> Result<RecentTrend, StatsError> {
        recent_trend_proportion(&self.numerators, &self.denominators, self.polarity)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::distributions::normal_quantile;

    fn some(v: &[f64]) -> Vec<Option<f64>> {
        v.iter().copied().map(Some).collect()
    }

    fn proportion(c: &[f64], d: &[f64], polarity: Polarity) -> RecentTrend {
        recent_trend_proportion(&some(c), &some(d), polarity).unwrap()
    }

    #[test]
    fn the_critical_value_is_chi_square_one_degree_of_freedom_at_99_8_percent() {
        assert!((CHI_SQUARE_CRITICAL_998 - normal_quantile(0.999).powi(2)).abs() < 1e-12);
    }

    #[test]
    fn a_rising_proportion_worked_by_hand_is_increasing_and_getting_better() {
        // c = 10 12 15 20 30 of d = 100 each, t = 1..5.
        // D = 500, C = 87, Σct = 10+24+45+80+150 = 309, Σdt = 1500, Σdt² = 100·55 = 5500.
        // D·Σct − C·Σdt = 154500 − 130500 = 24000; D·Σdt² − (Σdt)² = 2750000 − 2250000 = 500000.
        // X² = 500 · 24000² / (87 · 413 · 500000) = 2.88e11 / 1.79655e10 = 16.0307 > 9.5495.
        // The log-odds rise at every step, so no single point turns the slope around.
        let r = proportion(&[10.0, 12.0, 15.0, 20.0, 30.0], &[100.0; 5], Polarity::HigherIsBetter);
        assert!((r.chi_square.unwrap() - 16.030_725_557_318_19).abs() < 1e-9, "{r:?}");
        assert_eq!(r.marker, TrendMarker::IncreasingAndGettingBetter);
        assert_eq!(r.reason, TrendReason::SignificantTrend);
        assert!(r.slope.unwrap() > 0.0);
        let worse = proportion(&[10.0, 12.0, 15.0, 20.0, 30.0], &[100.0; 5], Polarity::LowerIsBetter);
        assert_eq!(worse.marker, TrendMarker::IncreasingAndGettingWorse);
        let plain = proportion(&[10.0, 12.0, 15.0, 20.0, 30.0], &[100.0; 5], Polarity::NoJudgement);
        assert_eq!(plain.marker, TrendMarker::Increasing);
    }

    #[test]
    fn the_mirror_image_falls_with_the_same_statistic() {
        // Reversing time flips the sign of D·Σct − C·Σdt (to −24000) but not its square.
        let r = proportion(&[30.0, 20.0, 15.0, 12.0, 10.0], &[100.0; 5], Polarity::LowerIsBetter);
        assert!((r.chi_square.unwrap() - 16.030_725_557_318_19).abs() < 1e-9);
        assert_eq!(r.marker, TrendMarker::DecreasingAndGettingBetter);
        let h = proportion(&[30.0, 20.0, 15.0, 12.0, 10.0], &[100.0; 5], Polarity::HigherIsBetter);
        assert_eq!(h.marker, TrendMarker::DecreasingAndGettingWorse);
    }

    #[test]
    fn a_wobbling_proportion_worked_by_hand_shows_no_significant_change() {
        // c = 10 12 11 13 12: C = 58, Σct = 10+24+33+52+60 = 179; 500·179 − 58·1500 = 2500.
        // X² = 500 · 2500² / (58 · 442 · 500000) = 3.125e9 / 1.2818e10 = 0.2438.
        let r = proportion(&[10.0, 12.0, 11.0, 13.0, 12.0], &[100.0; 5], Polarity::HigherIsBetter);
        assert!((r.chi_square.unwrap() - 0.243_797_784_365_735_7).abs() < 1e-12, "{r:?}");
        assert_eq!(r.marker, TrendMarker::NoSignificantChange);
        assert_eq!(r.reason, TrendReason::NoSignificantTrend);
    }

    #[test]
    fn one_outlying_year_cannot_make_a_trend() {
        // c = 14 12 10 8 40: C = 84, Σct = 14+24+30+32+200 = 300; 500·300 − 84·1500 = 24000.
        // X² = 500 · 24000² / (84 · 416 · 500000) = 16.48 > 9.5495 and the full log-odds slope
        // is positive, but without the last year the proportions fall: an outlier.
        let r = proportion(&[14.0, 12.0, 10.0, 8.0, 40.0], &[100.0; 5], Polarity::HigherIsBetter);
        assert!((r.chi_square.unwrap() - 16.483_516_483_516_48).abs() < 1e-9, "{r:?}");
        assert_eq!(r.marker, TrendMarker::NoSignificantChange);
        assert_eq!(r.reason, TrendReason::OutlierFound);
    }

    #[test]
    fn only_the_last_five_periods_count() {
        // Two early periods that would break the trend are ignored.
        let c = [90.0, 1.0, 10.0, 12.0, 15.0, 20.0, 30.0];
        let r = proportion(&c, &[100.0; 7], Polarity::HigherIsBetter);
        assert_eq!(r.marker, TrendMarker::IncreasingAndGettingBetter);
    }

    #[test]
    fn fewer_than_five_points_or_a_missing_count_cannot_be_calculated() {
        let r = proportion(&[10.0, 12.0, 15.0, 20.0], &[100.0; 4], Polarity::HigherIsBetter);
        assert_eq!((r.marker, r.reason), (TrendMarker::CannotBeCalculated, TrendReason::NotEnoughPoints));
        let c = [Some(10.0), Some(12.0), None, Some(20.0), Some(30.0)];
        let r = recent_trend_proportion(&c, &some(&[100.0; 5]), Polarity::HigherIsBetter).unwrap();
        assert_eq!((r.marker, r.reason), (TrendMarker::CannotBeCalculated, TrendReason::MissingValues));
        assert_eq!(r.chi_square, None);
        // A missing count before the last five does not matter.
        let c = [None, Some(10.0), Some(12.0), Some(15.0), Some(20.0), Some(30.0)];
        let r = recent_trend_proportion(&c, &some(&[100.0; 6]), Polarity::HigherIsBetter).unwrap();
        assert_eq!(r.marker, TrendMarker::IncreasingAndGettingBetter);
    }

    #[test]
    fn proportions_of_zero_or_one_cannot_be_calculated() {
        let r = proportion(&[0.0, 12.0, 15.0, 20.0, 30.0], &[100.0; 5], Polarity::HigherIsBetter);
        assert_eq!(r.reason, TrendReason::ProportionAtZeroOrOne);
        let r = proportion(&[0.0; 5], &[100.0; 5], Polarity::HigherIsBetter);
        assert_eq!(r.reason, TrendReason::NoVariation);
    }

    #[test]
    fn invalid_counts_are_errors_naming_the_period() {
        let e =
            recent_trend_proportion(&some(&[1.0, 2.0, 300.0]), &some(&[100.0; 3]), Polarity::HigherIsBetter)
                .unwrap_err();
        assert_eq!((e.field, e.index), ("numerator", Some(2)));
        let e = recent_trend_proportion(&some(&[1.0, 2.0]), &some(&[100.0; 3]), Polarity::HigherIsBetter)
            .unwrap_err();
        assert_eq!(e.field, "denominators");
        let e = recent_trend_proportion(&some(&[1.0]), &some(&[0.0]), Polarity::HigherIsBetter).unwrap_err();
        assert_eq!((e.field, e.index), ("denominator", Some(0)));
    }

    #[test]
    fn a_steadily_rising_rate_worked_by_hand_is_significant() {
        // Values 10 12 14 16 18 with 95% limits v ∓ z, so σ = 2z / 2z = 1 and every weight is 1:
        // β = (5·Σtv − Σt·Σv) / (5·Σt² − (Σt)²) = (5·180 − 15·70) / (275 − 225) = 100 / 50 = 2;
        // Var(β) = 5 / 50 = 0.1; X² = 2² / 0.1 = 40 > 9.5495.
        let z = normal_quantile(0.975);
        let v = [10.0, 12.0, 14.0, 16.0, 18.0];
        let lower: Vec<f64> = v.iter().map(|x| x - z).collect();
        let upper: Vec<f64> = v.iter().map(|x| x + z).collect();
        let r = recent_trend_weighted(&some(&v), &some(&lower), &some(&upper), 0.95, Polarity::LowerIsBetter)
            .unwrap();
        assert!((r.slope.unwrap() - 2.0).abs() < 1e-12, "{r:?}");
        assert!((r.chi_square.unwrap() - 40.0).abs() < 1e-9, "{r:?}");
        assert_eq!(r.marker, TrendMarker::IncreasingAndGettingWorse);
    }

    #[test]
    fn a_flat_rate_worked_by_hand_shows_no_significant_change() {
        // Values 10 10.2 9.9 10.3 10.1, σ = 1: Σv = 50.5, Σtv = 151.8,
        // β = (5·151.8 − 15·50.5) / 50 = 1.5 / 50 = 0.03; X² = 0.0009 / 0.1 = 0.009.
        let z = normal_quantile(0.975);
        let v = [10.0, 10.2, 9.9, 10.3, 10.1];
        let lower: Vec<f64> = v.iter().map(|x| x - z).collect();
        let upper: Vec<f64> = v.iter().map(|x| x + z).collect();
        let r =
            recent_trend_weighted(&some(&v), &some(&lower), &some(&upper), 0.95, Polarity::HigherIsBetter)
                .unwrap();
        assert!((r.chi_square.unwrap() - 0.009).abs() < 1e-9, "{r:?}");
        assert_eq!(r.marker, TrendMarker::NoSignificantChange);
    }

    #[test]
    fn wider_intervals_weigh_a_value_less() {
        // The same rise, but the last value's interval is 100 times wider: with so little weight
        // on the last value the statistic drops.
        let z = normal_quantile(0.975);
        let v = [10.0, 12.0, 14.0, 16.0, 18.0];
        let half = [z, z, z, z, 100.0 * z];
        let lower: Vec<f64> = v.iter().zip(&half).map(|(x, h)| x - h).collect();
        let upper: Vec<f64> = v.iter().zip(&half).map(|(x, h)| x + h).collect();
        let r =
            recent_trend_weighted(&some(&v), &some(&lower), &some(&upper), 0.95, Polarity::HigherIsBetter)
                .unwrap();
        assert!(r.chi_square.unwrap() < 40.0 && r.chi_square.unwrap() > 9.5495, "{r:?}");
    }

    #[test]
    fn missing_or_degenerate_limits_cannot_be_calculated_and_bad_ones_are_errors() {
        let v = some(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        let l = vec![Some(0.0), Some(1.0), None, Some(3.0), Some(4.0)];
        let u = some(&[2.0, 3.0, 4.0, 5.0, 6.0]);
        let r = recent_trend_weighted(&v, &l, &u, 0.95, Polarity::HigherIsBetter).unwrap();
        assert_eq!(r.reason, TrendReason::MissingConfidenceLimits);
        let flat = some(&[2.0, 2.0, 3.0, 4.0, 5.0]);
        let r = recent_trend_weighted(&v, &flat, &u, 0.95, Polarity::HigherIsBetter).unwrap();
        assert_eq!(r.reason, TrendReason::ZeroWidthInterval);
        let e = recent_trend_weighted(&v, &u, &some(&[0.0; 5]), 0.95, Polarity::HigherIsBetter).unwrap_err();
        assert_eq!((e.field, e.index), ("upper", Some(0)));
        let e = recent_trend_weighted(&v, &u, &u, 0.5, Polarity::HigherIsBetter).unwrap_err();
        assert_eq!(e.field, "confidence");
        let nan = vec![Some(1.0), Some(f64::NAN), None, None, None];
        let e = recent_trend_weighted(&nan, &u, &u, 0.95, Polarity::HigherIsBetter).unwrap_err();
        assert_eq!((e.field, e.index), ("values", Some(1)));
    }

    #[test]
    fn markers_serialise_in_snake_case_and_read_as_fingertips_words() {
        let v = serde_json::to_value(TrendMarker::DecreasingAndGettingBetter).unwrap();
        assert_eq!(v, serde_json::json!("decreasing_and_getting_better"));
        assert_eq!(TrendMarker::CannotBeCalculated.label(), "Could not be calculated");
    }
}
