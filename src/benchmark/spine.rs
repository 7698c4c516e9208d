//! The spine: one organisation across many metrics at once, as Fingertips' area profile shows it.
//! Each row is one metric: the focus's value with its 95% and 99.8% intervals and counts, the
//! national value, how the comparison organisations are spread (lowest, lower quartile, median,
//! upper quartile, highest, and which end is worst and which best), and the focus's significance
//! against the chosen benchmark at both levels. A metric the focus (or everyone) has no data for
//! in the period is a row that says so, never a row dropped.
//!
//! Each row is [`compare_resolved`] for that metric (the same pooled figures, intervals, national
//! value, benchmark and two-level significance as every other view), plus:
//!
//! - the distribution over the organisations compared, the focus included, as Fingertips' spine
//!   takes it over every area of the type (R `quantile(type = 7)`: fingertipscharts'
//!   `spine_rescaler` calls `quantile(value, na.rm = TRUE)` for the 0, 25, 75 and 100th
//!   percentiles);
//! - the spine's scale ([`SpineScale`]), from the same function: the national value at the
//!   centre, and the half-width the larger of its distances to the lowest and highest values, so
//!   the farther end of the range touches the edge and the nearer end falls short; when lower is
//!   better the scale is flipped so that best is always on the right.

use super::compare::{
    BenchmarkChoice, BenchmarkValue, Figure, MetricSummary, NationalValue, PeerComparison, PeriodRange,
    QuartilePosition, compare_resolved, figures, find_metric, find_periods, national,
};
use super::peers::{self, PeerGroup, PeerGroupSpec};
use super::{BenchmarkError, Notice, NoticeCode, find_organisation};
use crate::data::{Dataset, Metric, Observations, Organisation, Polarity};
pub use crate::stats::compare::TwoLevelComparison;
use crate::stats::quantile::{FiveNumbers, QuantileMethod, five_numbers};
use serde::{Deserialize, Serialize};

/// What a spine needs, as a spec or a page gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SpineRequest {
    /// The focus organisation's code.
    pub focus: String,
    /// Metric ids in the order of the rows; empty for every metric in the data.
    #[serde(default)]
    pub metrics: Vec<String>,
    /// The first period of the range; default: the last period.
    #[serde(default)]
    pub from: Option<String>,
    /// The last period of the range; default: the last period.
    #[serde(default)]
    pub to: Option<String>,
    pub peers: PeerGroupSpec,
    #[serde(default)]
    pub benchmark: BenchmarkChoice,
}

/// The organisation the spine is about.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SpineFocus {
    pub org: usize,
    pub code: String,
    pub name: String,
}

/// Where the spine's centre line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SpineCentre {
    /// The national value, as Fingertips centres it.
    National,
    /// The median of the organisations compared, where there is no national value (plain values,
    /// which do not pool); a notice says so.
    Median,
}

/// How a row's values map onto its bar: `position(v)` is 0 at the left end, 0.5 at the centre
/// and 1 at the right end, best always to the right (fingertipscharts `spine_rescaler`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SpineScale {
    /// The value at the centre of the bar.
    pub centre: f64,
    pub centred_on: SpineCentre,
    /// The larger of the centre's distances to the lowest and highest values (0 when all are equal).
    pub half_width: f64,
    /// True when lower is better, so low values are drawn on the right.
    pub flipped: bool,
}

impl SpineScale {
    /// The scale for a distribution around `centre`.
    pub fn new(centre: f64, centred_on: SpineCentre, five: &FiveNumbers, polarity: Polarity) -> Self {
        let half_width = (centre - five.min).abs().max((five.max - centre).abs());
        Self { centre, centred_on, half_width, flipped: polarity == Polarity::LowerIsBetter }
    }

    /// Where `v` falls on the bar, from 0 (left) to 1 (right); values beyond the range fall
    /// outside 0..1. Every value is at the centre when the range has no width.
    pub fn position(&self, v: f64) -> f64 {
        if self.half_width <= 0.0 || !self.half_width.is_finite() {
            return 0.5;
        }
        let p = 0.5 + (v - self.centre) / (2.0 * self.half_width);
        if self.flipped { 1.0 - p } else { p }
    }
}

/// How the organisations compared are spread for one metric.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SpineDistribution {
    /// Organisations with data, the focus included.
    pub organisations: usize,
    /// Lowest, quartiles (R type 7), median and highest.
    pub five: FiveNumbers,
    /// The worst value by polarity (the lowest when higher is better or there is no polarity).
    pub worst: f64,
    /// The best value by polarity (the highest when higher is better or there is no polarity).
    pub best: f64,
    /// The quartile on the worse side (the 25th percentile when higher is better).
    pub worse_quartile: f64,
    /// The quartile on the better side (the 75th percentile when higher is better).
    pub better_quartile: f64,
}

impl SpineDistribution {
    fn new(five: FiveNumbers, organisations: usize, polarity: Polarity) -> Self {
        let lower_is_better = polarity == Polarity::LowerIsBetter;
        let (worst, best) = if lower_is_better { (five.max, five.min) } else { (five.min, five.max) };
        let (worse_quartile, better_quartile) =
            if lower_is_better { (five.q3, five.q1) } else { (five.q1, five.q3) };
        Self { organisations, five, worst, best, worse_quartile, better_quartile }
    }
}

/// One metric's figures for the focus.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SpineFigures {
    /// The focus's value, intervals, counts and periods.
    pub focus: Figure,
    pub benchmark: BenchmarkValue,
    /// The focus against the benchmark at 95% and 99.8%.
    pub significance: TwoLevelComparison,
    /// 1 = best by polarity, among `of` organisations with data.
    pub rank: usize,
    pub of: usize,
    pub quartile: QuartilePosition,
    /// Warnings for this metric only (the peer group's own are on the [`Spine`]).
    pub notices: Vec<Notice>,
}

/// A row's figures for the focus, or why there are none.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "camelCase")]
pub enum SpineOutcome {
    Compared(Box<SpineFigures>),
    /// No figures for the focus: `code` is `FocusHasNoData`, `NoDataForPeriod` or
    /// `EmptyPeerGroup`, and `message` says which in words for the row.
    Missing {
        code: NoticeCode,
        message: String,
    },
}

/// One metric of the spine. The national value, the spread and the scale are the metric's, so a
/// row without figures for the focus still has them where others have data (Fingertips still
/// draws the bar for an area without a value).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SpineRow {
    pub metric: MetricSummary,
    pub national: Option<NationalValue>,
    /// The organisations compared (the focus included when it has data); `None` when none has.
    pub distribution: Option<SpineDistribution>,
    /// Present whenever the distribution is.
    pub scale: Option<SpineScale>,
    pub outcome: SpineOutcome,
}

impl SpineRow {
    /// The figures, when the metric could be compared.
    pub fn figures(&self) -> Option<&SpineFigures> {
        match &self.outcome {
            SpineOutcome::Compared(f) => Some(f),
            SpineOutcome::Missing { .. } => None,
        }
    }
}

/// The focus organisation across metrics.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Spine {
    pub focus: SpineFocus,
    pub periods: PeriodRange,
    /// The peer group's label ("NHS trusts", "Global Digital Exemplars") and spec.
    pub peer_group: String,
    pub peer_spec: PeerGroupSpec,
    pub benchmark: BenchmarkChoice,
    /// One row per metric asked for, in that order.
    pub rows: Vec<SpineRow>,
    /// Warnings about the whole spine (the peer group's, metrics without data).
    pub notices: Vec<Notice>,
}

/// Resolves a [`SpineRequest`] (organisation, metrics, periods, peer group) and builds the
/// [`spine`].
pub fn spine_from_request(dataset: &Dataset, request: &SpineRequest) -> Result<Spine, BenchmarkError> {
    let focus = find_organisation(dataset, &request.focus)?;
    let metrics: Vec<usize> = if request.metrics.is_empty() {
        (0..dataset.metrics.len()).collect()
    } else {
        request.metrics.iter().map(|id| find_metric(dataset, id)).collect::<Result<_, _>>()?
    };
    let (from, to) = find_periods(dataset, request.from.as_deref(), request.to.as_deref())?;
    let group = peers::resolve_index(dataset, focus, &request.peers)?;
    spine(dataset, focus, &metrics, from, to, &group, &request.benchmark)
}

fn summary(m: &Metric) -> MetricSummary {
    MetricSummary {
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

/// The observations at `rows` (indices into `obs`, ascending), with their published intervals.
fn only_rows(obs: &Observations, rows: &[u32]) -> Observations {
    let mut out = Observations::default();
    for &i in rows {
        let i = i as usize;
        out.push(
            obs.org[i],
            obs.metric[i],
            obs.period[i],
            obs.numerator[i],
            obs.denominator[i],
            obs.value[i],
        );
        if let Some(s) = obs.supplied.get(&i) {
            out.supply_last(*s);
        }
    }
    out
}

/// The distribution of `values` and the bar's scale: centred on the national value, or on the
/// median (with a notice) where there is none. `None` for no values.
fn spread(
    m: &Metric,
    values: &[f64],
    national: Option<&NationalValue>,
    notices: &mut Vec<Notice>,
) -> (Option<SpineDistribution>, Option<SpineScale>) {
    let Some(five) = five_numbers(values, QuantileMethod::Type7).ok().flatten() else {
        return (None, None);
    };
    let scale = match national.map(|n| n.figure.value).filter(|v| v.is_finite()) {
        Some(v) => SpineScale::new(v, SpineCentre::National, &five, m.polarity),
        None => {
            notices.push(Notice::warning(
                NoticeCode::BenchmarkUnavailable,
                format!(
                    "'{}' has no national value, so its bar is centred on the median of the {} organisations \
                     compared",
                    m.title,
                    values.len()
                ),
            ));
            SpineScale::new(five.median, SpineCentre::Median, &five, m.polarity)
        }
    };
    (Some(SpineDistribution::new(five, values.len(), m.polarity)), Some(scale))
}

/// The spine for organisation `focus` over `metrics` (indices, in row order) and periods
/// `from..=to`, among `group` (resolved for `focus`), judged against `benchmark`. Each metric is
/// one [`compare_resolved`] without rank simulation. Fails when an index is outside the data,
/// the group belongs to another organisation, no metric is given, or no metric has data for the
/// focus; a metric without data is otherwise a [`SpineOutcome::Missing`] row.
pub fn spine(
    dataset: &Dataset,
    focus: usize,
    metrics: &[usize],
    from: usize,
    to: usize,
    group: &PeerGroup,
    benchmark: &BenchmarkChoice,
) -> Result<Spine, BenchmarkError> {
    let at = SpineRange::check(dataset, focus, metrics, from, to, group)?;

    // Each comparison reads every observation it is given ([`figures`] is one pass), so a spine
    // over the whole dataset would read it once per metric. Instead the rows of each metric in
    // the range are listed in one pass, and each comparison runs on a scratch copy of the dataset
    // holding that metric's rows alone (organisations copied once; one metric's rows at a time).
    let obs = &dataset.observations;
    let rows_of = rows_by_metric(obs, dataset.metrics.len(), metrics, from, to);
    let mut scratch = Dataset {
        organisations: dataset.organisations.clone(),
        metrics: dataset.metrics.clone(),
        periods: dataset.periods.clone(),
        ..Dataset::default()
    };

    let mut rows = Vec::with_capacity(metrics.len());
    for &metric in metrics {
        let m = &dataset.metrics[metric];
        scratch.observations = only_rows(obs, &rows_of[metric]);
        let row = match compare_resolved(&scratch, metric, from, to, group, benchmark, None) {
            Ok(c) => compared_row(m, &c, group),
            Err(e) => missing_row(&scratch, m, metric, &at, group, e)?,
        };
        rows.push(row);
    }
    let notices = spine_notices(&rows, &at, group)?;
    Ok(Spine {
        focus: SpineFocus { org: focus, code: at.org.code.clone(), name: at.org.name.clone() },
        periods: PeriodRange { from: at.from_text.clone(), to: at.to_text.clone(), count: to - from + 1 },
        peer_group: group.label.clone(),
        peer_spec: group.spec.clone(),
        benchmark: benchmark.clone(),
        rows,
        notices,
    })
}

/// The focus and period range of a spine, checked against the data and the peer group.
struct SpineRange<'d> {
    org: &'d Organisation,
    from: usize,
    to: usize,
    from_text: &'d String,
    to_text: &'d String,
    /// The range as the notices name it: one period, or "{from} to {to}".
    range: String,
}

impl<'d> SpineRange<'d> {
    fn check(
        dataset: &'d Dataset,
        focus: usize,
        metrics: &[usize],
        from: usize,
        to: usize,
        group: &PeerGroup,
    ) -> Result<Self, BenchmarkError> {
        let org = dataset.organisations.get(focus).ok_or_else(|| {
            BenchmarkError::new(
                NoticeCode::UnknownOrganisation,
                format!("organisation index {focus} is outside the data"),
            )
        })?;
        if group.focus != focus {
            return Err(BenchmarkError::new(
                NoticeCode::InvalidSpec,
                format!(
                    "the peer group was resolved for {}, not {}: resolve it for the focus organisation",
                    dataset
                        .organisations
                        .get(group.focus)
                        .map_or("another organisation", |o| o.code.as_str()),
                    org.code
                ),
            ));
        }
        if metrics.is_empty() {
            return Err(BenchmarkError::new(
                NoticeCode::InvalidSpec,
                "a spine needs at least one metric: give metric ids, or none for every metric in the data",
            ));
        }
        if let Some(&bad) = metrics.iter().find(|&&m| m >= dataset.metrics.len()) {
            return Err(BenchmarkError::new(
                NoticeCode::UnknownMetric,
                format!(
                    "metric index {bad} is outside the data, which has {} metrics",
                    dataset.metrics.len()
                ),
            ));
        }
        let (Some(from_text), Some(to_text)) = (dataset.periods.get(from), dataset.periods.get(to)) else {
            return Err(BenchmarkError::new(
                NoticeCode::UnknownPeriod,
                format!("period indices {from} to {to} are outside the data"),
            ));
        };
        if from > to {
            return Err(BenchmarkError::new(
                NoticeCode::UnknownPeriod,
                format!(
                    "the range runs backwards, from {from_text} to {to_text}: give the earlier period first"
                ),
            ));
        }
        let range = if from == to { from_text.clone() } else { format!("{from_text} to {to_text}") };
        Ok(SpineRange { org, from, to, from_text, to_text, range })
    }
}

/// The observation indices of each wanted metric in periods `from..=to`, by metric index, in one
/// pass over the observations.
fn rows_by_metric(
    obs: &Observations,
    n_metrics: usize,
    metrics: &[usize],
    from: usize,
    to: usize,
) -> Vec<Vec<u32>> {
    let mut rows_of: Vec<Vec<u32>> = vec![Vec::new(); n_metrics];
    let mut wanted = vec![false; n_metrics];
    for &m in metrics {
        wanted[m] = true;
    }
    for i in 0..obs.len() {
        let (m, p) = (obs.metric[i] as usize, obs.period[i] as usize);
        if p >= from && p <= to && wanted.get(m).copied().unwrap_or(false) {
            rows_of[m].push(i as u32);
        }
    }
    rows_of
}

/// The row of a metric the focus was compared on.
fn compared_row(m: &Metric, c: &PeerComparison, group: &PeerGroup) -> SpineRow {
    // The group's notices are the spine's, said once; opportunity is not shown here.
    let mut notices: Vec<Notice> = c
        .notices
        .iter()
        .filter(|n| !group.notices.contains(n) && n.code != NoticeCode::OpportunityUnavailable)
        .cloned()
        .collect();
    let values: Vec<f64> = c.points.iter().map(|p| p.figure.value).collect();
    let (distribution, scale) = spread(m, &values, c.national.as_ref(), &mut notices);
    SpineRow {
        metric: summary(m),
        national: c.national.clone(),
        distribution,
        scale,
        outcome: SpineOutcome::Compared(Box::new(SpineFigures {
            focus: c.focus_point().figure.clone(),
            benchmark: c.benchmark.clone(),
            significance: c.significance,
            rank: c.rank.rank,
            of: c.rank.of,
            quartile: c.quartile.clone(),
            notices,
        })),
    }
}

/// The row of a metric the comparison failed on for want of data: what there is without the
/// focus (the national value and the peers' spread) and why. Any other failure is the spine's.
fn missing_row(
    dataset: &Dataset,
    m: &Metric,
    metric: usize,
    at: &SpineRange,
    group: &PeerGroup,
    e: BenchmarkError,
) -> Result<SpineRow, BenchmarkError> {
    let (code, range) = (e.code(), &at.range);
    let message = match code {
        Some(NoticeCode::FocusHasNoData) => format!("{} has no data in {range}", at.org.code),
        Some(NoticeCode::NoDataForPeriod) => format!("no organisation has data in {range}"),
        Some(NoticeCode::EmptyPeerGroup) => {
            format!("none of the peers in '{}' has data in {range}", group.label)
        }
        _ => return Err(e),
    };
    let all = figures(dataset, metric, at.from, at.to);
    let national = national(dataset, metric, &all);
    let values: Vec<f64> =
        group.members.iter().filter_map(|p| all.get(p.org).cloned().flatten().map(|f| f.value)).collect();
    let (distribution, scale) = spread(m, &values, national.as_ref(), &mut Vec::new());
    Ok(SpineRow {
        metric: summary(m),
        national,
        distribution,
        scale,
        outcome: SpineOutcome::Missing { code: code.unwrap_or(NoticeCode::NoDataForPeriod), message },
    })
}

/// The spine's own notices: the group's, and which metrics have no figures for the focus. Fails
/// when none has.
fn spine_notices(
    rows: &[SpineRow],
    at: &SpineRange,
    group: &PeerGroup,
) -> Result<Vec<Notice>, BenchmarkError> {
    let (org, range) = (at.org, &at.range);
    let missing: Vec<&SpineRow> = rows.iter().filter(|r| r.figures().is_none()).collect();
    if missing.len() == rows.len() {
        let mut err = BenchmarkError::new(
            NoticeCode::FocusHasNoData,
            format!(
                "{} has no data for any of the {} metrics in {range}: choose another period or organisation",
                org.code,
                rows.len()
            ),
        );
        err.notices.extend(group.notices.iter().cloned());
        return Err(err);
    }
    let mut notices = group.notices.clone();
    if !missing.is_empty() {
        let titles: Vec<&str> = missing.iter().map(|r| r.metric.title.as_str()).collect();
        notices.push(Notice::warning(
            NoticeCode::FocusHasNoData,
            format!(
                "{} of {} metrics have no figures for {} in {range} and are shown as such: {}",
                missing.len(),
                rows.len(),
                org.code,
                titles.join("; ")
            ),
        ));
    }
    Ok(notices)
}

/// What the spine chart shows: the spine and what to call the organisations compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpineModel {
    pub spine: Spine,
    /// The organisations compared, in the plural ("NHS trusts").
    pub population: String,
    /// What the national value is called ("England").
    pub national_label: String,
}

/// The spine of the selection's focus across the metrics beside the chosen one
/// ([`metrics_beside`]).
pub fn model(s: &super::selection::Selection) -> Result<SpineModel, BenchmarkError> {
    let metrics = metrics_beside(s.data, s.choice.metric);
    let c = &s.choice;
    let spine = spine(s.data, s.focus, &metrics, c.from, c.to, &s.group, &c.benchmark)?;
    Ok(SpineModel { spine, population: s.group_words(), national_label: "England".into() })
}

impl SpineModel {
    /// How many rows have a comparison whose significance `is` picks out.
    pub fn count(&self, is: impl Fn(TwoLevelComparison) -> bool) -> usize {
        self.spine.rows.iter().filter_map(|r| r.figures()).filter(|f| is(f.significance)).count()
    }

    /// The benchmark's name as the comparisons give it ("England", "Peer median"); `None` when
    /// no row has a comparison.
    pub fn benchmark_label(&self) -> Option<&str> {
        self.spine.rows.iter().find_map(|r| r.figures().map(|f| f.benchmark.label.as_str()))
    }

    /// The spine's notices, then each row's not already given, as sentences.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings: Vec<String> = self.spine.notices.iter().map(|n| n.message.clone()).collect();
        for f in self.spine.rows.iter().filter_map(|r| r.figures()) {
            for n in &f.notices {
                if !warnings.contains(&n.message) {
                    warnings.push(n.message.clone());
                }
            }
        }
        warnings
    }
}

/// The metrics a spine of metric `chosen` shows: every metric of the data, unless its metrics come
/// in sets by a qualifier, `measure.qualifier` beside a plain `measure` (the RTT measures for
/// each treatment function: `rtt_median_wait` for the total, `rtt_median_wait.C_110` for Trauma
/// and Orthopaedics); then the set `chosen` belongs to, so that a spine of 144 RTT metrics is six
/// rows for one treatment function. An id whose part before the dot is not itself a metric
/// (`ae.4hr` in a tidy file) has no qualifier.
pub fn metrics_beside(data: &Dataset, chosen: usize) -> Vec<usize> {
    let ids: std::collections::BTreeSet<&str> = data.metrics.iter().map(|m| m.id.as_str()).collect();
    fn qualifier<'a>(ids: &std::collections::BTreeSet<&str>, id: &'a str) -> Option<&'a str> {
        id.rsplit_once('.').filter(|(measure, _)| ids.contains(measure)).map(|(_, q)| q)
    }
    let set = data.metrics.get(chosen).and_then(|m| qualifier(&ids, &m.id));
    (0..data.metrics.len()).filter(|&m| qualifier(&ids, &data.metrics[m].id) == set).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::benchmark::compare::tests::dataset;
    use crate::benchmark::peers::resolve_index;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} vs {b}");
    }

    #[test]
    fn the_scale_centres_the_national_value_and_the_farther_end_touches_the_edge() {
        // Lowest 10, highest 40, national 20: half-width max(10, 20) = 20, so 0 maps to the left
        // edge (outside the range), 10 to 0.25, 20 to 0.5 and 40 to 1.
        let five = FiveNumbers { min: 10.0, q1: 15.0, median: 22.0, q3: 30.0, max: 40.0 };
        let s = SpineScale::new(20.0, SpineCentre::National, &five, Polarity::HigherIsBetter);
        close(s.half_width, 20.0);
        close(s.position(10.0), 0.25);
        close(s.position(20.0), 0.5);
        close(s.position(40.0), 1.0);
        // Lower is better: the same values mirrored, so the lowest (best) is on the right.
        let s = SpineScale::new(20.0, SpineCentre::National, &five, Polarity::LowerIsBetter);
        close(s.position(10.0), 0.75);
        close(s.position(40.0), 0.0);
        let flat = FiveNumbers { min: 5.0, q1: 5.0, median: 5.0, q3: 5.0, max: 5.0 };
        let s = SpineScale::new(5.0, SpineCentre::National, &flat, Polarity::HigherIsBetter);
        close(s.position(5.0), 0.5);
    }

    #[test]
    fn worst_and_best_follow_the_polarity() {
        let five = FiveNumbers { min: 1.0, q1: 2.0, median: 3.0, q3: 4.0, max: 5.0 };
        let d = SpineDistribution::new(five, 9, Polarity::LowerIsBetter);
        assert_eq!((d.worst, d.worse_quartile, d.better_quartile, d.best), (5.0, 4.0, 2.0, 1.0));
        let d = SpineDistribution::new(five, 9, Polarity::NoJudgement);
        assert_eq!((d.worst, d.best), (1.0, 5.0));
    }

    #[test]
    fn a_metric_without_rows_is_a_row_that_says_so() {
        // The test data: F 85% (170/200) among A 90, B 75, C 95, D 80 for "p4"; "none" has no rows.
        let ds = dataset();
        let group = resolve_index(&ds, 0, &PeerGroupSpec::All {}).unwrap();
        let s = spine(&ds, 0, &[0, 1], 0, 1, &group, &BenchmarkChoice::National {}).unwrap();
        assert_eq!(s.rows.len(), 2);
        let f = s.rows[0].figures().unwrap();
        // All five with data: 75, 80, 85, 90, 95; pooled national 920 / 1100 = 83.6364%.
        let d = s.rows[0].distribution.unwrap();
        assert_eq!((d.five.q1, d.five.median, d.organisations), (80.0, 85.0, 5));
        close(s.rows[0].scale.unwrap().centre, 920.0 / 1100.0 * 100.0);
        assert_eq!(f.significance, TwoLevelComparison::Similar);
        assert_eq!(
            s.rows[1].outcome,
            SpineOutcome::Missing {
                code: NoticeCode::NoDataForPeriod,
                message: "no organisation has data in 2019-01 to 2019-02".into(),
            }
        );
        assert!(
            s.rows[1].national.is_none() && s.rows[1].distribution.is_none() && s.rows[1].scale.is_none()
        );
        assert!(s.notices.iter().any(|n| n.message.starts_with("1 of 2 metrics have no figures for F")));
        // Only metrics without data: an error, not an empty spine.
        let err = spine(&ds, 0, &[1], 0, 1, &group, &BenchmarkChoice::National {}).unwrap_err();
        assert_eq!(err.code(), Some(NoticeCode::FocusHasNoData));
    }

    #[test]
    fn a_focus_without_data_still_gets_the_national_value_and_the_peers_spread() {
        // E gets one row for "p4" (1 of 2); "none" gets F 170/200, A 90/100, B 150/200, C 190/200
        // and D 320/400 in the first month, nothing for E.
        let mut ds = dataset();
        ds.observations.push(5, 0, 0, Some(1.0), Some(2.0), None);
        for (org, x, n) in
            [(0, 170.0, 200.0), (1, 90.0, 100.0), (2, 150.0, 200.0), (3, 190.0, 200.0), (4, 320.0, 400.0)]
        {
            ds.observations.push(org, 1, 0, Some(x), Some(n), None);
        }
        let group = resolve_index(&ds, 5, &PeerGroupSpec::All {}).unwrap();
        let s = spine(&ds, 5, &[0, 1], 0, 1, &group, &BenchmarkChoice::National {}).unwrap();
        assert!(s.rows[0].figures().is_some());
        let row = &s.rows[1];
        let SpineOutcome::Missing { code, message } = &row.outcome else {
            panic!("E has no data for 'none'");
        };
        assert_eq!(
            (*code, message.as_str()),
            (NoticeCode::FocusHasNoData, "E has no data in 2019-01 to 2019-02")
        );
        // Peers 75, 80, 85, 90, 95; national 920 / 1100 = 83.6364%; half-width max(8.6364, 11.3636).
        let d = row.distribution.unwrap();
        assert_eq!((d.organisations, d.five.min, d.five.median, d.five.max), (5, 75.0, 85.0, 95.0));
        close(row.national.as_ref().unwrap().figure.value, 920.0 / 11.0);
        close(row.scale.unwrap().half_width, 95.0 - 920.0 / 11.0);
    }

    #[test]
    fn bad_indices_and_a_group_for_another_focus_are_errors() {
        let ds = dataset();
        let group = resolve_index(&ds, 0, &PeerGroupSpec::All {}).unwrap();
        let b = BenchmarkChoice::National {};
        assert_eq!(spine(&ds, 1, &[0], 0, 1, &group, &b).unwrap_err().code(), Some(NoticeCode::InvalidSpec));
        assert_eq!(spine(&ds, 0, &[], 0, 1, &group, &b).unwrap_err().code(), Some(NoticeCode::InvalidSpec));
        assert_eq!(
            spine(&ds, 0, &[7], 0, 1, &group, &b).unwrap_err().code(),
            Some(NoticeCode::UnknownMetric)
        );
        assert_eq!(
            spine(&ds, 0, &[0], 1, 0, &group, &b).unwrap_err().code(),
            Some(NoticeCode::UnknownPeriod)
        );
        assert_eq!(
            spine(&ds, 0, &[0], 0, 5, &group, &b).unwrap_err().code(),
            Some(NoticeCode::UnknownPeriod)
        );
    }

    #[test]
    fn a_spine_shows_the_set_of_measures_the_chosen_metric_belongs_to() {
        let mut ds = dataset();
        let template = ds.metrics[0].clone();
        ds.metrics = ["wait", "share", "wait.C_110", "share.C_110", "wait.C_120", "ae.4hr"]
            .map(|id| Metric { id: id.into(), ..template.clone() })
            .to_vec();
        // The totals and `ae.4hr` (no metric `ae`, so no qualifier) are one set.
        assert_eq!(metrics_beside(&ds, 0), vec![0, 1, 5]);
        assert_eq!(metrics_beside(&ds, 3), vec![2, 3]);
        assert_eq!(metrics_beside(&ds, 4), vec![4]);
        ds.metrics.truncate(2);
        assert_eq!(metrics_beside(&ds, 1), vec![0, 1], "data without sets shows every metric");
    }
}
