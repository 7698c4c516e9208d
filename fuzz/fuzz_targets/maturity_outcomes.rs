//! Maturity beside outcomes as the page builds it from its two sets: the DMA results with the ODS
//! trust list (`maturity::workspace::load_published`, the `dma` loader) and the RTT extract's CSV
//! (`data::rtt::load`, the `rtt` loader), given as DMA results, then after a NUL byte the RTT
//! bytes, then after another the ODS list (the seeded 2026 list where absent). Two loaded sets are
//! then joined for every score and care setting, focused on the setting's first provider, as the
//! view would.
#![no_main]

mod common;
use libfuzzer_sys::fuzz_target;
use nhs_benchmark::data::encoding::decode;
use nhs_benchmark::data::rtt;
use nhs_benchmark::maturity::dma_results::{CareSetting, Score};
use nhs_benchmark::maturity::outcomes::{self, OutcomesChoice};
use nhs_benchmark::maturity::workspace::load_published;

fuzz_target!(|data: &[u8]| {
    let (dma, rest) = common::split_bytes(data);
    let (rtt_bytes, ods) = rest.map_or((&[][..], None), common::split_bytes);
    let dma = decode("dma.csv", dma).text;
    let ods = ods.map(|b| decode("etr.csv", b).text);
    let ods = ods.as_deref().unwrap_or(common::ods_2026());
    let Ok(results) = load_published(("dma.csv", &dma), ("etr.csv", ods)) else { return };
    let Ok(waits) = rtt::load("rtt.csv", rtt_bytes, "etr.csv", ods) else { return };
    let r = &waits.report;
    // The RTT extract's rows of other parts are read and set aside, neither used nor skipped.
    assert!(r.rows_used + r.rows_skipped <= r.rows_read, "a row counted twice");
    for setting in CareSetting::ALL {
        let focus = outcomes::organisations(&results, setting).first().map(|o| o.code.clone());
        for score in Score::all() {
            let choice = OutcomesChoice { score, setting, focus: focus.clone(), ..OutcomesChoice::default() };
            if let Ok(m) = outcomes::model(&results, &waits, &choice) {
                let _ = m.focus_point();
                let _ = m.exemplar_count();
                let _ = m.diagnostics("dma.csv");
            }
        }
    }
});
