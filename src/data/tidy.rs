//! The tidy long format, the way any data comes in: one row per organisation, metric and period
//! (`observations`), a table of organisations with their attributes (`organisations`), and the
//! metrics' metadata (`metrics.json`). Observations and organisations may be CSV or JSON (an array
//! of objects with the same names as the CSV columns); `www/data/templates/` holds a template of
//! each file and a README describing every column.
//!
//! Validation happens here, once: a file that cannot be read at all (a missing column, broken
//! JSON, JSON that is not an array of records, no usable row or metric) is a [`LoadError`]; a row
//! that cannot be used is skipped, counted in [`LoadReport::rows_skipped`] and described by a
//! [`Diagnostic`] saying where it is and how to fix it. A JSON record is read on its own, so one
//! with an unknown field or a value of the wrong kind costs that record only, named by its JSON
//! path (`[12].value`); a metric with a mistake is left out with its observations. Rows for
//! organisations missing from the organisations table are kept under their code and reported.
//! Nothing is dropped without a word.
//!
//! The writers do the reverse, so any [`Dataset`] (the bundled A&E data included) can be saved
//! in this format and loaded again unchanged.

use super::csv::{self, Record};
use super::encoding::unreadable_characters;
use super::{
    Attribute, Dataset, Diagnostic, DiagnosticList, LoadError, LoadReport, Metric, MetricKind, Observations,
    Organisation, Polarity, SuppliedIntervals, bounded_name, check_code_length, shown,
};
use crate::json::Value;
use crate::stats::Interval;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// How a file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

/// One input file: a name for diagnostics, its text and its format.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub name: &'a str,
    pub text: &'a str,
    pub format: Format,
}

impl<'a> Input<'a> {
    pub fn csv(name: &'a str, text: &'a str) -> Self {
        Self { name, text, format: Format::Csv }
    }

    pub fn json(name: &'a str, text: &'a str) -> Self {
        Self { name, text, format: Format::Json }
    }

    /// The format from the file name's extension (`.json` or `.csv`), else from the text: JSON
    /// starts with `[` or `{`.
    pub fn detect(name: &'a str, text: &'a str) -> Self {
        let lower = name.to_ascii_lowercase();
        let format = if lower.ends_with(".json") {
            Format::Json
        } else if lower.ends_with(".csv") {
            Format::Csv
        } else if text.trim_start_matches('\u{feff}').trim_start().starts_with(['[', '{']) {
            Format::Json
        } else {
            Format::Csv
        };
        Self { name, text, format }
    }
}

/// The observation columns, in the order the writer puts them.
pub const OBSERVATION_COLUMNS: [&str; 10] = [
    "org_code",
    "metric",
    "period",
    "numerator",
    "denominator",
    "value",
    "lower_95",
    "upper_95",
    "lower_99_8",
    "upper_99_8",
];
const REQUIRED_OBSERVATION_COLUMNS: usize = 3;
const NUMBER_COLUMNS: usize = OBSERVATION_COLUMNS.len() - REQUIRED_OBSERVATION_COLUMNS;
const NUMERATOR: usize = 0;
const DENOMINATOR: usize = 1;
const VALUE: usize = 2;
const LOWER_95: usize = 3;
const UPPER_95: usize = 4;
const LOWER_99_8: usize = 5;
const UPPER_99_8: usize = 6;

/// How often, in rows, the progress callback hears from a load.
pub const PROGRESS_EVERY: usize = 4096;

/// One cell before validation: CSV gives text, JSON gives numbers or text.
#[derive(Debug, Clone, Copy)]
enum Cell<'a> {
    Missing,
    Text(&'a str),
    Number(f64),
}

/// One observation row before validation.
struct RawRow<'a> {
    row: usize,
    org: &'a str,
    metric: &'a str,
    period: &'a str,
    numbers: [Cell<'a>; NUMBER_COLUMNS],
}

/// What a metric in `metrics.json` looks like, for messages.
const METRIC_SHAPE: &str = "metrics.json is an array of objects with id, title, unit, kind (proportion, rate, \
                            ratio, mean or value), polarity (higherIsBetter, lowerIsBetter or noJudgement), \
                            multiplier, source and target";

/// The metrics file as read: the usable metrics, a diagnostic for each one left out, and the ids
/// of those left out (where the id could be read), so their observations can be told why.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MetricsFile {
    pub metrics: Vec<Metric>,
    pub diagnostics: Vec<Diagnostic>,
    pub left_out: Vec<String>,
}

/// Reads the metrics file: a JSON array of objects with `id`, `title`, `unit`, `kind`
/// (proportion, rate, ratio, mean, value), `polarity` (higherIsBetter, lowerIsBetter,
/// noJudgement), `multiplier` (default 1), `source` and an optional `target`. Unknown fields are
/// mistakes (a misspelt `polarity` must not silently become the default). A metric with a mistake
/// is left out with a diagnostic at its JSON path (`[2].polarity`), and the others are used; the
/// file fails when it is not an array of metrics, or when no metric in it is usable.
pub fn read_metrics(file: &str, text: &str) -> Result<MetricsFile, LoadError> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Entry {
        id: String,
        title: String,
        #[serde(default)]
        unit: String,
        kind: MetricKind,
        polarity: Polarity,
        #[serde(default = "one")]
        multiplier: f64,
        #[serde(default)]
        source: String,
        #[serde(default)]
        target: Option<f64>,
    }
    fn one() -> f64 {
        1.0
    }
    let text = text.trim_start_matches('\u{feff}');
    let shape = |path: &str, message: &str| {
        LoadError::one(Diagnostic::error(file, None, Some(path), format!("{message}: {METRIC_SHAPE}")))
    };
    let items = match crate::json::parse(text).map_err(|e| shape(&e.path, &e.message))? {
        Value::Array(items) => items,
        other => return Err(shape(".", &format!("expected an array, found {}", other.kind()))),
    };
    let mut out = MetricsFile::default();
    let mut seen = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        let e: Entry = match crate::json::from_value(item) {
            Ok(e) => e,
            Err(e) => {
                let e = e.under(&format!("[{i}]"));
                out.diagnostics.push(Diagnostic::error(
                    file,
                    None,
                    Some(&e.path),
                    format!("{}: the metric is left out, with its observations; {METRIC_SHAPE}", e.message),
                ));
                if let Some(id) = item.get("id").and_then(Value::as_str) {
                    out.left_out.push(id.trim().to_string());
                }
                continue;
            }
        };
        let metric = Metric {
            id: e.id.trim().to_string(),
            title: e.title.trim().to_string(),
            unit: e.unit,
            kind: e.kind,
            polarity: e.polarity,
            multiplier: e.multiplier,
            source: e.source,
            target: e.target,
        };
        let mut errors = Vec::new();
        check_metric(file, i, &metric, &e.title, &mut seen, &mut errors);
        if errors.is_empty() {
            out.metrics.push(metric);
            continue;
        }
        // A later metric with this id is not a repeat of one that was left out.
        if seen.get(&metric.id) == Some(&i) {
            seen.remove(&metric.id);
        }
        for mut d in errors {
            d.message.push_str("; the metric is left out, with its observations, until this is fixed");
            out.diagnostics.push(d);
        }
        out.left_out.push(metric.id);
    }
    if out.metrics.is_empty() {
        let mut errors = out.diagnostics;
        errors.push(Diagnostic::error(
            file,
            None,
            None,
            if items.is_empty() {
                "no metrics: describe at least one metric (see www/data/templates/metrics.json)".to_string()
            } else {
                format!("no usable metrics among the {} in the file: fix the problems above", items.len())
            },
        ));
        return Err(into_load_error(errors));
    }
    Ok(out)
}

/// The mistakes in metric `i` of the file: an id that is too long, empty or repeated (`seen`
/// holds each id's first metric), an empty title, a multiplier that is not positive, a target
/// that is not finite, a title (as given, before trimming), unit or source that is too long.
fn check_metric(
    file: &str,
    i: usize,
    m: &Metric,
    title_as_given: &str,
    seen: &mut HashMap<String, usize>,
    errors: &mut Vec<Diagnostic>,
) {
    let id = &m.id;
    let at = |field: &str| format!("[{i}].{field}");
    if let Err(mut d) = check_code_length(file, None, "id", id) {
        d.column = Some(at("id"));
        errors.push(d);
    } else if id.is_empty() {
        errors.push(Diagnostic::error(
            file,
            None,
            Some(&at("id")),
            "the metric id is empty: give each metric a short unique id (e.g. ae_4hr)",
        ));
    } else if let Some(first) = seen.get(id) {
        errors.push(Diagnostic::error(
            file,
            None,
            Some(&at("id")),
            format!("the id '{id}' is also used by metric [{first}]: ids must be unique"),
        ));
    } else {
        seen.insert(id.clone(), i);
    }
    if m.title.is_empty() {
        errors.push(Diagnostic::error(
            file,
            None,
            Some(&at("title")),
            "the title is empty: charts use it as their heading",
        ));
    }
    if !(m.multiplier.is_finite() && m.multiplier > 0.0) {
        errors.push(Diagnostic::error(
            file,
            None,
            Some(&at("multiplier")),
            format!(
                "{} is not a positive number: use 100 for a percentage, 1000 for per 1,000, 1 for none",
                m.multiplier
            ),
        ));
    }
    if m.target.is_some_and(|t| !t.is_finite()) {
        errors.push(Diagnostic::error(
            file,
            None,
            Some(&at("target")),
            "the target must be a finite number on the shown scale, or null",
        ));
    }
    for (field, text) in [("title", title_as_given), ("unit", &m.unit), ("source", &m.source)] {
        let n = text.chars().count();
        if n > crate::data::MAX_NAME_CHARS {
            errors.push(Diagnostic::error(
                file,
                None,
                Some(&at(field)),
                format!("the {field} is {n} characters long: keep it to {}", crate::data::MAX_NAME_CHARS),
            ));
        }
    }
}

fn into_load_error(mut errors: Vec<Diagnostic>) -> LoadError {
    let total = errors.len();
    errors.truncate(LoadError::KEPT);
    LoadError { diagnostics: errors, total }
}

/// The organisations table as read: the organisations, and the rows that could not be used.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrganisationTable {
    pub organisations: Vec<Organisation>,
    pub rows_skipped: usize,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads the organisations table: `code` and `name`, then any attribute columns (region, type,
/// beds, ...). A column whose every filled cell is a number is numeric (usable for nearest
/// neighbours); otherwise it is a category. Blank cells mean the attribute is unknown. Rows with
/// an empty or repeated code are skipped and reported.
pub fn read_organisations(input: Input) -> Result<OrganisationTable, LoadError> {
    let mut table = match input.format {
        Format::Csv => read_organisations_csv(input.name, input.text),
        Format::Json => read_organisations_json(input.name, input.text),
    }?;
    if let Some(w) = unreadable_characters(input.name, input.text) {
        table.diagnostics.insert(0, w);
    }
    // The first DiagnosticList::KEPT in full and the rest counted, as for observations.
    let mut kept = DiagnosticList::default();
    table.diagnostics.drain(..).for_each(|d| kept.push(d));
    table.diagnostics = kept.finish(input.name);
    Ok(table)
}

fn read_organisations_csv(file: &str, text: &str) -> Result<OrganisationTable, LoadError> {
    let records = csv::parse(file, text).map_err(LoadError::one)?;
    let Some((header, rows)) = records.split_first() else {
        return Err(LoadError::one(Diagnostic::error(
            file,
            None,
            None,
            "the file is empty: expected a header row starting code,name",
        )));
    };
    let (names, code_col, name_col) = organisation_columns(file, header)?;
    let numeric = numeric_columns(names.len(), rows);
    let mut table = OrganisationTable::default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for r in rows {
        if r.fields.len() != names.len() {
            table.rows_skipped += 1;
            table.diagnostics.push(Diagnostic::error(
                file,
                Some(r.line),
                None,
                format!(
                    "expected {} fields as in the header, found {}: check for an unquoted comma in a name",
                    names.len(),
                    r.fields.len()
                ),
            ));
            continue;
        }
        let code = r.fields[code_col].trim();
        let name = r.fields[name_col].trim();
        let mut attributes = BTreeMap::new();
        for (c, field) in r.fields.iter().enumerate() {
            let f = field.trim();
            if c == code_col || c == name_col || f.is_empty() {
                continue;
            }
            let value = match f.parse::<f64>() {
                Ok(x) if numeric[c] => Attribute::Number(x),
                _ => Attribute::Text(f.to_string()),
            };
            attributes.insert(names[c].clone(), value);
        }
        accept_organisation(&mut table, &mut seen, file, r.line, code, name, attributes);
    }
    Ok(table)
}

/// The organisations table's column names, and where `code` and `name` are; fails when either is
/// missing, or a column has no name or the name of another.
fn organisation_columns(file: &str, header: &Record) -> Result<(Vec<String>, usize, usize), LoadError> {
    let names: Vec<String> = header.fields.iter().map(|h| h.trim().to_string()).collect();
    let find = |n: &str| names.iter().position(|h| h.eq_ignore_ascii_case(n));
    let (Some(code_col), Some(name_col)) = (find("code"), find("name")) else {
        return Err(LoadError::one(Diagnostic::error(
            file,
            Some(header.line),
            None,
            format!(
                "the header must have the columns code and name (then any attributes), found: {}",
                shown(&names.join(", "))
            ),
        )));
    };
    for (i, n) in names.iter().enumerate() {
        if n.is_empty() {
            return Err(LoadError::one(Diagnostic::error(
                file,
                Some(header.line),
                Some(&format!("{}", i + 1)),
                "a column has no name: name every attribute column in the header",
            )));
        }
        if let Some(j) = names[..i].iter().position(|m| m.eq_ignore_ascii_case(n)) {
            return Err(LoadError::one(Diagnostic::error(
                file,
                Some(header.line),
                Some(n),
                format!("the column '{n}' appears twice (columns {} and {})", j + 1, i + 1),
            )));
        }
    }
    Ok((names, code_col, name_col))
}

/// Which columns are numeric: those whose every filled cell parses as a finite number.
fn numeric_columns(columns: usize, rows: &[Record]) -> Vec<bool> {
    (0..columns)
        .map(|c| {
            let mut filled = false;
            let all = rows.iter().all(|r| match r.fields.get(c).map(|f| f.trim()) {
                None | Some("") => true,
                Some(f) => {
                    filled = true;
                    f.parse::<f64>().is_ok_and(f64::is_finite)
                }
            });
            filled && all
        })
        .collect()
}

/// Adds one organisation to the table unless its code is empty, too long or repeated, and
/// reports the skipped row, an empty name, or a name or attribute cut to [`MAX_NAME_CHARS`].
///
/// [`MAX_NAME_CHARS`]: crate::data::MAX_NAME_CHARS
fn accept_organisation(
    table: &mut OrganisationTable,
    seen: &mut HashMap<String, usize>,
    file: &str,
    row: usize,
    code: &str,
    name: &str,
    mut attributes: BTreeMap<String, Attribute>,
) {
    let skip = |table: &mut OrganisationTable, d: Diagnostic| {
        table.rows_skipped += 1;
        table.diagnostics.push(d);
    };
    if code.is_empty() {
        let message = "the organisation code is empty: give its code (e.g. the ODS code RM3), as the observations use it";
        return skip(table, Diagnostic::error(file, Some(row), Some("code"), message));
    }
    if let Err(d) = check_code_length(file, Some(row), "code", code) {
        return skip(table, d);
    }
    let key = code.to_ascii_uppercase();
    if let Some(first) = seen.get(&key) {
        let message =
            format!("the code '{code}' already appears at row {first}: each organisation needs one row");
        return skip(table, Diagnostic::error(file, Some(row), Some("code"), message));
    }
    seen.insert(key, row);
    let mut warn = |d: Diagnostic| table.diagnostics.push(d);
    if name.is_empty() {
        warn(Diagnostic::warning(
            file,
            Some(row),
            Some("name"),
            format!("the name is empty: charts will show the code '{code}' instead"),
        ));
    }
    let name = bounded_name(file, Some(row), "name", if name.is_empty() { code } else { name }, &mut warn);
    for (column, value) in attributes.iter_mut() {
        if let Attribute::Text(t) = value {
            *t = bounded_name(file, Some(row), column, t, &mut warn);
        }
    }
    table.organisations.push(Organisation { code: code.to_string(), name, attributes });
}

fn read_organisations_json(file: &str, text: &str) -> Result<OrganisationTable, LoadError> {
    let text = text.trim_start_matches('\u{feff}');
    let shape = |path: &str, message: &str| {
        LoadError::one(Diagnostic::error(
            file,
            None,
            Some(path),
            format!(
                "{message}: the organisations file is an array of objects such as \
                 {{\"code\": \"RM3\", \"name\": \"Salford Royal\", \"region\": \"North\"}}"
            ),
        ))
    };
    let records = match crate::json::parse(text).map_err(|e| shape(&e.path, &e.message))? {
        Value::Array(items) => items,
        other => return Err(shape(".", &format!("expected an array, found {}", other.kind()))),
    };
    let mut table = OrganisationTable::default();
    let mut seen = HashMap::new();
    for (i, item) in records.into_iter().enumerate() {
        let row = i + 1;
        let Value::Object(record) = item else {
            // One record that is not an object costs that record only, as a bad CSV row does.
            table.rows_skipped += 1;
            table.diagnostics.push(Diagnostic::error(
                file,
                None,
                Some(&format!("[{i}]")),
                format!(
                    "expected an object such as {{\"code\": \"RM3\", \"name\": \"Salford Royal\"}}, found {}; \
                     the record is skipped",
                    item.kind()
                ),
            ));
            continue;
        };
        let text_of = |key: &str| match record.iter().find(|(k, _)| k == key).map(|(_, v)| v) {
            Some(Value::String(s)) => Some(s.trim().to_string()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let code = text_of("code").unwrap_or_default();
        let name = text_of("name").unwrap_or_default();
        let mut attributes = BTreeMap::new();
        for (key, value) in &record {
            if key == "code" || key == "name" {
                continue;
            }
            let attribute = match value {
                Value::Null => continue,
                Value::Number(x) if x.is_finite() => Attribute::Number(*x),
                Value::Number(_) => continue,
                Value::String(s) if s.trim().is_empty() => continue,
                Value::String(s) => Attribute::Text(s.trim().to_string()),
                Value::Bool(b) => Attribute::Text(b.to_string()),
                other => {
                    table.diagnostics.push(Diagnostic::warning(
                        file,
                        Some(row),
                        Some(key),
                        format!(
                            "an attribute must be a number or text, found {}: the attribute is left out",
                            if matches!(other, Value::Array(_)) { "a list" } else { "an object" }
                        ),
                    ));
                    continue;
                }
            };
            attributes.insert(key.clone(), attribute);
        }
        accept_organisation(&mut table, &mut seen, file, row, &code, &name, attributes);
    }
    Ok(table)
}

/// Loads observations with their organisations table (optional: without one, organisations are
/// named by their codes and have no attributes) and metrics. `progress(done, total)` hears every
/// [`PROGRESS_EVERY`] rows and once at the end, so a page can show a bar for a large file.
///
/// The dataset's periods are the distinct `period` texts sorted as text, so write them so they
/// sort: `2019-04`, `2019-04-01`, `2019/20`.
pub fn load(
    observations: Input,
    organisations: Option<Input>,
    metrics: Input,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Dataset, LoadError> {
    let MetricsFile { metrics: metric_list, diagnostics: metric_diagnostics, left_out } =
        read_metrics(metrics.name, metrics.text)?;
    let (table, org_file) = match organisations {
        Some(input) => (Some(read_organisations(input)?), input.name),
        None => (None, ""),
    };
    let mut builder = Builder::new(observations.name, &metric_list, table, org_file);
    builder.metrics_file = metrics.name.to_string();
    builder.left_out = left_out.into_iter().collect();
    for d in metric_diagnostics {
        builder.diagnostics.push(d);
    }
    for input in [observations, metrics] {
        if let Some(w) = unreadable_characters(input.name, input.text) {
            builder.diagnostics.push(w);
        }
    }
    match observations.format {
        Format::Csv => read_observations_csv(&mut builder, observations.text, progress)?,
        Format::Json => read_observations_json(&mut builder, observations.text, progress)?,
    }
    builder.finish()
}

fn read_observations_csv(
    builder: &mut Builder,
    text: &str,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(), LoadError> {
    let file = builder.file.clone();
    let records = csv::parse(&file, text).map_err(LoadError::one)?;
    let Some((header, rows)) = records.split_first() else {
        return Err(LoadError::one(Diagnostic::error(
            &file,
            None,
            None,
            format!(
                "the file is empty: expected a header row such as {}",
                OBSERVATION_COLUMNS[..6].join(",")
            ),
        )));
    };
    let cols = observation_columns(&file, header)?;
    let total = rows.len();
    for (done, r) in rows.iter().enumerate() {
        if done % PROGRESS_EVERY == 0 && done > 0 {
            progress(done, total);
        }
        builder.rows_read += 1;
        if r.fields.len() != header.fields.len() {
            builder.skip(Diagnostic::error(
                &file,
                Some(r.line),
                None,
                format!(
                    "expected {} fields as in the header, found {}: check for a missing or extra comma",
                    header.fields.len(),
                    r.fields.len()
                ),
            ));
            continue;
        }
        let text_at = |c: Option<usize>| c.map_or("", |c| r.fields[c].trim());
        let cell_at = |c: Option<usize>| match c {
            Some(c) => Cell::Text(&r.fields[c]),
            None => Cell::Missing,
        };
        let mut numbers = [Cell::Missing; NUMBER_COLUMNS];
        for (k, cell) in numbers.iter_mut().enumerate() {
            *cell = cell_at(cols[REQUIRED_OBSERVATION_COLUMNS + k]);
        }
        builder.add(RawRow {
            row: r.line,
            org: text_at(cols[0]),
            metric: text_at(cols[1]),
            period: text_at(cols[2]),
            numbers,
        });
    }
    progress(total, total);
    Ok(())
}

/// Finds each known column in the header; the first three are required, as is at least one way
/// to give a figure (a value, or a numerator and denominator).
fn observation_columns(
    file: &str,
    header: &Record,
) -> Result<[Option<usize>; OBSERVATION_COLUMNS.len()], LoadError> {
    let mut cols = [None; OBSERVATION_COLUMNS.len()];
    let mut unknown = Vec::new();
    for (i, h) in header.fields.iter().enumerate() {
        let h = h.trim();
        match OBSERVATION_COLUMNS.iter().position(|c| c.eq_ignore_ascii_case(h)) {
            Some(k) if cols[k].is_some() => {
                return Err(LoadError::one(Diagnostic::error(
                    file,
                    Some(header.line),
                    Some(h),
                    format!("the column '{h}' appears twice: keep one"),
                )));
            }
            Some(k) => cols[k] = Some(i),
            None => unknown.push(h.to_string()),
        }
    }
    let missing: Vec<&str> = (0..REQUIRED_OBSERVATION_COLUMNS)
        .filter(|&k| cols[k].is_none())
        .map(|k| OBSERVATION_COLUMNS[k])
        .collect();
    let has_figure = cols[REQUIRED_OBSERVATION_COLUMNS + VALUE].is_some()
        || cols[REQUIRED_OBSERVATION_COLUMNS + NUMERATOR].is_some()
        || cols[REQUIRED_OBSERVATION_COLUMNS + DENOMINATOR].is_some();
    if !missing.is_empty() || !has_figure || !unknown.is_empty() {
        let mut problems = Vec::new();
        if !missing.is_empty() {
            problems.push(format!("missing {}", missing.join(", ")));
        }
        if !has_figure {
            problems.push("no value or numerator/denominator column".to_string());
        }
        if !unknown.is_empty() {
            problems.push(format!("unknown column(s) {}", unknown.join(", ")));
        }
        return Err(LoadError::one(Diagnostic::error(
            file,
            Some(header.line),
            None,
            format!(
                "{}: the header names org_code, metric, period and then value and/or numerator, \
                 denominator (optionally {})",
                problems.join("; "),
                OBSERVATION_COLUMNS[6..].join(", ")
            ),
        )));
    }
    Ok(cols)
}

/// What a JSON observations file looks like, for messages.
const OBSERVATION_EXAMPLE: &str =
    r#"{"org_code": "RM3", "metric": "ae_4hr", "period": "2024-01", "value": 95.2}"#;

fn read_observations_json(
    builder: &mut Builder,
    text: &str,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(), LoadError> {
    let file = builder.file.clone();
    let text = text.trim_start_matches('\u{feff}');
    let shape = |path: &str, message: &str| {
        LoadError::one(Diagnostic::error(
            &file,
            None,
            Some(path),
            format!(
                "{message}: observations are an array of objects such as {OBSERVATION_EXAMPLE}, with the \
                 fields {}",
                OBSERVATION_COLUMNS.join(", ")
            ),
        ))
    };
    let records = match crate::json::parse(text).map_err(|e| shape(&e.path, &e.message))? {
        Value::Array(items) => items,
        other => return Err(shape(".", &format!("expected an array, found {}", other.kind()))),
    };
    let total = records.len();
    for (i, record) in records.iter().enumerate() {
        if i % PROGRESS_EVERY == 0 && i > 0 {
            progress(i, total);
        }
        builder.rows_read += 1;
        let mut period_text = String::new();
        match json_observation(&file, i, record, &mut period_text) {
            Ok(raw) => builder.add(raw),
            Err(d) => builder.skip(d),
        }
    }
    progress(total, total);
    Ok(())
}

/// Record `i` of a JSON observations file as a row (its number `i + 1`), read on its own: a
/// record that is not an object, has a field that is not an observation column (or one twice),
/// or a field of the wrong kind (a boolean, a list) is a diagnostic at its JSON path
/// (`[12].value`), and only that record is skipped. `period_text` holds a period written as a
/// number.
fn json_observation<'a>(
    file: &str,
    i: usize,
    record: &'a Value,
    period_text: &'a mut String,
) -> Result<RawRow<'a>, Diagnostic> {
    let skip = |path: String, message: String| {
        Diagnostic::error(file, None, Some(&path), format!("{message}; the record is skipped"))
    };
    let Value::Object(members) = record else {
        let message = format!("expected an object such as {OBSERVATION_EXAMPLE}, found {}", record.kind());
        return Err(skip(format!("[{i}]"), message));
    };
    let mut fields: [Option<&'a Value>; OBSERVATION_COLUMNS.len()] = [None; OBSERVATION_COLUMNS.len()];
    for (key, value) in members {
        let path = format!("[{i}].{}", shown(key));
        let Some(k) = OBSERVATION_COLUMNS.iter().position(|c| c.eq_ignore_ascii_case(key)) else {
            let message = format!(
                "'{}' is not a field of an observation: use {} (or remove it)",
                shown(key),
                OBSERVATION_COLUMNS.join(", ")
            );
            return Err(skip(path, message));
        };
        if fields[k].replace(value).is_some() {
            return Err(skip(path, format!("the field {} appears twice: keep one", OBSERVATION_COLUMNS[k])));
        }
    }
    let path = |k: usize| format!("[{i}].{}", OBSERVATION_COLUMNS[k]);
    let text = |k: usize| -> Result<&'a str, Diagnostic> {
        match fields[k] {
            None | Some(Value::Null) => Ok(""),
            Some(Value::String(s)) => Ok(s.trim()),
            Some(v) => Err(skip(path(k), format!("expected text such as \"RM3\", found {}", v.kind()))),
        }
    };
    let org = text(0)?;
    let metric = text(1)?;
    let period = match fields[2] {
        Some(Value::Number(x)) => {
            let owned: &'a mut String = period_text;
            *owned = x.to_string();
            owned.as_str()
        }
        _ => text(2)?,
    };
    let mut numbers = [Cell::Missing; NUMBER_COLUMNS];
    for (n, cell) in numbers.iter_mut().enumerate() {
        let k = REQUIRED_OBSERVATION_COLUMNS + n;
        *cell = match fields[k] {
            None | Some(Value::Null) => Cell::Missing,
            Some(Value::Number(x)) => Cell::Number(*x),
            Some(Value::String(t)) => Cell::Text(t),
            Some(v) => {
                let message = format!(
                    "expected a number such as 95.2 (or null when it is missing), found {}",
                    v.kind()
                );
                return Err(skip(path(k), message));
            }
        };
    }
    Ok(RawRow { row: i + 1, org, metric, period, numbers })
}

/// Turns a cell into a number: blank, `NA`, `N/A`, `null` and `-` mean missing; anything else must
/// be a plain finite number.
fn number(cell: Cell, file: &str, row: usize, column: &str) -> Result<Option<f64>, Diagnostic> {
    let raw = match cell {
        Cell::Missing => return Ok(None),
        Cell::Number(x) if x.is_finite() => return Ok(Some(x)),
        Cell::Number(x) => {
            return Err(Diagnostic::error(
                file,
                Some(row),
                Some(column),
                format!("{x} is not a finite number"),
            ));
        }
        Cell::Text(t) => t.trim(),
    };
    if raw.is_empty() || ["NA", "N/A", "null", "-"].iter().any(|m| raw.eq_ignore_ascii_case(m)) {
        return Ok(None);
    }
    match raw.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(Some(x)),
        _ => {
            let hint = if raw.ends_with('%') {
                "write the number without the % sign (95.2, not 95.2%); the unit belongs in metrics.json"
            } else if raw.contains(',') {
                "write the number without thousands separators (12345, not 12,345)"
            } else {
                "write a plain number such as 1234 or 95.2, or leave the cell blank if it is missing"
            };
            Err(Diagnostic::error(
                file,
                Some(row),
                Some(column),
                format!("'{}' is not a number: {hint}", shown(raw)),
            ))
        }
    }
}

/// Where an unknown organisation code was first seen and how many rows it has.
struct Unknown {
    first_row: usize,
    rows: usize,
}

/// Validates rows one at a time and gathers them into columns.
struct Builder<'m> {
    file: String,
    metrics: &'m [Metric],
    metric_index: HashMap<&'m str, u32>,
    /// The metrics file's name and the ids of the metrics it left out for a mistake.
    metrics_file: String,
    left_out: HashSet<String>,
    organisations: Vec<Organisation>,
    org_index: HashMap<String, u32>,
    org_file: String,
    has_table: bool,
    unknown: BTreeMap<u32, Unknown>,
    period_index: HashMap<String, u32>,
    period_names: Vec<String>,
    seen: HashMap<(u32, u32, u32), usize>,
    observations: Observations,
    diagnostics: DiagnosticList,
    table_diagnostics: Vec<Diagnostic>,
    rows_read: usize,
    rows_skipped: usize,
}

impl<'m> Builder<'m> {
    fn new(file: &str, metrics: &'m [Metric], table: Option<OrganisationTable>, org_file: &str) -> Self {
        let has_table = table.is_some();
        let table = table.unwrap_or_default();
        let org_index = table
            .organisations
            .iter()
            .enumerate()
            .map(|(i, o)| (o.code.to_ascii_uppercase(), i as u32))
            .collect();
        Self {
            file: file.to_string(),
            metrics,
            metric_index: metrics.iter().enumerate().map(|(i, m)| (m.id.as_str(), i as u32)).collect(),
            metrics_file: String::new(),
            left_out: HashSet::new(),
            organisations: table.organisations,
            org_index,
            org_file: org_file.to_string(),
            has_table,
            unknown: BTreeMap::new(),
            period_index: HashMap::new(),
            period_names: Vec::new(),
            seen: HashMap::new(),
            observations: Observations::default(),
            diagnostics: DiagnosticList::default(),
            table_diagnostics: table.diagnostics,
            rows_read: 0,
            rows_skipped: 0,
        }
    }

    fn skip(&mut self, d: Diagnostic) {
        self.rows_skipped += 1;
        self.diagnostics.push(d);
    }

    fn add(&mut self, raw: RawRow) {
        match self.check(&raw) {
            Ok(row) => self.store(&raw, row),
            Err(d) => self.skip(d),
        }
    }

    /// Checks one row against the rules for its metric's kind.
    fn check(&mut self, raw: &RawRow) -> Result<CheckedRow, Diagnostic> {
        let file = self.file.as_str();
        let at =
            |column: &str, message: String| Diagnostic::error(file, Some(raw.row), Some(column), message);
        let metric = self.metric_of(raw)?;
        let n = row_numbers(file, raw)?;
        let m = &self.metrics[metric as usize];
        let (num, den, value) = (n[NUMERATOR], n[DENOMINATOR], n[VALUE]);
        check_figures(m, num, den, value).map_err(|(column, message)| match column {
            Some(c) => at(c, message),
            None => Diagnostic::error(file, Some(raw.row), None, message),
        })?;
        let mut warnings = Vec::new();
        if m.kind == MetricKind::Proportion
            && let (Some(x), Some(d), Some(v)) = (num, den, value)
        {
            let expected = x / d * m.multiplier;
            if (v - expected).abs() > 1e-3 * m.multiplier {
                warnings.push(Diagnostic::warning(
                    file,
                    Some(raw.row),
                    Some("value"),
                    format!(
                        "the value {v} differs from numerator / denominator x multiplier = {expected:.4}: \
                         the value is shown as given; check the multiplier in metrics.json ({})",
                        m.multiplier
                    ),
                ));
            }
        }
        let ci95 = self.interval(raw.row, n[LOWER_95], n[UPPER_95], "95", value, &mut warnings);
        let ci99_8 = self.interval(raw.row, n[LOWER_99_8], n[UPPER_99_8], "99_8", value, &mut warnings);
        Ok(CheckedRow {
            metric,
            numerator: num,
            denominator: den,
            value,
            supplied: SuppliedIntervals { ci95, ci99_8 },
            warnings,
        })
    }

    /// The row's metric index, once its organisation, metric and period are all given (and not
    /// too long) and the metric is in metrics.json.
    fn metric_of(&self, raw: &RawRow) -> Result<u32, Diagnostic> {
        let file = self.file.as_str();
        let at =
            |column: &str, message: String| Diagnostic::error(file, Some(raw.row), Some(column), message);
        if raw.org.is_empty() {
            return Err(at(
                "org_code",
                "the organisation code is empty: give the code used in the organisations table (e.g. RM3)"
                    .into(),
            ));
        }
        check_code_length(file, Some(raw.row), "org_code", raw.org)?;
        if raw.metric.is_empty() {
            return Err(at("metric", "the metric id is empty: give one of the ids in metrics.json".into()));
        }
        let Some(&metric) = self.metric_index.get(raw.metric) else {
            if self.left_out.contains(raw.metric) {
                return Err(at(
                    "metric",
                    format!(
                        "the metric '{}' is left out of {} for a mistake there (see its diagnostic): \
                         fix it in that file",
                        shown(raw.metric),
                        self.metrics_file
                    ),
                ));
            }
            let ids: Vec<&str> = self.metrics.iter().take(8).map(|m| m.id.as_str()).collect();
            return Err(at(
                "metric",
                format!(
                    "'{}' is not a metric in metrics.json (its ids: {}{}): correct the id or add the metric",
                    shown(raw.metric),
                    ids.join(", "),
                    if self.metrics.len() > 8 { ", ..." } else { "" }
                ),
            ));
        };
        if raw.period.is_empty() {
            return Err(at(
                "period",
                "the period is empty: give the period as text that sorts, e.g. 2019-04 or 2019/20".into(),
            ));
        }
        check_code_length(file, Some(raw.row), "period", raw.period)?;
        Ok(metric)
    }

    /// A published interval, if both limits are there and in order; otherwise a warning and no
    /// interval (the row is still used).
    fn interval(
        &self,
        row: usize,
        lower: Option<f64>,
        upper: Option<f64>,
        level: &str,
        value: Option<f64>,
        warnings: &mut Vec<Diagnostic>,
    ) -> Option<Interval> {
        let file = self.file.as_str();
        match (lower, upper) {
            (None, None) => None,
            (Some(l), Some(u)) if l <= u => {
                if let Some(v) = value
                    && !(l <= v && v <= u)
                {
                    warnings.push(Diagnostic::warning(
                        file,
                        Some(row),
                        Some(&format!("lower_{level}")),
                        format!("the value {v} lies outside its interval {l} to {u}: check the columns"),
                    ));
                }
                Some(Interval { lower: l, upper: u })
            }
            (Some(l), Some(u)) => {
                warnings.push(Diagnostic::warning(
                    file,
                    Some(row),
                    Some(&format!("lower_{level}")),
                    format!("the lower limit {l} is above the upper limit {u}: the interval is not used"),
                ));
                None
            }
            (Some(_), None) | (None, Some(_)) => {
                let missing = if lower.is_none() { "lower" } else { "upper" };
                warnings.push(Diagnostic::warning(
                    file,
                    Some(row),
                    Some(&format!("{missing}_{level}")),
                    format!(
                        "the {missing} limit is blank: give both limits or neither; the interval is not used"
                    ),
                ));
                None
            }
        }
    }

    fn store(&mut self, raw: &RawRow, row: CheckedRow) {
        let org = self.org(raw.org, raw.row);
        let period = match self.period_index.get(raw.period) {
            Some(&p) => p,
            None => {
                let p = self.period_names.len() as u32;
                self.period_names.push(raw.period.to_string());
                self.period_index.insert(raw.period.to_string(), p);
                p
            }
        };
        if let Some(&first) = self.seen.get(&(org, row.metric, period)) {
            // The organisation was created (if unknown) before the duplicate was found; that is
            // harmless, it already has the first row.
            self.skip(Diagnostic::error(
                &self.file,
                Some(raw.row),
                None,
                format!(
                    "a second row for {}, {}, {} (the first is row {first}): keep one row per \
                     organisation, metric and period",
                    raw.org, raw.metric, raw.period
                ),
            ));
            return;
        }
        self.seen.insert((org, row.metric, period), raw.row);
        for w in row.warnings {
            self.diagnostics.push(w);
        }
        self.observations.push(org, row.metric, period, row.numerator, row.denominator, row.value);
        self.observations.supply_last(row.supplied);
    }

    /// The organisation's index, adding it (named by its code) when the table does not have it.
    fn org(&mut self, code: &str, row: usize) -> u32 {
        let key = code.to_ascii_uppercase();
        if let Some(&i) = self.org_index.get(&key) {
            if let Some(u) = self.unknown.get_mut(&i) {
                u.rows += 1;
            }
            return i;
        }
        let i = self.organisations.len() as u32;
        self.organisations.push(Organisation {
            code: code.to_string(),
            name: code.to_string(),
            attributes: BTreeMap::new(),
        });
        self.org_index.insert(key, i);
        self.unknown.insert(i, Unknown { first_row: row, rows: 1 });
        i
    }

    fn finish(mut self) -> Result<Dataset, LoadError> {
        let rows_used = self.observations.len();
        if self.has_table {
            for (&i, u) in &self.unknown {
                let code = &self.organisations[i as usize].code;
                self.diagnostics.push(Diagnostic::warning(
                    &self.file,
                    Some(u.first_row),
                    Some("org_code"),
                    format!(
                        "'{code}' is not in {} ({} row{} from here): the rows are kept under the code, \
                         with no name or attributes; add the organisation or correct the code",
                        self.org_file,
                        u.rows,
                        if u.rows == 1 { "" } else { "s" }
                    ),
                ));
            }
        } else if !self.organisations.is_empty() {
            self.diagnostics.push(Diagnostic::warning(
                &self.file,
                None,
                None,
                "no organisations table: organisations are named by their codes and have no attributes \
                 for peer groups",
            ));
        }
        let mut diagnostics = std::mem::take(&mut self.table_diagnostics);
        diagnostics.extend(std::mem::take(&mut self.diagnostics).finish(&self.file));
        if rows_used == 0 {
            let mut errors: Vec<Diagnostic> = diagnostics;
            errors.push(Diagnostic::error(
                &self.file,
                None,
                None,
                format!("no usable rows among the {} read: fix the problems above", self.rows_read),
            ));
            return Err(into_load_error(errors));
        }
        // Periods sorted as text; remap the provisional indices.
        let mut order: Vec<u32> = (0..self.period_names.len() as u32).collect();
        crate::order::sort_by(&mut order, |&a, &b| {
            self.period_names[a as usize].cmp(&self.period_names[b as usize])
        });
        let mut remap = vec![0u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            remap[old as usize] = new as u32;
        }
        for p in &mut self.observations.period {
            *p = remap[*p as usize];
        }
        let periods = order.iter().map(|&old| std::mem::take(&mut self.period_names[old as usize])).collect();
        let sources: BTreeSet<&str> =
            self.metrics.iter().map(|m| m.source.trim()).filter(|s| !s.is_empty()).collect();
        Ok(Dataset {
            organisations: self.organisations,
            metrics: self.metrics.to_vec(),
            periods,
            observations: self.observations,
            report: LoadReport {
                rows_read: self.rows_read,
                rows_used,
                rows_skipped: self.rows_skipped,
                diagnostics,
            },
            attribution: sources.into_iter().collect::<Vec<_>>().join("; "),
        })
    }
}

/// The row's number columns, each a number or blank; counts and populations at least 0.
fn row_numbers(file: &str, raw: &RawRow) -> Result<[Option<f64>; NUMBER_COLUMNS], Diagnostic> {
    let mut n = [None; NUMBER_COLUMNS];
    for (k, cell) in raw.numbers.iter().enumerate() {
        n[k] = number(*cell, file, raw.row, OBSERVATION_COLUMNS[REQUIRED_OBSERVATION_COLUMNS + k])?;
    }
    for k in [NUMERATOR, DENOMINATOR] {
        if let Some(x) = n[k]
            && x < 0.0
        {
            return Err(Diagnostic::error(
                file,
                Some(raw.row),
                Some(OBSERVATION_COLUMNS[REQUIRED_OBSERVATION_COLUMNS + k]),
                format!("{x} is negative: counts and populations are at least 0"),
            ));
        }
    }
    Ok(n)
}

/// The rules a row's figures follow for its metric's kind; the error names the column to fix,
/// if one. A proportion, rate or ratio cannot be negative (a mean or a plain value can: a change,
/// a balance); counts and populations are checked to be at least 0 before this.
fn check_figures(
    m: &Metric,
    num: Option<f64>,
    den: Option<f64>,
    value: Option<f64>,
) -> Result<(), (Option<&'static str>, String)> {
    if let Some(v) = value
        && v < 0.0
        && matches!(m.kind, MetricKind::Proportion | MetricKind::Rate | MetricKind::Ratio)
    {
        return Err((
            Some("value"),
            format!(
                "{v} is negative, but metric '{}' is a {}, which cannot be below 0: correct the value, or \
                 make the metric's kind mean or value in metrics.json if it can be negative",
                m.id,
                kind_name(m.kind)
            ),
        ));
    }
    match m.kind {
        MetricKind::Value => {
            if value.is_none() {
                return Err((
                    Some("value"),
                    format!("the value is blank but metric '{}' is of kind value: give the value", m.id),
                ));
            }
        }
        kind => match (num, den) {
            (Some(x), Some(d)) => {
                if d <= 0.0 && kind != MetricKind::Mean {
                    return Err((
                        Some("denominator"),
                        format!(
                            "the denominator is 0: a {} needs a positive denominator; leave \
                                 numerator and denominator blank if there was nothing to count",
                            kind_name(kind)
                        ),
                    ));
                }
                if kind == MetricKind::Mean && d <= 0.0 {
                    return Err((
                        Some("denominator"),
                        "a mean's denominator is the number of values and must be above 0".into(),
                    ));
                }
                if kind == MetricKind::Proportion && x > d {
                    return Err((
                        Some("numerator"),
                        format!(
                            "the numerator {x} is larger than the denominator {d}: a proportion's \
                                 numerator counts part of its denominator"
                        ),
                    ));
                }
            }
            (Some(_), None) | (None, Some(_)) if value.is_none() => {
                let missing = if num.is_none() { "numerator" } else { "denominator" };
                return Err((
                    Some(missing),
                    format!(
                        "the {missing} is blank: a {} needs both numerator and denominator, or a value",
                        kind_name(kind)
                    ),
                ));
            }
            (None, None) if value.is_none() => {
                return Err((
                    None,
                    "the row has no figure: give numerator and denominator, or a value, or \
                         delete the row if the figure is not known"
                        .into(),
                ));
            }
            _ => {}
        },
    }
    Ok(())
}

struct CheckedRow {
    metric: u32,
    numerator: Option<f64>,
    denominator: Option<f64>,
    value: Option<f64>,
    supplied: SuppliedIntervals,
    warnings: Vec<Diagnostic>,
}

fn kind_name(kind: MetricKind) -> &'static str {
    match kind {
        MetricKind::Proportion => "proportion",
        MetricKind::Rate => "rate",
        MetricKind::Ratio => "ratio",
        MetricKind::Mean => "mean",
        MetricKind::Value => "value",
    }
}

/// Quotes a CSV field when it needs it (a comma, quote or line break inside).
fn csv_field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

fn csv_number(out: &mut String, x: Option<f64>) {
    if let Some(x) = x {
        // `{}` prints the shortest text that reads back as the same f64.
        out.push_str(&x.to_string());
    }
}

/// The dataset's observations as tidy CSV (with the interval columns only when some row has a
/// published interval). Loading the result gives the same observations.
pub fn write_observations_csv(dataset: &Dataset) -> String {
    let obs = &dataset.observations;
    let with_intervals = !obs.supplied.is_empty();
    let columns = if with_intervals { 10 } else { 6 };
    let mut out = String::with_capacity(obs.len() * 40);
    out.push_str(&OBSERVATION_COLUMNS[..columns].join(","));
    out.push('\n');
    for i in 0..obs.len() {
        let (Some(org), Some(metric), Some(period)) = (
            dataset.organisations.get(obs.org[i] as usize),
            dataset.metrics.get(obs.metric[i] as usize),
            dataset.periods.get(obs.period[i] as usize),
        ) else {
            continue;
        };
        csv_field(&mut out, &org.code);
        out.push(',');
        csv_field(&mut out, &metric.id);
        out.push(',');
        csv_field(&mut out, period);
        for x in [obs.numerator[i], obs.denominator[i], obs.value[i]] {
            out.push(',');
            csv_number(&mut out, x);
        }
        if with_intervals {
            let s = obs.supplied.get(&i).copied().unwrap_or_default();
            for ci in [s.ci95, s.ci99_8] {
                out.push(',');
                csv_number(&mut out, ci.map(|c| c.lower));
                out.push(',');
                csv_number(&mut out, ci.map(|c| c.upper));
            }
        }
        out.push('\n');
    }
    out
}

/// The dataset's organisations as CSV: code, name, then every attribute any organisation has,
/// in name order.
pub fn write_organisations_csv(dataset: &Dataset) -> String {
    let names: BTreeSet<&str> =
        dataset.organisations.iter().flat_map(|o| o.attributes.keys().map(String::as_str)).collect();
    let mut out = String::from("code,name");
    for n in &names {
        out.push(',');
        csv_field(&mut out, n);
    }
    out.push('\n');
    for o in &dataset.organisations {
        csv_field(&mut out, &o.code);
        out.push(',');
        csv_field(&mut out, &o.name);
        for n in &names {
            out.push(',');
            match o.attributes.get(*n) {
                Some(Attribute::Text(t)) => csv_field(&mut out, t),
                Some(Attribute::Number(x)) => csv_number(&mut out, Some(*x)),
                None => {}
            }
        }
        out.push('\n');
    }
    out
}

/// The dataset's metrics as the metrics.json file.
pub fn write_metrics_json(dataset: &Dataset) -> String {
    crate::json::to_string(&dataset.metrics)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Severity;

    const METRICS: &str = include_str!("../../www/data/templates/metrics.json");
    const ORGS: &str = include_str!("../../www/data/templates/organisations.csv");
    const OBS: &str = include_str!("../../www/data/templates/observations.csv");

    fn load_csv(obs: &str) -> Result<Dataset, LoadError> {
        load(
            Input::csv("observations.csv", obs),
            Some(Input::csv("organisations.csv", ORGS)),
            Input::json("metrics.json", METRICS),
            &mut |_, _| {},
        )
    }

    #[test]
    fn a_negative_value_is_rejected_for_proportions_rates_and_ratios_but_kept_for_means_and_values() {
        let metrics = r#"[{"id":"p","title":"P","kind":"proportion","polarity":"higherIsBetter"},
            {"id":"r","title":"R","kind":"rate","polarity":"lowerIsBetter"},
            {"id":"o","title":"O","kind":"ratio","polarity":"lowerIsBetter"},
            {"id":"m","title":"M","kind":"mean","polarity":"noJudgement"},
            {"id":"v","title":"V","kind":"value","polarity":"noJudgement"}]"#;
        let obs =
            "org_code,metric,period,value\nA,p,1,-5\nA,r,1,-0.1\nA,o,1,-1\nA,m,1,-2.5\nA,v,1,-40\nA,p,2,5\n";
        let ds =
            load(Input::csv("o.csv", obs), None, Input::json("m.json", metrics), &mut |_, _| {}).unwrap();
        assert_eq!((ds.report.rows_used, ds.report.rows_skipped), (3, 3));
        let rejected: Vec<_> =
            ds.report.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.row).collect();
        assert_eq!(rejected, [Some(2), Some(3), Some(4)]);
        let d = &ds.report.diagnostics[0];
        assert_eq!(d.column.as_deref(), Some("value"));
        assert!(d.message.contains("negative"), "{}", d.message);
    }

    #[test]
    fn a_name_of_a_hundred_thousand_characters_is_cut_with_a_warning() {
        let orgs = format!("code,name\nRM3,{}\n", "Salford ".repeat(12_500));
        let t = read_organisations(Input::csv("orgs.csv", &orgs)).unwrap();
        assert_eq!(t.organisations[0].name.chars().count(), crate::data::MAX_NAME_CHARS);
        assert!(t.diagnostics.iter().any(|d| d.row == Some(2) && d.column.as_deref() == Some("name")));
    }

    #[test]
    fn unreadable_characters_in_observations_are_reported_with_how_to_save_as_utf8() {
        let obs = format!("{OBS}RM3,ae_4hr_type1,2019-01,1,2,\u{fffd}\n");
        let ds = load_csv(&obs).unwrap();
        assert!(
            ds.report.diagnostics.iter().any(|d| d.message.contains("CSV UTF-8")),
            "{:?}",
            ds.report.diagnostics
        );
    }

    #[test]
    fn the_templates_load_with_every_row_used_and_no_diagnostics() {
        let ds = load_csv(OBS).unwrap();
        assert_eq!(ds.report.rows_read, 6);
        assert_eq!(ds.report.rows_used, 6);
        assert_eq!(ds.report.rows_skipped, 0);
        assert!(ds.report.diagnostics.is_empty(), "{:?}", ds.report.diagnostics);
        assert_eq!(ds.periods, vec!["2019-02", "2019-03"]);
        assert_eq!(ds.metrics.len(), 3);
        let rm3 = ds.organisation_index("rm3").unwrap();
        assert_eq!(ds.organisations[rm3].name, "Salford Royal NHS Foundation Trust");
        assert_eq!(ds.organisations[rm3].number("annual_type1_attendances"), Some(102711.0));
        assert_eq!(ds.organisations[rm3].text("region"), Some("North of England"));
        // RM3's 4-hour figure over both months: 6020 + 7749 = 13769 seen within 4 hours out of
        // 8361 + 9286 = 17647 attendances.
        let m = ds.metric_index("ae_4hr_type1").unwrap();
        let figs = ds.aggregate(m, 0, 1);
        let f = figs.iter().find(|f| f.org == rm3).unwrap();
        assert_eq!((f.numerator, f.denominator, f.periods), (Some(13769.0), Some(17647.0), 2));
        assert_eq!(ds.attribution, "NHS England A&E Attendances and Emergency Admissions");
    }

    #[test]
    fn unusable_rows_are_skipped_counted_and_each_listed_with_row_column_and_fix() {
        let obs = "org_code,metric,period,numerator,denominator,value\n\
                   RM3,ae_4hr_type1,2019-03,7749,9286,\n\
                   RBL,ae_4hr_typo,2019-03,5195,7785,\n\
                   RBL,ae_4hr_type1,2019-03,7785,5195,\n\
                   RA7,ae_attendances_type1,2019-03,,,95%\n\
                   RM3,ae_4hr_type1,2019-03,7749,9286,\n\
                   RA7,ae_4hr_type1,2019-03,8203\n\
                   RA7,ae_4hr_type1,2019-03,,10482,\n\
                   RA7,ae_4hr_type1,,8203,10482,\n\
                   RA7,ae_attendances_type1,2019-03,,,\n";
        let ds = load_csv(obs).unwrap();
        assert_eq!(ds.report.rows_read, 9);
        assert_eq!(ds.report.rows_used, 1);
        assert_eq!(ds.report.rows_skipped, 8);
        let d = &ds.report.diagnostics;
        assert_eq!(d.len(), 8);
        assert!(d.iter().all(|d| d.severity == Severity::Error && d.file == "observations.csv"));
        let at = |row: usize| d.iter().find(|d| d.row == Some(row)).unwrap();
        assert_eq!(at(3).column.as_deref(), Some("metric"));
        assert!(at(3).message.contains("'ae_4hr_typo' is not a metric"));
        assert_eq!(at(4).column.as_deref(), Some("numerator"));
        assert!(at(4).message.contains("larger than the denominator"));
        assert_eq!(at(5).column.as_deref(), Some("value"));
        assert!(at(5).message.contains("without the % sign"));
        assert!(at(6).message.contains("the first is row 2"));
        assert!(at(7).message.contains("expected 6 fields"));
        assert_eq!(at(8).column.as_deref(), Some("numerator"));
        assert_eq!(at(9).column.as_deref(), Some("period"));
        assert_eq!(at(10).column.as_deref(), Some("value"));
    }

    #[test]
    fn an_unknown_organisation_is_kept_under_its_code_and_reported_once_with_its_row_count() {
        let obs = "org_code,metric,period,numerator,denominator\n\
                   RXX,ae_4hr_type1,2019-02,10,20\n\
                   RM3,ae_4hr_type1,2019-03,7749,9286\n\
                   rxx,ae_4hr_type1,2019-03,12,20\n";
        let ds = load_csv(obs).unwrap();
        assert_eq!(ds.report.rows_used, 3);
        let unknown: Vec<_> =
            ds.report.diagnostics.iter().filter(|d| d.column.as_deref() == Some("org_code")).collect();
        assert_eq!(unknown.len(), 1);
        assert_eq!(unknown[0].severity, Severity::Warning);
        assert_eq!(unknown[0].row, Some(2));
        assert!(unknown[0].message.contains("'RXX' is not in organisations.csv (2 rows"));
        let rxx = ds.organisation_index("RXX").unwrap();
        assert_eq!(ds.organisations[rxx].name, "RXX");
    }

    #[test]
    fn a_missing_required_column_fails_the_load_naming_it() {
        let err = load_csv("org_code,period,value\nRM3,2019-03,1\n").unwrap_err();
        assert_eq!(err.diagnostics[0].row, Some(1));
        assert!(err.diagnostics[0].message.contains("missing metric"), "{err}");
    }

    #[test]
    fn a_file_with_no_usable_row_is_an_error_that_lists_the_reasons() {
        let err = load_csv("org_code,metric,period,value\nRM3,nope,2019-03,1\n").unwrap_err();
        assert_eq!(err.total, 2);
        assert!(err.diagnostics[0].message.contains("'nope' is not a metric"));
        assert!(err.diagnostics[1].message.contains("no usable rows among the 1 read"));
    }

    #[test]
    fn json_observations_load_like_the_csv_and_accept_numbers_as_text() {
        let json = r#"[
            {"org_code": "RM3", "metric": "ae_4hr_type1", "period": "2019-03", "numerator": 7749, "denominator": 9286},
            {"org_code": "RM3", "metric": "ae_attendances_type1", "period": "2019-03", "value": "9286"},
            {"org_code": "RBL", "metric": "ae_4hr_type1", "period": "2019-03", "numerator": 5195, "denominator": null, "value": null}
        ]"#;
        let ds = load(
            Input::detect("obs.json", json),
            Some(Input::csv("organisations.csv", ORGS)),
            Input::json("metrics.json", METRICS),
            &mut |_, _| {},
        )
        .unwrap();
        assert_eq!(ds.report.rows_used, 2);
        assert_eq!(ds.report.rows_skipped, 1);
        let d = &ds.report.diagnostics[0];
        assert_eq!((d.file.as_str(), d.row, d.column.as_deref()), ("obs.json", Some(3), Some("denominator")));
        assert_eq!(ds.observations.value[1], Some(9286.0));
    }

    #[test]
    fn a_misspelt_json_field_fails_with_its_path() {
        let json = r#"[{"org_code": "RM3", "metric": "ae_4hr_type1", "period": "2019-03", "numerater": 1}]"#;
        let err =
            load(Input::json("obs.json", json), None, Input::json("metrics.json", METRICS), &mut |_, _| {})
                .unwrap_err();
        assert_eq!(err.diagnostics[0].column.as_deref(), Some("[0].numerater"));
        assert!(err.diagnostics[0].message.contains("'numerater' is not a field of an observation"), "{err}");
        assert!(err.to_string().contains("no usable rows among the 1 read"), "{err}");
    }

    #[test]
    fn metrics_json_leaves_out_a_metric_with_an_unknown_polarity_or_a_repeated_id_naming_their_paths() {
        let err = read_metrics("m.json", r#"[{"id": "a", "title": "A", "kind": "rate", "polarity": "up"}]"#)
            .unwrap_err();
        assert_eq!(err.diagnostics[0].column.as_deref(), Some("[0].polarity"));
        assert!(err.to_string().contains("no usable metrics among the 1"), "{err}");
        let twice = r#"[{"id": "a", "title": "A", "kind": "rate", "polarity": "noJudgement"},
                        {"id": "a", "title": "B", "kind": "value", "polarity": "noJudgement", "multiplier": 0},
                        {"id": "b", "title": "B", "kind": "value", "polarity": "noJudgement"}]"#;
        let file = read_metrics("m.json", twice).unwrap();
        let ids: Vec<&str> = file.metrics.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"], "the first a and b are kept");
        let places: Vec<&str> = file.diagnostics.iter().filter_map(|d| d.column.as_deref()).collect();
        assert_eq!(places, ["[1].id", "[1].multiplier"]);
        assert!(file.diagnostics.iter().all(|d| d.message.contains("the metric is left out")));
    }

    #[test]
    fn organisation_columns_are_numeric_only_when_every_filled_cell_is_a_number() {
        let csv = "code,name,beds,region\nA,Alpha,400,North\nB,Beta,,1\nC,Gamma,n/a,South\n,Nameless,1,x\nA,Again,1,y\n";
        let t = read_organisations(Input::csv("orgs.csv", csv)).unwrap();
        assert_eq!(t.organisations.len(), 3);
        assert_eq!(t.rows_skipped, 2);
        // "n/a" makes beds a category column; region "1" stays text because "North" is not a number.
        assert_eq!(t.organisations[0].attributes["beds"], Attribute::Text("400".into()));
        assert_eq!(t.organisations[1].attributes["region"], Attribute::Text("1".into()));
        assert!(!t.organisations[1].attributes.contains_key("beds"));
        assert_eq!(t.diagnostics[0].row, Some(5));
        assert!(t.diagnostics[1].message.contains("already appears at row 2"));
    }

    #[test]
    fn organisations_json_keeps_numbers_as_numbers() {
        let json = r#"[{"code": "RM3", "name": "Salford", "beds": 850, "region": "North", "note": null}]"#;
        let t = read_organisations(Input::detect("o.json", json)).unwrap();
        assert_eq!(t.organisations[0].number("beds"), Some(850.0));
        assert_eq!(t.organisations[0].text("region"), Some("North"));
        assert!(!t.organisations[0].attributes.contains_key("note"));
    }

    #[test]
    fn published_intervals_are_kept_and_a_half_interval_is_reported_not_used() {
        let metrics = r#"[{"id": "dsr", "title": "Mortality", "kind": "rate", "polarity": "lowerIsBetter", "multiplier": 100000}]"#;
        let obs = "org_code,metric,period,numerator,denominator,value,lower_95,upper_95,lower_99_8,upper_99_8\n\
                   E06000001,dsr,2015 - 17,120,40000,171.2,140.1,204.9,,\n\
                   E06000002,dsr,2015 - 17,100,40000,155.8,,190.0,,\n";
        let ds =
            load(Input::csv("o.csv", obs), None, Input::json("m.json", metrics), &mut |_, _| {}).unwrap();
        assert_eq!(ds.report.rows_used, 2);
        let ci = ds.observations.supplied[&0].ci95.unwrap();
        assert_eq!((ci.lower, ci.upper), (140.1, 204.9));
        assert!(ds.observations.supplied[&0].ci99_8.is_none());
        assert!(!ds.observations.supplied.contains_key(&1));
        let w = ds.report.diagnostics.iter().find(|d| d.row == Some(3)).unwrap();
        assert_eq!(w.severity, Severity::Warning);
        assert_eq!(w.column.as_deref(), Some("lower_95"));
    }

    #[test]
    fn progress_is_reported_every_block_of_rows_and_at_the_end() {
        let mut obs = String::from("org_code,metric,period,value\n");
        for i in 0..10_000 {
            obs.push_str(&format!("O{},ae_attendances_type1,2019-03,{i}\n", i));
        }
        let mut calls = Vec::new();
        let ds = load(Input::csv("o.csv", &obs), None, Input::json("m.json", METRICS), &mut |done, total| {
            calls.push((done, total))
        })
        .unwrap();
        assert_eq!(ds.report.rows_used, 10_000);
        assert_eq!(calls, vec![(4096, 10_000), (8192, 10_000), (10_000, 10_000)]);
    }

    #[test]
    fn periods_are_sorted_as_text_and_observations_follow_them() {
        let obs = "org_code,metric,period,value\nA,ae_attendances_type1,2019/20,2\nA,ae_attendances_type1,2018/19,1\n";
        let ds =
            load(Input::csv("o.csv", obs), None, Input::json("m.json", METRICS), &mut |_, _| {}).unwrap();
        assert_eq!(ds.periods, vec!["2018/19", "2019/20"]);
        assert_eq!(ds.observations.period, vec![1, 0]);
        assert_eq!(ds.observations.value, vec![Some(2.0), Some(1.0)]);
    }

    #[test]
    fn writing_then_reading_gives_back_the_same_dataset() {
        let ds = load_csv(OBS).unwrap();
        let again = load(
            Input::csv("o.csv", &write_observations_csv(&ds)),
            Some(Input::csv("g.csv", &write_organisations_csv(&ds))),
            Input::json("m.json", &write_metrics_json(&ds)),
            &mut |_, _| {},
        )
        .unwrap();
        assert_eq!(again.organisations, ds.organisations);
        assert_eq!(again.metrics, ds.metrics);
        assert_eq!(again.periods, ds.periods);
        assert_eq!(again.observations, ds.observations);
    }
}
