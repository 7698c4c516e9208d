//! The models of the views on NHS England's published maturity results ([`super::dma_results`]):
//! a focus (a trust in one care setting, or an ICB as its own level) and its cohort resolved
//! against the loaded results, and for each view exactly what it draws, computed here by
//! [`super::dma_compare`]: the focus's seven pillars against the cohort's median and
//! interquartile range (radar), the cohort's members by pillar (heat map), the 2024 to 2025
//! overall change on comparable domains (trajectory) and each score's distribution with the focus
//! placed in it (distribution). Each model holds the loaded results by reference count.
//!
//! Cohorts: the focus's care setting nationally (the default), the same region, the same ICB, the
//! nearest ten by size (the RTT waiting list of April 2026, for trusts that report one: the page's
//! RTT set, which a spec with this cohort also needs, borrowed and joined by ODS code here), or the Global Digital Exemplars as today's trusts
//! (the successor mapping is stated on every chart of them).

use super::compare::CompareError;
use super::dma_compare::{
    self, CohortSpec, Focus, HeatMap, OverallChange, ResultComparison, ScoreDistribution,
};
use super::dma_results::{
    COMPARABLE_NOTE, CareSetting, Level, PILLARS, PublishedResult, PublishedResults, Score,
};
use crate::benchmark::peers::{self, PeerGroupSpec};
use crate::data::{Attribute, Dataset, OrgChoice};
use crate::error::{Error, ErrorKind};
use std::rc::Rc;

/// The organisation attribute nearest-by-size cohorts use: the RTT waiting list (all treatment
/// functions, April 2026), as [`crate::data::rtt`] derives it.
pub const SIZE_ATTRIBUTE: &str = crate::data::rtt::ATTR_WAITING_LIST;
/// How many trusts a nearest-by-size cohort holds.
pub const NEAREST_K: usize = 10;

/// Who the focus is compared with, as a spec names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DmaCohort {
    SameSetting,
    SameRegion,
    SameIcb,
    Nearest,
    Exemplars,
}

impl DmaCohort {
    /// The keywords a spec's `cohort` takes, in this order.
    pub const KEYWORDS: [&'static str; 5] = ["setting", "region", "icb", "nearest", "exemplars"];

    pub fn parse(raw: &str) -> Option<DmaCohort> {
        let all = [Self::SameSetting, Self::SameRegion, Self::SameIcb, Self::Nearest, Self::Exemplars];
        Self::KEYWORDS.iter().position(|k| k.eq_ignore_ascii_case(raw.trim())).map(|i| all[i])
    }
}

/// Which results: trusts (by care setting) or ICBs (the ICB survey, its own level).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DmaLevel {
    Provider,
    Icb,
}

/// What a published-results spec asks for, before it is resolved against the data.
#[derive(Debug, Clone, PartialEq)]
pub struct DmaChoice {
    /// The focus trust's ODS code (for the ICB level, the trust whose ICB is the default focus).
    pub focus: String,
    /// `None`: the focus's default setting ([`PublishedResults::default_setting`]).
    pub setting: Option<CareSetting>,
    pub cohort: DmaCohort,
    pub level: DmaLevel,
    /// The ICB for the ICB level, as published or without "NHS" and "Integrated Care Board";
    /// `None`: the focus trust's ICB.
    pub icb: Option<String>,
}

/// A choice resolved against the results: the focus result and its cohort.
#[derive(Debug, Clone)]
pub struct DmaFocus {
    pub data: Rc<PublishedResults>,
    /// The focus's key: its ODS code, or an ICB's published name.
    pub key: String,
    pub level: Level,
    pub setting: Option<CareSetting>,
    pub cohort: CohortSpec,
    /// Notes for the chart (how the cohort was chosen).
    pub notices: Vec<String>,
}

fn dma_error(e: CompareError) -> Error {
    Error::new(ErrorKind::Maturity, "maturity", "", e.message)
}

fn spec_error(path: &str, message: String) -> Error {
    Error::new(ErrorKind::Spec, "spec.invalid", path, format!("spec.{path}: {message}"))
}

/// An ICB's name as people shorten it: without "NHS" and "Integrated Care Board".
fn icb_short(name: &str) -> String {
    let up = name.trim().to_uppercase();
    let up = up.strip_prefix("NHS ").unwrap_or(&up);
    up.strip_suffix(" INTEGRATED CARE BOARD").unwrap_or(up).trim().to_string()
}

impl DmaFocus {
    /// Finds the focus (the trust in its care setting, or the ICB) and resolves the cohort.
    /// `sizes` is the dataset whose organisations carry [`SIZE_ATTRIBUTE`] (the RTT extract), for
    /// nearest-by-size cohorts; sizes set on the results themselves
    /// ([`PublishedResults::set_number_attribute`]) serve as well.
    pub fn resolve(
        data: &Rc<PublishedResults>,
        choice: &DmaChoice,
        sizes: Option<&Dataset>,
    ) -> Result<Self, Error> {
        let code = choice.focus.trim().to_ascii_uppercase();
        let settings = data.care_settings_of(&code);
        if settings.is_empty() && choice.icb.is_none() {
            return Err(spec_error(
                "focus",
                format!(
                    "{code} has no published maturity result: choose a trust with a result (an ODS code)"
                ),
            ));
        }
        let setting = match choice.setting {
            Some(s) => s,
            None => data.default_setting(&code).unwrap_or(CareSetting::Acute),
        };
        let mut focus = match choice.level {
            DmaLevel::Provider => {
                if !settings.contains(&setting) {
                    let has: Vec<&str> = settings.iter().map(|s| s.label()).collect();
                    return Err(spec_error(
                        "careSetting",
                        format!(
                            "{code} has no {} result; it has {}: choose one of those care settings",
                            setting.label(),
                            has.join(", ")
                        ),
                    ));
                }
                Self::provider(data, code, setting)
            }
            DmaLevel::Icb => Self::icb(data, &code, setting, choice.icb.as_deref())?,
        };
        focus.cohort = focus.cohort_spec(choice.cohort, sizes)?;
        Ok(focus)
    }

    fn provider(data: &Rc<PublishedResults>, code: String, setting: CareSetting) -> Self {
        DmaFocus {
            data: Rc::clone(data),
            key: code,
            level: Level::Provider,
            setting: Some(setting),
            cohort: CohortSpec::SameSetting,
            notices: Vec::new(),
        }
    }

    /// The ICB named, or the ICB published with the focus trust's result.
    fn icb(
        data: &Rc<PublishedResults>,
        code: &str,
        setting: CareSetting,
        named: Option<&str>,
    ) -> Result<Self, Error> {
        let wanted = match named {
            Some(n) => n.to_string(),
            None => data.provider(code, setting).map(|r| r.icb.clone()).unwrap_or_default(),
        };
        let found = data.at_level(Level::Icb).find(|r| icb_short(&r.name) == icb_short(&wanted));
        let Some(r) = found else {
            return Err(spec_error(
                "icb",
                format!("'{wanted}' is not an ICB in the published results: give an ICB name as published"),
            ));
        };
        Ok(DmaFocus {
            data: Rc::clone(data),
            key: r.name.clone(),
            level: Level::Icb,
            setting: None,
            cohort: CohortSpec::SameSetting,
            notices: Vec::new(),
        })
    }

    /// The cohort a keyword means for this focus; nearest-by-size peers are resolved here, from
    /// `sizes`.
    fn cohort_spec(&mut self, cohort: DmaCohort, sizes: Option<&Dataset>) -> Result<CohortSpec, Error> {
        Ok(match cohort {
            DmaCohort::SameSetting => CohortSpec::SameSetting,
            DmaCohort::SameRegion => CohortSpec::SameRegion,
            DmaCohort::SameIcb => CohortSpec::SameIcb,
            DmaCohort::Exemplars => CohortSpec::Exemplars,
            DmaCohort::Nearest => self.nearest(sizes)?,
        })
    }

    fn nearest(&mut self, sizes: Option<&Dataset>) -> Result<CohortSpec, Error> {
        let setting = match (self.level, self.setting) {
            (Level::Provider, Some(s)) => s,
            _ => {
                return Err(spec_error(
                    "cohort",
                    "nearest-by-size peers are for trusts: compare an ICB with all ICBs or its region".into(),
                ));
            }
        };
        if sizes.is_none() && !self.data.numbers.contains_key(SIZE_ATTRIBUTE) {
            return Err(spec_error(
                "cohort",
                "nearest-by-size peers need the RTT extract loaded with the results (data.rtt)".into(),
            ));
        }
        let mut orgs = self.data.organisations(setting);
        let sized = sizes.map(|sizes| with_sizes(&mut orgs, &self.data, sizes));
        let spec = PeerGroupSpec::Nearest {
            k: NEAREST_K,
            weights: [(SIZE_ATTRIBUTE.to_string(), 1.0)].into_iter().collect(),
            within: Vec::new(),
        };
        let group = peers::resolve(&orgs, &self.key, &spec).map_err(|e| {
            spec_error(
                "cohort",
                format!("{e}; trusts without an RTT waiting list (most ambulance and mental health trusts) have no size to compare"),
            )
        })?;
        self.notices.extend(group.notices.iter().map(|n| n.message.clone()));
        self.notices.push(format!(
            "Nearest by size: the {} {} trusts whose RTT waiting list (April 2026, all treatment functions) is closest to this trust's",
            group.members.len(),
            setting.label().to_lowercase()
        ));
        self.notices.extend(sized);
        Ok(CohortSpec::Codes {
            name: format!("{}, nearest {} by RTT waiting list", setting.label(), group.members.len()),
            codes: group.members.iter().map(|m| m.code.clone()).collect(),
        })
    }

    /// The focus as the comparisons take it.
    pub fn focus(&self) -> Focus<'_> {
        match (self.level, self.setting) {
            (Level::Provider, Some(setting)) => Focus::Provider { code: &self.key, setting },
            (Level::IcbPrimaryCare, _) => Focus::PrimaryCareIcb { name: &self.key },
            _ => Focus::Icb { name: &self.key },
        }
    }

    /// The focus's result.
    pub fn result(&self) -> Option<&PublishedResult> {
        match self.setting {
            Some(s) if self.level == Level::Provider => self.data.provider(&self.key, s),
            _ => self.data.at_level(self.level).find(|r| r.name == self.key),
        }
    }

    /// What the results are, in a few words: "acute trusts" or "ICBs".
    pub fn population(&self) -> String {
        match self.setting {
            Some(s) if self.level == Level::Provider => format!("{} trusts", s.label().to_lowercase()),
            _ => "ICBs".to_string(),
        }
    }

    /// Whether the cohort is the Global Digital Exemplars.
    pub fn exemplar_cohort(&self) -> bool {
        matches!(self.cohort, CohortSpec::Exemplars)
    }
}

/// Gives each of `orgs` its size from `sizes` (the RTT extract's waiting list, joined by ODS code),
/// and says how many assessed trusts have one.
fn with_sizes(orgs: &mut Dataset, data: &PublishedResults, sizes: &Dataset) -> String {
    let by_code: std::collections::BTreeMap<&str, f64> = sizes
        .organisations
        .iter()
        .filter_map(|o| match o.attributes.get(SIZE_ATTRIBUTE) {
            Some(Attribute::Number(x)) => Some((o.code.as_str(), *x)),
            _ => None,
        })
        .collect();
    for o in &mut orgs.organisations {
        if let Some(x) = by_code.get(o.code.as_str()) {
            o.attributes.insert(SIZE_ATTRIBUTE.to_string(), Attribute::Number(*x));
        }
    }
    let assessed: Vec<&str> = data.results.iter().filter_map(|r| r.ods_code.as_deref()).collect();
    let sized = by_code.keys().filter(|c| assessed.contains(c)).count();
    format!(
        "sizes for nearest-by-size peers: {sized} assessed trusts have an RTT waiting list; the others \
         (most ambulance and mental health trusts) cannot be compared by size"
    )
}

/// The labels every chart of the published results carries, from a comparison's own: what is
/// and is not comparable is always among them, and an ICB chart says ICBs are their own level.
fn with_comparability(mut labels: Vec<String>, level: Level) -> Vec<String> {
    if !labels.iter().any(|l| l == COMPARABLE_NOTE) {
        labels.push(COMPARABLE_NOTE.to_string());
    }
    if level != Level::Provider {
        labels.push(
            "ICB results are their own level (the ICB survey) and are compared only with other ICBs".into(),
        );
    }
    labels
}

/// The trusts with a published result and an ODS code, by name, for a focus picker.
pub fn choices(data: &PublishedResults) -> Vec<OrgChoice> {
    let mut list: Vec<OrgChoice> = Vec::new();
    for r in data.at_level(Level::Provider) {
        if let Some(code) = &r.ods_code
            && !list.iter().any(|o| &o.code == code)
        {
            list.push(OrgChoice { code: code.clone(), name: r.display_name() });
        }
    }
    crate::order::sort_by(&mut list, |a, b| a.name.cmp(&b.name));
    list
}

/// The radar: the focus's pillars against the cohort's median and interquartile range, and the
/// exemplars' median in the focus's care setting.
#[derive(Debug, Clone)]
pub struct DmaRadarModel {
    pub focus: DmaFocus,
    pub comparison: ResultComparison,
    /// The comparison's pillar rows (the radar's axes), by index.
    pub axes: Vec<usize>,
}

pub fn radar(focus: DmaFocus) -> Result<DmaRadarModel, Error> {
    let mut comparison =
        dma_compare::compare(&focus.data, focus.focus(), &focus.cohort).map_err(dma_error)?;
    comparison.labels = with_comparability(std::mem::take(&mut comparison.labels), focus.level);
    let axes = comparison.rows.iter().enumerate().filter(|(_, r)| matches!(r.score, Score::Pillar(_)));
    let axes = axes.map(|(i, _)| i).collect();
    Ok(DmaRadarModel { focus, comparison, axes })
}

impl DmaRadarModel {
    /// Whether the exemplars' median is drawn (a provider in a setting with exemplars, compared
    /// with another cohort than the exemplars).
    pub fn shows_exemplars(&self) -> bool {
        !matches!(self.focus.cohort, CohortSpec::Exemplars)
            && self.comparison.rows.iter().any(|r| r.exemplars.is_some())
    }
}

/// The heat map: the focus and its cohort by pillar, highest 2025 overall first.
#[derive(Debug, Clone)]
pub struct DmaHeatModel {
    pub focus: DmaFocus,
    pub heat: HeatMap,
    /// The focus's row, by index.
    pub focus_row: usize,
}

pub fn heat(focus: DmaFocus) -> Result<DmaHeatModel, Error> {
    let mut heat = dma_compare::heat_map(&focus.data, focus.focus(), &focus.cohort).map_err(dma_error)?;
    heat.labels = with_comparability(std::mem::take(&mut heat.labels), focus.level);
    let focus_row = heat.rows.iter().position(|r| r.is_focus).unwrap_or(0);
    Ok(DmaHeatModel { focus, heat, focus_row })
}

/// One organisation's overall scores in 2024 and 2025 (comparable domains).
#[derive(Debug, Clone, PartialEq)]
pub struct Slope {
    pub key: String,
    pub name: String,
    pub before: f64,
    pub after: f64,
    pub is_focus: bool,
}

/// The trajectory: the 2024 to 2025 overall change of the focus and each cohort member with both
/// years, and the cohort's medians.
#[derive(Debug, Clone)]
pub struct DmaTrajectoryModel {
    pub focus: DmaFocus,
    pub change: OverallChange,
    /// Cohort members with both years, then the focus last (drawn on top).
    pub slopes: Vec<Slope>,
    /// Cohort members without both years.
    pub without_both: usize,
}

pub fn trajectory(focus: DmaFocus) -> Result<DmaTrajectoryModel, Error> {
    let mut change =
        dma_compare::overall_change(&focus.data, focus.focus(), &focus.cohort).map_err(dma_error)?;
    change.labels = with_comparability(std::mem::take(&mut change.labels), focus.level);
    let slope = |r: &PublishedResult, is_focus| {
        Some(Slope {
            key: r.key().to_string(),
            name: r.display_name(),
            before: r.overall_2024?,
            after: r.overall_2025?,
            is_focus,
        })
    };
    let members: Vec<&PublishedResult> = change
        .cohort
        .members
        .iter()
        .filter_map(|k| {
            focus
                .data
                .results
                .iter()
                .find(|r| r.level == focus.level && r.care_setting == focus.setting && r.key() == k)
        })
        .collect();
    let mut slopes: Vec<Slope> = members.iter().filter_map(|r| slope(r, false)).collect();
    let without_both = members.len() - slopes.len();
    slopes.extend(focus.result().and_then(|r| slope(r, true)));
    Ok(DmaTrajectoryModel { focus, change, slopes, without_both })
}

/// The distributions: each pillar's and the 2025 overall score's distribution over the cohort,
/// the focus placed in each.
#[derive(Debug, Clone)]
pub struct DmaDistributionModel {
    pub focus: DmaFocus,
    pub rows: Vec<ScoreDistribution>,
    pub labels: Vec<String>,
}

pub fn distribution(focus: DmaFocus) -> Result<DmaDistributionModel, Error> {
    let mut scores: Vec<Score> =
        (0..PILLARS.len()).filter(|&p| focus.level.scores_pillar(p)).map(Score::Pillar).collect();
    scores.push(Score::Overall2025);
    let rows = scores
        .into_iter()
        .map(|s| dma_compare::score_distribution(&focus.data, focus.focus(), s, &focus.cohort))
        .collect::<Result<Vec<_>, _>>()
        .map_err(dma_error)?;
    let first = rows.first().map(|r| r.labels.clone()).unwrap_or_default();
    let labels = with_comparability(first, focus.level);
    Ok(DmaDistributionModel { focus, rows, labels })
}
