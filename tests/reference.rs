//! Runs every reference fixture through the engine, as `cargo run --example reference` does, and
//! fails on any mismatch or unknown function.

#![cfg(not(target_arch = "wasm32"))]

#[path = "../examples/reference/cases/mod.rs"]
mod cases;
#[path = "../examples/reference/runner.rs"]
mod runner;

use std::path::PathBuf;

fn fixtures() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reference");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/reference exists")
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_reference_case_matches_the_published_value() {
    let files = fixtures();
    assert!(files.len() >= 14, "expected the 14 reference files, found {}", files.len());
    let mut report = Vec::new();
    let totals = runner::run_files(&files, &mut report).expect("fixtures parse");
    let report = String::from_utf8_lossy(&report);
    println!("{report}{} passed, {} failed", totals.passed, totals.failed);
    assert!(totals.passed > 700, "only {} cases ran", totals.passed);
    assert_eq!(totals.failed, 0, "failing reference cases:\n{report}");
}

#[test]
fn the_runner_rejects_a_value_outside_its_tolerance() {
    let tol = runner::Tol { abs: 1e-9, rel: 0.0 };
    assert!(tol.accepts(1.0, 1.0 + 5e-10));
    assert!(!tol.accepts(1.0, 1.0 + 5e-9));
    assert_eq!(runner::tolerance_for(&serde_json::json!("exact"), "x"), runner::Tol::EXACT);
    let per_field = serde_json::json!({"a": {"rel": 1e-6}});
    assert_eq!(runner::tolerance_for(&per_field, "a"), runner::Tol { abs: 0.0, rel: 1e-6 });
    assert_eq!(runner::tolerance_for(&per_field, "b"), runner::Tol::EXACT);
}
