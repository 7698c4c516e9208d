//! Data: the model every analysis reads, and loading it from files with diagnostics.
//!
//! The model is tidy and columnar: [`Organisation`]s with attributes, [`Metric`]s that say how
//! to compute and judge a value, and [`Observations`], one row per organisation, metric and
//! period, held as one vector per field. Loading validates once, at the door: every problem is a
//! [`Diagnostic`] naming the file, row and column, and rows that cannot be used are counted in the
//! [`LoadReport`], never dropped silently.

pub mod ae;
pub mod csv;
pub mod csv_stream;
pub mod encoding;
pub mod fingertips;
pub mod ods;
pub mod rtt;
pub mod tidy;
pub mod zip;

use crate::stats::Interval;
/// Polarity is a statistical notion (it turns higher and lower into better and worse); metrics
/// carry it, so the data model re-exports it.
pub use crate::stats::Polarity;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// How bad a diagnostic is: an error stops the load (or its row), a warning is shown beside the
/// result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// The months in English, January first, as publishers name periods ("RTT-April-2026") and as
/// source lines date them ("April 2016 to March 2019").
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A problem found in input, located as precisely as the input allows. `row` is the 1-based line
/// of the file (the header is line 1), as a spreadsheet numbers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    pub row: Option<usize>,
    pub column: Option<String>,
    pub message: String,
}

impl Diagnostic {
    pub fn error(file: &str, row: Option<usize>, column: Option<&str>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.to_string(),
            row,
            column: column.map(str::to_string),
            message: message.into(),
        }
    }

    pub fn warning(file: &str, row: Option<usize>, column: Option<&str>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(file, row, column, message) }
    }
}

impl Diagnostic {
    /// Where the problem is, for programs: `file`, `file:row` or `file:row:column`.
    pub fn place(&self) -> String {
        let mut p = self.file.clone();
        if let Some(r) = self.row {
            p.push_str(&format!(":{r}"));
            if let Some(c) = &self.column {
                p.push_str(&format!(":{c}"));
            }
        }
        p
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(r) = self.row {
            write!(f, ", row {r}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", column '{c}'")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A load that could not produce a dataset: every error found (up to a limit), and how many
/// there were in all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoadError {
    pub diagnostics: Vec<Diagnostic>,
    pub total: usize,
}

impl LoadError {
    /// How many errors are kept in full; the rest are counted.
    pub const KEPT: usize = 20;

    pub fn one(d: Diagnostic) -> Self {
        Self { diagnostics: vec![d], total: 1 }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        if self.total > self.diagnostics.len() {
            write!(f, "\n... and {} more problems", self.total - self.diagnostics.len())?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

impl From<LoadError> for crate::error::Error {
    fn from(e: LoadError) -> Self {
        let path = e.diagnostics.first().map(Diagnostic::place).unwrap_or_default();
        crate::error::Error::new(crate::error::ErrorKind::Data, "data.invalid", path, e.to_string())
    }
}

/// Diagnostics gathered while loading, the first [`DiagnosticList::KEPT`] in full and the rest
/// counted, so a file with 100,000 bad rows still gives a readable report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DiagnosticList {
    kept: Vec<Diagnostic>,
    errors: usize,
    warnings: usize,
}

impl DiagnosticList {
    /// How many diagnostics are kept in full.
    pub const KEPT: usize = 1000;

    pub fn push(&mut self, d: Diagnostic) {
        match d.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
        if self.kept.len() < Self::KEPT {
            self.kept.push(d);
        }
    }

    pub fn errors(&self) -> usize {
        self.errors
    }

    pub fn warnings(&self) -> usize {
        self.warnings
    }

    /// The kept diagnostics, followed by one warning that counts those not kept, if any.
    pub fn finish(mut self, file: &str) -> Vec<Diagnostic> {
        let total = self.errors + self.warnings;
        if total > self.kept.len() {
            self.kept.push(Diagnostic::warning(
                file,
                None,
                None,
                format!(
                    "{} more problems of the kinds above are not listed ({} errors and {} warnings in all)",
                    total - self.kept.len(),
                    self.errors,
                    self.warnings
                ),
            ));
        }
        self.kept
    }
}

/// What a load did: rows read and used, rows skipped with the reason for each, and warnings.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LoadReport {
    pub rows_read: usize,
    pub rows_used: usize,
    pub rows_skipped: usize,
    pub diagnostics: Vec<Diagnostic>,
}

/// The longest organisation code, metric id or period a row may have (an ODS code is 3 to 5
/// characters, an ONS area code 9): longer is a mistake, such as a shifted column.
pub const MAX_CODE_CHARS: usize = 64;
/// Names and titles are cut to this many characters, with a warning: no chart, tooltip or table
/// shows more, and a 100,000-character name would otherwise travel through every view.
pub const MAX_NAME_CHARS: usize = 500;

/// An error when `code` (in `column`) is longer than [`MAX_CODE_CHARS`].
pub fn check_code_length(file: &str, row: Option<usize>, column: &str, code: &str) -> Result<(), Diagnostic> {
    let n = code.chars().count();
    if n > MAX_CODE_CHARS {
        return Err(Diagnostic::error(
            file,
            row,
            Some(column),
            format!(
                "the {column} is {n} characters long; codes and ids are at most {MAX_CODE_CHARS}: check that \
                 the columns are in the right order"
            ),
        ));
    }
    Ok(())
}

/// A cell as a message quotes it: at most 60 characters, so a diagnostic about a 10 MB cell is
/// a sentence, not another 10 MB.
pub fn shown(raw: &str) -> std::borrow::Cow<'_, str> {
    match raw.char_indices().nth(60) {
        None => std::borrow::Cow::Borrowed(raw),
        Some((end, _)) => std::borrow::Cow::Owned(format!("{}…", &raw[..end])),
    }
}

/// `text` cut to [`MAX_NAME_CHARS`] characters; when it is cut, a warning naming where goes to
/// `warn`.
pub fn bounded_name(
    file: &str,
    row: Option<usize>,
    column: &str,
    text: &str,
    warn: &mut dyn FnMut(Diagnostic),
) -> String {
    match text.char_indices().nth(MAX_NAME_CHARS) {
        None => text.to_string(),
        Some((end, _)) => {
            warn(Diagnostic::warning(
                file,
                row,
                Some(column),
                format!(
                    "the {column} is {} characters long: it is cut to the first {MAX_NAME_CHARS}",
                    text.chars().count()
                ),
            ));
            text[..end].to_string()
        }
    }
}

/// The organisation attribute that marks an aggregate row rather than a peer: `national` (England)
/// or `region`. Fingertips exports carry England and regions beside local areas; a tidy file may
/// mark its own national row the same way. Aggregates are never peers, and a `national`
/// organisation's figure is the national value.
pub const LEVEL_ATTRIBUTE: &str = "level";
/// [`LEVEL_ATTRIBUTE`] value of the national (England) aggregate.
pub const LEVEL_NATIONAL: &str = "national";
/// [`LEVEL_ATTRIBUTE`] value of a regional aggregate.
pub const LEVEL_REGION: &str = "region";

/// An organisation as a picker lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrgChoice {
    pub code: String,
    pub name: String,
}

/// A metric as a picker lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetricChoice {
    pub id: String,
    pub title: String,
}

/// An organisation, keyed by its ODS code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organisation {
    pub code: String,
    pub name: String,
    /// Named attributes for peer groups (region, type, size, ...).
    pub attributes: BTreeMap<String, Attribute>,
}

impl Organisation {
    /// The attribute's text, if it is a category.
    pub fn text(&self, attribute: &str) -> Option<&str> {
        match self.attributes.get(attribute) {
            Some(Attribute::Text(t)) => Some(t),
            _ => None,
        }
    }

    /// The attribute's number, if it is numeric.
    pub fn number(&self, attribute: &str) -> Option<f64> {
        match self.attributes.get(attribute) {
            Some(Attribute::Number(x)) => Some(*x),
            _ => None,
        }
    }

    /// Whether this row is an aggregate (England or a region, see [`LEVEL_ATTRIBUTE`]) rather
    /// than an organisation that can be a peer.
    pub fn is_aggregate(&self) -> bool {
        matches!(self.text(LEVEL_ATTRIBUTE), Some(LEVEL_NATIONAL | LEVEL_REGION))
    }
}

/// An attribute value: a category (region) or a number (size).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Attribute {
    Number(f64),
    Text(String),
}

/// What kind of statistic a metric is; the kind decides how values aggregate over periods and
/// which interval method applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MetricKind {
    /// numerator / denominator, Wilson intervals.
    Proportion,
    /// count / population x multiplier, Byars or exact Poisson intervals.
    Rate,
    /// observed / expected.
    Ratio,
    /// an average of individual values, Student-t intervals.
    Mean,
    /// a plain value with no interval (a count, a score).
    Value,
}

/// A metric's metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    pub id: String,
    pub title: String,
    /// The unit a value is shown in ("%", "per 100 attendances", "attendances").
    pub unit: String,
    pub kind: MetricKind,
    pub polarity: Polarity,
    /// The factor from the statistic to the shown value (100 for a percentage).
    pub multiplier: f64,
    /// Where the figures come from, shown as the chart's source line.
    pub source: String,
    /// An operational standard or target on the shown scale (95 for the 4-hour standard).
    #[serde(default)]
    pub target: Option<f64>,
}

/// Confidence intervals published with a value (a Fingertips export carries 95% and 99.8%
/// limits; a directly standardised rate cannot be recomputed from its count and population), on
/// the shown scale of the value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct SuppliedIntervals {
    pub ci95: Option<Interval>,
    pub ci99_8: Option<Interval>,
}

/// Observations in long form, one row per organisation, metric and period, as parallel columns.
/// `org`, `metric` and `period` index into the dataset's lists.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Observations {
    pub org: Vec<u32>,
    pub metric: Vec<u32>,
    pub period: Vec<u32>,
    pub numerator: Vec<Option<f64>>,
    pub denominator: Vec<Option<f64>>,
    pub value: Vec<Option<f64>>,
    /// Published intervals by row index, for the few rows that carry them (kept sparse so
    /// the bundled A&E data, which has none, pays nothing).
    pub supplied: BTreeMap<usize, SuppliedIntervals>,
}

impl Observations {
    pub fn len(&self) -> usize {
        self.org.len()
    }

    pub fn is_empty(&self) -> bool {
        self.org.is_empty()
    }

    pub fn push(
        &mut self,
        org: u32,
        metric: u32,
        period: u32,
        numerator: Option<f64>,
        denominator: Option<f64>,
        value: Option<f64>,
    ) {
        self.org.push(org);
        self.metric.push(metric);
        self.period.push(period);
        self.numerator.push(numerator);
        self.denominator.push(denominator);
        self.value.push(value);
    }

    /// Attaches published intervals to the row pushed last (no-op when there is none, or when
    /// neither interval is given).
    pub fn supply_last(&mut self, intervals: SuppliedIntervals) {
        if let Some(row) = self.len().checked_sub(1)
            && (intervals.ci95.is_some() || intervals.ci99_8.is_some())
        {
            self.supplied.insert(row, intervals);
        }
    }
}

/// Everything loaded: organisations, metrics, periods (sorted keys, e.g. ISO month starts) and the
/// observations, with the report of how the load went.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dataset {
    pub organisations: Vec<Organisation>,
    pub metrics: Vec<Metric>,
    pub periods: Vec<String>,
    pub observations: Observations,
    pub report: LoadReport,
    /// Attribution to show with any chart of this data.
    pub attribution: String,
}

/// One organisation's figures for a metric over a range of periods.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgFigure {
    pub org: usize,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub value: Option<f64>,
    /// How many periods contributed.
    pub periods: usize,
}

impl Dataset {
    pub fn organisation_index(&self, code: &str) -> Option<usize> {
        self.organisations.iter().position(|o| o.code.eq_ignore_ascii_case(code))
    }

    pub fn metric_index(&self, id: &str) -> Option<usize> {
        self.metrics.iter().position(|m| m.id == id)
    }

    pub fn period_index(&self, period: &str) -> Option<usize> {
        self.periods.iter().position(|p| p == period)
    }

    /// The organisation marked `level = national` (England in a Fingertips export), whose
    /// figure is the national value; `None` when the data has none and the national value is
    /// pooled over all organisations.
    pub fn national_index(&self) -> Option<usize> {
        self.organisations.iter().position(|o| o.text(LEVEL_ATTRIBUTE) == Some(LEVEL_NATIONAL))
    }

    /// The last `n` periods (all of them when there are fewer), as an inclusive index range.
    pub fn latest_periods(&self, n: usize) -> Option<(usize, usize)> {
        let last = self.periods.len().checked_sub(1)?;
        Some((last.saturating_sub(n.saturating_sub(1)), last))
    }

    /// Sums each organisation's numerator and denominator (and values) for `metric` over the
    /// periods `from..=to` (indices into `periods`). Counts add across months; a proportion over a
    /// year is total numerator over total denominator, not a mean of monthly proportions.
    /// Organisations are in the order of `organisations`; those with no rows are left out.
    pub fn aggregate(&self, metric: usize, from: usize, to: usize) -> Vec<OrgFigure> {
        let mut acc: Vec<Option<OrgFigure>> = vec![None; self.organisations.len()];
        let obs = &self.observations;
        for i in 0..obs.len() {
            if obs.metric[i] as usize != metric {
                continue;
            }
            let p = obs.period[i] as usize;
            if p < from || p > to {
                continue;
            }
            let org = obs.org[i] as usize;
            let Some(slot) = acc.get_mut(org) else { continue };
            let f = slot.get_or_insert(OrgFigure {
                org,
                numerator: None,
                denominator: None,
                value: None,
                periods: 0,
            });
            f.periods += 1;
            add(&mut f.numerator, obs.numerator[i]);
            add(&mut f.denominator, obs.denominator[i]);
            add(&mut f.value, obs.value[i]);
        }
        acc.into_iter().flatten().collect()
    }
}

fn add(total: &mut Option<f64>, x: Option<f64>) {
    if let Some(x) = x {
        *total = Some(total.unwrap_or(0.0) + x);
    }
}

/// Turns an upper-case ODS name into the form people write: "SALFORD ROYAL NHS FOUNDATION TRUST"
/// becomes "Salford Royal NHS Foundation Trust". Acronyms ODS uses stay in capitals.
pub fn display_name(ods_name: &str) -> String {
    const KEEP_UPPER: [&str; 6] = ["NHS", "UK", "II", "III", "CIC", "LLP"];
    const SMALL: [&str; 6] = ["and", "of", "the", "for", "in", "on"];
    let mut out = String::with_capacity(ods_name.len());
    for (i, word) in ods_name.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let lower = word.to_lowercase();
        if KEEP_UPPER.contains(&word) {
            out.push_str(word);
        } else if i > 0 && SMALL.contains(&lower.as_str()) {
            out.push_str(&lower);
        } else {
            // Capitalise after a hyphen or apostrophe too: "Stoke-on-Trent", "King's".
            let mut cap = true;
            for ch in lower.chars() {
                if cap {
                    out.extend(ch.to_uppercase());
                } else {
                    out.push(ch);
                }
                cap = ch == '-' || ch == '(' || ch == '/';
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_name_keeps_nhs_in_capitals_and_lowers_small_words() {
        assert_eq!(display_name("SALFORD ROYAL NHS FOUNDATION TRUST"), "Salford Royal NHS Foundation Trust");
        assert_eq!(
            display_name("ROYAL LIVERPOOL AND BROADGREEN UNIVERSITY HOSPITALS NHS TRUST"),
            "Royal Liverpool and Broadgreen University Hospitals NHS Trust"
        );
        assert_eq!(
            display_name("KING'S COLLEGE HOSPITAL NHS FOUNDATION TRUST"),
            "King's College Hospital NHS Foundation Trust"
        );
    }

    #[test]
    fn diagnostic_reads_as_file_row_column_and_message() {
        let d = Diagnostic::error("ae.csv", Some(12), Some("breaches"), "is not a whole number: 'x'");
        assert_eq!(d.to_string(), "ae.csv, row 12, column 'breaches': is not a whole number: 'x'");
    }
}
