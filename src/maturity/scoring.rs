//! Scoring: from one organisation's answers in one round to criterion, domain, pillar and overall
//! results, each with the reason for it, under the framework's rule:
//!
//! - `mean`: a domain scores the weighted mean of its answered criteria's mapped scores; pillars
//!   the weighted mean of their domains; the whole the weighted mean of the pillars.
//! - `cumulative`: a domain reaches level L when every element of levels above the floor up to L
//!   is met; the first level with an unmet element stops it ("Level 3 not reached in Domain X:
//!   2 of 5 elements not met (A, B)"). Its score is its level; pillars and the whole are weighted
//!   means of levels (as NHS England averaged the 2023 WGLL assessment).
//! - `staged`: each domain scores the per cent of its criteria met; the organisation reaches
//!   stage S when every stage up to S is complete, whatever it has in place above.
//!
//! Missing answers are never scored as zero: a domain is scored from the criteria that were
//! answered, a level that depends on an unanswered element is reported as a lower bound, and
//! every missing answer is listed. A domain with no answered criteria may be scored from a
//! domain score given directly; otherwise it has no result.

use super::assessment::{Assessment, ILLUSTRATIVE_LABEL};
use super::framework::{Framework, Rule, Target};
use super::round::Round;
use serde::Serialize;
use std::fmt;

/// A problem that stops an assessment being scored against a framework.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoreError {
    pub org_code: String,
    pub round: String,
    pub message: String,
}

impl fmt::Display for ScoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.org_code, self.round, self.message)
    }
}

impl std::error::Error for ScoreError {}

/// Where a domain's result came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoreSource {
    /// Computed from answered criteria.
    Criteria,
    /// A domain score given directly (no criterion of the domain was answered).
    DomainScore,
    /// Nothing answered: no result.
    None,
}

/// What a reason explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    LevelReached,
    LevelNotReached,
    LevelUndetermined,
    StageReached,
    StageNotReached,
    StageUndetermined,
    PartialDomain,
    PartialPillar,
    DomainScoreUsed,
    DomainScoreIgnored,
    NoAnswers,
}

/// Why a result is what it is, in words and as data a chart can use.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    pub code: ReasonCode,
    pub pillar: Option<String>,
    pub domain: Option<String>,
    /// The level or stage the reason is about.
    pub level: Option<u32>,
    /// The criteria not met (for "not reached" reasons).
    pub not_met: Vec<String>,
    /// The criteria not answered.
    pub not_answered: Vec<String>,
    /// How many criteria the reason counts over (the elements of the level, the stage's criteria,
    /// or the domain's asked criteria).
    pub of: usize,
    pub text: String,
}

/// One criterion's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionResult {
    pub id: String,
    pub domain: String,
    pub level: Option<u32>,
    /// Whether the criterion was part of the question set of this round.
    pub asked: bool,
    pub answer: Option<String>,
    pub score: Option<f64>,
    /// Met (levelled frameworks only; `None` when unanswered).
    pub met: Option<bool>,
}

/// One domain's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainResult {
    pub id: String,
    pub title: String,
    pub pillar: String,
    /// The stage this domain is (`staged` frameworks).
    pub stage: Option<u32>,
    pub score: Option<f64>,
    /// The level reached (`cumulative` frameworks).
    pub level: Option<u32>,
    /// True when an unanswered element could lift the level: the level is a lower bound.
    pub level_is_lower_bound: bool,
    /// Whether every criterion of the stage is met (`staged` frameworks).
    pub achieved: Option<bool>,
    pub source: ScoreSource,
    pub answered: usize,
    /// Criteria in this round's question set.
    pub asked: usize,
    pub missing: Vec<String>,
    /// The result rests on every asked criterion (or on a domain score given directly); false
    /// when answers are missing, so a chart can mark it.
    pub complete: bool,
}

/// One pillar's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PillarResult {
    pub id: String,
    pub title: String,
    pub score: Option<f64>,
    pub domains_scored: usize,
    pub domains: usize,
    /// Every domain's result is complete.
    pub complete: bool,
}

/// The organisation's overall result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverallResult {
    pub score: Option<f64>,
    /// The stage reached (`staged` frameworks).
    pub level: Option<u32>,
    pub level_is_lower_bound: bool,
    pub pillars_scored: usize,
    pub pillars: usize,
    /// Every pillar's result is complete.
    pub complete: bool,
}

/// An unanswered criterion of the round's question set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingAnswer {
    pub criterion: String,
    pub domain: String,
    pub pillar: String,
}

/// One assessment scored: everything a radar, staircase or heat map needs, with reasons,
/// missing answers and the labels every chart of it must show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoredAssessment {
    pub framework: String,
    pub framework_version: String,
    pub org_code: String,
    pub round: Round,
    pub rule: Rule,
    /// "Level", "Stage" or "Score".
    pub level_label: String,
    /// The range domain, pillar and overall scores lie in.
    pub score_range: [f64; 2],
    pub score_unit: String,
    pub overall: OverallResult,
    pub pillars: Vec<PillarResult>,
    pub domains: Vec<DomainResult>,
    pub criteria: Vec<CriterionResult>,
    pub missing: Vec<MissingAnswer>,
    pub reasons: Vec<Reason>,
    /// "Self-assessed", and "Illustrative, not real assessment results" for illustrative data.
    pub labels: Vec<String>,
    pub illustrative: bool,
}

fn weighted_mean(items: impl Iterator<Item = (f64, f64)>) -> Option<f64> {
    let (mut sw, mut swx) = (0.0, 0.0);
    for (w, x) in items {
        sw += w;
        swx += w * x;
    }
    (sw > 0.0).then(|| swx / sw)
}

fn list(ids: &[String]) -> String {
    ids.join(", ")
}

/// Scores one assessment. Fails when the assessment is for another framework or names an id
/// the framework does not have (a loaded [`Assessment`] never does).
pub fn score(fw: &Framework, a: &Assessment) -> Result<ScoredAssessment, ScoreError> {
    if a.framework != fw.id() {
        return Err(score_error(
            a,
            format!("the assessment is for framework '{}', not '{}'", a.framework, fw.id()),
        ));
    }
    let answers = Answers::read(fw, a)?;
    let rule = fw.rule();
    let level_label = fw.level_label().to_string();
    let criteria = criterion_results(fw, a, &answers);

    let mut scorer = DomainScorer {
        fw,
        round: &a.round,
        answers: &answers,
        level_label: &level_label,
        reasons: Vec::new(),
        missing: Vec::new(),
    };
    let domains: Vec<DomainResult> = (0..fw.domains().len()).map(|d| scorer.domain(d)).collect();
    let DomainScorer { mut reasons, missing, .. } = scorer;

    let pillars = pillar_results(fw, &domains, &mut reasons);
    let mut overall = overall_result(fw, &pillars);
    if rule == Rule::Staged {
        let (stage, lower_bound, why) = staged_level(fw, &domains, &criteria, &level_label);
        overall.level = Some(stage);
        overall.level_is_lower_bound = lower_bound;
        reasons.push(why);
    }

    let mut labels = fw.labels();
    if a.illustrative {
        labels.push(ILLUSTRATIVE_LABEL.to_string());
    }
    let (lo, hi) = fw.score_range();
    Ok(ScoredAssessment {
        framework: fw.id().to_string(),
        framework_version: fw.def().version.clone(),
        org_code: a.org_code.clone(),
        round: a.round.clone(),
        rule,
        level_label,
        score_range: [lo, hi],
        score_unit: fw.score_unit().to_string(),
        overall,
        pillars,
        domains,
        criteria,
        missing,
        reasons,
        labels,
        illustrative: a.illustrative,
    })
}

fn score_error(a: &Assessment, message: String) -> ScoreError {
    ScoreError { org_code: a.org_code.clone(), round: a.round.label.clone(), message }
}

/// One assessment's answers, by the framework's criterion and domain indices.
struct Answers {
    /// Each criterion's answer mapped to its scale's score (`None` when unanswered).
    score: Vec<Option<f64>>,
    /// Each criterion's answer as given.
    answer: Vec<Option<String>>,
    /// Each domain's score when given directly.
    direct: Vec<Option<f64>>,
}

impl Answers {
    /// Maps every answer onto the framework; an answer to a criterion not asked this round, or to
    /// an id that is not a criterion or domain, stops the scoring.
    fn read(fw: &Framework, a: &Assessment) -> Result<Answers, ScoreError> {
        let mut answers = Answers {
            score: vec![None; fw.criteria().len()],
            answer: vec![None; fw.criteria().len()],
            direct: vec![None; fw.domains().len()],
        };
        for ans in &a.answers {
            match fw.lookup(&ans.id) {
                Some(Target::Criterion(c)) => {
                    if !fw.is_asked(c, &a.round) {
                        return Err(score_error(
                            a,
                            format!("'{}' was not asked in round {}", ans.id, a.round.label),
                        ));
                    }
                    answers.score[c] = Some(fw.map_answer(c, &ans.answer).map_err(|m| score_error(a, m))?);
                    answers.answer[c] = Some(ans.answer.clone());
                }
                Some(Target::Domain(d)) => {
                    answers.direct[d] =
                        Some(fw.map_domain_score(d, &ans.answer).map_err(|m| score_error(a, m))?)
                }
                Some(Target::Pillar(_)) | None => {
                    return Err(score_error(
                        a,
                        format!("'{}' is not a criterion or domain of framework '{}'", ans.id, fw.id()),
                    ));
                }
            }
        }
        Ok(answers)
    }

    /// Whether criterion `c` is met: `None` when unanswered or when its scale has no threshold.
    fn met(&self, fw: &Framework, c: usize) -> Option<bool> {
        let threshold = fw.scale(c).met_at_least?;
        self.score[c].map(|s| s >= threshold)
    }
}

fn criterion_results(fw: &Framework, a: &Assessment, answers: &Answers) -> Vec<CriterionResult> {
    let levelled = fw.rule() != Rule::Mean;
    (0..fw.criteria().len())
        .map(|c| {
            let def = fw.criterion(c);
            CriterionResult {
                id: def.id.clone(),
                domain: fw.domain(fw.criteria()[c].domain).id.clone(),
                level: def.level,
                asked: fw.is_asked(c, &a.round),
                answer: answers.answer[c].clone(),
                score: answers.score[c],
                met: if levelled { answers.met(fw, c) } else { None },
            }
        })
        .collect()
}

/// The pillar and domain a reason is about.
struct ReasonPlace {
    pillar: String,
    domain: String,
}

impl ReasonPlace {
    fn attach(&self, why: Why) -> Reason {
        Reason {
            code: why.code,
            pillar: Some(self.pillar.clone()),
            domain: Some(self.domain.clone()),
            level: why.level,
            not_met: why.not_met,
            not_answered: why.not_answered,
            of: why.of,
            text: why.text,
        }
    }
}

/// Scores the domains one by one, gathering the reasons and missing answers of all of them in
/// domain order.
struct DomainScorer<'a> {
    fw: &'a Framework,
    round: &'a Round,
    answers: &'a Answers,
    level_label: &'a str,
    reasons: Vec<Reason>,
    missing: Vec<MissingAnswer>,
}

impl DomainScorer<'_> {
    /// Domain `d`'s result: from its answered criteria when there are any, else from a domain
    /// score given directly, else none.
    fn domain(&mut self, d: usize) -> DomainResult {
        let fw = self.fw;
        let dref = &fw.domains()[d];
        let dom = fw.domain(d);
        let place = ReasonPlace { pillar: fw.pillar(dref.pillar).id.clone(), domain: dom.id.clone() };
        let asked: Vec<usize> = dref.criteria.clone().filter(|&c| fw.is_asked(c, self.round)).collect();
        let unanswered: Vec<String> = asked
            .iter()
            .filter(|&&c| self.answers.score[c].is_none())
            .map(|&c| fw.criterion(c).id.clone())
            .collect();
        let answered = asked.len() - unanswered.len();
        let mut result = DomainResult {
            id: dom.id.clone(),
            title: dom.title.clone(),
            pillar: place.pillar.clone(),
            stage: dom.stage,
            score: None,
            level: None,
            level_is_lower_bound: false,
            achieved: None,
            source: ScoreSource::None,
            answered,
            asked: asked.len(),
            missing: Vec::new(),
            complete: false,
        };
        if answered > 0 {
            self.score_from_criteria(d, &asked, &unanswered, &place, &mut result);
            self.note_missing(&place, &unanswered);
            result.missing = unanswered;
        } else if let Some(x) = self.answers.direct[d] {
            self.score_from_domain_score(x, &place, &mut result);
        } else {
            let text = format!("{}: no result, none of its {} criteria answered", dom.title, asked.len());
            let mut why = Why::plain(ReasonCode::NoAnswers, asked.len(), text);
            why.not_answered = unanswered.clone();
            self.reasons.push(place.attach(why));
            self.note_missing(&place, &unanswered);
            result.missing = unanswered;
        }
        result.complete = match result.source {
            ScoreSource::Criteria => result.missing.is_empty(),
            ScoreSource::DomainScore => true,
            ScoreSource::None => false,
        };
        result
    }

    /// The framework's rule over the answered criteria of domain `d`.
    fn score_from_criteria(
        &mut self,
        d: usize,
        asked: &[usize],
        unanswered: &[String],
        place: &ReasonPlace,
        result: &mut DomainResult,
    ) {
        let (fw, answers, rule) = (self.fw, self.answers, self.fw.rule());
        let title = &fw.domain(d).title;
        result.source = ScoreSource::Criteria;
        if let Some(x) = answers.direct[d] {
            let text = format!(
                "{title}: the domain score {x} given directly was not used, because its criteria were answered"
            );
            self.reasons.push(place.attach(Why::plain(ReasonCode::DomainScoreIgnored, asked.len(), text)));
        }
        // Under the cumulative rule the level's own reason names the unanswered elements.
        if !unanswered.is_empty() && rule != Rule::Cumulative {
            let text = format!(
                "{title} scored from {} of {} criteria: {} not answered ({})",
                result.answered,
                asked.len(),
                unanswered.len(),
                list(unanswered)
            );
            let mut why = Why::plain(ReasonCode::PartialDomain, asked.len(), text);
            why.not_answered = unanswered.to_vec();
            self.reasons.push(place.attach(why));
        }
        match rule {
            Rule::Mean => {
                result.score = weighted_mean(
                    asked.iter().filter_map(|&c| answers.score[c].map(|s| (fw.criterion(c).weight, s))),
                );
            }
            Rule::Staged => {
                result.score = weighted_mean(asked.iter().filter_map(|&c| {
                    answers.met(fw, c).map(|m| (fw.criterion(c).weight, if m { 100.0 } else { 0.0 }))
                }));
                result.achieved =
                    Some(unanswered.is_empty() && asked.iter().all(|&c| answers.met(fw, c) == Some(true)));
            }
            Rule::Cumulative => {
                let met_of = |c: usize| answers.met(fw, c);
                let (level, lower_bound, why) = cumulative_level(fw, asked, &met_of, self.level_label, title);
                result.level = Some(level);
                result.level_is_lower_bound = lower_bound;
                result.score = Some(f64::from(level));
                self.reasons.push(place.attach(why));
            }
        }
    }

    /// A domain none of whose criteria were answered, scored from the score given for it.
    fn score_from_domain_score(&mut self, x: f64, place: &ReasonPlace, result: &mut DomainResult) {
        let rule = self.fw.rule();
        result.source = ScoreSource::DomainScore;
        result.score = Some(x);
        match rule {
            // map_domain_score checked x is a whole level within the levels.
            Rule::Cumulative => result.level = Some(x as u32),
            Rule::Staged => result.achieved = Some(x >= 100.0),
            Rule::Mean => {}
        }
        let what = if rule == Rule::Cumulative { self.level_label.to_lowercase() } else { "score".into() };
        let text =
            format!("{}: {what} {x} given as a domain score; its criteria were not answered", result.title);
        let mut why = Why::plain(ReasonCode::DomainScoreUsed, result.asked, text);
        why.level = result.level;
        self.reasons.push(place.attach(why));
    }

    fn note_missing(&mut self, place: &ReasonPlace, unanswered: &[String]) {
        self.missing.extend(unanswered.iter().map(|id| MissingAnswer {
            criterion: id.clone(),
            domain: place.domain.clone(),
            pillar: place.pillar.clone(),
        }));
    }
}

/// Each pillar the weighted mean of its scored domains, with a reason when some have no result.
fn pillar_results(fw: &Framework, domains: &[DomainResult], reasons: &mut Vec<Reason>) -> Vec<PillarResult> {
    let mut pillars = Vec::with_capacity(fw.def().pillars.len());
    for (p, pillar) in fw.def().pillars.iter().enumerate() {
        let mine: Vec<usize> = (0..domains.len()).filter(|&d| fw.domains()[d].pillar == p).collect();
        let scored: Vec<usize> = mine.iter().copied().filter(|&d| domains[d].score.is_some()).collect();
        let score =
            weighted_mean(scored.iter().filter_map(|&d| domains[d].score.map(|s| (fw.domain(d).weight, s))));
        if !scored.is_empty() && scored.len() < mine.len() {
            let without: Vec<String> =
                mine.iter().filter(|d| !scored.contains(d)).map(|&d| fw.domain(d).id.clone()).collect();
            reasons.push(Reason {
                code: ReasonCode::PartialPillar,
                pillar: Some(pillar.id.clone()),
                domain: None,
                level: None,
                not_met: vec![],
                not_answered: without.clone(),
                of: mine.len(),
                text: format!(
                    "{} scored from {} of {} domains: no result for {}",
                    pillar.title,
                    scored.len(),
                    mine.len(),
                    list(&without)
                ),
            });
        }
        pillars.push(PillarResult {
            id: pillar.id.clone(),
            title: pillar.title.clone(),
            score,
            domains_scored: scored.len(),
            domains: mine.len(),
            complete: mine.iter().all(|&d| domains[d].complete),
        });
    }
    pillars
}

/// The weighted mean of the pillars (the staged rule's stage is added by the caller).
fn overall_result(fw: &Framework, pillars: &[PillarResult]) -> OverallResult {
    let score = weighted_mean(
        fw.def().pillars.iter().zip(pillars).filter_map(|(def, r)| r.score.map(|s| (def.weight, s))),
    );
    OverallResult {
        score,
        level: None,
        level_is_lower_bound: false,
        pillars_scored: pillars.iter().filter(|p| p.score.is_some()).count(),
        pillars: pillars.len(),
        complete: pillars.iter().all(|p| p.complete),
    }
}

/// Scores many assessments of one framework (those of other frameworks are passed over); the
/// errors are returned beside the results rather than failing the batch.
pub fn score_all<'a>(
    fw: &Framework,
    assessments: impl IntoIterator<Item = &'a Assessment>,
) -> (Vec<ScoredAssessment>, Vec<ScoreError>) {
    let mut ok = Vec::new();
    let mut errors = Vec::new();
    for a in assessments {
        if a.framework != fw.id() {
            continue;
        }
        match score(fw, a) {
            Ok(s) => ok.push(s),
            Err(e) => errors.push(e),
        }
    }
    (ok, errors)
}

/// A reason before the pillar and domain are attached.
struct Why {
    code: ReasonCode,
    level: Option<u32>,
    not_met: Vec<String>,
    not_answered: Vec<String>,
    of: usize,
    text: String,
}

impl Why {
    /// A reason that lists no criteria and names no level.
    fn plain(code: ReasonCode, of: usize, text: String) -> Why {
        Why { code, level: None, not_met: vec![], not_answered: vec![], of, text }
    }
}

/// The cumulative rule for one domain: walk up the levels above the floor; the first level
/// with an unmet element stops the walk (the level below is reached), and one with an
/// unanswered element stops it with the level as a lower bound.
fn cumulative_level(
    fw: &Framework,
    asked: &[usize],
    met_of: &dyn Fn(usize) -> Option<bool>,
    label: &str,
    title: &str,
) -> (u32, bool, Why) {
    let (min, max) = fw.def().levels.as_ref().map_or((1, 5), |l| (l.min, l.max));
    let mut level = min;
    for lv in min + 1..=max {
        let at: Vec<usize> = asked.iter().copied().filter(|&c| fw.criterion(c).level == Some(lv)).collect();
        let ids = |f: &dyn Fn(Option<bool>) -> bool| -> Vec<String> {
            at.iter().filter(|&&c| f(met_of(c))).map(|&c| fw.criterion(c).id.clone()).collect()
        };
        let not_met = ids(&|m| m == Some(false));
        let not_answered = ids(&|m| m.is_none());
        if !not_met.is_empty() {
            let mut text = format!(
                "{label} {lv} not reached in {title}: {} of {} elements not met ({})",
                not_met.len(),
                at.len(),
                list(&not_met)
            );
            if !not_answered.is_empty() {
                text.push_str(&format!("; {} not answered ({})", not_answered.len(), list(&not_answered)));
            }
            let why = Why {
                code: ReasonCode::LevelNotReached,
                level: Some(lv),
                not_met,
                not_answered,
                of: at.len(),
                text,
            };
            return (level, false, why);
        }
        if !not_answered.is_empty() {
            let text = format!(
                "{label} {lv} undetermined in {title}: {} of {} elements not answered ({}); {} {level} reached so far",
                not_answered.len(),
                at.len(),
                list(&not_answered),
                label.to_lowercase()
            );
            let why = Why {
                code: ReasonCode::LevelUndetermined,
                level: Some(lv),
                not_met,
                not_answered,
                of: at.len(),
                text,
            };
            return (level, true, why);
        }
        level = lv;
    }
    let why = Why {
        code: ReasonCode::LevelReached,
        level: Some(max),
        not_met: vec![],
        not_answered: vec![],
        of: asked.len(),
        text: format!(
            "{label} {max} reached in {title}: every element of {}s {} to {max} met",
            label.to_lowercase(),
            min + 1
        ),
    };
    (max, false, why)
}

/// The staged rule: walk the stages in order; the stage reached is the last one that, with every
/// stage below it, is complete.
fn staged_level(
    fw: &Framework,
    domains: &[DomainResult],
    criteria: &[CriterionResult],
    label: &str,
) -> (u32, bool, Reason) {
    let (min, max) = fw.def().levels.as_ref().map_or((0, 7), |l| (l.min, l.max));
    let mut stage = min;
    for &d in fw.stage_order() {
        let dom = &domains[d];
        let s = dom.stage.unwrap_or(stage + 1);
        if dom.achieved != Some(true) {
            let (lower_bound, reason) = stage_stopped(dom, s, stage, criteria, label);
            return (stage, lower_bound, reason);
        }
        stage = s;
    }
    let reason = Reason {
        code: ReasonCode::StageReached,
        pillar: None,
        domain: None,
        level: Some(max),
        not_met: vec![],
        not_answered: vec![],
        of: criteria.iter().filter(|c| c.asked).count(),
        text: format!(
            "{label} {max} reached: every criterion of {}s {} to {max} met",
            label.to_lowercase(),
            min + 1
        ),
    };
    (max, false, reason)
}

/// Why stage `s` (domain `dom`) stops the walk at `reached`: not reached when a criterion is
/// not met or the domain was given a score below complete; undetermined (the stage reached is a
/// lower bound, the `true`) when only unanswered criteria stand in the way.
fn stage_stopped(
    dom: &DomainResult,
    s: u32,
    reached: u32,
    criteria: &[CriterionResult],
    label: &str,
) -> (bool, Reason) {
    let (mut not_met, mut not_answered) = (Vec::new(), Vec::new());
    for c in criteria.iter().filter(|c| c.domain == dom.id && c.asked) {
        match c.met {
            Some(false) => not_met.push(c.id.clone()),
            None => not_answered.push(c.id.clone()),
            Some(true) => {}
        }
    }
    let mut reason = Reason {
        code: ReasonCode::StageNotReached,
        pillar: Some(dom.pillar.clone()),
        domain: Some(dom.id.clone()),
        level: Some(s),
        not_met: vec![],
        not_answered: vec![],
        of: dom.asked,
        text: String::new(),
    };
    let lower_bound;
    if dom.source == ScoreSource::DomainScore {
        lower_bound = false;
        reason.text = format!(
            "{label} {s} not reached ({}): given a domain score of {}% of its criteria met",
            dom.title,
            dom.score.unwrap_or(0.0)
        );
    } else if !not_met.is_empty() {
        lower_bound = false;
        let mut text = format!(
            "{label} {s} not reached ({}): {} of {} criteria not met ({})",
            dom.title,
            not_met.len(),
            dom.asked,
            list(&not_met)
        );
        if !not_answered.is_empty() {
            text.push_str(&format!("; {} not answered ({})", not_answered.len(), list(&not_answered)));
        }
        reason.text = text;
    } else {
        lower_bound = true;
        reason.code = ReasonCode::StageUndetermined;
        reason.text = format!(
            "{label} {s} undetermined ({}): {} of {} criteria not answered ({}); {} {reached} reached so far",
            dom.title,
            not_answered.len(),
            dom.asked,
            list(&not_answered),
            label.to_lowercase()
        );
    }
    reason.not_met = not_met;
    reason.not_answered = not_answered;
    (lower_bound, reason)
}
