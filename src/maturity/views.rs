//! The maturity views' models: for a focus trust, framework, round and peer group resolved
//! against the loaded [`MaturityData`], what each view shows: the comparison by pillar (radar),
//! the focus's levels with its next-level checklist (staircase), the organisations by pillar
//! (heat map) and the rounds over time (trajectory). Each holds the shared data by reference
//! count, so the page's four views keep one copy of the assessments.

use super::workspace::MaturityData;
use super::{Checklist, MaturityComparison, ScoredAssessment, TierRef, compare, next_level_checklist};
use crate::benchmark::peers::PeerGroupSpec;
use crate::error::{Error, ErrorKind};
use std::rc::Rc;

/// What a maturity spec asks for, before it is resolved against the data.
#[derive(Debug, Clone, PartialEq)]
pub struct MaturityChoice {
    pub framework: String,
    /// `None`: the focus's latest round.
    pub round: Option<String>,
    pub focus: String,
    pub peers: PeerGroupSpec,
}

/// A choice resolved against the data: the framework's index, the round, and the peers.
#[derive(Debug, Clone)]
pub struct MaturityFocus {
    pub data: Rc<MaturityData>,
    pub framework: usize,
    pub round: String,
    pub focus: String,
    pub peers: Vec<String>,
    /// Why some peers could not be found, for the chart's notes.
    pub notices: Vec<String>,
}

fn maturity_error(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Maturity, "maturity", "", message)
}

impl MaturityFocus {
    /// Finds the framework and the focus's assessments, the round (the latest by default) and
    /// the peer group.
    pub fn resolve(data: &Rc<MaturityData>, choice: &MaturityChoice) -> Result<Self, Error> {
        let framework = data
            .framework_index(&choice.framework)
            .map_err(|m| Error::new(ErrorKind::Spec, "spec.invalid", "framework", m))?;
        let fw = &data.frameworks[framework];
        let latest = data.scored[framework]
            .iter()
            .filter(|s| s.org_code.eq_ignore_ascii_case(&choice.focus))
            .max_by_key(|s| s.round.year)
            .ok_or_else(|| {
                maturity_error(format!(
                    "no {} assessment for {} in the data: load a filled-in template for it",
                    fw.id(),
                    choice.focus
                ))
            })?;
        let round = choice.round.clone().unwrap_or_else(|| latest.round.label.clone());
        let (peers, notices) = data.peer_codes(&choice.focus, &choice.peers).map_err(maturity_error)?;
        Ok(Self { data: Rc::clone(data), framework, round, focus: choice.focus.clone(), peers, notices })
    }

    pub fn scored(&self) -> &[ScoredAssessment] {
        &self.data.scored[self.framework]
    }

    pub fn peer_refs(&self) -> Vec<&str> {
        self.peers.iter().map(String::as_str).collect()
    }

    fn comparison(&self) -> Result<MaturityComparison, Error> {
        let fw = &self.data.frameworks[self.framework];
        compare(fw, self.scored(), &self.focus, &self.round, &self.peer_refs())
            .map_err(|e| maturity_error(e.to_string()))
    }
}

/// The radar: the focus's pillars against the peers' median and spread and the exemplars.
#[derive(Debug, Clone)]
pub struct RadarModel {
    pub focus: MaturityFocus,
    pub comparison: MaturityComparison,
}

pub fn radar(focus: MaturityFocus) -> Result<RadarModel, Error> {
    Ok(RadarModel { comparison: focus.comparison()?, focus })
}

/// The staircase: the focus's level in each domain, its next step and the peers' levels.
#[derive(Debug, Clone)]
pub struct StaircaseModel {
    pub focus: MaturityFocus,
    /// Index into the framework's scored assessments of the focus's assessment in the round.
    pub assessment: usize,
    pub checklist: Checklist,
    pub comparison: MaturityComparison,
}

pub fn staircase(focus: MaturityFocus) -> Result<StaircaseModel, Error> {
    let fw = &focus.data.frameworks[focus.framework];
    let assessment = focus
        .scored()
        .iter()
        .position(|s| s.org_code.eq_ignore_ascii_case(&focus.focus) && s.round.label == focus.round)
        .ok_or_else(|| {
            Error::new(
                ErrorKind::Spec,
                "spec.invalid",
                "round",
                format!("spec.round: {} has no {} assessment in {}", focus.focus, fw.id(), focus.round),
            )
        })?;
    let comparison = focus.comparison()?;
    let checklist =
        next_level_checklist(fw, &focus.scored()[assessment]).map_err(|e| maturity_error(e.to_string()))?;
    Ok(StaircaseModel { focus, assessment, checklist, comparison })
}

/// The heat map: the focus, its peers and the exemplars by pillar, drawn from the shared
/// assessments.
#[derive(Debug, Clone)]
pub struct HeatModel {
    pub focus: MaturityFocus,
}

pub fn heat(focus: MaturityFocus) -> HeatModel {
    HeatModel { focus }
}

/// The trajectories: the focus, its peers and the exemplars' median over rounds.
#[derive(Debug, Clone)]
pub struct TrajectoryModel {
    pub focus: MaturityFocus,
    /// Which score the lines follow (the overall score).
    pub tier: TierRef,
}

pub fn trajectory(focus: MaturityFocus) -> TrajectoryModel {
    TrajectoryModel { focus, tier: TierRef::Overall }
}
