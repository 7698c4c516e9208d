//! The A&E attendances file (then, after a NUL byte, the ODS trust list) through the A&E loader.
#![no_main]

mod common;
use libfuzzer_sys::fuzz_target;
use nhs_benchmark::data::ae;

fuzz_target!(|data: &[u8]| {
    let [ae_text, ods] = common::parts::<2>(data);
    let ae_text = ae_text.unwrap_or_default();
    if let Ok(ds) = ae::load("ae.csv", &ae_text, "etr.csv", ods.as_deref().unwrap_or(common::ods())) {
        assert_eq!(ds.report.rows_used + ds.report.rows_skipped, ds.report.rows_read, "every row is counted");
    }
});
