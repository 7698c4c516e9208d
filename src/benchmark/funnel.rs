//! The funnel plot's model: every organisation of the population with its pooled counts over the
//! range, PHE's proportion funnel around the pooled baseline (the proportion whose Wilson score
//! interval touches the baseline, `p0 ± z·√(p0(1-p0)/n)`, [`crate::stats::funnel`]), each
//! point's significance and the limits at its own denominator, in denominator order, and the
//! limit curves the chart draws, computed once. The spec's peer group is what the chart rings;
//! the focus is what it names.

use super::compare::figures;
use super::selection::Selection;
use crate::data::{Metric, Polarity};
use crate::stats::StatsError;
pub use crate::stats::compare::Comparison;
pub use crate::stats::funnel::{FunnelSignificance, ProportionFunnelRow};
use crate::stats::funnel::{proportion_funnel, proportion_funnel_row, proportion_significance};

/// One organisation on the funnel, on the shown scale.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelPoint {
    pub code: String,
    pub name: String,
    pub numerator: f64,
    pub denominator: f64,
    pub value: f64,
    pub significance: FunnelSignificance,
    /// The 95% and 99.8% limits at this point's denominator.
    pub limits: Option<ProportionFunnelRow>,
    pub peer: bool,
    pub focus: bool,
}

/// What the funnel plot shows.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelModel {
    pub metric: Metric,
    /// The first and last period keys the figures cover.
    pub from: String,
    pub to: String,
    /// The organisations, in the plural ("NHS trusts").
    pub population: String,
    /// What the baseline is called ("England").
    pub baseline_label: String,
    /// What the denominator counts ("Type 1 attendances"), for the x axis.
    pub denominator_label: String,
    /// The pooled value on the shown scale.
    pub baseline: f64,
    /// The points with a finite value and a significance, smallest denominator first.
    pub points: Vec<FunnelPoint>,
    /// The 95% and 99.8% limits along the denominator axis, for drawing the curves: see
    /// [`limit_curve`].
    pub curve: Vec<ProportionFunnelRow>,
    /// Organisations of the population with counts that could not be plotted.
    pub left_out: usize,
}

impl FunnelModel {
    /// How many organisations have counts in the range (plotted or not).
    pub fn with_counts(&self) -> usize {
        self.points.len() + self.left_out
    }

    /// The focus organisation's point, when it is plotted.
    pub fn focus(&self) -> Option<&FunnelPoint> {
        self.points.iter().find(|p| p.focus)
    }

    /// How many points have significance `s`.
    pub fn count(&self, s: FunnelSignificance) -> usize {
        self.points.iter().filter(|p| p.significance == s).count()
    }

    /// How many points lie beyond a 99.8% limit, either side.
    pub fn outside_998(&self) -> usize {
        self.points.iter().filter(|p| beyond_998(p.significance)).count()
    }

    /// How many points are beyond a 95% limit but inside the 99.8% ones.
    pub fn outside_95_only(&self) -> usize {
        self.count(FunnelSignificance::High025) + self.count(FunnelSignificance::Low025)
    }

    /// The peers plotted, and how many of them lie beyond a 99.8% limit.
    pub fn peers(&self) -> (usize, usize) {
        let peers = self.points.iter().filter(|p| p.peer);
        peers.fold((0, 0), |(n, outside), p| (n + 1, outside + usize::from(beyond_998(p.significance))))
    }

    /// More points beyond 99.8% than chance would put there (over-dispersion): more than
    /// [`OVERDISPERSED_SHARE`] of at least 20 points.
    pub fn overdispersed(&self) -> bool {
        let n = self.points.len();
        n >= 20 && self.outside_998() as f64 > OVERDISPERSED_SHARE * n as f64
    }
}

/// The share of points beyond 99.8% above which a funnel is called over-dispersed: with correct
/// limits about 0.2% of organisations lie there by chance, so more than this share says the
/// spread between them is wider than chance.
pub const OVERDISPERSED_SHARE: f64 = 0.05;

/// How many denominators the limit curves are computed at.
pub const CURVE_POINTS: usize = 200;

/// The limits around `p0` at [`CURVE_POINTS`] denominators evenly spaced on a log scale, from a
/// denominator of 1 (where PHE starts its curves, [`crate::stats::funnel::phe_axis_grid`]; lower
/// still, to 1/10,000 of the end, for an axis shorter than 10,000) to twice `largest`, the largest
/// denominator. That covers an axis from 0 to any tick above the largest denominator short of
/// twice it, so a chart cuts the curves at its plot's edges rather than computing limits as it
/// draws. The limits go as 1/√n, so each straight segment between neighbouring points strays from
/// the curve by about 3/32 of the squared step (points 7% apart for a largest denominator of a
/// million: 0.05% of the limit's distance from the baseline), smooth at any width.
pub fn limit_curve(largest: f64, p0: f64, multiplier: f64) -> Vec<ProportionFunnelRow> {
    let hi = 2.0 * largest;
    let lo = (hi / 10_000.0).min(1.0);
    if !(lo > 0.0 && hi.is_finite()) {
        return Vec::new();
    }
    let step = (hi / lo).ln() / (CURVE_POINTS - 1) as f64;
    (0..CURVE_POINTS)
        .map(|i| if i + 1 == CURVE_POINTS { hi } else { lo * (step * i as f64).exp() })
        .filter_map(|n| proportion_funnel_row(n, p0, multiplier).ok())
        .collect()
}

/// A significance as a comparison with the baseline, turned into better or worse by polarity.
pub fn comparison(s: FunnelSignificance, polarity: Polarity) -> Comparison {
    let high = match s {
        FunnelSignificance::High001 | FunnelSignificance::High025 => true,
        FunnelSignificance::Low001 | FunnelSignificance::Low025 => false,
        FunnelSignificance::NotSignificant => return Comparison::Similar,
        FunnelSignificance::NotApplicableDsrUnder10 => return Comparison::NotCompared,
    };
    match (polarity, high) {
        (Polarity::HigherIsBetter, true) | (Polarity::LowerIsBetter, false) => Comparison::Better,
        (Polarity::HigherIsBetter, false) | (Polarity::LowerIsBetter, true) => Comparison::Worse,
        (Polarity::NoJudgement, true) => Comparison::Higher,
        (Polarity::NoJudgement, false) => Comparison::Lower,
    }
}

/// Beyond the 99.8% limit (as opposed to beyond 95% only).
pub fn beyond_998(s: FunnelSignificance) -> bool {
    matches!(s, FunnelSignificance::High001 | FunnelSignificance::Low001)
}

/// What the denominator of a metric counts, for the axis: A&E metrics count attendances, RTT
/// measures the pathways on the waiting list.
fn denominator_label(metric: &Metric) -> String {
    if metric.id.starts_with("rtt_") {
        return "Waiting list (pathways)".into();
    }
    if metric.id.contains("type1") { "Type 1 attendances".into() } else { "Attendances".into() }
}

/// One organisation's pooled counts, as the funnel takes them.
#[derive(Debug, Clone, PartialEq)]
pub struct Counts<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub numerator: f64,
    pub denominator: f64,
}

/// The words a funnel is named with: the period range, the population, the baseline and the
/// denominator.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelLabels {
    pub from: String,
    pub to: String,
    pub population: String,
    pub baseline: String,
    pub denominator: String,
}

impl FunnelModel {
    /// PHE's proportion funnel of `orgs`: the pooled baseline, each point's significance and
    /// limits, `focus` named and `ringed` ringed. Errors name the row the funnel rejects (a
    /// numerator above its denominator, a denominator of 0).
    pub fn from_counts(
        metric: Metric,
        orgs: &[Counts],
        focus: &str,
        ringed: &[String],
        labels: FunnelLabels,
    ) -> Result<Self, StatsError> {
        let numerators: Vec<Option<f64>> = orgs.iter().map(|o| Some(o.numerator)).collect();
        let denominators: Vec<Option<f64>> = orgs.iter().map(|o| Some(o.denominator)).collect();
        let funnel = proportion_funnel(&numerators, &denominators, metric.multiplier)?;
        let p0 = funnel.baseline / metric.multiplier;
        let mut points: Vec<FunnelPoint> = orgs
            .iter()
            .zip(&funnel.significance)
            .filter_map(|(o, significance)| {
                let value = o.numerator / o.denominator * metric.multiplier;
                Some(FunnelPoint {
                    code: o.code.to_string(),
                    name: o.name.to_string(),
                    numerator: o.numerator,
                    denominator: o.denominator,
                    value: if value.is_finite() { value } else { return None },
                    significance: (*significance)?,
                    limits: proportion_funnel_row(o.denominator, p0, metric.multiplier).ok(),
                    peer: ringed.iter().any(|p| p.eq_ignore_ascii_case(o.code)),
                    focus: o.code.eq_ignore_ascii_case(focus),
                })
            })
            .collect();
        let left_out = orgs.len() - points.len();
        crate::order::sort_by(&mut points, |a, b| {
            a.denominator.total_cmp(&b.denominator).then_with(|| a.code.cmp(&b.code))
        });
        let largest = points.last().map_or(0.0, |p| p.denominator);
        let curve = limit_curve(largest, p0, metric.multiplier);
        Ok(FunnelModel {
            metric,
            from: labels.from,
            to: labels.to,
            population: labels.population,
            baseline_label: labels.baseline,
            denominator_label: labels.denominator,
            baseline: funnel.baseline,
            points,
            curve,
            left_out,
        })
    }
}

impl FunnelModel {
    /// The same funnel around baseline `p0` (a proportion) rather than the pool of its points:
    /// where the data has a national row, PHE centres the funnel on the England value, and that
    /// row can count organisations the funnel does not plot (RTT's England counts independent
    /// providers, which the population of NHS trusts leaves out). Each point's significance and
    /// limits and the curves are recomputed around it.
    pub fn around(mut self, p0: f64) -> Self {
        let multiplier = self.metric.multiplier;
        for p in &mut self.points {
            p.significance = proportion_significance(p.numerator, p.denominator, p0);
            p.limits = proportion_funnel_row(p.denominator, p0, multiplier).ok();
        }
        let largest = self.points.last().map_or(0.0, |p| p.denominator);
        self.curve = limit_curve(largest, p0, multiplier);
        self.baseline = p0 * multiplier;
        self
    }
}

/// England's proportion from the data's national row, when it has one with counts.
fn national_proportion(s: &Selection, figs: &[Option<super::compare::Figure>]) -> Option<f64> {
    s.data.national_index()?;
    let f = super::compare::national(s.data, s.choice.metric, figs)?.figure;
    let (x, n) = (f.numerator?, f.denominator?);
    (n > 0.0 && x >= 0.0 && x <= n).then_some(x / n)
}

/// The funnel of the selection's population ([`Selection::drawn`]): every organisation of it
/// with counts over the range, around England's value (the national row's, when the data has
/// one; otherwise the pool of the points).
pub fn model(s: &Selection) -> Result<FunnelModel, StatsError> {
    let (data, c) = (s.data, &s.choice);
    let figs = figures(data, c.metric, c.from, c.to);
    let (drawn, words) = s.drawn();
    let orgs: Vec<Counts> = data
        .organisations
        .iter()
        .zip(&figs)
        .zip(&drawn)
        .filter(|(_, drawn)| **drawn)
        .filter_map(|((o, f), _)| {
            let f = f.as_ref()?;
            Some(Counts {
                code: &o.code,
                name: &o.name,
                numerator: f.numerator?,
                denominator: f.denominator?,
            })
        })
        .collect();
    let metric = s.metric().clone();
    if orgs.is_empty() {
        return Err(StatsError::new(
            "metric",
            format!(
                "the funnel plot needs counts (a numerator and a denominator) and '{}' has none here: it is a \
                 plain value; the distribution and the spine show it, or choose a share",
                metric.title
            ),
        ));
    }
    let (from, to) = s.period_keys();
    let labels = FunnelLabels {
        from: from.to_string(),
        to: to.to_string(),
        population: words,
        baseline: "England".into(),
        denominator: denominator_label(&metric),
    };
    let funnel = FunnelModel::from_counts(metric, &orgs, &c.focus, &s.ringed(), labels)?;
    Ok(match national_proportion(s, &figs) {
        Some(p0) => funnel.around(p0),
        None => funnel,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::MetricKind;

    fn funnel(orgs: &[(&str, f64, f64)], ringed: &[&str]) -> FunnelModel {
        let metric = Metric {
            id: "m".into(),
            title: "Test proportion".into(),
            unit: "%".into(),
            kind: MetricKind::Proportion,
            polarity: Polarity::HigherIsBetter,
            multiplier: 100.0,
            source: String::new(),
            target: None,
        };
        let counts: Vec<Counts> = orgs
            .iter()
            .map(|&(code, numerator, denominator)| Counts { code, name: code, numerator, denominator })
            .collect();
        let labels = FunnelLabels {
            from: "2018-04-01".into(),
            to: "2019-03-01".into(),
            population: "trusts".into(),
            baseline: "England".into(),
            denominator: "Attendances".into(),
        };
        let ringed: Vec<String> = ringed.iter().map(|c| c.to_string()).collect();
        FunnelModel::from_counts(metric, &counts, "B", &ringed, labels).unwrap()
    }

    #[test]
    fn counts_by_limit_and_the_peers_outside_come_from_the_points() {
        // Baseline 600/1000 = 60%. A's 280 of 500 is (0.56 - 0.6) / √(0.6·0.4/500) = -1.83
        // standard errors from it (inside 95%), B's 80 of 100 is +4.08 (beyond 99.8%), C's 60% is on it.
        let f = funnel(&[("A", 280.0, 500.0), ("B", 80.0, 100.0), ("C", 240.0, 400.0)], &["B", "C"]);
        assert_eq!(f.count(FunnelSignificance::High001), 1);
        assert_eq!(f.count(FunnelSignificance::NotSignificant), 2);
        assert_eq!((f.outside_998(), f.outside_95_only()), (1, 0));
        assert_eq!(f.peers(), (2, 1), "B and C are peers; B lies outside");
        assert_eq!(f.focus().map(|p| p.code.as_str()), Some("B"));
        assert!(!f.overdispersed(), "fewer than 20 points are never called over-dispersed");
    }

    #[test]
    fn the_limit_curve_runs_log_evenly_from_a_denominator_of_1_to_twice_the_largest() {
        let codes: Vec<String> = (0..4).map(|i| format!("R{i}")).collect();
        let sizes = [500.0, 5_000.0, 50_000.0, 250_000.0];
        let orgs: Vec<(&str, f64, f64)> =
            codes.iter().zip(sizes).map(|(c, n)| (c.as_str(), n * 0.8, n)).collect();
        let f = funnel(&orgs, &[]);
        let n: Vec<f64> = f.curve.iter().map(|r| r.population).collect();
        assert_eq!(n.len(), CURVE_POINTS);
        assert_eq!((n[0], n[CURVE_POINTS - 1]), (1.0, 500_000.0), "exactly 1 and twice the largest");
        let ratio = 500_000f64.powf(1.0 / 199.0);
        assert!(n.windows(2).all(|w| (w[1] / w[0] - ratio).abs() < 1e-9), "log-evenly spaced");
        // Each row is the funnel's at that denominator, narrowing as it grows: at 1 the limits of
        // an 80% baseline reach 100% (0.8 + 1.96·0.4) and, at 99.8%, 0% (0.8 - 3.09·0.4).
        assert_eq!(f.curve[150], proportion_funnel_row(n[150], f.baseline / 100.0, 100.0).unwrap());
        assert_eq!((f.curve[0].upper_2s_limit, f.curve[0].lower_3s_limit), (100.0, 0.0));
        assert!(f.curve.windows(2).all(|w| w[1].upper_3s_limit <= w[0].upper_3s_limit));
        assert!(f.curve.windows(2).all(|w| w[1].lower_2s_limit >= w[0].lower_2s_limit));
        // A short axis gets the curve nearer 0 too; no points, no curve.
        assert_eq!(limit_curve(100.0, 0.5, 100.0)[0].population, 0.02);
        assert!(limit_curve(0.0, 0.6, 100.0).is_empty());
    }

    #[test]
    fn two_of_twenty_beyond_998_are_more_than_chance_and_called_over_dispersed() {
        // 18 at 50 of 100 and one each at 90 and 10 of 100: baseline 50%, the two 8 standard
        // errors away; 2 of 20 is 10%, above the 5% share.
        let codes: Vec<String> = (0..18).map(|i| format!("R{i:02}")).collect();
        let mut orgs: Vec<(&str, f64, f64)> = codes.iter().map(|c| (c.as_str(), 50.0, 100.0)).collect();
        orgs.extend([("HI", 90.0, 100.0), ("LO", 10.0, 100.0)]);
        let f = funnel(&orgs, &[]);
        assert_eq!((f.count(FunnelSignificance::High001), f.count(FunnelSignificance::Low001)), (1, 1));
        assert!(f.overdispersed());
        orgs.pop();
        assert!(!funnel(&orgs, &[]).overdispersed(), "19 points are too few to say");
    }

    #[test]
    fn polarity_turns_high_and_low_into_better_and_worse() {
        use FunnelSignificance::*;
        assert_eq!(comparison(High001, Polarity::HigherIsBetter), Comparison::Better);
        assert_eq!(comparison(High025, Polarity::LowerIsBetter), Comparison::Worse);
        assert_eq!(comparison(Low001, Polarity::NoJudgement), Comparison::Lower);
        assert_eq!(comparison(NotSignificant, Polarity::LowerIsBetter), Comparison::Similar);
    }
}
