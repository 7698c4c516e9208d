//! Assessment answers: what an organisation answered in a round, one answer per criterion (or a
//! score per domain where only domain scores are known), loaded from the long CSV template
//! (`framework, org_code, round, criterion_id, answer, note`) or from JSON, and validated against
//! the frameworks at the door.
//!
//! A row that cannot be used (unknown framework or criterion, an answer not on the criterion's
//! scale, a criterion not asked in that round, a duplicate) is skipped with a diagnostic naming
//! its row and column, and counted. A blank answer is not an error: the criterion stays
//! unanswered and scoring reports it as missing, never as zero. Comment lines starting with `#`
//! before the header are kept as notes; one saying "illustrative" marks every assessment in the
//! file as illustrative, which every result and chart then says.

use super::framework::{Framework, Target};
use super::round::Round;
use crate::data::csv;
use crate::data::encoding::unreadable_characters;
use crate::data::{Diagnostic, LoadError, LoadReport, check_code_length, shown};
use crate::json::Value;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The label results from an illustrative file carry.
pub const ILLUSTRATIVE_LABEL: &str = "Illustrative, not real assessment results";

/// The columns of the CSV template, in order; `note` may be left out.
pub const CSV_COLUMNS: [&str; 6] = ["framework", "org_code", "round", "criterion_id", "answer", "note"];

/// How many diagnostics a load keeps in full, the same bound as every other loader's; the rest
/// are counted in one closing warning.
const KEPT_DIAGNOSTICS: usize = crate::data::DiagnosticList::KEPT;

/// One answer: a criterion id (or a domain id, for a domain score given directly), the answer as
/// written, and any note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub id: String,
    pub answer: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// One organisation's answers to one framework in one round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub framework: String,
    pub org_code: String,
    pub round: Round,
    pub answers: Vec<Answer>,
    /// From a file marked illustrative: not real assessment results.
    pub illustrative: bool,
}

/// Everything loaded from one file: assessments sorted by framework, organisation and round,
/// the load report, and the file's leading comment lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssessmentSet {
    pub assessments: Vec<Assessment>,
    pub report: LoadReport,
    pub illustrative: bool,
    pub notes: Vec<String>,
}

impl AssessmentSet {
    /// The assessments of one framework.
    pub fn for_framework<'a>(&'a self, framework: &'a str) -> impl Iterator<Item = &'a Assessment> + 'a {
        self.assessments.iter().filter(move |a| a.framework == framework)
    }
}

/// Collects assessments grouped by (framework, org, round) while rows are validated.
struct Collector<'f> {
    file: String,
    frameworks: &'f [Framework],
    groups: Vec<Assessment>,
    /// (framework index, org, round label) -> index into `groups`.
    group_index: HashMap<(usize, String, String), usize>,
    /// The raw (framework, org, round) of the previous row and what they resolved to: rows of
    /// one assessment are usually together, so most rows skip parsing and allocation.
    last: Option<(String, String, String, Resolved)>,
    /// (group, answer target) -> where it was first given, to reject duplicates.
    seen: HashMap<(usize, usize), Place>,
    report: LoadReport,
    dropped_diagnostics: usize,
    blank_answers: usize,
    illustrative: bool,
}

/// A row's framework, organisation and round, validated.
#[derive(Clone)]
struct Resolved {
    framework: usize,
    org: String,
    round: Round,
    group: Option<usize>,
}

/// Where a row came from, for diagnostics: a CSV line or a JSON path.
#[derive(Clone)]
enum Place {
    Line(usize),
    /// The JSON paths of the assessment and of the answer within it.
    Path {
        assessment: String,
        answer: String,
    },
}

impl Place {
    /// A diagnostic at this place; `field` is the CSV column name.
    fn diag(&self, file: &str, field: &str, message: String) -> Diagnostic {
        match self {
            Place::Line(l) => Diagnostic::error(file, Some(*l), Some(field), message),
            Place::Path { assessment, answer } => {
                let path = match field {
                    "criterion_id" => format!("{answer}.id"),
                    "answer" => format!("{answer}.answer"),
                    _ => format!("{assessment}.{field}"),
                };
                Diagnostic::error(file, None, Some(&path), message)
            }
        }
    }

    fn describe(&self) -> String {
        match self {
            Place::Line(l) => format!("row {l}"),
            Place::Path { answer, .. } => answer.clone(),
        }
    }
}

struct RawRow<'a> {
    framework: &'a str,
    org: &'a str,
    round: &'a str,
    id: &'a str,
    answer: &'a str,
    note: &'a str,
}

impl<'f> Collector<'f> {
    fn new(file: &str, frameworks: &'f [Framework], illustrative: bool) -> Self {
        Self {
            file: file.to_string(),
            frameworks,
            groups: Vec::new(),
            group_index: HashMap::new(),
            last: None,
            seen: HashMap::new(),
            report: LoadReport::default(),
            dropped_diagnostics: 0,
            blank_answers: 0,
            illustrative,
        }
    }

    fn diagnose(&mut self, d: Diagnostic) {
        if self.report.diagnostics.len() < KEPT_DIAGNOSTICS {
            self.report.diagnostics.push(d);
        } else {
            self.dropped_diagnostics += 1;
        }
    }

    fn skip(&mut self, d: Diagnostic) {
        self.report.rows_skipped += 1;
        self.diagnose(d);
    }

    /// Validates a row's framework, organisation and round, reusing the previous row's result
    /// when they are written the same.
    fn resolve(&mut self, place: &Place, r: &RawRow<'_>) -> Result<Resolved, Diagnostic> {
        if let Some((f, o, rd, resolved)) = &self.last
            && f == r.framework
            && o == r.org
            && rd == r.round
        {
            return Ok(resolved.clone());
        }
        let file = &self.file;
        let Some(framework) = self.frameworks.iter().position(|fw| fw.id() == r.framework.trim()) else {
            let known: Vec<&str> = self.frameworks.iter().map(|fw| fw.id()).collect();
            let msg = format!(
                "unknown framework '{}': use one of {} (or load its framework file first)",
                shown(r.framework.trim()),
                known.join(", ")
            );
            return Err(place.diag(file, "framework", msg));
        };
        let org = r.org.trim();
        if org.is_empty() || org.len() > 12 || !org.chars().all(|c| c.is_ascii_alphanumeric()) {
            let msg = format!(
                "'{}' is not an organisation code: use the ODS code, up to 12 letters and digits (e.g. RM3)",
                shown(org)
            );
            return Err(place.diag(file, "org_code", msg));
        }
        if let Err(d) = check_code_length(file, None, "round", r.round.trim()) {
            return Err(place.diag(file, "round", d.message));
        }
        let round = Round::parse(r.round).map_err(|e| place.diag(file, "round", e))?;
        let org = org.to_ascii_uppercase();
        let group = self.group_index.get(&(framework, org.clone(), round.label.clone())).copied();
        let resolved = Resolved { framework, org, round, group };
        self.last = Some((r.framework.to_string(), r.org.to_string(), r.round.to_string(), resolved.clone()));
        Ok(resolved)
    }

    /// The group of a resolved row, created on first use.
    fn group(&mut self, resolved: &Resolved) -> usize {
        if let Some(g) = resolved.group {
            return g;
        }
        let key = (resolved.framework, resolved.org.clone(), resolved.round.label.clone());
        let g = *self.group_index.entry(key).or_insert_with(|| {
            self.groups.push(Assessment {
                framework: self.frameworks[resolved.framework].id().to_string(),
                org_code: resolved.org.clone(),
                round: resolved.round.clone(),
                answers: Vec::new(),
                illustrative: self.illustrative,
            });
            self.groups.len() - 1
        });
        if let Some((.., last)) = &mut self.last {
            last.group = Some(g);
        }
        g
    }

    /// Opens an assessment with no answers yet (a JSON assessment with an empty list), so it is
    /// scored with every answer reported missing.
    fn open(&mut self, place: &Place, framework: &str, org: &str, round: &str) {
        let raw = RawRow { framework, org, round, id: "", answer: "", note: "" };
        match self.resolve(place, &raw) {
            Ok(resolved) => {
                self.group(&resolved);
            }
            Err(d) => self.diagnose(d),
        }
    }

    /// Validates one row; adds its answer (a blank answer only opens the assessment) or skips it.
    fn row(&mut self, place: &Place, r: RawRow<'_>) {
        self.report.rows_read += 1;
        let resolved = match self.resolve(place, &r) {
            Ok(x) => x,
            Err(d) => return self.skip(d),
        };
        let fw = &self.frameworks[resolved.framework];
        let file = &self.file;
        let id = r.id.trim();
        let answer = r.answer.trim();
        let round = &resolved.round;
        let target = match target_of(fw, place, file, id, round) {
            Ok(t) => t,
            Err(d) => return self.skip(d),
        };
        if !answer.is_empty() {
            let n_crit = fw.criteria().len();
            let checked = if target < n_crit {
                fw.map_answer(target, answer)
            } else {
                fw.map_domain_score(target - n_crit, answer)
            };
            if let Err(e) = checked {
                let d = place.diag(file, "answer", e);
                return self.skip(d);
            }
        }
        let g = self.group(&resolved);
        if let Some(first) = self.seen.get(&(g, target)) {
            let msg = format!(
                "duplicate: {} already gives '{id}' for {} in {}: keep one row",
                first.describe(),
                resolved.org,
                resolved.round.label
            );
            let d = place.diag(&self.file, "criterion_id", msg);
            return self.skip(d);
        }
        self.seen.insert((g, target), place.clone());
        if answer.is_empty() {
            // A blank answer: the criterion stays unanswered and is reported missing when scored.
            self.report.rows_skipped += 1;
            self.blank_answers += 1;
        } else {
            self.groups[g].answers.push(Answer {
                id: id.to_string(),
                answer: answer.to_string(),
                note: r.note.trim().to_string(),
            });
            self.report.rows_used += 1;
        }
    }

    fn finish(mut self, notes: Vec<String>) -> Result<AssessmentSet, LoadError> {
        if self.blank_answers > 0 {
            let msg = format!(
                "{} rows have no answer yet: those criteria are reported as missing answers when scored, not as zero",
                self.blank_answers
            );
            self.report.diagnostics.push(Diagnostic::warning(&self.file, None, Some("answer"), msg));
        }
        if self.dropped_diagnostics > 0 {
            let msg = format!("... and {} more problems not listed", self.dropped_diagnostics);
            self.report.diagnostics.push(Diagnostic::warning(&self.file, None, None, msg));
        }
        let errors =
            self.report.diagnostics.iter().filter(|d| d.severity == crate::data::Severity::Error).count();
        if self.groups.is_empty() && errors > 0 {
            let total = errors + self.dropped_diagnostics;
            let mut diagnostics = self.report.diagnostics;
            diagnostics.retain(|d| d.severity == crate::data::Severity::Error);
            diagnostics.truncate(LoadError::KEPT);
            return Err(LoadError { diagnostics, total });
        }
        let mut assessments = self.groups;
        crate::order::sort_by(&mut assessments, |a, b| {
            (&a.framework, &a.org_code, &a.round).cmp(&(&b.framework, &b.org_code, &b.round))
        });
        Ok(AssessmentSet { assessments, report: self.report, illustrative: self.illustrative, notes })
    }
}

/// Which of the framework's answer slots row id `id` fills (a criterion's index, or the number of
/// criteria plus a domain's index for a domain score); fails for an unknown id, a pillar, or a
/// criterion not asked in `round`.
fn target_of(
    fw: &Framework,
    place: &Place,
    file: &str,
    id: &str,
    round: &Round,
) -> Result<usize, Diagnostic> {
    match fw.lookup(id) {
        None => Err(place.diag(
            file,
            "criterion_id",
            format!(
                "'{}' is not a criterion or domain of framework '{}': check the id against the framework file",
                shown(id),
                fw.id()
            ),
        )),
        Some(Target::Pillar(_)) => Err(place.diag(
            file,
            "criterion_id",
            format!("'{id}' is a pillar: answer its criteria, or give scores for its domains"),
        )),
        Some(Target::Criterion(c)) if !fw.is_asked(c, round) => {
            let crit = fw.criterion(c);
            let when = match (&crit.from_round, &crit.until_round) {
                (Some(from), Some(until)) => format!("asked from {from} to {until}"),
                (Some(from), None) => format!("asked from {from}"),
                (None, Some(until)) => format!("asked until {until}"),
                (None, None) => "asked in every round".to_string(),
            };
            Err(place.diag(
                file,
                "criterion_id",
                format!("'{id}' was not asked in round {} ({when}): remove the row", round.label),
            ))
        }
        Some(Target::Criterion(c)) => Ok(c),
        Some(Target::Domain(d)) => Ok(fw.criteria().len() + d),
    }
}

/// Blanks out leading `#` comment lines (keeping line numbers) and returns their text.
fn take_comments(text: &str) -> (String, Vec<String>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut notes = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut in_header = true;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if in_header && trimmed.starts_with('#') {
            notes.push(trimmed.trim_start_matches('#').trim().to_string());
            out.push('\n');
        } else {
            if !trimmed.trim().is_empty() {
                in_header = false;
            }
            out.push_str(line);
        }
    }
    (out, notes)
}

fn is_illustrative(notes: &[String]) -> bool {
    notes.iter().any(|n| n.to_ascii_lowercase().contains("illustrative"))
}

/// Loads the long CSV template (`framework, org_code, round, criterion_id, answer, note`; the
/// header row names the columns, in any order, and `note` may be left out). Fails only when the
/// file cannot be read as a whole or no row at all is usable; otherwise bad rows are skipped and
/// reported in `report`.
pub fn load_csv(file: &str, text: &str, frameworks: &[Framework]) -> Result<AssessmentSet, LoadError> {
    let (text, notes) = take_comments(text);
    let records = csv::parse(file, &text).map_err(LoadError::one)?;
    let Some((header, rows)) = records.split_first() else {
        return Err(LoadError::one(Diagnostic::error(
            file,
            None,
            None,
            format!("the file has no header row: start it with {}", CSV_COLUMNS.join(",")),
        )));
    };
    let mut cols = [usize::MAX; 6];
    for (i, name) in CSV_COLUMNS.iter().enumerate() {
        if let Some(c) = header.fields.iter().position(|h| h.trim().eq_ignore_ascii_case(name)) {
            cols[i] = c;
        }
    }
    let missing: Vec<&str> =
        CSV_COLUMNS[..5].iter().zip(&cols).filter(|(_, c)| **c == usize::MAX).map(|(n, _)| *n).collect();
    if !missing.is_empty() {
        return Err(LoadError::one(Diagnostic::error(
            file,
            Some(header.line),
            Some(missing[0]),
            format!(
                "missing column{} {}: the header must name {}",
                if missing.len() > 1 { "s" } else { "" },
                missing.join(", "),
                CSV_COLUMNS.join(", ")
            ),
        )));
    }
    let mut c = Collector::new(file, frameworks, is_illustrative(&notes));
    if let Some(w) = unreadable_characters(file, &text) {
        c.diagnose(w);
    }
    for (i, h) in header.fields.iter().enumerate() {
        if !cols.contains(&i) && !h.trim().is_empty() {
            c.diagnose(Diagnostic::warning(
                file,
                Some(header.line),
                Some(h.trim()),
                "this column is not part of the template and is ignored",
            ));
        }
    }
    let needed = cols[..5].iter().copied().max().unwrap_or(0) + 1;
    for r in rows {
        if r.fields.len() < needed {
            c.report.rows_read += 1;
            let msg = format!(
                "expected {} fields as in the header, found {}: check for a missing comma",
                header.fields.len(),
                r.fields.len()
            );
            c.skip(Diagnostic::error(file, Some(r.line), None, msg));
            continue;
        }
        let field = |i: usize| r.fields.get(cols[i]).map_or("", String::as_str);
        c.row(
            &Place::Line(r.line),
            RawRow {
                framework: field(0),
                org: field(1),
                round: field(2),
                id: field(3),
                answer: field(4),
                note: field(5),
            },
        );
    }
    c.finish(notes)
}

/// The JSON form: `{"illustrative": false, "notes": [...], "assessments": [{"framework": "wgll",
/// "org_code": "RXX", "round": "2024/25", "answers": [{"id": "...", "answer": "met", "note": ""}]}]}`.
/// Answers may be strings or numbers. The file's own fields are read here; each assessment and
/// each answer is read on its own (see [`load_json`]).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonHead {
    #[serde(default)]
    illustrative: bool,
    #[serde(default)]
    notes: Vec<String>,
}

/// An assessment's own fields, without its answers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonAssessment {
    framework: String,
    org_code: String,
    round: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonAnswer {
    id: String,
    answer: JsonValue,
    #[serde(default)]
    note: String,
}

/// An answer as written: text, a number, or null (no answer yet).
#[derive(Debug, Clone)]
enum JsonValue {
    Text(String),
    Number(f64),
    Missing,
}

impl<'de> Deserialize<'de> for JsonValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Expected;
        impl serde::de::Visitor<'_> for Expected {
            type Value = JsonValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an answer as text (such as \"met\"), a number, or null")
            }
            fn visit_str<E>(self, v: &str) -> Result<JsonValue, E> {
                Ok(JsonValue::Text(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<JsonValue, E> {
                Ok(JsonValue::Number(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<JsonValue, E> {
                Ok(JsonValue::Number(v as f64))
            }
            fn visit_i64<E>(self, v: i64) -> Result<JsonValue, E> {
                Ok(JsonValue::Number(v as f64))
            }
            fn visit_unit<E>(self) -> Result<JsonValue, E> {
                Ok(JsonValue::Missing)
            }
            fn visit_none<E>(self) -> Result<JsonValue, E> {
                Ok(JsonValue::Missing)
            }
        }
        d.deserialize_any(Expected)
    }
}

/// What a JSON answers file looks like, for messages.
const JSON_SHAPE: &str = r#"an answers file is {"assessments": [{"framework": "wgll", "org_code": "RXX", "round": "2024/25", "answers": [{"id": "...", "answer": "met", "note": ""}]}]}"#;

/// An object's members without `key`, as an object, and `key`'s value.
fn split_off<'a>(members: &'a [(String, Value)], key: &str) -> (Value, Option<&'a Value>) {
    let rest = members.iter().filter(|(k, _)| k != key).cloned().collect();
    (Value::Object(rest), members.iter().find(|(k, _)| k == key).map(|(_, v)| v))
}

/// Loads assessments from JSON (see the shape above) with the same validation as the CSV. A
/// document that is not JSON, or not an object with a list of assessments, fails with the JSON
/// path of the problem; otherwise each assessment and each answer is read on its own, and one
/// that cannot be read (an unknown field, a boolean answer) is skipped, counted and named by its
/// path, as a bad CSV row is.
pub fn load_json(file: &str, text: &str, frameworks: &[Framework]) -> Result<AssessmentSet, LoadError> {
    let raw = text;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let fail = |path: &str, message: &str| {
        LoadError::one(Diagnostic::error(file, None, Some(path), format!("{message}: {JSON_SHAPE}")))
    };
    let doc = crate::json::parse(text).map_err(|e| fail(&e.path, &e.message))?;
    let Value::Object(members) = &doc else {
        return Err(fail(".", &format!("expected an object, found {}", doc.kind())));
    };
    let (head, assessments) = split_off(members, "assessments");
    let head: JsonHead = crate::json::from_value(&head).map_err(|e| fail(&e.path, &e.message))?;
    let assessments = match assessments {
        Some(Value::Array(items)) => items,
        Some(other) => return Err(fail("assessments", &format!("expected a list, found {}", other.kind()))),
        None => return Err(fail(".", "missing field `assessments`")),
    };
    let illustrative = head.illustrative || is_illustrative(&head.notes);
    let mut c = Collector::new(file, frameworks, illustrative);
    if let Some(w) = unreadable_characters(file, raw) {
        c.diagnose(w);
    }
    for (i, a) in assessments.iter().enumerate() {
        json_assessment(&mut c, i, a);
    }
    c.finish(head.notes)
}

/// Reads assessment `i` of a JSON answers file into `c`: an assessment that cannot be read is
/// skipped with all its answers (one diagnostic), an answer that cannot be read on its own.
fn json_assessment(c: &mut Collector, i: usize, value: &Value) {
    let file = c.file.clone();
    let at = format!("assessments[{i}]");
    let skip_all = |c: &mut Collector, path: &str, message: &str| {
        let n = match value.get("answers") {
            Some(Value::Array(answers)) => answers.len().max(1),
            _ => 1,
        };
        let with = if n > 1 { format!(" with its {n} answers") } else { String::new() };
        c.report.rows_read += n;
        c.report.rows_skipped += n - 1;
        let message = format!(
            "{message}: an assessment is an object with framework, org_code, round and answers; \
             the assessment is skipped{with}"
        );
        c.skip(Diagnostic::error(&file, None, Some(path), message));
    };
    let Value::Object(members) = value else {
        return skip_all(c, &at, &format!("expected an object, found {}", value.kind()));
    };
    let (head, answers) = split_off(members, "answers");
    let a: JsonAssessment = match crate::json::from_value(&head) {
        Ok(a) => a,
        Err(e) => {
            let e = e.under(&at);
            return skip_all(c, &e.path, &e.message);
        }
    };
    let answers = match answers {
        Some(Value::Array(items)) => items,
        Some(other) => {
            return skip_all(
                c,
                &format!("{at}.answers"),
                &format!("expected a list, found {}", other.kind()),
            );
        }
        None => return skip_all(c, &at, "missing field `answers`"),
    };
    if answers.is_empty() {
        c.diagnose(Diagnostic::warning(
            &file,
            None,
            Some(&format!("{at}.answers")),
            "no answers: every criterion will be reported as missing",
        ));
        let place = Place::Path { assessment: at.clone(), answer: format!("{at}.answers") };
        c.open(&place, &a.framework, &a.org_code, &a.round);
    }
    for (j, answer) in answers.iter().enumerate() {
        let place = Place::Path { assessment: at.clone(), answer: format!("{at}.answers[{j}]") };
        let ans: JsonAnswer = match crate::json::from_value(answer) {
            Ok(x) => x,
            Err(e) => {
                let e = e.under(&format!("{at}.answers[{j}]"));
                let message = format!(
                    "{}: an answer is {{\"id\": \"...\", \"answer\": \"met\" (or a number), \"note\": \"...\"}}; \
                     the answer is skipped",
                    e.message
                );
                c.report.rows_read += 1;
                c.skip(Diagnostic::error(&file, None, Some(&e.path), message));
                continue;
            }
        };
        let text = match &ans.answer {
            JsonValue::Text(s) => s.clone(),
            JsonValue::Number(x) => x.to_string(),
            JsonValue::Missing => String::new(),
        };
        c.row(
            &place,
            RawRow {
                framework: &a.framework,
                org: &a.org_code,
                round: &a.round,
                id: &ans.id,
                answer: &text,
                note: &ans.note,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frameworks() -> Vec<Framework> {
        crate::maturity::builtins().unwrap()
    }

    #[test]
    fn json_answers_saved_with_a_byte_order_mark_load() {
        let fw = frameworks();
        let json = "\u{feff}{\"assessments\":[{\"framework\":\"wgll\",\"org_code\":\"RM3\",\"round\":\"2024/25\",\
                    \"answers\":[{\"id\":\"wl.strategy.2a\",\"answer\":\"met\"}]}]}";
        let set = load_json("answers.json", json, &fw).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(set.assessments.len(), 1);
    }

    #[test]
    fn unreadable_characters_in_answers_are_reported_with_how_to_save_as_utf8() {
        let fw = frameworks();
        let csv = format!("{}\nwgll,RM3,2024/25,wl.strategy.2a,met,caf\u{fffd}\n", CSV_COLUMNS.join(","));
        let diagnostics = load_csv("answers.csv", &csv, &fw).unwrap().report.diagnostics;
        assert!(diagnostics.iter().any(|d| d.message.contains("CSV UTF-8")), "{diagnostics:?}");
    }
}
