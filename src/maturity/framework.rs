//! Frameworks as data: a maturity framework is a JSON file of pillars (themes, success measures)
//! holding domains holding criteria, with the answer scales that turn an answer into a score,
//! weights, and one level rule for the whole framework:
//!
//! - `mean`: scores are weighted means of mapped answers, as in the 2015/16 Digital Maturity
//!   Assessment (each answer mapped to 0-100);
//! - `cumulative`: each criterion is an element of one level of its domain, and a domain reaches a
//!   level only when every element of that level and of every lower level is met, as in the What
//!   Good Looks Like assessments (levels 1-5);
//! - `staged`: each domain is a stage, and a stage counts only when it and every lower stage are
//!   complete, as in HIMSS EMRAM (stages 0-7).
//!
//! Parsing denies unknown fields and reports where a problem is as a JSON path
//! (`pillars[2].domains[0].criteria[3].id: duplicate id 'X' ...`); validation then checks the
//! rules serde cannot (unique ids, weights, levels, scale references) and collects every problem
//! rather than stopping at the first.

use super::round::Round;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;

/// The format marker a framework file may carry in its `format` field.
pub const FORMAT: &str = "nhs-benchmark/maturity-framework@1";

/// How results of a framework were produced, shown on every chart of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// The organisation scored itself (all three built-in frameworks in their NHS use).
    SelfAssessed,
    /// An external reviewer validated the result.
    ExternallyValidated,
}

impl Basis {
    /// The label charts show beside results.
    pub fn label(self) -> &'static str {
        match self {
            Basis::SelfAssessed => "Self-assessed",
            Basis::ExternallyValidated => "Externally validated",
        }
    }
}

/// How answers become domain, pillar and overall results (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rule {
    Mean,
    Cumulative,
    Staged,
}

/// The levels (or stages) of a `cumulative` or `staged` framework: `min` is the floor every
/// organisation has without meeting anything (1 for WGLL, 0 for EMRAM).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelRange {
    pub min: u32,
    pub max: u32,
    /// What a level is called on charts and in reasons: a singular noun ("Level", "Stage"),
    /// made plural by adding "s".
    pub label: String,
}

/// The score range of a `mean` framework (0-100 for the 2015/16 DMA).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreRange {
    pub min: f64,
    pub max: f64,
    #[serde(default)]
    pub unit: String,
}

/// One possible answer and the score it maps to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerOption {
    pub answer: String,
    pub score: f64,
    /// Other spellings accepted for this answer ("yes" for "met").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// For banded numeric answers: a number up to and including this value (and above the
    /// previous option's `up_to`, or from 0 for the first band) selects this option, so "93%"
    /// can be answered for "91%-95%".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub up_to: Option<f64>,
}

/// A named list of answers with their scores, shared by criteria.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerScale {
    pub id: String,
    #[serde(default)]
    pub title: String,
    pub options: Vec<AnswerOption>,
    /// In `cumulative` and `staged` frameworks, a criterion counts as met when its score is at
    /// least this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub met_at_least: Option<f64>,
}

/// A question or element of a domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub id: String,
    pub text: String,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub weight: f64,
    /// The level this element belongs to (`cumulative` frameworks only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u32>,
    /// The answer scale; the framework's `default_scale` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<String>,
    /// The first round this criterion was asked in ("2024/25"); asked in every round when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_round: Option<String>,
    /// The last round this criterion was asked in; asked in every later round when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until_round: Option<String>,
}

/// A domain: a group of criteria scored together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub weight: f64,
    /// The stage this domain is (`staged` frameworks only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<u32>,
    pub criteria: Vec<Criterion>,
}

/// A pillar: a theme or success measure made of domains.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pillar {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub weight: f64,
    pub domains: Vec<Domain>,
}

/// A framework file as written. [`Framework`] is the validated form the rest of the module uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkDef {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    pub id: String,
    pub title: String,
    pub version: String,
    pub basis: Basis,
    /// Where the structure comes from: citations a reader can follow.
    pub source: String,
    /// Caveats shown with the framework (what is paraphrased or illustrative).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    pub rule: Rule,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levels: Option<LevelRange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scores: Option<ScoreRange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_scale: Option<String>,
    pub answer_scales: Vec<AnswerScale>,
    pub pillars: Vec<Pillar>,
}

fn one() -> f64 {
    1.0
}

fn is_one(w: &f64) -> bool {
    *w == 1.0
}

/// One problem in a framework file, located by JSON path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathProblem {
    pub path: String,
    pub message: String,
}

impl fmt::Display for PathProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Why a framework file was rejected: every problem found, each with its JSON path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FrameworkError {
    pub problems: Vec<PathProblem>,
}

impl FrameworkError {
    fn one(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self { problems: vec![PathProblem { path: path.into(), message: message.into() }] }
    }

    /// The problems as load diagnostics for `file`, the JSON path in the column slot.
    pub fn diagnostics(&self, file: &str) -> Vec<crate::data::Diagnostic> {
        self.problems
            .iter()
            .map(|p| crate::data::Diagnostic::error(file, None, Some(&p.path), p.message.clone()))
            .collect()
    }
}

impl fmt::Display for FrameworkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FrameworkError {}

/// What an id in a framework names: flat indices into [`Framework::domains`] and
/// [`Framework::criteria`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Pillar(usize),
    Domain(usize),
    Criterion(usize),
}

/// Where a domain sits, in flat order (pillar by pillar).
#[derive(Debug, Clone, PartialEq)]
pub struct DomainRef {
    pub pillar: usize,
    /// Index within its pillar's `domains`.
    pub index: usize,
    /// Its criteria as a range of flat criterion indices.
    pub criteria: std::ops::Range<usize>,
}

/// Where a criterion sits, in flat order, and what its round limits and scale resolve to.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionRef {
    pub pillar: usize,
    /// Flat domain index.
    pub domain: usize,
    /// Index within its domain's `criteria`.
    pub index: usize,
    pub scale: usize,
    pub from_round: Option<Round>,
    pub until_round: Option<Round>,
}

/// A validated framework with its lookups. Build one with [`Framework::from_json`] or
/// [`Framework::from_def`]; it serialises as its definition.
#[derive(Debug, Clone, PartialEq)]
pub struct Framework {
    def: FrameworkDef,
    domains: Vec<DomainRef>,
    criteria: Vec<CriterionRef>,
    ids: HashMap<String, Target>,
    /// Flat domain indices in stage order (`staged` frameworks; empty otherwise).
    stage_order: Vec<usize>,
    /// Per answer scale: each answer and alias, normalised, to its score.
    answer_keys: Vec<HashMap<String, f64>>,
}

impl Serialize for Framework {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.def.serialize(s)
    }
}

impl Framework {
    /// Parses and validates a framework file. Unknown fields, wrong types and broken rules are
    /// errors with the JSON path of the offending value.
    pub fn from_json(text: &str) -> Result<Framework, FrameworkError> {
        let def: FrameworkDef =
            crate::json::from_str(text).map_err(|e| FrameworkError::one(e.path, e.message))?;
        Framework::from_def(def)
    }

    /// Validates a definition and builds the lookups.
    pub fn from_def(def: FrameworkDef) -> Result<Framework, FrameworkError> {
        let mut v = Validator::default();
        v.check(&def);
        if !v.problems.is_empty() {
            return Err(FrameworkError { problems: v.problems });
        }
        let (domains, criteria, ids, stage_order) = index(&def);
        let answer_keys = def
            .answer_scales
            .iter()
            .map(|scale| {
                let mut keys = HashMap::new();
                for o in &scale.options {
                    for name in std::iter::once(&o.answer).chain(&o.aliases) {
                        keys.insert(normalise(name), o.score);
                    }
                }
                keys
            })
            .collect();
        Ok(Framework { def, domains, criteria, ids, stage_order, answer_keys })
    }

    pub fn def(&self) -> &FrameworkDef {
        &self.def
    }

    pub fn id(&self) -> &str {
        &self.def.id
    }

    pub fn rule(&self) -> Rule {
        self.def.rule
    }

    /// Flat domain list, pillar by pillar.
    pub fn domains(&self) -> &[DomainRef] {
        &self.domains
    }

    /// Flat criterion list, domain by domain.
    pub fn criteria(&self) -> &[CriterionRef] {
        &self.criteria
    }

    /// Flat domain indices in stage order (`staged` frameworks).
    pub fn stage_order(&self) -> &[usize] {
        &self.stage_order
    }

    pub fn lookup(&self, id: &str) -> Option<Target> {
        self.ids.get(id).copied()
    }

    pub fn pillar(&self, p: usize) -> &Pillar {
        &self.def.pillars[p]
    }

    /// The definition of flat domain `d` (an index from [`Framework::domains`]).
    pub fn domain(&self, d: usize) -> &Domain {
        let r = &self.domains[d];
        &self.def.pillars[r.pillar].domains[r.index]
    }

    /// The definition of flat criterion `c`.
    pub fn criterion(&self, c: usize) -> &Criterion {
        let r = &self.criteria[c];
        let d = &self.domains[r.domain];
        &self.def.pillars[d.pillar].domains[d.index].criteria[r.index]
    }

    pub fn scale(&self, c: usize) -> &AnswerScale {
        &self.def.answer_scales[self.criteria[c].scale]
    }

    /// Whether criterion `c` was asked in `round` (its `from_round` / `until_round` limits).
    pub fn is_asked(&self, c: usize, round: &Round) -> bool {
        let r = &self.criteria[c];
        r.from_round.as_ref().is_none_or(|f| round.year >= f.year)
            && r.until_round.as_ref().is_none_or(|u| round.year <= u.year)
    }

    /// The range domain, pillar and overall scores lie in: the score range (`mean`), the levels
    /// (`cumulative`) or 0-100 per cent of criteria met (`staged`).
    pub fn score_range(&self) -> (f64, f64) {
        match (self.def.rule, &self.def.levels, &self.def.scores) {
            (Rule::Mean, _, Some(s)) => (s.min, s.max),
            (Rule::Cumulative, Some(l), _) => (f64::from(l.min), f64::from(l.max)),
            _ => (0.0, 100.0),
        }
    }

    /// The unit scores are shown in.
    pub fn score_unit(&self) -> &str {
        match (self.def.rule, &self.def.scores) {
            (Rule::Mean, Some(s)) => &s.unit,
            (Rule::Cumulative, _) => "level",
            _ => "% of criteria met",
        }
    }

    /// Maps an answer for criterion `c` to its score: the option whose answer or alias matches
    /// (ignoring case and spaces); else, on a banded scale, a number from 0 up within an option's
    /// `up_to` band; else a number equal to an option's score. The error says which answers are
    /// accepted.
    pub fn map_answer(&self, c: usize, raw: &str) -> Result<f64, String> {
        let scale = self.scale(c);
        let keys = &self.answer_keys[self.criteria[c].scale];
        // Most answers are written exactly as a key ("met", "0%"); normalise only when not.
        let found = keys.get(raw).or_else(|| keys.get(&normalise(raw)));
        if let Some(&score) = found {
            return Ok(score);
        }
        if let Some(x) = parse_number(raw) {
            let banded = scale.options.iter().any(|o| o.up_to.is_some());
            if banded {
                // A number on a banded scale is the measured value (93% uptake), never a score.
                let mut lower = None;
                for o in &scale.options {
                    if let Some(up) = o.up_to {
                        let above_lower = lower.map_or(x >= 0.0, |l| x > l);
                        if above_lower && x <= up {
                            return Ok(o.score);
                        }
                        lower = Some(up);
                    }
                }
            } else if let Some(o) = scale.options.iter().find(|o| o.score == x) {
                return Ok(o.score);
            }
        }
        let names: Vec<&str> = scale.options.iter().map(|o| o.answer.as_str()).collect();
        Err(format!(
            "'{}' is not an answer on the '{}' scale of criterion '{}': use one of {}",
            raw.trim(),
            scale.id,
            self.criterion(c).id,
            names.join(", ")
        ))
    }

    /// Checks a score given directly for domain `d` (when only domain scores are known): a
    /// number in the score range, and a whole level in `cumulative` frameworks.
    pub fn map_domain_score(&self, d: usize, raw: &str) -> Result<f64, String> {
        let (lo, hi) = self.score_range();
        let what = match self.def.rule {
            Rule::Cumulative => "a whole level",
            Rule::Staged => "a per cent of the stage's criteria met",
            Rule::Mean => "a score",
        };
        let domain = &self.domain(d).id;
        let x = parse_number(raw).ok_or_else(|| {
            format!(
                "'{}' is not a number: a domain answer ('{domain}') is {what} from {lo} to {hi}",
                raw.trim()
            )
        })?;
        if x < lo || x > hi || (self.def.rule == Rule::Cumulative && x.fract() != 0.0) {
            return Err(format!("{x} is out of range for domain '{domain}': give {what} from {lo} to {hi}"));
        }
        Ok(x)
    }

    /// The labels every result from this framework carries ("Self-assessed").
    pub fn labels(&self) -> Vec<String> {
        vec![self.def.basis.label().to_string()]
    }

    /// What a level is called ("Level", "Stage"); "Score" for `mean` frameworks.
    pub fn level_label(&self) -> &str {
        self.def.levels.as_ref().map_or("Score", |l| l.label.as_str())
    }
}

fn normalise(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

/// A plain number, optionally with a trailing per cent sign ("93", "93%", "87.5").
pub(crate) fn parse_number(raw: &str) -> Option<f64> {
    let t = raw.trim();
    let t = t.strip_suffix('%').unwrap_or(t).trim();
    t.parse::<f64>().ok().filter(|x| x.is_finite())
}

type Index = (Vec<DomainRef>, Vec<CriterionRef>, HashMap<String, Target>, Vec<usize>);

/// Builds the flat lookups of a validated definition.
fn index(def: &FrameworkDef) -> Index {
    let scale_ix: HashMap<&str, usize> =
        def.answer_scales.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    let mut domains = Vec::new();
    let mut criteria = Vec::new();
    let mut ids = HashMap::new();
    for (p, pillar) in def.pillars.iter().enumerate() {
        ids.insert(pillar.id.clone(), Target::Pillar(p));
        for (di, domain) in pillar.domains.iter().enumerate() {
            let d = domains.len();
            ids.insert(domain.id.clone(), Target::Domain(d));
            let start = criteria.len();
            for (ci, c) in domain.criteria.iter().enumerate() {
                ids.insert(c.id.clone(), Target::Criterion(criteria.len()));
                let scale_name = c.scale.as_deref().or(def.default_scale.as_deref()).unwrap_or("");
                criteria.push(CriterionRef {
                    pillar: p,
                    domain: d,
                    index: ci,
                    // Validation checked that every criterion resolves to a known scale.
                    scale: scale_ix.get(scale_name).copied().unwrap_or(0),
                    from_round: c.from_round.as_deref().and_then(|r| Round::parse(r).ok()),
                    until_round: c.until_round.as_deref().and_then(|r| Round::parse(r).ok()),
                });
            }
            domains.push(DomainRef { pillar: p, index: di, criteria: start..criteria.len() });
        }
    }
    let mut stage_order: Vec<usize> = Vec::new();
    if def.rule == Rule::Staged {
        stage_order = (0..domains.len()).collect();
        crate::order::sort_by_key(&mut stage_order, |&d| {
            let r: &DomainRef = &domains[d];
            def.pillars[r.pillar].domains[r.index].stage.unwrap_or(0)
        });
    }
    (domains, criteria, ids, stage_order)
}

/// Collects every rule a definition breaks, with paths.
#[derive(Default)]
struct Validator {
    problems: Vec<PathProblem>,
    seen: HashMap<String, String>,
}

impl Validator {
    fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(PathProblem { path: path.into(), message: message.into() });
    }

    /// Checks an id's spelling; false (with a problem recorded) when it is not valid.
    fn valid_id(&mut self, path: &str, id: &str) -> bool {
        let ok = !id.is_empty()
            && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-');
        if !ok {
            self.push(
                path,
                format!("'{id}' is not a valid id: use letters, digits, '_', '.' or '-', at least one"),
            );
        }
        ok
    }

    /// Checks the id of a pillar, domain or criterion: valid, and unique across all three, since
    /// an answer row names a criterion or a domain by id alone.
    fn id(&mut self, path: String, id: &str) {
        if !self.valid_id(&path, id) {
            return;
        }
        match self.seen.get(id) {
            Some(first) => {
                let msg = format!("duplicate id '{id}' (first used at {first}): ids must be unique");
                self.push(path, msg);
            }
            None => {
                self.seen.insert(id.to_string(), path);
            }
        }
    }

    fn weight(&mut self, path: String, w: f64) {
        if !(w.is_finite() && w > 0.0) {
            self.push(path, format!("{w} is not a valid weight: use a number above 0"));
        }
    }

    fn round(&mut self, path: String, r: &Option<String>) -> Option<Round> {
        let r = r.as_deref()?;
        match Round::parse(r) {
            Ok(round) => Some(round),
            Err(e) => {
                self.push(path, e);
                None
            }
        }
    }

    fn check(&mut self, def: &FrameworkDef) {
        if let Some(f) = &def.format
            && f != FORMAT
        {
            self.push("format", format!("unknown format '{f}': this version reads '{FORMAT}'"));
        }
        self.valid_id("id", &def.id);
        if def.title.trim().is_empty() {
            self.push("title", "the title is empty: name the framework");
        }
        if def.source.trim().is_empty() {
            self.push("source", "the source is empty: cite where the structure comes from");
        }
        self.check_rule(def);
        self.check_scales(def);
        if let Some(name) = &def.default_scale
            && !def.answer_scales.iter().any(|s| &s.id == name)
        {
            self.push(
                "default_scale",
                format!("unknown scale '{name}': use the id of one of the answer_scales"),
            );
        }
        if def.pillars.is_empty() {
            self.push("pillars", "no pillars: a framework needs at least one pillar");
        }
        let mut stages: Vec<(u32, String)> = Vec::new();
        for (p, pillar) in def.pillars.iter().enumerate() {
            let pp = format!("pillars[{p}]");
            self.id(format!("{pp}.id"), &pillar.id);
            self.weight(format!("{pp}.weight"), pillar.weight);
            if pillar.domains.is_empty() {
                self.push(format!("{pp}.domains"), "no domains: a pillar needs at least one domain");
            }
            for (d, domain) in pillar.domains.iter().enumerate() {
                let dp = format!("{pp}.domains[{d}]");
                self.id(format!("{dp}.id"), &domain.id);
                self.weight(format!("{dp}.weight"), domain.weight);
                self.check_domain(def, &dp, domain, &mut stages);
            }
        }
        if def.rule == Rule::Staged
            && let Some(l) = &def.levels
        {
            crate::order::sort(&mut stages);
            let expected: Vec<u32> = (l.min + 1..=l.max).collect();
            let got: Vec<u32> = stages.iter().map(|s| s.0).collect();
            if got != expected {
                self.push(
                    "pillars",
                    format!(
                        "the domains' stages are {got:?}: a staged framework needs exactly one domain for each stage {} to {}",
                        l.min + 1,
                        l.max
                    ),
                );
            }
        }
    }

    fn check_rule(&mut self, def: &FrameworkDef) {
        match def.rule {
            Rule::Mean => {
                if def.levels.is_some() {
                    self.push("levels", "levels are only used by 'cumulative' and 'staged' frameworks: remove them or change the rule");
                }
                match &def.scores {
                    None => self.push(
                        "scores",
                        "a 'mean' framework needs a score range: add \"scores\": {\"min\": 0, \"max\": 100}",
                    ),
                    Some(s) if !(s.min.is_finite() && s.max.is_finite() && s.min < s.max) => self.push(
                        "scores",
                        format!("min {} and max {} are not a range: min must be below max", s.min, s.max),
                    ),
                    Some(_) => {}
                }
            }
            Rule::Cumulative | Rule::Staged => {
                if def.scores.is_some() {
                    self.push(
                        "scores",
                        "a score range is only used by 'mean' frameworks: levels set the range here",
                    );
                }
                match &def.levels {
                    None => self.push("levels", "a levelled framework needs levels: add \"levels\": {\"min\": 1, \"max\": 5, \"label\": \"Level\"}"),
                    Some(l) if l.min >= l.max => {
                        self.push("levels", format!("min {} is not below max {}", l.min, l.max))
                    }
                    Some(_) => {}
                }
            }
        }
    }

    fn check_scales(&mut self, def: &FrameworkDef) {
        let mut scale_ids: HashMap<&str, usize> = HashMap::new();
        if def.answer_scales.is_empty() {
            self.push("answer_scales", "no answer scales: add at least one");
        }
        for (s, scale) in def.answer_scales.iter().enumerate() {
            let sp = format!("answer_scales[{s}]");
            self.valid_id(&format!("{sp}.id"), &scale.id);
            if let Some(first) = scale_ids.insert(&scale.id, s) {
                self.push(
                    format!("{sp}.id"),
                    format!("duplicate scale id '{}' (first used at answer_scales[{first}])", scale.id),
                );
            }
            if scale.options.len() < 2 {
                self.push(format!("{sp}.options"), "a scale needs at least two answers");
            }
            let mut answers: HashMap<String, usize> = HashMap::new();
            let mut last_up_to = f64::NEG_INFINITY;
            for (o, opt) in scale.options.iter().enumerate() {
                let op = format!("{sp}.options[{o}]");
                for name in std::iter::once(&opt.answer).chain(&opt.aliases) {
                    let key = normalise(name);
                    if key.is_empty() {
                        self.push(format!("{op}.answer"), "an answer is empty");
                    } else if let Some(first) = answers.insert(key, o) {
                        self.push(
                            format!("{op}.answer"),
                            format!("'{name}' is already an answer of option {first}: answers must differ"),
                        );
                    }
                }
                if !opt.score.is_finite() {
                    self.push(format!("{op}.score"), "the score is not a finite number");
                } else if def.rule == Rule::Mean
                    && let Some(r) = &def.scores
                    && (opt.score < r.min || opt.score > r.max)
                {
                    self.push(
                        format!("{op}.score"),
                        format!("{} is outside the score range {} to {}", opt.score, r.min, r.max),
                    );
                }
                if let Some(up) = opt.up_to {
                    if !(up.is_finite() && up > last_up_to) {
                        self.push(
                            format!("{op}.up_to"),
                            format!(
                                "{up} does not rise above the previous band's {last_up_to}: bands must ascend"
                            ),
                        );
                    }
                    last_up_to = up;
                }
            }
            if def.rule != Rule::Mean && scale.met_at_least.is_none_or(|m| !m.is_finite()) {
                self.push(
                    format!("{sp}.met_at_least"),
                    "a levelled framework needs the score at which a criterion counts as met: add \"met_at_least\"",
                );
            }
        }
    }

    fn check_domain(
        &mut self,
        def: &FrameworkDef,
        dp: &str,
        domain: &Domain,
        stages: &mut Vec<(u32, String)>,
    ) {
        if domain.criteria.is_empty() {
            self.push(format!("{dp}.criteria"), "no criteria: a domain needs at least one criterion");
        }
        self.check_stage(def, dp, domain, stages);
        // Levels with an element asked in every round, so no round reaches a level for free.
        let mut always_asked = std::collections::BTreeSet::new();
        for (c, crit) in domain.criteria.iter().enumerate() {
            if let Some(lv) = self.check_criterion(def, &format!("{dp}.criteria[{c}]"), crit) {
                always_asked.insert(lv);
            }
        }
        if def.rule == Rule::Cumulative
            && let Some(l) = def.levels.as_ref()
            && l.min < l.max
        {
            let missing: Vec<String> = (l.min + 1..=l.max)
                .filter(|lv| !always_asked.contains(lv))
                .map(|lv| lv.to_string())
                .collect();
            if !missing.is_empty() {
                self.push(
                    format!("{dp}.criteria"),
                    format!(
                        "no element asked in every round for level {}: each level above the floor needs one, or the level would be reached for free",
                        missing.join(", ")
                    ),
                );
            }
        }
    }

    /// A domain's stage: required, within the levels and not repeated (`stages` holds those seen)
    /// in a staged framework; absent in any other.
    fn check_stage(
        &mut self,
        def: &FrameworkDef,
        dp: &str,
        domain: &Domain,
        stages: &mut Vec<(u32, String)>,
    ) {
        match (def.rule, domain.stage) {
            (Rule::Staged, None) => self.push(
                format!("{dp}.stage"),
                "a staged framework needs the stage of every domain: add \"stage\"",
            ),
            (Rule::Staged, Some(s)) => {
                if let Some(l) = def.levels.as_ref()
                    && (s <= l.min || s > l.max)
                {
                    self.push(
                        format!("{dp}.stage"),
                        format!(
                            "stage {s} is outside {} to {} (stage {} needs nothing)",
                            l.min + 1,
                            l.max,
                            l.min
                        ),
                    );
                }
                if let Some((_, first)) = stages.iter().find(|(x, _)| *x == s) {
                    self.push(format!("{dp}.stage"), format!("stage {s} is already {first}"));
                }
                stages.push((s, format!("{dp}.stage")));
            }
            (_, Some(_)) => {
                self.push(format!("{dp}.stage"), "stages are only used by 'staged' frameworks: remove it")
            }
            (_, None) => {}
        }
    }

    /// One criterion at path `cp`: id, weight, text, scale, rounds and (cumulative frameworks
    /// only) level. Returns its level when it is an element asked in every round.
    fn check_criterion(&mut self, def: &FrameworkDef, cp: &str, crit: &Criterion) -> Option<u32> {
        self.id(format!("{cp}.id"), &crit.id);
        self.weight(format!("{cp}.weight"), crit.weight);
        if crit.text.trim().is_empty() {
            self.push(format!("{cp}.text"), "the text is empty: say what the criterion asks");
        }
        match crit.scale.as_deref().or(def.default_scale.as_deref()) {
            None => self.push(
                format!("{cp}.scale"),
                "no answer scale: give \"scale\" or the framework's \"default_scale\"",
            ),
            Some(name) => {
                if !def.answer_scales.iter().any(|s| s.id == name) {
                    self.push(
                        format!("{cp}.scale"),
                        format!("unknown scale '{name}': use the id of one of the answer_scales"),
                    );
                }
            }
        }
        let from = self.round(format!("{cp}.from_round"), &crit.from_round);
        let until = self.round(format!("{cp}.until_round"), &crit.until_round);
        if let (Some(f), Some(u)) = (&from, &until)
            && f.year > u.year
        {
            self.push(
                format!("{cp}.until_round"),
                format!("'{}' is before from_round '{}'", u.label, f.label),
            );
        }
        match (def.rule, crit.level) {
            (Rule::Cumulative, None) => self.push(
                format!("{cp}.level"),
                "a cumulative framework needs the level of every element: add \"level\"",
            ),
            (Rule::Cumulative, Some(lv)) => {
                if let Some(l) = def.levels.as_ref()
                    && (lv <= l.min || lv > l.max)
                {
                    self.push(
                        format!("{cp}.level"),
                        format!(
                            "level {lv} is outside {} to {}: level {} is the floor and needs no elements",
                            l.min + 1,
                            l.max,
                            l.min
                        ),
                    );
                }
                if from.is_none() && until.is_none() {
                    return Some(lv);
                }
            }
            (_, Some(_)) => self.push(
                format!("{cp}.level"),
                "element levels are only used by 'cumulative' frameworks: remove it",
            ),
            (_, None) => {}
        }
        None
    }
}
