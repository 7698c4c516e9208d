//! Maturity answers, as the CSV template and as JSON, against the built-in frameworks, then
//! scored.
#![no_main]

mod common;
use libfuzzer_sys::fuzz_target;
use nhs_benchmark::maturity;
use std::sync::OnceLock;

fn frameworks() -> &'static [maturity::Framework] {
    static FRAMEWORKS: OnceLock<Vec<maturity::Framework>> = OnceLock::new();
    FRAMEWORKS.get_or_init(|| maturity::builtins().expect("the built-in frameworks load"))
}

fuzz_target!(|data: &[u8]| {
    let [text] = common::parts::<1>(data);
    let text = text.unwrap_or_default();
    for set in
        [maturity::load_csv("a.csv", &text, frameworks()), maturity::load_json("a.json", &text, frameworks())]
            .into_iter()
            .flatten()
    {
        for fw in frameworks() {
            let _ = maturity::score_all(fw, &set.assessments);
        }
    }
});
