//! Sensitivity: whether the focus's standing depends on the peer group chosen. The comparison
//! is repeated (without rank simulation) for the standard peer groups the data supports, and one
//! sentence says whether the quartile or the significance changes between them: a finding that
//! holds among all trusts but not among the exemplars is worth knowing before acting on it.

use super::compare::{
    BenchmarkChoice, ComparisonRequest, PeerComparison, compare_resolved, find_metric, find_periods,
    significance_words,
};
use super::peers::{self, Condition, EXEMPLARS, PeerGroupSpec};
use super::population;
use super::selection::Selection;
use super::{BenchmarkError, Notice, NoticeCode, find_organisation};
use crate::data::Dataset;
use crate::stats::compare::TwoLevelComparison;
use serde::Serialize;

/// How the focus fares under one peer group, for [`sensitivity`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SensitivityRow {
    pub label: String,
    pub spec: PeerGroupSpec,
    /// Organisations ranked (focus included); 0 when the group failed.
    pub of: usize,
    pub rank: Option<usize>,
    pub quartile: Option<u32>,
    pub quartile_label: String,
    pub benchmark: Option<f64>,
    pub significance: TwoLevelComparison,
    /// Why this group gave no comparison, if it did not.
    pub error: Option<String>,
}

/// Whether the focus's standing depends on the peer group chosen.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Sensitivity {
    pub rows: Vec<SensitivityRow>,
    pub quartile_changes: bool,
    pub significance_changes: bool,
    /// One sentence saying so, for the page.
    pub summary: String,
    pub notices: Vec<Notice>,
}

/// Repeats the comparison in `request` for each peer group in `groups` (without rank
/// simulation) and says whether the focus's quartile or significance changes between them.
pub fn sensitivity(
    dataset: &Dataset,
    request: &ComparisonRequest,
    groups: &[PeerGroupSpec],
) -> Result<Sensitivity, BenchmarkError> {
    let focus = find_organisation(dataset, &request.focus)?;
    let metric = find_metric(dataset, &request.metric)?;
    let (from, to) = find_periods(dataset, request.from.as_deref(), request.to.as_deref())?;
    sensitivity_resolved(dataset, focus, metric, (from, to), &request.benchmark, groups)
}

/// [`sensitivity`] for an organisation, metric and period range already resolved to indices.
pub fn sensitivity_resolved(
    dataset: &Dataset,
    focus: usize,
    metric: usize,
    (from, to): (usize, usize),
    benchmark: &BenchmarkChoice,
    groups: &[PeerGroupSpec],
) -> Result<Sensitivity, BenchmarkError> {
    if groups.is_empty() {
        return Err(BenchmarkError::new(
            NoticeCode::InvalidSpec,
            "give at least one peer group (two or more to see whether the focus's standing depends on it)",
        ));
    }
    let mut failures: Vec<Notice> = Vec::new();
    let rows: Vec<SensitivityRow> = groups
        .iter()
        .map(|spec| {
            let result = peers::resolve_index(dataset, focus, spec)
                .and_then(|g| compare_resolved(dataset, metric, from, to, &g, benchmark, None));
            match result {
                Ok(c) => SensitivityRow::compared(spec, &c),
                Err(e) => {
                    let message = e.to_string();
                    failures.extend(e.notices);
                    SensitivityRow::failed(spec, message)
                }
            }
        })
        .collect();
    let ok: Vec<&SensitivityRow> = rows.iter().filter(|r| r.error.is_none()).collect();
    if ok.is_empty() {
        return Err(BenchmarkError { notices: failures });
    }
    let distinct = |f: &dyn Fn(&SensitivityRow) -> String| {
        let mut seen: Vec<String> = ok.iter().map(|r| f(r)).collect();
        crate::order::sort(&mut seen);
        seen.dedup();
        seen.len() > 1
    };
    let quartile_changes = distinct(&|r| format!("{:?}", r.quartile));
    let significance_changes = distinct(&|r| format!("{:?}", r.significance));
    let summary =
        summary_sentence(&dataset.organisations[focus].code, &ok, quartile_changes, significance_changes);
    // Groups that failed stay in the rows with their message; their notices become warnings here.
    let mut notices: Vec<Notice> = failures.into_iter().map(|n| Notice::warning(n.code, n.message)).collect();
    if quartile_changes || significance_changes {
        notices.push(Notice::warning(NoticeCode::PeerGroupSensitive, summary.clone()));
    }
    Ok(Sensitivity { rows, quartile_changes, significance_changes, summary, notices })
}

impl SensitivityRow {
    fn compared(spec: &PeerGroupSpec, c: &PeerComparison) -> Self {
        SensitivityRow {
            label: c.peer_group.label.clone(),
            spec: spec.clone(),
            of: c.rank.of,
            rank: Some(c.rank.rank),
            quartile: c.quartile.quartile,
            quartile_label: c.quartile.label.clone(),
            benchmark: c.benchmark.value,
            significance: c.significance,
            error: None,
        }
    }

    /// A group that gave no comparison, with why.
    fn failed(spec: &PeerGroupSpec, message: String) -> Self {
        SensitivityRow {
            label: spec.label(),
            spec: spec.clone(),
            of: 0,
            rank: None,
            quartile: None,
            quartile_label: String::new(),
            benchmark: None,
            significance: TwoLevelComparison::NotCompared,
            error: Some(message),
        }
    }
}

/// The sentence for the page: that `code`'s standing does not depend on the group, or which part
/// does, with its standing in each group that gave a comparison (`ok`).
fn summary_sentence(
    code: &str,
    ok: &[&SensitivityRow],
    quartile_changes: bool,
    significance_changes: bool,
) -> String {
    let describe = |r: &SensitivityRow| {
        format!(
            "{} among {} ({})",
            if r.quartile.is_some() { r.quartile_label.as_str() } else { "no quartile" },
            r.label,
            significance_words(r.significance)
        )
    };
    match (quartile_changes, significance_changes) {
        (false, false) => format!(
            "{code}'s standing does not depend on the peer group: {} in all {} groups compared",
            ok[0].quartile_label,
            ok.len()
        ),
        (q, s) => format!(
            "{code}'s {} depend{} on the peer group: {}",
            match (q, s) {
                (true, true) => "quartile and significance",
                (true, false) => "quartile",
                _ => "significance",
            },
            if q && s { "" } else { "s" },
            ok.iter().map(|r| describe(r)).collect::<Vec<_>>().join("; ")
        ),
    }
}

/// The standard peer groups for the selection (the data's default population, the spec's own,
/// the same region, the exemplars) and the sentence saying whether the focus's standing changes
/// between them: `None` when there is only one group to compare or none gives a comparison.
pub fn sentence(s: &Selection) -> Option<String> {
    let data = s.data;
    let mut groups = vec![population::default_peers(data)];
    let mut add = |g: PeerGroupSpec| {
        if !groups.contains(&g) {
            groups.push(g);
        }
    };
    add(s.choice.peers.clone());
    if data.organisations.iter().any(|o| o.attributes.contains_key("region")) {
        let mut conditions = match population::default_peers(data) {
            PeerGroupSpec::Filter { conditions } => conditions,
            _ => Vec::new(),
        };
        conditions.push(Condition::SameAsFocus { attribute: "region".into() });
        add(PeerGroupSpec::Filter { conditions });
    }
    if EXEMPLARS.iter().any(|(code, _)| peers::exemplar_index(data, code).is_some()) {
        add(PeerGroupSpec::Exemplars {});
    }
    if groups.len() < 2 {
        return None;
    }
    let c = &s.choice;
    sensitivity_resolved(data, s.focus, c.metric, (c.from, c.to), &c.benchmark, &groups)
        .ok()
        .map(|r| format!("Sensitivity: {}", r.summary))
}
