//! Comparison: where an organisation's scored assessment stands among others, and how it moved.
//!
//! - Cohort summaries (a peer group, the national picture, the Global Digital Exemplars): for the
//!   overall score and each pillar and domain, the median and interquartile range by the type 7
//!   quantile (Hyndman & Fan 1996, R's default `quantile(type = 7)`).
//! - A comparison of one organisation with all three, each value placed above, within or below
//!   the cohort's interquartile range (higher is more mature in every built-in framework).
//! - The gap to the next level as a checklist of the elements still to meet.
//! - Change between two rounds, flagged where the question set changed (criteria added or retired
//!   between the rounds, another framework version, or a domain scored on another basis), since
//!   then the scores are not like for like.
//! - Progress per year between an organisation's first and last rounds, ranked against others,
//!   with how many each one leapfrogged (was below at the start, above at the end).
//!
//! Every result carries the labels of the assessments in it ("Self-assessed", and "Illustrative,
//! not real assessment results" for the demo data), for charts to show.

use super::framework::{Framework, Rule};
use super::round::Round;
use super::scoring::{DomainResult, ScoreSource, ScoredAssessment};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The ODS codes of the 12 acute trusts funded as Global Digital Exemplars (NHS England, 2016),
/// the exemplar cohort for comparisons.
pub const GDE_EXEMPLARS: [&str; 12] =
    ["RM3", "RBL", "RLN", "RQ6", "RGR", "RRK", "RC9", "RAL", "RTH", "RBA", "RA7", "RHM"];

/// Why a comparison could not be made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompareError {
    pub message: String,
}

impl CompareError {
    fn new(message: impl Into<String>) -> Self {
        Self { message: message.into() }
    }
}

impl fmt::Display for CompareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CompareError {}

/// The level of the hierarchy a row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    Overall,
    Pillar,
    Domain,
}

/// Which result to rank progress on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "tier", content = "id", rename_all = "lowercase")]
pub enum TierRef {
    Overall,
    Pillar(String),
    Domain(String),
}

/// A distribution summary by type 7 quantiles.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Distribution {
    pub n: usize,
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
    pub iqr: f64,
}

/// The type 7 sample quantile of sorted values (Hyndman & Fan 1996, definition 7; R's default):
/// with h = (n - 1) p, the value at floor(h) plus the fraction of h times the step to the next.
/// Written here because the crate's stats quantile helper is not on `main` yet.
fn quantile_type7(sorted: &[f64], p: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let h = (n - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// Summarises finite values (others are left out); `None` when none are left.
pub fn describe(values: &[f64]) -> Option<Distribution> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    crate::order::sort_floats(&mut v);
    let q1 = quantile_type7(&v, 0.25)?;
    let median = quantile_type7(&v, 0.5)?;
    let q3 = quantile_type7(&v, 0.75)?;
    Some(Distribution { n: v.len(), min: v[0], q1, median, q3, max: v[v.len() - 1], iqr: q3 - q1 })
}

/// One row of a cohort summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierSummary {
    pub tier: Tier,
    pub id: String,
    pub title: String,
    pub distribution: Option<Distribution>,
    /// Members with no result here (nothing answered), left out of the distribution.
    pub without_result: usize,
}

/// A cohort's distribution of results in one round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortSummary {
    pub name: String,
    pub framework: String,
    pub round: String,
    /// The members with an assessment in the round.
    pub members: Vec<String>,
    /// Requested members with no assessment in the round.
    pub not_found: Vec<String>,
    pub overall: TierSummary,
    /// The distribution of stages reached (`staged` frameworks).
    pub overall_level: Option<Distribution>,
    pub pillars: Vec<TierSummary>,
    pub domains: Vec<TierSummary>,
    pub labels: Vec<String>,
}

/// Checks `s` was scored against `fw`: the same id, and the same domains and criteria, so the
/// framework's indices are valid in the result (a user's file may reuse a built-in id).
fn check_framework(fw: &Framework, s: &ScoredAssessment) -> Result<(), CompareError> {
    let same_shape = s.domains.len() == fw.domains().len()
        && s.criteria.len() == fw.criteria().len()
        && s.criteria.iter().enumerate().all(|(c, r)| r.id == fw.criterion(c).id);
    if s.framework != fw.id() || !same_shape {
        return Err(CompareError::new(format!(
            "{} {} was scored against framework '{}' {}, not this '{}' {}: score it again with this framework",
            s.org_code,
            s.round.label,
            s.framework,
            s.framework_version,
            fw.id(),
            fw.def().version
        )));
    }
    Ok(())
}

fn normalise_round(round: &str) -> Result<Round, CompareError> {
    Round::parse(round).map_err(CompareError::new)
}

/// The union of the members' labels, in first-seen order.
fn union_labels<'a>(members: impl IntoIterator<Item = &'a ScoredAssessment>) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    for s in members {
        for l in &s.labels {
            if !labels.contains(l) {
                labels.push(l.clone());
            }
        }
    }
    labels
}

/// The assessments of `codes` (everyone when `None`) in `round`, one per organisation (the first
/// given), with the codes seen and the codes asked for (upper case).
struct Members<'a> {
    round: Round,
    members: Vec<&'a ScoredAssessment>,
    seen: BTreeSet<String>,
    wanted: Option<BTreeSet<String>>,
}

fn members_in_round<'a>(
    fw: &Framework,
    scored: &'a [ScoredAssessment],
    round: &str,
    codes: Option<&[&str]>,
) -> Result<Members<'a>, CompareError> {
    let round = normalise_round(round)?;
    let wanted: Option<BTreeSet<String>> =
        codes.map(|c| c.iter().map(|x| x.trim().to_ascii_uppercase()).collect());
    let mut members: Vec<&ScoredAssessment> = Vec::new();
    let mut seen = BTreeSet::new();
    for s in scored.iter().filter(|s| s.framework == fw.id() && s.round == round) {
        if wanted.as_ref().is_none_or(|w| w.contains(&s.org_code)) && seen.insert(s.org_code.clone()) {
            check_framework(fw, s)?;
            members.push(s);
        }
    }
    Ok(Members { round, members, seen, wanted })
}

/// Summarises the cohort of `codes` (every organisation when `None`) in `round`. Codes match
/// ignoring case; requested codes without an assessment are listed in `not_found`.
pub fn cohort(
    fw: &Framework,
    name: &str,
    scored: &[ScoredAssessment],
    round: &str,
    codes: Option<&[&str]>,
) -> Result<CohortSummary, CompareError> {
    let Members { round, members, seen, wanted } = members_in_round(fw, scored, round, codes)?;
    let not_found = wanted.map(|w| w.into_iter().filter(|c| !seen.contains(c)).collect()).unwrap_or_default();
    Ok(summarise(fw, name, &round, &members, not_found))
}

fn summarise(
    fw: &Framework,
    name: &str,
    round: &Round,
    members: &[&ScoredAssessment],
    not_found: Vec<String>,
) -> CohortSummary {
    let row = |tier: Tier, id: &str, title: &str, get: &dyn Fn(&ScoredAssessment) -> Option<f64>| {
        let values: Vec<f64> = members.iter().filter_map(|s| get(s)).collect();
        TierSummary {
            tier,
            id: id.to_string(),
            title: title.to_string(),
            distribution: describe(&values),
            without_result: members.len() - values.len(),
        }
    };
    let overall = row(Tier::Overall, "overall", &fw.def().title, &|s| s.overall.score);
    let pillars = fw
        .def()
        .pillars
        .iter()
        .enumerate()
        .map(|(p, def)| row(Tier::Pillar, &def.id, &def.title, &|s| s.pillars.get(p).and_then(|r| r.score)))
        .collect();
    let domains = (0..fw.domains().len())
        .map(|d| {
            let def = fw.domain(d);
            row(Tier::Domain, &def.id, &def.title, &|s| s.domains.get(d).and_then(|r| r.score))
        })
        .collect();
    let overall_level = (fw.rule() == Rule::Staged)
        .then(|| {
            let levels: Vec<f64> = members.iter().filter_map(|s| s.overall.level.map(f64::from)).collect();
            describe(&levels)
        })
        .flatten();
    CohortSummary {
        name: name.to_string(),
        framework: fw.id().to_string(),
        round: round.label.clone(),
        members: members.iter().map(|s| s.org_code.clone()).collect(),
        not_found,
        overall,
        overall_level,
        pillars,
        domains,
        labels: union_labels(members.iter().copied()),
    }
}

/// Where a value sits against a cohort's interquartile range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    AboveUpperQuartile,
    WithinInterquartileRange,
    BelowLowerQuartile,
    /// No value, or no cohort distribution to compare with.
    NoComparison,
}

fn band(value: Option<f64>, d: Option<&Distribution>) -> Band {
    match (value, d) {
        (Some(v), Some(d)) if v > d.q3 => Band::AboveUpperQuartile,
        (Some(v), Some(d)) if v < d.q1 => Band::BelowLowerQuartile,
        (Some(_), Some(_)) => Band::WithinInterquartileRange,
        _ => Band::NoComparison,
    }
}

/// One row of a comparison: the organisation's value beside the three cohorts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparisonRow {
    pub tier: Tier,
    pub id: String,
    pub title: String,
    pub value: Option<f64>,
    pub level: Option<u32>,
    pub peers: Option<Distribution>,
    pub national: Option<Distribution>,
    pub exemplars: Option<Distribution>,
    pub against_peers: Band,
    pub against_national: Band,
    pub against_exemplars: Band,
}

/// An organisation against its peers, the national picture and the exemplars, in one round:
/// rows for the overall result, each pillar (a radar) and each domain (a heat map).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MaturityComparison {
    pub framework: String,
    pub org_code: String,
    pub round: String,
    pub level_label: String,
    pub score_range: [f64; 2],
    pub rows: Vec<ComparisonRow>,
    pub peers: CohortSummary,
    pub national: CohortSummary,
    pub exemplars: CohortSummary,
    pub labels: Vec<String>,
}

/// Compares `org` in `round` with its `peers` (the organisation itself is left out of its peer
/// summary, so it is not compared with itself), with everyone (the national picture) and with
/// the Global Digital Exemplars.
pub fn compare(
    fw: &Framework,
    scored: &[ScoredAssessment],
    org: &str,
    round: &str,
    peers: &[&str],
) -> Result<MaturityComparison, CompareError> {
    let r = normalise_round(round)?;
    let org = org.trim().to_ascii_uppercase();
    let focus = scored
        .iter()
        .find(|s| s.framework == fw.id() && s.org_code == org && s.round == r)
        .ok_or_else(|| {
            CompareError::new(format!(
                "no {} assessment for {org} in round {}: pick a round it answered",
                fw.id(),
                r.label
            ))
        })?;
    check_framework(fw, focus)?;
    let peer_codes: Vec<&str> =
        peers.iter().copied().filter(|p| !p.trim().eq_ignore_ascii_case(&org)).collect();
    let peers = cohort(fw, "Peer group", scored, round, Some(&peer_codes))?;
    let national = cohort(fw, "National", scored, round, None)?;
    let exemplars = cohort(fw, "Global Digital Exemplars", scored, round, Some(&GDE_EXEMPLARS))?;
    let mut rows = Vec::new();
    let mut push = |tier, id: &str, title: &str, value: Option<f64>, level, i: Option<usize>| {
        let pick = |c: &CohortSummary| -> Option<Distribution> {
            match (tier, i) {
                (Tier::Overall, _) => c.overall.distribution,
                (Tier::Pillar, Some(i)) => c.pillars.get(i).and_then(|t| t.distribution),
                (Tier::Domain, Some(i)) => c.domains.get(i).and_then(|t| t.distribution),
                _ => None,
            }
        };
        let (p, n, e) = (pick(&peers), pick(&national), pick(&exemplars));
        rows.push(ComparisonRow {
            tier,
            id: id.to_string(),
            title: title.to_string(),
            value,
            level,
            against_peers: band(value, p.as_ref()),
            against_national: band(value, n.as_ref()),
            against_exemplars: band(value, e.as_ref()),
            peers: p,
            national: n,
            exemplars: e,
        });
    };
    push(Tier::Overall, "overall", &fw.def().title, focus.overall.score, focus.overall.level, None);
    for (i, p) in focus.pillars.iter().enumerate() {
        push(Tier::Pillar, &p.id, &p.title, p.score, None, Some(i));
    }
    for (i, d) in focus.domains.iter().enumerate() {
        push(Tier::Domain, &d.id, &d.title, d.score, d.level, Some(i));
    }
    let mut labels = focus.labels.clone();
    for l in peers.labels.iter().chain(&national.labels).chain(&exemplars.labels) {
        if !labels.contains(l) {
            labels.push(l.clone());
        }
    }
    Ok(MaturityComparison {
        framework: fw.id().to_string(),
        org_code: org,
        round: r.label,
        level_label: focus.level_label.clone(),
        score_range: focus.score_range,
        rows,
        peers,
        national,
        exemplars,
        labels,
    })
}

/// Where a checklist item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    Met,
    NotMet,
    NotAnswered,
    /// The domain was scored from a domain score, so its elements are not known.
    Unknown,
}

/// One thing to do (or already done) on the way to the next level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChecklistItem {
    pub criterion: String,
    pub text: String,
    pub level: Option<u32>,
    pub status: ItemStatus,
    pub answer: Option<String>,
    /// `mean` frameworks: how much the domain score would rise with the top answer here.
    pub points_available: Option<f64>,
}

/// The gap in one domain (or, for a staged framework, to the next stage).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    pub pillar: String,
    pub domain: String,
    pub title: String,
    pub current_level: Option<u32>,
    pub target_level: Option<u32>,
    pub current_score: Option<f64>,
    pub items: Vec<ChecklistItem>,
    /// Items not yet met.
    pub remaining: usize,
    pub note: Option<String>,
}

/// The gap to the next level, as a checklist.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Checklist {
    pub framework: String,
    pub org_code: String,
    pub round: String,
    pub rule: Rule,
    pub level_label: String,
    pub gaps: Vec<Gap>,
    pub labels: Vec<String>,
}

/// The elements still needed for the next level: in a `cumulative` framework, every domain below
/// the top level with all elements of its next level; in a `staged` framework, the criteria of
/// the next stage; in a `mean` framework (no levels), every criterion below the top answer, with
/// the points each would add to its domain score, largest first.
pub fn next_level_checklist(fw: &Framework, s: &ScoredAssessment) -> Result<Checklist, CompareError> {
    check_framework(fw, s)?;
    let (min, max) = fw.def().levels.as_ref().map_or((0, 0), |l| (l.min, l.max));
    let items = Items { fw, s };
    let gaps = match fw.rule() {
        Rule::Cumulative => cumulative_gaps(&items, min, max),
        Rule::Staged => staged_gap(&items, min, max).into_iter().collect(),
        Rule::Mean => mean_gaps(&items),
    };
    Ok(Checklist {
        framework: s.framework.clone(),
        org_code: s.org_code.clone(),
        round: s.round.label.clone(),
        rule: s.rule,
        level_label: s.level_label.clone(),
        gaps,
        labels: s.labels.clone(),
    })
}

/// Checklist items of one scored assessment's criteria.
struct Items<'a> {
    fw: &'a Framework,
    s: &'a ScoredAssessment,
}

impl Items<'_> {
    /// Where criterion `c` stands; unknown in a domain scored from a domain score.
    fn status(&self, c: usize, domain_source: ScoreSource) -> ItemStatus {
        let r = &self.s.criteria[c];
        match (domain_source, r.met, r.score) {
            (ScoreSource::DomainScore, _, _) => ItemStatus::Unknown,
            (_, Some(true), _) => ItemStatus::Met,
            (_, Some(false), _) => ItemStatus::NotMet,
            (_, None, Some(_)) => ItemStatus::NotMet,
            (_, None, None) => ItemStatus::NotAnswered,
        }
    }

    fn item(&self, c: usize, status: ItemStatus, points: Option<f64>) -> ChecklistItem {
        let def = self.fw.criterion(c);
        ChecklistItem {
            criterion: def.id.clone(),
            text: def.text.clone(),
            level: def.level,
            status,
            answer: self.s.criteria[c].answer.clone(),
            points_available: points,
        }
    }

    /// The asked criteria of domain `d` that `keep` keeps, as items with their status.
    fn levelled(&self, d: usize, keep: impl Fn(usize) -> bool) -> Vec<ChecklistItem> {
        let source = self.s.domains[d].source;
        self.fw.domains()[d]
            .criteria
            .clone()
            .filter(|&c| self.s.criteria[c].asked && keep(c))
            .map(|c| self.item(c, self.status(c, source), None))
            .collect()
    }
}

/// A domain's gap: its items, and the note that its elements are not known when it was scored
/// from a domain score.
fn gap(
    dom: &DomainResult,
    current: Option<u32>,
    target: Option<u32>,
    items: Vec<ChecklistItem>,
    remaining: usize,
) -> Gap {
    Gap {
        pillar: dom.pillar.clone(),
        domain: dom.id.clone(),
        title: dom.title.clone(),
        current_level: current,
        target_level: target,
        current_score: dom.score,
        remaining,
        items,
        note: (dom.source == ScoreSource::DomainScore)
            .then(|| "scored from a domain score: which elements are met is not known".to_string()),
    }
}

fn unmet(items: &[ChecklistItem]) -> usize {
    items.iter().filter(|i| i.status != ItemStatus::Met).count()
}

/// `cumulative`: every domain below the top level, with the elements of its next level.
fn cumulative_gaps(items: &Items, min: u32, max: u32) -> Vec<Gap> {
    let (fw, s) = (items.fw, items.s);
    let mut gaps = Vec::new();
    for (d, dom) in s.domains.iter().enumerate() {
        let current = dom.level;
        let target = current.unwrap_or(min) + 1;
        if target > max {
            continue;
        }
        let list = items.levelled(d, |c| fw.criterion(c).level == Some(target));
        let remaining = unmet(&list);
        gaps.push(gap(dom, current, Some(target), list, remaining));
    }
    gaps
}

/// `staged`: the criteria of the next stage, if there is one.
fn staged_gap(items: &Items, min: u32, max: u32) -> Option<Gap> {
    let (fw, s) = (items.fw, items.s);
    let current = s.overall.level.unwrap_or(min);
    let target = current + 1;
    if target > max {
        return None;
    }
    let &d = fw.stage_order().iter().find(|&&d| fw.domain(d).stage == Some(target))?;
    let list = items.levelled(d, |_| true);
    let remaining = unmet(&list);
    Some(gap(&s.domains[d], Some(current), Some(target), list, remaining))
}

/// `mean`: in each domain, every criterion below the top answer with the points it would add to
/// the domain score (largest first), and the unanswered ones.
fn mean_gaps(items: &Items) -> Vec<Gap> {
    let (fw, s) = (items.fw, items.s);
    let mut gaps = Vec::new();
    for (d, dom) in s.domains.iter().enumerate() {
        let asked: Vec<usize> = fw.domains()[d].criteria.clone().filter(|&c| s.criteria[c].asked).collect();
        let answered_weight: f64 =
            asked.iter().filter(|&&c| s.criteria[c].score.is_some()).map(|&c| fw.criterion(c).weight).sum();
        let mut list: Vec<ChecklistItem> = Vec::new();
        for &c in &asked {
            let top = fw.scale(c).options.iter().map(|o| o.score).fold(f64::NEG_INFINITY, f64::max);
            match s.criteria[c].score {
                Some(x) if x < top && answered_weight > 0.0 => {
                    let points = (top - x) * fw.criterion(c).weight / answered_weight;
                    list.push(items.item(c, ItemStatus::NotMet, Some(points)));
                }
                None if dom.source != ScoreSource::DomainScore => {
                    list.push(items.item(c, ItemStatus::NotAnswered, None))
                }
                _ => {}
            }
        }
        let below_top = dom.score.is_some_and(|x| x < fw.score_range().1);
        if list.is_empty() && !(dom.source == ScoreSource::DomainScore && below_top) {
            continue;
        }
        crate::order::sort_by(&mut list, |a, b| {
            b.points_available
                .unwrap_or(f64::NEG_INFINITY)
                .total_cmp(&a.points_available.unwrap_or(f64::NEG_INFINITY))
        });
        let remaining = list.len();
        gaps.push(gap(dom, None, None, list, remaining));
    }
    gaps
}

/// One row of a change between rounds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeRow {
    pub tier: Tier,
    pub id: String,
    pub title: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub change: Option<f64>,
    pub level_before: Option<u32>,
    pub level_after: Option<u32>,
    /// The criteria asked differ between the rounds (or the framework version does): the scores
    /// are not like for like.
    pub question_set_changed: bool,
    /// Criteria asked in the later round only.
    pub added: Vec<String>,
    /// Criteria asked in the earlier round only.
    pub removed: Vec<String>,
    /// Scored from criteria in one round and from a domain score in the other.
    pub basis_changed: bool,
}

/// One organisation's change from one round to a later one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundChange {
    pub framework: String,
    pub org_code: String,
    pub from_round: String,
    pub to_round: String,
    pub years: i32,
    pub framework_version_changed: bool,
    pub question_set_changed: bool,
    pub rows: Vec<ChangeRow>,
    pub labels: Vec<String>,
}

fn asked_in(s: &ScoredAssessment, domain: &str) -> BTreeSet<String> {
    s.criteria.iter().filter(|c| c.asked && c.domain == domain).map(|c| c.id.clone()).collect()
}

/// The change from `before` to `after` (the same organisation and framework, `after` the later
/// round) for the overall result, each pillar and each domain.
pub fn change(
    fw: &Framework,
    before: &ScoredAssessment,
    after: &ScoredAssessment,
) -> Result<RoundChange, CompareError> {
    check_framework(fw, before)?;
    check_framework(fw, after)?;
    if before.org_code != after.org_code {
        return Err(CompareError::new(format!(
            "a change needs one organisation, got {} and {}",
            before.org_code, after.org_code
        )));
    }
    if before.round >= after.round {
        return Err(CompareError::new(format!(
            "round {} is not before round {}: pass the earlier assessment first",
            before.round.label, after.round.label
        )));
    }
    let version_changed = before.framework_version != after.framework_version;
    let domain_rows = domain_changes(before, after, version_changed);
    let mut rows = Vec::new();
    let any = |rows: &[&ChangeRow], f: &dyn Fn(&ChangeRow) -> bool| rows.iter().any(|r| f(r));
    let collect = |rows: &[&ChangeRow], f: &dyn Fn(&ChangeRow) -> &Vec<String>| -> Vec<String> {
        rows.iter().flat_map(|r| f(r).iter().cloned()).collect()
    };
    let all: Vec<&ChangeRow> = domain_rows.iter().collect();
    rows.push(ChangeRow {
        tier: Tier::Overall,
        id: "overall".into(),
        title: fw.def().title.clone(),
        before: before.overall.score,
        after: after.overall.score,
        change: score_change(before.overall.score, after.overall.score),
        level_before: before.overall.level,
        level_after: after.overall.level,
        question_set_changed: version_changed || any(&all, &|r| r.question_set_changed),
        added: collect(&all, &|r| &r.added),
        removed: collect(&all, &|r| &r.removed),
        basis_changed: any(&all, &|r| r.basis_changed),
    });
    for (b, a) in before.pillars.iter().zip(&after.pillars) {
        let mine: Vec<&ChangeRow> = domain_rows
            .iter()
            .zip(&before.domains)
            .filter(|(_, d)| d.pillar == b.id)
            .map(|(r, _)| r)
            .collect();
        rows.push(ChangeRow {
            tier: Tier::Pillar,
            id: b.id.clone(),
            title: b.title.clone(),
            before: b.score,
            after: a.score,
            change: score_change(b.score, a.score),
            level_before: None,
            level_after: None,
            question_set_changed: version_changed || any(&mine, &|r| r.question_set_changed),
            added: collect(&mine, &|r| &r.added),
            removed: collect(&mine, &|r| &r.removed),
            basis_changed: any(&mine, &|r| r.basis_changed),
        });
    }
    let question_set_changed = rows[0].question_set_changed;
    rows.extend(domain_rows);
    Ok(RoundChange {
        framework: fw.id().to_string(),
        org_code: before.org_code.clone(),
        from_round: before.round.label.clone(),
        to_round: after.round.label.clone(),
        years: after.round.year - before.round.year,
        framework_version_changed: version_changed,
        question_set_changed,
        rows,
        labels: labels_of_both(before, after),
    })
}

/// Each domain's change, flagged where the criteria asked differ between the rounds, the
/// framework version does (`version_changed`), or the domain was scored on another basis.
fn domain_changes(
    before: &ScoredAssessment,
    after: &ScoredAssessment,
    version_changed: bool,
) -> Vec<ChangeRow> {
    let mut domain_rows = Vec::with_capacity(before.domains.len());
    for (b, a) in before.domains.iter().zip(&after.domains) {
        let (sb, sa) = (asked_in(before, &b.id), asked_in(after, &a.id));
        let added: Vec<String> = sa.difference(&sb).cloned().collect();
        let removed: Vec<String> = sb.difference(&sa).cloned().collect();
        let basis_changed =
            b.source != a.source && b.source != ScoreSource::None && a.source != ScoreSource::None;
        domain_rows.push(ChangeRow {
            tier: Tier::Domain,
            id: b.id.clone(),
            title: b.title.clone(),
            before: b.score,
            after: a.score,
            change: score_change(b.score, a.score),
            level_before: b.level,
            level_after: a.level,
            question_set_changed: version_changed
                || !added.is_empty()
                || !removed.is_empty()
                || basis_changed,
            added,
            removed,
            basis_changed,
        });
    }
    domain_rows
}

fn score_change(before: Option<f64>, after: Option<f64>) -> Option<f64> {
    before.zip(after).map(|(a, b)| b - a)
}

/// The earlier assessment's labels, then those only the later one has.
fn labels_of_both(before: &ScoredAssessment, after: &ScoredAssessment) -> Vec<String> {
    let mut labels = before.labels.clone();
    for l in &after.labels {
        if !labels.contains(l) {
            labels.push(l.clone());
        }
    }
    labels
}

/// The changes between each pair of consecutive rounds of one organisation.
pub fn changes_for(
    fw: &Framework,
    scored: &[ScoredAssessment],
    org: &str,
) -> Result<Vec<RoundChange>, CompareError> {
    let org = org.trim().to_ascii_uppercase();
    let mut mine: Vec<&ScoredAssessment> =
        scored.iter().filter(|s| s.framework == fw.id() && s.org_code == org).collect();
    crate::order::sort_by(&mut mine, |a, b| a.round.cmp(&b.round));
    mine.windows(2).map(|w| change(fw, w[0], w[1])).collect()
}

/// One organisation's rate of progress.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgressRow {
    /// 1 for the fastest; organisations with equal rates share a rank.
    pub rank: usize,
    pub org_code: String,
    pub first_round: String,
    pub last_round: String,
    pub years: i32,
    pub first: f64,
    pub last: f64,
    pub change: f64,
    /// (last - first) / years.
    pub per_year: f64,
    /// How many ranked organisations were above this one in its first round and below it in its
    /// last.
    pub leapfrogged: usize,
    pub question_set_changed: bool,
}

/// An organisation left out of a progress ranking, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Excluded {
    pub org_code: String,
    pub reason: String,
}

/// Who moved fastest: organisations ranked by progress per year on one result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgressRanking {
    pub framework: String,
    pub tier: TierRef,
    pub title: String,
    pub rows: Vec<ProgressRow>,
    pub median_per_year: Option<f64>,
    pub excluded: Vec<Excluded>,
    pub labels: Vec<String>,
}

fn value_at(s: &ScoredAssessment, tier: &TierRef) -> Option<f64> {
    match tier {
        TierRef::Overall => s.overall.score,
        TierRef::Pillar(id) => s.pillars.iter().find(|p| &p.id == id)?.score,
        TierRef::Domain(id) => s.domains.iter().find(|d| &d.id == id)?.score,
    }
}

/// Whether the criteria asked for `tier` differ between two assessments (or their framework
/// versions do).
fn question_set_differs(a: &ScoredAssessment, b: &ScoredAssessment, tier: &TierRef) -> bool {
    if a.framework_version != b.framework_version {
        return true;
    }
    let in_tier = |s: &ScoredAssessment| -> BTreeSet<String> {
        s.criteria
            .iter()
            .filter(|c| c.asked)
            .filter(|c| match tier {
                TierRef::Overall => true,
                TierRef::Domain(id) => &c.domain == id,
                TierRef::Pillar(id) => s.domains.iter().any(|d| d.id == c.domain && &d.pillar == id),
            })
            .map(|c| c.id.clone())
            .collect()
    };
    in_tier(a) != in_tier(b)
}

/// The title of the result `tier` names; fails when the framework has no such pillar or domain.
fn tier_title(fw: &Framework, tier: &TierRef) -> Result<String, CompareError> {
    Ok(match tier {
        TierRef::Overall => fw.def().title.clone(),
        TierRef::Pillar(id) => fw
            .def()
            .pillars
            .iter()
            .find(|p| &p.id == id)
            .map(|p| p.title.clone())
            .ok_or_else(|| CompareError::new(format!("'{id}' is not a pillar of {}", fw.id())))?,
        TierRef::Domain(id) => (0..fw.domains().len())
            .map(|d| fw.domain(d))
            .find(|d| &d.id == id)
            .map(|d| d.title.clone())
            .ok_or_else(|| CompareError::new(format!("'{id}' is not a domain of {}", fw.id())))?,
    })
}

/// Counts whom each row leapfrogged, then sorts the rows fastest first (ties by code) and ranks
/// them, equal rates sharing a rank.
fn rank_by_rate(rows: &mut [ProgressRow]) {
    for i in 0..rows.len() {
        let (fi, li) = (rows[i].first, rows[i].last);
        rows[i].leapfrogged = rows.iter().filter(|q| q.first > fi && q.last < li).count();
    }
    crate::order::sort_by(rows, |a, b| {
        b.per_year.total_cmp(&a.per_year).then_with(|| a.org_code.cmp(&b.org_code))
    });
    for i in 0..rows.len() {
        rows[i].rank =
            if i > 0 && rows[i].per_year == rows[i - 1].per_year { rows[i - 1].rank } else { i + 1 };
    }
}

/// Ranks organisations (those in `orgs`, or everyone) by progress per year on `tier` between
/// their first and last rounds with a result: (last - first) / years between the rounds'
/// starting years. Organisations with fewer than two such rounds are listed in `excluded`.
pub fn progress(
    fw: &Framework,
    scored: &[ScoredAssessment],
    tier: &TierRef,
    orgs: Option<&[&str]>,
) -> Result<ProgressRanking, CompareError> {
    let title = tier_title(fw, tier)?;
    let wanted: Option<BTreeSet<String>> =
        orgs.map(|c| c.iter().map(|x| x.trim().to_ascii_uppercase()).collect());
    let mut by_org: BTreeMap<&str, Vec<&ScoredAssessment>> = BTreeMap::new();
    for s in scored.iter().filter(|s| s.framework == fw.id()) {
        if wanted.as_ref().is_none_or(|w| w.contains(&s.org_code)) {
            by_org.entry(&s.org_code).or_default().push(s);
        }
    }
    let mut rows = Vec::new();
    let mut excluded = Vec::new();
    let mut used: Vec<&ScoredAssessment> = Vec::new();
    for (org, mut list) in by_org {
        list.retain(|s| value_at(s, tier).is_some());
        crate::order::sort_by(&mut list, |a, b| a.round.cmp(&b.round));
        let (Some(first), Some(last)) = (list.first(), list.last()) else {
            excluded.push(Excluded { org_code: org.to_string(), reason: "no round with a result".into() });
            continue;
        };
        let years = last.round.year - first.round.year;
        if years <= 0 {
            excluded.push(Excluded {
                org_code: org.to_string(),
                reason: format!("only one round with a result ({})", first.round.label),
            });
            continue;
        }
        let (a, b) = (value_at(first, tier).unwrap_or(0.0), value_at(last, tier).unwrap_or(0.0));
        used.push(first);
        used.push(last);
        rows.push(ProgressRow {
            rank: 0,
            org_code: org.to_string(),
            first_round: first.round.label.clone(),
            last_round: last.round.label.clone(),
            years,
            first: a,
            last: b,
            change: b - a,
            per_year: (b - a) / f64::from(years),
            leapfrogged: 0,
            question_set_changed: question_set_differs(first, last, tier),
        });
    }
    rank_by_rate(&mut rows);
    let rates: Vec<f64> = rows.iter().map(|r| r.per_year).collect();
    Ok(ProgressRanking {
        framework: fw.id().to_string(),
        tier: tier.clone(),
        title,
        median_per_year: describe(&rates).map(|d| d.median),
        rows,
        excluded,
        labels: union_labels(used),
    })
}

/// One organisation's row of a heat map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeatRow {
    pub org_code: String,
    pub overall: Option<f64>,
    /// One per column, in column order.
    pub values: Vec<Option<f64>>,
    /// Levels reached per column (`cumulative` frameworks).
    pub levels: Vec<Option<u32>>,
    /// Whether each cell's result rests on every asked criterion.
    pub complete: Vec<bool>,
}

/// A heat map column: one domain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeatColumn {
    pub id: String,
    pub title: String,
    pub pillar: String,
}

/// Domain results of many organisations in one round, organisations by overall result (highest
/// first, those without one last), domains in framework order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeatMap {
    pub framework: String,
    pub round: String,
    pub level_label: String,
    pub score_range: [f64; 2],
    pub columns: Vec<HeatColumn>,
    pub rows: Vec<HeatRow>,
    pub labels: Vec<String>,
}

/// The heat map of `codes` (everyone when `None`) in `round`.
pub fn heat_map(
    fw: &Framework,
    scored: &[ScoredAssessment],
    round: &str,
    codes: Option<&[&str]>,
) -> Result<HeatMap, CompareError> {
    let Members { round: r, mut members, .. } = members_in_round(fw, scored, round, codes)?;
    crate::order::sort_by(&mut members, |a, b| {
        let key = |s: &ScoredAssessment| s.overall.score.unwrap_or(f64::NEG_INFINITY);
        key(b).total_cmp(&key(a)).then_with(|| a.org_code.cmp(&b.org_code))
    });
    let columns = (0..fw.domains().len())
        .map(|d| HeatColumn {
            id: fw.domain(d).id.clone(),
            title: fw.domain(d).title.clone(),
            pillar: fw.pillar(fw.domains()[d].pillar).id.clone(),
        })
        .collect();
    let rows = members
        .iter()
        .map(|s| HeatRow {
            org_code: s.org_code.clone(),
            overall: s.overall.score,
            values: s.domains.iter().map(|d| d.score).collect(),
            levels: s.domains.iter().map(|d| d.level).collect(),
            complete: s.domains.iter().map(|d| d.complete).collect(),
        })
        .collect();
    let (lo, hi) = fw.score_range();
    Ok(HeatMap {
        framework: fw.id().to_string(),
        round: r.label,
        level_label: fw.level_label().to_string(),
        score_range: [lo, hi],
        columns,
        rows,
        labels: union_labels(members.iter().copied()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type7_quantiles_match_r_for_one_to_ten() {
        // R: quantile(1:10) gives 1.00 3.25 5.50 7.75 10.00.
        let d = describe(&[10.0, 9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0]).unwrap();
        assert_eq!((d.min, d.q1, d.median, d.q3, d.max), (1.0, 3.25, 5.5, 7.75, 10.0));
        assert_eq!(d.iqr, 4.5);
    }

    #[test]
    fn describe_gives_none_for_no_finite_values() {
        assert_eq!(describe(&[]), None);
        assert_eq!(describe(&[f64::NAN]), None);
        let one = describe(&[2.5]).unwrap();
        assert_eq!((one.q1, one.median, one.q3), (2.5, 2.5, 2.5));
    }
}
