//! The ODS trust list (etr.csv) alone, as the maturity views read it.
#![no_main]

mod common;
use libfuzzer_sys::fuzz_target;
use nhs_benchmark::data::ae;

fuzz_target!(|data: &[u8]| {
    let [text] = common::parts::<1>(data);
    if let Ok(ds) = ae::organisations("etr.csv", &text.unwrap_or_default()) {
        assert_eq!(ds.report.rows_used + ds.report.rows_skipped, ds.report.rows_read, "every row is counted");
    }
});
