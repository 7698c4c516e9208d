//! No input panics the published-results readers: arbitrary text through the bundled-format
//! loader, the ODS list reader and the crosswalk reader, and arbitrary cells through the workbook
//! conversion, give a value or an error (a panic would kill the wasm module in the page).

#![cfg(not(target_arch = "wasm32"))]

use nhs_benchmark::data::ods;
use nhs_benchmark::maturity::crosswalk;
use nhs_benchmark::maturity::dma_convert;
use nhs_benchmark::maturity::dma_results::{PublishedResults, RESULTS_COLUMNS};
use nhs_benchmark::maturity::workbook::{Cell, Sheet, Workbook};
use proptest::prelude::*;

fn csvish() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just(",".to_string()),
            Just("\"".to_string()),
            Just("\n".to_string()),
            Just("provider".to_string()),
            Just("icb_primary_care".to_string()),
            Just("Acute".to_string()),
            Just("2.5".to_string()),
            Just("1e309".to_string()),
            Just("NaN".to_string()),
            Just("20260331".to_string()),
            "[a-z0-9 .]{0,6}",
            any::<char>().prop_map(|c| c.to_string()),
        ],
        0..80,
    )
    .prop_map(|parts| parts.concat())
}

fn cell() -> impl Strategy<Value = Cell> {
    prop_oneof![
        Just(Cell::Empty),
        Just(Cell::Text("Provider".into())),
        Just(Cell::Text("Care Setting".into())),
        Just(Cell::Text("Region".into())),
        Just(Cell::Text("ICS".into())),
        Just(Cell::Text("Well Led".into())),
        Just(Cell::Text("2025 Average".into())),
        Just(Cell::Text("Acute".into())),
        Just(Cell::Number(f64::NAN)),
        Just(Cell::Error("#N/A".into())),
        (-10.0f64..10.0).prop_map(Cell::Number),
        "[A-Z ]{0,8}".prop_map(Cell::Text),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn text_readers_never_panic(body in csvish()) {
        let _ = PublishedResults::load("r.csv", &format!("{}\n{body}", RESULTS_COLUMNS.join(",")));
        let _ = PublishedResults::load("r.csv", &body);
        let _ = ods::read_etr("etr.csv", &body);
        let _ = crosswalk::read_crosswalk("c.csv", &format!("{}\n{body}", crosswalk::CROSSWALK_COLUMNS.join(",")));
    }

    #[test]
    fn workbook_conversion_never_panics(rows in proptest::collection::vec(proptest::collection::vec(cell(), 0..12), 0..20)) {
        let wb = Workbook { file: "w.xlsx".into(), sheets: vec![Sheet { name: "SC - 2025 Pillar Summary".into(), hidden: false, rows }] };
        let c = dma_convert::convert(&wb, &ods::TrustList::default(), "c.csv", &[]);
        let _ = c.results_csv();
        let _ = c.report_text();
    }
}
