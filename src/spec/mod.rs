//! The spec: one declarative JSON description of a chart, shared by the custom element's
//! attributes, the JavaScript API, the Rust API and the "recipe" saved with every export (like
//! Vega-Lite's). [`parse`] reads it strictly (unknown fields are errors, each error carries a JSON
//! path); [`attributes`] turns an element's attributes into the same spec, each error naming its
//! attribute; [`Spec::indicator_choice`] and [`Spec::maturity_choice`] fill every default against
//! the loaded data, leaving no option open. Which view a name means is the view registry's
//! business ([`crate::views`]): here a view is its name.

pub mod attributes;

use crate::benchmark::compare::BenchmarkChoice;
use crate::benchmark::peers::PeerGroupSpec;
use crate::benchmark::population;
use crate::benchmark::selection::Choice;
use crate::benchmark::series::SeriesOptions;
use crate::data::Dataset;
use crate::maturity::views::MaturityChoice;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The default data: the bundled A&E file and ODS trust list, relative to the page.
pub const DEFAULT_AE_URL: &str = "data/ae_attendances_england_2016_2019.csv";
pub const DEFAULT_ORGANISATIONS_URL: &str = "data/ods_trusts_etr.csv";
/// The default focus: Salford Royal, a Global Digital Exemplar.
pub const DEFAULT_FOCUS: &str = "RM3";

/// A chart as the user writes it. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Spec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<DataSpec>,
    /// The view's name in the registry ([`crate::views`]); default `ranked`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<PeriodSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peers: Option<PeerGroupSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub benchmark: Option<BenchmarkChoice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spc: Option<SpcSpec>,
    /// The maturity framework: wgll (default), dma2015, emram, or the id of a loaded one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework: Option<String>,
    /// The assessment round (e.g. "2024/25"); default the focus trust's latest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<String>,
    /// "If our value were X": the opportunity view shows what would be left of each gap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub what_if: Option<f64>,
    /// Simulate each organisation's rank interval (Marshall and Spiegelhalter 1998) and show it
    /// in the ranked view's tooltips and table; off by default, as it costs a simulation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank_uncertainty: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Published maturity results: the care setting (Acute, Community, Mental Health,
    /// Ambulance); default the focus trust's first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub care_setting: Option<String>,
    /// Published maturity results: who the focus is compared with, one of
    /// [`crate::maturity::dma_views::DmaCohort::KEYWORDS`]; default the same care setting
    /// nationally.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cohort: Option<String>,
    /// Published maturity results: `provider` (default) or `icb` (ICB results, their own level).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// Published maturity results at the ICB level: the ICB; default the focus trust's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icb: Option<String>,
    /// Maturity beside outcomes: which published score, in which care setting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcomes: Option<OutcomesSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<f64>,
}

/// Where the data comes from: URLs the page gives (fetched by the page's element, never elsewhere).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DataSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ae: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisations: Option<String>,
    /// Observations in the tidy format (CSV or JSON), with `metrics` and optionally `organisations`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observations: Option<String>,
    /// Metric metadata for the tidy observations (JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<String>,
    /// A Fingertips "all data" CSV export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingertips: Option<String>,
    /// Digital maturity answers (the CSV template, or JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessments: Option<String>,
    /// A maturity framework file of the user's own (JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework: Option<String>,
    /// NHS England's RTT waiting-times full extract, the zip as downloaded or its CSV; read with
    /// the 2026 ODS trust list (or `organisations`) to tell NHS trusts from independent providers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rtt: Option<String>,
    /// NHS England's published DMA results in the bundled format (`dma_2024_2025.csv`), for the
    /// maturity-beside-outcomes view.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dma: Option<String>,
}

/// The maturity-beside-outcomes choices; the outcome is the spec's `metric`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OutcomesSpec {
    /// A DMA score column: a pillar (`well_led`, `smart_foundations`, ...) or
    /// `overall_2025_comparable` (the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<String>,
    /// acute (default), community, mental health or ambulance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub care_setting: Option<String>,
}

/// SPC choices (NHS England Making Data Count).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SpcSpec {
    /// Periods where the process changed (e.g. a merger): each starts new limits.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rebase: Vec<String>,
    /// Points that make a trend or a shift: 7 (NHSRplotthedots) or 6 (the NHS England tool).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_length: Option<usize>,
    /// Compute limits from the first n points of each segment only (a baseline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix_after: Option<usize>,
    /// Screen out moving ranges above 3.267 x their mean (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub screen_outliers: Option<bool>,
}

/// Which periods: the latest n, or an inclusive range of period keys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PeriodSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

/// How many periods a view shows when the spec gives none: the latest twelve (a year of months)
/// for a comparison, all of them for a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Periods {
    Latest(usize),
    All,
}

/// Where a spec came from, which its errors name: JSON (the JS API, a recipe), an element's
/// attributes, or an embed page's URL parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Origin {
    Json,
    Attribute,
    Parameter,
}

/// A spec problem, at a JSON path (`period.latest`), in an attribute or a URL parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpecError {
    /// The JSON path inside the spec; empty for an attribute's own value.
    pub path: String,
    pub message: String,
    pub origin: Origin,
    /// The attribute or parameter that carried the problem (`spec` for its JSON).
    pub attribute: Option<String>,
}

impl From<SpecError> for crate::error::Error {
    fn from(e: SpecError) -> Self {
        let path = match (&e.attribute, e.path.is_empty()) {
            (Some(a), true) => format!("@{a}"),
            (Some(a), false) => format!("@{a}.{}", e.path),
            (None, _) => e.path.clone(),
        };
        crate::error::Error::new(crate::error::ErrorKind::Spec, "spec.invalid", path, e.to_string())
    }
}

impl SpecError {
    /// A problem at a JSON path of a JSON spec.
    pub fn new(path: &str, message: impl Into<String>) -> Self {
        Self { path: path.to_string(), message: message.into(), origin: Origin::Json, attribute: None }
    }

    /// A problem with the value of attribute (or parameter) `name`.
    pub fn at(origin: Origin, name: &str, message: impl Into<String>) -> Self {
        Self { path: String::new(), message: message.into(), origin, attribute: Some(name.to_string()) }
    }

    /// The same problem, inside the JSON carried by attribute `name`.
    fn inside(mut self, origin: Origin, name: &str) -> Self {
        if origin != Origin::Json {
            self.origin = origin;
            self.attribute = Some(name.to_string());
        }
        self
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let carrier = match self.origin {
            Origin::Parameter => "parameter",
            _ => "attribute",
        };
        match (&self.attribute, self.path.is_empty() || self.path == ".") {
            (Some(a), true) => write!(f, "{a} {carrier}: {}", self.message),
            (Some(a), false) => write!(f, "{a} {carrier}: {}: {}", self.path, self.message),
            (None, true) => write!(f, "spec: {}", self.message),
            (None, false) => write!(f, "spec.{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for SpecError {}

/// Reads a spec from JSON text; an empty string is the default spec.
pub fn parse(json: &str) -> Result<Spec, SpecError> {
    if json.trim().is_empty() {
        return Ok(Spec::default());
    }
    parse_from(json, Origin::Json)
}

/// Reads a spec from the JSON an attribute or parameter carries (or plain JSON), its errors
/// naming where it came from.
pub(crate) fn parse_from(json: &str, origin: Origin) -> Result<Spec, SpecError> {
    let spec: Spec =
        crate::json::from_str(json).map_err(|e| SpecError::new(&e.path, e.message).inside(origin, "spec"))?;
    if origin != Origin::Json && !json.trim_start().starts_with('{') {
        return Err(SpecError::at(origin, "spec", "expected a JSON object"));
    }
    spec.check().map_err(|e| e.inside(origin, "spec"))?;
    Ok(spec)
}

impl Spec {
    /// Checks what can be checked without data.
    pub fn check(&self) -> Result<(), SpecError> {
        if let Some(p) = &self.period {
            if let Some(n) = p.latest
                && !(1..=240).contains(&n)
            {
                return Err(SpecError::new(
                    "period.latest",
                    format!("expected a whole number from 1 to 240, got {n}"),
                ));
            }
            if p.latest.is_some() && (p.from.is_some() || p.to.is_some()) {
                return Err(SpecError::new("period", "give either `latest` or `from`/`to`, not both"));
            }
        }
        if let Some(n) = self.spc.as_ref().and_then(|s| s.run_length)
            && !(5..=9).contains(&n)
        {
            return Err(SpecError::new(
                "spc.runLength",
                format!("expected 5 to 9 points (7 or 6 are usual), got {n}"),
            ));
        }
        if let Some(n) = self.spc.as_ref().and_then(|s| s.fix_after)
            && n < 2
        {
            return Err(SpecError::new("spc.fixAfter", format!("expected at least 2 points, got {n}")));
        }
        if let Some(v) = self.what_if
            && !v.is_finite()
        {
            return Err(SpecError::new(
                "whatIf",
                "expected a number on the metric's scale (e.g. 90 for 90%)",
            ));
        }
        for (path, v) in [("width", self.width), ("height", self.height)] {
            if let Some(v) = v
                && !(v.is_finite() && (100.0..=10_000.0).contains(&v))
            {
                return Err(SpecError::new(path, format!("expected CSS pixels from 100 to 10000, got {v}")));
            }
        }
        if let Some(f) = &self.focus
            && (f.is_empty() || f.len() > 12 || !f.chars().all(|c| c.is_ascii_alphanumeric()))
        {
            return Err(SpecError::new(
                "focus",
                format!("expected an ODS code such as RM3, got '{}'", attributes::quoted(f)),
            ));
        }
        Ok(())
    }

    /// The indicator choice against `data`: the metric (the first by default), the period range
    /// (`periods` when the spec gives none), the focus (Salford Royal, RM3, when the data has it),
    /// the peer group (every NHS trust) and the benchmark (England). Unknown metric,
    /// organisation or period keys are errors naming the field.
    pub fn indicator_choice(&self, data: &Dataset, periods: Periods) -> Result<Choice, SpecError> {
        self.check()?;
        let metric = self.metric_index(data)?;
        let (from, to) = self.period_range(data, periods)?;
        let focus = match &self.focus {
            Some(code) => {
                if data.organisation_index(code).is_none() {
                    return Err(SpecError::new(
                        "focus",
                        format!("no organisation with ODS code '{}' in the data", attributes::quoted(code)),
                    ));
                }
                code.to_ascii_uppercase()
            }
            None if data.organisation_index(DEFAULT_FOCUS).is_some() => DEFAULT_FOCUS.to_string(),
            None => {
                return Err(SpecError::new(
                    "focus",
                    "choose a focus organisation (the `focus` attribute, an ODS code such as RM3)",
                ));
            }
        };
        Ok(Choice {
            metric,
            from,
            to,
            focus,
            peers: self.peers.clone().unwrap_or_else(|| population::default_peers(data)),
            benchmark: self.benchmark.clone().unwrap_or_default(),
        })
    }

    /// The maturity choice: the framework (What Good Looks Like by default), the round (the
    /// focus's latest), the focus (Salford Royal) and the peers (NHS trusts in its region).
    pub fn maturity_choice(&self) -> Result<MaturityChoice, SpecError> {
        self.check()?;
        Ok(MaturityChoice {
            framework: self.framework.clone().unwrap_or_else(|| "wgll".into()),
            round: self.round.clone(),
            focus: self.focus.clone().unwrap_or_else(|| DEFAULT_FOCUS.to_string()),
            peers: self.peers.clone().unwrap_or_else(population::region_trusts),
        })
    }

    /// The published-results choice: the focus (Salford Royal's successor, RM3, the Northern Care
    /// Alliance), its care setting, the cohort and the level, each keyword checked here with an
    /// error naming its field.
    pub fn dma_choice(&self) -> Result<crate::maturity::dma_views::DmaChoice, SpecError> {
        use crate::maturity::dma_results::CareSetting;
        use crate::maturity::dma_views::{DmaChoice, DmaCohort, DmaLevel};
        self.check()?;
        let setting = match &self.care_setting {
            Some(s) => Some(CareSetting::parse(s).ok_or_else(|| {
                SpecError::new(
                    "careSetting",
                    format!(
                        "'{}' is not a care setting: use Acute, Community, Mental Health or Ambulance",
                        attributes::quoted(s)
                    ),
                )
            })?),
            None => None,
        };
        let cohort = match &self.cohort {
            Some(c) => DmaCohort::parse(c).ok_or_else(|| {
                SpecError::new(
                    "cohort",
                    format!(
                        "'{}' is not a cohort: use one of {}",
                        attributes::quoted(c),
                        DmaCohort::KEYWORDS.join(", ")
                    ),
                )
            })?,
            None => DmaCohort::SameSetting,
        };
        let level = match self.level.as_deref().map(str::trim) {
            None | Some("provider") => DmaLevel::Provider,
            Some("icb") => DmaLevel::Icb,
            Some(l) => {
                return Err(SpecError::new(
                    "level",
                    format!("'{}' is not a level: use provider or icb", attributes::quoted(l)),
                ));
            }
        };
        Ok(DmaChoice {
            focus: self.focus.clone().unwrap_or_else(|| DEFAULT_FOCUS.to_string()),
            setting,
            cohort,
            level,
            icb: self.icb.clone(),
        })
    }

    /// The SPC choices as the series model takes them.
    pub fn series_options(&self) -> SeriesOptions {
        let s = self.spc.clone().unwrap_or_default();
        SeriesOptions {
            rebase: s.rebase,
            run_length: s.run_length,
            fix_after: s.fix_after,
            screen_outliers: s.screen_outliers,
        }
    }

    fn metric_index(&self, data: &Dataset) -> Result<usize, SpecError> {
        match &self.metric {
            Some(id) => data.metric_index(id).ok_or_else(|| {
                let known: Vec<&str> = data.metrics.iter().map(|m| m.id.as_str()).collect();
                SpecError::new(
                    "metric",
                    format!(
                        "unknown metric '{}'; known metrics: {}",
                        attributes::quoted(id),
                        known.join(", ")
                    ),
                )
            }),
            None if data.metrics.is_empty() => Err(SpecError::new("metric", "the data has no metrics")),
            None => Ok(0),
        }
    }

    fn period_range(&self, data: &Dataset, periods: Periods) -> Result<(usize, usize), SpecError> {
        let find_period = |path: &str, key: &str| {
            data.periods.iter().position(|p| p == key).ok_or_else(|| {
                let range = match (data.periods.first(), data.periods.last()) {
                    (Some(a), Some(b)) => format!("{a} to {b}"),
                    _ => "none".into(),
                };
                SpecError::new(
                    path,
                    format!("no period '{}' in the data (periods run {range})", attributes::quoted(key)),
                )
            })
        };
        let last = data
            .periods
            .len()
            .checked_sub(1)
            .ok_or_else(|| SpecError::new("period", "the data has no periods"))?;
        Ok(match &self.period {
            Some(PeriodSpec { latest: Some(n), .. }) => (last.saturating_sub(*n as usize - 1), last),
            Some(PeriodSpec { from, to, .. }) if from.is_some() || to.is_some() => {
                let to_i = match to {
                    Some(k) => find_period("period.to", k)?,
                    None => last,
                };
                let from_i = match from {
                    Some(k) => find_period("period.from", k)?,
                    None => to_i.saturating_sub(11),
                };
                if from_i > to_i {
                    return Err(SpecError::new("period", "`from` comes after `to`"));
                }
                (from_i, to_i)
            }
            _ => match periods {
                Periods::All => (0, last),
                Periods::Latest(n) => (last.saturating_sub(n.saturating_sub(1)), last),
            },
        })
    }
}

impl Spec {
    /// The maturity-beside-outcomes choice: the score (overall 2025 by default), the care setting
    /// (acute), the outcome metric (RTT waits of 18 weeks or less) and the focus (Salford Royal's
    /// successor, RM3). An unknown score or setting is an error naming the field and the choices.
    pub fn outcomes_choice(&self) -> Result<crate::maturity::outcomes::OutcomesChoice, SpecError> {
        use crate::maturity::dma_results::{CareSetting, Score};
        self.check()?;
        let o = self.outcomes.clone().unwrap_or_default();
        let mut choice = crate::maturity::outcomes::OutcomesChoice::default();
        if let Some(id) = &o.score {
            choice.score = Score::parse(id).ok_or_else(|| {
                let ids: Vec<&str> = Score::all().into_iter().map(Score::id).collect();
                SpecError::new(
                    "outcomes.score",
                    format!("unknown score '{}'; the scores are {}", attributes::quoted(id), ids.join(", ")),
                )
            })?;
        }
        if let Some(s) = &o.care_setting {
            choice.setting = CareSetting::parse(s).ok_or_else(|| {
                let all: Vec<&str> = CareSetting::ALL.into_iter().map(CareSetting::label).collect();
                SpecError::new(
                    "outcomes.careSetting",
                    format!(
                        "unknown care setting '{}'; the settings are {}",
                        attributes::quoted(s),
                        all.join(", ")
                    ),
                )
            })?;
        }
        if let Some(m) = &self.metric {
            choice.metric = m.clone();
        }
        choice.focus = Some(self.focus.clone().unwrap_or_else(|| DEFAULT_FOCUS.to_string()));
        Ok(choice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_are_errors_with_their_path() {
        let err = parse(r#"{"period": {"latest": 12, "lastest": 3}}"#).unwrap_err();
        assert_eq!(err.path, "period.lastest");
        assert!(err.message.contains("unknown field `lastest`"), "{err}");
    }

    #[test]
    fn wrong_types_name_the_field() {
        let err = parse(r#"{"width": "wide"}"#).unwrap_err();
        assert_eq!(err.path, "width");
        assert!(err.to_string().starts_with("spec.width: invalid type"), "{err}");
    }

    #[test]
    fn out_of_range_values_say_what_is_allowed() {
        let err = parse(r#"{"period": {"latest": 0}}"#).unwrap_err();
        assert_eq!(err.to_string(), "spec.period.latest: expected a whole number from 1 to 240, got 0");
        assert_eq!(parse(r#"{"focus": "<img>"}"#).unwrap_err().path, "focus");
    }

    #[test]
    fn an_empty_spec_is_the_default() {
        assert_eq!(parse("  ").unwrap(), Spec::default());
    }
}
