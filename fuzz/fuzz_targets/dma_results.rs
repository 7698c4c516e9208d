//! Published DMA results in the bundled format (`maturity::dma_results::PublishedResults::load`),
//! joined to an ODS trust list (`with_trusts`; the input after a NUL byte, the seeded 2026 list
//! where absent), then read the ways the views read them. The results written back in the
//! bundled format read back the same.
#![no_main]

mod common;
use libfuzzer_sys::fuzz_target;
use nhs_benchmark::data::ods;
use nhs_benchmark::maturity::dma_results::{CareSetting, PublishedResults, Score, write_results_csv};

fuzz_target!(|data: &[u8]| {
    let [dma, ods_text] = common::parts::<2>(data);
    let Ok(results) = PublishedResults::load("dma.csv", &dma.unwrap_or_default()) else { return };
    let r = &results.report;
    assert_eq!(r.rows_used + r.rows_skipped, r.rows_read, "every row is counted");
    let written = write_results_csv(&results.results);
    let again = PublishedResults::load("dma.csv", &written).expect("results written read back");
    assert_eq!(
        again.results, results.results,
        "the bundled format round trip changed the results: {written}"
    );
    let Ok(trusts) = ods::read_etr("etr.csv", ods_text.as_deref().unwrap_or(common::ods_2026())) else {
        return;
    };
    let results = results.with_trusts(&trusts);
    for setting in CareSetting::ALL {
        let providers: Vec<_> = results.providers(setting).collect();
        for p in &providers {
            let code = p.key().to_string();
            let _ = results.care_settings_of(&code);
            let _ = results.default_setting(&code);
            let _ = p.display_name();
            for s in Score::all() {
                if let Some(x) = s.of(p) {
                    assert!((1.0..=5.0).contains(&x), "a score outside 1-5 was kept: {x}");
                }
            }
        }
        let orgs = results.organisations(setting);
        assert!(orgs.organisations.len() <= providers.len(), "an organisation per provider at most");
    }
});
