//! The maturityOutcomes loader (`maturity::outcomes::load`, as `Loader::MaturityOutcomes` calls
//! it): DMA results, then after a NUL byte the RTT extract's CSV (as bytes), then after another
//! the ODS trust list (the seeded 2026 list where absent). A loaded set is then modelled for
//! every score and care setting, focused on its first provider, as the view would.
#![no_main]

mod common;
use libfuzzer_sys::fuzz_target;
use nhs_benchmark::data::encoding::decode;
use nhs_benchmark::maturity::dma_results::{CareSetting, Score};
use nhs_benchmark::maturity::outcomes::{self, OutcomesChoice};

fuzz_target!(|data: &[u8]| {
    let (dma, rest) = common::split_bytes(data);
    let (rtt, ods) = rest.map_or((&[][..], None), common::split_bytes);
    let dma = decode("dma.csv", dma).text;
    let ods = ods.map(|b| decode("etr.csv", b).text);
    let ods = ods.as_deref().unwrap_or(common::ods_2026());
    let Ok(set) = outcomes::load(("dma.csv", &dma), ("rtt.csv", rtt), ("etr.csv", ods)) else { return };
    let r = &set.report;
    // The RTT extract's rows of other parts are read and set aside, neither used nor skipped.
    assert!(r.rows_used + r.rows_skipped <= r.rows_read, "a row counted twice");
    for setting in CareSetting::ALL {
        let focus = set.organisations(setting).first().map(|o| o.code.clone());
        for score in Score::all() {
            let choice = OutcomesChoice { score, setting, focus: focus.clone(), ..OutcomesChoice::default() };
            if let Ok(m) = outcomes::model(&set, &choice) {
                let _ = m.focus_point();
                let _ = m.exemplar_count();
                let _ = m.diagnostics("dma.csv");
            }
        }
    }
});
