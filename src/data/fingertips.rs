//! The Fingertips CSV export, loaded as it comes. Fingertips (the public health profiles of PHE,
//! now OHID) offers every indicator as an "all data" CSV with one row per indicator, area, sex,
//! age, category and period, carrying the published value, its 95% and 99.8% confidence limits,
//! the count and denominator, and how the area compares with England.
//!
//! Each indicator with its sex and age becomes a [`Metric`]; each area an [`Organisation`] with
//! its area type, parent and region as attributes; England and the regions are marked as
//! aggregates ([`LEVEL_ATTRIBUTE`]) so they are never peers and England's value is the national
//! value. The published value and intervals are kept as they are (a directly standardised rate
//! cannot be recomputed from its count). The export does not say which direction is better, so
//! the polarity is read from the "Compared to England" column where it says Better or Worse, and
//! can be set by an override.
//!
//! Rows that cannot be used are counted and reported: suppressed values (with the export's
//! "Value note"), category breakdowns (deprivation deciles and the like, which are not areas),
//! and repeated rows.

use super::csv::{self, Record};
use super::encoding::unreadable_characters;
use super::tidy::PROGRESS_EVERY;
use super::{
    Attribute, Dataset, Diagnostic, DiagnosticList, LEVEL_ATTRIBUTE, LEVEL_NATIONAL, LEVEL_REGION, LoadError,
    LoadReport, Metric, MetricKind, Observations, Organisation, Polarity, SuppliedIntervals, bounded_name,
    check_code_length, shown,
};
use crate::stats::Interval;
use std::collections::{BTreeMap, HashMap};

/// The ONS code of England, the national aggregate in every export.
pub const ENGLAND_CODE: &str = "E92000001";

/// The attribution line for charts of Fingertips data.
pub const ATTRIBUTION: &str = "Source: Office for Health Improvement and Disparities, Fingertips public health \
profiles. Contains public sector information licensed under the Open Government Licence v3.0.";

/// The export's columns this importer reads, by the header text with case, spaces and
/// punctuation ignored (so `Lower CI 95.0 limit` and `Lower CI 95 limit` both match).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    IndicatorId,
    IndicatorName,
    AreaCode,
    AreaName,
    TimePeriod,
    Value,
    ParentCode,
    ParentName,
    AreaType,
    Sex,
    Age,
    CategoryType,
    Lower95,
    Upper95,
    Lower998,
    Upper998,
    Count,
    Denominator,
    ValueNote,
    ComparedToEngland,
    TimePeriodSortable,
}

const COLUMNS: [(Col, &[&str], &str); 21] = [
    (Col::IndicatorId, &["indicatorid"], "Indicator ID"),
    (Col::IndicatorName, &["indicatorname"], "Indicator Name"),
    (Col::AreaCode, &["areacode"], "Area Code"),
    (Col::AreaName, &["areaname"], "Area Name"),
    (Col::TimePeriod, &["timeperiod"], "Time period"),
    (Col::Value, &["value"], "Value"),
    (Col::ParentCode, &["parentcode"], "Parent Code"),
    (Col::ParentName, &["parentname"], "Parent Name"),
    (Col::AreaType, &["areatype"], "Area Type"),
    (Col::Sex, &["sex"], "Sex"),
    (Col::Age, &["age"], "Age"),
    (Col::CategoryType, &["categorytype"], "Category Type"),
    (Col::Lower95, &["lowerci950limit", "lowerci95limit"], "Lower CI 95.0 limit"),
    (Col::Upper95, &["upperci950limit", "upperci95limit"], "Upper CI 95.0 limit"),
    (Col::Lower998, &["lowerci998limit"], "Lower CI 99.8 limit"),
    (Col::Upper998, &["upperci998limit"], "Upper CI 99.8 limit"),
    (Col::Count, &["count"], "Count"),
    (Col::Denominator, &["denominator"], "Denominator"),
    (Col::ValueNote, &["valuenote"], "Value note"),
    (
        Col::ComparedToEngland,
        &["comparedtoenglandvalueorpercentiles", "comparedtoengland"],
        "Compared to England value or percentiles",
    ),
    (Col::TimePeriodSortable, &["timeperiodsortable"], "Time period Sortable"),
];
const REQUIRED: usize = 6;

fn normalise(header: &str) -> String {
    header.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// Column positions by [`Col`], from the header.
#[derive(Clone, Copy)]
struct Layout {
    at: [Option<usize>; COLUMNS.len()],
    width: usize,
}

impl Layout {
    fn read(file: &str, header: &Record) -> Result<Self, LoadError> {
        let mut at = [None; COLUMNS.len()];
        for (i, h) in header.fields.iter().enumerate() {
            let n = normalise(h);
            if let Some(k) = COLUMNS.iter().position(|(_, names, _)| names.contains(&n.as_str()))
                && at[k].is_none()
            {
                at[k] = Some(i);
            }
        }
        let missing: Vec<&str> = (0..REQUIRED).filter(|&k| at[k].is_none()).map(|k| COLUMNS[k].2).collect();
        if !missing.is_empty() {
            return Err(LoadError::one(Diagnostic::error(
                file,
                Some(header.line),
                Some(missing[0]),
                format!(
                    "this does not look like a Fingertips export: missing column{} {}. Download the \
                     indicator data as CSV from Fingertips and load the file unchanged",
                    if missing.len() > 1 { "s" } else { "" },
                    missing.join(", ")
                ),
            )));
        }
        Ok(Self { at, width: header.fields.len() })
    }

    fn get<'r>(&self, r: &'r Record, col: Col) -> &'r str {
        // COLUMNS lists the columns in the order of `Col`'s variants (a test checks it).
        self.at[col as usize].and_then(|i| r.fields.get(i)).map_or("", |f| f.trim())
    }
}

/// How the export compared an area with England, where it made a judgement.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Judgement {
    Better,
    Worse,
}

fn judgement(label: &str) -> Option<Judgement> {
    let l = label.trim().to_ascii_lowercase();
    if l.starts_with("better") {
        Some(Judgement::Better)
    } else if l.starts_with("worse") {
        Some(Judgement::Worse)
    } else {
        None
    }
}

/// An indicator with one sex and age: the export's unit of comparison.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct MetricKey {
    indicator: String,
    sex: String,
    age: String,
}

/// Loads a Fingertips CSV export. `overrides` are metrics whose id is an indicator id (all its
/// sex and age breakdowns) or a full metric id (one breakdown, see below); their title, unit,
/// kind, polarity, multiplier, source and target replace what the importer infers.
///
/// Metric ids are the indicator id when the export has one sex and age for it, and
/// `"{id}|{sex}|{age}"` (`"40501|Female|<75 yrs"`) when it has several. Inferred metrics are of
/// kind [`MetricKind::Value`] with multiplier 1, as the export carries the value itself, and the
/// polarity read from the "Compared to England" column.
pub fn load(
    file: &str,
    text: &str,
    overrides: &[Metric],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Dataset, LoadError> {
    let records = csv::parse(file, text).map_err(LoadError::one)?;
    let Some((header, rows)) = records.split_first() else {
        return Err(LoadError::one(Diagnostic::error(
            file,
            None,
            None,
            "the file is empty: expected a Fingertips export with its header row",
        )));
    };
    let mut reader = Reader::new(file, Layout::read(file, header)?);
    if let Some(w) = unreadable_characters(file, text) {
        reader.diagnostics.push(w);
    }
    let total = rows.len();
    for (done, r) in rows.iter().enumerate() {
        if done % PROGRESS_EVERY == 0 && done > 0 {
            progress(done, total);
        }
        if let Err(d) = reader.row(r) {
            reader.skipped += 1;
            reader.diagnostics.push(d);
        }
    }
    progress(total, total);
    reader.finish(total, overrides)
}

/// The export being read row by row into areas, metrics, periods and observations.
struct Reader<'f> {
    file: &'f str,
    layout: Layout,
    diagnostics: DiagnosticList,
    skipped: usize,
    organisations: Vec<Organisation>,
    areas: HashMap<String, u32>,
    metric_keys: Vec<(MetricKey, String)>,
    metric_index: HashMap<MetricKey, u32>,
    periods: Vec<(u64, String)>,
    period_index: HashMap<String, u32>,
    seen: HashMap<(u32, u32, u32), usize>,
    /// Category type -> (first row, rows).
    categories: BTreeMap<String, (usize, usize)>,
    judgements: Vec<(u32, u32, u32, f64, Judgement)>,
    observations: Observations,
}

impl<'f> Reader<'f> {
    fn new(file: &'f str, layout: Layout) -> Self {
        Self {
            file,
            layout,
            diagnostics: DiagnosticList::default(),
            skipped: 0,
            organisations: Vec::new(),
            areas: HashMap::new(),
            metric_keys: Vec::new(),
            metric_index: HashMap::new(),
            periods: Vec::new(),
            period_index: HashMap::new(),
            seen: HashMap::new(),
            categories: BTreeMap::new(),
            judgements: Vec::new(),
            observations: Observations::default(),
        }
    }

    /// Reads one row into the dataset; an error (or a warning) is the reason it is skipped.
    fn row(&mut self, r: &Record) -> Result<(), Diagnostic> {
        let file = self.file;
        let error =
            |column: Option<&str>, message: String| Diagnostic::error(file, Some(r.line), column, message);
        if r.fields.len() != self.layout.width {
            return Err(error(
                None,
                format!(
                    "expected {} fields as in the header, found {}: the file may have been cut short or edited",
                    self.layout.width,
                    r.fields.len()
                ),
            ));
        }
        let layout = self.layout;
        let get = |c: Col| layout.get(r, c);
        let category_type = get(Col::CategoryType);
        if !category_type.is_empty() {
            // Breakdowns by deprivation decile, ethnicity and so on describe groups of people,
            // not areas; they are counted and reported once per category type.
            self.skipped += 1;
            let name = shown(category_type).into_owned();
            self.categories.entry(name).or_insert((r.line, 0)).1 += 1;
            return Ok(());
        }
        let (indicator, code, period) = (get(Col::IndicatorId), get(Col::AreaCode), get(Col::TimePeriod));
        let fields = [("Indicator ID", indicator), ("Area Code", code), ("Time period", period)];
        if let Some((column, _)) = fields.iter().find(|(_, v)| v.is_empty()) {
            return Err(error(Some(column), format!("the {column} is empty: the row cannot be placed")));
        }
        for (column, v) in fields {
            check_code_length(file, Some(r.line), column, v)?;
        }
        let value = self.value(r)?;
        let (count, denominator, ci95, ci99_8) = self.optional_numbers(r);
        let metric = self.metric(r, indicator);
        let org = self.area(r, code);
        let period_id = self.period(r, period);
        if let Some(&first) = self.seen.get(&(org, metric, period_id)) {
            return Err(error(
                Some("Area Code"),
                format!(
                    "{code} appears again for indicator {indicator} ({}, {}) in {period} (first at row {first}), \
                     perhaps under another area type: the repeat is not used",
                    shown(get(Col::Sex)),
                    shown(get(Col::Age))
                ),
            ));
        }
        self.seen.insert((org, metric, period_id), r.line);
        if let Some(j) = judgement(get(Col::ComparedToEngland)) {
            self.judgements.push((metric, period_id, org, value, j));
        }
        self.observations.push(org, metric, period_id, count, denominator, Some(value));
        self.observations.supply_last(SuppliedIntervals { ci95, ci99_8 });
        Ok(())
    }

    /// The row's value; a blank one (suppressed, with its "Value note") skips the row with a
    /// warning, a value that is not a number with an error.
    fn value(&self, r: &Record) -> Result<f64, Diagnostic> {
        let layout = self.layout;
        let get = |c: Col| layout.get(r, c);
        let (raw, code, period) = (get(Col::Value), get(Col::AreaCode), get(Col::TimePeriod));
        match parse(raw) {
            Ok(Some(v)) => Ok(v),
            Ok(None) => {
                let note = get(Col::ValueNote);
                Err(Diagnostic::warning(
                    self.file,
                    Some(r.line),
                    Some("Value"),
                    if note.is_empty() {
                        format!("no value for {code} in {period}: the row is not used")
                    } else {
                        format!(
                            "no value for {code} in {period} (Value note: '{}'): the row is not used",
                            shown(note)
                        )
                    },
                ))
            }
            Err(()) => Err(Diagnostic::error(
                self.file,
                Some(r.line),
                Some("Value"),
                format!("'{}' is not a number: the row is not used", shown(raw)),
            )),
        }
    }

    /// Count, denominator and the published intervals: a bad one is reported and left out; the
    /// row keeps its value.
    fn optional_numbers(
        &mut self,
        r: &Record,
    ) -> (Option<f64>, Option<f64>, Option<Interval>, Option<Interval>) {
        let (file, layout, diagnostics) = (self.file, &self.layout, &mut self.diagnostics);
        let mut optional = |col: Col, name: &str| match parse(layout.get(r, col)) {
            Ok(x) => x,
            Err(()) => {
                diagnostics.push(Diagnostic::warning(
                    file,
                    Some(r.line),
                    Some(name),
                    format!(
                        "'{}' is not a number: left out, the value is still used",
                        shown(layout.get(r, col))
                    ),
                ));
                None
            }
        };
        let count = optional(Col::Count, "Count");
        let denominator = optional(Col::Denominator, "Denominator");
        let ci95 = pair(
            optional(Col::Lower95, "Lower CI 95.0 limit"),
            optional(Col::Upper95, "Upper CI 95.0 limit"),
        );
        let ci99_8 = pair(
            optional(Col::Lower998, "Lower CI 99.8 limit"),
            optional(Col::Upper998, "Upper CI 99.8 limit"),
        );
        (count, denominator, ci95, ci99_8)
    }

    /// The metric of the row's indicator, sex and age, created on first sight.
    fn metric(&mut self, r: &Record, indicator: &str) -> u32 {
        let layout = self.layout;
        let get = |c: Col| layout.get(r, c);
        let key = MetricKey {
            indicator: indicator.to_string(),
            sex: shown(get(Col::Sex)).into_owned(),
            age: shown(get(Col::Age)).into_owned(),
        };
        if let Some(&m) = self.metric_index.get(&key) {
            return m;
        }
        let m = self.metric_keys.len() as u32;
        let (file, diagnostics) = (self.file, &mut self.diagnostics);
        let name = bounded_name(file, Some(r.line), "Indicator Name", get(Col::IndicatorName), &mut |d| {
            diagnostics.push(d)
        });
        self.metric_keys.push((key.clone(), name));
        self.metric_index.insert(key, m);
        m
    }

    /// The row's area, created on first sight.
    fn area(&mut self, r: &Record, code: &str) -> u32 {
        if let Some(&i) = self.areas.get(&code.to_ascii_uppercase()) {
            return i;
        }
        let layout = self.layout;
        let get = |c: Col| layout.get(r, c);
        let (file, diagnostics) = (self.file, &mut self.diagnostics);
        let mut name = |column: &str, text: &str| {
            bounded_name(file, Some(r.line), column, text, &mut |d| diagnostics.push(d))
        };
        let area_name = name("Area Name", get(Col::AreaName));
        let area_type = name("Area Type", get(Col::AreaType));
        let parent_name = name("Parent Name", get(Col::ParentName));
        let parent_code = shown(get(Col::ParentCode));
        let i = self.organisations.len() as u32;
        self.organisations.push(area(code, &area_name, &area_type, &parent_code, &parent_name));
        self.areas.insert(code.to_ascii_uppercase(), i);
        i
    }

    /// The row's period, created on first sight with its "Time period Sortable" key.
    fn period(&mut self, r: &Record, period: &str) -> u32 {
        if let Some(&p) = self.period_index.get(period) {
            return p;
        }
        let sortable = self.layout.get(r, Col::TimePeriodSortable).parse::<u64>().unwrap_or(u64::MAX);
        let p = self.periods.len() as u32;
        self.periods.push((sortable, period.to_string()));
        self.period_index.insert(period.to_string(), p);
        p
    }

    /// The dataset: periods in time order, polarities inferred, overrides applied.
    fn finish(mut self, total: usize, overrides: &[Metric]) -> Result<Dataset, LoadError> {
        let file = self.file;
        for (category_type, (first, count)) in &self.categories {
            self.diagnostics.push(Diagnostic::warning(
                file,
                Some(*first),
                Some("Category Type"),
                format!(
                    "{count} row{} from here break areas down by '{category_type}': categories are groups of \
                     people, not areas to benchmark, so they are not used",
                    if *count == 1 { "" } else { "s" }
                ),
            ));
        }
        let rows_used = self.observations.len();
        if rows_used == 0 {
            let mut errors = self.diagnostics.finish(file);
            errors.push(Diagnostic::error(
                file,
                None,
                None,
                format!("no usable rows among the {total} read"),
            ));
            let count = errors.len();
            errors.truncate(LoadError::KEPT);
            return Err(LoadError { diagnostics: errors, total: count });
        }
        // Polarity before the periods are remapped: judgements hold the provisional period indices.
        let england = self
            .organisations
            .iter()
            .position(|o| o.text(LEVEL_ATTRIBUTE) == Some(LEVEL_NATIONAL))
            .map(|i| i as u32);
        let polarities = infer_polarities(&self.metric_keys, &self.judgements, &self.observations, england);
        // Periods in time order by "Time period Sortable" (then text); remap the row indices.
        let mut order: Vec<u32> = (0..self.periods.len() as u32).collect();
        crate::order::sort_by(&mut order, |&a, &b| self.periods[a as usize].cmp(&self.periods[b as usize]));
        let mut remap = vec![0u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            remap[old as usize] = new as u32;
        }
        for p in &mut self.observations.period {
            *p = remap[*p as usize];
        }
        let period_names =
            order.iter().map(|&old| std::mem::take(&mut self.periods[old as usize].1)).collect();
        let metrics = build_metrics(&self.metric_keys, &polarities, overrides, file, &mut self.diagnostics);
        Ok(Dataset {
            organisations: self.organisations,
            metrics,
            periods: period_names,
            observations: self.observations,
            report: LoadReport {
                rows_read: total,
                rows_used,
                rows_skipped: self.skipped,
                diagnostics: self.diagnostics.finish(file),
            },
            attribution: ATTRIBUTION.to_string(),
        })
    }
}

/// A cell as a number: blank is missing, anything else must parse.
fn parse(raw: &str) -> Result<Option<f64>, ()> {
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(Some(x)),
        _ => Err(()),
    }
}

fn pair(lower: Option<f64>, upper: Option<f64>) -> Option<Interval> {
    match (lower, upper) {
        (Some(lower), Some(upper)) if lower <= upper => Some(Interval { lower, upper }),
        _ => None,
    }
}

/// An area as an organisation: England and regions are marked as aggregates; a local area whose
/// parent is a region (ONS code E12...) gets that region as its `region`.
fn area(code: &str, name: &str, area_type: &str, parent_code: &str, parent_name: &str) -> Organisation {
    let mut attributes = BTreeMap::new();
    let text = |s: &str| Attribute::Text(s.to_string());
    if !area_type.is_empty() {
        attributes.insert("area_type".to_string(), text(area_type));
    }
    let lower_type = area_type.to_ascii_lowercase();
    let level = if code.eq_ignore_ascii_case(ENGLAND_CODE) || lower_type == "england" {
        Some(LEVEL_NATIONAL)
    } else if lower_type.starts_with("region") || code.starts_with("E12") {
        Some(LEVEL_REGION)
    } else {
        None
    };
    if let Some(level) = level {
        attributes.insert(LEVEL_ATTRIBUTE.to_string(), text(level));
    }
    if level.is_none() && !parent_code.is_empty() {
        attributes.insert("parent_code".to_string(), text(parent_code));
        if !parent_name.is_empty() {
            attributes.insert("parent_name".to_string(), text(parent_name));
            if parent_code.starts_with("E12") {
                attributes.insert("region".to_string(), text(parent_name));
            }
        }
    }
    Organisation {
        code: code.to_string(),
        name: if name.is_empty() { code } else { name }.to_string(),
        attributes,
    }
}

/// What the "Compared to England" column says about direction, per metric: a Better area above
/// England's value (or a Worse one below it) is a vote for higher-is-better, and the reverse for
/// lower-is-better. Areas equal to England cast no vote.
fn infer_polarities(
    keys: &[(MetricKey, String)],
    judgements: &[(u32, u32, u32, f64, Judgement)],
    observations: &Observations,
    england: Option<u32>,
) -> Vec<Inferred> {
    let mut out = vec![Inferred::default(); keys.len()];
    let Some(england) = england else { return out };
    let mut england_value: HashMap<(u32, u32), f64> = HashMap::new();
    for i in 0..observations.len() {
        if observations.org[i] == england
            && let Some(v) = observations.value[i]
        {
            england_value.insert((observations.metric[i], observations.period[i]), v);
        }
    }
    for &(metric, period, _org, value, j) in judgements {
        let Some(&e) = england_value.get(&(metric, period)) else {
            continue;
        };
        let higher = match value.total_cmp(&e) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Equal => continue,
        };
        let vote = match (j, higher) {
            (Judgement::Better, true) | (Judgement::Worse, false) => Polarity::HigherIsBetter,
            _ => Polarity::LowerIsBetter,
        };
        let slot = &mut out[metric as usize];
        match vote {
            Polarity::HigherIsBetter => slot.higher += 1,
            _ => slot.lower += 1,
        }
    }
    out
}

#[derive(Clone, Copy, Default)]
struct Inferred {
    higher: usize,
    lower: usize,
}

fn build_metrics(
    keys: &[(MetricKey, String)],
    inferred: &[Inferred],
    overrides: &[Metric],
    file: &str,
    diagnostics: &mut DiagnosticList,
) -> Vec<Metric> {
    let mut breakdowns: HashMap<&str, usize> = HashMap::new();
    for (k, _) in keys {
        *breakdowns.entry(k.indicator.as_str()).or_default() += 1;
    }
    keys.iter()
        .zip(inferred)
        .map(|((key, name), votes)| {
            let single = breakdowns.get(key.indicator.as_str()).copied().unwrap_or(1) == 1;
            let id = if single {
                key.indicator.clone()
            } else {
                format!("{}|{}|{}", key.indicator, key.sex, key.age)
            };
            let breakdown: Vec<&str> = [key.sex.as_str(), key.age.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            let suffix = if breakdown.is_empty() {
                String::new()
            } else {
                format!(" ({})", breakdown.join(", "))
            };
            if let Some(o) = overrides
                .iter()
                .find(|o| o.id == id)
                .or_else(|| overrides.iter().find(|o| o.id == key.indicator))
            {
                return Metric {
                    id,
                    title: format!("{}{suffix}", o.title),
                    ..o.clone()
                };
            }
            let polarity = match (votes.higher, votes.lower) {
                (h, 0) if h > 0 => Polarity::HigherIsBetter,
                (0, l) if l > 0 => Polarity::LowerIsBetter,
                (h, l) => {
                    diagnostics.push(Diagnostic::warning(
                        file,
                        None,
                        Some("Compared to England value or percentiles"),
                        if h + l == 0 {
                            format!(
                                "which direction is better for indicator {id} is not known (no Better or Worse \
                                 judgement against England in the export): comparisons say higher or lower; \
                                 give its polarity in a metrics override to judge better or worse"
                            )
                        } else {
                            format!(
                                "the export's Better/Worse judgements for indicator {id} disagree ({h} say \
                                 higher is better, {l} lower): no polarity is assumed; give it in an override"
                            )
                        },
                    ));
                    Polarity::NoJudgement
                }
            };
            Metric {
                id: id.clone(),
                title: format!("{name}{suffix}"),
                unit: String::new(),
                kind: MetricKind::Value,
                polarity,
                multiplier: 1.0,
                source: format!("OHID Fingertips, indicator {}", key.indicator),
                target: None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Severity;

    const FIXTURE: &str = include_str!("../../tests/fixtures/fingertips/fingertips_export.csv");
    const HEADER: &str = "Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,\
Category Type,Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,Lower CI 99.8 limit,\
Upper CI 99.8 limit,Count,Denominator,Value note,Recent Trend,Compared to England value or percentiles,\
Compared to Region value or percentiles,Time period Sortable,New data,Compared to goal";

    fn no_progress() -> impl FnMut(usize, usize) {
        |_, _| {}
    }

    #[test]
    fn columns_are_listed_in_the_order_of_their_variants() {
        for (i, (col, _, _)) in COLUMNS.iter().enumerate() {
            assert_eq!(*col as usize, i);
        }
    }

    #[test]
    fn the_fixture_export_loads_every_row_with_areas_regions_and_values() {
        let ds = load("fingertips_export.csv", FIXTURE, &[], &mut no_progress()).unwrap();
        // 12 + 23 rows of indicator 40501 and 12 + 15 rows of 90366.
        assert_eq!(ds.report.rows_read, 62);
        assert_eq!(ds.report.rows_used, 62);
        assert_eq!(ds.report.rows_skipped, 0);
        assert_eq!(ds.periods, vec!["2014 - 16"]);
        let ids: Vec<&str> = ds.metrics.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, vec!["40501", "90366"]);
        assert_eq!(ds.metrics[0].title, "Under 75 mortality rate from cancer (Female, <75 yrs)");
        // North East areas carry both indicators: 12 + 23 + 15 distinct areas.
        assert_eq!(ds.organisations.len(), 50);
        let hartlepool = &ds.organisations[ds.organisation_index("E06000001").unwrap()];
        assert_eq!(hartlepool.name, "Hartlepool");
        assert_eq!(hartlepool.text("region"), Some("North East region"));
        assert_eq!(hartlepool.text("area_type"), Some("County & UA"));
        assert!(!hartlepool.is_aggregate());
        // Hartlepool's cancer mortality as published: 171.2170455.
        let figs = ds.aggregate(0, 0, 0);
        let f = figs.iter().find(|f| ds.organisations[f.org].code == "E06000001").unwrap();
        assert_eq!(f.value, Some(171.2170455));
        // No England row and no Better/Worse column: polarity unknown, said once per metric.
        assert!(ds.metrics.iter().all(|m| m.polarity == Polarity::NoJudgement));
        let warnings: Vec<_> =
            ds.report.diagnostics.iter().filter(|d| d.severity == Severity::Warning).collect();
        assert_eq!(warnings.len(), 2);
        assert!(warnings[0].message.contains("indicator 40501 is not known"));
        assert_eq!(ds.national_index(), None);
    }

    #[test]
    fn england_is_national_polarity_comes_from_better_and_worse_and_intervals_are_kept() {
        let text = format!(
            "{HEADER}\n\
92,Mortality,,,E92000001,England,England,Persons,All ages,,,2016 - 18,100.5,99.1,101.9,98.2,102.8,4000,3980000,,,,,20160000,,\n\
92,Mortality,E92000001,England,E12000001,North East region,Region,Persons,All ages,,,2016 - 18,120.2,,,,,,,,,Worse,,20160000,,\n\
92,Mortality,E12000001,North East region,E06000001,Hartlepool,County & UA,Persons,All ages,,,2016 - 18,131.0,118.0,145.1,111.5,152.9,120,92000,,,Worse,,20160000,,\n\
92,Mortality,E12000001,North East region,E06000002,Middlesbrough,County & UA,Persons,All ages,,,2016 - 18,90.0,80.0,101.0,75.0,107.0,100,111000,,,Better,,20160000,,\n\
92,Mortality,E12000001,North East region,E06000003,Redcar,County & UA,Persons,All ages,,,2015 - 17,,,,,,,,*,,,,20150000,,\n\
92,Mortality,E12000001,North East region,E06000003,Redcar,County & UA,Persons,All ages,,,2015 - 17,105.0,,,,,,,,,Similar,,20150000,,\n\
92,Mortality,E12000001,North East region,E06000003,Redcar,County & UA,Persons,All ages,,,2015 - 17,105.0,,,,,,,,,Similar,,20150000,,\n\
92,Mortality,E12000001,North East region,E06000003,Redcar,County & UA,Persons,All ages,County & UA deprivation deciles,Most deprived decile,2015 - 17,140.0,,,,,,,,,,,20150000,,\n\
92,Mortality,E12000001,North East region,E06000003,Redcar,County & UA,Persons,All ages,County & UA deprivation deciles,Least deprived decile,2015 - 17,80.0,,,,,,,,,,,20150000,,\n\
92,Mortality,E12000001,North East region,E06000004,Stockton,County & UA,Persons,All ages,,,2016 - 18,x,,,,,,,,,,,20160000,,\n"
        );
        let ds = load("export.csv", &text, &[], &mut no_progress()).unwrap();
        assert_eq!(ds.report.rows_read, 10);
        // Used: England, the region, Hartlepool, Middlesbrough and Redcar's first valued row.
        assert_eq!(ds.report.rows_used, 5);
        // Skipped: the suppressed row, the repeat, two decile rows and the text value.
        assert_eq!(ds.report.rows_skipped, 5);
        let d = &ds.report.diagnostics;
        let at = |row: usize| d.iter().find(|d| d.row == Some(row)).unwrap();
        assert!(at(6).message.contains("(Value note: '*')"));
        assert!(at(8).message.contains("first at row 7"));
        assert_eq!(at(9).column.as_deref(), Some("Category Type"));
        assert!(at(9).message.starts_with("2 rows from here"));
        assert_eq!(at(11).severity, Severity::Error);
        // Hartlepool (131.0) above England (100.5) is Worse and Middlesbrough (90.0) below it is
        // Better: both say lower is better. The region's Worse (120.2 > 100.5) agrees.
        assert_eq!(ds.metrics[0].polarity, Polarity::LowerIsBetter);
        assert_eq!(ds.metrics[0].id, "92");
        let england = ds.national_index().unwrap();
        assert_eq!(ds.organisations[england].code, ENGLAND_CODE);
        let region = ds.organisation_index("E12000001").unwrap();
        assert!(ds.organisations[region].is_aggregate());
        // Periods in time order by the sortable column.
        assert_eq!(ds.periods, vec!["2015 - 17", "2016 - 18"]);
        let hartlepool_row = (0..ds.observations.len())
            .find(|&i| ds.organisations[ds.observations.org[i] as usize].code == "E06000001")
            .unwrap();
        let s = ds.observations.supplied[&hartlepool_row];
        assert_eq!(s.ci95, Some(Interval { lower: 118.0, upper: 145.1 }));
        assert_eq!(s.ci99_8, Some(Interval { lower: 111.5, upper: 152.9 }));
        assert_eq!(ds.observations.numerator[hartlepool_row], Some(120.0));
        assert_eq!(ds.observations.denominator[hartlepool_row], Some(92000.0));
    }

    #[test]
    fn several_breakdowns_of_one_indicator_get_their_own_ids_and_overrides_apply_to_all() {
        let text = format!(
            "{HEADER}\n\
7,Smoking,,,E06000001,Hartlepool,County & UA,Male,18+ yrs,,,2019,20.1,,,,,,,,,,,20190000,,\n\
7,Smoking,,,E06000001,Hartlepool,County & UA,Female,18+ yrs,,,2019,17.3,,,,,,,,,,,20190000,,\n"
        );
        let over = Metric {
            id: "7".into(),
            title: "Smoking prevalence in adults".into(),
            unit: "%".into(),
            kind: MetricKind::Proportion,
            polarity: Polarity::LowerIsBetter,
            multiplier: 100.0,
            source: "APS".into(),
            target: None,
        };
        let ds = load("e.csv", &text, &[over], &mut no_progress()).unwrap();
        let ids: Vec<&str> = ds.metrics.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, vec!["7|Male|18+ yrs", "7|Female|18+ yrs"]);
        assert_eq!(ds.metrics[1].title, "Smoking prevalence in adults (Female, 18+ yrs)");
        assert_eq!(ds.metrics[1].polarity, Polarity::LowerIsBetter);
        assert_eq!(ds.metrics[1].unit, "%");
        assert!(ds.report.diagnostics.is_empty());
    }

    #[test]
    fn a_file_that_is_not_a_fingertips_export_says_which_columns_are_missing() {
        let err =
            load("x.csv", "org_code,metric,period,value\nA,b,c,1\n", &[], &mut no_progress()).unwrap_err();
        let d = &err.diagnostics[0];
        assert_eq!(d.row, Some(1));
        assert!(
            d.message
                .contains("missing columns Indicator ID, Indicator Name, Area Code, Area Name, Time period")
        );
    }

    #[test]
    fn a_huge_area_name_is_cut_a_huge_code_skipped_and_unreadable_characters_reported() {
        let long_name = "Hartlepool ".repeat(10_000);
        let long_code = "E".repeat(100_000);
        let text = format!(
            "{HEADER}\n\
7,Smoking,,,E06000001,{long_name},County & UA,Male,18+ yrs,,,2019,20.1,,,,,,,,,,,20190000,,\n\
7,Smoking,,,{long_code},Somewhere,County & UA,Male,18+ yrs,,,2019,20.1,,,,,,,,,,,20190000,,\n\
7,Sm\u{fffd}king,,,E06000002,Middlesbrough,County & UA,Male,18+ yrs,,,2019,17.3,,,,,,,,,,,20190000,,\n"
        );
        let ds = load("e.csv", &text, &[], &mut no_progress()).unwrap();
        assert_eq!((ds.report.rows_used, ds.report.rows_skipped), (2, 1));
        assert_eq!(ds.organisations[0].name.chars().count(), crate::data::MAX_NAME_CHARS);
        let d = &ds.report.diagnostics;
        assert!(d.iter().any(|d| d.row == Some(2) && d.column.as_deref() == Some("Area Name")), "{d:?}");
        assert!(d.iter().any(|d| d.row == Some(3) && d.severity == Severity::Error));
        assert!(d.iter().any(|d| d.row == Some(4) && d.message.contains("CSV UTF-8")));
        assert!(d.iter().all(|d| d.message.len() < 1_000), "messages quote at most the start of a cell");
    }
}
