//! The maturity views' models: for a focus trust, framework, round and peer group resolved
//! against the loaded [`MaturityData`], what each view shows, computed once when the view is
//! analysed: the comparison by pillar (radar), the focus's levels with its next step in each
//! domain (staircase), the organisations' results by pillar in their groups and order with the
//! groups' medians (heat map), and each organisation's line over rounds with the exemplars'
//! median and who moved fastest (trajectory). The chart layer only lays these out and words
//! them. Each holds the shared data by reference count, so the page's four views keep one copy
//! of the assessments.

use super::compare::{ComparisonRow, Gap, ItemStatus};
use super::scoring::{DomainResult, ScoreSource};
use super::workspace::MaturityData;
use super::{
    Checklist, Distribution, Framework, GDE_EXEMPLARS, MaturityComparison, ProgressRanking, Round, Rule,
    ScoredAssessment, Tier, TierRef, changes_for, compare, describe, next_level_checklist, progress,
};
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

    /// The framework the focus is assessed on.
    pub fn framework(&self) -> &Framework {
        &self.data.frameworks[self.framework]
    }

    /// The focus's ODS code as the assessments write it (trimmed, upper case).
    pub fn code(&self) -> String {
        self.focus.trim().to_ascii_uppercase()
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

/// What a view's rows or axes are: the framework's pillars, its domains, or (a staged
/// framework's domains) its stages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Pillar,
    Domain,
    Stage,
}

impl Part {
    /// The noun for one of them: "pillar", "domain", "stage".
    pub fn noun(self) -> &'static str {
        match self {
            Part::Pillar => "pillar",
            Part::Domain => "domain",
            Part::Stage => "stage",
        }
    }

    /// Domains, or stages when the framework is staged.
    fn domains_of(fw: &Framework) -> Part {
        if fw.rule() == Rule::Staged { Part::Stage } else { Part::Domain }
    }
}

// ---------- Radar ----------

/// The radar: the focus's pillars against the peers' median and spread and the exemplars.
#[derive(Debug, Clone)]
pub struct RadarModel {
    pub focus: MaturityFocus,
    pub comparison: MaturityComparison,
    /// The comparison rows drawn as axes, by index: the pillars, or the domains when there are
    /// fewer than three pillars (a radar needs three axes).
    pub axes: Vec<usize>,
    pub part: Part,
}

impl RadarModel {
    /// The comparison rows of the axes, in order.
    pub fn axis_rows(&self) -> Vec<&ComparisonRow> {
        self.axes.iter().map(|&i| &self.comparison.rows[i]).collect()
    }
}

pub fn radar(focus: MaturityFocus) -> Result<RadarModel, Error> {
    let comparison = focus.comparison()?;
    let of = |tier: Tier| -> Vec<usize> {
        comparison.rows.iter().enumerate().filter(|(_, r)| r.tier == tier).map(|(i, _)| i).collect()
    };
    let pillars = of(Tier::Pillar);
    let (axes, part) = if pillars.len() >= 3 {
        (pillars, Part::Pillar)
    } else {
        (of(Tier::Domain), Part::domains_of(focus.framework()))
    };
    Ok(RadarModel { focus, comparison, axes, part })
}

// ---------- Staircase ----------

/// The staircase: the focus's level in each domain, its next step and the peers' levels.
#[derive(Debug, Clone)]
pub struct StaircaseModel {
    pub focus: MaturityFocus,
    /// Index into the framework's scored assessments of the focus's assessment in the round.
    pub assessment: usize,
    pub checklist: Checklist,
    pub comparison: MaturityComparison,
    /// Why the assessment, checklist and comparison do not describe one assessment scored
    /// against the framework, if they do not; then there are no rows.
    pub mismatch: Option<String>,
    /// Whether the comparison is of the same organisation and round: its peer medians are used
    /// only then.
    pub comparison_matches: bool,
    /// One row per domain, in framework order (stage order for a staged framework).
    pub rows: Vec<StairRow>,
    pub headline: StairHeadline,
}

/// Where one domain stands on the staircase.
#[derive(Debug, Clone, PartialEq)]
pub struct StairRow {
    /// The domain's flat index (into the framework's domains and the assessment's).
    pub domain: usize,
    /// How far the bar runs on the framework's scale (level, stage or score); `None` without
    /// a result.
    pub reached: Option<f64>,
    /// The next level's extent on the same scale.
    pub next: Option<(f64, f64)>,
    /// Staged only: the stage's criteria are all met but a lower stage's are not.
    pub met_not_counted: bool,
    pub step: NextStep,
    /// The texts of the criteria still to meet for the next level.
    pub to_meet: Vec<String>,
    /// The peers' distribution in this domain (not for a staged framework, whose peers are
    /// compared by the stage reached).
    pub peers: Option<Distribution>,
    /// The next level's checklist items not met, and not answered.
    pub not_met: usize,
    pub not_answered: usize,
}

/// A domain's next step, as the staircase says it.
#[derive(Debug, Clone, PartialEq)]
pub enum NextStep {
    /// Nothing answered.
    NoResult,
    /// The top level, or (a mean framework) the top answer on every question.
    Top,
    /// No checklist for the next `level`.
    NoChecklist { level: u32 },
    /// A cumulative framework's next `level`: of its `of` elements, how many are not met and
    /// not answered; `known` is false when they are not known (a domain score).
    Elements { level: u32, not_met: usize, not_answered: usize, of: usize, known: bool },
    /// A staged framework's stage, counted.
    StageReached { stage: u32 },
    /// A stage met above a gap: it counts once stage `counts_at` is reached.
    MetNotCounted { counts_at: u32 },
    /// A stage not met, scored from a domain score (per cent of criteria met); `next` when it is
    /// the stage after the one reached.
    StageScore { next: bool, score: f64 },
    /// A stage not met: of its `of` criteria, how many are not met and not answered.
    StageCriteria { next: bool, not_met: usize, not_answered: usize, of: usize },
    /// A mean framework's domain scored from a domain score: its questions are not known.
    DomainScoreOnly,
    /// The largest gain from one question's top answer.
    Gain { points: f64, question: String },
    /// The best next answers are to questions not answered.
    QuestionsNotAnswered { questions: usize },
}

/// The staircase's headline figures.
#[derive(Debug, Clone, PartialEq)]
pub enum StairHeadline {
    /// No domain has a result.
    NoResult,
    /// A cumulative framework: the middle level of the domains (the upper middle of an even
    /// count), how many domains reach it, and how many are one element from their next level.
    Levels { typical: u32, at_or_above: usize, domains: usize, one_away: usize },
    /// A staged framework: the stage reached, the top stage and how many criteria the next
    /// stage still needs.
    Stage { current: u32, max: u32, next_needs: Option<usize> },
    /// A mean framework: the overall score and the lowest domain (flat index) with its score.
    Mean { overall: f64, lowest: usize, score: f64 },
}

pub fn staircase(focus: MaturityFocus) -> Result<StaircaseModel, Error> {
    let fw = focus.framework();
    let assessment = focus
        .scored()
        .iter()
        .position(|s| s.org_code.eq_ignore_ascii_case(&focus.focus) && s.round.label == focus.round)
        .ok_or_else(|| {
            Error::new(
                ErrorKind::Spec,
                "spec.invalid",
                "round",
                format!(
                    "spec.round: {} has no {} assessment in {}",
                    focus.focus,
                    fw.id(),
                    crate::error::quoted(&focus.round)
                ),
            )
        })?;
    let comparison = focus.comparison()?;
    let checklist =
        next_level_checklist(fw, &focus.scored()[assessment]).map_err(|e| maturity_error(e.to_string()))?;
    Ok(StaircaseModel::new(focus, assessment, checklist, comparison))
}

impl StaircaseModel {
    /// The staircase of assessment `assessment` (an index into `focus.scored()`) with its
    /// checklist and comparison; [`StaircaseModel::mismatch`] says when they are not of one
    /// assessment.
    pub fn new(
        focus: MaturityFocus,
        assessment: usize,
        checklist: Checklist,
        comparison: MaturityComparison,
    ) -> Self {
        let (fw, s) = (focus.framework(), &focus.scored()[assessment]);
        let mismatch = stair_mismatch(fw, s, &checklist);
        let comparison_matches = comparison.org_code == s.org_code && comparison.round == s.round.label;
        let headline = stair_headline(fw, s, &checklist);
        let rows = if mismatch.is_some() {
            Vec::new()
        } else {
            let peers = comparison_matches.then_some(&comparison);
            stair_order(fw).into_iter().map(|d| stair_row(fw, s, d, &checklist, peers)).collect()
        };
        Self { focus, assessment, checklist, comparison, mismatch, comparison_matches, rows, headline }
    }

    /// The focus's scored assessment.
    pub fn scored(&self) -> &ScoredAssessment {
        &self.focus.scored()[self.assessment]
    }
}

/// Domains in framework order, or stage order for a staged framework.
fn stair_order(fw: &Framework) -> Vec<usize> {
    if fw.rule() == Rule::Staged { fw.stage_order().to_vec() } else { (0..fw.domains().len()).collect() }
}

/// Why the three parts do not describe one assessment scored against this framework, if they
/// do not. Matching sizes also keep every domain and pillar index used later in range.
fn stair_mismatch(fw: &Framework, s: &ScoredAssessment, checklist: &Checklist) -> Option<String> {
    if s.framework != fw.id()
        || s.domains.len() != fw.domains().len()
        || s.pillars.len() != fw.def().pillars.len()
    {
        Some(format!("The assessment was scored against '{}', not '{}'.", s.framework, fw.id()))
    } else if checklist.org_code != s.org_code || checklist.round != s.round.label {
        Some(format!(
            "The checklist is for {} {}, not {} {}.",
            checklist.org_code, checklist.round, s.org_code, s.round.label
        ))
    } else {
        None
    }
}

fn count(gap: &Gap, status: ItemStatus) -> usize {
    gap.items.iter().filter(|i| i.status == status).count()
}

fn to_meet(gap: &Gap) -> Vec<String> {
    gap.items.iter().filter(|i| i.status != ItemStatus::Met).map(|i| i.text.clone()).collect()
}

fn stair_row(
    fw: &Framework,
    s: &ScoredAssessment,
    d: usize,
    checklist: &Checklist,
    comparison: Option<&MaturityComparison>,
) -> StairRow {
    let dom = &s.domains[d];
    let gap = checklist.gaps.iter().find(|g| g.domain == dom.id);
    let mut row = StairRow {
        domain: d,
        reached: None,
        next: None,
        met_not_counted: false,
        step: NextStep::NoResult,
        to_meet: Vec::new(),
        peers: None,
        not_met: gap.map_or(0, |g| count(g, ItemStatus::NotMet)),
        not_answered: gap.map_or(0, |g| count(g, ItemStatus::NotAnswered)),
    };
    match fw.rule() {
        Rule::Cumulative => {
            cumulative_step(&mut row, dom, gap, fw.def().levels.as_ref().map_or(0, |l| l.max))
        }
        Rule::Staged => staged_step(&mut row, s, dom, gap),
        Rule::Mean => mean_step(&mut row, dom, gap, fw.score_range().1),
    }
    if fw.rule() != Rule::Staged {
        row.peers = comparison
            .and_then(|c| c.rows.iter().find(|r| r.tier == Tier::Domain && r.id == dom.id))
            .and_then(|r| r.peers);
    }
    row
}

/// A level counts when every element of it and of the levels below is met.
fn cumulative_step(row: &mut StairRow, dom: &DomainResult, gap: Option<&Gap>, max: u32) {
    row.reached = dom.level.map(f64::from);
    row.step = match (dom.level, gap) {
        (None, _) => NextStep::NoResult,
        (Some(l), _) if l >= max => NextStep::Top,
        (Some(l), None) => NextStep::NoChecklist { level: l + 1 },
        (Some(l), Some(g)) => {
            let level = g.target_level.unwrap_or(l + 1);
            row.next = Some((f64::from(level) - 1.0, f64::from(level)));
            row.to_meet = to_meet(g);
            NextStep::Elements {
                level,
                not_met: count(g, ItemStatus::NotMet),
                not_answered: count(g, ItemStatus::NotAnswered),
                of: g.items.len(),
                known: g.note.is_none() && count(g, ItemStatus::Unknown) == 0,
            }
        }
    };
}

/// A stage counts only when every lower stage does; its criteria are counted from the answers.
fn staged_step(row: &mut StairRow, s: &ScoredAssessment, dom: &DomainResult, gap: Option<&Gap>) {
    let stage = dom.stage.unwrap_or(0);
    let current = s.overall.level.unwrap_or(0);
    let mine: Vec<_> = s.criteria.iter().filter(|c| c.asked && c.domain == dom.id).collect();
    let met = mine.iter().filter(|c| c.met == Some(true)).count();
    let not_met = mine.iter().filter(|c| c.met == Some(false)).count();
    let not_answered = mine.len() - met - not_met;
    if stage <= current {
        row.reached = Some(f64::from(stage));
        row.step = NextStep::StageReached { stage };
        return;
    }
    if dom.achieved == Some(true) {
        row.met_not_counted = true;
        row.reached = Some(f64::from(stage));
        row.step = NextStep::MetNotCounted { counts_at: current + 1 };
        return;
    }
    let next = stage == current + 1;
    if next {
        row.next = Some((0.0, f64::from(stage)));
        row.to_meet = gap.map(to_meet).unwrap_or_default();
    }
    row.step = match dom.source {
        ScoreSource::DomainScore => NextStep::StageScore { next, score: dom.score.unwrap_or(0.0) },
        _ => NextStep::StageCriteria { next, not_met, not_answered, of: mine.len() },
    };
}

/// A mean framework's next step is the largest gain from one question's top answer.
fn mean_step(row: &mut StairRow, dom: &DomainResult, gap: Option<&Gap>, top: f64) {
    row.reached = dom.score;
    row.step = match (dom.score, gap.and_then(|g| g.items.first().map(|i| (g, i)))) {
        (None, _) => NextStep::NoResult,
        (Some(v), None) if v >= top => NextStep::Top,
        (Some(_), None) => NextStep::DomainScoreOnly,
        (Some(v), Some((g, first))) => {
            row.to_meet = g.items.iter().map(|i| i.text.clone()).collect();
            match first.points_available {
                Some(p) => {
                    row.next = Some((v, (v + p).min(top)));
                    NextStep::Gain { points: p, question: first.text.clone() }
                }
                None => NextStep::QuestionsNotAnswered { questions: count(g, ItemStatus::NotAnswered) },
            }
        }
    };
}

fn stair_headline(fw: &Framework, s: &ScoredAssessment, checklist: &Checklist) -> StairHeadline {
    match fw.rule() {
        Rule::Cumulative => {
            let levels: Vec<u32> = s.domains.iter().filter_map(|d| d.level).collect();
            let one_away = checklist
                .gaps
                .iter()
                .filter(|g| g.remaining == 1 && g.note.is_none() && g.current_level.is_some())
                .count();
            let mut sorted = levels.clone();
            crate::order::sort(&mut sorted);
            let Some(&typical) = sorted.get(sorted.len() / 2) else { return StairHeadline::NoResult };
            let at_or_above = levels.iter().filter(|&&l| l >= typical).count();
            StairHeadline::Levels { typical, at_or_above, domains: s.domains.len(), one_away }
        }
        Rule::Staged => {
            let current = s.overall.level.unwrap_or(0);
            let max = fw.def().levels.as_ref().map_or(current, |l| l.max);
            StairHeadline::Stage { current, max, next_needs: checklist.gaps.first().map(|g| g.remaining) }
        }
        Rule::Mean => {
            let lowest = s
                .domains
                .iter()
                .enumerate()
                .filter_map(|(i, d)| d.score.map(|v| (i, v)))
                .min_by(|a, b| a.1.total_cmp(&b.1));
            match (s.overall.score, lowest) {
                (Some(overall), Some((lowest, score))) => StairHeadline::Mean { overall, lowest, score },
                _ => StairHeadline::NoResult,
            }
        }
    }
}

// ---------- Heat map ----------

/// Which group a heat map row belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Focus,
    Peer,
    Exemplar,
}

/// A heat map column: a pillar, a domain (the `position`-th, with its stage in a staged
/// framework), the overall result, or (staged) the stage reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeatColumn {
    Pillar(usize),
    Domain { index: usize, position: usize, stage: Option<u32> },
    Overall,
    StageReached,
}

/// One cell: the value (`None`: no result) and whether it rests on complete answers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeatCell {
    pub value: Option<f64>,
    pub complete: bool,
}

/// One organisation's row.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatRow {
    pub group: Group,
    pub code: String,
    /// One cell per column.
    pub cells: Vec<HeatCell>,
    /// The overall result rests on complete answers.
    pub complete: bool,
}

/// Where the focus stands among the rows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum HeatStanding {
    /// The focus has no assessment in the round.
    Absent,
    /// The focus has no overall result (a staged framework: no stage) to compare.
    NoResult,
    /// A staged framework: the focus's stage, and how many other rows are higher and the same.
    Stage { stage: u32, higher: usize, same: usize },
    /// The focus's place on the overall result (1 for the highest), and its strongest and
    /// weakest columns (indices into the columns) when they differ.
    Place { place: usize, strongest: Option<(usize, usize)> },
}

/// The heat map: the focus, its peers and the Global Digital Exemplars in one round, each group
/// ordered by overall result, by pillar (or by domain when there are fewer than two pillars).
#[derive(Debug, Clone)]
pub struct HeatModel {
    pub focus: MaturityFocus,
    /// The round, or why the round cannot be read (then there are no rows).
    pub round: Result<Round, String>,
    pub columns: Vec<HeatColumn>,
    pub part: Part,
    /// The focus first, then its peers and the exemplars, each from highest to lowest overall.
    pub rows: Vec<HeatRow>,
    /// Requested organisations with no assessment in the round.
    pub not_found: Vec<String>,
    /// The framework's labels and those of every row's assessment.
    pub labels: Vec<String>,
    pub standing: HeatStanding,
    /// The overall results of the peers' and the exemplars' rows.
    pub peer_overall: Option<Distribution>,
    pub exemplar_overall: Option<Distribution>,
}

impl HeatModel {
    pub fn count(&self, group: Group) -> usize {
        self.rows.iter().filter(|r| r.group == group).count()
    }
}

pub fn heat(focus: MaturityFocus) -> HeatModel {
    let fw = focus.framework();
    let (columns, part) = heat_columns(fw);
    let round = Round::parse(&focus.round);
    let (rows, not_found, labels, standing) = match &round {
        Ok(r) => {
            let (rows, not_found, found) = heat_rows(&focus, r, &columns);
            let standing = heat_standing(fw.rule(), &rows, &columns, &found);
            (rows, not_found, union_labels(fw, found), standing)
        }
        Err(_) => (Vec::new(), Vec::new(), fw.labels(), HeatStanding::Absent),
    };
    let overall_of = |group: Group| {
        let at = columns.iter().position(|c| *c == HeatColumn::Overall);
        let values: Vec<f64> = rows
            .iter()
            .filter(|r| r.group == group)
            .filter_map(|r| at.and_then(|i| r.cells[i].value))
            .collect();
        describe(&values)
    };
    let (peer_overall, exemplar_overall) = (overall_of(Group::Peer), overall_of(Group::Exemplar));
    HeatModel {
        focus,
        round,
        columns,
        part,
        rows,
        not_found,
        labels,
        standing,
        peer_overall,
        exemplar_overall,
    }
}

/// The pillars (at least two), else the domains (in stage order when staged); the overall
/// result; and the stage reached when staged.
fn heat_columns(fw: &Framework) -> (Vec<HeatColumn>, Part) {
    let staged = fw.rule() == Rule::Staged;
    let (mut columns, part) = if fw.def().pillars.len() >= 2 {
        ((0..fw.def().pillars.len()).map(HeatColumn::Pillar).collect::<Vec<_>>(), Part::Pillar)
    } else {
        let columns = stair_order(fw)
            .into_iter()
            .enumerate()
            .map(|(position, index)| HeatColumn::Domain {
                index,
                position,
                stage: fw.domain(index).stage.filter(|_| staged),
            })
            .collect();
        (columns, Part::domains_of(fw))
    };
    columns.push(HeatColumn::Overall);
    if staged {
        columns.push(HeatColumn::StageReached);
    }
    (columns, part)
}

fn heat_cell(s: &ScoredAssessment, column: HeatColumn) -> HeatCell {
    let (value, complete) = match column {
        HeatColumn::Pillar(p) => s.pillars.get(p).map_or((None, false), |r| (r.score, r.complete)),
        HeatColumn::Domain { index, .. } => {
            s.domains.get(index).map_or((None, false), |r| (r.score, r.complete))
        }
        HeatColumn::Overall => (s.overall.score, s.overall.complete),
        HeatColumn::StageReached => (s.overall.level.map(f64::from), !s.overall.level_is_lower_bound),
    };
    HeatCell { value, complete }
}

/// The rows (each group after the focus from highest to lowest overall, ties by code; an
/// organisation appears once, in its first group), the codes without an assessment in the
/// round, and the assessments in row order.
fn heat_rows<'a>(
    focus: &'a MaturityFocus,
    round: &Round,
    columns: &[HeatColumn],
) -> (Vec<HeatRow>, Vec<String>, Vec<(Group, &'a ScoredAssessment)>) {
    let fw = focus.framework();
    let in_round: Vec<&ScoredAssessment> = focus
        .scored()
        .iter()
        .filter(|s| s.framework == fw.id() && &s.round == round)
        .filter(|s| s.pillars.len() == fw.def().pillars.len() && s.domains.len() == fw.domains().len())
        .collect();
    let find = |code: &str| in_round.iter().copied().find(|s| s.org_code.eq_ignore_ascii_case(code.trim()));
    let mut found: Vec<(Group, &ScoredAssessment)> = Vec::new();
    let mut not_found = Vec::new();
    let code = focus.code();
    match find(&code) {
        Some(s) => found.push((Group::Focus, s)),
        None => not_found.push(code),
    }
    let peers = focus.peer_refs();
    for (group, codes) in [(Group::Peer, &peers[..]), (Group::Exemplar, &GDE_EXEMPLARS[..])] {
        let mut members: Vec<&ScoredAssessment> = Vec::new();
        for code in codes {
            let code = code.trim().to_ascii_uppercase();
            if found.iter().any(|(_, s)| s.org_code == code) || members.iter().any(|s| s.org_code == code) {
                continue;
            }
            match find(&code) {
                Some(s) => members.push(s),
                None => not_found.push(code),
            }
        }
        crate::order::sort_by(&mut members, |a, b| {
            let key = |s: &ScoredAssessment| s.overall.score.unwrap_or(f64::NEG_INFINITY);
            key(b).total_cmp(&key(a)).then_with(|| a.org_code.cmp(&b.org_code))
        });
        found.extend(members.into_iter().map(|s| (group, s)));
    }
    let rows = found
        .iter()
        .map(|&(group, s)| HeatRow {
            group,
            code: s.org_code.clone(),
            cells: columns.iter().map(|&c| heat_cell(s, c)).collect(),
            complete: s.overall.complete,
        })
        .collect();
    (rows, not_found, found)
}

/// The framework's labels, then those of each assessment not already there.
fn union_labels(fw: &Framework, found: Vec<(Group, &ScoredAssessment)>) -> Vec<String> {
    let mut labels = fw.labels();
    for (_, s) in found {
        for l in &s.labels {
            if !labels.contains(l) {
                labels.push(l.clone());
            }
        }
    }
    labels
}

fn heat_standing(
    rule: Rule,
    rows: &[HeatRow],
    columns: &[HeatColumn],
    found: &[(Group, &ScoredAssessment)],
) -> HeatStanding {
    let Some(&(_, s)) = found.iter().find(|(g, _)| *g == Group::Focus) else { return HeatStanding::Absent };
    if rule == Rule::Staged {
        let Some(stage) = s.overall.level else { return HeatStanding::NoResult };
        let higher = found.iter().filter(|(_, r)| r.overall.level.is_some_and(|l| l > stage)).count();
        let same = found.iter().filter(|(_, r)| r.overall.level == Some(stage)).count().saturating_sub(1);
        return HeatStanding::Stage { stage, higher, same };
    }
    let Some(overall) = s.overall.score else { return HeatStanding::NoResult };
    let above = found.iter().filter(|(_, r)| r.overall.score.is_some_and(|v| v > overall)).count();
    // The focus row is the first; its pillar (or domain) cells.
    let parts: Vec<(usize, f64)> = columns
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c, HeatColumn::Pillar(_) | HeatColumn::Domain { .. }))
        .filter_map(|(i, _)| rows[0].cells[i].value.map(|v| (i, v)))
        .collect();
    let best = parts.iter().max_by(|a, b| a.1.total_cmp(&b.1));
    let worst = parts.iter().min_by(|a, b| a.1.total_cmp(&b.1));
    let strongest = match (best, worst) {
        (Some(b), Some(w)) if b.1 > w.1 => Some((b.0, w.0)),
        _ => None,
    };
    HeatStanding::Place { place: above + 1, strongest }
}

// ---------- Trajectories ----------

/// Who a trajectory line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    Focus,
    Peer,
    ExemplarMedian,
}

/// One point of a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub round: Round,
    pub value: f64,
    /// The question set changed since this line's previous point.
    pub changed: bool,
}

/// One line: an organisation's results by round, or the exemplars' median.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub line: Line,
    /// The ODS code ("exemplars" for the median).
    pub code: String,
    pub name: String,
    pub points: Vec<Point>,
}

/// The trajectories: the focus, its peers and the exemplars' median over rounds, on one result,
/// with who moved fastest among the focus and its peers.
#[derive(Debug, Clone)]
pub struct TrajectoryModel {
    pub focus: MaturityFocus,
    /// Which score the lines follow.
    pub tier: TierRef,
    /// The followed result's title ("overall maturity", a pillar's or domain's), or why the
    /// framework has no such result (then there are no lines).
    pub followed: Result<String, String>,
    /// The focus's line (when it has results), its peers' in the order given, then the
    /// exemplars' median (when any exemplar has a result).
    pub series: Vec<Series>,
    /// The most exemplars any round's median rests on.
    pub exemplars: usize,
    /// The focus and its peers ranked by progress per year, unless that failed.
    pub ranking: Option<ProgressRanking>,
    /// Every round with a point, in order.
    pub rounds: Vec<Round>,
    pub labels: Vec<String>,
    /// What the chart should say about organisations left out or a ranking that failed.
    pub notes: Vec<String>,
}

impl TrajectoryModel {
    pub fn count(&self, line: Line) -> usize {
        self.series.iter().filter(|s| s.line == line).count()
    }

    /// The fastest-moving organisation's code.
    pub fn fastest(&self) -> Option<&str> {
        self.ranking.as_ref().and_then(|p| p.rows.first()).map(|r| r.org_code.as_str())
    }

    /// Whether any point's question set changed since its line's previous point.
    pub fn any_changed(&self) -> bool {
        self.series.iter().any(|s| s.points.iter().any(|p| p.changed))
    }
}

/// The trajectories of the overall result.
pub fn trajectory(focus: MaturityFocus) -> TrajectoryModel {
    trajectory_on(focus, TierRef::Overall)
}

/// The trajectories of `tier`: the overall result, a pillar or a domain.
pub fn trajectory_on(focus: MaturityFocus, tier: TierRef) -> TrajectoryModel {
    let fw = focus.framework();
    let mut model = TrajectoryModel {
        followed: tier_title(fw, &tier),
        focus: focus.clone(),
        tier,
        series: Vec::new(),
        exemplars: 0,
        ranking: None,
        rounds: Vec::new(),
        labels: fw.labels(),
        notes: Vec::new(),
    };
    if model.followed.is_ok() {
        follow(&mut model, &focus);
    }
    model
}

/// The lines, the exemplars' median, the ranking, the rounds and the labels.
fn follow(model: &mut TrajectoryModel, focus: &MaturityFocus) {
    let (fw, scored, tier) = (focus.framework(), focus.scored(), &model.tier);
    let mut codes: Vec<String> = vec![focus.code()];
    for p in &focus.peers {
        let p = p.trim().to_ascii_uppercase();
        if !codes.contains(&p) {
            codes.push(p);
        }
    }
    let mut no_results = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        let points = org_series(fw, scored, tier, code, &mut model.notes);
        if points.is_empty() {
            no_results.push(code.clone());
            continue;
        }
        let line = if i == 0 { Line::Focus } else { Line::Peer };
        model.series.push(Series { line, code: code.clone(), name: focus.data.name_of(code), points });
    }
    let exemplar_codes: Vec<String> = GDE_EXEMPLARS.iter().map(|c| c.trim().to_ascii_uppercase()).collect();
    let (median, exemplars) = exemplar_median(fw, scored, tier, &exemplar_codes);
    model.series.extend(median);
    model.exemplars = exemplars;
    if !no_results.is_empty() {
        model.notes.push(format!("No {} result for {}: left out.", fw.id(), no_results.join(", ")));
    }
    let code_refs: Vec<&str> = codes.iter().map(String::as_str).collect();
    match progress(fw, scored, tier, Some(&code_refs)) {
        Ok(p) => model.ranking = Some(p),
        Err(e) => model.notes.push(e.message),
    }
    for s in scored.iter().filter(|s| {
        s.framework == fw.id() && (codes.contains(&s.org_code) || exemplar_codes.contains(&s.org_code))
    }) {
        for l in &s.labels {
            if !model.labels.contains(l) {
                model.labels.push(l.clone());
            }
        }
    }
    let mut rounds: Vec<Round> =
        model.series.iter().flat_map(|s| s.points.iter().map(|p| p.round.clone())).collect();
    crate::order::sort(&mut rounds);
    rounds.dedup();
    model.rounds = rounds;
}

fn value_at(s: &ScoredAssessment, tier: &TierRef) -> Option<f64> {
    match tier {
        TierRef::Overall => s.overall.score,
        TierRef::Pillar(id) => s.pillars.iter().find(|p| &p.id == id)?.score,
        TierRef::Domain(id) => s.domains.iter().find(|d| &d.id == id)?.score,
    }
}

/// The title of the followed result, or why there is none.
fn tier_title(fw: &Framework, tier: &TierRef) -> Result<String, String> {
    match tier {
        TierRef::Overall => Ok("overall maturity".into()),
        TierRef::Pillar(id) => fw
            .def()
            .pillars
            .iter()
            .find(|p| &p.id == id)
            .map(|p| p.title.clone())
            .ok_or_else(|| format!("'{id}' is not a pillar of {}.", fw.def().title)),
        TierRef::Domain(id) => (0..fw.domains().len())
            .map(|d| fw.domain(d))
            .find(|d| &d.id == id)
            .map(|d| d.title.clone())
            .ok_or_else(|| format!("'{id}' is not a domain of {}.", fw.def().title)),
    }
}

/// Whether the framework asks a different set of criteria for `tier` in `round` than in `prev`.
fn framework_question_set_changed(fw: &Framework, tier: &TierRef, prev: &Round, round: &Round) -> bool {
    (0..fw.criteria().len()).any(|c| {
        let r = &fw.criteria()[c];
        let in_tier = match tier {
            TierRef::Overall => true,
            TierRef::Pillar(id) => &fw.pillar(r.pillar).id == id,
            TierRef::Domain(id) => &fw.domain(r.domain).id == id,
        };
        in_tier && fw.is_asked(c, prev) != fw.is_asked(c, round)
    })
}

/// The rounds in which `code`'s question set for `tier` changed since its previous round.
fn changed_rounds(
    fw: &Framework,
    scored: &[ScoredAssessment],
    tier: &TierRef,
    code: &str,
    notes: &mut Vec<String>,
) -> Vec<String> {
    let in_tier = |tier_of_row: Tier, id: &str| match tier {
        TierRef::Overall => tier_of_row == Tier::Overall,
        TierRef::Pillar(p) => tier_of_row == Tier::Pillar && id == p,
        TierRef::Domain(d) => tier_of_row == Tier::Domain && id == d,
    };
    match changes_for(fw, scored, code) {
        Ok(changes) => changes
            .iter()
            .filter(|c| c.rows.iter().any(|r| r.question_set_changed && in_tier(r.tier, &r.id)))
            .map(|c| c.to_round.clone())
            .collect(),
        Err(e) => {
            notes.push(format!("{code}: {e}"));
            Vec::new()
        }
    }
}

/// One organisation's line, with the question-set flags of its round-to-round changes.
fn org_series(
    fw: &Framework,
    scored: &[ScoredAssessment],
    tier: &TierRef,
    code: &str,
    notes: &mut Vec<String>,
) -> Vec<Point> {
    let mut mine: Vec<&ScoredAssessment> =
        scored.iter().filter(|s| s.framework == fw.id() && s.org_code == code).collect();
    crate::order::sort_by(&mut mine, |a, b| a.round.cmp(&b.round));
    let flagged = changed_rounds(fw, scored, tier, code, notes);
    let mut points: Vec<Point> = Vec::new();
    for s in mine {
        if let Some(v) = value_at(s, tier) {
            let changed = !points.is_empty() && flagged.contains(&s.round.label);
            points.push(Point { round: s.round.clone(), value: v, changed });
        }
    }
    points
}

/// The exemplars' median line: by round, the median of the exemplars' results, hollow where the
/// framework's question set for the result changed since the previous round. Also returns the
/// most exemplars any round's median rests on.
fn exemplar_median(
    fw: &Framework,
    scored: &[ScoredAssessment],
    tier: &TierRef,
    exemplar_codes: &[String],
) -> (Option<Series>, usize) {
    let theirs = |s: &&ScoredAssessment| s.framework == fw.id() && exemplar_codes.contains(&s.org_code);
    let mut rounds: Vec<Round> = scored.iter().filter(theirs).map(|s| s.round.clone()).collect();
    crate::order::sort(&mut rounds);
    rounds.dedup();
    let mut points: Vec<Point> = Vec::new();
    let mut n = 0;
    for r in &rounds {
        let values: Vec<f64> = scored
            .iter()
            .filter(theirs)
            .filter(|s| &s.round == r)
            .filter_map(|s| value_at(s, tier))
            .collect();
        if let Some(d) = describe(&values) {
            n = n.max(d.n);
            let changed =
                points.last().is_some_and(|p| framework_question_set_changed(fw, tier, &p.round, r));
            points.push(Point { round: r.clone(), value: d.median, changed });
        }
    }
    let line = (!points.is_empty()).then(|| Series {
        line: Line::ExemplarMedian,
        code: "exemplars".into(),
        name: "Exemplars' median".into(),
        points,
    });
    (line, n)
}
