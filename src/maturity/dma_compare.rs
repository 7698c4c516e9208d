//! Comparisons on published maturity results ([`super::dma_results`]): what the radar, heat map,
//! trajectory and distribution views draw, as plain data.
//!
//! Every comparison stays within one care setting (NHS England: results "can usually be compared"
//! only within the same care setting) and one level (providers with providers, ICBs with ICBs).
//! A cohort is the focus's care setting nationally, or the same region, the same ICB, the Global
//! Digital Exemplars funded for that setting (as today's trusts, [`super::exemplars`]), or a list
//! of codes (a saved list, or nearest neighbours resolved by [`crate::benchmark::peers`] on
//! [`PublishedResults::organisations`]). The focus is never in its own cohort. Region and ICB
//! are those published with the results, so providers the crosswalk could not match still count.
//!
//! Distributions are the minimum, quartiles and maximum by the type 7 sample quantile (Hyndman and
//! Fan 1996, definition 7; R's default `quantile(type = 7)`), computed by
//! [`crate::stats::quantile::five_numbers`]. A focus is placed above, within or below the cohort's
//! interquartile range, and by its percentile rank (values below it plus half of those equal).
//!
//! All scores are **self-assessed**. Pillar scores are 2025 only; the 2024 and 2025 overall pair
//! uses only the domains comparable between the years, and the question set changed, so a change
//! is flagged as such and pillar changes are not offered.

use super::compare::{Band, CompareError, Distribution};
use super::dma_results::{
    COMPARABLE_NOTE, CareSetting, Level, PILLARS, PublishedResult, PublishedResults, SAME_SETTING_NOTE,
    SELF_ASSESSED, SOURCE, Score,
};
use super::exemplars;
use crate::stats::quantile::{QuantileMethod, five_numbers, percentile_rank};
use serde::Serialize;

/// Who a focus is compared with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum CohortSpec {
    /// Every result of the focus's level and care setting (for a provider, "national, same care
    /// setting"; for an ICB, all ICBs).
    SameSetting,
    SameRegion,
    /// Providers in the focus's ICB (providers only).
    SameIcb,
    /// The Global Digital Exemplars funded for the focus's care setting (providers only).
    Exemplars,
    /// A named list of ODS codes (providers) or published names (ICBs).
    Codes {
        name: String,
        codes: Vec<String>,
    },
}

/// A resolved cohort.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cohort {
    pub label: String,
    pub level: Level,
    pub care_setting: Option<CareSetting>,
    /// Members by [`PublishedResult::key`] (ODS code, or the published name where there is none).
    pub members: Vec<String>,
    /// Requested codes with no result in this level and setting.
    pub not_found: Vec<String>,
    /// What a chart must say about the cohort (the exemplar successor mapping).
    pub notes: Vec<String>,
}

/// The focus: a provider in a care setting, or an ICB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Focus<'a> {
    Provider { code: &'a str, setting: CareSetting },
    Icb { name: &'a str },
    PrimaryCareIcb { name: &'a str },
}

fn find_focus<'r>(results: &'r PublishedResults, focus: Focus) -> Result<&'r PublishedResult, CompareError> {
    let by_name = |level: Level, name: &str| {
        results.at_level(level).find(|r| r.name.eq_ignore_ascii_case(name.trim())).ok_or_else(|| {
            CompareError {
                message: format!(
                    "'{}' is not an ICB in the {} results: use an ICB name as published",
                    name.trim(),
                    level.id()
                ),
            }
        })
    };
    match focus {
        Focus::Provider { code, setting } => results.provider(code, setting).ok_or_else(|| {
            let has = results.care_settings_of(code);
            let message = if has.is_empty() {
                format!("{} has no published maturity result: choose a trust with a result", code.trim())
            } else {
                let labels: Vec<&str> = has.iter().map(|s| s.label()).collect();
                format!(
                    "{} has no {} result; it has {}: choose one of those care settings",
                    code.trim(),
                    setting.label(),
                    labels.join(", ")
                )
            };
            CompareError { message }
        }),
        Focus::Icb { name } => by_name(Level::Icb, name),
        Focus::PrimaryCareIcb { name } => by_name(Level::IcbPrimaryCare, name),
    }
}

/// The results of `focus`'s level and setting that `spec` picks, without the focus.
fn members<'r>(
    results: &'r PublishedResults,
    focus: &PublishedResult,
    spec: &CohortSpec,
) -> Result<(Cohort, Vec<&'r PublishedResult>), CompareError> {
    let pool: Vec<&PublishedResult> = results
        .results
        .iter()
        .filter(|r| r.level == focus.level && r.care_setting == focus.care_setting && r.key() != focus.key())
        .collect();
    let setting = focus.care_setting.map_or_else(|| "ICBs".to_string(), |s| s.label().to_string());
    let provider_only = |what: &str| -> Result<(), CompareError> {
        if focus.level == Level::Provider {
            Ok(())
        } else {
            Err(CompareError {
                message: format!(
                    "{what} peers are for providers: compare an ICB with all ICBs or its region"
                ),
            })
        }
    };
    let picked = match spec {
        CohortSpec::SameSetting => Picked::all(format!("{setting}, England"), pool),
        CohortSpec::SameRegion => Picked::all(
            format!("{setting}, same region"),
            pool.into_iter().filter(|r| r.region.eq_ignore_ascii_case(&focus.region)).collect(),
        ),
        CohortSpec::SameIcb => {
            provider_only("Same-ICB")?;
            Picked::all(
                format!("{setting}, same ICB"),
                pool.into_iter().filter(|r| r.icb.eq_ignore_ascii_case(&focus.icb)).collect(),
            )
        }
        CohortSpec::Exemplars => {
            provider_only("Exemplar")?;
            exemplar_cohort(pool, focus)?
        }
        CohortSpec::Codes { name, codes } => listed_cohort(pool, focus, name, codes),
    };
    let cohort = Cohort {
        label: picked.label,
        level: focus.level,
        care_setting: focus.care_setting,
        members: picked.members.iter().map(|r| r.key().to_string()).collect(),
        not_found: picked.not_found,
        notes: picked.notes,
    };
    Ok((cohort, picked.members))
}

/// A cohort's members as a spec picks them from the pool, before it is described.
struct Picked<'r> {
    label: String,
    members: Vec<&'r PublishedResult>,
    /// Codes the spec names that are not in the pool (nor the focus).
    not_found: Vec<String>,
    notes: Vec<String>,
}

impl<'r> Picked<'r> {
    /// A cohort that names no one: every member it picks is found.
    fn all(label: String, members: Vec<&'r PublishedResult>) -> Self {
        Picked { label, members, not_found: Vec::new(), notes: Vec::new() }
    }
}

/// The Global Digital Exemplars of the focus's care setting, with how exemplars map to it; fails
/// when none was funded for that setting.
fn exemplar_cohort<'r>(
    pool: Vec<&'r PublishedResult>,
    focus: &PublishedResult,
) -> Result<Picked<'r>, CompareError> {
    let s = focus.care_setting.unwrap_or(CareSetting::Acute);
    let codes: Vec<&str> = exemplars::for_setting(s).iter().map(|e| e.code).collect();
    if codes.is_empty() {
        return Err(CompareError {
            message: format!(
                "no Global Digital Exemplar was funded for {} services: compare with another cohort",
                s.label().to_lowercase()
            ),
        });
    }
    let not_found = codes
        .iter()
        .filter(|c| !pool.iter().any(|r| r.key() == **c) && **c != focus.key())
        .map(|c| c.to_string())
        .collect();
    Ok(Picked {
        label: format!("Global Digital Exemplars, {}", s.label().to_lowercase()),
        members: pool.into_iter().filter(|r| codes.contains(&r.key())).collect(),
        not_found,
        notes: vec![exemplars::mapping_statement(s)],
    })
}

/// The organisations a saved list names (codes in any case).
fn listed_cohort<'r>(
    pool: Vec<&'r PublishedResult>,
    focus: &PublishedResult,
    name: &str,
    codes: &[String],
) -> Picked<'r> {
    let wanted: Vec<String> = codes.iter().map(|c| c.trim().to_uppercase()).collect();
    let not_found = wanted
        .iter()
        .filter(|c| !pool.iter().any(|r| r.key().to_uppercase() == **c) && **c != focus.key().to_uppercase())
        .cloned()
        .collect();
    Picked {
        label: name.to_string(),
        members: pool.into_iter().filter(|r| wanted.contains(&r.key().to_uppercase())).collect(),
        not_found,
        notes: Vec::new(),
    }
}

/// The type 7 five-number summary of the finite values, with their count and interquartile range.
pub fn distribution(values: &[f64]) -> Option<Distribution> {
    let finite: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    let f = five_numbers(&finite, QuantileMethod::Type7).ok().flatten()?;
    Some(Distribution {
        n: finite.len(),
        min: f.min,
        q1: f.q1,
        median: f.median,
        q3: f.q3,
        max: f.max,
        iqr: f.q3 - f.q1,
    })
}

fn band(value: Option<f64>, d: Option<&Distribution>) -> Band {
    match (value, d) {
        (Some(v), Some(d)) if v > d.q3 => Band::AboveUpperQuartile,
        (Some(v), Some(d)) if v < d.q1 => Band::BelowLowerQuartile,
        (Some(_), Some(_)) => Band::WithinInterquartileRange,
        _ => Band::NoComparison,
    }
}

fn values_of(rs: &[&PublishedResult], score: Score) -> Vec<f64> {
    rs.iter().filter_map(|r| score.of(r)).collect()
}

/// The labels every comparison carries.
fn labels(cohort: &Cohort) -> Vec<String> {
    let mut l = vec![SELF_ASSESSED.to_string(), SOURCE.to_string()];
    if cohort.level == Level::Provider {
        l.push(SAME_SETTING_NOTE.to_string());
    }
    l.extend(cohort.notes.iter().cloned());
    l
}

/// One score of the focus against the cohort (and, for providers, the exemplars).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreRow {
    pub score: Score,
    pub id: &'static str,
    pub title: &'static str,
    pub value: Option<f64>,
    pub cohort: Option<Distribution>,
    pub against_cohort: Band,
    /// The focus's percentile rank among the cohort (0-100).
    pub percentile: Option<f64>,
    /// The exemplars' distribution in the focus's care setting (providers in acute, mental health
    /// or ambulance settings).
    pub exemplars: Option<Distribution>,
    /// Cohort members with no value for this score.
    pub without_result: usize,
}

/// A focus's pillar scores (a radar) and 2025 overall score against a cohort.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultComparison {
    pub key: String,
    pub name: String,
    pub level: Level,
    pub care_setting: Option<CareSetting>,
    pub cohort: Cohort,
    /// The pillars the level scores, in framework order, then the 2025 overall score.
    pub rows: Vec<ScoreRow>,
    pub labels: Vec<String>,
}

/// Compares `focus` with `spec`'s cohort on each pillar and the 2025 overall score.
pub fn compare(
    results: &PublishedResults,
    focus: Focus,
    spec: &CohortSpec,
) -> Result<ResultComparison, CompareError> {
    let f = find_focus(results, focus)?;
    let (cohort, peers) = members(results, f, spec)?;
    if peers.is_empty() {
        return Err(CompareError {
            message: format!(
                "the cohort '{}' has no members besides {}: choose a wider cohort",
                cohort.label,
                f.display_name()
            ),
        });
    }
    let exemplar_pool: Option<Vec<&PublishedResult>> = match (f.level, f.care_setting) {
        (Level::Provider, Some(s)) if !exemplars::for_setting(s).is_empty() => {
            Some(members(results, f, &CohortSpec::Exemplars)?.1)
        }
        _ => None,
    };
    let mut scores: Vec<Score> =
        (0..PILLARS.len()).filter(|&p| f.level.scores_pillar(p)).map(Score::Pillar).collect();
    if f.level.has_overall() {
        scores.push(Score::Overall2025);
    }
    let rows = scores
        .into_iter()
        .map(|score| {
            let values = values_of(&peers, score);
            let d = distribution(&values);
            let value = score.of(f);
            ScoreRow {
                score,
                id: score.id(),
                title: score.title(),
                value,
                against_cohort: band(value, d.as_ref()),
                percentile: value.and_then(|v| percentile_rank(&values, v)),
                exemplars: exemplar_pool.as_ref().and_then(|e| distribution(&values_of(e, score))),
                without_result: peers.len() - values.len(),
                cohort: d,
            }
        })
        .collect();
    let mut labels = labels(&cohort);
    labels.push(COMPARABLE_NOTE.to_string());
    if exemplar_pool.is_some()
        && let Some(s) = f.care_setting
        && !matches!(spec, CohortSpec::Exemplars)
    {
        labels.push(exemplars::mapping_statement(s));
    }
    Ok(ResultComparison {
        key: f.key().to_string(),
        name: f.display_name(),
        level: f.level,
        care_setting: f.care_setting,
        cohort,
        rows,
        labels,
    })
}

/// One result's place in a distribution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placed {
    pub key: String,
    pub name: String,
    pub value: f64,
}

/// The distribution of one score over a cohort, with every value (for a strip or box plot) and
/// the focus's place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreDistribution {
    pub score: Score,
    pub title: &'static str,
    pub cohort: Cohort,
    /// The cohort's values, lowest first (ties by name).
    pub values: Vec<Placed>,
    pub distribution: Option<Distribution>,
    pub focus: Option<Placed>,
    pub focus_band: Band,
    pub focus_percentile: Option<f64>,
    pub without_result: usize,
    pub labels: Vec<String>,
}

/// The distribution of `score` among `focus`'s cohort.
pub fn score_distribution(
    results: &PublishedResults,
    focus: Focus,
    score: Score,
    spec: &CohortSpec,
) -> Result<ScoreDistribution, CompareError> {
    let f = find_focus(results, focus)?;
    let (cohort, peers) = members(results, f, spec)?;
    let mut values: Vec<Placed> = peers
        .iter()
        .filter_map(|r| {
            Some(Placed { key: r.key().to_string(), name: r.display_name(), value: score.of(r)? })
        })
        .collect();
    crate::order::sort_by(&mut values, |a, b| a.value.total_cmp(&b.value).then_with(|| a.name.cmp(&b.name)));
    let raw: Vec<f64> = values.iter().map(|p| p.value).collect();
    let d = distribution(&raw);
    let fv = score.of(f);
    let mut labels = labels(&cohort);
    if matches!(score, Score::Overall2024 | Score::Overall2025) {
        labels.push(COMPARABLE_NOTE.to_string());
    }
    Ok(ScoreDistribution {
        score,
        title: score.title(),
        without_result: peers.len() - values.len(),
        focus: fv.map(|v| Placed { key: f.key().to_string(), name: f.display_name(), value: v }),
        focus_band: band(fv, d.as_ref()),
        focus_percentile: fv.and_then(|v| percentile_rank(&raw, v)),
        distribution: d,
        values,
        cohort,
        labels,
    })
}

/// The 2024 to 2025 change of the overall score (comparable domains only) for a focus and its
/// cohort: a trajectory.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverallChange {
    pub key: String,
    pub name: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub change: Option<f64>,
    pub cohort: Cohort,
    pub cohort_before: Option<Distribution>,
    pub cohort_after: Option<Distribution>,
    /// The distribution of the members' own changes (members with both years).
    pub cohort_change: Option<Distribution>,
    pub change_percentile: Option<f64>,
    /// Always true for these results: the 2025 question set differs from 2024's, which is why
    /// only comparable domains enter the pair.
    pub question_set_changed: bool,
    pub comparable_domains_only: bool,
    pub labels: Vec<String>,
}

/// The overall change from 2024 to 2025 of `focus` and its cohort.
pub fn overall_change(
    results: &PublishedResults,
    focus: Focus,
    spec: &CohortSpec,
) -> Result<OverallChange, CompareError> {
    let f = find_focus(results, focus)?;
    if !f.level.has_overall() {
        return Err(CompareError {
            message: "primary-care ICB results have no 2024 and 2025 overall scores: choose the ICB survey"
                .into(),
        });
    }
    let (cohort, peers) = members(results, f, spec)?;
    let changes: Vec<f64> = peers.iter().filter_map(|r| Some(r.overall_2025? - r.overall_2024?)).collect();
    let change = f.overall_2025.zip(f.overall_2024).map(|(a, b)| a - b);
    let mut labels = labels(&cohort);
    labels.push(COMPARABLE_NOTE.to_string());
    Ok(OverallChange {
        key: f.key().to_string(),
        name: f.display_name(),
        before: f.overall_2024,
        after: f.overall_2025,
        change,
        cohort_before: distribution(&values_of(&peers, Score::Overall2024)),
        cohort_after: distribution(&values_of(&peers, Score::Overall2025)),
        cohort_change: distribution(&changes),
        change_percentile: change.and_then(|c| percentile_rank(&changes, c)),
        cohort,
        question_set_changed: true,
        comparable_domains_only: true,
        labels,
    })
}

/// One row of a heat map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeatRow {
    pub key: String,
    pub name: String,
    pub is_focus: bool,
    /// Pillar scores in [`PILLARS`] order.
    pub pillars: [Option<f64>; 7],
    pub overall_2025: Option<f64>,
}

/// Pillar scores of a focus and its cohort, highest 2025 overall score first (no score last,
/// ties by name).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeatMap {
    pub columns: Vec<&'static str>,
    pub titles: Vec<&'static str>,
    pub cohort: Cohort,
    pub rows: Vec<HeatRow>,
    pub labels: Vec<String>,
}

/// The heat map of `focus` and its cohort.
pub fn heat_map(
    results: &PublishedResults,
    focus: Focus,
    spec: &CohortSpec,
) -> Result<HeatMap, CompareError> {
    let f = find_focus(results, focus)?;
    let (cohort, peers) = members(results, f, spec)?;
    let row = |r: &PublishedResult, is_focus| HeatRow {
        key: r.key().to_string(),
        name: r.display_name(),
        is_focus,
        pillars: r.pillars,
        overall_2025: r.overall_2025,
    };
    let mut rows: Vec<HeatRow> =
        std::iter::once(row(f, true)).chain(peers.iter().map(|r| row(r, false))).collect();
    crate::order::sort_by(&mut rows, |a, b| {
        let k = |r: &HeatRow| r.overall_2025.unwrap_or(f64::NEG_INFINITY);
        k(b).total_cmp(&k(a)).then_with(|| a.name.cmp(&b.name))
    });
    let shown: Vec<usize> = (0..PILLARS.len()).filter(|&p| f.level.scores_pillar(p)).collect();
    Ok(HeatMap {
        columns: shown.iter().map(|&p| PILLARS[p].id).collect(),
        titles: shown.iter().map(|&p| PILLARS[p].title).collect(),
        labels: labels(&cohort),
        cohort,
        rows,
    })
}

/// A summary of one level (all ICBs, or all providers of a care setting): each score's
/// distribution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelSummary {
    pub level: Level,
    pub care_setting: Option<CareSetting>,
    pub count: usize,
    pub scores: Vec<(Score, Option<Distribution>)>,
    pub labels: Vec<String>,
}

/// Each score's distribution over every result of `level` (and `setting`, for providers).
pub fn level_summary(results: &PublishedResults, level: Level, setting: Option<CareSetting>) -> LevelSummary {
    let rs: Vec<&PublishedResult> = results
        .results
        .iter()
        .filter(|r| r.level == level && (level != Level::Provider || r.care_setting == setting))
        .collect();
    let scores = Score::all()
        .into_iter()
        .filter(|s| match s {
            Score::Pillar(p) => level.scores_pillar(*p),
            _ => level.has_overall(),
        })
        .map(|s| (s, distribution(&values_of(&rs, s))))
        .collect();
    let mut labels = vec![SELF_ASSESSED.to_string(), SOURCE.to_string()];
    if level == Level::IcbPrimaryCare {
        labels.push(
            "Primary-care ICB scores come from a sheet the published workbook hides and does not list".into(),
        );
    }
    LevelSummary { level, care_setting: setting, count: rs.len(), scores, labels }
}
