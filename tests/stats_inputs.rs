//! The JSON shapes the JavaScript API accepts, checked on the host: the same payloads as
//! `tests/wasm_stats.rs`, parsed with serde_json into the core input types and run, so field
//! names, defaults and results are verified without a browser.

use nhs_benchmark::stats::compare::{CompareInput, CompareOutput, TwoLevelComparison};
use nhs_benchmark::stats::dsr::DsrInput;
use nhs_benchmark::stats::funnel::{ProportionFunnelInput, RateFunnelInput, RatioFunnelInput};
use nhs_benchmark::stats::isr::IsrInput;
use nhs_benchmark::stats::mean::MeanInput;
use nhs_benchmark::stats::overdispersion::{Adjustment, FunnelInput, funnel_analysis};
use nhs_benchmark::stats::proportion::ProportionsInput;
use nhs_benchmark::stats::quantile::{PheQuantilesInput, QuantilesInput, RankInput};
use nhs_benchmark::stats::rate::RatesInput;
use nhs_benchmark::stats::{IntervalMethod, StatsError};
use serde::de::DeserializeOwned;
use serde_json::json;

fn parse<T: DeserializeOwned>(v: serde_json::Value) -> T {
    serde_json::from_value(v).expect("the payload matches the input type")
}

#[test]
fn proportions_payload_gives_wilson_limits_at_both_levels() {
    let input: ProportionsInput = parse(json!({
        "numerators": [65, null], "denominators": [100, 100], "confidence": [0.95, 0.998], "multiplier": 100
    }));
    let e = input.run().unwrap();
    assert!((e.limits[1].upper[0].unwrap() - 77.835_406_140_896_97).abs() < 1e-9);
    assert_eq!((e.value[1], e.missing, e.method[0]), (None, 1, Some(IntervalMethod::Wilson)));
}

#[test]
fn a_misspelt_field_is_rejected() {
    let r = serde_json::from_value::<RatesInput>(
        json!({"numerators": [1], "denominators": [2], "multipler": 100}),
    );
    assert!(r.unwrap_err().to_string().contains("multipler"));
}

#[test]
fn statistics_errors_name_the_row_and_rule() {
    let input: ProportionsInput = parse(json!({"numerators": [1, 5], "denominators": [2, 4]}));
    let err: StatsError = input.run().unwrap_err();
    assert!(err.to_string().starts_with("row 1: numerators"), "{err}");
}

#[test]
fn every_other_payload_runs_with_its_defaults() {
    let r: RatesInput = parse(json!({"numerators": [3], "denominators": [1000], "confidence": 0.95}));
    let e = r.run().unwrap();
    assert_eq!((e.value[0], e.method[0]), (Some(300.0), Some(IntervalMethod::ExactPoisson)));

    let m: MeanInput = parse(json!({"values": [1.0, 2.0, 3.0]}));
    assert_eq!(m.run().unwrap().limits.len(), 2);

    let d: DsrInput =
        parse(json!({"counts": [1, 2, 3], "populations": [100, 100, 100], "standard": [1, 1, 1]}));
    assert!(d.run().unwrap().suppressed);
    let d: DsrInput = parse(json!({
        "personsByFrequency": [{"eventsPerPerson": 1, "persons": vec![5; 19]}, {"eventsPerPerson": 2, "persons": vec![1; 19]}],
        "populations": vec![1000; 19]
    }));
    assert_eq!(d.run().unwrap().total_count, 133.0);

    let i: IsrInput = parse(json!({
        "counts": [20], "populations": [500], "refCounts": [40], "refPopulations": [1000], "output": "rate", "multiplier": 1000
    }));
    assert!((i.run().unwrap().value - 40.0).abs() < 1e-12);

    let q: QuantilesInput =
        parse(json!({"values": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "probs": [0.25], "method": "type6"}));
    assert_eq!(q.run().unwrap(), Some(vec![2.75]));
    let r: RankInput = parse(json!({"values": [3, 1, 3], "ties": "min"}));
    assert_eq!(r.run().unwrap(), vec![Some(2.0), Some(1.0), Some(2.0)]);
    let p: PheQuantilesInput =
        parse(json!({"values": [1, 2, 3, 4, 5, 6, 7, 8], "nquantiles": 4, "polarity": "lowerIsBetter"}));
    assert_eq!(p.run().unwrap(), [4, 4, 3, 3, 2, 2, 1, 1].map(Some).to_vec());
}

#[test]
fn compare_payload_with_both_levels_is_two_level() {
    let c: CompareInput = parse(json!({
        "lower95": [5.0, 3.0], "upper95": [6.0, 5.0], "lower998": [4.5, 2.5], "upper998": [6.5, 5.5],
        "benchmark": 4.0, "polarity": "higherIsBetter"
    }));
    assert_eq!(
        c.run().unwrap(),
        CompareOutput::TwoLevel(vec![TwoLevelComparison::Better998, TwoLevelComparison::Similar])
    );
}

#[test]
fn funnel_payloads_run() {
    let f: FunnelInput = parse(json!({
        "data": "ratio", "numerators": [100, 150, 180, 80, 120, 225],
        "denominators": [108, 112, 165, 95, 100, 220], "roundExpected": true, "curvePoints": 10
    }));
    let a = funnel_analysis(&f).unwrap();
    assert!((a.dispersion.phi - 2.948_033).abs() < 5e-7);
    assert_eq!((a.curves.x.len(), a.adjustment), (10, Adjustment::Additive));

    let p: ProportionFunnelInput = parse(json!({"numerators": [50, 500], "denominators": [100, 1000]}));
    assert_eq!(p.run().unwrap().curve.len(), 100);
    let r: RatioFunnelInput = parse(json!({"observed": [30, 10], "expected": [10, 10]}));
    assert_eq!(r.run().unwrap().significance.len(), 2);
    let r: RateFunnelInput = parse(json!({
        "numerators": [100, 300], "rates": [50, 150], "rateType": "crude", "multiplier": 100000, "yearsOfData": 1
    }));
    assert!((r.run().unwrap().baseline_per_person - 0.001).abs() < 1e-15);
}
