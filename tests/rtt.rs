//! The RTT importer: the bundled April 2026 full extract (the zip as NHS England publishes it)
//! checked against an independent computation, and every kind of bad input (a missing column, a
//! non-numeric week band, a file cut short, a zip without a CSV, ...) giving a message that
//! names where and what to do while the valid rows are kept and counted.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use nhs_benchmark::data::rtt::{self, RttImporter};
use nhs_benchmark::data::zip::{Crc32, EntryHeader, EntrySink, Flow, Want, ZipReader};
use nhs_benchmark::data::{Dataset, LoadError, OrgFigure, Severity};
use proptest::prelude::*;
use std::sync::OnceLock;

const ZIP_PATH: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/rtt/20260430-RTT-April-2026-full-extract.csv.zip");
const ZIP_NAME: &str = "20260430-RTT-April-2026-full-extract.csv.zip";
const ODS_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/ods/etr_2026.csv");

fn ods_text() -> String {
    std::fs::read_to_string(ODS_PATH).expect("the bundled ODS trust list")
}

/// The bundled extract, imported once for all the tests that read it.
fn real() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| {
        let bytes = std::fs::read(ZIP_PATH).expect("the bundled RTT extract");
        rtt::load(ZIP_NAME, &bytes, "etr_2026.csv", &ods_text()).expect("the bundled extract loads")
    })
}

fn figure(ds: &Dataset, code: &str, metric: &str) -> Option<OrgFigure> {
    let org = ds.organisation_index(code).unwrap_or_else(|| panic!("{code} is in the data"));
    let m = ds.metric_index(metric).unwrap_or_else(|| panic!("{metric} is a metric"));
    ds.aggregate(m, 0, ds.periods.len() - 1).into_iter().find(|f| f.org == org)
}

fn messages(ds: &Dataset) -> String {
    ds.report.diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
}

// --- The bundled extract -----------------------------------------------------------------

#[test]
fn the_real_extract_counts_every_row_and_says_why_rows_are_not_used() {
    let ds = real();
    // Row counts from tests/fixtures/rtt/check_rtt.py: 180,781 data rows, 63,654 of them Part_2.
    assert_eq!(ds.report.rows_read, 180_781);
    assert_eq!(ds.report.rows_used, 63_654);
    assert_eq!(ds.report.rows_skipped, 0);
    assert_eq!(ds.periods, vec!["2026-04-01"]);
    let text = messages(ds);
    assert!(text.contains("117127 rows of other parts are not used"), "{text}");
    for part in [
        "Part_1A (completed pathways, admitted) 18447",
        "Part_1B",
        "Part_2A",
        "Part_3 (new RTT periods) 36525",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
    assert!(
        text.contains("'__MACOSX/._20260430-RTT-April-2026-full-extract.csv' in the zip is not used"),
        "{text}"
    );
    // NX505 has rows of other parts only.
    assert!(text.contains("NX505 (Anglia Community Eye Service - Fakenham Medical Practice)"), "{text}");
    assert!(ds.report.diagnostics.iter().all(|d| d.severity == Severity::Warning), "{text}");
}

#[test]
fn the_real_extract_tells_nhs_trusts_from_independent_sector_providers() {
    let ds = real();
    let count = |t: &str| ds.organisations.iter().filter(|o| o.text("type") == Some(t)).count();
    // check_rtt.py: 528 providers with Part_2 rows, 147 of them in the ODS list and open in
    // April 2026; TAD (Bradford District Care NHS Foundation Trust) is missing from the list but
    // named as an NHS trust.
    assert_eq!(count(rtt::TYPE_NHS_TRUST), 148);
    assert_eq!(count(rtt::TYPE_INDEPENDENT), 380);
    assert_eq!(ds.organisations.len(), 529, "528 providers and England");
    let org = |code: &str| &ds.organisations[ds.organisation_index(code).unwrap()];
    let rrk = org("RRK");
    assert_eq!(rrk.name, "University Hospitals Birmingham NHS Foundation Trust");
    assert_eq!(
        (rrk.text("type"), rrk.text("region"), rrk.text("icb")),
        (Some("NHS trust"), Some("Midlands"), Some("QHL"))
    );
    assert_eq!(rrk.number(rtt::ATTR_WAITING_LIST), Some(90_948.0));
    // Independent providers take the region of their ICB: QWO West Yorkshire and QRL Hampshire
    // and the Isle of Wight are in Y63 and Y59 (check_rtt.py).
    let nvc20 = org("NVC20");
    assert_eq!(
        (nvc20.text("type"), nvc20.text("region")),
        (Some(rtt::TYPE_INDEPENDENT), Some("North East and Yorkshire"))
    );
    assert_eq!(nvc20.name, "The Yorkshire Clinic");
    assert_eq!(org("NTP11").text("region"), Some("South East"));
    let tad = org("TAD");
    assert_eq!(
        (tad.text("type"), tad.text("region")),
        (Some(rtt::TYPE_NHS_TRUST), Some("North East and Yorkshire"))
    );
    assert!(
        messages(ds)
            .contains("TAD (Bradford District Care NHS Foundation Trust) is not in the ODS trust list")
    );
    // RVJ North Bristol closes on 2026-06-30, after April: an NHS trust, open, with no warning.
    assert_eq!(org("RVJ").text("type"), Some(rtt::TYPE_NHS_TRUST));
    assert!(!messages(ds).contains("RVJ"));
}

/// One provider's figures as tests/fixtures/rtt/check_rtt.py prints them.
struct Expected {
    code: &'static str,
    function: &'static str,
    waiting: f64,
    within_18: f64,
    over_52: f64,
    median: f64,
    p92: f64,
}

/// Written from the output of `python3 tests/fixtures/rtt/check_rtt.py` (Python's zipfile and csv
/// over the same zip: week bands summed over commissioners, the median and 92nd percentile
/// interpolated within the week band by its own code).
const EXPECTED: [Expected; 11] = [
    Expected {
        code: "RRK",
        function: "C_999",
        waiting: 90948.0,
        within_18: 62187.0,
        over_52: 303.0,
        median: 10.869071476285905,
        p92: 34.4437029501526,
    },
    Expected {
        code: "RRK",
        function: "C_110",
        waiting: 3647.0,
        within_18: 2702.0,
        over_52: 0.0,
        median: 8.657407407407408,
        p92: 28.11555555555556,
    },
    Expected {
        code: "REN",
        function: "C_999",
        waiting: 843.0,
        within_18: 809.0,
        over_52: 0.0,
        median: 6.46,
        p92: 14.738823529411768,
    },
    Expected {
        code: "TAD",
        function: "C_999",
        waiting: 568.0,
        within_18: 297.0,
        over_52: 26.0,
        median: 15.666666666666666,
        p92: 47.640000000000015,
    },
    Expected {
        code: "NVC20",
        function: "C_999",
        waiting: 7488.0,
        within_18: 5617.0,
        over_52: 21.0,
        median: 8.91008174386921,
        p92: 32.24524590163934,
    },
    Expected {
        code: "NVC20",
        function: "C_110",
        waiting: 1407.0,
        within_18: 958.0,
        over_52: 4.0,
        median: 11.986842105263158,
        p92: 34.826666666666675,
    },
    Expected {
        code: "NTP11",
        function: "C_999",
        waiting: 10899.0,
        within_18: 6912.0,
        over_52: 12.0,
        median: 12.371835443037975,
        p92: 32.87473053892216,
    },
    Expected {
        code: "NTP11",
        function: "C_110",
        waiting: 1149.0,
        within_18: 940.0,
        over_52: 1.0,
        median: 9.02,
        p92: 24.13500000000002,
    },
    Expected {
        code: "E92000001",
        function: "C_999",
        waiting: 7123980.0,
        within_18: 4623405.0,
        over_52: 100665.0,
        median: 11.907900705645162,
        p92: 38.76734479257326,
    },
    Expected {
        code: "E92000001",
        function: "C_110",
        waiting: 827992.0,
        within_18: 486498.0,
        over_52: 19505.0,
        median: 13.898710182552438,
        p92: 41.987966641395,
    },
    // A function a provider has no rows for has no figures.
    Expected {
        code: "REN",
        function: "C_110",
        waiting: f64::NAN,
        within_18: f64::NAN,
        over_52: f64::NAN,
        median: f64::NAN,
        p92: f64::NAN,
    },
];

#[test]
fn the_real_extract_figures_match_an_independent_python_computation() {
    let ds = real();
    for e in &EXPECTED {
        let id = |m: &str| rtt::metric_id(m, e.function);
        let at = format!("{} {}", e.code, e.function);
        let share = figure(ds, e.code, &id(rtt::WITHIN_18_WEEKS));
        if e.waiting.is_nan() {
            assert!(share.is_none(), "{at} has no rows");
            continue;
        }
        let share = share.unwrap();
        assert_eq!((share.numerator, share.denominator), (Some(e.within_18), Some(e.waiting)), "{at}");
        let long = figure(ds, e.code, &id(rtt::OVER_52_WEEKS_SHARE)).unwrap();
        assert_eq!((long.numerator, long.denominator), (Some(e.over_52), Some(e.waiting)), "{at}");
        for (metric, want) in [(rtt::MEDIAN_WAIT, e.median), (rtt::P92_WAIT, e.p92)] {
            let got = figure(ds, e.code, &id(metric)).and_then(|f| f.value).unwrap();
            assert!((got - want).abs() < 1e-9, "{at} {metric}: {got} vs {want}");
        }
        if e.code == rtt::ENGLAND_CODE {
            // England's row carries the shares and waits only: its waiting list would be no
            // benchmark for one provider's.
            assert!(figure(ds, e.code, &id(rtt::WAITING_LIST)).is_none(), "{at}");
            assert!(figure(ds, e.code, &id(rtt::OVER_52_WEEKS)).is_none(), "{at}");
        } else {
            assert_eq!(figure(ds, e.code, &id(rtt::WAITING_LIST)).unwrap().value, Some(e.waiting), "{at}");
            assert_eq!(figure(ds, e.code, &id(rtt::OVER_52_WEEKS)).unwrap().value, Some(e.over_52), "{at}");
        }
    }
}

#[test]
fn englands_row_is_the_sum_over_every_provider_nhs_and_independent() {
    let ds = real();
    assert_eq!(ds.national_index(), ds.organisation_index(rtt::ENGLAND_CODE));
    let m = ds.metric_index(rtt::WAITING_LIST).unwrap();
    let providers: f64 = ds.aggregate(m, 0, 0).iter().filter_map(|f| f.value).sum();
    let england = figure(ds, rtt::ENGLAND_CODE, rtt::WITHIN_18_WEEKS).unwrap();
    assert_eq!(england.denominator, Some(providers));
    assert_eq!(providers, 7_123_980.0);
}

#[test]
fn the_real_extract_has_six_measures_for_the_total_and_each_treatment_function() {
    let ds = real();
    // 24 treatment function codes in the file (check_rtt.py): C_999 and 23 functions.
    assert_eq!(ds.metrics.len(), 24 * 6);
    let ids: Vec<&str> = ds.metrics[..6].iter().map(|m| m.id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "rtt_within_18_weeks",
            "rtt_over_52_weeks_share",
            "rtt_median_wait",
            "rtt_p92_wait",
            "rtt_waiting_list",
            "rtt_over_52_weeks"
        ]
    );
    assert_eq!(rtt::HEADLINE_METRICS.to_vec(), ids);
    let m = |id: &str| &ds.metrics[ds.metric_index(id).unwrap()];
    let share = m("rtt_within_18_weeks");
    assert_eq!(share.title, "RTT waits of 18 weeks or less, all treatment functions");
    assert_eq!((share.unit.as_str(), share.multiplier, share.target), ("%", 100.0, Some(92.0)));
    assert_eq!(
        share.source,
        "NHS England, Consultant-led RTT Waiting Times, April 2026 (incomplete pathways)"
    );
    let to = m("rtt_p92_wait.C_110");
    assert_eq!(to.title, "RTT 92nd percentile wait, Trauma and Orthopaedic Service");
    assert_eq!(to.polarity, nhs_benchmark::data::Polarity::LowerIsBetter);
    assert_eq!(to.kind, nhs_benchmark::data::MetricKind::Value);
    assert_eq!(
        m("rtt_over_52_weeks_share.X02").title,
        "RTT waits over 52 weeks, share of the waiting list, Other - Medical Services"
    );
    assert!(ds.attribution.contains("April 2026"));
    // Open week band: 2 medians and 6 92nd percentiles over 104 weeks (check_rtt.py).
    let text = messages(ds);
    assert!(
        text.contains("the median wait of 2 provider and treatment function figures lies in the last"),
        "{text}"
    );
    assert!(text.contains("the 92nd percentile wait of 6 provider"), "{text}");
}

#[test]
fn the_comparison_and_spine_judge_a_trust_against_englands_row_for_each_measure() {
    use nhs_benchmark::benchmark::compare::{BenchmarkChoice, ComparisonRequest, compare_with_peers};
    use nhs_benchmark::benchmark::peers::{self, Condition, PeerGroupSpec};
    use nhs_benchmark::benchmark::spine::spine;
    use nhs_benchmark::data::Attribute;
    use nhs_benchmark::stats::compare::TwoLevelComparison;
    let ds = real();
    let trusts = PeerGroupSpec::Filter {
        conditions: vec![Condition::Equals {
            attribute: "type".into(),
            value: Attribute::Text("NHS trust".into()),
        }],
    };
    let compare = |metric: &str| {
        let request = ComparisonRequest {
            focus: "RRK".into(),
            metric: metric.into(),
            from: None,
            to: None,
            peers: trusts.clone(),
            benchmark: BenchmarkChoice::National {},
            rank: None,
        };
        compare_with_peers(ds, &request).unwrap()
    };
    // 68.38% (62,187 of 90,948) against England's 64.90% (4,623,405 of 7,123,980), with Wilson
    // intervals far from England's value: better at 99.8%, among 148 NHS trusts.
    let c = compare(rtt::WITHIN_18_WEEKS);
    assert_eq!(c.rank.of, 148);
    assert_eq!(c.national.as_ref().unwrap().source, "the national row (E92000001)");
    assert!((c.national.as_ref().unwrap().figure.value - 64.8991855676181).abs() < 1e-9);
    assert_eq!(c.significance, TwoLevelComparison::Better998);
    // 0.33% over 52 weeks against England's 1.41%: lower is better.
    assert_eq!(compare(rtt::OVER_52_WEEKS_SHARE).significance, TwoLevelComparison::Better998);
    // The waits are plain values: England's row is the benchmark, with no interval to test.
    let c = compare(rtt::MEDIAN_WAIT);
    assert!((c.benchmark.value.unwrap() - 11.907900705645162).abs() < 1e-9);
    assert_eq!(c.significance, TwoLevelComparison::NotCompared);
    // Counts have no national value: England's waiting list is no benchmark for one trust's.
    assert!(compare(rtt::WAITING_LIST).national.is_none());

    let focus = ds.organisation_index("RRK").unwrap();
    let group = peers::resolve_index(ds, focus, &trusts).unwrap();
    let metrics: Vec<usize> = rtt::HEADLINE_METRICS.iter().map(|m| ds.metric_index(m).unwrap()).collect();
    let s = spine(ds, focus, &metrics, 0, 0, &group, &BenchmarkChoice::National {}).unwrap();
    assert_eq!(s.rows.len(), 6);
    assert!(s.rows.iter().all(|r| r.figures().is_some()), "every measure has a figure for RRK");
}

#[test]
fn the_exemplars_on_2026_data_count_merged_exemplars_as_their_successors_and_say_so() {
    use nhs_benchmark::benchmark::NoticeCode;
    use nhs_benchmark::benchmark::peers::{self, PeerGroupSpec};
    let ds = real();
    // Of the 12 acute exemplars of 2016, City Hospitals Sunderland (RLN), Royal Liverpool (RQ6)
    // and Taunton and Somerset (RBA) have merged; April 2026 has only R0B, REM and RH5. From
    // Northern Care Alliance (RM3, itself an exemplar) the other 11 are all peers.
    let focus = ds.organisation_index("RM3").unwrap();
    let group = peers::resolve_index(ds, focus, &PeerGroupSpec::Exemplars {}).unwrap();
    let mut codes: Vec<&str> = group.members.iter().map(|m| m.code.as_str()).collect();
    codes.sort();
    assert_eq!(codes, ["R0B", "RA7", "RAL", "RBL", "RC9", "REM", "RGR", "RH5", "RHM", "RRK", "RTH"]);
    let statement = group
        .notices
        .iter()
        .find(|n| n.code == NoticeCode::ExemplarsAsSuccessors)
        .expect("the mapping is stated");
    assert!(
        statement.message.contains("RLN as South Tyneside and Sunderland (R0B)"),
        "{}",
        statement.message
    );
    assert!(statement.message.contains("RBA as Somerset (RH5)"), "{}", statement.message);
    assert!(group.notices.iter().all(|n| n.code != NoticeCode::UnknownOrganisation), "none is missing");
}

/// Unpacks the CSV from the bundled zip with the zip reader alone.
fn unzip_csv() -> Vec<u8> {
    struct Collect(Vec<u8>);
    impl EntrySink for Collect {
        fn begin(&mut self, e: &EntryHeader) -> Want {
            if e.name.ends_with(".csv") && !e.name.starts_with("__MACOSX/") { Want::Data } else { Want::Skip }
        }
        fn data(&mut self, bytes: &[u8]) -> Flow {
            self.0.extend_from_slice(bytes);
            Flow::Continue
        }
    }
    let bytes = std::fs::read(ZIP_PATH).unwrap();
    let mut reader = ZipReader::new(ZIP_NAME);
    let mut sink = Collect(Vec::new());
    reader.push(&bytes, &mut sink).unwrap();
    let summary = reader.finish().unwrap();
    assert_eq!(summary.entries.len(), 2);
    assert!(summary.warnings.is_empty());
    sink.0
}

#[test]
fn the_csv_pushed_in_odd_chunks_gives_the_same_dataset_as_the_zip() {
    let csv = unzip_csv();
    assert_eq!(csv.len(), 81_624_872);
    let mut importer = RttImporter::new("20260430-RTT-April-2026-full-extract.csv");
    for chunk in csv.chunks(65_521) {
        importer.push(chunk).unwrap();
    }
    let from_csv = importer.finish("etr_2026.csv", &ods_text()).unwrap();
    let from_zip = real();
    assert_eq!(from_csv.organisations, from_zip.organisations);
    assert_eq!(from_csv.metrics, from_zip.metrics);
    assert_eq!(from_csv.observations, from_zip.observations);
    assert_eq!(from_csv.report.rows_read, from_zip.report.rows_read);
}

// --- Small files built in the test ---------------------------------------------------------

/// One row: provider, commissioner, part, function and (week band, count) pairs; the totals
/// are filled in as the extract fills them (for Part_2, `Total` blank and `Total All` the sum).
fn row(provider: &str, commissioner: &str, part: &str, function: &str, bands: &[(usize, u64)]) -> String {
    let mut counts = vec![String::new(); 105];
    for &(b, n) in bands {
        counts[b] = n.to_string();
    }
    let sum: u64 = bands.iter().map(|b| b.1).sum();
    let (name, parent) = match provider {
        "RAA" => ("ALPHA HOSPITALS NHS TRUST", "QHL"),
        "RBB" => ("BETA NHS FOUNDATION TRUST", "QK1"),
        "TXX" => ("GAMMA NHS FOUNDATION TRUST", "QK1"),
        _ => ("INDEPENDENT CLINIC LTD", "QK1"),
    };
    let parent_name = if parent == "QHL" {
        "NHS BIRMINGHAM AND SOLIHULL INTEGRATED CARE BOARD".to_string()
    } else {
        "\"NHS LEICESTER, LEICESTERSHIRE AND RUTLAND INTEGRATED CARE BOARD\"".to_string()
    };
    let total = if part == "Part_2" { String::new() } else { sum.to_string() };
    format!(
        "RTT-April-2026,{parent},{parent_name},{provider},{name},{parent},{parent_name},{commissioner},COMMISSIONER {commissioner},\
         {part},DESCRIPTION,{function},{},{},{total},,{sum}",
        if function == "C_999" { "Total" } else { "Trauma and Orthopaedic Service" },
        counts.join(",")
    )
}

fn ods_line(code: &str, name: &str, region: &str, icb: &str, open: &str, close: &str) -> String {
    format!(
        "\"{code}\",\"{name}\",\"{region}\",\"{icb}\",\"ADDRESS\",\"\",\"\",\"TOWN\",\"\",\"AB1 2CD\",\"{open}\",\"{close}\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"1\",\"\",\"A\",\"\",\"\",\"\""
    )
}

fn small_ods() -> String {
    [
        ods_line("RAA", "ALPHA HOSPITALS NHS TRUST", "Y60", "QHL", "20000401", ""),
        ods_line("RBB", "BETA NHS FOUNDATION TRUST", "Y60", "QK1", "20000401", ""),
        ods_line("RCC", "CLOSED NHS TRUST", "Y60", "QHL", "19990401", "20200331"),
    ]
    .join("\n")
}

/// A small extract: two NHS trusts, one independent provider, rows of two parts.
fn small_csv() -> String {
    let mut lines = vec![common::rtt_header()];
    lines.push(row("RAA", "15E", "Part_2", "C_999", &[(0, 10), (5, 20), (20, 5), (60, 1)]));
    lines.push(row("RAA", "04C", "Part_2", "C_999", &[(1, 4)]));
    lines.push(row("RAA", "15E", "Part_2", "C_110", &[(0, 10), (20, 5)]));
    lines.push(row("RAA", "15E", "Part_1A", "C_999", &[(3, 7)]));
    lines.push(row("RBB", "04C", "Part_2", "C_999", &[(2, 30), (40, 10)]));
    lines.push(row("NQ1", "04C", "Part_2", "C_999", &[(0, 3), (1, 3)]));
    lines.join("\n") + "\n"
}

fn load_csv(name: &str, text: &str) -> Result<Dataset, LoadError> {
    rtt::load(name, text.as_bytes(), "etr.csv", &small_ods())
}

#[test]
fn a_small_extract_sums_rows_over_commissioners_per_provider_and_function() {
    let ds = load_csv("rtt.csv", &small_csv()).unwrap();
    assert_eq!((ds.report.rows_read, ds.report.rows_used, ds.report.rows_skipped), (6, 5, 0));
    // RAA all functions: 10 + 20 + 5 + 1 + 4 = 40 pathways; within 18 weeks 10 + 20 + 4 = 34; over
    // 52 weeks 1 (band 60 is Gt 60 To 61).
    let s = figure(&ds, "RAA", rtt::WITHIN_18_WEEKS).unwrap();
    assert_eq!((s.numerator, s.denominator), (Some(34.0), Some(40.0)));
    assert_eq!(figure(&ds, "RAA", rtt::OVER_52_WEEKS).unwrap().value, Some(1.0));
    // Median: 20 pathways along; 10 in week 0-1, 4 in 1-2, then 6 of 20 in week 5-6: 5.3 weeks.
    let median = figure(&ds, "RAA", rtt::MEDIAN_WAIT).unwrap().value.unwrap();
    assert!((median - 5.3).abs() < 1e-12, "{median}");
    assert_eq!(figure(&ds, "RAA", "rtt_waiting_list.C_110").unwrap().value, Some(15.0));
    let raa = &ds.organisations[ds.organisation_index("RAA").unwrap()];
    assert_eq!((raa.name.as_str(), raa.text("type")), ("Alpha Hospitals NHS Trust", Some("NHS trust")));
    let nq1 = &ds.organisations[ds.organisation_index("NQ1").unwrap()];
    assert_eq!((nq1.text("type"), nq1.text("region")), (Some(rtt::TYPE_INDEPENDENT), Some("Midlands")));
    assert_eq!(nq1.text("icb_name"), Some("NHS Leicester, Leicestershire and Rutland Integrated Care Board"));
    // England: 40 + 40 + 6 pathways in all functions.
    assert_eq!(figure(&ds, rtt::ENGLAND_CODE, rtt::WITHIN_18_WEEKS).unwrap().denominator, Some(86.0));
    assert!(
        messages(&ds)
            .contains("1 rows of other parts are not used: Part_1A (completed pathways, admitted) 1")
    );
}

#[test]
fn pushing_a_small_extract_byte_by_byte_gives_the_same_dataset() {
    let text = small_csv();
    let whole = load_csv("rtt.csv", &text).unwrap();
    let mut importer = RttImporter::new("rtt.csv");
    for b in text.as_bytes() {
        importer.push(std::slice::from_ref(b)).unwrap();
    }
    let bytewise = importer.finish("etr.csv", &small_ods()).unwrap();
    assert_eq!(bytewise, whole);
}

#[test]
fn two_months_in_one_file_are_two_periods_in_date_order() {
    let mut text = common::rtt_header() + "\n";
    text.push_str(&row("RAA", "15E", "Part_2", "C_999", &[(0, 10)]).replacen(
        "RTT-April-2026",
        "RTT-May-2026",
        1,
    ));
    text.push('\n');
    text.push_str(&row("RAA", "15E", "Part_2", "C_999", &[(0, 4)]));
    text.push('\n');
    let ds = load_csv("rtt.csv", &text).unwrap();
    assert_eq!(ds.periods, vec!["2026-04-01", "2026-05-01"]);
    assert!(ds.metrics[0].source.contains("April 2026 to May 2026"), "{}", ds.metrics[0].source);
    let raa = &ds.organisations[ds.organisation_index("RAA").unwrap()];
    // The size attribute is the latest month's waiting list.
    assert_eq!(raa.number(rtt::ATTR_WAITING_LIST), Some(10.0));
    let m = ds.metric_index(rtt::WAITING_LIST).unwrap();
    assert_eq!(ds.aggregate(m, 0, 0)[0].value, Some(4.0));
}

#[test]
fn a_missing_column_is_an_error_naming_it_and_what_the_file_should_be() {
    let text = small_csv().replacen(",Total All", ",Grand Total", 1);
    let err = load_csv("rtt.csv", &text).unwrap_err();
    let d = &err.diagnostics[0];
    assert_eq!((d.file.as_str(), d.row, d.column.as_deref()), ("rtt.csv", Some(1), Some("Total All")));
    assert!(d.message.contains("missing column Total All"), "{}", d.message);
    assert!(d.message.contains("download the 'Full CSV data file'"), "{}", d.message);
    // A gap in the week bands is named too.
    let err =
        load_csv("rtt.csv", &small_csv().replacen("Gt 30 To 31 Weeks SUM 1", "Gt 30 To 32 Weeks SUM 1", 1))
            .unwrap_err();
    assert_eq!(err.diagnostics[0].column.as_deref(), Some("Gt 31 To 32 Weeks SUM 1"));
    // A file that is not an RTT extract at all.
    let err = load_csv("ae.csv", "period,org_code,type,attendances\n2019-03-01,RM3,1,100\n").unwrap_err();
    assert!(
        err.to_string().starts_with(
            "ae.csv, row 1, column 'Provider Org Code': missing columns Provider Org Code, Provider Org Name"
        ),
        "{err}"
    );
}

#[test]
fn a_non_numeric_week_band_skips_that_row_naming_its_row_and_column_and_keeps_the_rest() {
    let mut lines: Vec<String> = small_csv().lines().map(String::from).collect();
    // Row 6 (RBB) gets an 'x' in Gt 02 To 03 Weeks.
    lines[5] = lines[5].replacen(",30,", ",x,", 1);
    let ds = load_csv("rtt.csv", &(lines.join("\n") + "\n")).unwrap();
    assert_eq!((ds.report.rows_read, ds.report.rows_used, ds.report.rows_skipped), (6, 4, 1));
    let d = &ds.report.diagnostics[0];
    assert_eq!(
        (d.severity, d.row, d.column.as_deref()),
        (Severity::Error, Some(6), Some("Gt 02 To 03 Weeks SUM 1"))
    );
    assert!(d.message.contains("'x' is not a whole number of pathways"), "{}", d.message);
    // The valid rows are kept; RBB had only that row, so it has no figures.
    assert!(figure(&ds, "RAA", rtt::WITHIN_18_WEEKS).is_some());
    assert!(ds.organisation_index("RBB").is_none());
    // A negative or decimal count is not a whole number either.
    let ds = load_csv("rtt.csv", &small_csv().replacen(",30,", ",-3,", 1)).unwrap();
    assert_eq!(ds.report.rows_skipped, 1);
}

#[test]
fn a_csv_whose_last_line_is_cut_short_reports_it_and_keeps_the_rows_before() {
    let text = small_csv();
    // Cut among the week bands of the last line, after its quoted names.
    let cut = &text[..text.len() - 100];
    let ds = load_csv("rtt.csv", cut).unwrap();
    assert_eq!((ds.report.rows_read, ds.report.rows_used, ds.report.rows_skipped), (6, 4, 1));
    let d = &ds.report.diagnostics[0];
    assert_eq!((d.severity, d.row), (Severity::Error, Some(7)));
    assert!(d.message.contains("the file seems truncated; download it again"), "{}", d.message);
    // Cut inside the last number, so the fields are all there but Total All does not add up.
    let cut = &text[..text.len() - 2];
    let ds = load_csv("rtt.csv", cut).unwrap();
    assert_eq!(ds.report.rows_skipped, 1, "{}", messages(&ds));
    // Whole, just without a final line end: read in full.
    let ds = load_csv("rtt.csv", text.trim_end()).unwrap();
    assert_eq!((ds.report.rows_used, ds.report.rows_skipped), (5, 0));
}

#[test]
fn a_quoted_field_left_open_at_the_end_is_reported_as_a_cut() {
    let text = small_csv() + "RTT-April-2026,QK1,\"NHS LEICESTER, LEIC";
    let ds = load_csv("rtt.csv", &text).unwrap();
    assert_eq!((ds.report.rows_used, ds.report.rows_skipped), (5, 1));
    let d = &ds.report.diagnostics[0];
    assert_eq!(d.row, Some(8));
    assert!(d.message.contains("never closed"), "{}", d.message);
}

#[test]
fn a_repeated_row_is_counted_once_and_the_repeat_reported() {
    let mut text = small_csv();
    text.push_str(&row("RBB", "04C", "Part_2", "C_999", &[(2, 30), (40, 10)]));
    text.push('\n');
    let ds = load_csv("rtt.csv", &text).unwrap();
    assert_eq!(ds.report.rows_skipped, 1);
    assert!(ds.report.diagnostics[0].message.contains("repeats row 6"), "{}", messages(&ds));
    assert_eq!(figure(&ds, "RBB", rtt::WAITING_LIST).unwrap().value, Some(40.0));
}

#[test]
fn a_period_that_is_not_an_rtt_month_and_an_empty_file_are_named() {
    let ds = load_csv("rtt.csv", &small_csv().replacen("RTT-April-2026,QK1", "April,QK1", 1)).unwrap();
    let d = &ds.report.diagnostics[0];
    assert_eq!((d.row, d.column.as_deref()), (Some(6), Some("Period")));
    let err = load_csv("rtt.csv", "").unwrap_err();
    assert!(err.to_string().contains("the file is empty"), "{err}");
    let err = load_csv("rtt.csv", &(common::rtt_header() + "\n")).unwrap_err();
    assert!(err.to_string().contains("no waiting-list rows"), "{err}");
}

#[test]
fn total_all_that_does_not_add_up_is_a_warning_and_the_week_bands_are_used() {
    let text = small_csv().replacen(",,40\n", ",,41\n", 1);
    let ds = load_csv("rtt.csv", &text).unwrap();
    let d = ds.report.diagnostics.iter().find(|d| d.column.as_deref() == Some("Total All")).unwrap();
    assert_eq!((d.severity, d.row), (Severity::Warning, Some(6)));
    assert_eq!(figure(&ds, "RBB", rtt::WAITING_LIST).unwrap().value, Some(40.0));
}

#[test]
fn unknown_clock_starts_count_in_the_waiting_list_but_not_in_the_shares_or_waits() {
    let line = row("NQ1", "04C", "Part_2", "C_999", &[(0, 3), (1, 3)]);
    let with_unknown = line.replacen(",,6", ",2,8", 1);
    let ds = load_csv("rtt.csv", &small_csv().replacen(&line, &with_unknown, 1)).unwrap();
    assert_eq!(figure(&ds, "NQ1", rtt::WAITING_LIST).unwrap().value, Some(8.0));
    assert_eq!(figure(&ds, "NQ1", rtt::WITHIN_18_WEEKS).unwrap().denominator, Some(6.0));
}

#[test]
fn trusts_missing_from_the_ods_list_or_closed_are_kept_with_a_warning() {
    let mut text = small_csv();
    text.push_str(&row("TXX", "04C", "Part_2", "C_999", &[(0, 1)]));
    text.push('\n');
    text.push_str(&row("RCC", "04C", "Part_2", "C_999", &[(0, 1)]).replacen(
        "INDEPENDENT CLINIC LTD",
        "CLOSED NHS TRUST",
        1,
    ));
    text.push('\n');
    let ds = load_csv("rtt.csv", &text).unwrap();
    let kind =
        |c: &str| ds.organisations[ds.organisation_index(c).unwrap()].text("type").unwrap().to_string();
    assert_eq!(kind("TXX"), rtt::TYPE_NHS_TRUST);
    assert_eq!(kind("RCC"), rtt::TYPE_NHS_TRUST);
    let text = messages(&ds);
    assert!(text.contains("TXX (Gamma NHS Foundation Trust) is not in the ODS trust list"), "{text}");
    assert!(
        text.contains("RCC (Closed NHS Trust) is in the ODS trust list but not open in the period"),
        "{text}"
    );
}

#[test]
fn a_bad_ods_list_is_an_error_naming_its_row() {
    let err = rtt::load("rtt.csv", small_csv().as_bytes(), "etr.csv", "RAA,ALPHA\n").unwrap_err();
    let d = &err.diagnostics[0];
    assert_eq!((d.file.as_str(), d.row), ("etr.csv", Some(1)));
    assert!(d.message.contains("expected the ODS etr.csv layout"), "{}", d.message);
}

// --- Zips built in the test ------------------------------------------------------------------

/// How a test zip stores an entry.
#[derive(Clone, Copy, PartialEq)]
enum How {
    Stored,
    /// Deflated, with the sizes and CRC in a data descriptor after the data (as macOS writes).
    Deflated,
    /// Stored with zip64 sizes in the local header's extra field.
    Zip64,
    /// Stored, with the encryption flag set.
    Encrypted,
    /// Stored, but labelled with method 12 (bzip2).
    Bzip2,
}

fn u16le(v: &mut Vec<u8>, x: u16) {
    v.extend_from_slice(&x.to_le_bytes());
}
fn u32le(v: &mut Vec<u8>, x: u32) {
    v.extend_from_slice(&x.to_le_bytes());
}

/// A zip of `entries`, with its central directory and end record.
fn write_zip(entries: &[(&str, &[u8], How)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for &(name, data, how) in entries {
        let mut crc = Crc32::new();
        crc.update(data);
        let crc = crc.value();
        let packed =
            if how == How::Deflated { miniz_oxide::deflate::compress_to_vec(data, 6) } else { data.to_vec() };
        let (flags, method) = match how {
            How::Deflated => (8u16, 8u16),
            How::Encrypted => (1, 0),
            How::Bzip2 => (0, 12),
            _ => (0, 0),
        };
        let offset = out.len() as u32;
        u32le(&mut out, 0x0403_4b50);
        u16le(&mut out, 20);
        u16le(&mut out, flags);
        u16le(&mut out, method);
        u32le(&mut out, 0);
        let (l_crc, l_c, l_u) = match how {
            How::Deflated => (0, 0, 0),
            How::Zip64 => (crc, u32::MAX, u32::MAX),
            _ => (crc, packed.len() as u32, data.len() as u32),
        };
        u32le(&mut out, l_crc);
        u32le(&mut out, l_c);
        u32le(&mut out, l_u);
        u16le(&mut out, name.len() as u16);
        u16le(&mut out, if how == How::Zip64 { 20 } else { 0 });
        out.extend_from_slice(name.as_bytes());
        if how == How::Zip64 {
            u16le(&mut out, 1);
            u16le(&mut out, 16);
            out.extend_from_slice(&(data.len() as u64).to_le_bytes());
            out.extend_from_slice(&(packed.len() as u64).to_le_bytes());
        }
        out.extend_from_slice(&packed);
        if how == How::Deflated {
            u32le(&mut out, 0x0807_4b50);
            u32le(&mut out, crc);
            u32le(&mut out, packed.len() as u32);
            u32le(&mut out, data.len() as u32);
        }
        u32le(&mut central, 0x0201_4b50);
        u16le(&mut central, 20);
        u16le(&mut central, 20);
        u16le(&mut central, flags);
        u16le(&mut central, method);
        u32le(&mut central, 0);
        u32le(&mut central, crc);
        u32le(&mut central, packed.len() as u32);
        u32le(&mut central, data.len() as u32);
        u16le(&mut central, name.len() as u16);
        for _ in 0..4 {
            u16le(&mut central, 0);
        }
        u32le(&mut central, 0);
        u32le(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let at = out.len() as u32;
    out.extend_from_slice(&central);
    u32le(&mut out, 0x0605_4b50);
    u32le(&mut out, 0);
    u16le(&mut out, entries.len() as u16);
    u16le(&mut out, entries.len() as u16);
    u32le(&mut out, central.len() as u32);
    u32le(&mut out, at);
    u16le(&mut out, 0);
    out
}

fn load_zip(bytes: &[u8]) -> Result<Dataset, LoadError> {
    rtt::load("rtt.zip", bytes, "etr.csv", &small_ods())
}

#[test]
fn a_zip_as_macos_writes_it_is_read_and_its_junk_entry_reported() {
    let csv = small_csv();
    let zip = write_zip(&[
        ("extract.csv", csv.as_bytes(), How::Deflated),
        ("__MACOSX/._extract.csv", b"\0\x05\x16\x07junk", How::Deflated),
    ]);
    let mut importer = RttImporter::new("rtt.zip");
    for chunk in zip.chunks(7) {
        importer.push(chunk).unwrap();
    }
    assert_eq!(importer.bytes_read(), zip.len() as u64);
    let ds = importer.finish("etr.csv", &small_ods()).unwrap();
    assert_eq!(ds.observations, load_csv("rtt.csv", &csv).unwrap().observations);
    assert!(
        messages(&ds).contains("'__MACOSX/._extract.csv' in the zip is not used: added by the zipping tool")
    );
    // Row diagnostics name the CSV inside the zip.
    let zip = write_zip(&[("extract.csv", csv.replacen(",30,", ",x,", 1).as_bytes(), How::Deflated)]);
    let ds = load_zip(&zip).unwrap();
    assert_eq!(ds.report.diagnostics[0].file, "rtt.zip/extract.csv");
}

#[test]
fn stored_and_zip64_entries_are_read() {
    let csv = small_csv();
    for how in [How::Stored, How::Zip64] {
        let ds = load_zip(&write_zip(&[("extract.csv", csv.as_bytes(), how)])).unwrap();
        assert_eq!(ds.report.rows_used, 5);
    }
}

#[test]
fn a_zip_cut_short_reports_where_and_keeps_the_rows_before_the_cut() {
    // Enough rows that a cut halfway through the compressed data falls among them.
    let mut text = common::rtt_header() + "\n";
    for i in 0..400 {
        text.push_str(&row(&format!("N{i:03}"), "04C", "Part_2", "C_999", &[(i % 104, 5 + i as u64)]));
        text.push('\n');
    }
    let zip = write_zip(&[("extract.csv", text.as_bytes(), How::Deflated)]);
    let ds = load_zip(&zip[..zip.len() / 2]).unwrap();
    let d = &ds.report.diagnostics[0];
    assert_eq!(d.severity, Severity::Error);
    assert!(d.message.contains("the zip ends in the middle of 'extract.csv'"), "{}", d.message);
    assert!(d.message.contains("The rows read before the cut are kept"), "{}", d.message);
    let r = &ds.report;
    assert!(r.rows_used > 50 && r.rows_used < 400, "{} rows used", r.rows_used);
    // The row the cut went through is counted and skipped.
    assert_eq!(r.rows_skipped, 1, "{}", messages(&ds));
    assert_eq!(r.rows_read, r.rows_used + 1);
    // Cut before the CSV begins: nothing to keep.
    let err = load_zip(&zip[..20]).unwrap_err();
    assert!(err.to_string().contains("cut short"), "{err}");
}

#[test]
fn a_zip_without_a_csv_is_an_error_listing_what_it_holds() {
    let zip =
        write_zip(&[("readme.txt", b"hello", How::Stored), ("__MACOSX/._readme.txt", b"x", How::Stored)]);
    let err = load_zip(&zip).unwrap_err();
    let d = &err.diagnostics[0];
    assert_eq!((d.file.as_str(), d.row), ("rtt.zip", None));
    assert!(
        d.message.contains("the zip holds no CSV file (it holds readme.txt, __MACOSX/._readme.txt)"),
        "{}",
        d.message
    );
    assert!(d.message.contains("download the 'Full CSV data file'"), "{}", d.message);
    let workbook = write_zip(&[
        ("[Content_Types].xml", b"<x/>", How::Stored),
        ("xl/workbook.xml", b"<x/>", How::Deflated),
    ]);
    let err = load_zip(&workbook).unwrap_err();
    assert!(err.to_string().contains("is an Excel workbook, not the RTT full CSV extract"), "{err}");
}

#[test]
fn encrypted_and_unsupported_entries_are_refused_with_what_to_do() {
    let csv = small_csv();
    let err = load_zip(&write_zip(&[("extract.csv", csv.as_bytes(), How::Encrypted)])).unwrap_err();
    assert!(err.to_string().contains("'extract.csv' in the zip is encrypted"), "{err}");
    let err = load_zip(&write_zip(&[("extract.csv", csv.as_bytes(), How::Bzip2)])).unwrap_err();
    assert!(err.to_string().contains("method 12 (bzip2)"), "{err}");
    // An encrypted junk entry with known sizes is passed over.
    let zip = write_zip(&[
        ("extract.csv", csv.as_bytes(), How::Stored),
        ("__MACOSX/._x", b"secret", How::Encrypted),
    ]);
    assert_eq!(load_zip(&zip).unwrap().report.rows_used, 5);
}

#[test]
fn a_damaged_zip_fails_its_crc_check_or_its_inflate() {
    let csv = small_csv();
    let mut zip = write_zip(&[("extract.csv", csv.as_bytes(), How::Stored)]);
    // Change one digit inside the stored CSV: the data still parses, the CRC does not match.
    let at = 30 + "extract.csv".len() + common::rtt_header().len() + 40;
    zip[at] = if zip[at] == b'1' { b'2' } else { b'1' };
    let err = load_zip(&zip).unwrap_err();
    assert!(err.to_string().contains("fails its CRC-32 check"), "{err}");
    let mut zip = write_zip(&[("extract.csv", csv.as_bytes(), How::Deflated)]);
    for b in &mut zip[60..90] {
        *b = 0xFF;
    }
    let err = load_zip(&zip).unwrap_err();
    assert!(err.to_string().contains("download the zip again"), "{err}");
}

#[test]
fn a_second_csv_in_the_zip_is_reported_and_not_read() {
    let csv = small_csv();
    let zip =
        write_zip(&[("a.csv", csv.as_bytes(), How::Deflated), ("b.csv", csv.as_bytes(), How::Deflated)]);
    let ds = load_zip(&zip).unwrap();
    assert_eq!(ds.report.rows_used, 5);
    assert!(messages(&ds).contains("'b.csv' in the zip is not used: a second CSV"), "{}", messages(&ds));
}

#[test]
fn an_endless_row_is_refused_before_it_takes_the_pages_memory() {
    let mut text = small_csv();
    text.push_str(&"9".repeat(100_000));
    let err = load_csv("rtt.csv", &text).unwrap_err();
    let d = &err.diagnostics[0];
    assert_eq!(d.row, Some(8));
    assert!(d.message.contains("the row is longer than 65536 bytes"), "{}", d.message);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_the_importer(
        bytes in proptest::collection::vec(any::<u8>(), 0..400),
        zip_start in any::<bool>(),
        chunk in 1usize..50,
    ) {
        let mut input = if zip_start { b"PK\x03\x04".to_vec() } else { common::rtt_header().into_bytes() };
        input.extend_from_slice(&bytes);
        let mut importer = RttImporter::new("x");
        for c in input.chunks(chunk) {
            if importer.push(c).is_err() {
                break;
            }
        }
        let _ = importer.finish("etr.csv", &small_ods());
    }

    #[test]
    fn a_valid_zip_cut_anywhere_never_panics(cut in 0usize..4000) {
        let zip = write_zip(&[("extract.csv", small_csv().as_bytes(), How::Deflated), ("__MACOSX/._e", b"j", How::Deflated)]);
        let _ = load_zip(&zip[..cut.min(zip.len())]);
    }
}
