//! The NHS Organisation Data Service (ODS) list of NHS trusts, `etr.csv`, as ODS publishes it:
//! no header, one trust a line, 24 columns in older downloads and 27 in current ones. Column 1 is
//! the organisation code, 2 the name (upper case), 3 the national grouping (the NHS England
//! region), 4 the high level health geography (an NHS England local office in 2017, the ICB or
//! commissioning code in 2026), 5-9 the address, 10 the postcode, 11 the open date and 12 the close
//! date (both `YYYYMMDD`), 24 a one-letter region letter (`W` for Wales).
//!
//! The list keeps closed trusts with their close dates, which is what tells a reader that a code
//! no longer exists. It records no successor: which trust took over a closed one is not in the
//! file, so nothing here infers it (the Global Digital Exemplar successors are a separate, cited
//! table in [`crate::maturity::exemplars`]).
//!
//! National groupings come in two code sets: the 2017 list uses Y54 North of England, Y55
//! Midlands and East of England, Y56 London, Y57 South of England and W00 Wales; the 2026 list the
//! seven NHS England regions Y56 London, Y58 South West, Y59 South East, Y60 Midlands, Y61 East of
//! England, Y62 North West and Y63 North East and Yorkshire, and leaves the grouping blank for
//! Welsh trusts (region letter `W`).
//!
//! Contains public sector information licensed under the Open Government Licence v3.0. Source: NHS
//! Digital, Organisation Data Service.

use super::csv;
use super::encoding::unreadable_characters;
use super::{
    Attribute, Diagnostic, DiagnosticList, LoadError, Organisation, bounded_name, check_code_length,
    display_name,
};
use std::collections::{BTreeMap, HashMap};

/// The attribution line for anything that shows names or regions from the list.
pub const ATTRIBUTION: &str = "Source: NHS Digital, Organisation Data Service. Contains public sector information licensed \
under the Open Government Licence v3.0.";

/// The region of a national grouping code, for both code sets (see the module documentation).
pub fn region_name(code: &str) -> Option<&'static str> {
    Some(match code.trim() {
        "Y54" => "North of England",
        "Y55" => "Midlands and East of England",
        "Y56" => "London",
        "Y57" => "South of England",
        "Y58" => "South West",
        "Y59" => "South East",
        "Y60" => "Midlands",
        "Y61" => "East of England",
        "Y62" => "North West",
        "Y63" => "North East and Yorkshire",
        "W00" => "Wales",
        _ => return None,
    })
}

/// One trust of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct Trust {
    pub code: String,
    /// The name as ODS writes it (upper case).
    pub name: String,
    /// Column 3, the national grouping code (blank for Welsh trusts in 2026).
    pub national_grouping: String,
    /// The region named from the grouping (or "Wales" from the region letter), if known.
    pub region: Option<&'static str>,
    /// Column 4: an NHS England local office (2017) or the ICB or commissioning code (2026).
    pub health_geography: String,
    pub postcode: String,
    /// Column 11 as an ISO date (`YYYY-MM-DD`).
    pub opened: Option<String>,
    /// Column 12 as an ISO date: the trust closed (or is due to close) on this day.
    pub closed: Option<String>,
    /// The 1-based line of the file.
    pub line: usize,
}

impl Trust {
    /// Whether ODS records no close date for the trust.
    pub fn is_open(&self) -> bool {
        self.closed.is_none()
    }

    /// The name as people write it ("Salford Royal NHS Foundation Trust").
    pub fn display_name(&self) -> String {
        display_name(&self.name)
    }
}

/// The trusts of one `etr.csv` file, in file order, with what was wrong with the rows left out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TrustList {
    pub file: String,
    pub trusts: Vec<Trust>,
    /// Rows in the file, used or not.
    pub rows_read: usize,
    /// Rows skipped and why, names cut, characters that did not decode.
    pub diagnostics: Vec<Diagnostic>,
}

impl TrustList {
    /// The trust with `code` (ignoring case and surrounding space).
    pub fn get(&self, code: &str) -> Option<&Trust> {
        let code = code.trim();
        self.trusts.iter().find(|t| t.code.eq_ignore_ascii_case(code))
    }

    /// Trusts with no close date.
    pub fn open(&self) -> impl Iterator<Item = &Trust> {
        self.trusts.iter().filter(|t| t.is_open())
    }

    /// The latest open date in the file: the best date the list itself gives for when it was
    /// taken.
    pub fn latest_open_date(&self) -> Option<&str> {
        self.trusts.iter().filter_map(|t| t.opened.as_deref()).max()
    }

    /// The trusts as organisations for peer groups: display name, `region` (or "Unknown"),
    /// `local_office` (column 4, when given) and `type` "NHS trust", the attributes the A&E views
    /// have always had.
    pub fn organisations(&self) -> Vec<Organisation> {
        self.trusts
            .iter()
            .map(|t| {
                let mut attributes = BTreeMap::new();
                attributes
                    .insert("region".to_string(), Attribute::Text(t.region.unwrap_or("Unknown").to_string()));
                if !t.health_geography.is_empty() {
                    attributes
                        .insert("local_office".to_string(), Attribute::Text(t.health_geography.clone()));
                }
                attributes.insert("type".to_string(), Attribute::Text("NHS trust".to_string()));
                Organisation { code: t.code.clone(), name: t.display_name(), attributes }
            })
            .collect()
    }
}

/// `YYYYMMDD` as `YYYY-MM-DD`, or why not.
fn ods_date(raw: &str) -> Result<Option<String>, String> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let ok = t.len() == 8
        && t.bytes().all(|b| b.is_ascii_digit())
        && t[4..6].parse::<u8>().is_ok_and(|m| (1..=12).contains(&m))
        && t[6..].parse::<u8>().is_ok_and(|d| (1..=31).contains(&d));
    if ok {
        Ok(Some(format!("{}-{}-{}", &t[..4], &t[4..6], &t[6..])))
    } else {
        Err(format!("'{t}' is not a date in the ODS form YYYYMMDD (e.g. 20190401): correct or clear it"))
    }
}

fn field(fields: &[String], i: usize) -> &str {
    fields.get(i).map_or("", |s| s.trim())
}

/// Reads an ODS `etr.csv` (no header). A row that cannot be used (too few columns, no code, a
/// code or date that is not one, a code already listed) is skipped and reported with its file,
/// row and column; names are kept to a bounded length. A list with rows but none usable fails.
pub fn read_etr(file: &str, text: &str) -> Result<TrustList, LoadError> {
    let records = csv::parse(file, text).map_err(LoadError::one)?;
    let mut diagnostics = DiagnosticList::default();
    if let Some(w) = unreadable_characters(file, text) {
        diagnostics.push(w);
    }
    let mut trusts: Vec<Trust> = Vec::with_capacity(records.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for r in &records {
        match read_trust(file, r, &mut diagnostics) {
            Ok(t) => match seen.get(&t.code) {
                Some(first) => diagnostics.push(Diagnostic::error(
                    file,
                    Some(r.line),
                    Some("1 (code)"),
                    format!("the code '{}' is also on row {first}: the repeat is not used", t.code),
                )),
                None => {
                    seen.insert(t.code.clone(), r.line);
                    trusts.push(t);
                }
            },
            Err(d) => diagnostics.push(d),
        }
    }
    if trusts.is_empty() && !records.is_empty() {
        let mut errors = diagnostics.finish(file);
        errors.push(Diagnostic::error(
            file,
            None,
            None,
            format!("no usable rows among the {} read: is this the ODS etr.csv file?", records.len()),
        ));
        let total = errors.len();
        errors.truncate(LoadError::KEPT);
        return Err(LoadError { diagnostics: errors, total });
    }
    Ok(TrustList {
        file: file.to_string(),
        rows_read: records.len(),
        trusts,
        diagnostics: diagnostics.finish(file),
    })
}

/// One row of the list, or why it cannot be used.
fn read_trust(file: &str, r: &csv::Record, diagnostics: &mut DiagnosticList) -> Result<Trust, Diagnostic> {
    if r.fields.len() < 4 {
        return Err(Diagnostic::error(
            file,
            Some(r.line),
            None,
            format!(
                "expected the ODS etr.csv layout (code, name, national grouping, local office, ...), found {} \
                 fields: the row is not used",
                r.fields.len()
            ),
        ));
    }
    let code = field(&r.fields, 0);
    if code.is_empty() {
        return Err(Diagnostic::error(
            file,
            Some(r.line),
            Some("1 (code)"),
            "the organisation code is empty: the row is not used",
        ));
    }
    check_code_length(file, Some(r.line), "1 (code)", code)?;
    let date = |col: usize, what: &str| {
        ods_date(field(&r.fields, col)).map_err(|m| Diagnostic::error(file, Some(r.line), Some(what), m))
    };
    let (opened, closed) = (date(10, "11 (open date)")?, date(11, "12 (close date)")?);
    let grouping = field(&r.fields, 2);
    let region = region_name(grouping)
        .or_else(|| (grouping.is_empty() && field(&r.fields, 23) == "W").then_some("Wales"));
    let mut bounded =
        |column: &str, raw: &str| bounded_name(file, Some(r.line), column, raw, &mut |d| diagnostics.push(d));
    Ok(Trust {
        code: code.to_string(),
        name: bounded("2 (name)", field(&r.fields, 1)),
        national_grouping: grouping.to_string(),
        region,
        health_geography: bounded("4 (local office)", field(&r.fields, 3)),
        postcode: field(&r.fields, 9).to_string(),
        opened,
        closed,
        line: r.line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ods_dates_become_iso_dates_and_bad_ones_are_named() {
        assert_eq!(ods_date("20190401").unwrap().as_deref(), Some("2019-04-01"));
        assert_eq!(ods_date(" ").unwrap(), None);
        assert!(ods_date("2019041").unwrap_err().contains("YYYYMMDD"));
        assert!(ods_date("20191301").is_err());
    }

    #[test]
    fn both_region_code_sets_are_named() {
        assert_eq!(region_name("Y54"), Some("North of England"));
        assert_eq!(region_name("Y63"), Some("North East and Yorkshire"));
        assert_eq!(region_name("Q83"), None);
    }

    #[test]
    fn a_welsh_trust_with_no_grouping_is_in_wales_by_its_region_letter() {
        let row = "\"RT4\",\"WELSH AMBULANCE SERVICES NHS TRUST\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"LL17 0LJ\",\"19980401\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"1\",\"\",\"W\",\"\",\"\",\"\"\n";
        let list = read_etr("etr.csv", row).unwrap();
        assert_eq!(list.trusts[0].region, Some("Wales"));
        assert_eq!(list.trusts[0].opened.as_deref(), Some("1998-04-01"));
        assert!(list.trusts[0].is_open());
    }
}
