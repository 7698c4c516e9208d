//! A Fingertips "all data" export through the Fingertips loader.
#![no_main]

mod common;
use libfuzzer_sys::fuzz_target;
use nhs_benchmark::data::fingertips;

fuzz_target!(|data: &[u8]| {
    let [text] = common::parts::<1>(data);
    if let Ok(ds) = fingertips::load("fingertips.csv", &text.unwrap_or_default(), &[], &mut |_, _| {}) {
        assert_eq!(ds.report.rows_used + ds.report.rows_skipped, ds.report.rows_read, "every row is counted");
    }
});
