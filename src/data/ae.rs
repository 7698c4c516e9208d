//! The bundled real data: NHS England A&E attendances and 4-hour breaches by provider, department
//! type and month (2016-2019, tidied by NHS-R's NHSRdatasets), with names and regions from the ODS
//! list of NHS trusts. Loading turns it into the tidy model with derived metrics.
//!
//! Contains public sector information licensed under the Open Government Licence v3.0. Sources:
//! NHS England, A&E Attendances and Emergency Admissions; NHS Digital, Organisation Data Service.

use super::csv::{self, Record};
use super::encoding::unreadable_characters;
use super::ods;
use super::{
    Attribute, Dataset, Diagnostic, DiagnosticList, LoadError, LoadReport, Metric, MetricKind, Observations,
    Organisation, Polarity, check_code_length, shown,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The attribution line for charts of this data; a loaded file's names the months it covers
/// ([`attribution`]).
pub const ATTRIBUTION: &str = "Source: NHS England, A&E Attendances and Emergency Admissions, via NHS-R NHSRdatasets; \
NHS Digital ODS. Contains public sector information licensed under the Open Government Licence v3.0.";

/// The attribution of a loaded file: [`ATTRIBUTION`] with the months its periods (ISO dates, in
/// order) cover, "April 2016 to March 2019", so every chart's source line dates its data.
pub fn attribution(periods: &[String]) -> String {
    let month = |iso: &str| {
        let m: usize = iso.get(5..7)?.parse().ok()?;
        Some(format!("{} {}", super::MONTH_NAMES.get(m.checked_sub(1)?)?, iso.get(..4)?))
    };
    let when = match (periods.first().and_then(|p| month(p)), periods.last().and_then(|p| month(p))) {
        (Some(a), Some(b)) if a != b => format!("{a} to {b}"),
        (Some(a), _) => a,
        _ => return ATTRIBUTION.to_string(),
    };
    ATTRIBUTION.replacen("Emergency Admissions,", &format!("Emergency Admissions, {when},"), 1)
}

/// The metric ids derived from the A&E file.
pub const FOUR_HOUR_TYPE1: &str = "ae_4hr_type1";
pub const FOUR_HOUR_ALL: &str = "ae_4hr_all";
pub const ADMISSIONS_PER_100_TYPE1: &str = "ae_admissions_per_100_type1";
pub const ATTENDANCES_TYPE1: &str = "ae_attendances_type1";
pub const FOUR_HOUR_TYPE2: &str = "ae_4hr_type2";
pub const FOUR_HOUR_OTHER: &str = "ae_4hr_other";
pub const ATTENDANCES_ALL: &str = "ae_attendances_all";

/// Numeric organisation attributes derived from the latest 12 months of the file, for
/// nearest-neighbour peer groups: size (attendances) and case mix (admissions per 100).
pub const ATTR_TYPE1_ATTENDANCES_12M: &str = "type1_attendances_12m";
pub const ATTR_ALL_ATTENDANCES_12M: &str = "all_attendances_12m";
pub const ATTR_ADMISSIONS_PER_100_12M: &str = "type1_admissions_per_100_12m";

const COLUMNS: [&str; 6] = ["period", "org_code", "type", "attendances", "breaches", "admissions"];

/// The metrics derived from the A&E file, in the order they are offered.
pub fn metrics() -> Vec<Metric> {
    let source = "NHS England A&E Attendances and Emergency Admissions".to_string();
    vec![
        Metric {
            id: FOUR_HOUR_TYPE1.into(),
            title: "A&E 4-hour performance, type 1 departments".into(),
            unit: "%".into(),
            kind: MetricKind::Proportion,
            polarity: Polarity::HigherIsBetter,
            multiplier: 100.0,
            source: source.clone(),
            target: Some(95.0),
        },
        Metric {
            id: FOUR_HOUR_ALL.into(),
            title: "A&E 4-hour performance, all department types".into(),
            unit: "%".into(),
            kind: MetricKind::Proportion,
            polarity: Polarity::HigherIsBetter,
            multiplier: 100.0,
            source: source.clone(),
            target: Some(95.0),
        },
        Metric {
            id: ADMISSIONS_PER_100_TYPE1.into(),
            title: "Emergency admissions via type 1 A&E per 100 attendances".into(),
            unit: "per 100 attendances".into(),
            kind: MetricKind::Proportion,
            polarity: Polarity::NoJudgement,
            multiplier: 100.0,
            source: source.clone(),
            target: None,
        },
        Metric {
            id: ATTENDANCES_TYPE1.into(),
            title: "Type 1 A&E attendances".into(),
            unit: "attendances".into(),
            kind: MetricKind::Value,
            polarity: Polarity::NoJudgement,
            multiplier: 1.0,
            source: source.clone(),
            target: None,
        },
        Metric {
            id: FOUR_HOUR_TYPE2.into(),
            title: "A&E 4-hour performance, type 2 (single-specialty) departments".into(),
            unit: "%".into(),
            kind: MetricKind::Proportion,
            polarity: Polarity::HigherIsBetter,
            multiplier: 100.0,
            source: source.clone(),
            target: Some(95.0),
        },
        Metric {
            id: FOUR_HOUR_OTHER.into(),
            title: "A&E 4-hour performance, other departments (urgent treatment centres, walk-in centres)"
                .into(),
            unit: "%".into(),
            kind: MetricKind::Proportion,
            polarity: Polarity::HigherIsBetter,
            multiplier: 100.0,
            source: source.clone(),
            target: Some(95.0),
        },
        Metric {
            id: ATTENDANCES_ALL.into(),
            title: "A&E attendances, all department types".into(),
            unit: "attendances".into(),
            kind: MetricKind::Value,
            polarity: Polarity::NoJudgement,
            multiplier: 1.0,
            source,
            target: None,
        },
    ]
}

/// Reads the ODS `etr.csv` list (no header) through [`super::ods`]: code, name, national
/// grouping, local office, ...
/// The ODS trust list alone, as a dataset of organisations (names, regions) with no
/// observations: what maturity views need for names and peer groups. Rows that cannot be used
/// are skipped and reported in the dataset's report.
pub fn organisations(ods_file: &str, ods_text: &str) -> Result<Dataset, LoadError> {
    let trusts = read_trusts(ods_file, ods_text)?;
    let report = LoadReport {
        rows_read: trusts.rows_read,
        rows_used: trusts.organisations.len(),
        rows_skipped: trusts.rows_read - trusts.organisations.len(),
        diagnostics: trusts.diagnostics.finish(ods_file),
    };
    Ok(Dataset {
        organisations: trusts.organisations,
        report,
        attribution: ATTRIBUTION.to_string(),
        ..Dataset::default()
    })
}

/// The trust list as read: the trusts, and what was wrong with the rows left out.
struct TrustList {
    organisations: Vec<Organisation>,
    rows_read: usize,
    diagnostics: DiagnosticList,
}

fn read_trusts(file: &str, text: &str) -> Result<TrustList, LoadError> {
    let list = ods::read_etr(file, text)?;
    let mut diagnostics = DiagnosticList::default();
    for d in list.diagnostics.iter().cloned() {
        diagnostics.push(d);
    }
    Ok(TrustList { organisations: list.organisations(), rows_read: list.rows_read, diagnostics })
}

fn collect(mut errors: Vec<Diagnostic>) -> LoadError {
    let total = errors.len();
    errors.truncate(LoadError::KEPT);
    LoadError { diagnostics: errors, total }
}

fn parse_count(file: &str, r: &Record, col: usize, name: &str) -> Result<f64, Diagnostic> {
    let raw = r.fields[col].trim();
    match raw.parse::<u64>() {
        Ok(v) => Ok(v as f64),
        Err(_) => Err(Diagnostic::error(
            file,
            Some(r.line),
            Some(name),
            format!("'{}' is not a whole number of at least 0: counts must be plain digits", shown(raw)),
        )),
    }
}

/// One validated A&E row.
struct AeRow {
    period: String,
    org: String,
    dept: DeptType,
    attendances: f64,
    breaches: f64,
    admissions: f64,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum DeptType {
    Type1,
    Type2,
    Other,
}

fn parse_ae_row(file: &str, r: &Record, cols: &[usize; 6]) -> Result<AeRow, Diagnostic> {
    let field = |i: usize| r.fields[cols[i]].trim();
    let period = field(0);
    let valid_period = period.len() == 10
        && period.is_ascii()
        && period.as_bytes()[4] == b'-'
        && period.as_bytes()[7] == b'-'
        && period[..4].parse::<u16>().is_ok()
        && period[5..7].parse::<u8>().is_ok_and(|m| (1..=12).contains(&m))
        && period[8..].parse::<u8>().is_ok_and(|d| (1..=31).contains(&d));
    if !valid_period {
        return Err(Diagnostic::error(
            file,
            Some(r.line),
            Some("period"),
            format!("'{}' is not a date in the form YYYY-MM-DD (the first day of the month)", shown(period)),
        ));
    }
    let org = field(1);
    if org.is_empty() {
        return Err(Diagnostic::error(
            file,
            Some(r.line),
            Some("org_code"),
            "the organisation code is empty",
        ));
    }
    check_code_length(file, Some(r.line), "org_code", org)?;
    let dept = match field(2) {
        "1" => DeptType::Type1,
        "2" => DeptType::Type2,
        "other" | "3" | "4" => DeptType::Other,
        t => {
            return Err(Diagnostic::error(
                file,
                Some(r.line),
                Some("type"),
                format!("'{}' is not an A&E department type: use 1, 2 or other", shown(t)),
            ));
        }
    };
    let attendances = parse_count(file, r, cols[3], "attendances")?;
    let breaches = parse_count(file, r, cols[4], "breaches")?;
    let admissions = parse_count(file, r, cols[5], "admissions")?;
    if breaches > attendances {
        return Err(Diagnostic::error(
            file,
            Some(r.line),
            Some("breaches"),
            format!(
                "{breaches} breaches is more than the {attendances} attendances: breaches are a subset of attendances"
            ),
        ));
    }
    Ok(AeRow { period: period.to_string(), org: org.to_string(), dept, attendances, breaches, admissions })
}

/// The A&E rows as read: the usable ones, how many there were, and what was wrong with the rest.
struct AeRows {
    rows: Vec<AeRow>,
    rows_read: usize,
    diagnostics: DiagnosticList,
}

/// Finds the columns by the header and validates each row; a bad or repeated row is skipped
/// and reported, a missing column fails the load.
fn read_ae_rows(file: &str, text: &str) -> Result<AeRows, LoadError> {
    let records = csv::parse(file, text).map_err(LoadError::one)?;
    let Some((header, rows)) = records.split_first() else {
        return Err(LoadError::one(Diagnostic::error(
            file,
            None,
            None,
            "the file is empty: expected a header row",
        )));
    };
    let cols = ae_columns(file, header)?;
    let width = cols.iter().copied().max().unwrap_or(0) + 1;
    let mut diagnostics = DiagnosticList::default();
    if let Some(w) = unreadable_characters(file, text) {
        diagnostics.push(w);
    }
    let mut parsed = Vec::with_capacity(rows.len());
    let mut seen: HashMap<(String, String, DeptType), usize> = HashMap::new();
    for r in rows {
        if r.fields.len() < width {
            diagnostics.push(Diagnostic::error(
                file,
                Some(r.line),
                None,
                format!("expected {} fields as in the header, found {}", header.fields.len(), r.fields.len()),
            ));
            continue;
        }
        match parse_ae_row(file, r, &cols) {
            Ok(row) => {
                let key = (row.period.clone(), row.org.clone(), row.dept);
                if let Some(first) = seen.get(&key) {
                    diagnostics.push(Diagnostic::error(
                        file,
                        Some(r.line),
                        None,
                        format!(
                            "a second row for {}, {}, department type {} (the first is row {first}): the repeat \
                             is not used, so it is not counted twice",
                            row.org,
                            row.period,
                            r.fields[cols[2]].trim()
                        ),
                    ));
                } else {
                    seen.insert(key, r.line);
                    parsed.push(row);
                }
            }
            Err(d) => diagnostics.push(d),
        }
    }
    if parsed.is_empty() && !rows.is_empty() {
        let mut errors = diagnostics.finish(file);
        errors.push(Diagnostic::error(
            file,
            None,
            None,
            format!("no usable rows among the {} read", rows.len()),
        ));
        return Err(collect(errors));
    }
    Ok(AeRows { rows: parsed, rows_read: rows.len(), diagnostics })
}

/// Where each of [`COLUMNS`] is in the header; fails naming those missing.
fn ae_columns(file: &str, header: &Record) -> Result<[usize; 6], LoadError> {
    let mut cols = [0usize; 6];
    let mut missing = Vec::new();
    for (i, name) in COLUMNS.iter().enumerate() {
        match header.fields.iter().position(|h| h.trim() == *name) {
            Some(c) => cols[i] = c,
            None => missing.push(*name),
        }
    }
    if !missing.is_empty() {
        return Err(LoadError::one(Diagnostic::error(
            file,
            Some(header.line),
            Some(missing[0]),
            format!(
                "missing column{} {}: the header must name {}",
                if missing.len() > 1 { "s" } else { "" },
                missing.join(", "),
                COLUMNS.join(", ")
            ),
        )));
    }
    Ok(cols)
}

/// One organisation's department rows in one month, summed.
#[derive(Default, Clone, Copy)]
struct Sums {
    att1: f64,
    br1: f64,
    adm1: f64,
    att_all: f64,
    br_all: f64,
    has1: bool,
    att2: f64,
    br2: f64,
    has2: bool,
    att_other: f64,
    br_other: f64,
    has_other: bool,
}

/// Sums department rows into one figure per organisation and month, adding providers missing
/// from the trust list (named by their code, type "other provider").
fn sum_rows(
    rows: &[AeRow],
    periods: &[String],
    organisations: &mut Vec<Organisation>,
) -> BTreeMap<(u32, u32), Sums> {
    let period_index: HashMap<&str, u32> =
        periods.iter().enumerate().map(|(i, p)| (p.as_str(), i as u32)).collect();
    let mut org_index: HashMap<String, u32> =
        organisations.iter().enumerate().map(|(i, o)| (o.code.clone(), i as u32)).collect();
    let mut sums: BTreeMap<(u32, u32), Sums> = BTreeMap::new();
    for row in rows {
        let org = match org_index.get(&row.org) {
            Some(&i) => i,
            None => {
                let i = organisations.len() as u32;
                let mut attributes = BTreeMap::new();
                attributes.insert("type".to_string(), Attribute::Text("other provider".to_string()));
                attributes.insert("region".to_string(), Attribute::Text("Unknown".to_string()));
                organisations.push(Organisation { code: row.org.clone(), name: row.org.clone(), attributes });
                org_index.insert(row.org.clone(), i);
                i
            }
        };
        // The periods were collected from these rows, so each is in the index.
        let Some(&period) = period_index.get(row.period.as_str()) else {
            continue;
        };
        let s = sums.entry((org, period)).or_default();
        s.att_all += row.attendances;
        s.br_all += row.breaches;
        match row.dept {
            DeptType::Type1 => {
                s.has1 = true;
                s.att1 += row.attendances;
                s.br1 += row.breaches;
                s.adm1 += row.admissions;
            }
            DeptType::Type2 => {
                s.has2 = true;
                s.att2 += row.attendances;
                s.br2 += row.breaches;
            }
            DeptType::Other => {
                s.has_other = true;
                s.att_other += row.attendances;
                s.br_other += row.breaches;
            }
        }
    }
    sums
}

/// The derived metrics' observations from the monthly sums.
fn observations(metrics: &[Metric], sums: &BTreeMap<(u32, u32), Sums>) -> Observations {
    let id = |m: &str| metrics.iter().position(|x| x.id == m).unwrap_or(0) as u32;
    let (m_t1, m_all, m_adm, m_att) =
        (id(FOUR_HOUR_TYPE1), id(FOUR_HOUR_ALL), id(ADMISSIONS_PER_100_TYPE1), id(ATTENDANCES_TYPE1));
    let (m_t2, m_other, m_att_all) = (id(FOUR_HOUR_TYPE2), id(FOUR_HOUR_OTHER), id(ATTENDANCES_ALL));
    let mut observations = Observations::default();
    for (&(org, period), s) in sums {
        observations.push(org, m_att_all, period, None, None, Some(s.att_all));
        if s.has2 && s.att2 > 0.0 {
            observations.push(org, m_t2, period, Some(s.att2 - s.br2), Some(s.att2), None);
        }
        if s.has_other && s.att_other > 0.0 {
            observations.push(org, m_other, period, Some(s.att_other - s.br_other), Some(s.att_other), None);
        }
        if s.att_all > 0.0 {
            observations.push(org, m_all, period, Some(s.att_all - s.br_all), Some(s.att_all), None);
        }
        if s.has1 {
            observations.push(org, m_att, period, None, None, Some(s.att1));
            if s.att1 > 0.0 {
                observations.push(org, m_t1, period, Some(s.att1 - s.br1), Some(s.att1), None);
                observations.push(org, m_adm, period, Some(s.adm1), Some(s.att1), None);
            }
        }
    }
    observations
}

/// Size and case mix over the latest 12 months, for nearest neighbours, and whether each
/// organisation has a type 1 department.
fn add_size_attributes(
    organisations: &mut [Organisation],
    sums: &BTreeMap<(u32, u32), Sums>,
    periods: usize,
) {
    let with_type1: BTreeSet<u32> = sums.iter().filter(|(_, s)| s.has1).map(|(&(org, _), _)| org).collect();
    let recent_from = periods.saturating_sub(12) as u32;
    let mut recent: HashMap<u32, (f64, f64, f64)> = HashMap::new();
    for (&(org, period), s) in sums {
        if period < recent_from {
            continue;
        }
        let r = recent.entry(org).or_default();
        r.0 += s.att1;
        r.1 += s.att_all;
        r.2 += s.adm1;
    }
    for (i, o) in organisations.iter_mut().enumerate() {
        let has_type1 = with_type1.contains(&(i as u32));
        o.attributes.insert(
            "type1_ae".to_string(),
            Attribute::Text(if has_type1 { "yes" } else { "no" }.to_string()),
        );
        if let Some(&(att1, att_all, adm1)) = recent.get(&(i as u32)) {
            if att1 > 0.0 {
                o.attributes.insert(ATTR_TYPE1_ATTENDANCES_12M.to_string(), Attribute::Number(att1));
                o.attributes
                    .insert(ATTR_ADMISSIONS_PER_100_12M.to_string(), Attribute::Number(adm1 / att1 * 100.0));
            }
            if att_all > 0.0 {
                o.attributes.insert(ATTR_ALL_ATTENDANCES_12M.to_string(), Attribute::Number(att_all));
            }
        }
    }
}

/// Loads the A&E attendances file and the ODS trust list into a dataset with the derived
/// [`metrics`]. A row that cannot be used (in either file) is skipped, counted and reported
/// with its file, row and column, and a closing warning says how many rows were left out, as
/// national totals then fall short of the published figures; a repeated row is skipped rather
/// than counted twice. Only a file with no usable row at all, or a missing column, fails.
///
/// Providers in the A&E file that are not NHS trusts (walk-in centres, independent providers) are
/// kept with their code as their name and the type "other provider", so national totals match the
/// published England figures.
pub fn load(ae_file: &str, ae_text: &str, ods_file: &str, ods_text: &str) -> Result<Dataset, LoadError> {
    let trusts = read_trusts(ods_file, ods_text)?;
    let ae = read_ae_rows(ae_file, ae_text)?;
    let ods_skipped = trusts.rows_read - trusts.organisations.len();
    let mut organisations = trusts.organisations;
    let periods: Vec<String> =
        ae.rows.iter().map(|r| r.period.clone()).collect::<BTreeSet<_>>().into_iter().collect();
    let sums = sum_rows(&ae.rows, &periods, &mut organisations);
    let metrics = metrics();
    let observations = observations(&metrics, &sums);
    add_size_attributes(&mut organisations, &sums, periods.len());

    let rows_skipped = ae.rows_read - ae.rows.len();
    let mut diagnostics = ae.diagnostics.finish(ae_file);
    diagnostics.extend(trusts.diagnostics.finish(ods_file));
    for (file, skipped, read, what) in [
        (ae_file, rows_skipped, ae.rows_read, "national and regional totals leave these rows out"),
        (ods_file, ods_skipped, trusts.rows_read, "their organisations have no name or region"),
    ] {
        if skipped > 0 {
            diagnostics.push(Diagnostic::warning(
                file,
                None,
                None,
                format!("{skipped} of {read} rows are not used (listed above): {what}"),
            ));
        }
    }
    let report = LoadReport { rows_read: ae.rows_read, rows_used: ae.rows.len(), rows_skipped, diagnostics };
    let attribution = attribution(&periods);
    Ok(Dataset { organisations, metrics, periods, observations, report, attribution })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Severity;

    const HEADER: &str = "period,org_code,type,attendances,breaches,admissions\n";
    const ODS: &str = "RM3,SALFORD ROYAL NHS FOUNDATION TRUST,Y54,Q83,,,,,,,20120401,,,,,,,,,,,0,,A\n\
                       RBL,WIRRAL UNIVERSITY TEACHING HOSPITAL NHS FOUNDATION TRUST,Y54,Q83,,,,,,,,,,,,,,,,,,0,,A\n";

    fn rows(body: &str) -> String {
        format!("{HEADER}{body}")
    }

    #[test]
    fn the_bundled_files_load_with_every_row_used_and_nothing_to_report() {
        let ae = include_str!("../../www/data/ae_attendances_england_2016_2019.csv");
        let ods = include_str!("../../www/data/ods_trusts_etr.csv");
        let ds = load("ae.csv", ae, "etr.csv", ods).unwrap();
        assert_eq!((ds.report.rows_read, ds.report.rows_used, ds.report.rows_skipped), (12_765, 12_765, 0));
        assert!(
            ds.report.diagnostics.is_empty(),
            "{:?}",
            &ds.report.diagnostics[..3.min(ds.report.diagnostics.len())]
        );
        assert!(ds.attribution.starts_with(
            "Source: NHS England, A&E Attendances and Emergency Admissions, April 2016 to March 2019, via NHS-R"
        ));
    }

    #[test]
    fn the_source_line_names_the_months_the_file_covers() {
        assert!(attribution(&["2019-03-01".into()]).contains("Admissions, March 2019, via"));
        assert!(
            attribution(&["2018-12-01".into(), "2019-01-01".into()])
                .contains("December 2018 to January 2019")
        );
        assert_eq!(attribution(&[]), ATTRIBUTION);
        assert_eq!(attribution(&["2019-13-01".into()]), ATTRIBUTION, "a month that is not one is left out");
    }

    #[test]
    fn one_bad_row_in_the_ae_file_is_skipped_counted_and_named_and_the_rest_load() {
        let text = rows(
            "2019-03-01,RM3,1,9286,1537,3048\n\
             2019-03-01,RBL,1,lots,100,50\n\
             2019-03-01,RBL,2,100,200,0\n\
             2019-02-01,RBL,1,7785,2590,2000\n",
        );
        let ds = load("ae.csv", &text, "etr.csv", ODS).unwrap();
        assert_eq!((ds.report.rows_read, ds.report.rows_used, ds.report.rows_skipped), (4, 2, 2));
        let errors: Vec<_> = ds.report.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
        assert_eq!(errors.len(), 2, "{:?}", ds.report.diagnostics);
        assert_eq!(
            (errors[0].file.as_str(), errors[0].row, errors[0].column.as_deref()),
            ("ae.csv", Some(3), Some("attendances"))
        );
        assert_eq!((errors[1].row, errors[1].column.as_deref()), (Some(4), Some("breaches")));
        assert_eq!(ds.periods, ["2019-02-01", "2019-03-01"]);
    }

    #[test]
    fn a_file_with_no_usable_row_is_still_an_error_listing_the_reasons() {
        let err = load("ae.csv", &rows("2019-03-01,RM3,9,1,1,1\n"), "etr.csv", ODS).unwrap_err();
        assert!(
            err.diagnostics.iter().any(|d| d.row == Some(2) && d.column.as_deref() == Some("type")),
            "{err}"
        );
    }

    #[test]
    fn a_bad_row_in_the_trust_list_is_skipped_and_reported_not_fatal() {
        let ods = format!("{ODS}only,three,fields\n,NO CODE,Y54,Q83,\n");
        let ds = load("ae.csv", &rows("2019-03-01,RM3,1,9286,1537,3048\n"), "etr.csv", &ods).unwrap();
        assert_eq!(ds.organisations.iter().filter(|o| o.text("type") == Some("NHS trust")).count(), 2);
        let ods_problems: Vec<_> = ds.report.diagnostics.iter().filter(|d| d.file == "etr.csv").collect();
        assert!(ods_problems.iter().any(|d| d.row == Some(3)), "{ods_problems:?}");
        assert!(ods_problems.iter().any(|d| d.row == Some(4) && d.column.as_deref() == Some("1 (code)")));
        let trusts = organisations("etr.csv", &ods).unwrap();
        assert_eq!((trusts.organisations.len(), trusts.report.rows_skipped), (2, 2));
    }

    #[test]
    fn a_repeated_row_is_skipped_not_counted_twice() {
        let text = rows("2019-03-01,RM3,1,9286,1537,3048\n2019-03-01,RM3,1,9286,1537,3048\n");
        let ds = load("ae.csv", &text, "etr.csv", ODS).unwrap();
        assert_eq!((ds.report.rows_used, ds.report.rows_skipped), (1, 1));
        let m = ds.metric_index(ATTENDANCES_TYPE1).unwrap();
        assert_eq!(ds.aggregate(m, 0, 0)[0].value, Some(9286.0));
        assert!(ds.report.diagnostics.iter().any(|d| d.row == Some(3) && d.message.contains("row 2")));
    }

    #[test]
    fn text_with_unreadable_characters_gets_a_warning_saying_how_to_save_as_utf8() {
        let ods = "RM3,SALFORD ROYAL H\u{fffd}PITAL,Y54,Q83\n";
        let ds = load("ae.csv", &rows("2019-03-01,RM3,1,9286,1537,3048\n"), "etr.csv", ods).unwrap();
        let w = ds.report.diagnostics.iter().find(|d| d.file == "etr.csv").expect("a warning");
        assert!(w.message.contains("CSV UTF-8") && w.row == Some(1), "{w}");
    }
}
