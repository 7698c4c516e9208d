//! The spec: one declarative JSON description of a chart, shared by the custom element's
//! attributes, the JavaScript API, the Rust API and the "recipe" saved with every export (like
//! Vega-Lite's). [`parse`] reads it strictly (unknown fields are errors, each error carries a JSON
//! path); [`Spec::resolve`] fills every default against the loaded data, leaving no option open.

use crate::benchmark::compare::BenchmarkChoice;
use crate::benchmark::peers::{Condition, PeerGroupSpec};
use crate::data::{Attribute, Dataset};
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<View>,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
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
}

/// Which chart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum View {
    /// Organisations ranked, with their intervals (a caterpillar plot).
    #[default]
    Ranked,
    /// Value against denominator with control limits (PHE funnel plot).
    Funnel,
    /// A box plot and strip of every organisation.
    Distribution,
    /// The focus organisation over time as an XmR chart (Making Data Count).
    Spc,
    /// Every metric for the focus organisation against the national value and the spread of the
    /// comparison group (the Fingertips area profile).
    Spine,
    /// The gap to the peer median and best quartile as volume (Model Hospital opportunity).
    Opportunity,
    /// Digital maturity by pillar: the trust, its peers' median and interquartile band, the
    /// exemplars' median.
    MaturityRadar,
    /// Digital maturity levels by domain with the next step.
    MaturityStaircase,
    /// Organisations by pillar.
    MaturityHeatmap,
    /// Maturity over assessment rounds.
    MaturityTrajectory,
}

impl View {
    /// Whether the view draws digital maturity assessments rather than indicator data.
    pub fn is_maturity(self) -> bool {
        matches!(
            self,
            View::MaturityRadar | View::MaturityStaircase | View::MaturityHeatmap | View::MaturityTrajectory
        )
    }
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

/// The default peer group: every NHS trust (the bundled data also has walk-in centres and
/// independent providers, which count in England's value but are not ranked).
pub fn default_peers() -> PeerGroupSpec {
    PeerGroupSpec::Filter {
        conditions: vec![Condition::Equals {
            attribute: "type".into(),
            value: Attribute::Text("NHS trust".into()),
        }],
    }
}

/// The default peer group for maturity views: NHS trusts in the focus trust's region (the
/// national picture is shown beside it).
pub fn region_peers() -> PeerGroupSpec {
    PeerGroupSpec::Filter {
        conditions: vec![
            Condition::Equals { attribute: "type".into(), value: Attribute::Text("NHS trust".into()) },
            Condition::SameAsFocus { attribute: "region".into() },
        ],
    }
}

/// The default comparison group for `data`: every NHS trust when the data knows which
/// organisations are trusts (the bundled A&E data), otherwise every organisation that is not an
/// aggregate (England, a region).
pub fn default_peers_for(data: &Dataset) -> PeerGroupSpec {
    if data.organisations.iter().any(is_nhs_trust) { default_peers() } else { PeerGroupSpec::All {} }
}

/// Whether an organisation is an NHS trust in the ODS list.
pub fn is_nhs_trust(o: &crate::data::Organisation) -> bool {
    o.attributes.get("type") == Some(&Attribute::Text("NHS trust".into()))
}

/// A test for membership of the default population of `data` (see [`default_peers_for`]): NHS
/// trusts when the data has any, otherwise every organisation that is not an aggregate. The kind
/// of data is decided once, so filtering every organisation stays linear.
pub fn population_filter(data: &Dataset) -> impl Fn(&crate::data::Organisation) -> bool {
    let trusts = data.organisations.iter().any(is_nhs_trust);
    move |o| if trusts { is_nhs_trust(o) } else { !o.is_aggregate() }
}

/// A spec problem, at a JSON path (`period.latest`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpecError {
    pub path: String,
    pub message: String,
}

impl SpecError {
    fn new(path: &str, message: impl Into<String>) -> Self {
        Self { path: path.to_string(), message: message.into() }
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() || self.path == "." {
            write!(f, "spec: {}", self.message)
        } else {
            write!(f, "spec.{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for SpecError {}

/// Reads a spec from JSON text; an empty string is the default spec.
pub fn parse(json: &str) -> Result<Spec, SpecError> {
    if json.trim().is_empty() {
        return Ok(Spec::default());
    }
    let de = &mut serde_json::Deserializer::from_str(json);
    let spec: Spec = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        SpecError::new(&path, clean_serde_message(&inner.to_string()))
    })?;
    spec.check()?;
    Ok(spec)
}

/// serde's messages end with " at line 1 column 30"; the JSON path says where already.
fn clean_serde_message(m: &str) -> String {
    match m.rfind(" at line ") {
        Some(i) => m[..i].to_string(),
        None => m.to_string(),
    }
}

/// A spec with every default filled in and checked against the data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resolved {
    pub view: View,
    pub metric: usize,
    pub focus: Option<String>,
    pub peers: PeerGroupSpec,
    pub benchmark: BenchmarkChoice,
    pub spc: SpcSpec,
    pub from: usize,
    pub to: usize,
    pub title: Option<String>,
    pub width: f64,
    pub height: f64,
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
            return Err(SpecError::new("focus", format!("expected an ODS code such as RM3, got '{f}'")));
        }
        Ok(())
    }

    /// Fills the defaults against `data`: the first metric, the latest 12 periods, Salford Royal,
    /// 720 x 480. Unknown metric, organisation or period keys are errors naming the field.
    pub fn resolve(&self, data: &Dataset) -> Result<Resolved, SpecError> {
        self.check()?;
        let metric = match &self.metric {
            Some(id) => data.metric_index(id).ok_or_else(|| {
                let known: Vec<&str> = data.metrics.iter().map(|m| m.id.as_str()).collect();
                SpecError::new(
                    "metric",
                    format!("unknown metric '{id}'; known metrics: {}", known.join(", ")),
                )
            })?,
            None if data.metrics.is_empty() => {
                return Err(SpecError::new("metric", "the data has no metrics"));
            }
            None => 0,
        };
        let find_period = |path: &str, key: &str| {
            data.periods.iter().position(|p| p == key).ok_or_else(|| {
                let range = match (data.periods.first(), data.periods.last()) {
                    (Some(a), Some(b)) => format!("{a} to {b}"),
                    _ => "none".into(),
                };
                SpecError::new(path, format!("no period '{key}' in the data (periods run {range})"))
            })
        };
        let last = data
            .periods
            .len()
            .checked_sub(1)
            .ok_or_else(|| SpecError::new("period", "the data has no periods"))?;
        let (from, to) = match &self.period {
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
            // An XmR chart needs a run of points: all of them unless a period is given.
            _ if self.view == Some(View::Spc) => (0, last),
            _ => (last.saturating_sub(11), last),
        };
        let focus = match &self.focus {
            Some(code) => {
                if data.organisation_index(code).is_none() {
                    return Err(SpecError::new(
                        "focus",
                        format!("no organisation with ODS code '{code}' in the data"),
                    ));
                }
                Some(code.to_ascii_uppercase())
            }
            None => data.organisation_index(DEFAULT_FOCUS).map(|_| DEFAULT_FOCUS.to_string()),
        };
        Ok(Resolved {
            view: self.view.unwrap_or_default(),
            metric,
            focus,
            peers: self.peers.clone().unwrap_or_else(|| default_peers_for(data)),
            benchmark: self.benchmark.clone().unwrap_or_default(),
            spc: self.spc.clone().unwrap_or_default(),
            from,
            to,
            title: self.title.clone(),
            width: self.width.unwrap_or(720.0),
            height: self.height.unwrap_or(480.0),
        })
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
