//! Benchmarking: where an organisation stands among its peers for a metric.
//!
//! Three steps, each a pure function of the [`Dataset`](crate::data::Dataset): [`peers`] resolves
//! a peer group (all organisations, an attribute filter, a saved list, the Global Digital
//! Exemplars, or the nearest neighbours on weighted standardised attributes) with the reason each
//! peer is one; [`compare`] places the focus organisation among them for a metric and period
//! range (value and interval, rank with its uncertainty, quartile, peer median, national value,
//! significance against a chosen benchmark, and whether any of that changes with the peer group);
//! [`opportunity`] turns the gap to the peer median or best quartile into volume, as a range, with
//! a what-if; [`sensitivity`] says whether the focus's standing depends on the peer group.
//!
//! The indicator views' models live here too, each computing what its view shows and nothing
//! more, from one [`selection::Selection`]: [`ranking`], [`funnel`], [`distribution`],
//! [`series`] (SPC), [`spine`] and [`opportunity`]; [`population`] says which organisations a
//! view draws by default and what to call them.
//!
//! Results are serde-serialisable structs a chart draws directly. Problems are data too: every
//! result carries [`Notice`]s (a peer group of two, organisations without data), and input that
//! leaves nothing to show is a [`BenchmarkError`] with notices saying what to change, never an
//! empty result.

pub mod compare;
pub mod distribution;
pub mod funnel;
pub mod opportunity;
pub mod peers;
pub mod population;
pub mod ranking;
pub mod selection;
pub mod sensitivity;
pub mod series;
pub mod spine;

use crate::data::Severity;
use serde::Serialize;
use std::fmt;

/// What a notice is about, so a page can key its own wording or icon on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum NoticeCode {
    /// The focus organisation (or a listed one) is not in the data.
    UnknownOrganisation,
    /// The metric id is not in the data.
    UnknownMetric,
    /// The period range is not in the data or is reversed.
    UnknownPeriod,
    /// A peer filter or weight names an attribute no organisation has, or the focus lacks.
    UnknownAttribute,
    /// Some organisations lack a weighted attribute and cannot be neighbours.
    MissingAttribute,
    /// A weighted attribute has the same value everywhere and cannot tell peers apart.
    ConstantAttribute,
    /// A spec value out of range (k, a weight, a confidence level, a target).
    InvalidSpec,
    /// The peer group has no members besides the focus.
    EmptyPeerGroup,
    /// The peer group has fewer than [`MIN_PEERS`] members besides the focus.
    SmallPeerGroup,
    /// No organisation has data for the metric in the period range.
    NoDataForPeriod,
    /// The focus organisation has no data for the metric in the period range.
    FocusHasNoData,
    /// Some peers have no data for the metric in the period range and are left out.
    PeersWithoutData,
    /// A figure has no confidence interval (a plain value, or counts missing).
    NoInterval,
    /// Values over several periods were averaged rather than pooled.
    AveragedOverPeriods,
    /// The chosen benchmark is not available (no target set, too few exemplars with data).
    BenchmarkUnavailable,
    /// The metric has no polarity, so differences are higher/lower, not better/worse.
    NoPolarity,
    /// The focus's quartile or significance depends on the peer group chosen.
    PeerGroupSensitive,
    /// Opportunity cannot be expressed in volume (no denominator) or is not judged (no polarity).
    OpportunityUnavailable,
    /// Exemplars whose trusts have merged are counted as the trusts that hold their services today.
    ExemplarsAsSuccessors,
}

impl NoticeCode {
    /// The code as JavaScript sees it (`focusHasNoData`).
    pub fn name(self) -> String {
        let debug = format!("{self:?}");
        let mut chars = debug.chars();
        chars.next().map(|c| c.to_ascii_lowercase().to_string() + chars.as_str()).unwrap_or_default()
    }
}

/// A message for the person reading the chart: what happened and what to do about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notice {
    pub severity: Severity,
    pub code: NoticeCode,
    pub message: String,
}

impl Notice {
    pub fn error(code: NoticeCode, message: impl Into<String>) -> Self {
        Self { severity: Severity::Error, code, message: message.into() }
    }

    pub fn warning(code: NoticeCode, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, code, message: message.into() }
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Input that leaves nothing to compare: the notices say what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchmarkError {
    pub notices: Vec<Notice>,
}

impl BenchmarkError {
    pub fn new(code: NoticeCode, message: impl Into<String>) -> Self {
        Self { notices: vec![Notice::error(code, message)] }
    }

    /// The first error's code (every `BenchmarkError` has at least one notice).
    pub fn code(&self) -> Option<NoticeCode> {
        self.notices.first().map(|n| n.code)
    }
}

impl fmt::Display for BenchmarkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, n) in self.notices.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{n}")?;
        }
        Ok(())
    }
}

impl std::error::Error for BenchmarkError {}

impl From<BenchmarkError> for crate::error::Error {
    fn from(e: BenchmarkError) -> Self {
        let code = e.code().map_or_else(|| "benchmark".to_string(), |c| format!("benchmark.{}", c.name()));
        crate::error::Error::new(crate::error::ErrorKind::Benchmark, code, "", e.to_string())
    }
}

/// Fewer peers than this (besides the focus) and quartiles mean little: a warning says so.
pub const MIN_PEERS: usize = 3;

/// Finds an organisation by code (any case), or explains that it is not there, suggesting the
/// code when the text is an organisation's name.
pub fn find_organisation(dataset: &crate::data::Dataset, code: &str) -> Result<usize, BenchmarkError> {
    let code = code.trim();
    if let Some(i) = dataset.organisation_index(code) {
        return Ok(i);
    }
    let by_name = dataset.organisations.iter().find(|o| o.name.eq_ignore_ascii_case(code));
    let hint = match by_name {
        Some(o) => format!(" '{}' is the name of {}: use the code {}", code, o.code, o.code),
        None => " use an organisation code from the data (e.g. an ODS code such as RM3)".to_string(),
    };
    Err(BenchmarkError::new(
        NoticeCode::UnknownOrganisation,
        format!("'{code}' is not an organisation in this data:{hint}"),
    ))
}
