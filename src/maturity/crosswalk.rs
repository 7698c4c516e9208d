//! The crosswalk from provider names as NHS England publishes them (the maturity results carry no
//! ODS code) to ODS codes in the trust list `etr.csv`.
//!
//! Matching, in order:
//! 1. a reviewed decision in the committed crosswalk (`match` = `manual`, with the code and why, or
//!    `unmatched`, with why not) always wins, so renamed and merged trusts are matched by a person
//!    who checked them, and a wrong automatic match can be overruled;
//! 2. `exact`: the name is exactly an ODS name;
//! 3. `rule`: the names agree after [`normalise_name`] (case, "&" and "AND", apostrophes and other
//!    punctuation, a leading "THE", "NATIONAL HEALTH SERVICE" for "NHS");
//! 4. otherwise `unmatched`, listed with the reason (no ODS name, or several ODS trusts with the
//!    same normalised name, which is never guessed between).
//!
//! Every matched row also gets `checks` computed from the ODS list: whether the region agrees
//! with the published one, and any close date (ODS records no successor, so a closed trust's result
//! stays its own).

use super::dma_results::csv_field;
use crate::data::csv;
use crate::data::ods::{Trust, TrustList};
use crate::data::{Diagnostic, LoadError};
use serde::Serialize;
use std::collections::BTreeMap;

/// The columns of `crosswalk.csv`, in order.
pub const CROSSWALK_COLUMNS: [&str; 8] =
    ["published_name", "normalised_name", "ods_code", "ods_name", "ods_status", "match", "checks", "note"];

/// How a name was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum MatchKind {
    Exact,
    Rule,
    Manual,
    Unmatched,
}

impl MatchKind {
    pub fn id(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Rule => "rule",
            MatchKind::Manual => "manual",
            MatchKind::Unmatched => "unmatched",
        }
    }

    fn parse(raw: &str) -> Option<MatchKind> {
        [MatchKind::Exact, MatchKind::Rule, MatchKind::Manual, MatchKind::Unmatched]
            .into_iter()
            .find(|k| k.id() == raw.trim())
    }
}

/// One published name and what it matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrosswalkEntry {
    pub published_name: String,
    pub normalised_name: String,
    pub ods_code: Option<String>,
    pub ods_name: String,
    /// "open", "closed YYYY-MM-DD", or empty when unmatched.
    pub ods_status: String,
    pub kind: MatchKind,
    /// Checks computed from the ODS list (region agreement, close date).
    pub checks: String,
    /// Why: the rule applied, or a reviewer's note for manual and unmatched rows.
    pub note: String,
}

/// The crosswalk, one entry per published name, in name order.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Crosswalk {
    pub entries: Vec<CrosswalkEntry>,
}

/// How many names were matched each way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct MatchCounts {
    pub exact: usize,
    pub rule: usize,
    pub manual: usize,
    pub unmatched: usize,
}

impl Crosswalk {
    /// The ODS code `published_name` matched.
    pub fn code_of(&self, published_name: &str) -> Option<&str> {
        self.entries.iter().find(|e| e.published_name == published_name)?.ods_code.as_deref()
    }

    pub fn counts(&self) -> MatchCounts {
        let mut c = MatchCounts::default();
        for e in &self.entries {
            match e.kind {
                MatchKind::Exact => c.exact += 1,
                MatchKind::Rule => c.rule += 1,
                MatchKind::Manual => c.manual += 1,
                MatchKind::Unmatched => c.unmatched += 1,
            }
        }
        c
    }

    /// The crosswalk as `crosswalk.csv`.
    pub fn to_csv(&self) -> String {
        let mut out = CROSSWALK_COLUMNS.join(",");
        out.push('\n');
        for e in &self.entries {
            let fields = [
                e.published_name.as_str(),
                &e.normalised_name,
                e.ods_code.as_deref().unwrap_or(""),
                &e.ods_name,
                &e.ods_status,
                e.kind.id(),
                &e.checks,
                &e.note,
            ];
            for (i, f) in fields.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                csv_field(&mut out, f);
            }
            out.push('\n');
        }
        out
    }
}

/// A name in the form both lists are compared in: upper case, "&" as "AND", apostrophes dropped,
/// other punctuation as spaces, "NATIONAL HEALTH SERVICE" as "NHS", no leading "THE", single
/// spaces.
pub fn normalise_name(raw: &str) -> String {
    let upper = raw.to_uppercase().replace('&', " AND ");
    let cleaned: String = upper
        .chars()
        .filter(|c| !matches!(c, '\'' | '\u{2019}' | '\u{2018}'))
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let joined = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    let nhs = format!(" {joined} ").replace(" NATIONAL HEALTH SERVICE ", " NHS ");
    let t = nhs.trim();
    t.strip_prefix("THE ").unwrap_or(t).to_string()
}

/// Reads a committed crosswalk (its decisions are inputs to [`build`]). Rows with an unknown
/// `match` or no name are errors naming the row.
pub fn read_crosswalk(file: &str, text: &str) -> Result<Vec<CrosswalkEntry>, LoadError> {
    let records = csv::parse(file, text).map_err(LoadError::one)?;
    let Some((header, rows)) = records.split_first() else { return Ok(Vec::new()) };
    let mut cols = [0usize; 8];
    for (i, name) in CROSSWALK_COLUMNS.iter().enumerate() {
        cols[i] = header.fields.iter().position(|h| h.trim() == *name).ok_or_else(|| {
            LoadError::one(Diagnostic::error(
                file,
                Some(header.line),
                Some(name),
                format!("missing column {name}: a crosswalk names {}", CROSSWALK_COLUMNS.join(", ")),
            ))
        })?;
    }
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for r in rows {
        let f = |i: usize| r.fields.get(cols[i]).map_or("", |s| s.trim()).to_string();
        let Some(kind) = MatchKind::parse(&f(5)) else {
            errors.push(Diagnostic::error(
                file,
                Some(r.line),
                Some("match"),
                format!("'{}' is not a match kind: use exact, rule, manual or unmatched", f(5)),
            ));
            continue;
        };
        if f(0).is_empty() {
            errors.push(Diagnostic::error(file, Some(r.line), Some("published_name"), "the name is empty"));
            continue;
        }
        let code = f(2);
        out.push(CrosswalkEntry {
            published_name: f(0),
            normalised_name: f(1),
            ods_code: (!code.is_empty()).then_some(code),
            ods_name: f(3),
            ods_status: f(4),
            kind,
            checks: f(6),
            note: f(7),
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        let total = errors.len();
        errors.truncate(LoadError::KEPT);
        Err(LoadError { diagnostics: errors, total })
    }
}

fn status_of(t: &Trust) -> String {
    t.closed.as_ref().map_or_else(|| "open".to_string(), |c| format!("closed {c}"))
}

/// Region agreement and close date, for a reviewer.
fn checks(published_region: &str, t: &Trust) -> String {
    let mut parts = Vec::new();
    match t.region {
        Some(r) if r.eq_ignore_ascii_case(published_region.trim()) => parts.push("region agrees".to_string()),
        Some(r) => parts.push(format!(
            "region differs: published {}, ODS {} {r} (the published region is used)",
            published_region.trim(),
            t.national_grouping
        )),
        None => parts.push(format!("ODS gives no region (grouping '{}')", t.national_grouping)),
    }
    if let Some(c) = &t.closed {
        parts.push(format!("ODS close date {c}; ODS records no successor"));
    }
    parts.join("; ")
}

/// A published provider to match: its name, the region published with it, and where it first
/// appears (for messages).
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedName {
    pub name: String,
    pub region: String,
    pub place: String,
}

/// The trust a reviewed decision names: `None` for an unmatched decision, or (with an error) for
/// a manual row whose code is missing or not in the list.
fn decided_trust<'t>(
    file: &str,
    d: &CrosswalkEntry,
    trusts: &'t TrustList,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<&'t Trust> {
    if d.kind != MatchKind::Manual {
        return None;
    }
    let message = match d.ods_code.as_deref() {
        Some(code) => match trusts.get(code) {
            Some(t) => return Some(t),
            None => format!(
                "the manual match of {} to {code} is not usable: {code} is not in {}; correct the code or mark the row unmatched",
                d.published_name, trusts.file
            ),
        },
        None => format!(
            "the manual row for {} has no code: give the ODS code or mark it unmatched",
            d.published_name
        ),
    };
    diagnostics.push(Diagnostic::error(file, None, Some("ods_code"), message));
    None
}

/// Matches every published name (see the module documentation), with a diagnostic for each name
/// left unmatched and each decision that could not be used. `file` names the crosswalk in
/// messages.
pub fn build(
    file: &str,
    names: &[PublishedName],
    trusts: &TrustList,
    decisions: &[CrosswalkEntry],
) -> (Crosswalk, Vec<Diagnostic>) {
    let mut by_normalised: BTreeMap<String, Vec<&Trust>> = BTreeMap::new();
    for t in &trusts.trusts {
        by_normalised.entry(normalise_name(&t.name)).or_default().push(t);
    }
    let decided: BTreeMap<&str, &CrosswalkEntry> = decisions
        .iter()
        .filter(|d| matches!(d.kind, MatchKind::Manual | MatchKind::Unmatched))
        .map(|d| (d.published_name.as_str(), d))
        .collect();
    let mut diagnostics = Vec::new();
    let mut entries = Vec::with_capacity(names.len());
    for p in names {
        let normalised = normalise_name(&p.name);
        let mut e = CrosswalkEntry {
            published_name: p.name.clone(),
            normalised_name: normalised.clone(),
            ods_code: None,
            ods_name: String::new(),
            ods_status: String::new(),
            kind: MatchKind::Unmatched,
            checks: String::new(),
            note: String::new(),
        };
        let matched: Option<&Trust> = if let Some(d) = decided.get(p.name.as_str()) {
            e.note = d.note.clone();
            let t = decided_trust(file, d, trusts, &mut diagnostics);
            if t.is_some() {
                e.kind = MatchKind::Manual;
            }
            t
        } else {
            match_by_name(&p.name, &normalised, trusts, &by_normalised, &mut e)
        };
        match matched {
            Some(t) => {
                e.ods_code = Some(t.code.clone());
                e.ods_name = t.name.clone();
                e.ods_status = status_of(t);
                e.checks = checks(&p.region, t);
            }
            None => {
                e.kind = MatchKind::Unmatched;
                let advice = if decided.contains_key(p.name.as_str()) {
                    "reviewed: left unmatched"
                } else {
                    "add a manual row with its ODS code to the crosswalk, or an unmatched row saying why"
                };
                diagnostics.push(Diagnostic::warning(
                    file,
                    None,
                    Some("published_name"),
                    format!(
                        "{} ({}) has no ODS code: {}; {advice}",
                        p.name,
                        p.place,
                        e.note.trim_end_matches('.')
                    ),
                ));
            }
        }
        entries.push(e);
    }
    report_unused_decisions(file, names, decisions, &mut diagnostics);
    crate::order::sort_by(&mut entries, |a, b| a.published_name.cmp(&b.published_name));
    (Crosswalk { entries }, diagnostics)
}

/// The automatic match of a published name: the one ODS trust with the identical name, else the
/// one with the same normalised name; none when there is none or several (never guessed). Sets
/// `e`'s kind and note to say which.
fn match_by_name<'t>(
    name: &str,
    normalised: &str,
    trusts: &'t TrustList,
    by_normalised: &BTreeMap<String, Vec<&'t Trust>>,
    e: &mut CrosswalkEntry,
) -> Option<&'t Trust> {
    let exact: Vec<&Trust> = trusts.trusts.iter().filter(|t| t.name == name).collect();
    let candidates = if exact.is_empty() {
        by_normalised.get(normalised).cloned().unwrap_or_default()
    } else {
        exact.clone()
    };
    match candidates.as_slice() {
        [t] => {
            if exact.is_empty() {
                e.kind = MatchKind::Rule;
                e.note = "same name once case, '&', punctuation, 'THE' and 'NATIONAL HEALTH SERVICE' are normalised".into();
            } else {
                e.kind = MatchKind::Exact;
                e.note = "identical name in the ODS list".into();
            }
            Some(*t)
        }
        [] => {
            e.note = "no ODS name matches, even normalised".into();
            None
        }
        several => {
            let list: Vec<String> = several.iter().map(|t| format!("{} {}", t.code, t.name)).collect();
            e.note =
                format!("{} ODS trusts have this name: {}; none is guessed", several.len(), list.join("; "));
            None
        }
    }
}

/// Warns of each reviewed decision that names no provider in the results.
fn report_unused_decisions(
    file: &str,
    names: &[PublishedName],
    decisions: &[CrosswalkEntry],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for d in decisions {
        if !names.iter().any(|p| p.name == d.published_name)
            && d.kind != MatchKind::Exact
            && d.kind != MatchKind::Rule
        {
            diagnostics.push(Diagnostic::warning(
                file,
                None,
                Some("published_name"),
                format!(
                    "the {} row for {} names no provider in the results: it is dropped",
                    d.kind.id(),
                    d.published_name
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_ignores_case_ampersands_punctuation_and_a_leading_the() {
        assert_eq!(
            normalise_name("SHEFFIELD HEALTH & SOCIAL CARE NHS FOUNDATION TRUST"),
            "SHEFFIELD HEALTH AND SOCIAL CARE NHS FOUNDATION TRUST"
        );
        assert_eq!(
            normalise_name("The Royal Orthopaedic Hospital NHS Foundation Trust"),
            "ROYAL ORTHOPAEDIC HOSPITAL NHS FOUNDATION TRUST"
        );
        assert_eq!(normalise_name("KING\u{2019}S COLLEGE HOSPITAL"), "KINGS COLLEGE HOSPITAL");
        assert_eq!(normalise_name("WRIGHTINGTON, WIGAN AND LEIGH"), "WRIGHTINGTON WIGAN AND LEIGH");
        assert_eq!(
            normalise_name("PORTSMOUTH HOSPITALS UNIVERSITY NATIONAL HEALTH SERVICE TRUST"),
            "PORTSMOUTH HOSPITALS UNIVERSITY NHS TRUST"
        );
    }
}
