//! The distribution's model: every organisation of the population with its value over the range,
//! in ascending order, the five numbers of those values (quartiles by R's type 7, as R, NumPy and
//! Excel's `QUARTILE.INC`, [`crate::stats::quantile`]), and each point's quarter and percentile
//! rank, computed once so the chart, its tooltips and its table agree.

use super::compare::figures;
use super::selection::Selection;
use crate::data::{Metric, Polarity};
pub use crate::stats::quantile::FiveNumbers;
use crate::stats::quantile::{QuantileMethod, five_numbers_sorted};

/// Where a value lies among the quartiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quarter {
    /// Below the lower quartile.
    Lowest,
    /// From the lower quartile up to (not including) the median.
    LowerMiddle,
    /// Exactly on the median.
    AtMedian,
    /// Above the median, up to the upper quartile.
    UpperMiddle,
    /// Above the upper quartile.
    Highest,
}

impl Quarter {
    /// The quarter of `value` among `five`: below Q1 is the lowest, above Q3 the highest, and a
    /// value on Q1 or Q3 belongs to the middle quarter next to it.
    pub fn of(value: f64, five: &FiveNumbers) -> Self {
        if value < five.q1 {
            Quarter::Lowest
        } else if value > five.q3 {
            Quarter::Highest
        } else if value < five.median {
            Quarter::LowerMiddle
        } else if value > five.median {
            Quarter::UpperMiddle
        } else {
            Quarter::AtMedian
        }
    }

    /// "in the highest quarter", with "(best)" or "(worst)" where the metric has a polarity and
    /// the quarter is at an end.
    pub fn words(self, polarity: Polarity) -> String {
        let base = match self {
            Quarter::Lowest => "in the lowest quarter",
            Quarter::LowerMiddle => "in the second-lowest quarter",
            Quarter::AtMedian => "at the median",
            Quarter::UpperMiddle => "in the second-highest quarter",
            Quarter::Highest => "in the highest quarter",
        };
        let judged = match (self, polarity) {
            (Quarter::Highest, Polarity::HigherIsBetter) | (Quarter::Lowest, Polarity::LowerIsBetter) => {
                " (best)"
            }
            (Quarter::Lowest, Polarity::HigherIsBetter) | (Quarter::Highest, Polarity::LowerIsBetter) => {
                " (worst)"
            }
            _ => "",
        };
        format!("{base}{judged}")
    }
}

/// One organisation's value and where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct DistributionPoint {
    pub code: String,
    pub name: String,
    /// On the shown scale (a percentage for a proportion with multiplier 100).
    pub value: f64,
    pub peer: bool,
    pub focus: bool,
    pub quarter: Quarter,
    /// The share of values below plus half the share equal, 0 to 100 (the mid-rank definition
    /// of [`crate::stats::quantile::percentile_rank`]).
    pub percentile: f64,
}

/// What the distribution chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct DistributionModel {
    /// Title, unit, polarity and target.
    pub metric: Metric,
    /// The first and last period keys the values cover.
    pub from: String,
    pub to: String,
    /// The organisations, in the plural ("NHS trusts").
    pub population: String,
    /// Points with a finite value, ascending by value, then code.
    pub points: Vec<DistributionPoint>,
    /// `None` when no organisation has a value.
    pub five: Option<FiveNumbers>,
    /// Organisations of the population with data but no finite value.
    pub left_out: usize,
}

impl DistributionModel {
    pub fn focus(&self) -> Option<&DistributionPoint> {
        self.points.iter().find(|p| p.focus)
    }

    /// How many organisations of the population have data (shown or not).
    pub fn with_data(&self) -> usize {
        self.points.len() + self.left_out
    }

    /// How many of the points are peers.
    pub fn peers(&self) -> usize {
        self.points.iter().filter(|p| p.peer).count()
    }

    /// Where the peers lie: how many, how many above the median, and their lowest and highest
    /// values; `None` without peers.
    pub fn peer_spread(&self) -> Option<PeerSpread> {
        let five = self.five?;
        let values: Vec<f64> = self.points.iter().filter(|p| p.peer).map(|p| p.value).collect();
        let (&lowest, &highest) = (values.first()?, values.last()?);
        let above_median = values.iter().filter(|&&v| v > five.median).count();
        Some(PeerSpread { count: values.len(), above_median, lowest, highest })
    }

    /// The metric's standard and how many organisations meet it (at or below it where lower is
    /// better, else at or above); `None` when the metric has none.
    pub fn meeting_standard(&self) -> Option<(f64, usize)> {
        let t = self.metric.target?;
        let lower_is_better = self.metric.polarity == Polarity::LowerIsBetter;
        let meets = |v: f64| if lower_is_better { v <= t } else { v >= t };
        Some((t, self.points.iter().filter(|p| meets(p.value)).count()))
    }
}

/// The peers among the points: how many, how many lie above the median, and the range of their
/// values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PeerSpread {
    pub count: usize,
    pub above_median: usize,
    pub lowest: f64,
    pub highest: f64,
}

/// The percentile rank of `x` in ascending `sorted` values, found by binary search: every point
/// needs one, and a scan each would make the chart quadratic in the number of organisations.
fn percentile_in_sorted(sorted: &[f64], x: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let below = sorted.partition_point(|&v| v < x);
    let equal = sorted.partition_point(|&v| v <= x) - below;
    (below as f64 + 0.5 * equal as f64) / sorted.len() as f64 * 100.0
}

impl DistributionModel {
    /// The distribution of `orgs` (code, name, value on the shown scale): those with a finite
    /// value sorted, their five numbers, and each one's quarter and percentile rank; `focus`
    /// named and `ringed` marked as peers.
    pub fn from_values(
        metric: Metric,
        orgs: &[(&str, &str, f64)],
        focus: &str,
        ringed: &[String],
        (from, to, population): (String, String, String),
    ) -> Self {
        let mut shown: Vec<(&str, &str, f64)> = orgs.iter().copied().filter(|o| o.2.is_finite()).collect();
        crate::order::sort_by(&mut shown, |a, b| a.2.total_cmp(&b.2).then_with(|| a.0.cmp(b.0)));
        let sorted: Vec<f64> = shown.iter().map(|o| o.2).collect();
        let five = five_numbers_sorted(&sorted, QuantileMethod::Type7);
        let points = shown
            .iter()
            .map(|&(code, name, value)| DistributionPoint {
                code: code.to_string(),
                name: name.to_string(),
                value,
                peer: ringed.iter().any(|p| p.eq_ignore_ascii_case(code)),
                focus: code.eq_ignore_ascii_case(focus),
                quarter: five.as_ref().map_or(Quarter::AtMedian, |f| Quarter::of(value, f)),
                percentile: percentile_in_sorted(&sorted, value),
            })
            .collect();
        DistributionModel { metric, from, to, population, points, five, left_out: orgs.len() - shown.len() }
    }
}

/// The distribution of the selection's population ([`Selection::drawn`]) for its metric and range.
pub fn model(s: &Selection) -> DistributionModel {
    let (data, c) = (s.data, &s.choice);
    let figs = figures(data, c.metric, c.from, c.to);
    let (drawn, words) = s.drawn();
    let orgs: Vec<(&str, &str, f64)> = data
        .organisations
        .iter()
        .zip(&figs)
        .zip(&drawn)
        .filter(|(_, drawn)| **drawn)
        .filter_map(|((o, f), _)| Some((o.code.as_str(), o.name.as_str(), f.as_ref()?.value)))
        .collect();
    let (from, to) = s.period_keys();
    let labels = (from.to_string(), to.to_string(), words);
    DistributionModel::from_values(s.metric().clone(), &orgs, &c.focus, &s.ringed(), labels)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::MetricKind;

    fn distribution(polarity: Polarity, target: Option<f64>, ringed: &[&str]) -> DistributionModel {
        let metric = Metric {
            id: "m".into(),
            title: "Test measure".into(),
            unit: "%".into(),
            kind: MetricKind::Proportion,
            polarity,
            multiplier: 100.0,
            source: String::new(),
            target,
        };
        let codes: Vec<String> = (1..=9).map(|i| format!("R{i}")).collect();
        let orgs: Vec<(&str, &str, f64)> =
            codes.iter().zip(1..=9).map(|(c, v)| (c.as_str(), c.as_str(), f64::from(v))).collect();
        let ringed: Vec<String> = ringed.iter().map(|c| c.to_string()).collect();
        let labels = ("2018-04-01".into(), "2019-03-01".into(), "trusts".into());
        DistributionModel::from_values(metric, &orgs, "R5", &ringed, labels)
    }

    #[test]
    fn the_peers_spread_counts_those_above_the_median() {
        // Values 1..=9, median 5: peers R2 and R8, one above it.
        let d = distribution(Polarity::HigherIsBetter, None, &["R8", "R2"]);
        assert_eq!(d.peers(), 2);
        let spread = d.peer_spread().unwrap();
        assert_eq!(spread, PeerSpread { count: 2, above_median: 1, lowest: 2.0, highest: 8.0 });
        assert_eq!(distribution(Polarity::HigherIsBetter, None, &[]).peer_spread(), None);
    }

    #[test]
    fn meeting_the_standard_follows_the_polarity() {
        // Standard 7 of 1..=9: 7, 8 and 9 meet it where higher is better, 1 to 7 where lower is.
        assert_eq!(distribution(Polarity::HigherIsBetter, Some(7.0), &[]).meeting_standard(), Some((7.0, 3)));
        assert_eq!(distribution(Polarity::LowerIsBetter, Some(7.0), &[]).meeting_standard(), Some((7.0, 7)));
        assert_eq!(distribution(Polarity::HigherIsBetter, None, &[]).meeting_standard(), None);
    }

    #[test]
    fn percentile_by_binary_search_matches_the_mid_rank_definition() {
        let values = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0];
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        for x in [0.0, 1.0, 2.5, 5.0, 9.0, 10.0] {
            let expected = crate::stats::quantile::percentile_rank(&values, x).unwrap();
            assert_eq!(percentile_in_sorted(&sorted, x), expected, "x = {x}");
        }
        assert_eq!(percentile_in_sorted(&[], 1.0), 0.0);
    }

    #[test]
    fn quarters_follow_the_type_7_quartiles_and_the_polarity() {
        // 1..=9: Q1 3, median 5, Q3 7 (R: quantile(1:9, type = 7)).
        let sorted: Vec<f64> = (1..=9).map(f64::from).collect();
        let five = five_numbers_sorted(&sorted, QuantileMethod::Type7).unwrap();
        assert_eq!((five.q1, five.median, five.q3), (3.0, 5.0, 7.0));
        assert_eq!(Quarter::of(2.0, &five), Quarter::Lowest);
        assert_eq!(Quarter::of(3.0, &five), Quarter::LowerMiddle);
        assert_eq!(Quarter::of(5.0, &five), Quarter::AtMedian);
        assert_eq!(Quarter::of(7.0, &five), Quarter::UpperMiddle);
        assert_eq!(Quarter::of(8.0, &five), Quarter::Highest);
        assert_eq!(Quarter::Highest.words(Polarity::HigherIsBetter), "in the highest quarter (best)");
        assert_eq!(Quarter::Highest.words(Polarity::LowerIsBetter), "in the highest quarter (worst)");
        assert_eq!(Quarter::Lowest.words(Polarity::NoJudgement), "in the lowest quarter");
    }
}
