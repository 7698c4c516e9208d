//! Published digital maturity results: NHS England's Digital Maturity Assessment (DMA) 2024 and
//! 2025 results, per provider and care setting, per ICB, and per ICB for primary care, in the
//! bundled format `www/data/dma/dma_2024_2025.csv` (converted from the published workbook by
//! [`super::dma_convert`]).
//!
//! What the numbers are (NHS England, "Digital Maturity Assessment 2024 and 2025 results", data
//! file published 27 March 2026):
//! - **Self-assessed** by each organisation, signed off by its Chief Information Officer or a
//!   deputy; NHS England peer-reviews and validates but does not audit them.
//! - Pillar scores are 2025 only, 1-5, the mean of the pillar's domain scores (whole numbers,
//!   "all elements of a scoring level are required"), shown to one decimal. The seven pillars are
//!   those of the What Good Looks Like framework; the file calls two of them "Support Workforce"
//!   (Support people) and "Empower People" (Empower citizens), and they are stored here by the
//!   framework's ids.
//! - The two overall scores are means over the domains that are **comparable between 2024 and
//!   2025 only**, so they differ from a standalone 2024 or 2025 score; 2024 and 2025 pillar scores
//!   are not comparable because the question set changed, so only the overall pair makes a
//!   trajectory.
//! - A trust with several care settings (acute, community, mental health, ambulance) has a
//!   result per setting, each from a survey tailored to the setting: NHS England says results "can
//!   usually be compared" only within the same care setting, so every comparison here is within
//!   one.
//! - ICBs are their own level (their survey is another one); the primary-care ICB scores (five
//!   pillars) come from a sheet the published workbook hides and does not list in its contents.
//!
//! The format, one row per organisation and care setting (a tidy table: the pillar scores are the
//! variables of one assessment, so they are columns; a long table would be six times the size in
//! the page for the same numbers):
//! `level, ods_code, name, care_setting, region, icb, well_led, smart_foundations, safe_practice,
//! support_people, empower_citizens, improve_care, healthy_populations, overall_2025_comparable,
//! overall_2024_comparable`. `level` is `provider`, `icb` or `icb_primary_care`; `ods_code` is
//! empty where the provider's name matched no ODS code (listed in the load report); names, regions
//! and ICBs are as published (upper case); scores are as published, written as the shortest
//! decimal that reads back to the same number (so the file's 2.2999999999999998 is 2.3); a blank
//! score is a blank in the source.

use crate::data::csv::{self, Record};
use crate::data::ods::TrustList;
use crate::data::{
    Attribute, Dataset, Diagnostic, DiagnosticList, LoadError, LoadReport, Organisation, display_name,
};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// The attribution every chart of these results shows.
pub const SOURCE: &str = "Source: NHS England, Digital Maturity Assessment 2024 and 2025 results (27 March 2026). \
Contains public sector information licensed under the Open Government Licence v3.0.";

/// Labels every result carries, for charts to show.
pub const SELF_ASSESSED: &str = "Self-assessed";
/// Why comparisons stay within one care setting.
pub const SAME_SETTING_NOTE: &str = "Compared within one care setting: NHS England advises results can usually be compared only within the same care setting";
/// What the overall pair is and is not.
pub const COMPARABLE_NOTE: &str = "2024 and 2025 overall scores use only the domains comparable between the years; \
the question set changed, so 2024 and 2025 pillar scores are not comparable";

/// The columns of the bundled format, in order.
pub const RESULTS_COLUMNS: [&str; 15] = [
    "level",
    "ods_code",
    "name",
    "care_setting",
    "region",
    "icb",
    "well_led",
    "smart_foundations",
    "safe_practice",
    "support_people",
    "empower_citizens",
    "improve_care",
    "healthy_populations",
    "overall_2025_comparable",
    "overall_2024_comparable",
];

/// A What Good Looks Like pillar: the framework's id and title (as in `wgll.json`) and the names
/// the published workbook uses for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Pillar {
    pub id: &'static str,
    pub title: &'static str,
    /// Header names in the results workbook, compared ignoring case and spacing.
    pub published: &'static [&'static str],
}

/// The seven pillars in framework order.
pub const PILLARS: [Pillar; 7] = [
    Pillar { id: "well_led", title: "Well led", published: &["Well Led"] },
    Pillar {
        id: "smart_foundations",
        title: "Ensure smart foundations",
        published: &["Ensure Smart Foundations", "Ensuring Smart Foundations"],
    },
    Pillar { id: "safe_practice", title: "Safe practice", published: &["Safe Practice"] },
    Pillar {
        id: "support_people",
        title: "Support people",
        published: &["Support Workforce", "Support People"],
    },
    Pillar {
        id: "empower_citizens",
        title: "Empower citizens",
        published: &["Empower People", "Empower Citizens"],
    },
    Pillar { id: "improve_care", title: "Improve care", published: &["Improve Care"] },
    Pillar { id: "healthy_populations", title: "Healthy populations", published: &["Healthy Populations"] },
];

/// The pillars (indices into [`PILLARS`]) the primary-care ICB survey scores.
pub const PRIMARY_CARE_PILLARS: [usize; 5] = [0, 1, 3, 4, 5];

/// A care setting of a secondary-care provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum CareSetting {
    Acute,
    Community,
    MentalHealth,
    Ambulance,
}

impl CareSetting {
    pub const ALL: [CareSetting; 4] =
        [CareSetting::Acute, CareSetting::Community, CareSetting::MentalHealth, CareSetting::Ambulance];

    /// As the workbook writes it.
    pub fn label(self) -> &'static str {
        match self {
            CareSetting::Acute => "Acute",
            CareSetting::Community => "Community",
            CareSetting::MentalHealth => "Mental Health",
            CareSetting::Ambulance => "Ambulance",
        }
    }

    /// Reads a care setting ignoring case and spacing ("Mental Health", "mental-health").
    pub fn parse(raw: &str) -> Option<CareSetting> {
        let key = squash(raw);
        CareSetting::ALL.into_iter().find(|s| squash(s.label()) == key)
    }
}

/// Lower case with everything but letters and digits removed: how headers, sheet names and
/// settings are compared, so spacing, hyphens and case do not matter.
pub(crate) fn squash(raw: &str) -> String {
    raw.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The level of a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Level {
    /// A secondary-care provider (an NHS trust), in one care setting.
    Provider,
    /// An integrated care board, from the ICB survey.
    Icb,
    /// An integrated care board's primary-care survey (five pillars).
    IcbPrimaryCare,
}

impl Level {
    pub fn id(self) -> &'static str {
        match self {
            Level::Provider => "provider",
            Level::Icb => "icb",
            Level::IcbPrimaryCare => "icb_primary_care",
        }
    }

    fn parse(raw: &str) -> Option<Level> {
        [Level::Provider, Level::Icb, Level::IcbPrimaryCare].into_iter().find(|l| l.id() == raw.trim())
    }

    /// Whether results at this level score pillar `p` (an index into [`PILLARS`]).
    pub fn scores_pillar(self, p: usize) -> bool {
        self != Level::IcbPrimaryCare || PRIMARY_CARE_PILLARS.contains(&p)
    }

    /// Whether results at this level have the 2024 and 2025 overall scores.
    pub fn has_overall(self) -> bool {
        self != Level::IcbPrimaryCare
    }
}

/// One organisation's published result (in one care setting for a provider).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublishedResult {
    pub level: Level,
    /// The ODS code the crosswalk matched the name to; `None` where nothing matched.
    pub ods_code: Option<String>,
    /// The name as published (upper case).
    pub name: String,
    /// A provider's care setting; `None` for ICBs.
    pub care_setting: Option<CareSetting>,
    /// The NHS England region as published ("NORTH WEST").
    pub region: String,
    /// The integrated care board (system) as published; an ICB's own name for ICB levels.
    pub icb: String,
    /// 2025 pillar scores (1-5) in [`PILLARS`] order; `None` where not scored or blank.
    pub pillars: [Option<f64>; 7],
    /// The 2025 overall score over the domains comparable with 2024.
    pub overall_2025: Option<f64>,
    /// The 2024 overall score over the domains comparable with 2025.
    pub overall_2024: Option<f64>,
}

impl PublishedResult {
    /// The code for a provider (ODS), or the published name (ICBs, unmatched providers): what
    /// identifies it in a list of results.
    pub fn key(&self) -> &str {
        self.ods_code.as_deref().unwrap_or(&self.name)
    }

    /// The name as people write it.
    pub fn display_name(&self) -> String {
        display_name(&self.name)
    }
}

/// Which published score: a 2025 pillar (an index into [`PILLARS`]) or one of the overall pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Score {
    Pillar(usize),
    Overall2025,
    Overall2024,
}

impl Score {
    /// The seven pillars then the overall pair.
    pub fn all() -> Vec<Score> {
        (0..PILLARS.len()).map(Score::Pillar).chain([Score::Overall2025, Score::Overall2024]).collect()
    }

    /// The column id in the bundled format.
    pub fn id(self) -> &'static str {
        match self {
            Score::Pillar(p) => PILLARS.get(p).map_or("unknown", |x| x.id),
            Score::Overall2025 => "overall_2025_comparable",
            Score::Overall2024 => "overall_2024_comparable",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Score::Pillar(p) => PILLARS.get(p).map_or("unknown", |x| x.title),
            Score::Overall2025 => "Overall 2025 (comparable domains)",
            Score::Overall2024 => "Overall 2024 (comparable domains)",
        }
    }

    /// Reads a column id ("well_led", "overall_2025_comparable").
    pub fn parse(id: &str) -> Option<Score> {
        Score::all().into_iter().find(|s| s.id() == id.trim())
    }

    /// This score of `r`.
    pub fn of(self, r: &PublishedResult) -> Option<f64> {
        match self {
            Score::Pillar(p) => r.pillars.get(p).copied().flatten(),
            Score::Overall2025 => r.overall_2025,
            Score::Overall2024 => r.overall_2024,
        }
    }
}

/// A score as the shortest decimal that reads back to the same `f64` (Rust's `Display`), so the
/// workbook's 2.2999999999999998 is written 2.3 and nothing is lost.
pub fn format_score(x: f64) -> String {
    format!("{x}")
}

/// A CSV field, quoted when it holds a comma, quote or line break.
pub(crate) fn csv_field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// Writes results in the bundled format, in the order given.
pub fn write_results_csv(results: &[PublishedResult]) -> String {
    let mut out = RESULTS_COLUMNS.join(",");
    out.push('\n');
    for r in results {
        let setting = r.care_setting.map(CareSetting::label).unwrap_or("");
        for (i, s) in [r.level.id(), r.ods_code.as_deref().unwrap_or(""), &r.name, setting, &r.region, &r.icb]
            .into_iter()
            .enumerate()
        {
            if i > 0 {
                out.push(',');
            }
            csv_field(&mut out, s);
        }
        for v in r.pillars.iter().chain([&r.overall_2025, &r.overall_2024]) {
            out.push(',');
            if let Some(x) = v {
                let _ = write!(out, "{}", format_score(*x));
            }
        }
        out.push('\n');
    }
    out
}

/// What ODS says about a provider's code today.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OdsStatus {
    pub name: String,
    pub region: Option<&'static str>,
    /// Column 4 of the ODS list: the 2026 ICB or commissioning code (ICBs merged in 2026, so it
    /// can differ from the ICB the results list).
    pub icb_code: String,
    /// The close date ODS records, if any.
    pub closed: Option<String>,
}

/// Published results, loaded and checked.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PublishedResults {
    pub file: String,
    pub results: Vec<PublishedResult>,
    pub report: LoadReport,
    /// ODS status by provider code, once [`PublishedResults::with_trusts`] has run.
    pub ods: BTreeMap<String, OdsStatus>,
    /// Numeric organisation attributes added for peer groups (e.g. size from another dataset),
    /// by attribute then ODS code.
    pub numbers: BTreeMap<String, BTreeMap<String, f64>>,
}

fn parse_score(raw: &str) -> Result<Option<f64>, String> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<f64>() {
        Ok(x) if (1.0..=5.0).contains(&x) => Ok(Some(x)),
        Ok(x) => Err(format!("{x} is outside the 1-5 scale of the assessment: correct it or leave it blank")),
        Err(_) => Err(format!("'{t}' is not a number: write a score from 1 to 5, or leave it blank")),
    }
}

/// Column positions of the bundled format in a file's header.
fn header_columns(file: &str, header: &Record) -> Result<[usize; 15], LoadError> {
    let mut cols = [0usize; 15];
    let mut missing = Vec::new();
    for (i, name) in RESULTS_COLUMNS.iter().enumerate() {
        match header.fields.iter().position(|h| h.trim() == *name) {
            Some(c) => cols[i] = c,
            None => missing.push(*name),
        }
    }
    if missing.is_empty() {
        return Ok(cols);
    }
    Err(LoadError::one(Diagnostic::error(
        file,
        Some(header.line),
        Some(missing[0]),
        format!(
            "missing column{} {}: the header of published maturity results must name {}",
            if missing.len() > 1 { "s" } else { "" },
            missing.join(", "),
            RESULTS_COLUMNS.join(", ")
        ),
    )))
}

/// Reads one row, or says why it cannot be used (an error) or what is missing (warnings).
fn parse_row(
    file: &str,
    r: &Record,
    cols: &[usize; 15],
    notes: &mut DiagnosticList,
) -> Option<PublishedResult> {
    let f = |i: usize| r.fields.get(cols[i]).map_or("", |s| s.trim());
    let err = |col: &str, m: String| Diagnostic::error(file, Some(r.line), Some(col), m);
    let Some(level) = Level::parse(f(0)) else {
        notes.push(err("level", format!("'{}' is not a level: use provider, icb or icb_primary_care", f(0))));
        return None;
    };
    let name = f(2);
    if name.is_empty() {
        notes.push(err("name", "the name is empty: every row names its organisation".into()));
        return None;
    }
    let care_setting = match (level, f(3)) {
        (Level::Provider, raw) => match CareSetting::parse(raw) {
            Some(s) => Some(s),
            None => {
                notes.push(err(
                    "care_setting",
                    format!(
                        "'{raw}' is not a care setting: use Acute, Community, Mental Health or Ambulance"
                    ),
                ));
                return None;
            }
        },
        (_, "") => None,
        (_, raw) => {
            notes.push(err(
                "care_setting",
                format!("an ICB row has no care setting, found '{raw}': leave it blank"),
            ));
            return None;
        }
    };
    let mut values = [None; 9];
    let mut blank = Vec::new();
    for (k, slot) in values.iter_mut().enumerate() {
        let column = RESULTS_COLUMNS[6 + k];
        let scored = if k < 7 { level.scores_pillar(k) } else { level.has_overall() };
        match parse_score(f(6 + k)) {
            Err(m) => notes.push(err(column, format!("{m}; the row's other scores are kept"))),
            Ok(Some(_)) if !scored => notes.push(Diagnostic::warning(
                file,
                Some(r.line),
                Some(column),
                format!("{} results have no {column} score: the value is ignored", level.id()),
            )),
            Ok(None) if scored => blank.push(column),
            Ok(v) => *slot = v,
        }
    }
    if !blank.is_empty() {
        notes.push(Diagnostic::warning(
            file,
            Some(r.line),
            Some(blank[0]),
            format!("{name}: no {} score (blank in the published file)", blank.join(", ")),
        ));
    }
    let code = f(1);
    let mut pillars = [None; 7];
    pillars.copy_from_slice(&values[..7]);
    Some(PublishedResult {
        level,
        ods_code: (!code.is_empty()).then(|| code.to_ascii_uppercase()),
        name: name.to_string(),
        care_setting,
        region: f(4).to_string(),
        icb: f(5).to_string(),
        pillars,
        overall_2025: values[7],
        overall_2024: values[8],
    })
}

/// What keeps the bundled results one row per organisation and care setting, and one name per
/// ODS code: the rows and codes seen so far, and the providers with no code.
#[derive(Default)]
struct DistinctRows {
    /// The line each (level, upper-cased name, care setting) was first on.
    seen: BTreeMap<(Level, String, Option<CareSetting>), usize>,
    /// The name each (code, care setting) was first given to.
    code_names: BTreeMap<(String, Option<CareSetting>), String>,
    unmatched: BTreeSet<String>,
}

impl DistinctRows {
    /// Whether the result on `line` can be kept: not a repeat of an organisation and care
    /// setting, and not an ODS code already given to another name.
    fn check(&mut self, file: &str, line: usize, res: &PublishedResult) -> Result<(), Diagnostic> {
        let key = (res.level, res.name.to_ascii_uppercase(), res.care_setting);
        if let Some(first) = self.seen.get(&key) {
            return Err(Diagnostic::error(
                file,
                Some(line),
                Some("name"),
                format!(
                    "{} {} appears again (first on row {first}): this row is skipped; keep one row per organisation and care setting",
                    res.name,
                    res.care_setting.map(CareSetting::label).unwrap_or("")
                ),
            ));
        }
        if let Some(code) = &res.ods_code {
            let other =
                self.code_names.entry((code.clone(), res.care_setting)).or_insert_with(|| res.name.clone());
            if !other.eq_ignore_ascii_case(&res.name) {
                return Err(Diagnostic::error(
                    file,
                    Some(line),
                    Some("ods_code"),
                    format!(
                        "{code} is already the code of {other} in this care setting: this row ({}) is skipped; correct the crosswalk",
                        res.name
                    ),
                ));
            }
        } else if res.level == Level::Provider {
            self.unmatched.insert(res.name.clone());
        }
        self.seen.insert(key, line);
        Ok(())
    }

    /// One warning listing the providers kept without an ODS code.
    fn unmatched_warning(self, file: &str) -> Option<Diagnostic> {
        let unmatched = self.unmatched;
        (!unmatched.is_empty()).then(|| {
            Diagnostic::warning(
                file,
                None,
                Some("ods_code"),
                format!(
                    "{} provider{} matched no ODS code (see www/data/dma/crosswalk.csv): {}. Their results count in the \
                     national, region and ICB distributions of their care setting, but they cannot be chosen by code",
                    unmatched.len(),
                    if unmatched.len() == 1 { "" } else { "s" },
                    unmatched.into_iter().collect::<Vec<_>>().join("; ")
                ),
            )
        })
    }
}

impl PublishedResults {
    /// Loads results in the bundled format. A row that cannot be used (unknown level or care
    /// setting, no name, a repeated organisation and setting, an ODS code given to two names) is
    /// skipped and counted with a diagnostic naming its row and column; a score that is not a
    /// number from 1 to 5 is left out of its row, which is kept; blank scores and providers with no
    /// ODS code are warnings. Fails only when the file is empty, has no usable header or no usable
    /// row.
    pub fn load(file: &str, text: &str) -> Result<PublishedResults, LoadError> {
        let records = csv::parse(file, text).map_err(LoadError::one)?;
        let Some((header, rows)) = records.split_first() else {
            return Err(LoadError::one(Diagnostic::error(
                file,
                None,
                None,
                format!("the file is empty: expected a header naming {}", RESULTS_COLUMNS.join(", ")),
            )));
        };
        let cols = header_columns(file, header)?;
        let mut notes = DiagnosticList::default();
        let mut results: Vec<PublishedResult> = Vec::with_capacity(rows.len());
        let mut distinct = DistinctRows::default();
        for r in rows {
            let Some(res) = parse_row(file, r, &cols, &mut notes) else { continue };
            match distinct.check(file, r.line, &res) {
                Ok(()) => results.push(res),
                Err(d) => notes.push(d),
            }
        }
        if let Some(d) = distinct.unmatched_warning(file) {
            notes.push(d);
        }
        let skipped = rows.len() - results.len();
        if results.is_empty() {
            let mut d = notes.finish(file);
            d.retain(|d| d.severity == crate::data::Severity::Error);
            if d.is_empty() {
                d.push(Diagnostic::error(file, None, None, "the file has a header but no results"));
            }
            let total = d.len();
            return Err(LoadError { diagnostics: d, total });
        }
        let report = LoadReport {
            rows_read: rows.len(),
            rows_used: results.len(),
            rows_skipped: skipped,
            diagnostics: notes.finish(file),
        };
        Ok(PublishedResults { file: file.to_string(), results, report, ..PublishedResults::default() })
    }

    /// Attaches what the ODS list says about each provider's code, and warns in the report about
    /// codes it lacks and trusts it records as closed (their 2025 result stands for a trust that no
    /// longer exists; ODS records no successor, so none is assumed).
    pub fn with_trusts(mut self, trusts: &TrustList) -> PublishedResults {
        let mut closed = Vec::new();
        let mut absent = Vec::new();
        let codes: BTreeSet<String> = self.results.iter().filter_map(|r| r.ods_code.clone()).collect();
        for code in codes {
            match trusts.get(&code) {
                Some(t) => {
                    if let Some(c) = &t.closed {
                        closed.push(format!("{code} {} (close date {c})", t.display_name()));
                    }
                    self.ods.insert(
                        code,
                        OdsStatus {
                            name: t.name.clone(),
                            region: t.region,
                            icb_code: t.health_geography.clone(),
                            closed: t.closed.clone(),
                        },
                    );
                }
                None => absent.push(code),
            }
        }
        if !closed.is_empty() {
            self.report.diagnostics.push(Diagnostic::warning(
                &trusts.file,
                None,
                Some("12 (close date)"),
                format!(
                    "{} assessed trust{} closed or closing in the ODS list, which records no successor: {}",
                    closed.len(),
                    if closed.len() == 1 { " is" } else { "s are" },
                    closed.join("; ")
                ),
            ));
        }
        if !absent.is_empty() {
            self.report.diagnostics.push(Diagnostic::warning(
                &trusts.file,
                None,
                Some("1 (code)"),
                format!("codes not in the ODS list: {}", absent.join(", ")),
            ));
        }
        self
    }

    /// Adds a numeric attribute (by ODS code) to the organisations for peer groups: a size from
    /// another dataset, for nearest-neighbour peers.
    pub fn set_number_attribute(&mut self, attribute: &str, values: BTreeMap<String, f64>) {
        self.numbers.insert(attribute.to_string(), values);
    }

    /// Provider results in `setting`, in file order.
    pub fn providers(&self, setting: CareSetting) -> impl Iterator<Item = &PublishedResult> {
        self.results.iter().filter(move |r| r.level == Level::Provider && r.care_setting == Some(setting))
    }

    /// The provider with ODS `code` in `setting`.
    pub fn provider(&self, code: &str, setting: CareSetting) -> Option<&PublishedResult> {
        let code = code.trim();
        self.providers(setting).find(|r| r.ods_code.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(code)))
    }

    /// The care settings `code` has results in, in [`CareSetting::ALL`] order.
    pub fn care_settings_of(&self, code: &str) -> Vec<CareSetting> {
        CareSetting::ALL.into_iter().filter(|s| self.provider(code, *s).is_some()).collect()
    }

    /// The care setting a comparison of `code` starts in when none is chosen: acute, then mental
    /// health, then ambulance, then community. Of the 79 trusts with several settings in the
    /// 2025 results, 48 are acute and community, 28 community and mental health, 2 all three and 1
    /// acute and ambulance; community is the second setting of every one of them.
    pub fn default_setting(&self, code: &str) -> Option<CareSetting> {
        let has = self.care_settings_of(code);
        [CareSetting::Acute, CareSetting::MentalHealth, CareSetting::Ambulance, CareSetting::Community]
            .into_iter()
            .find(|s| has.contains(s))
    }

    /// Results at `level` (ICBs, or primary-care ICBs), in file order.
    pub fn at_level(&self, level: Level) -> impl Iterator<Item = &PublishedResult> {
        self.results.iter().filter(move |r| r.level == level)
    }

    /// The providers with an ODS code in `setting` as organisations for the peer machinery
    /// ([`crate::benchmark::peers`]): display name as published; attributes `care_setting`,
    /// `region` and `icb` (as published, display case), `type` "NHS trust", `ods_status` ("open",
    /// or "closed YYYY-MM-DD" after [`PublishedResults::with_trusts`]) and any numbers added by
    /// [`PublishedResults::set_number_attribute`]. `sameAsFocus` filters on `region` or `icb` then
    /// give the same-region and same-ICB peers of one care setting.
    pub fn organisations(&self, setting: CareSetting) -> Dataset {
        let organisations: Vec<Organisation> = self
            .providers(setting)
            .filter_map(|r| {
                let code = r.ods_code.clone()?;
                let mut attributes = BTreeMap::new();
                let text = |s: &str| Attribute::Text(s.to_string());
                attributes.insert("care_setting".to_string(), text(setting.label()));
                attributes.insert("region".to_string(), text(&display_name(&r.region)));
                attributes.insert("icb".to_string(), text(&display_name(&r.icb)));
                attributes.insert("type".to_string(), text("NHS trust"));
                if let Some(s) = self.ods.get(&code) {
                    let status =
                        s.closed.as_ref().map_or_else(|| "open".to_string(), |c| format!("closed {c}"));
                    attributes.insert("ods_status".to_string(), Attribute::Text(status));
                }
                for (attribute, values) in &self.numbers {
                    if let Some(x) = values.get(&code) {
                        attributes.insert(attribute.clone(), Attribute::Number(*x));
                    }
                }
                Some(Organisation { code, name: r.display_name(), attributes })
            })
            .collect();
        let n = organisations.len();
        Dataset {
            organisations,
            report: LoadReport { rows_read: n, rows_used: n, ..LoadReport::default() },
            attribution: SOURCE.to_string(),
            ..Dataset::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_written_as_the_shortest_decimal_that_reads_back() {
        assert_eq!(format_score("2.2999999999999998".parse().unwrap()), "2.3");
        assert_eq!(format_score(5.0), "5");
        assert_eq!(format_score("2.1309523809523809".parse().unwrap()), "2.130952380952381");
    }

    #[test]
    fn care_settings_and_levels_read_as_written() {
        assert_eq!(CareSetting::parse("Mental Health"), Some(CareSetting::MentalHealth));
        assert_eq!(CareSetting::parse(" mental-health "), Some(CareSetting::MentalHealth));
        assert_eq!(CareSetting::parse("Primary"), None);
        assert!(!Level::IcbPrimaryCare.scores_pillar(2));
        assert!(Level::Icb.scores_pillar(2));
    }
}
