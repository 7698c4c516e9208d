//! A selection: what an indicator view looks at, resolved once against the data: the metric,
//! the period range, the focus organisation, its peer group and the benchmark. Every indicator
//! view's model starts from one, so the focus is found and the peer group resolved once, and the
//! comparison is made only by the views that show it.

use super::compare::{BenchmarkChoice, PeerComparison, compare_resolved};
use super::peers::{self, PeerGroup, PeerGroupSpec};
use super::population;
use super::{BenchmarkError, NoticeCode, find_organisation};
use crate::data::{Dataset, Metric};
use crate::stats::rank::RankOptions;

/// Indices into a dataset and the choices a spec resolved to.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub metric: usize,
    /// The inclusive period index range.
    pub from: usize,
    pub to: usize,
    /// The focus organisation's code.
    pub focus: String,
    pub peers: PeerGroupSpec,
    pub benchmark: BenchmarkChoice,
}

/// A choice resolved against its dataset: the focus's index and its peer group.
#[derive(Debug, Clone)]
pub struct Selection<'a> {
    pub data: &'a Dataset,
    pub choice: Choice,
    pub focus: usize,
    pub group: PeerGroup,
    /// Whether the peer group is the data's default population (every NHS trust), where each
    /// trust is its own peer and nothing is ringed.
    pub default_group: bool,
}

impl<'a> Selection<'a> {
    /// Finds the focus and resolves its peer group. Errors say what is missing and how to fix it.
    pub fn new(data: &'a Dataset, choice: Choice) -> Result<Self, BenchmarkError> {
        if choice.metric >= data.metrics.len() || choice.to >= data.periods.len() || choice.from > choice.to {
            return Err(BenchmarkError::new(
                NoticeCode::InvalidSpec,
                "the metric or period range is outside the data: choose them from the data's lists",
            ));
        }
        let focus = find_organisation(data, &choice.focus)?;
        let group = peers::resolve_index(data, focus, &choice.peers)?;
        let default_group = choice.peers == population::default_peers(data);
        Ok(Self { data, choice, focus, group, default_group })
    }

    pub fn metric(&self) -> &'a Metric {
        &self.data.metrics[self.choice.metric]
    }

    /// The first and last period keys of the range.
    pub fn period_keys(&self) -> (&'a str, &'a str) {
        (&self.data.periods[self.choice.from], &self.data.periods[self.choice.to])
    }

    /// The focus and its peers compared for the metric over the range; rank intervals only when
    /// `rank` asks for them (they take a simulation). Trusts without the service (mental health
    /// trusts have no A&E) are expected in the default group of every trust, so that notice is
    /// dropped there.
    pub fn compare(&self, rank: Option<&RankOptions>) -> Result<PeerComparison, BenchmarkError> {
        let c = &self.choice;
        let mut comparison =
            compare_resolved(self.data, c.metric, c.from, c.to, &self.group, &c.benchmark, rank)?;
        if self.default_group {
            comparison.notices.retain(|n| n.code != NoticeCode::PeersWithoutData);
        }
        Ok(comparison)
    }

    /// Whether the peer group reaches beyond the data's default population: RTT's independent
    /// sector providers, or every provider, when the population drawn is every NHS trust.
    pub fn beyond_population(&self) -> bool {
        let in_population = population::member_test(self.data);
        self.group.members.iter().any(|m| !in_population(&self.data.organisations[m.org]))
    }

    /// Which organisations (by index) a chart of the population draws, and what they are called
    /// in the plural: the data's default population ("NHS trusts"), or, for a peer group that
    /// reaches beyond it ([`Selection::beyond_population`]), the group and the focus, as the
    /// ranked chart compares them; ringing peers the population leaves out would ring nothing.
    pub fn drawn(&self) -> (Vec<bool>, String) {
        let orgs = &self.data.organisations;
        if self.beyond_population() {
            let mut drawn = vec![false; orgs.len()];
            for i in self.group.members.iter().map(|m| m.org).chain([self.focus]) {
                drawn[i] = true;
            }
            return (drawn, self.group_words());
        }
        let in_population = population::member_test(self.data);
        (orgs.iter().map(in_population).collect(), population::plural(self.data).to_string())
    }

    /// The peers' codes to ring on a chart of the whole population: none for the default group
    /// (every trust is its own peer there), nor when the chart draws only the group and the focus.
    pub fn ringed(&self) -> Vec<String> {
        if self.default_group || self.beyond_population() {
            Vec::new()
        } else {
            self.group.members.iter().map(|m| m.code.clone()).collect()
        }
    }

    /// What the compared organisations are called in titles ("NHS trusts").
    pub fn group_words(&self) -> String {
        population::group_words(&self.choice.peers)
    }
}
