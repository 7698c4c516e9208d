//! Maturity beside outcomes: a trust's published digital maturity score (a DMA 2025 pillar or
//! the overall score on comparable domains) against an outcome measure for the same trusts (by
//! default the share of RTT incomplete pathways within 18 weeks, April 2026), joined by ODS code,
//! within one care setting (acute by default, as NHS England advises comparing within a setting).
//!
//! The model holds what the chart shows: each joined trust's score and outcome with the
//! outcome's 95% Wilson interval (for a share), the Global Digital Exemplars (as today's
//! successor trusts, [`super::exemplars`]) and the focus trust, Spearman's rank correlation with
//! its 95% interval ([`crate::stats::correlation`]), every trust that did not join with the
//! reason, and the caveats in words. Ranks suit the question: scores are whole levels averaged
//! over a handful of domains (many ties, no interval scale), and neither measure is normal.
//!
//! What the chart must say, and does ([`CAVEATS`]): the scores are self-assessed; an association
//! is not a cause (maturity goes with size, funding, teaching status and history, which also go
//! with waiting times); and the published evidence is mixed: Martin et al. (npj Digital Medicine
//! 2019; 2:41) found no association between the 2016 Digital Maturity Index and mortality.

use super::dma_results::{self, CareSetting, PublishedResult, PublishedResults, Score};
use super::exemplars;
use crate::data::{self, Dataset, Diagnostic, Metric, MetricKind};
use crate::stats::Interval;
use crate::stats::correlation::{self, RankCorrelation};
use std::collections::BTreeSet;

/// The caveats every chart of this view shows, in this order.
pub const CAVEATS: [&str; 3] = [
    "Digital maturity scores are self-assessed by each trust (signed off by its board; NHS England validates \
     but does not audit them).",
    "An association is not a cause: more mature trusts differ in size, funding, teaching status and history, \
     which also bear on waiting times, and a correlation cannot say which way any influence runs.",
    "The evidence is mixed: Martin et al. (npj Digital Medicine, 2019) found no association between the 2016 \
     Digital Maturity Index and mortality.",
];

/// The confidence level of the outcome intervals and of the correlation's interval.
pub const CONFIDENCE: f64 = 0.95;

/// The providers with an ODS code and a result in `setting`, by name, for a focus picker.
pub fn organisations(results: &PublishedResults, setting: CareSetting) -> Vec<data::OrgChoice> {
    let mut out: Vec<data::OrgChoice> = results
        .providers(setting)
        .filter_map(|r| Some(data::OrgChoice { code: r.ods_code.clone()?, name: r.display_name() }))
        .collect();
    crate::order::sort_by(&mut out, |a, b| a.name.cmp(&b.name));
    out
}

/// What to plot: which score, in which care setting, against which outcome metric, for whom.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomesChoice {
    pub score: Score,
    pub setting: CareSetting,
    /// The outcome metric's id (`rtt_within_18_weeks`).
    pub metric: String,
    pub focus: Option<String>,
}

impl Default for OutcomesChoice {
    /// The overall 2025 score of acute trusts against RTT waits of 18 weeks or less.
    fn default() -> Self {
        Self {
            score: Score::Overall2025,
            setting: CareSetting::Acute,
            metric: data::rtt::WITHIN_18_WEEKS.to_string(),
            focus: None,
        }
    }
}

/// One trust in both datasets.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomePoint {
    pub code: String,
    pub name: String,
    pub score: f64,
    /// The outcome on the metric's scale (a percentage for a share).
    pub value: f64,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// The 95% Wilson interval of a share, on the metric's scale; `None` for other measures.
    pub interval: Option<Interval>,
    /// The exemplar wave, when the trust is today's successor of a Global Digital Exemplar.
    pub exemplar: Option<&'static str>,
    pub focus: bool,
}

/// Why a trust is not plotted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// A maturity result whose provider name matched no ODS code.
    NoOdsCode,
    /// A maturity result without the chosen score.
    NoScore,
    /// A maturity result with no outcome figure for the trust.
    NoOutcome,
    /// An NHS trust with an outcome figure and a maturity result only in other care settings.
    OtherSetting,
    /// An NHS trust with an outcome figure and no maturity result at all.
    NotAssessed,
}

impl Reason {
    pub fn words(self) -> &'static str {
        match self {
            Reason::NoOdsCode => "maturity result whose name matched no ODS code",
            Reason::NoScore => "maturity result without this score",
            Reason::NoOutcome => "no outcome figure for the trust",
            Reason::OtherSetting => "outcome figure, but maturity results only in another care setting",
            Reason::NotAssessed => "outcome figure, but no maturity result",
        }
    }
}

/// A trust that did not join.
#[derive(Debug, Clone, PartialEq)]
pub struct Unjoined {
    pub code: Option<String>,
    pub name: String,
    pub reason: Reason,
}

/// Everything the chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomesModel {
    pub score: Score,
    pub setting: CareSetting,
    pub metric: Metric,
    /// The outcome's period key (`2026-04-01`).
    pub period: String,
    /// The joined trusts, by score then outcome.
    pub points: Vec<OutcomePoint>,
    pub unjoined: Vec<Unjoined>,
    /// `None` when fewer than 3 trusts join or one measure does not vary.
    pub correlation: Option<RankCorrelation>,
    /// The focus trust's code, when it is given (it may not have joined).
    pub focus: Option<String>,
    /// The exemplars' successor codes in this setting that did not join.
    pub exemplars_missing: Vec<&'static str>,
    pub source: String,
}

/// One trust's outcome: the value on the metric's scale, its counts, its interval.
struct Figure {
    value: f64,
    numerator: Option<f64>,
    denominator: Option<f64>,
    interval: Option<Interval>,
}

/// The first metric, its period and each organisation's figure.
struct Outcome<'a> {
    data: &'a Dataset,
    metric: &'a Metric,
    figures: Vec<Option<data::OrgFigure>>,
}

impl<'a> Outcome<'a> {
    fn read(data: &'a Dataset, id: &str) -> Result<(Outcome<'a>, String), String> {
        let m = data.metric_index(id).ok_or_else(|| {
            let known: Vec<&str> = data.metrics.iter().take(12).map(|m| m.id.as_str()).collect();
            format!("unknown outcome metric '{id}'; the outcome data has {} and more", known.join(", "))
        })?;
        let last = data.periods.len().checked_sub(1).ok_or("the outcome data has no periods")?;
        let mut figures = vec![None; data.organisations.len()];
        for f in data.aggregate(m, last, last) {
            let org = f.org;
            figures[org] = Some(f);
        }
        Ok((Outcome { data, metric: &data.metrics[m], figures }, data.periods[last].clone()))
    }

    /// The figure of `code` on the metric's scale, with its counts and Wilson interval.
    fn of(&self, code: &str) -> Option<Figure> {
        let f = self.figures.get(self.data.organisation_index(code)?)?.as_ref()?;
        let mult = self.metric.multiplier;
        match (self.metric.kind, f.numerator, f.denominator) {
            (MetricKind::Proportion, Some(n), Some(d)) if d > 0.0 => {
                let ci = crate::stats::proportion::wilson(n, d, CONFIDENCE).ok().map(|i| i.scaled(mult));
                Some(Figure { value: n / d * mult, numerator: Some(n), denominator: Some(d), interval: ci })
            }
            _ => f.value.map(|value| Figure {
                value,
                numerator: f.numerator,
                denominator: f.denominator,
                interval: None,
            }),
        }
    }
}

fn exemplar_wave(code: &str, setting: CareSetting) -> Option<&'static str> {
    exemplars::for_setting(setting)
        .into_iter()
        .find(|e| e.code.eq_ignore_ascii_case(code))
        .map(|e| e.wave.label())
}

/// Joins one maturity result, or says why it cannot be joined.
fn join_one(
    r: &PublishedResult,
    choice: &OutcomesChoice,
    outcome: &Outcome,
) -> Result<OutcomePoint, Unjoined> {
    let unjoined = |reason| Unjoined { code: r.ods_code.clone(), name: r.display_name(), reason };
    let code = r.ods_code.clone().ok_or_else(|| unjoined(Reason::NoOdsCode))?;
    let score = choice.score.of(r).ok_or_else(|| unjoined(Reason::NoScore))?;
    let Figure { value, numerator, denominator, interval } =
        outcome.of(&code).ok_or_else(|| unjoined(Reason::NoOutcome))?;
    Ok(OutcomePoint {
        focus: choice.focus.as_deref().is_some_and(|f| f.eq_ignore_ascii_case(&code)),
        exemplar: exemplar_wave(&code, choice.setting),
        name: r.display_name(),
        code,
        score,
        value,
        numerator,
        denominator,
        interval,
    })
}

/// NHS trusts with an outcome figure and no maturity result in the setting.
fn outcome_only(results: &PublishedResults, setting: CareSetting, outcome: &Outcome) -> Vec<Unjoined> {
    let assessed: BTreeSet<String> = results
        .providers(setting)
        .filter_map(|r| r.ods_code.as_deref())
        .map(str::to_ascii_uppercase)
        .collect();
    outcome
        .data
        .organisations
        .iter()
        .filter(|o| !o.is_aggregate() && o.text("type") == Some(data::rtt::TYPE_NHS_TRUST))
        .filter(|o| !assessed.contains(&o.code.to_ascii_uppercase()) && outcome.of(&o.code).is_some())
        .map(|o| {
            let elsewhere = !results.care_settings_of(&o.code).is_empty();
            let reason = if elsewhere { Reason::OtherSetting } else { Reason::NotAssessed };
            Unjoined { code: Some(o.code.clone()), name: o.name.clone(), reason }
        })
        .collect()
}

/// The model for `choice`: the published `results` joined to the `outcomes` dataset by ODS code.
/// Each is the page's one parsed copy of its files (the workspace's `dma` and `rtt` sets), borrowed
/// here. Errors only for an outcome metric the data does not have.
pub fn model(
    results: &PublishedResults,
    outcomes: &Dataset,
    choice: &OutcomesChoice,
) -> Result<OutcomesModel, String> {
    let (outcome, period) = Outcome::read(outcomes, &choice.metric)?;
    let mut points = Vec::new();
    let mut unjoined = Vec::new();
    for r in results.providers(choice.setting) {
        match join_one(r, choice, &outcome) {
            Ok(p) => points.push(p),
            Err(u) => unjoined.push(u),
        }
    }
    unjoined.extend(outcome_only(results, choice.setting, &outcome));
    crate::order::sort_by(&mut points, |a, b| a.score.total_cmp(&b.score).then(a.value.total_cmp(&b.value)));
    let (x, y): (Vec<f64>, Vec<f64>) = points.iter().map(|p| (p.score, p.value)).unzip();
    let correlation = correlation::spearman(&x, &y, CONFIDENCE).ok();
    let exemplars_missing = exemplars::for_setting(choice.setting)
        .into_iter()
        .map(|e| e.code)
        .filter(|c| !points.iter().any(|p| p.code.eq_ignore_ascii_case(c)))
        .collect();
    let source = source_line(&outcomes.attribution);
    Ok(OutcomesModel {
        score: choice.score,
        setting: choice.setting,
        metric: outcome.metric.clone(),
        period,
        points,
        unjoined,
        correlation,
        focus: choice.focus.clone(),
        exemplars_missing,
        source,
    })
}

/// One source line for both datasets, the licence said once.
fn source_line(outcome_attribution: &str) -> String {
    const LICENCE: &str =
        "Contains public sector information licensed under the Open Government Licence v3.0.";
    let strip = |s: &str| s.replace(LICENCE, "").trim().trim_end_matches('.').to_string();
    let outcome = strip(outcome_attribution);
    let outcome = outcome.strip_prefix("Source: ").unwrap_or(&outcome);
    format!("{}; {outcome}. {LICENCE}", strip(dma_results::SOURCE))
}

impl OutcomesModel {
    pub fn focus_point(&self) -> Option<&OutcomePoint> {
        self.points.iter().find(|p| p.focus)
    }

    pub fn exemplar_count(&self) -> usize {
        self.points.iter().filter(|p| p.exemplar.is_some()).count()
    }

    /// How many did not join for `reason`.
    pub fn count(&self, reason: Reason) -> usize {
        self.unjoined.iter().filter(|u| u.reason == reason).count()
    }

    /// The notices under the chart: the caveats, then the trusts that did not join, each reason
    /// with its count and every trust listed, then the exemplar mapping.
    pub fn notices(&self) -> Vec<String> {
        let mut notes: Vec<String> = CAVEATS.iter().map(|c| c.to_string()).collect();
        notes.push(dma_results::SAME_SETTING_NOTE.to_string() + ".");
        for reason in
            [Reason::NoOdsCode, Reason::NoScore, Reason::NoOutcome, Reason::OtherSetting, Reason::NotAssessed]
        {
            let listed: Vec<String> = self
                .unjoined
                .iter()
                .filter(|u| u.reason == reason)
                .map(|u| match &u.code {
                    Some(c) => format!("{} ({c})", u.name),
                    None => u.name.clone(),
                })
                .collect();
            if !listed.is_empty() {
                notes.push(format!(
                    "Not plotted, {} ({}): {}.",
                    reason.words(),
                    listed.len(),
                    listed.join("; ")
                ));
            }
        }
        if let Some(f) = &self.focus
            && self.focus_point().is_none()
        {
            notes.push(format!(
                "The focus trust {f} has no {} result joined to the outcome.",
                self.setting.label()
            ));
        }
        let mapping = exemplars::mapping_statement(self.setting);
        if !mapping.is_empty() {
            notes.push(mapping);
        }
        notes
    }

    /// The trusts that did not join as diagnostics for the chart's load report
    /// ([`crate::session::Session::report`]), one per reason with its count and every trust.
    pub fn diagnostics(&self, file: &str) -> Vec<Diagnostic> {
        self.notices()
            .into_iter()
            .filter(|n| n.starts_with("Not plotted"))
            .map(|n| Diagnostic::warning(file, None, Some("ods_code"), n))
            .collect()
    }
}
