//! The RTT full-extract importer (`data::rtt`) as the workspace calls it (`Loader::Rtt`): the
//! extract read as the bytes it is, a zip or its CSV. An input starting with a zip's signature is
//! the zip, read with the seeded 2026 ODS list; otherwise it is the CSV, then after a NUL byte
//! the ODS trust list. The extract is imported whole and again pushed in small chunks (as a
//! page's stream delivers it), which must give the same dataset.
#![no_main]

mod common;
use libfuzzer_sys::fuzz_target;
use nhs_benchmark::data::rtt::{self, RttImporter};
use nhs_benchmark::data::zip::ZipReader;

fuzz_target!(|data: &[u8]| {
    let (extract, ods) =
        if ZipReader::looks_like_zip(data) { (data, None) } else { common::split_bytes(data) };
    let ods_text = ods.map(|b| nhs_benchmark::data::encoding::decode("etr.csv", b).text);
    let ods_text = ods_text.as_deref().unwrap_or(common::ods_2026());
    let whole = rtt::load("rtt.csv", extract, "etr.csv", ods_text);
    if let Ok(ds) = &whole {
        let r = &ds.report;
        // Rows of the other parts (completed pathways, new periods) are read and set aside, neither
        // used nor skipped, so used and skipped add up to at most the rows read.
        assert!(r.rows_used + r.rows_skipped <= r.rows_read, "a row counted twice: {r:?}");
    }
    // The chunk size from the input's length: 1 to 61 bytes, so boundaries fall everywhere.
    let chunk = 1 + extract.len() % 61;
    let mut importer = RttImporter::new("rtt.csv");
    let chunked = extract
        .chunks(chunk)
        .try_for_each(|c| importer.push(c))
        .and_then(|()| importer.finish("etr.csv", ods_text));
    match (&whole, &chunked) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.organisations, b.organisations, "chunking changed the organisations");
            assert_eq!(a.metrics, b.metrics, "chunking changed the metrics");
            assert_eq!(a.observations, b.observations, "chunking changed the observations");
            assert_eq!(a.report.rows_read, b.report.rows_read, "chunking changed the rows read");
        }
        (Err(_), Err(_)) => {}
        _ => panic!("whole: {:?}\nchunked: {:?}", whole.as_ref().err(), chunked.as_ref().err()),
    }
});
