//! Shared by the fuzz targets: splitting one input into several files, and decoding bytes the
//! way the page will (so the decoder is fuzzed too).

#![allow(dead_code)]

use nhs_benchmark::data::encoding::decode;

/// The input's parts, split at NUL bytes (a byte no real CSV or JSON file holds), decoded.
/// Missing parts are `None`, so a target falls back to a known-good file for them.
pub fn parts<const N: usize>(data: &[u8]) -> [Option<String>; N] {
    let mut out: [Option<String>; N] = std::array::from_fn(|_| None);
    for (slot, bytes) in out.iter_mut().zip(data.splitn(N, |&b| b == 0)) {
        *slot = Some(decode("fuzz", bytes).text);
    }
    out
}

/// The first 60 trusts of the bundled ODS list: enough for names and regions, small enough to
/// keep the A&E target fast.
pub fn ods() -> &'static str {
    static ODS: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ODS.get_or_init(|| {
        include_str!("../../www/data/ods_trusts_etr.csv").lines().take(60).map(|l| format!("{l}\n")).collect()
    })
}
pub const METRICS: &str = include_str!("../../www/data/templates/metrics.json");
pub const ORGANISATIONS: &str = include_str!("../../www/data/templates/organisations.csv");
pub const OBSERVATIONS: &str = include_str!("../../www/data/templates/observations.csv");

/// The 2026 ODS trust list the RTT and DMA loaders read with, cut to its first 40 trusts and the
/// trusts the seeds in `corpus/rtt`, `corpus/dma_results` and `corpus/maturity_outcomes` name,
/// so a run joins real codes and stays fast.
pub fn ods_2026() -> &'static str {
    static ODS: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ODS.get_or_init(|| {
        const SEEDED: [&str; 8] =
            ["\"RCF\"", "\"R0A\"", "\"RBS\"", "\"RTK\"", "\"RJ1\"", "\"RXK\"", "\"RRV\"", "\"RAJ\""];
        include_str!("../../www/data/ods/etr_2026.csv")
            .lines()
            .enumerate()
            .filter(|(i, l)| *i < 40 || SEEDED.iter().any(|c| l.starts_with(c)))
            .map(|(_, l)| format!("{l}\n"))
            .collect()
    })
}

/// The input split at its first NUL byte, not decoded: a file read as bytes (the RTT extract)
/// and what follows it.
pub fn split_bytes(data: &[u8]) -> (&[u8], Option<&[u8]>) {
    match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    }
}
