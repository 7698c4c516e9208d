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
    IntervalSource, PeerComparison, QuartilePosition, polarity_ranks, quartile_position, two_level,
};
use super::peers::number;
use super::{BenchmarkError, Notice, NoticeCode};
use crate::data::{MetricKind, Polarity};
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
    let (ci95, ci99_8, interval_source) = match (f.interval_source, f.denominator) {
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
    };
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
    rows.sort_by(|a, b| size(b).total_cmp(&size(a)).then_with(|| a.metric.cmp(&b.metric)));
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
        Ok(Self { comparison, opportunities, what_if, population })
    }
}
