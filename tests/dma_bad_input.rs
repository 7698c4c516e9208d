//! Bad input to the published maturity results: the real workbook with a sheet missing or
//! renamed, headers moved, a pillar column absent, scores that are not 1-5, providers that match no
//! ODS code or two; and broken rows in the bundled format. Each gives a message naming the file,
//! sheet, row and column and what to do, and the valid rows are kept and counted.

#![cfg(not(target_arch = "wasm32"))]

#[path = "../examples/convert_dma.rs"]
mod convert_dma;

use nhs_benchmark::data::ods::{self, TrustList};
use nhs_benchmark::data::{Diagnostic, Severity};
use nhs_benchmark::maturity::crosswalk::{self, CrosswalkEntry, MatchKind};
use nhs_benchmark::maturity::dma_convert::{self, Conversion, Part};
use nhs_benchmark::maturity::dma_results::{CareSetting, Level, PublishedResults};
use nhs_benchmark::maturity::workbook::{Cell, Sheet, Workbook};
use std::path::PathBuf;
use std::sync::OnceLock;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn workbook() -> Workbook {
    static W: OnceLock<Workbook> = OnceLock::new();
    W.get_or_init(|| {
        convert_dma::read_xlsx(&root().join("tests/fixtures/dma/dma_2024_2025_results.xlsx")).unwrap()
    })
    .clone()
}

fn trusts() -> &'static TrustList {
    static T: OnceLock<TrustList> = OnceLock::new();
    T.get_or_init(|| {
        let text = std::fs::read_to_string(root().join("www/data/ods/etr_2026.csv")).unwrap();
        ods::read_etr("etr_2026.csv", &text).unwrap()
    })
}

fn decisions() -> Vec<CrosswalkEntry> {
    let text = std::fs::read_to_string(root().join("www/data/dma/crosswalk.csv")).unwrap();
    crosswalk::read_crosswalk("crosswalk.csv", &text).unwrap()
}

fn convert(wb: &Workbook) -> Conversion {
    dma_convert::convert(wb, trusts(), "crosswalk.csv", &decisions())
}

fn sheet<'a>(wb: &'a mut Workbook, name: &str) -> &'a mut Sheet {
    wb.sheets.iter_mut().find(|s| s.name == name).unwrap_or_else(|| panic!("no sheet {name}"))
}

fn errors(c: &Conversion) -> Vec<&Diagnostic> {
    c.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect()
}

const PILLARS: &str = "SC - 2025 Pillar Summary";
const OVERALL: &str = "SC - 24 vs 25 Overall DMA";

#[test]
fn a_missing_sheet_is_named_with_the_sheets_there_are_and_the_rest_converts() {
    let mut wb = workbook();
    wb.sheets.retain(|s| s.name != OVERALL);
    let c = convert(&wb);
    let e = errors(&c);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].file, "dma_2024_2025_results.xlsx");
    assert!(e[0].message.contains("no sheet 'SC - 24 vs 25 Overall DMA'"), "{}", e[0]);
    assert!(
        e[0].message.contains("'SC - 2025 Pillar Summary'"),
        "the message lists the sheets there are: {}",
        e[0]
    );
    let providers: Vec<_> = c.results.iter().filter(|r| r.level == Level::Provider).collect();
    assert_eq!(providers.len(), 285);
    assert!(providers.iter().all(|r| r.overall_2025.is_none() && r.pillars[0].is_some()));
}

#[test]
fn a_renamed_sheet_is_found_by_its_headers_with_a_warning_and_converts_the_same() {
    let mut wb = workbook();
    sheet(&mut wb, PILLARS).name = "Providers 2025".into();
    let c = convert(&wb);
    assert!(errors(&c).is_empty(), "{}", c.report_text());
    let w = c
        .diagnostics
        .iter()
        .find(|d| d.message.contains("Providers 2025"))
        .expect("a warning names the sheet used");
    assert_eq!(w.severity, Severity::Warning);
    assert!(w.message.contains("no sheet is named 'SC - 2025 Pillar Summary'"), "{w}");
    assert_eq!(c.results_csv(), convert(&workbook()).results_csv());
}

#[test]
fn moved_headers_and_columns_are_found_by_name() {
    let mut wb = workbook();
    let s = sheet(&mut wb, PILLARS);
    // Three more rows above the table, a new first column, and two pillar columns swapped.
    s.rows.splice(0..0, vec![vec![Cell::Text("A new title".into())], Vec::new(), Vec::new()]);
    for row in &mut s.rows {
        row.insert(0, Cell::Empty);
        if row.len() > 10 {
            row.swap(9, 10);
        }
    }
    let c = convert(&wb);
    assert!(errors(&c).is_empty(), "{}", c.report_text());
    assert_eq!(c.sheets[0].header_row, Some(14));
    assert_eq!(c.results_csv(), convert(&workbook()).results_csv());
}

#[test]
fn an_absent_pillar_column_is_named_and_every_row_keeps_its_other_scores() {
    let mut wb = workbook();
    let s = sheet(&mut wb, PILLARS);
    let col = s.rows[10].iter().position(|c| c.text() == Some("Safe Practice")).unwrap();
    for row in &mut s.rows {
        if row.len() > col {
            row.remove(col);
        }
    }
    let c = convert(&wb);
    let e = errors(&c);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].file, "dma_2024_2025_results.xlsx, sheet 'SC - 2025 Pillar Summary'");
    assert_eq!(e[0].row, Some(11));
    assert_eq!(e[0].column.as_deref(), Some("Safe Practice"));
    assert!(e[0].message.contains("restore the column"), "{}", e[0]);
    let providers: Vec<_> = c.results.iter().filter(|r| r.level == Level::Provider).collect();
    assert_eq!(providers.len(), 285);
    assert!(
        providers.iter().all(|r| r.pillars[2].is_none() && r.pillars[0].is_some() && r.pillars[6].is_some())
    );
    assert_eq!(c.sheets[0].rows_used, 285);
}

#[test]
fn a_score_outside_one_to_five_or_not_a_number_is_named_by_cell_and_left_blank() {
    let mut wb = workbook();
    let s = sheet(&mut wb, PILLARS);
    // Row 12 is Salisbury (Acute); F is Well Led, G Ensure Smart Foundations.
    s.rows[11][5] = Cell::Number(7.0);
    s.rows[12][6] = Cell::Text("n/a".into());
    s.rows[13][7] = Cell::Error("#DIV/0!".into());
    let c = convert(&wb);
    let e = errors(&c);
    assert_eq!(e.len(), 3, "{e:?}");
    assert_eq!((e[0].row, e[0].column.as_deref()), (Some(12), Some("F (Well Led)")));
    assert!(e[0].message.contains("SALISBURY NHS FOUNDATION TRUST: 7 is outside the 1-5 scale"), "{}", e[0]);
    assert!(e[1].message.contains("'n/a' is not a number"), "{}", e[1]);
    assert!(e[2].message.contains("#DIV/0!"), "{}", e[2]);
    assert_eq!(c.sheets[0].cells_rejected, 3);
    assert_eq!(c.sheets[0].rows_used, 285, "the rows are kept");
    let salisbury = c
        .results
        .iter()
        .find(|r| r.name == "SALISBURY NHS FOUNDATION TRUST" && r.care_setting == Some(CareSetting::Acute))
        .unwrap();
    assert_eq!(salisbury.pillars[0], None);
    assert_eq!(salisbury.pillars[1], Some(2.4));
    assert_eq!(salisbury.ods_code.as_deref(), Some("RNZ"));
}

#[test]
fn an_unknown_care_setting_or_a_repeated_row_is_skipped_and_counted() {
    let mut wb = workbook();
    let s = sheet(&mut wb, PILLARS);
    s.rows[11][4] = Cell::Text("Primary".into());
    let copy = s.rows[12].clone();
    s.rows.insert(13, copy);
    let c = convert(&wb);
    let e = errors(&c);
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(e[0].message.contains("'Primary' is not a care setting"), "{}", e[0]);
    assert_eq!((e[0].row, e[0].column.as_deref()), (Some(12), Some("E (Care Setting)")));
    assert!(e[1].message.contains("appears again (first on row 13)"), "{}", e[1]);
    assert_eq!((c.sheets[0].rows_read, c.sheets[0].rows_used, c.sheets[0].rows_skipped), (286, 284, 2));
}

#[test]
fn a_provider_matching_no_ods_code_is_listed_and_kept() {
    let mut wb = workbook();
    for name in [PILLARS, OVERALL] {
        for row in &mut sheet(&mut wb, name).rows {
            if row.get(3).and_then(Cell::text) == Some("SALISBURY NHS FOUNDATION TRUST") {
                row[3] = Cell::Text("SALISBURY HOSPITALS TRUST".into());
            }
        }
    }
    let c = convert(&wb);
    let w = c.diagnostics.iter().find(|d| d.message.contains("SALISBURY HOSPITALS TRUST")).expect("reported");
    assert_eq!(w.file, "crosswalk.csv");
    assert!(w.message.contains("sheet 'SC - 2025 Pillar Summary', row 12"), "{w}");
    assert!(w.message.contains("add a manual row"), "{w}");
    let r = c.results.iter().find(|r| r.name == "SALISBURY HOSPITALS TRUST").expect("kept");
    assert_eq!(r.ods_code, None);
    assert_eq!(r.pillars[0], Some(2.8));
    assert_eq!(c.crosswalk.counts().unmatched, 4);
}

#[test]
fn a_provider_matching_two_ods_codes_is_never_guessed() {
    let mut list = trusts().clone();
    let mut twin = list.get("RNZ").unwrap().clone();
    twin.code = "RZZ".into();
    list.trusts.push(twin);
    let c = dma_convert::convert(&workbook(), &list, "crosswalk.csv", &decisions());
    let e =
        c.crosswalk.entries.iter().find(|e| e.published_name == "SALISBURY NHS FOUNDATION TRUST").unwrap();
    assert_eq!((e.kind, e.ods_code.as_deref()), (MatchKind::Unmatched, None));
    let w = c.diagnostics.iter().find(|d| d.message.contains("SALISBURY NHS FOUNDATION TRUST")).unwrap();
    assert!(w.message.contains("2 ODS trusts have this name: RNZ") && w.message.contains("RZZ"), "{w}");
}

#[test]
fn a_manual_crosswalk_row_with_a_code_not_in_the_ods_list_is_an_error() {
    let mut d = decisions();
    let row = d.iter_mut().find(|e| e.published_name.starts_with("ROYAL SURREY")).unwrap();
    row.ods_code = Some("RQQQ".into());
    let c = dma_convert::convert(&workbook(), trusts(), "crosswalk.csv", &d);
    let e = errors(&c);
    assert_eq!(e.len(), 1);
    assert!(e[0].message.contains("RQQQ is not in etr_2026.csv"), "{}", e[0]);
    assert_eq!(c.crosswalk.code_of("ROYAL SURREY COUNTY HOSPITAL NHS FOUNDATION TRUST"), None);
}

#[test]
fn an_empty_workbook_reports_every_table_missing() {
    let c = convert(&Workbook { file: "empty.xlsx".into(), sheets: vec![Sheet::default()] });
    assert_eq!(errors(&c).len(), Part::ALL.len());
    assert!(c.results.is_empty());
}

// ---------- The bundled format ----------

const HEADER: &str = "level,ods_code,name,care_setting,region,icb,well_led,smart_foundations,safe_practice,\
support_people,empower_citizens,improve_care,healthy_populations,overall_2025_comparable,overall_2024_comparable\n";

#[test]
fn bundled_format_rows_with_bad_levels_settings_scores_or_repeats_are_named_and_the_rest_kept() {
    let body = "provider,RXX,GOOD TRUST,Acute,LONDON,NHS X ICB,2,2,2,2,2,2,2,2.1,2\n\
                hospital,RXY,BAD LEVEL,Acute,LONDON,NHS X ICB,2,2,2,2,2,2,2,2,2\n\
                provider,RXZ,BAD SETTING,Primary,LONDON,NHS X ICB,2,2,2,2,2,2,2,2,2\n\
                provider,RXW,HIGH SCORE,Acute,LONDON,NHS X ICB,6,2,2,2,2,2,2,2,2\n\
                provider,RXX,GOOD TRUST,Acute,LONDON,NHS X ICB,2,2,2,2,2,2,2,2,2\n\
                provider,RXX,OTHER NAME,Acute,LONDON,NHS X ICB,2,2,2,2,2,2,2,2,2\n\
                icb,,NHS X ICB,Acute,LONDON,NHS X ICB,2,2,2,2,2,2,2,2,2\n\
                icb_primary_care,,NHS X ICB,,LONDON,NHS X ICB,2,2,3,2,2,2,,,\n";
    let r = PublishedResults::load("r.csv", &format!("{HEADER}{body}")).unwrap();
    assert_eq!((r.report.rows_read, r.report.rows_used, r.report.rows_skipped), (8, 3, 5));
    let d: Vec<String> = r.report.diagnostics.iter().map(|d| d.to_string()).collect();
    let has = |s: &str| d.iter().any(|x| x.contains(s));
    assert!(has("r.csv, row 3, column 'level': 'hospital' is not a level"), "{d:#?}");
    assert!(has("row 4, column 'care_setting': 'Primary' is not a care setting"), "{d:#?}");
    assert!(has("row 5, column 'well_led': 6 is outside the 1-5 scale"), "{d:#?}");
    assert!(has("row 6, column 'name': GOOD TRUST Acute appears again (first on row 2)"), "{d:#?}");
    assert!(has("row 7, column 'ods_code': RXX is already the code of GOOD TRUST"), "{d:#?}");
    assert!(has("row 8, column 'care_setting': an ICB row has no care setting"), "{d:#?}");
    assert!(
        has("row 9, column 'safe_practice': icb_primary_care results have no safe_practice score"),
        "{d:#?}"
    );
    let high = r.provider("RXW", CareSetting::Acute).expect("the row with one bad score is kept");
    assert_eq!((high.pillars[0], high.pillars[1]), (None, Some(2.0)));
    assert_eq!(r.provider("RXX", CareSetting::Acute).unwrap().overall_2025, Some(2.1));
}

#[test]
fn bundled_format_without_its_columns_or_rows_says_what_it_needs() {
    let e = PublishedResults::load("r.csv", "level,name\nprovider,X\n").unwrap_err();
    assert!(e.to_string().contains("missing columns ods_code, care_setting"), "{e}");
    let e = PublishedResults::load("r.csv", "").unwrap_err();
    assert!(e.to_string().contains("the file is empty"), "{e}");
    let e = PublishedResults::load("r.csv", HEADER).unwrap_err();
    assert!(e.to_string().contains("no results"), "{e}");
    let e = PublishedResults::load("r.csv", &format!("{HEADER}nope,,X,,,,,,,,,,,,\n")).unwrap_err();
    assert!(e.to_string().contains("'nope' is not a level"), "{e}");
}
