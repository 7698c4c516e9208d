//! No input panics: arbitrary text through every loader and the spec parser gives a value or an
//! error, never a panic (a panic would kill the wasm module in the page).

#![cfg(not(target_arch = "wasm32"))]

use nhs_benchmark::data::tidy::Input;
use nhs_benchmark::data::{ae, csv, encoding, fingertips, tidy};
use nhs_benchmark::{maturity, spec};
use proptest::prelude::*;

const AE_HEADER: &str = "period,org_code,type,attendances,breaches,admissions\n";
const ODS: &str = "RM3,SALFORD ROYAL NHS FOUNDATION TRUST,Y54,Q83,,,,,,,20120401,,,,,,,,,,,0,,A\n";

/// CSV-ish text: mostly the characters that matter to a CSV reader.
fn csvish() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just(",".to_string()),
            Just("\"".to_string()),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("-1".to_string()),
            Just("1e309".to_string()),
            Just("NaN".to_string()),
            Just("RM3".to_string()),
            Just("2019-03-01".to_string()),
            "[a-z0-9 .]{0,6}",
            any::<char>().prop_map(|c| c.to_string()),
        ],
        0..80,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn csv_reader_never_panics(text in csvish()) {
        let _ = csv::parse("x.csv", &text);
    }

    #[test]
    fn ae_loader_never_panics(body in csvish()) {
        let _ = ae::load("ae.csv", &format!("{AE_HEADER}{body}"), "ods.csv", ODS);
        let _ = ae::load("ae.csv", &body, "ods.csv", &body);
    }

    #[test]
    fn tidy_and_fingertips_loaders_never_panic(body in csvish()) {
        let obs = format!("org_code,metric,period,numerator,denominator,value\n{body}");
        let metrics = r#"[{"id":"m","title":"M","kind":"proportion","polarity":"higherIsBetter"}]"#;
        let _ = tidy::load(Input::csv("o.csv", &obs), None, Input::json("m.json", metrics), &mut |_, _| {});
        let _ = tidy::load(Input::json("o.json", &body), Some(Input::csv("g.csv", &body)), Input::json("m.json", &body), &mut |_, _| {});
        let _ = fingertips::load("f.csv", &body, &[], &mut |_, _| {});
    }

    #[test]
    fn spec_parser_and_maturity_loader_never_panic(body in csvish(), json in "[{}\\[\\]\":,a-z0-9 ]{0,60}") {
        let _ = spec::parse(&json);
        let frameworks = maturity::builtins().unwrap_or_default();
        let _ = maturity::load_csv("a.csv", &format!("framework,org_code,round,criterion_id,answer,note\n{body}"), &frameworks);
        let _ = maturity::load_json("a.json", &json, &frameworks);
    }

    #[test]
    fn any_bytes_decode_and_load_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let decoded = encoding::decode("x.csv", &bytes);
        prop_assert!(std::str::from_utf8(&bytes).is_err() || decoded.text.len() <= bytes.len());
        let text = decoded.text;
        let _ = ae::load("ae.csv", &format!("{AE_HEADER}{text}"), "ods.csv", &text);
        let _ = ae::organisations("ods.csv", &text);
        let _ = fingertips::load("f.csv", &text, &[], &mut |_, _| {});
        let _ = encoding::unreadable_characters("x.csv", &text);
    }
}
