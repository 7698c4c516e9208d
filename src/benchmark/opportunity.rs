//! Opportunity: what closing the gap to the peers would mean in volume, in the manner of NHS
//! Model Hospital's "opportunity" (the gap to the peer median or to the best quartile, times the
//! trust's activity), but more honestly:
//!
//! - polarity-aware: a gap counts only where the focus is worse, and "best quartile" is the upper
//!   quartile when higher is better and the lower quartile when lower is better;
//! - a range, not a point: `central` is the gap from the focus's value, `low` counts only the part
//!   of the gap that lies beyond the focus's 95% interval (the part chance cannot explain), `high`
//!   the gap from the far end of the interval;
//! - in volume: `gap / multiplier x denominator` (for 4-hour performance, the attendances that
//!   would have been seen within 4 hours);
//! - never added up across metrics: metrics overlap (type 1 attendances are part of all
//!   attendances), so [`portfolio`] lists opportunities side by side and gives no total.
//!
//! [`what_if`] answers "if our value were X": the focus's interval, rank, quartile, significance
//! and opportunity all move together, with the peers and the benchmark held fixed.

use super::compare::{
    IntervalSource, MetricSummary, PeerComparison, QuartilePosition, polarity_ranks, quartile_position,
    two_level,
};
use super::peers::number;
use super::{BenchmarkError, Notice, NoticeCode};
use crate::data::{MetricKind, Polarity, ae, rtt};
use crate::stats::compare::TwoLevelComparison;
use crate::stats::quantile::{percentile_rank, phe_invert_for, phe_quantiles};
use crate::stats::{Interval, poisson, proportion};
use serde::Serialize;

/// Which peer statistic the gap is measured to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum OpportunityTarget {
    PeerMedian,
    BestQuartile,
}

/// A range: `low <= central <= high`, all at least 0.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Range {
    pub low: f64,
    pub central: f64,
    pub high: f64,
}

impl Range {
    fn scaled(self, factor: f64) -> Range {
        Range { low: self.low * factor, central: self.central * factor, high: self.high * factor }
    }
}

impl Opportunity {
    /// How the opportunity is measured on a chart: its volume, or its gap where it has no volume.
    pub fn measured(&self) -> Range {
        self.volume.unwrap_or(self.gap)
    }
}

/// The opportunity to one target.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Opportunity {
    pub target: OpportunityTarget,
    /// The peer statistic on the shown scale.
    pub target_value: f64,
    /// The gap on the shown scale (0 where the focus is at or better than the target).
    pub gap: Range,
    /// The gap as volume, `gap / multiplier x denominator`; `None` without a denominator.
    pub volume: Option<Range>,
    /// True when the target lies beyond the focus's 95% interval, so some of the gap is more
    /// than chance (`gap.low > 0`).
    pub beyond_interval: bool,
    /// One sentence for the page.
    pub sentence: String,
}

/// What [`opportunities`] needs from a comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct OpportunityInput {
    pub value: f64,
    pub ci95: Option<Interval>,
    pub denominator: Option<f64>,
    pub multiplier: f64,
    pub kind: MetricKind,
    pub polarity: Polarity,
    pub peer_median: Option<f64>,
    /// The best quartile's threshold: the peers' upper quartile when higher is better, the lower
    /// quartile when lower is better.
    pub best_quartile: Option<f64>,
}

/// The opportunity of the comparison's focus (or of `value` in its place, for a what-if) to the
/// peers' median and best quartile, with notices where none can be given.
pub fn of_comparison(
    comparison: &PeerComparison,
    value: f64,
    ci95: Option<Interval>,
) -> (Vec<Opportunity>, Vec<Notice>) {
    let m = &comparison.metric;
    opportunities(&OpportunityInput {
        value,
        ci95,
        denominator: comparison.focus_point().figure.denominator,
        multiplier: m.multiplier,
        kind: m.kind,
        polarity: m.polarity,
        peer_median: comparison.peers.map(|s| s.median),
        best_quartile: comparison.peers.map(|s| match m.polarity {
            Polarity::LowerIsBetter => s.q1,
            _ => s.q3,
        }),
    })
}

/// The opportunity to the peer median and to the best quartile, with notices where none can be
/// given (no polarity, no peers).
pub fn opportunities(input: &OpportunityInput) -> (Vec<Opportunity>, Vec<Notice>) {
    let mut notices = Vec::new();
    if input.polarity == Polarity::NoJudgement {
        notices.push(Notice::warning(
            NoticeCode::OpportunityUnavailable,
            "no opportunity is given for a metric with no better direction",
        ));
        return (Vec::new(), notices);
    }
    let volume_possible = input.denominator.is_some_and(|d| d > 0.0)
        && matches!(input.kind, MetricKind::Proportion | MetricKind::Rate | MetricKind::Ratio);
    if !volume_possible {
        notices.push(Notice::warning(
            NoticeCode::OpportunityUnavailable,
            "the opportunity is shown on the metric's own scale only: volume needs a proportion, rate or ratio \
             with its denominator",
        ));
    }
    let mut out = Vec::new();
    for (target, value) in [
        (OpportunityTarget::PeerMedian, input.peer_median),
        (OpportunityTarget::BestQuartile, input.best_quartile),
    ] {
        let Some(t) = value.filter(|t| t.is_finite()) else {
            continue;
        };
        out.push(one(input, target, t, volume_possible));
    }
    (out, notices)
}

fn one(input: &OpportunityInput, target: OpportunityTarget, t: f64, volume_possible: bool) -> Opportunity {
    let v = input.value;
    // The shortfall from x to the target, in the direction that is worse.
    let short = |x: f64| match input.polarity {
        Polarity::LowerIsBetter => (x - t).max(0.0),
        _ => (t - x).max(0.0),
    };
    let central = short(v);
    let gap = match (central > 0.0, input.ci95) {
        (false, _) => Range { low: 0.0, central: 0.0, high: 0.0 },
        (true, Some(ci)) => {
            // The near end of the interval gives the part beyond it; the far end the most.
            let (near, far) = match input.polarity {
                Polarity::LowerIsBetter => (ci.lower, ci.upper),
                _ => (ci.upper, ci.lower),
            };
            Range { low: short(near).min(central), central, high: short(far).max(central) }
        }
        (true, None) => Range { low: central, central, high: central },
    };
    let volume = input.denominator.filter(|_| volume_possible).map(|d| gap.scaled(d / input.multiplier));
    let what = match target {
        OpportunityTarget::PeerMedian => "the peer median",
        OpportunityTarget::BestQuartile => "the best quartile",
    };
    let sentence = if central == 0.0 {
        format!("At or better than {what} ({}): no opportunity.", number(t))
    } else {
        let on_scale =
            format!("{} to {} (central {})", number(gap.low), number(gap.high), number(gap.central));
        let amount = match volume {
            Some(vol) => format!(
                "{} to {} (central {}) in volume",
                number(vol.low),
                number(vol.high),
                number(vol.central)
            ),
            None => on_scale,
        };
        if gap.low > 0.0 {
            format!(
                "Reaching {what} ({}) is worth {amount}; the low end counts only the gap beyond the 95% interval.",
                number(t)
            )
        } else {
            format!(
                "Reaching {what} ({}) would be worth {amount}, but {what} lies within the 95% interval: the gap \
                 may be chance.",
                number(t)
            )
        }
    };
    Opportunity { target, target_value: t, gap, volume, beyond_interval: gap.low > 0.0, sentence }
}

/// The comparison recomputed as if the focus's value were `value` (on the shown scale).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WhatIf {
    pub value: f64,
    pub ci95: Option<Interval>,
    pub ci99_8: Option<Interval>,
    pub interval_source: Option<IntervalSource>,
    /// 1 = best by polarity, among the same peers.
    pub rank: usize,
    pub of: usize,
    pub percentile: f64,
    pub quartile: QuartilePosition,
    pub significance: TwoLevelComparison,
    pub opportunity: Vec<Opportunity>,
    pub notices: Vec<Notice>,
}

/// "If our value were X": the focus's interval (same denominator, so the same precision; a
/// published interval keeps its width), rank, quartile, significance against the same benchmark
/// and opportunity against the same peers. The peers' values and the benchmark are held fixed
/// (the peer and exemplar medians leave the focus out; a pooled national value would move by the
/// focus's share, which is ignored).
pub fn what_if(comparison: &PeerComparison, value: f64) -> Result<WhatIf, BenchmarkError> {
    let m = &comparison.metric;
    let focus = comparison.focus_point();
    let f = &focus.figure;
    if !value.is_finite() {
        return Err(BenchmarkError::new(
            NoticeCode::InvalidSpec,
            format!("the what-if value must be a number, got {value}"),
        ));
    }
    if m.kind == MetricKind::Proportion && !(0.0..=m.multiplier).contains(&value) {
        return Err(BenchmarkError::new(
            NoticeCode::InvalidSpec,
            format!("a proportion runs from 0 to {}: {} is outside it", number(m.multiplier), number(value)),
        ));
    }
    if matches!(m.kind, MetricKind::Rate | MetricKind::Ratio) && value < 0.0 {
        return Err(BenchmarkError::new(
            NoticeCode::InvalidSpec,
            format!("a rate or ratio cannot be negative: {}", number(value)),
        ));
    }
    let (ci95, ci99_8, interval_source) = intervals_at(comparison, value);
    let mut values: Vec<f64> = comparison.points.iter().map(|p| p.figure.value).collect();
    values[comparison.focus] = value;
    let ranks = polarity_ranks(&values, m.polarity);
    let quartiles =
        phe_quantiles(&values.iter().map(|v| Some(*v)).collect::<Vec<_>>(), 4, phe_invert_for(m.polarity))
            .unwrap_or_else(|_| vec![None; values.len()]);
    let hypothetical = super::compare::Figure { value, ci95, ci99_8, interval_source, ..f.clone() };
    let significance = two_level(&hypothetical, comparison.benchmark.value, m.polarity);
    let (opportunity, notices) = of_comparison(comparison, value, ci95);
    Ok(WhatIf {
        value,
        ci95,
        ci99_8,
        interval_source,
        rank: ranks[comparison.focus],
        of: values.len(),
        percentile: percentile_rank(&values, value).unwrap_or(50.0),
        quartile: quartile_position(quartiles[comparison.focus], m.polarity, values.len()),
        significance,
        opportunity,
        notices,
    })
}

/// The focus's 95% and 99.8% intervals, and how they were made, were its value `value`: the
/// same method on the same denominator (Wilson for a proportion, Byars or exact Poisson for a
/// count), or a published interval shifted by the change in value.
fn intervals_at(
    comparison: &PeerComparison,
    value: f64,
) -> (Option<Interval>, Option<Interval>, Option<IntervalSource>) {
    let m = &comparison.metric;
    let f = &comparison.focus_point().figure;
    match (f.interval_source, f.denominator) {
        (Some(IntervalSource::Wilson), Some(n)) => {
            let x = value / m.multiplier * n;
            let at = |c: f64| proportion::wilson(x, n, c).ok().map(|i| i.scaled(m.multiplier));
            (at(0.95), at(0.998), Some(IntervalSource::Wilson))
        }
        (Some(IntervalSource::Byars | IntervalSource::ExactPoisson), Some(n)) => {
            let x = value / m.multiplier * n;
            let at = |c: f64| poisson::count_interval(x, c).ok();
            match (at(0.95), at(0.998)) {
                (Some((a, method)), Some((b, _))) => {
                    let scale = m.multiplier / n;
                    let source = match method {
                        crate::stats::IntervalMethod::ExactPoisson => IntervalSource::ExactPoisson,
                        _ => IntervalSource::Byars,
                    };
                    (Some(a.scaled(scale)), Some(b.scaled(scale)), Some(source))
                }
                _ => (None, None, None),
            }
        }
        (Some(IntervalSource::Published | IntervalSource::Shifted), _) => {
            let shift = |i: Option<Interval>| {
                i.map(|i| Interval { lower: i.lower + (value - f.value), upper: i.upper + (value - f.value) })
            };
            (shift(f.ci95), shift(f.ci99_8), Some(IntervalSource::Shifted))
        }
        _ => (None, None, None),
    }
}

/// One metric's opportunity in a [`Portfolio`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PortfolioRow {
    pub metric: String,
    pub title: String,
    pub opportunity: Vec<Opportunity>,
}

/// Opportunities across metrics, side by side and deliberately not totalled.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Portfolio {
    /// Largest central volume (else gap) to the peer median first.
    pub rows: Vec<PortfolioRow>,
    /// Why there is no total, for the page to show beside the rows.
    pub note: String,
}

/// Why opportunities are never summed.
pub const NOT_ADDITIVE: &str = "Opportunities are not added up: metrics overlap (the same patients can count in \
several, as type 1 attendances do in all attendances), so a total would count them more than once.";

/// Lists each comparison's opportunity, largest first, with no total ([`NOT_ADDITIVE`]).
pub fn portfolio(comparisons: &[&PeerComparison]) -> Portfolio {
    let size = |r: &PortfolioRow| {
        r.opportunity
            .iter()
            .find(|o| o.target == OpportunityTarget::PeerMedian)
            .map_or(0.0, |o| o.volume.map_or(o.gap.central, |v| v.central))
    };
    let mut rows: Vec<PortfolioRow> = comparisons
        .iter()
        .map(|c| PortfolioRow {
            metric: c.metric.id.clone(),
            title: c.metric.title.clone(),
            opportunity: of_comparison(c, c.focus_point().figure.value, c.focus_point().figure.ci95).0,
        })
        .collect();
    crate::order::sort_by(&mut rows, |a, b| {
        size(b).total_cmp(&size(a)).then_with(|| a.metric.cmp(&b.metric))
    });
    Portfolio { rows, note: NOT_ADDITIVE.to_string() }
}
/// What the opportunity view shows: the comparison it measures the gaps from, the gaps to the
/// peers' median and best quartile, and the what-if, when asked.
#[derive(Debug, Clone, PartialEq)]
pub struct OpportunityModel {
    /// The comparison, its notices including why an opportunity cannot be given.
    pub comparison: PeerComparison,
    pub opportunities: Vec<Opportunity>,
    pub what_if: Option<WhatIf>,
    /// The peers, in the plural, for titles ("Global Digital Exemplars").
    pub population: String,
    /// What the volume counts, in the plural, without "more" or "fewer" ("attendances seen
    /// within 4 hours"); [`volume_words`] for the metric.
    pub volume_label: String,
}

/// The opportunity of the selection's focus against its peers, and "if our value were
/// `what_if_value`".
pub fn model(
    s: &super::selection::Selection,
    what_if_value: Option<f64>,
) -> Result<OpportunityModel, BenchmarkError> {
    // The median and quartiles are of the peers without the focus: "the other exemplars".
    let population = match &s.choice.peers {
        super::peers::PeerGroupSpec::Nearest { k, .. } => format!("{k} nearest neighbours"),
        _ => format!("other {}", s.group_words()),
    };
    OpportunityModel::new(s.compare(None)?, what_if_value, population)
}

impl OpportunityModel {
    /// The opportunity of `comparison`'s focus, and "if our value were `what_if_value`", its
    /// peers called `population`; the notices saying why an opportunity cannot be given join the
    /// comparison's.
    pub fn new(
        mut comparison: PeerComparison,
        what_if_value: Option<f64>,
        population: String,
    ) -> Result<Self, BenchmarkError> {
        let focus = comparison.focus_point().figure.clone();
        let (opportunities, notices) = of_comparison(&comparison, focus.value, focus.ci95);
        let what_if = what_if_value.map(|v| what_if(&comparison, v)).transpose()?;
        comparison.notices.extend(notices);
        let volume_label = volume_words(&comparison.metric);
        Ok(Self { comparison, opportunities, what_if, population, volume_label })
    }

    /// True when every opportunity has a volume (false: the gaps are on the metric's own scale).
    pub fn has_volume(&self) -> bool {
        self.opportunities.iter().all(|o| o.volume.is_some())
    }

    /// What the what-if value would add, in volume when [`Self::has_volume`] (the difference
    /// from the focus's value over the multiplier, times its denominator), else on the metric's
    /// scale; negative when the what-if value is worse than the focus's own.
    pub fn what_if_gain(&self) -> Option<f64> {
        let w = self.what_if.as_ref()?;
        let (m, f) = (&self.comparison.metric, &self.comparison.focus_point().figure);
        let better_by = match m.polarity {
            Polarity::LowerIsBetter => f.value - w.value,
            _ => w.value - f.value,
        };
        Some(match (self.has_volume(), f.denominator) {
            (true, Some(n)) if m.multiplier > 0.0 => better_by / m.multiplier * n,
            _ => better_by,
        })
    }

    /// What would be left of the opportunity to `target` at the what-if value, measured as
    /// [`Opportunity::measured`].
    pub fn left_after_what_if(&self, target: OpportunityTarget) -> Option<Range> {
        self.what_if.as_ref()?.opportunity.iter().find(|o| o.target == target).map(Opportunity::measured)
    }
}

/// What a metric's volume counts: the A&E and RTT metrics' own words (an RTT measure for one
/// treatment function, `rtt_within_18_weeks.C_110`, by its measure), otherwise "cases" for a
/// proportion and "events" for a rate or ratio.
pub fn volume_words(metric: &MetricSummary) -> String {
    let measure = metric.id.split('.').next().unwrap_or_default();
    match (metric.id.as_str(), measure) {
        (ae::FOUR_HOUR_TYPE1 | ae::FOUR_HOUR_ALL | ae::FOUR_HOUR_TYPE2 | ae::FOUR_HOUR_OTHER, _) => {
            "attendances seen within 4 hours".into()
        }
        (_, rtt::WITHIN_18_WEEKS) => "pathways waiting 18 weeks or less".into(),
        (_, rtt::OVER_52_WEEKS_SHARE) => "pathways waiting over 52 weeks".into(),
        _ => match metric.kind {
            MetricKind::Proportion => "cases".into(),
            _ => "events".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::benchmark::compare::tests::{dataset, request};
    use crate::benchmark::compare::{BenchmarkChoice, compare_with_peers};

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} vs {b}");
    }

    /// Trust F (170 of 200, 85%) against A, B, C and D (90, 75, 95 and 80%): median 85, best
    /// quartile 91.25.
    fn model(what_if: Option<f64>) -> OpportunityModel {
        let comparison = compare_with_peers(&dataset(), &request(BenchmarkChoice::default())).unwrap();
        OpportunityModel::new(comparison, what_if, "peers".into()).unwrap()
    }

    #[test]
    fn a_what_if_gains_its_difference_in_volume_and_leaves_the_rest_of_the_gap() {
        // At 90%: (90 - 85) / 100 x 200 = 10 more cases; left to the best quartile
        // (91.25 - 90) / 100 x 200 = 2.5; the median is met.
        let m = model(Some(90.0));
        assert!(m.has_volume());
        assert_eq!(m.volume_label, "cases");
        close(m.what_if_gain().unwrap(), 10.0);
        close(m.left_after_what_if(OpportunityTarget::BestQuartile).unwrap().central, 2.5);
        close(m.left_after_what_if(OpportunityTarget::PeerMedian).unwrap().central, 0.0);
        // At 80%, worse than F's own: (80 - 85) / 100 x 200 = 10 fewer.
        close(model(Some(80.0)).what_if_gain().unwrap(), -10.0);
        assert_eq!(model(None).what_if_gain(), None);
        assert_eq!(model(None).left_after_what_if(OpportunityTarget::PeerMedian), None);
    }

    #[test]
    fn without_a_volume_an_opportunity_is_measured_by_its_gap() {
        let mut m = model(None);
        let best = m.opportunities[1].clone();
        assert_eq!(best.measured(), best.volume.unwrap());
        m.opportunities[1].volume = None;
        assert!(!m.has_volume());
        assert_eq!(m.opportunities[1].measured(), best.gap);
    }
}
