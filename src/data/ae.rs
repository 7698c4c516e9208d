//! The bundled real data: NHS England A&E attendances and 4-hour breaches by provider, department
//! type and month (2016-2019, tidied by NHS-R's NHSRdatasets), with names and regions from the ODS
//! list of NHS trusts. Loading turns it into the tidy model with derived metrics.
//!
//! Contains public sector information licensed under the Open Government Licence v3.0. Sources:
//! NHS England, A&E Attendances and Emergency Admissions; NHS Digital, Organisation Data Service.

use super::csv::{self, Record};
use super::ods;
use super::{
    Attribute, Dataset, Diagnostic, LoadError, LoadReport, Metric, MetricKind, Observations, Organisation,
    Polarity,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The attribution line for charts of this data.
pub const ATTRIBUTION: &str = "Source: NHS England, A&E Attendances and Emergency Admissions, via NHS-R NHSRdatasets; \
NHS Digital ODS. Contains public sector information licensed under the Open Government Licence v3.0.";

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
/// observations: what maturity views need for names and peer groups.
pub fn organisations(ods_file: &str, ods_text: &str) -> Result<Dataset, LoadError> {
    let organisations = read_trusts(ods_file, ods_text)?;
    let report = LoadReport {
        rows_read: organisations.len(),
        rows_used: organisations.len(),
        rows_skipped: 0,
        diagnostics: Vec::new(),
    };
    Ok(Dataset { organisations, report, attribution: ATTRIBUTION.to_string(), ..Dataset::default() })
}

fn read_trusts(file: &str, text: &str) -> Result<Vec<Organisation>, LoadError> {
    Ok(ods::read_etr(file, text)?.organisations())
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
            format!("'{raw}' is not a whole number of at least 0: counts must be plain digits"),
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

#[derive(Clone, Copy, PartialEq, Eq)]
enum DeptType {
    Type1,
    Type2,
    Other,
}

fn parse_ae_row(file: &str, r: &Record, cols: &[usize; 6]) -> Result<AeRow, Diagnostic> {
    let field = |i: usize| r.fields[cols[i]].trim();
    let period = field(0);
    let valid_period = period.len() == 10
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
            format!("'{period}' is not a date in the form YYYY-MM-DD (the first day of the month)"),
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
    let dept = match field(2) {
        "1" => DeptType::Type1,
        "2" => DeptType::Type2,
        "other" | "3" | "4" => DeptType::Other,
        t => {
            return Err(Diagnostic::error(
                file,
                Some(r.line),
                Some("type"),
                format!("'{t}' is not an A&E department type: use 1, 2 or other"),
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

/// Loads the A&E attendances file and the ODS trust list into a dataset with the derived
/// [`metrics`]. Any malformed row fails the load with diagnostics naming file, row and column
/// (the first [`LoadError::KEPT`] in full, the rest counted): a published statistic with a bad
/// row is a file to fix, not to guess around.
///
/// Providers in the A&E file that are not NHS trusts (walk-in centres, independent providers) are
/// kept with their code as their name and the type "other provider", so national totals match the
/// published England figures.
pub fn load(ae_file: &str, ae_text: &str, ods_file: &str, ods_text: &str) -> Result<Dataset, LoadError> {
    let mut organisations = read_trusts(ods_file, ods_text)?;
    let records = csv::parse(ae_file, ae_text).map_err(LoadError::one)?;
    let Some((header, rows)) = records.split_first() else {
        return Err(LoadError::one(Diagnostic::error(
            ae_file,
            None,
            None,
            "the file is empty: expected a header row",
        )));
    };
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
            ae_file,
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
    let width = cols.iter().copied().max().unwrap_or(0) + 1;
    let mut errors = Vec::new();
    let mut parsed = Vec::with_capacity(rows.len());
    for r in rows {
        if r.fields.len() < width {
            errors.push(Diagnostic::error(
                ae_file,
                Some(r.line),
                None,
                format!("expected {} fields as in the header, found {}", header.fields.len(), r.fields.len()),
            ));
            continue;
        }
        match parse_ae_row(ae_file, r, &cols) {
            Ok(row) => parsed.push(row),
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(collect(errors));
    }

    let periods: Vec<String> =
        parsed.iter().map(|r| r.period.clone()).collect::<BTreeSet<_>>().into_iter().collect();
    let period_index: HashMap<&str, u32> =
        periods.iter().enumerate().map(|(i, p)| (p.as_str(), i as u32)).collect();
    let mut org_index: HashMap<String, u32> =
        organisations.iter().enumerate().map(|(i, o)| (o.code.clone(), i as u32)).collect();

    // Sum department rows into one figure per organisation, month and metric before storing.
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
    let mut sums: BTreeMap<(u32, u32), Sums> = BTreeMap::new();
    for row in &parsed {
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
        // The period was validated and collected above, so it is in the index.
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

    let metrics = metrics();
    let id = |m: &str| metrics.iter().position(|x| x.id == m).unwrap_or(0) as u32;
    let (m_t1, m_all, m_adm, m_att) =
        (id(FOUR_HOUR_TYPE1), id(FOUR_HOUR_ALL), id(ADMISSIONS_PER_100_TYPE1), id(ATTENDANCES_TYPE1));
    let (m_t2, m_other, m_att_all) = (id(FOUR_HOUR_TYPE2), id(FOUR_HOUR_OTHER), id(ATTENDANCES_ALL));
    let mut observations = Observations::default();
    for (&(org, period), s) in &sums {
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
    let with_type1: BTreeSet<u32> = sums.iter().filter(|(_, s)| s.has1).map(|(&(org, _), _)| org).collect();
    // Size and case mix over the latest 12 months, for nearest neighbours.
    let recent_from = periods.len().saturating_sub(12) as u32;
    let mut recent: HashMap<u32, (f64, f64, f64)> = HashMap::new();
    for (&(org, period), s) in &sums {
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

    let report = LoadReport {
        rows_read: rows.len(),
        rows_used: parsed.len(),
        rows_skipped: 0,
        diagnostics: Vec::new(),
    };
    Ok(Dataset {
        organisations,
        metrics,
        periods,
        observations,
        report,
        attribution: ATTRIBUTION.to_string(),
    })
}
