//! Conversion of NHS England's published Digital Maturity Assessment results workbook ("Digital
//! Maturity Assessment 2024 and 2025 results", the data file) into the bundled format of
//! [`super::dma_results`], with provider names matched to ODS codes through [`super::crosswalk`].
//!
//! The workbook as published: a text `Introduction` sheet, then five tables, each under a title
//! block with its header on row 11: `SC - 2025 Pillar Summary` (Region, ICS, Provider, Care
//! Setting and the seven pillars), `SC - 24 vs 25 Overall DMA` (Region, ICS, Provider, Care
//! Setting, 2025 Average, 2024 Average), `ICB - 2025 Pillar Summary`, `ICB -24 vs 25 Overall DMA `
//! (trailing space in the name) and the hidden `2025 Pillar Summary (ICB PC)` (five primary-care
//! pillars). Notes ("Source: ...", "Copyright ...") follow each table.
//!
//! Sheets are found by name ignoring case, spaces and punctuation, and failing that by their
//! header; headers are found by their names in the first 60 rows and columns by header name (with
//! the pillar aliases of [`super::dma_results::PILLARS`]), so moved rows and columns still convert.
//! Every problem names the file, sheet, cell and what to do: a missing sheet or column is an error
//! and the rest converts; a bad cell (text, a formula error, a score outside 1-5) is left blank and
//! its row kept; a row with no name or an unknown care setting is skipped; each is counted.

use super::crosswalk::{self, Crosswalk, CrosswalkEntry, PublishedName};
use super::dma_results::{
    CareSetting, Level, PILLARS, PRIMARY_CARE_PILLARS, PublishedResult, squash, write_results_csv,
};
use super::workbook::{Cell, Sheet, Workbook, column_letters};
use crate::data::ods::TrustList;
use crate::data::{Diagnostic, Severity};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The five tables of the workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Part {
    ProviderPillars,
    ProviderOverall,
    IcbPillars,
    IcbOverall,
    PrimaryCarePillars,
}

/// What a score column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    Pillar(usize),
    Overall2025,
    Overall2024,
}

impl Part {
    pub const ALL: [Part; 5] = [
        Part::ProviderPillars,
        Part::ProviderOverall,
        Part::IcbPillars,
        Part::IcbOverall,
        Part::PrimaryCarePillars,
    ];

    /// The sheet name as NHS England published it.
    pub fn published_sheet(self) -> &'static str {
        match self {
            Part::ProviderPillars => "SC - 2025 Pillar Summary",
            Part::ProviderOverall => "SC - 24 vs 25 Overall DMA",
            Part::IcbPillars => "ICB - 2025 Pillar Summary",
            Part::IcbOverall => "ICB -24 vs 25 Overall DMA ",
            Part::PrimaryCarePillars => "2025 Pillar Summary (ICB PC)",
        }
    }

    fn level(self) -> Level {
        match self {
            Part::ProviderPillars | Part::ProviderOverall => Level::Provider,
            Part::IcbPillars | Part::IcbOverall => Level::Icb,
            Part::PrimaryCarePillars => Level::IcbPrimaryCare,
        }
    }

    /// The name columns: Region, ICS, and for providers Provider and Care Setting.
    fn key_columns(self) -> &'static [&'static str] {
        if self.level() == Level::Provider {
            &["Region", "ICS", "Provider", "Care Setting"]
        } else {
            &["Region", "ICS"]
        }
    }

    fn measures(self) -> Vec<Measure> {
        match self {
            Part::ProviderPillars | Part::IcbPillars => (0..7).map(Measure::Pillar).collect(),
            Part::PrimaryCarePillars => PRIMARY_CARE_PILLARS.iter().map(|&p| Measure::Pillar(p)).collect(),
            Part::ProviderOverall | Part::IcbOverall => vec![Measure::Overall2025, Measure::Overall2024],
        }
    }
}

impl Measure {
    fn headers(self) -> &'static [&'static str] {
        match self {
            Measure::Pillar(p) => PILLARS[p].published,
            Measure::Overall2025 => &["2025 Average"],
            Measure::Overall2024 => &["2024 Average", "2024 Average (comparable domains only)"],
        }
    }
}

/// How one table converted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetCount {
    pub part: Part,
    /// The sheet used, as the workbook names it; `None` when none was found.
    pub sheet: Option<String>,
    pub hidden: bool,
    /// The 1-based header row.
    pub header_row: Option<usize>,
    pub rows_read: usize,
    pub rows_used: usize,
    pub rows_skipped: usize,
    /// Text rows below or within the table that are not data ("Source: ...", "Copyright ...").
    pub note_rows: usize,
    /// Score cells left blank because they were blank, not numbers, or outside 1-5.
    pub cells_blank: usize,
    pub cells_rejected: usize,
}

/// The converted results, the crosswalk and the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conversion {
    pub results: Vec<PublishedResult>,
    pub crosswalk: Crosswalk,
    pub sheets: Vec<SheetCount>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Conversion {
    /// The bundled results file.
    pub fn results_csv(&self) -> String {
        write_results_csv(&self.results)
    }

    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
    }

    /// The report as text: per sheet counts, the crosswalk counts and every diagnostic.
    pub fn report_text(&self) -> String {
        let mut out = String::new();
        for s in &self.sheets {
            let name = s.sheet.as_deref().map_or_else(|| "not found".to_string(), |n| format!("'{n}'"));
            let _ = writeln!(
                out,
                "{:?}: sheet {name}{}, header row {}, {} rows read, {} used, {} skipped, {} note rows, {} blank and {} rejected score cells",
                s.part,
                if s.hidden { " (hidden in the workbook)" } else { "" },
                s.header_row.map_or_else(|| "-".to_string(), |r| r.to_string()),
                s.rows_read,
                s.rows_used,
                s.rows_skipped,
                s.note_rows,
                s.cells_blank,
                s.cells_rejected
            );
        }
        let c = self.crosswalk.counts();
        let _ = writeln!(
            out,
            "Crosswalk: {} names, {} exact, {} by rule, {} manual, {} unmatched",
            self.crosswalk.entries.len(),
            c.exact,
            c.rule,
            c.manual,
            c.unmatched
        );
        for d in &self.diagnostics {
            let _ = writeln!(out, "{:?}: {d}", d.severity);
        }
        out
    }
}

/// A header row and the column of each name column and measure.
struct Header {
    row: usize,
    keys: Vec<usize>,
    measures: Vec<(Measure, Option<usize>)>,
}

fn find_column(sheet: &Sheet, row: usize, names: &[&str]) -> Option<usize> {
    let wanted: Vec<String> = names.iter().map(|n| squash(n)).collect();
    let cells = sheet.rows.get(row)?;
    cells.iter().position(|c| c.text().is_some_and(|t| wanted.contains(&squash(t))))
}

/// The first row of the first 60 holding every name column of `part`.
fn find_header(sheet: &Sheet, part: Part) -> Option<Header> {
    (0..sheet.rows.len().min(60)).find_map(|row| {
        let keys: Option<Vec<usize>> =
            part.key_columns().iter().map(|k| find_column(sheet, row, &[k])).collect();
        let keys = keys?;
        let measures =
            part.measures().into_iter().map(|m| (m, find_column(sheet, row, m.headers()))).collect();
        Some(Header { row, keys, measures })
    })
}

/// Whether a sheet's header looks like `part`'s table: its name columns, and for a provider or
/// ICB table its own measures (the ICB pillar table has Safe Practice, the primary-care one not).
fn looks_like(sheet: &Sheet, part: Part) -> bool {
    let Some(h) = find_header(sheet, part) else { return false };
    let has = |names: &[&str]| find_column(sheet, h.row, names).is_some();
    let provider = has(&["Provider"]);
    let pillars = has(PILLARS[0].published);
    let overall = has(&["2025 Average"]);
    let safe = has(PILLARS[2].published);
    match part {
        Part::ProviderPillars => provider && pillars,
        Part::ProviderOverall => provider && overall,
        Part::IcbPillars => !provider && pillars && safe,
        Part::IcbOverall => !provider && overall,
        Part::PrimaryCarePillars => !provider && pillars && !safe,
    }
}

/// Finds each part's sheet: by name first, then by header among the sheets left.
fn locate_sheets<'a>(wb: &'a Workbook, diags: &mut Vec<Diagnostic>) -> BTreeMap<Part, &'a Sheet> {
    let mut found: BTreeMap<Part, &Sheet> = BTreeMap::new();
    for part in Part::ALL {
        let key = squash(part.published_sheet());
        if let Some(s) = wb.sheets.iter().find(|s| squash(&s.name) == key) {
            found.insert(part, s);
        }
    }
    let names: Vec<String> = wb.sheets.iter().map(|s| format!("'{}'", s.name)).collect();
    for part in Part::ALL {
        if found.contains_key(&part) {
            continue;
        }
        let free =
            wb.sheets.iter().find(|s| !found.values().any(|f| f.name == s.name) && looks_like(s, part));
        match free {
            Some(s) => {
                diags.push(Diagnostic::warning(
                    &wb.file,
                    None,
                    None,
                    format!(
                        "no sheet is named '{}'; sheet '{}' has its headers and is used instead: check it is the same table",
                        part.published_sheet(),
                        s.name
                    ),
                ));
                found.insert(part, s);
            }
            None => diags.push(Diagnostic::error(
                &wb.file,
                None,
                None,
                format!(
                    "no sheet '{}' and no other sheet with its headers: its results are missing from the conversion. \
                     The workbook has {}; use the file as NHS England publishes it",
                    part.published_sheet(),
                    names.join(", ")
                ),
            )),
        }
    }
    found
}

/// One data row read from a table.
struct Row {
    line: usize,
    name: String,
    care_setting: Option<CareSetting>,
    region: String,
    icb: String,
    values: Vec<(Measure, Option<f64>)>,
}

/// Where a message points: the workbook and sheet.
fn place(wb: &Workbook, sheet: &Sheet) -> String {
    format!("{}, sheet '{}'", wb.file, sheet.name)
}

fn column_name(col: usize, header: &str) -> String {
    format!("{} ({header})", column_letters(col))
}

/// Reads a score cell: a number from 1 to 5, or a diagnostic.
fn score_cell(cell: &Cell) -> Result<Option<f64>, String> {
    match cell {
        c if c.is_blank() => Ok(None),
        Cell::Number(x) if (1.0..=5.0).contains(x) => Ok(Some(*x)),
        Cell::Number(x) => Err(format!("{x} is outside the 1-5 scale of the assessment")),
        other => Err(format!("{} is not a number", other.shown())),
    }
}

/// Reads row `r`'s score cells, counting blank and rejected cells and reporting each.
fn read_scores(
    sheet: &Sheet,
    h: &Header,
    r: usize,
    name: &str,
    count: &mut SheetCount,
    report: &mut dyn FnMut(Diagnostic),
    here: &str,
) -> Vec<(Measure, Option<f64>)> {
    let mut values = Vec::new();
    for (m, col) in &h.measures {
        let Some(c) = *col else {
            values.push((*m, None));
            continue;
        };
        let column = column_name(c, sheet.cell(h.row, c).text().unwrap_or(""));
        match score_cell(sheet.cell(r, c)) {
            Ok(v) => {
                if v.is_none() {
                    count.cells_blank += 1;
                    report(Diagnostic::warning(
                        here,
                        Some(r + 1),
                        Some(&column),
                        format!("{name}: the score is blank and stays blank"),
                    ));
                }
                values.push((*m, v));
            }
            Err(why) => {
                count.cells_rejected += 1;
                report(Diagnostic::error(
                    here,
                    Some(r + 1),
                    Some(&column),
                    format!(
                        "{name}: {why}: the score is left blank and the row's other scores kept; correct the cell"
                    ),
                ));
                values.push((*m, None));
            }
        }
    }
    values
}

/// Reads `part`'s table from `sheet`, counting and reporting as it goes.
fn read_table(
    wb: &Workbook,
    sheet: &Sheet,
    part: Part,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Row>, SheetCount) {
    let here = place(wb, sheet);
    let mut count = SheetCount {
        part,
        sheet: Some(sheet.name.clone()),
        hidden: sheet.hidden,
        header_row: None,
        rows_read: 0,
        rows_used: 0,
        rows_skipped: 0,
        note_rows: 0,
        cells_blank: 0,
        cells_rejected: 0,
    };
    let Some(h) = find_header(sheet, part) else {
        diags.push(Diagnostic::error(
            &here,
            None,
            None,
            format!(
                "no header row naming {} in the first 60 rows: the sheet's results are missing; restore the header",
                part.key_columns().join(", ")
            ),
        ));
        return (Vec::new(), count);
    };
    count.header_row = Some(h.row + 1);
    for (m, col) in &h.measures {
        if col.is_none() {
            diags.push(Diagnostic::error(
                &here,
                Some(h.row + 1),
                Some(m.headers()[0]),
                format!(
                    "no column '{}' in the header: every row's {} score is left blank; restore the column",
                    m.headers().join("' or '"),
                    m.headers()[0]
                ),
            ));
        }
    }
    let mut table = Table {
        sheet,
        name_col: h.keys[if part.level() == Level::Provider { 2 } else { 1 }],
        score_cols: h.measures.iter().filter_map(|(_, c)| *c).collect(),
        h: &h,
        part,
        here: &here,
        seen: BTreeMap::new(),
    };
    let rows = (h.row + 1..sheet.rows.len()).filter_map(|r| table.row(r, &mut count, diags)).collect();
    (rows, count)
}

/// A sheet's table below its header, read row by row.
struct Table<'a> {
    sheet: &'a Sheet,
    h: &'a Header,
    part: Part,
    here: &'a str,
    name_col: usize,
    score_cols: Vec<usize>,
    /// The line each (upper-cased name, care setting) was first on.
    seen: BTreeMap<(String, Option<CareSetting>), usize>,
}

impl Table<'_> {
    /// Row `r` (0-based) as a result row, or `None` when it is blank, a note, or skipped (counted
    /// and reported).
    fn row(&mut self, r: usize, count: &mut SheetCount, diags: &mut Vec<Diagnostic>) -> Option<Row> {
        let (sheet, h, here) = (self.sheet, self.h, self.here);
        if sheet.row_is_blank(r) {
            return None;
        }
        let line = r + 1;
        let name = sheet.cell(r, self.name_col).text().unwrap_or("").to_string();
        let has_scores = self.score_cols.iter().any(|&c| !sheet.cell(r, c).is_blank());
        if name.is_empty() && !has_scores {
            count.note_rows += 1;
            return None;
        }
        count.rows_read += 1;
        let col_name = |c: usize| column_name(c, sheet.cell(h.row, c).text().unwrap_or(""));
        if name.is_empty() {
            count.rows_skipped += 1;
            diags.push(Diagnostic::error(
                here,
                Some(line),
                Some(&col_name(self.name_col)),
                "scores but no name: the row is skipped; fill in the name",
            ));
            return None;
        }
        let care_setting = if self.part.level() == Level::Provider {
            let cell = sheet.cell(r, h.keys[3]);
            match cell.text().and_then(CareSetting::parse) {
                Some(s) => Some(s),
                None => {
                    count.rows_skipped += 1;
                    diags.push(Diagnostic::error(
                        here,
                        Some(line),
                        Some(&col_name(h.keys[3])),
                        format!(
                            "{name}: {} is not a care setting (Acute, Community, Mental Health or Ambulance): the row is skipped",
                            cell.shown()
                        ),
                    ));
                    return None;
                }
            }
        } else {
            None
        };
        if let Some(first) = self.seen.insert((name.to_uppercase(), care_setting), line) {
            count.rows_skipped += 1;
            diags.push(Diagnostic::error(
                here,
                Some(line),
                Some(&col_name(self.name_col)),
                format!(
                    "{name} appears again (first on row {first}): this row is skipped; keep one row each"
                ),
            ));
            return None;
        }
        let values = read_scores(sheet, h, r, &name, count, &mut |d| diags.push(d), here);
        let text_at = |c: usize| sheet.cell(r, c).text().unwrap_or("").to_string();
        count.rows_used += 1;
        Some(Row { line, name, care_setting, region: text_at(h.keys[0]), icb: text_at(h.keys[1]), values })
    }
}

fn put(result: &mut PublishedResult, m: Measure, v: Option<f64>) {
    match m {
        Measure::Pillar(p) => result.pillars[p] = v,
        Measure::Overall2025 => result.overall_2025 = v,
        Measure::Overall2024 => result.overall_2024 = v,
    }
}

/// Merges a table's rows into the results of its level, warning when a row is only in the second
/// table of a pair or its region or ICB differ between the two.
fn merge(
    results: &mut BTreeMap<(Level, String, Option<CareSetting>), (PublishedResult, String)>,
    part: Part,
    rows: Vec<Row>,
    here: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let second = matches!(part, Part::ProviderOverall | Part::IcbOverall);
    for row in rows {
        let key = (part.level(), row.name.clone(), row.care_setting);
        let entry = results.entry(key).or_insert_with(|| {
            if second {
                diags.push(Diagnostic::warning(
                    here,
                    Some(row.line),
                    None,
                    format!(
                        "{} is in this sheet but not in the pillar summary: it has overall scores only",
                        row.name
                    ),
                ));
            }
            let r = PublishedResult {
                level: part.level(),
                ods_code: None,
                name: row.name.clone(),
                care_setting: row.care_setting,
                region: row.region.clone(),
                icb: row.icb.clone(),
                pillars: [None; 7],
                overall_2025: None,
                overall_2024: None,
            };
            (r, format!("{here}, row {}", row.line))
        });
        if entry.0.region != row.region || entry.0.icb != row.icb {
            diags.push(Diagnostic::warning(
                here,
                Some(row.line),
                None,
                format!(
                    "{}: region or ICS ({}, {}) differ from {} ({}, {}): the first is kept",
                    row.name, row.region, row.icb, entry.1, entry.0.region, entry.0.icb
                ),
            ));
        }
        for (m, v) in row.values {
            put(&mut entry.0, m, v);
        }
    }
}

/// Converts the workbook. `decisions` are the reviewed rows of the committed crosswalk (read with
/// [`crosswalk::read_crosswalk`]), `crosswalk_file` names it in messages. Never fails: what cannot
/// be converted is reported, and the rest is converted.
pub fn convert(
    wb: &Workbook,
    trusts: &TrustList,
    crosswalk_file: &str,
    decisions: &[CrosswalkEntry],
) -> Conversion {
    let mut diagnostics = Vec::new();
    let sheets = locate_sheets(wb, &mut diagnostics);
    let mut counts = Vec::new();
    let mut merged = BTreeMap::new();
    for part in Part::ALL {
        let Some(sheet) = sheets.get(&part) else {
            counts.push(SheetCount {
                part,
                sheet: None,
                hidden: false,
                header_row: None,
                rows_read: 0,
                rows_used: 0,
                rows_skipped: 0,
                note_rows: 0,
                cells_blank: 0,
                cells_rejected: 0,
            });
            continue;
        };
        let (rows, count) = read_table(wb, sheet, part, &mut diagnostics);
        if sheet.hidden && count.rows_used > 0 {
            diagnostics.push(Diagnostic::warning(
                &place(wb, sheet),
                None,
                None,
                format!(
                    "the sheet is hidden in the workbook and not in its contents: its {} rows are converted and labelled as such",
                    count.rows_used
                ),
            ));
        }
        merge(&mut merged, part, rows, &place(wb, sheet), &mut diagnostics);
        counts.push(count);
    }
    let mut names: Vec<PublishedName> = Vec::new();
    for ((level, name, _), (r, at)) in &merged {
        if *level == Level::Provider && names.last().is_none_or(|p| &p.name != name) {
            names.push(PublishedName { name: name.clone(), region: r.region.clone(), place: at.clone() });
        }
    }
    let (crosswalk, mut cross_diags) = crosswalk::build(crosswalk_file, &names, trusts, decisions);
    diagnostics.append(&mut cross_diags);
    let results = merged
        .into_values()
        .map(|(mut r, _)| {
            if r.level == Level::Provider {
                r.ods_code = crosswalk.code_of(&r.name).map(str::to_string);
            }
            r
        })
        .collect();
    Conversion { results, crosswalk, sheets: counts, diagnostics }
}
