//! A framework file of the user's own (JSON) through the framework validator.
#![no_main]

mod common;
use libfuzzer_sys::fuzz_target;
use nhs_benchmark::maturity::Framework;

fuzz_target!(|data: &[u8]| {
    let [text] = common::parts::<1>(data);
    if let Ok(fw) = Framework::from_json(&text.unwrap_or_default()) {
        let _ = fw.score_range();
        let _ = fw.labels();
    }
});
