//! Bytes through the decoder (UTF-8, UTF-16, Windows-1252) and the CSV reader.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nhs_benchmark::data::{csv, encoding};

fuzz_target!(|data: &[u8]| {
    let decoded = encoding::decode("fuzz.csv", data);
    let _ = encoding::unreadable_characters("fuzz.csv", &decoded.text);
    if let Ok(records) = csv::parse("fuzz.csv", &decoded.text) {
        assert!(records.windows(2).all(|w| w[0].line < w[1].line), "records keep their line order");
    }
});
