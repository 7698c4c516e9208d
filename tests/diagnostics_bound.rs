//! One bound on the diagnostics a load report keeps, whatever the file: the first
//! [`DiagnosticList::KEPT`] in full, then one warning counting the rest (the README's promise for
//! `element.report`). A file with thousands of bad rows gives a readable report, not thousands of
//! lines, and a small one loses none.

use nhs_benchmark::data::tidy::{Input, read_organisations};
use nhs_benchmark::data::{DiagnosticList, Severity};
use nhs_benchmark::maturity::{builtins, load_csv};

const BAD_ROWS: usize = 1_500;

#[test]
fn an_organisations_table_with_1500_repeated_codes_keeps_the_first_1000_and_counts_the_rest() {
    let mut csv = String::from("code,name\nRM3,Salford Royal\n");
    for _ in 0..BAD_ROWS {
        csv.push_str("RM3,Salford Royal again\n");
    }
    let table = read_organisations(Input::csv("organisations.csv", &csv)).unwrap();
    assert_eq!(table.organisations.len(), 1);
    assert_eq!(table.rows_skipped, BAD_ROWS, "every bad row is counted");
    assert_eq!(table.diagnostics.len(), DiagnosticList::KEPT + 1);
    assert_eq!(table.diagnostics[0].row, Some(3));
    assert!(table.diagnostics[0].message.contains("already appears at row 2"));
    let last = table.diagnostics.last().unwrap();
    assert_eq!(last.severity, Severity::Warning);
    assert!(
        last.message.starts_with("500 more problems of the kinds above are not listed (1500 errors"),
        "{}",
        last.message
    );
}

#[test]
fn maturity_answers_with_1500_unknown_criteria_keep_the_first_1000_and_count_the_rest() {
    let frameworks = builtins().unwrap();
    let mut csv = String::from(
        "framework,org_code,round,criterion_id,answer,note\nwgll,RM3,2024/25,wl.strategy.2a,met,\n",
    );
    for i in 0..BAD_ROWS {
        csv.push_str(&format!("wgll,RM3,2024/25,no.such.criterion.{i},met,\n"));
    }
    let set = load_csv("answers.csv", &csv, &frameworks).unwrap();
    assert_eq!(set.report.rows_skipped, BAD_ROWS, "every bad row is counted");
    let d = &set.report.diagnostics;
    let listed = d.iter().filter(|d| d.row.is_some()).count();
    assert_eq!(listed, DiagnosticList::KEPT, "the first 1,000 problems are kept in full");
    assert!(
        d.iter().any(|d| d.row.is_none() && d.message.contains("500 more problems not listed")),
        "{:?}",
        d.last()
    );
}

#[test]
fn a_small_file_loses_no_diagnostic() {
    let mut csv = String::from("code,name\nRM3,Salford Royal\n");
    for _ in 0..10 {
        csv.push_str("RM3,again\n");
    }
    let table = read_organisations(Input::csv("organisations.csv", &csv)).unwrap();
    assert_eq!(table.diagnostics.len(), 10);
    assert!(table.diagnostics.iter().all(|d| d.severity == Severity::Error));
}
