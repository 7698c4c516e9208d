#![cfg(target_arch = "wasm32")]
//! The RTT importer compiled to WebAssembly, in headless Chromium: a zip as macOS writes it
//! (deflate with data descriptors, a `__MACOSX/` entry), pushed in small chunks as a page reading
//! a download would, unpacks and adds up exactly as on the host.

use nhs_benchmark::data::rtt::{self, RttImporter};
use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn header() -> String {
    let mut cols: Vec<String> = [
        "Period",
        "Provider Parent Org Code",
        "Provider Parent Name",
        "Provider Org Code",
        "Provider Org Name",
        "Commissioner Org Code",
        "RTT Part Type",
        "Treatment Function Code",
        "Treatment Function Name",
    ]
    .map(String::from)
    .to_vec();
    for w in 0..104 {
        cols.push(format!("Gt {w:02} To {:02} Weeks SUM 1", w + 1));
    }
    cols.push("Gt 104 Weeks SUM 1".into());
    cols.extend(["Total", "Patients with unknown clock start date", "Total All"].map(String::from));
    cols.join(",")
}

/// A row with `n` pathways in week band `band`.
fn row(provider: &str, commissioner: &str, band: usize, n: u64) -> String {
    let mut counts = vec![String::new(); 105];
    counts[band] = n.to_string();
    format!(
        "RTT-April-2026,QHL,\"NHS BIRMINGHAM, SOLIHULL\",{provider},{provider} CLINIC LTD,{commissioner},Part_2,C_999,Total,{},,,{n}",
        counts.join(",")
    )
}

/// One deflated entry with a data descriptor, as the macOS Archive Utility writes it.
fn entry(out: &mut Vec<u8>, central: &mut Vec<u8>, name: &str, data: &[u8]) {
    let mut crc = nhs_benchmark::data::zip::Crc32::new();
    crc.update(data);
    let packed = miniz_oxide::deflate::compress_to_vec(data, 6);
    let offset = out.len() as u32;
    let le16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let le32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    le32(out, 0x0403_4b50);
    for x in [20u16, 8, 8, 0, 0] {
        le16(out, x);
    }
    for _ in 0..3 {
        le32(out, 0);
    }
    le16(out, name.len() as u16);
    le16(out, 0);
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(&packed);
    for x in [0x0807_4b50, crc.value(), packed.len() as u32, data.len() as u32] {
        le32(out, x);
    }
    le32(central, 0x0201_4b50);
    for x in [20u16, 20, 8, 8, 0, 0] {
        le16(central, x);
    }
    for x in [crc.value(), packed.len() as u32, data.len() as u32] {
        le32(central, x);
    }
    le16(central, name.len() as u16);
    for _ in 0..4 {
        le16(central, 0);
    }
    le32(central, 0);
    le32(central, offset);
    central.extend_from_slice(name.as_bytes());
}

#[wasm_bindgen_test]
fn a_zipped_extract_pushed_in_chunks_is_unpacked_and_added_up_in_the_browser() {
    let mut csv = header() + "\n";
    for i in 0..200u64 {
        csv.push_str(&row(&format!("N{:02}", i % 20), &format!("C{i:03}"), (i % 30) as usize, i + 1));
        csv.push('\n');
    }
    let (mut zip, mut central) = (Vec::new(), Vec::new());
    entry(&mut zip, &mut central, "extract.csv", csv.as_bytes());
    entry(&mut zip, &mut central, "__MACOSX/._extract.csv", b"junk");
    let at = zip.len() as u32;
    zip.extend_from_slice(&central);
    zip.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    zip.extend_from_slice(&[0, 0, 0, 0, 2, 0, 2, 0]);
    zip.extend_from_slice(&(central.len() as u32).to_le_bytes());
    zip.extend_from_slice(&at.to_le_bytes());
    zip.extend_from_slice(&[0, 0]);

    let mut importer = RttImporter::new("rtt.zip");
    for chunk in zip.chunks(997) {
        importer.push(chunk).expect("a valid zip");
    }
    let ds = importer.finish("etr.csv", "").expect("the extract loads");
    assert_eq!((ds.report.rows_read, ds.report.rows_used, ds.report.rows_skipped), (200, 200, 0));
    // N00 has rows i = 0, 20, ..., 180: 1 + 21 + ... + 181 = 910 pathways, all in bands 0, 20 and
    // 10 (i % 30), so those in band 20 (i = 20, 80, 140: 21 + 81 + 141 = 243) wait over 18 weeks.
    let org = ds.organisation_index("N00").unwrap();
    let m = ds.metric_index(rtt::WITHIN_18_WEEKS).unwrap();
    let f = ds.aggregate(m, 0, 0).into_iter().find(|f| f.org == org).unwrap();
    assert_eq!((f.numerator, f.denominator), (Some(910.0 - 243.0), Some(910.0)));
    assert_eq!(ds.organisations[org].text("type"), Some(rtt::TYPE_INDEPENDENT));
}
