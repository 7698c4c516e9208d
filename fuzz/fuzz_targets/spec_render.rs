//! A spec through the whole chart session on the template data: parse, load, lay out, and
//! export SVG and CSV, at a size taken from the input's first bytes.
#![no_main]

mod common;
use libfuzzer_sys::fuzz_target;
use nhs_benchmark::chart::session::Session;
use nhs_benchmark::chart::text::ApproxMeasure;

fuzz_target!(|data: &[u8]| {
    let (size, rest) = data.split_at(data.len().min(4));
    let mut wh = [0u8; 4];
    wh[..size.len()].copy_from_slice(size);
    let width = f64::from(u16::from_le_bytes([wh[0], wh[1]]));
    let height = f64::from(u16::from_le_bytes([wh[2], wh[3]]));
    let [text] = common::parts::<1>(rest);
    let Ok(mut session) = Session::new(&text.unwrap_or_default()) else { return };
    let loaded = session.load_tidy(
        ("observations.csv", common::OBSERVATIONS),
        Some(("organisations.csv", common::ORGANISATIONS)),
        ("metrics.json", common::METRICS),
    );
    if loaded.is_ok() && session.layout(width, height, &ApproxMeasure).is_ok() {
        let svg = session.svg().unwrap_or_default();
        assert!(svg.starts_with("<svg"), "an SVG document");
        let _ = session.csv();
    }
});
