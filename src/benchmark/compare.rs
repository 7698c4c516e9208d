//! Comparison: where the focus organisation stands among its peers for one metric over a range of
//! periods, as one result a chart draws directly.
//!
//! For each organisation in the group the figure over the range is computed once: counts are
//! pooled (a year's 4-hour performance is the year's seen-in-time over the year's attendances,
//! not a mean of months) and the interval follows the metric's kind as PHE specifies (Wilson for a
//! proportion; exact Poisson below 10 events and Byars from 10 for a rate or an observed/expected
//! ratio); a published value and interval (a Fingertips export) are used as given for a single
//! period. Plain values and means with no counts are averaged over the periods, and a notice says
//! so.
//!
//! The focus is then placed: its rank among the group (1 = best by polarity) with the rank's
//! uncertainty by simulation (Marshall and Spiegelhalter 1998, [`crate::stats::rank`]), its
//! percentile, its quartile by the Fingertips assignment (PHEindicatormethods `phe_quantile`,
//! quartile 4 = best), the peers' median and quartiles (R type 7, the peers without the focus),
//! the national value (England's row when the data has one, else pooled over all organisations),
//! and its significance against the chosen benchmark: better, similar or worse when the benchmark
//! lies outside the 95% or 99.8% interval (Fingertips' method, the benchmark treated as fixed).
//!
//! [`super::sensitivity`] repeats the comparison across several peer groups, and
//! [`super::opportunity`] turns the gap to the peers into volume, for the views that show them.

use super::peers::{self, EXEMPLARS, PeerGroup, PeerGroupSpec, PeerMember};
use super::{BenchmarkError, MIN_PEERS, Notice, NoticeCode, find_organisation};
use crate::data::{Dataset, Metric, MetricKind, Organisation, Polarity};
use crate::stats::compare::{Comparison as Significance, TwoLevelComparison, compare, compare_two_level};
use crate::stats::quantile::{
    FiveNumbers, QuantileMethod, Ties, five_numbers, percentile_rank, phe_invert_for, phe_quantiles, rank,
};
use crate::stats::rank::{RankInterval, RankOptions, rank_intervals_proportion, rank_intervals_rate};
use crate::stats::{Interval, IntervalMethod, poisson, proportion};
use serde::{Deserialize, Serialize};

/// What the focus is compared with for significance.
/// (Variants without data are written `National {}` so serde rejects unknown fields on them.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum BenchmarkChoice {
    /// The national value (England's row, or pooled over all organisations).
    National {},
    /// The median of the peers (the focus left out).
    PeerMedian {},
    /// The median of the Global Digital Exemplars with data (the focus left out).
    ExemplarMedian {},
    /// A fixed target on the shown scale; `None` takes the metric's own target.
    Target {
        #[serde(default)]
        value: Option<f64>,
    },
}

impl Default for BenchmarkChoice {
    fn default() -> Self {
        BenchmarkChoice::National {}
    }
}

/// Everything a comparison needs, as a spec or a page gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ComparisonRequest {
    /// The focus organisation's code.
    pub focus: String,
    /// The metric id.
    pub metric: String,
    /// The first period of the range (a period text from the data); default: the last period.
    #[serde(default)]
    pub from: Option<String>,
    /// The last period of the range; default: the last period.
    #[serde(default)]
    pub to: Option<String>,
    pub peers: PeerGroupSpec,
    #[serde(default)]
    pub benchmark: BenchmarkChoice,
    /// Rank uncertainty by simulation; `None` skips it (as sensitivity runs do).
    #[serde(default = "default_rank")]
    pub rank: Option<RankOptions>,
}

fn default_rank() -> Option<RankOptions> {
    Some(RankOptions::default())
}

/// Where a figure's interval came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum IntervalSource {
    /// Wilson score interval (proportion).
    Wilson,
    /// Byars' approximation on the count (rate, ratio; 10 events or more).
    Byars,
    /// Exact Poisson on the count (rate, ratio; fewer than 10 events).
    ExactPoisson,
    /// Published with the data and used as given.
    Published,
    /// Shifted from the published interval by a what-if (same width, new centre).
    Shifted,
}

/// One organisation's figure over the period range.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Figure {
    /// The value on the shown scale (a percentage for a proportion with multiplier 100).
    pub value: f64,
    pub ci95: Option<Interval>,
    pub ci99_8: Option<Interval>,
    pub interval_source: Option<IntervalSource>,
    /// Pooled counts over the range, when the rows had them.
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// How many periods contributed.
    pub periods: usize,
    /// True when the value is a mean of period values rather than pooled counts or one period.
    pub averaged: bool,
}

/// One organisation in the comparison: its figure and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrgPoint {
    pub org: usize,
    pub code: String,
    pub name: String,
    pub is_focus: bool,
    #[serde(flatten)]
    pub figure: Figure,
    /// Rank in the group, 1 = best by polarity (highest first with no polarity); ties share the
    /// best rank (1, 2, 2, 4).
    pub rank: usize,
    /// The rank's uncertainty by simulation, when counts allow it.
    pub rank_interval: Option<RankInterval>,
    /// Fingertips quartile in the group: 4 = best (highest with no polarity), 1 = worst; `None`
    /// with fewer than 4 organisations.
    pub quartile: Option<u32>,
    /// Against the chosen benchmark at 95% and 99.8%.
    pub significance: TwoLevelComparison,
}

/// The metric as the chart needs it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricSummary {
    pub id: String,
    pub title: String,
    pub unit: String,
    pub kind: MetricKind,
    pub polarity: Polarity,
    pub multiplier: f64,
    pub target: Option<f64>,
    pub source: String,
}

impl MetricSummary {
    fn of(m: &Metric) -> Self {
        Self {
            id: m.id.clone(),
            title: m.title.clone(),
            unit: m.unit.clone(),
            kind: m.kind,
            polarity: m.polarity,
            multiplier: m.multiplier,
            target: m.target,
            source: m.source.clone(),
        }
    }
}

/// The period range compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PeriodRange {
    pub from: String,
    pub to: String,
    /// Number of periods in the range.
    pub count: usize,
}

/// The focus's rank and percentile.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RankSummary {
    /// 1 = best by polarity.
    pub rank: usize,
    /// Organisations ranked (the focus and its peers with data).
    pub of: usize,
    pub interval: Option<RankInterval>,
    /// Percentage of the group with a lower value, ties counted half (0 to 100).
    pub percentile: f64,
}

/// Which quartile of the group the focus is in.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuartilePosition {
    /// 4 = best (highest with no polarity), 1 = worst; `None` with fewer than 4 organisations.
    pub quartile: Option<u32>,
    /// "best quartile", "second best quartile", "third quartile", "worst quartile" (or highest /
    /// lowest with no polarity), or why there is none.
    pub label: String,
}

/// The national value and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NationalValue {
    #[serde(flatten)]
    pub figure: Figure,
    /// "the national row (E92000001)" or "pooled over 150 organisations".
    pub source: String,
}

/// The benchmark the focus is judged against.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BenchmarkValue {
    pub choice: BenchmarkChoice,
    /// "England", "Peer median", "Exemplars' median", "Target".
    pub label: String,
    /// `None` when not available (a notice says why).
    pub value: Option<f64>,
}

/// The peer group as compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PeerGroupSummary {
    pub label: String,
    pub spec: PeerGroupSpec,
    /// Peers other than the focus, each with why it is a peer.
    pub members: Vec<PeerMember>,
    /// How many of them have data for the metric in the range.
    pub with_data: usize,
}

/// The comparison of the focus organisation with its peers for one metric and period range.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PeerComparison {
    pub metric: MetricSummary,
    pub periods: PeriodRange,
    pub peer_group: PeerGroupSummary,
    /// The focus and its peers with data, best rank first (ties by code).
    pub points: Vec<OrgPoint>,
    /// Index of the focus in `points`.
    pub focus: usize,
    pub rank: RankSummary,
    pub quartile: QuartilePosition,
    /// Minimum, quartiles, median and maximum of the peers without the focus (R type 7).
    pub peers: Option<FiveNumbers>,
    pub national: Option<NationalValue>,
    pub benchmark: BenchmarkValue,
    /// The focus against the benchmark at 95% and 99.8% together.
    pub significance: TwoLevelComparison,
    /// The focus against the benchmark at 95% alone.
    pub significance95: Significance,
    pub notices: Vec<Notice>,
}

impl PeerComparison {
    /// The focus organisation's point.
    pub fn focus_point(&self) -> &OrgPoint {
        &self.points[self.focus]
    }
}

/// Compares the focus with its peers as the request says: resolves the organisation, metric,
/// periods and peer group, then [`compare_resolved`].
pub fn compare_with_peers(
    dataset: &Dataset,
    request: &ComparisonRequest,
) -> Result<PeerComparison, BenchmarkError> {
    let focus = find_organisation(dataset, &request.focus)?;
    let metric = find_metric(dataset, &request.metric)?;
    let (from, to) = find_periods(dataset, request.from.as_deref(), request.to.as_deref())?;
    let group = peers::resolve_index(dataset, focus, &request.peers)?;
    compare_resolved(dataset, metric, from, to, &group, &request.benchmark, request.rank.as_ref())
}

/// The metric's index, or an error listing some ids.
pub fn find_metric(dataset: &Dataset, id: &str) -> Result<usize, BenchmarkError> {
    dataset.metric_index(id.trim()).ok_or_else(|| {
        let ids: Vec<&str> = dataset.metrics.iter().take(10).map(|m| m.id.as_str()).collect();
        BenchmarkError::new(
            NoticeCode::UnknownMetric,
            format!("'{id}' is not a metric in this data: choose one of {}", ids.join(", ")),
        )
    })
}

/// The inclusive period index range for `from`/`to` texts (each defaulting to the last period).
pub fn find_periods(
    dataset: &Dataset,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(usize, usize), BenchmarkError> {
    let Some(last) = dataset.periods.len().checked_sub(1) else {
        return Err(BenchmarkError::new(
            NoticeCode::UnknownPeriod,
            "the data has no periods: load observations first",
        ));
    };
    let find = |p: Option<&str>, which: &str| match p {
        None => Ok(last),
        Some(p) => dataset.period_index(p.trim()).ok_or_else(|| {
            BenchmarkError::new(
                NoticeCode::UnknownPeriod,
                format!(
                    "the {which} period '{p}' is not in the data, which runs from {} to {}",
                    dataset.periods[0], dataset.periods[last]
                ),
            )
        }),
    };
    let to_index = find(to, "last")?;
    let from_index = match from {
        None => to_index,
        Some(_) => find(from, "first")?,
    };
    if from_index > to_index {
        return Err(BenchmarkError::new(
            NoticeCode::UnknownPeriod,
            format!(
                "the range runs backwards, from {} to {}: give the earlier period as 'from'",
                dataset.periods[from_index], dataset.periods[to_index]
            ),
        ));
    }
    Ok((from_index, to_index))
}

/// Pooled sums for one organisation over the range.
#[derive(Clone, Default)]
struct Accumulator {
    numerator: f64,
    denominator: f64,
    rows_with_counts: usize,
    value_sum: f64,
    rows_with_value: usize,
    periods: usize,
    last_value: Option<f64>,
    published: Option<crate::data::SuppliedIntervals>,
}

/// Each organisation's figure for `metric` over periods `from..=to`, indexed like
/// `dataset.organisations` (`None` where it has no data). One pass over the observations.
pub fn figures(dataset: &Dataset, metric: usize, from: usize, to: usize) -> Vec<Option<Figure>> {
    let obs = &dataset.observations;
    let mut acc: Vec<Option<Accumulator>> = vec![None; dataset.organisations.len()];
    for i in 0..obs.len() {
        if obs.metric[i] as usize != metric {
            continue;
        }
        let p = obs.period[i] as usize;
        if p < from || p > to {
            continue;
        }
        let Some(slot) = acc.get_mut(obs.org[i] as usize) else {
            continue;
        };
        let a = slot.get_or_insert_with(Accumulator::default);
        a.periods += 1;
        if let (Some(x), Some(n)) = (obs.numerator[i], obs.denominator[i]) {
            a.numerator += x;
            a.denominator += n;
            a.rows_with_counts += 1;
        }
        if let Some(v) = obs.value[i] {
            a.value_sum += v;
            a.rows_with_value += 1;
            a.last_value = Some(v);
        }
        a.published = obs.supplied.get(&i).copied();
    }
    let Some(m) = dataset.metrics.get(metric) else {
        return vec![None; dataset.organisations.len()];
    };
    acc.into_iter().map(|a| a.and_then(|a| figure_of(&a, m))).collect()
}

fn figure_of(a: &Accumulator, m: &Metric) -> Option<Figure> {
    let poolable = matches!(m.kind, MetricKind::Proportion | MetricKind::Rate | MetricKind::Ratio);
    let counts = if a.rows_with_counts == a.periods && a.denominator > 0.0 {
        (Some(a.numerator), Some(a.denominator))
    } else {
        (None, None)
    };
    // A single period with a published interval: the published value and interval as given.
    if a.periods == 1
        && let (Some(v), Some(p)) = (a.last_value, a.published)
    {
        return Some(Figure {
            value: v,
            ci95: p.ci95,
            ci99_8: p.ci99_8,
            interval_source: Some(IntervalSource::Published),
            numerator: counts.0,
            denominator: counts.1,
            periods: 1,
            averaged: false,
        });
    }
    if let (true, Some(x), Some(n)) = (poolable, counts.0, counts.1) {
        let (ci95, ci99_8, source) = computed_intervals(m, x, n);
        // A single period with a given value keeps it (the tidy loader warned if it disagrees).
        let value = match (a.periods, a.last_value) {
            (1, Some(v)) => v,
            _ => x / n * m.multiplier,
        };
        return Some(Figure {
            value,
            ci95,
            ci99_8,
            interval_source: source,
            numerator: Some(x),
            denominator: Some(n),
            periods: a.periods,
            averaged: false,
        });
    }
    if a.rows_with_value == 0 {
        // Counts without a value, for a kind that does not pool (a mean given as sum and count).
        let (Some(x), Some(n)) = counts else {
            return None;
        };
        return Some(Figure {
            value: x / n * m.multiplier,
            ci95: None,
            ci99_8: None,
            interval_source: None,
            numerator: Some(x),
            denominator: Some(n),
            periods: a.periods,
            averaged: false,
        });
    }
    Some(Figure {
        value: a.value_sum / a.rows_with_value as f64,
        ci95: None,
        ci99_8: None,
        interval_source: None,
        numerator: counts.0,
        denominator: counts.1,
        periods: a.periods,
        averaged: a.rows_with_value > 1,
    })
}

/// PHE's interval for a metric's pooled counts at 95% and 99.8%, on the shown scale.
fn computed_intervals(
    m: &Metric,
    x: f64,
    n: f64,
) -> (Option<Interval>, Option<Interval>, Option<IntervalSource>) {
    match m.kind {
        MetricKind::Proportion => {
            let at = |c: f64| proportion::wilson(x, n, c).ok().map(|i| i.scaled(m.multiplier));
            (at(0.95), at(0.998), Some(IntervalSource::Wilson))
        }
        MetricKind::Rate | MetricKind::Ratio => {
            let at = |c: f64| poisson::count_interval(x, c).ok();
            let (Some((i95, method)), Some((i998, _))) = (at(0.95), at(0.998)) else {
                return (None, None, None);
            };
            let scale = m.multiplier / n;
            let source = match method {
                IntervalMethod::ExactPoisson => IntervalSource::ExactPoisson,
                _ => IntervalSource::Byars,
            };
            (Some(i95.scaled(scale)), Some(i998.scaled(scale)), Some(source))
        }
        MetricKind::Mean | MetricKind::Value => (None, None, None),
    }
}

/// The national value: England's row when the data has one, else the counts pooled over every
/// organisation that is not an aggregate.
pub fn national(dataset: &Dataset, metric: usize, all: &[Option<Figure>]) -> Option<NationalValue> {
    if let Some(n) = dataset.national_index() {
        return all.get(n).cloned().flatten().map(|figure| NationalValue {
            figure,
            source: format!("the national row ({})", dataset.organisations[n].code),
        });
    }
    let m = dataset.metrics.get(metric)?;
    if !matches!(m.kind, MetricKind::Proportion | MetricKind::Rate | MetricKind::Ratio) {
        return None;
    }
    let (mut x, mut n, mut count, mut periods) = (0.0, 0.0, 0usize, 0usize);
    for (o, f) in dataset.organisations.iter().zip(all) {
        if o.is_aggregate() {
            continue;
        }
        let Some(f) = f else { continue };
        let (Some(fx), Some(fn_)) = (f.numerator, f.denominator) else {
            return None;
        };
        x += fx;
        n += fn_;
        count += 1;
        periods = periods.max(f.periods);
    }
    if count == 0 || n <= 0.0 {
        return None;
    }
    let (ci95, ci99_8, interval_source) = computed_intervals(m, x, n);
    Some(NationalValue {
        figure: Figure {
            value: x / n * m.multiplier,
            ci95,
            ci99_8,
            interval_source,
            numerator: Some(x),
            denominator: Some(n),
            periods,
            averaged: false,
        },
        source: format!("pooled over {count} organisations"),
    })
}

/// The comparison for a resolved peer group: see the module documentation for each part.
pub fn compare_resolved(
    dataset: &Dataset,
    metric: usize,
    from: usize,
    to: usize,
    group: &PeerGroup,
    benchmark: &BenchmarkChoice,
    rank_options: Option<&RankOptions>,
) -> Result<PeerComparison, BenchmarkError> {
    let scope = Scope::of(dataset, metric, from, to, group.focus)?;
    let m = scope.metric;
    let all = figures(dataset, metric, from, to);
    let focus_figure = focus_figure(&all, group.focus, &scope)?;
    let mut notices = group.notices.clone();
    let (mut points, without) = group_points(dataset, group, &all, focus_figure);
    let with_data = points.len() - 1;
    if with_data == 0 {
        let mut err = BenchmarkError::new(
            NoticeCode::EmptyPeerGroup,
            format!(
                "none of the {} peers in '{}' has data for '{}' in {}: choose another peer group or period",
                group.members.len(),
                group.label,
                m.title,
                scope.range
            ),
        );
        err.notices.extend(notices);
        return Err(err);
    }
    coverage_notices(&scope, group, &without, &points, &mut notices);

    // National value and benchmark.
    let national = national(dataset, metric, &all);
    let bench = benchmark_value(dataset, benchmark, m, group, &all, &points, national.as_ref(), &mut notices);

    // Rank, quartile, percentile.
    let values = rank_points(&mut points, m, bench.value, rank_options, &mut notices);
    let rank = RankSummary {
        rank: points[0].rank,
        of: points.len(),
        interval: points[0].rank_interval,
        percentile: percentile_rank(&values, values[0]).unwrap_or(50.0),
    };
    let quartile = quartile_position(points[0].quartile, m.polarity, points.len());
    let peers_summary = five_numbers(&values[1..], QuantileMethod::Type7).ok().flatten();
    let significance = points[0].significance;
    let f = &points[0].figure;
    let significance95 = compare(f.ci95.map(|c| c.lower), f.ci95.map(|c| c.upper), bench.value, m.polarity);
    let (points, focus_position) = best_first(points);

    Ok(PeerComparison {
        metric: MetricSummary::of(m),
        periods: PeriodRange { from: scope.from.clone(), to: scope.to.clone(), count: to - from + 1 },
        peer_group: PeerGroupSummary {
            label: group.label.clone(),
            spec: group.spec.clone(),
            members: group.members.clone(),
            with_data,
        },
        points,
        focus: focus_position,
        rank,
        quartile,
        peers: peers_summary,
        national,
        benchmark: bench,
        significance,
        significance95,
        notices,
    })
}

/// The metric, focus and period range a comparison is over, each checked to be in the data.
struct Scope<'d> {
    metric: &'d Metric,
    focus: &'d Organisation,
    from: &'d String,
    to: &'d String,
    /// The range as the notices name it: one period, or "{from} to {to}".
    range: String,
}

impl<'d> Scope<'d> {
    fn of(
        dataset: &'d Dataset,
        metric: usize,
        from: usize,
        to: usize,
        focus: usize,
    ) -> Result<Self, BenchmarkError> {
        let m = dataset.metrics.get(metric).ok_or_else(|| {
            BenchmarkError::new(
                NoticeCode::UnknownMetric,
                format!("metric index {metric} is outside the data"),
            )
        })?;
        let focus_org = dataset.organisations.get(focus).ok_or_else(|| {
            BenchmarkError::new(
                NoticeCode::UnknownOrganisation,
                format!("organisation index {focus} is outside the data"),
            )
        })?;
        let (Some(from_text), Some(to_text)) = (dataset.periods.get(from), dataset.periods.get(to)) else {
            return Err(BenchmarkError::new(
                NoticeCode::UnknownPeriod,
                format!("period indices {from} to {to} are outside the data"),
            ));
        };
        let range = if from == to { from_text.clone() } else { format!("{from_text} to {to_text}") };
        Ok(Scope { metric: m, focus: focus_org, from: from_text, to: to_text, range })
    }
}

/// The focus's figure; fails when no organisation, or not the focus, has data in the range.
fn focus_figure(all: &[Option<Figure>], focus: usize, scope: &Scope) -> Result<Figure, BenchmarkError> {
    let (m, range) = (scope.metric, &scope.range);
    if all.iter().all(Option::is_none) {
        return Err(BenchmarkError::new(
            NoticeCode::NoDataForPeriod,
            format!("no organisation has data for '{}' in {range}: choose another period or metric", m.title),
        ));
    }
    all[focus].clone().ok_or_else(|| {
        BenchmarkError::new(
            NoticeCode::FocusHasNoData,
            format!(
                "{} has no data for '{}' in {range}: choose another period, metric or organisation",
                scope.focus.code, m.title
            ),
        )
    })
}

/// The focus's point first, then each peer with data in the group's order, not yet ranked; and
/// the codes of the peers without data.
fn group_points<'g>(
    dataset: &Dataset,
    group: &'g PeerGroup,
    all: &[Option<Figure>],
    focus_figure: Figure,
) -> (Vec<OrgPoint>, Vec<&'g str>) {
    let point = |org: usize, figure: Figure, is_focus: bool| {
        let o = &dataset.organisations[org];
        OrgPoint {
            org,
            code: o.code.clone(),
            name: o.name.clone(),
            is_focus,
            figure,
            rank: 0,
            rank_interval: None,
            quartile: None,
            significance: TwoLevelComparison::NotCompared,
        }
    };
    let mut without: Vec<&str> = Vec::new();
    let mut points: Vec<OrgPoint> = Vec::with_capacity(group.members.len() + 1);
    points.push(point(group.focus, focus_figure, true));
    for member in &group.members {
        match &all[member.org] {
            Some(f) => points.push(point(member.org, f.clone(), false)),
            None => without.push(&member.code),
        }
    }
    (points, without)
}

/// The warnings on what the comparison rests on: peers left out for want of data (and too few
/// left), values averaged over periods, a focus with no interval, a metric with no polarity.
fn coverage_notices(
    scope: &Scope,
    group: &PeerGroup,
    without: &[&str],
    points: &[OrgPoint],
    notices: &mut Vec<Notice>,
) {
    let (m, range) = (scope.metric, &scope.range);
    let with_data = points.len() - 1;
    if !without.is_empty() {
        let shown: Vec<&str> = without.iter().take(10).copied().collect();
        notices.push(Notice::warning(
            NoticeCode::PeersWithoutData,
            format!(
                "{} of the {} peers {} no data for '{}' in {range} and {} left out: {}{}",
                without.len(),
                group.members.len(),
                if without.len() == 1 { "has" } else { "have" },
                m.title,
                if without.len() == 1 { "is" } else { "are" },
                shown.join(", "),
                if without.len() > shown.len() { ", ..." } else { "" }
            ),
        ));
        if with_data < MIN_PEERS && group.members.len() >= MIN_PEERS {
            notices.push(Notice::warning(
                NoticeCode::SmallPeerGroup,
                format!(
                    "only {with_data} peer{} with data remain{}: quartiles and ranks among so few mean little",
                    if with_data == 1 { "" } else { "s" },
                    if with_data == 1 { "s" } else { "" }
                ),
            ));
        }
    }
    if points.iter().any(|p| p.figure.averaged) {
        notices.push(Notice::warning(
            NoticeCode::AveragedOverPeriods,
            format!(
                "'{}' has no counts to pool, so each organisation's value is the mean of its values over {range}",
                m.title
            ),
        ));
    }
    if points[0].figure.ci95.is_none() {
        notices.push(Notice::warning(
            NoticeCode::NoInterval,
            format!(
                "{}'s figure has no confidence interval ({}), so it cannot be tested against the benchmark",
                scope.focus.code,
                match m.kind {
                    MetricKind::Value => "a plain value",
                    MetricKind::Mean => "a mean given without its standard deviation",
                    _ => "no counts or published interval",
                }
            ),
        ));
    }
    if m.polarity == Polarity::NoJudgement {
        notices.push(Notice::warning(
            NoticeCode::NoPolarity,
            format!(
                "'{}' has no better direction: ranks run from the highest value and differences are higher or \
                 lower, not better or worse",
                m.title
            ),
        ));
    }
}

/// Each point's rank, quartile, rank interval (when asked for) and significance against the
/// benchmark; returns the points' values, the focus's first.
fn rank_points(
    points: &mut [OrgPoint],
    m: &Metric,
    benchmark: Option<f64>,
    rank_options: Option<&RankOptions>,
    notices: &mut Vec<Notice>,
) -> Vec<f64> {
    let values: Vec<f64> = points.iter().map(|p| p.figure.value).collect();
    let ranks = polarity_ranks(&values, m.polarity);
    let quartiles =
        phe_quantiles(&values.iter().map(|v| Some(*v)).collect::<Vec<_>>(), 4, phe_invert_for(m.polarity))
            .unwrap_or_else(|_| vec![None; values.len()]);
    let intervals = rank_options.and_then(|o| rank_uncertainty(m, points, o, notices));
    for (i, p) in points.iter_mut().enumerate() {
        p.rank = ranks[i];
        p.quartile = quartiles[i];
        p.rank_interval = intervals.as_ref().and_then(|v| v.get(i).copied());
        p.significance = two_level(&p.figure, benchmark, m.polarity);
    }
    values
}

/// The points best rank first, ties by code, and the position the focus (the first point in)
/// went to.
fn best_first(points: Vec<OrgPoint>) -> (Vec<OrgPoint>, usize) {
    let mut order: Vec<usize> = (0..points.len()).collect();
    crate::order::sort_by(&mut order, |&a, &b| {
        points[a].rank.cmp(&points[b].rank).then_with(|| points[a].code.cmp(&points[b].code))
    });
    let focus_position = order.iter().position(|&i| i == 0).unwrap_or(0);
    let mut slots: Vec<Option<OrgPoint>> = points.into_iter().map(Some).collect();
    (order.iter().filter_map(|&i| slots[i].take()).collect(), focus_position)
}

/// The two-level comparison of a figure with the benchmark.
pub(crate) fn two_level(f: &Figure, benchmark: Option<f64>, polarity: Polarity) -> TwoLevelComparison {
    compare_two_level(
        (f.ci95.map(|c| c.lower), f.ci95.map(|c| c.upper)),
        (f.ci99_8.map(|c| c.lower), f.ci99_8.map(|c| c.upper)),
        benchmark,
        polarity,
    )
}

/// Competition ranks with 1 = best by polarity (highest first when there is none).
pub(crate) fn polarity_ranks(values: &[f64], polarity: Polarity) -> Vec<usize> {
    let keyed: Vec<Option<f64>> =
        values.iter().map(|&v| Some(if polarity == Polarity::LowerIsBetter { v } else { -v })).collect();
    // Values are finite (figures come from validated data), so ranking cannot fail.
    rank(&keyed, Ties::Min).unwrap_or_default().into_iter().map(|r| r.map_or(0, |r| r as usize)).collect()
}

pub(crate) fn quartile_position(quartile: Option<u32>, polarity: Polarity, n: usize) -> QuartilePosition {
    let judged = polarity != Polarity::NoJudgement;
    let label = match quartile {
        Some(4) if judged => "best quartile",
        Some(3) if judged => "second best quartile",
        Some(2) if judged => "third quartile",
        Some(1) if judged => "worst quartile",
        Some(4) => "highest quartile",
        Some(3) => "second highest quartile",
        Some(2) => "second lowest quartile",
        Some(1) => "lowest quartile",
        _ => "",
    };
    QuartilePosition {
        quartile,
        label: if label.is_empty() {
            format!("no quartile: {n} organisations with data, at least 4 are needed")
        } else {
            label.to_string()
        },
    }
}

fn rank_uncertainty(
    m: &Metric,
    points: &[OrgPoint],
    options: &RankOptions,
    notices: &mut Vec<Notice>,
) -> Option<Vec<RankInterval>> {
    let counts: Option<(Vec<f64>, Vec<f64>)> = points
        .iter()
        .map(|p| match (p.figure.numerator, p.figure.denominator, p.figure.interval_source) {
            (
                Some(x),
                Some(n),
                Some(IntervalSource::Wilson | IntervalSource::Byars | IntervalSource::ExactPoisson),
            ) => Some((x, n)),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()
        .map(|v| v.into_iter().unzip());
    let Some((x, n)) = counts else {
        notices.push(Notice::warning(
            NoticeCode::NoInterval,
            "rank uncertainty needs counts for every organisation (a proportion, rate or ratio with numerator \
             and denominator): ranks are shown without it",
        ));
        return None;
    };
    let result = match m.kind {
        MetricKind::Proportion => rank_intervals_proportion(&x, &n, m.polarity, options),
        MetricKind::Rate | MetricKind::Ratio => rank_intervals_rate(&x, &n, m.polarity, options),
        MetricKind::Mean | MetricKind::Value => return None,
    };
    match result {
        Ok(v) => Some(v),
        Err(e) => {
            notices.push(Notice::warning(
                NoticeCode::InvalidSpec,
                format!("rank uncertainty could not be simulated: {e}"),
            ));
            None
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn benchmark_value(
    dataset: &Dataset,
    choice: &BenchmarkChoice,
    m: &Metric,
    group: &PeerGroup,
    all: &[Option<Figure>],
    points: &[OrgPoint],
    national: Option<&NationalValue>,
    notices: &mut Vec<Notice>,
) -> BenchmarkValue {
    let median_of = |values: &[f64]| -> Option<f64> {
        five_numbers(values, QuantileMethod::Type7).ok().flatten().map(|s| s.median)
    };
    let (label, value) = match choice {
        BenchmarkChoice::National {} => {
            let v = national.map(|n| n.figure.value);
            if v.is_none() {
                notices.push(Notice::warning(
                    NoticeCode::BenchmarkUnavailable,
                    format!(
                        "there is no national value for '{}' (no national row, and plain values do not pool): \
                         choose the peer median or a target as the benchmark",
                        m.title
                    ),
                ));
            }
            ("England".to_string(), v)
        }
        BenchmarkChoice::PeerMedian {} => {
            let peers: Vec<f64> = points[1..].iter().map(|p| p.figure.value).collect();
            ("Peer median".to_string(), median_of(&peers))
        }
        BenchmarkChoice::ExemplarMedian {} => {
            let found: Vec<_> = EXEMPLARS
                .iter()
                .filter_map(|(code, _)| Some((*code, peers::exemplar_index(dataset, code)?)))
                .collect();
            let mapped: Vec<_> = found
                .iter()
                .filter_map(|(was, (_, now))| now.map(|(code, name)| (*was, code, name)))
                .collect();
            notices.extend(peers::successor_statement(&mapped));
            let values: Vec<f64> = found
                .iter()
                .map(|(_, (i, _))| *i)
                .filter(|&i| i != group.focus)
                .filter_map(|i| all.get(i).cloned().flatten().map(|f| f.value))
                .collect();
            let v = if values.len() >= MIN_PEERS {
                median_of(&values)
            } else {
                notices.push(Notice::warning(
                    NoticeCode::BenchmarkUnavailable,
                    format!(
                        "only {} Global Digital Exemplar{} data for '{}': at least {MIN_PEERS} are needed for their \
                         median; choose another benchmark",
                        values.len(),
                        if values.len() == 1 { " has" } else { "s have" },
                        m.title
                    ),
                ));
                None
            };
            ("Exemplars' median".to_string(), v)
        }
        BenchmarkChoice::Target { value } => {
            let v = value.or(m.target).filter(|t| t.is_finite());
            if v.is_none() {
                notices.push(Notice::warning(
                    NoticeCode::BenchmarkUnavailable,
                    format!("'{}' has no target: give a target value or choose another benchmark", m.title),
                ));
            }
            ("Target".to_string(), v)
        }
    };
    BenchmarkValue { choice: choice.clone(), label, value }
}

/// Plain words for a two-level comparison.
pub fn significance_words(s: TwoLevelComparison) -> &'static str {
    use TwoLevelComparison as T;
    match s {
        T::Better998 => "better, 99.8%",
        T::Better95 => "better, 95%",
        T::Similar => "similar",
        T::Worse95 => "worse, 95%",
        T::Worse998 => "worse, 99.8%",
        T::Higher998 => "higher, 99.8%",
        T::Higher95 => "higher, 95%",
        T::Lower95 => "lower, 95%",
        T::Lower998 => "lower, 99.8%",
        T::NotCompared => "not compared",
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::benchmark::opportunity::{OpportunityTarget, what_if};
    use crate::data::{Observations, Organisation};
    use std::collections::BTreeMap;

    /// Five trusts over two months of a higher-is-better percentage, and E with no rows:
    /// F 80/100 + 90/100 = 170/200 = 85%; A 45/50 + 45/50 = 90/100 = 90%;
    /// B 70/100 + 80/100 = 150/200 = 75%; C 95/100 + 95/100 = 190/200 = 95%;
    /// D 160/200 + 160/200 = 320/400 = 80%. Metric "none" has no rows at all.
    pub(crate) fn dataset() -> Dataset {
        let codes = ["F", "A", "B", "C", "D", "E"];
        let organisations = codes
            .iter()
            .map(|c| Organisation {
                code: c.to_string(),
                name: format!("Trust {c}"),
                attributes: BTreeMap::new(),
            })
            .collect();
        let metric = |id: &str| Metric {
            id: id.into(),
            title: format!("Seen within 4 hours ({id})"),
            unit: "%".into(),
            kind: MetricKind::Proportion,
            polarity: Polarity::HigherIsBetter,
            multiplier: 100.0,
            source: "test".into(),
            target: Some(95.0),
        };
        let mut observations = Observations::default();
        for (org, rows) in [
            (0, [(80.0, 100.0), (90.0, 100.0)]),
            (1, [(45.0, 50.0), (45.0, 50.0)]),
            (2, [(70.0, 100.0), (80.0, 100.0)]),
            (3, [(95.0, 100.0), (95.0, 100.0)]),
            (4, [(160.0, 200.0), (160.0, 200.0)]),
        ] {
            for (period, (x, n)) in rows.into_iter().enumerate() {
                observations.push(org, 0, period as u32, Some(x), Some(n), None);
            }
        }
        Dataset {
            organisations,
            metrics: vec![metric("p4"), metric("none")],
            periods: vec!["2019-01".into(), "2019-02".into()],
            observations,
            ..Dataset::default()
        }
    }

    pub(crate) fn request(benchmark: BenchmarkChoice) -> ComparisonRequest {
        ComparisonRequest {
            focus: "F".into(),
            metric: "p4".into(),
            from: Some("2019-01".into()),
            to: Some("2019-02".into()),
            peers: PeerGroupSpec::All {},
            benchmark,
            rank: Some(RankOptions::default()),
        }
    }

    fn close(a: f64, b: f64, tol: f64) {
        assert!((a - b).abs() <= tol, "{a} vs {b}");
    }

    #[test]
    fn counts_pool_over_periods_and_the_focus_gets_its_wilson_interval() {
        let c = compare_with_peers(&dataset(), &request(BenchmarkChoice::default())).unwrap();
        let f = c.focus_point();
        assert_eq!(f.code, "F");
        close(f.figure.value, 85.0, 1e-12);
        assert_eq!(
            (f.figure.numerator, f.figure.denominator, f.figure.periods),
            (Some(170.0), Some(200.0), 2)
        );
        // Wilson 95% for 170/200 (z = 1.959964): (343.8415 -/+ 20.1640) / 407.6829 = 79.3944% to 89.2864%.
        let ci = f.figure.ci95.unwrap();
        close(ci.lower, 79.394421, 1e-5);
        close(ci.upper, 89.286406, 1e-5);
        let ci = f.figure.ci99_8.unwrap();
        close(ci.lower, 75.617305, 1e-5);
        close(ci.upper, 91.192673, 1e-5);
        assert_eq!(f.figure.interval_source, Some(IntervalSource::Wilson));
        assert_eq!(c.periods.count, 2);
    }

    #[test]
    fn rank_percentile_quartile_and_peer_quartiles_match_hand_computation() {
        let c = compare_with_peers(&dataset(), &request(BenchmarkChoice::default())).unwrap();
        // Highest first: C 95, A 90, F 85, D 80, B 75.
        let order: Vec<&str> = c.points.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(order, vec!["C", "A", "F", "D", "B"]);
        assert_eq!(c.focus, 2);
        assert_eq!((c.rank.rank, c.rank.of), (3, 5));
        // Two of five below 85 and one equal: (2 + 0.5) / 5 = 50%.
        close(c.rank.percentile, 50.0, 1e-12);
        // PHE quartiles, N = 5: F has ascending rank 3, floor(5 - ceil((6 - 3) / 1.25)) = 2.
        assert_eq!(c.quartile.quartile, Some(2));
        assert_eq!(c.quartile.label, "third quartile");
        let q: Vec<Option<u32>> = c.points.iter().map(|p| p.quartile).collect();
        assert_eq!(q, vec![Some(4), Some(3), Some(2), Some(1), Some(1)]);
        // Peers without F: 75, 80, 90, 95. Type 7: q1 = 75 + 0.75 x 5 = 78.75, median = 85,
        // q3 = 90 + 0.25 x 5 = 91.25.
        let p = c.peers.unwrap();
        assert_eq!((p.min, p.q1, p.median, p.q3, p.max), (75.0, 78.75, 85.0, 91.25, 95.0));
        // E has no rows: reported, not silently dropped.
        assert!(
            c.notices.iter().any(|n| n.code == NoticeCode::PeersWithoutData && n.message.contains(": E"))
        );
        assert_eq!(c.peer_group.with_data, 4);
        let ri = c.rank.interval.unwrap();
        assert_eq!(ri.rank, 3);
        assert!(ri.lower <= 3 && 3 <= ri.upper && ri.upper <= 5);
    }

    #[test]
    fn the_national_value_is_pooled_and_the_focus_is_similar_to_it() {
        let c = compare_with_peers(&dataset(), &request(BenchmarkChoice::National {})).unwrap();
        // (170 + 90 + 150 + 190 + 320) / (200 + 100 + 200 + 200 + 400) = 920 / 1100 = 83.6364%.
        let n = c.national.as_ref().unwrap();
        close(n.figure.value, 83.636364, 1e-5);
        assert_eq!(n.source, "pooled over 5 organisations");
        assert_eq!(c.benchmark.value, Some(n.figure.value));
        // 83.64 lies inside 79.39 to 89.29.
        assert_eq!(c.significance, TwoLevelComparison::Similar);
        assert_eq!(c.significance95, Significance::Similar);
    }

    #[test]
    fn against_the_95_target_the_focus_is_worse_at_99_8_percent() {
        let c = compare_with_peers(&dataset(), &request(BenchmarkChoice::Target { value: None })).unwrap();
        // 95 is above the 99.8% upper limit 91.19.
        assert_eq!(c.benchmark.value, Some(95.0));
        assert_eq!(c.significance, TwoLevelComparison::Worse998);
        let peer = compare_with_peers(&dataset(), &request(BenchmarkChoice::PeerMedian {})).unwrap();
        assert_eq!(peer.benchmark.value, Some(85.0));
        assert_eq!(peer.significance, TwoLevelComparison::Similar);
        let ex = compare_with_peers(&dataset(), &request(BenchmarkChoice::ExemplarMedian {})).unwrap();
        assert_eq!(ex.benchmark.value, None);
        assert!(ex.notices.iter().any(|n| n.code == NoticeCode::BenchmarkUnavailable));
        assert_eq!(ex.significance, TwoLevelComparison::NotCompared);
    }

    #[test]
    fn opportunity_to_the_best_quartile_is_a_range_and_none_at_the_median() {
        let c = compare_with_peers(&dataset(), &request(BenchmarkChoice::default())).unwrap();
        let f = c.focus_point().figure.clone();
        let (opportunity, _) = crate::benchmark::opportunity::of_comparison(&c, f.value, f.ci95);
        let median = &opportunity[0];
        assert_eq!(median.target, OpportunityTarget::PeerMedian);
        assert_eq!(median.gap.central, 0.0);
        assert!(median.sentence.starts_with("At or better than the peer median (85)"));
        let best = &opportunity[1];
        assert_eq!(best.target, OpportunityTarget::BestQuartile);
        // Gap to q3 91.25: central 91.25 - 85 = 6.25; beyond the interval 91.25 - 89.2864 =
        // 1.9636; from the far limit 91.25 - 79.3944 = 11.8556. Volume x 200 / 100:
        // 3.9272, 12.5, 23.7112 attendances.
        close(best.gap.low, 1.963594, 1e-5);
        close(best.gap.central, 6.25, 1e-12);
        close(best.gap.high, 11.855579, 1e-5);
        let v = best.volume.unwrap();
        close(v.low, 3.927187, 1e-5);
        close(v.central, 12.5, 1e-12);
        close(v.high, 23.711159, 1e-5);
        assert!(best.beyond_interval);
    }

    #[test]
    fn a_what_if_moves_interval_rank_quartile_significance_and_opportunity_together() {
        let c = compare_with_peers(&dataset(), &request(BenchmarkChoice::default())).unwrap();
        let w = what_if(&c, 95.0).unwrap();
        // 190/200: Wilson 95% 91.0422 to 97.2617, above the national 83.64 even at 99.8%
        // (87.8648 to 98.0338).
        let ci = w.ci95.unwrap();
        close(ci.lower, 91.042185, 1e-5);
        close(ci.upper, 97.261735, 1e-5);
        assert_eq!(w.significance, TwoLevelComparison::Better998);
        // Tied with C at the top: rank 1; ascending min-rank 4 of 5 gives quartile 3.
        assert_eq!((w.rank, w.of), (1, 5));
        assert_eq!(w.quartile.quartile, Some(3));
        assert!(w.opportunity.iter().all(|o| o.gap.central == 0.0));
        assert_eq!(what_if(&c, 101.0).unwrap_err().code(), Some(NoticeCode::InvalidSpec));
    }

    #[test]
    fn bad_input_gives_a_clear_error_not_an_empty_result() {
        let ds = dataset();
        let mut r = request(BenchmarkChoice::default());
        r.metric = "nope".into();
        assert_eq!(compare_with_peers(&ds, &r).unwrap_err().code(), Some(NoticeCode::UnknownMetric));
        let mut r = request(BenchmarkChoice::default());
        r.to = Some("2020-01".into());
        let err = compare_with_peers(&ds, &r).unwrap_err();
        assert_eq!(err.code(), Some(NoticeCode::UnknownPeriod));
        assert!(err.to_string().contains("runs from 2019-01 to 2019-02"));
        let mut r = request(BenchmarkChoice::default());
        r.metric = "none".into();
        assert_eq!(compare_with_peers(&ds, &r).unwrap_err().code(), Some(NoticeCode::NoDataForPeriod));
        let mut r = request(BenchmarkChoice::default());
        r.focus = "E".into();
        assert_eq!(compare_with_peers(&ds, &r).unwrap_err().code(), Some(NoticeCode::FocusHasNoData));
        let mut r = request(BenchmarkChoice::default());
        r.peers = PeerGroupSpec::List { name: None, codes: vec!["E".into()] };
        let err = compare_with_peers(&ds, &r).unwrap_err();
        assert_eq!(err.code(), Some(NoticeCode::EmptyPeerGroup));
        assert!(err.to_string().contains("none of the 1 peers"));
        let mut r = request(BenchmarkChoice::default());
        r.focus = "ZZZ".into();
        assert_eq!(compare_with_peers(&ds, &r).unwrap_err().code(), Some(NoticeCode::UnknownOrganisation));
    }

    #[test]
    fn sensitivity_says_when_the_quartile_depends_on_the_peer_group() {
        let ds = dataset();
        let list = PeerGroupSpec::List {
            name: Some("Three".into()),
            codes: vec!["B".into(), "D".into(), "A".into()],
        };
        let groups = [PeerGroupSpec::All {}, list, PeerGroupSpec::Exemplars {}];
        use crate::benchmark::sensitivity::sensitivity;
        let s = sensitivity(&ds, &request(BenchmarkChoice::default()), &groups).unwrap();
        // Among B 75, D 80, F 85, A 90 (N = 4) F's ascending rank 3 gives quartile 3; among all
        // five it was quartile 2.
        assert_eq!(s.rows[0].quartile, Some(2));
        assert_eq!(s.rows[1].quartile, Some(3));
        assert!(s.quartile_changes);
        assert!(!s.significance_changes);
        assert_eq!(
            s.summary,
            "F's quartile depends on the peer group: third quartile among All organisations (similar); \
             second best quartile among Three (similar)"
        );
        // The exemplars are not in this data: the row says so and the rest still compare.
        assert!(s.rows[2].error.as_ref().unwrap().contains("none of the 12 Global Digital Exemplars"));
        assert_eq!(s.notices[0].code, NoticeCode::EmptyPeerGroup);
        assert_eq!(s.notices[1].code, NoticeCode::PeerGroupSensitive);
        let err = sensitivity(&ds, &request(BenchmarkChoice::default()), &groups[2..]).unwrap_err();
        assert_eq!(err.code(), Some(NoticeCode::EmptyPeerGroup));
    }

    #[test]
    fn requests_read_from_json_with_defaults_and_reject_unknown_fields() {
        let r: ComparisonRequest = serde_json::from_str(
            r#"{"focus": "F", "metric": "p4", "peers": {"kind": "all"}, "benchmark": {"kind": "peerMedian"}}"#,
        )
        .unwrap();
        assert_eq!(r.benchmark, BenchmarkChoice::PeerMedian {});
        assert_eq!(r.rank, Some(RankOptions::default()));
        let c = compare_with_peers(&dataset(), &r).unwrap();
        // Defaults to the last period alone: F 90/100 = 90%.
        assert_eq!(c.periods.from, "2019-02");
        close(c.focus_point().figure.value, 90.0, 1e-12);
        assert!(
            serde_json::from_str::<ComparisonRequest>(
                r#"{"focus": "F", "metric": "p4", "peers": {"kind": "all"}, "benchmark": {"kind": "national", "x": 1}}"#
            )
            .is_err()
        );
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["points"][0]["isFocus"], serde_json::Value::Bool(false));
        assert!(json["points"][0]["ci95"]["lower"].is_number());
    }
}
