//! Peer benchmarking on the bundled real data (NHS England A&E, April 2018 to March 2019) and on
//! a Fingertips export, end to end: loading, peer groups, comparison, opportunity, what-if and
//! sensitivity. Expected values were computed independently from the CSV files (Python, stated in
//! each comment), not by this crate.

use nhs_benchmark::benchmark::compare::{
    BenchmarkChoice, ComparisonRequest, IntervalSource, PeerComparison, compare_with_peers,
};
use nhs_benchmark::benchmark::opportunity::{
    Opportunity, OpportunityTarget, of_comparison, portfolio, what_if,
};
use nhs_benchmark::benchmark::peers::{Condition, PeerGroupSpec, resolve};
use nhs_benchmark::benchmark::sensitivity::sensitivity;
use nhs_benchmark::benchmark::{NoticeCode, peers::EXEMPLARS};
use nhs_benchmark::data::tidy::{self, Input};
use nhs_benchmark::data::{Attribute, Dataset, Metric, MetricKind, Polarity, ae, fingertips};
use nhs_benchmark::stats::compare::TwoLevelComparison;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Instant;

/// The comparison's opportunity to the peers' median and best quartile, as the opportunity view
/// computes it, with the notices saying why where there is none.
fn opportunity(c: &PeerComparison) -> (Vec<Opportunity>, Vec<nhs_benchmark::benchmark::Notice>) {
    let f = &c.focus_point().figure;
    of_comparison(c, f.value, f.ci95)
}

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn real() -> &'static Dataset {
    static DATA: OnceLock<Dataset> = OnceLock::new();
    DATA.get_or_init(|| {
        ae::load(
            "ae_attendances_england_2016_2019.csv",
            &read("www/data/ae_attendances_england_2016_2019.csv"),
            "ods_trusts_etr.csv",
            &read("www/data/ods_trusts_etr.csv"),
        )
        .expect("the bundled data loads")
    })
}

fn year_request(focus: &str, peers: PeerGroupSpec, benchmark: BenchmarkChoice) -> ComparisonRequest {
    ComparisonRequest {
        focus: focus.into(),
        metric: ae::FOUR_HOUR_TYPE1.into(),
        from: Some("2018-04-01".into()),
        to: Some("2019-03-01".into()),
        peers,
        benchmark,
        rank: Some(Default::default()),
    }
}

fn close(a: f64, b: f64, tol: f64) {
    assert!((a - b).abs() <= tol, "{a} vs {b}");
}

#[test]
fn the_bundled_data_has_every_exemplar_and_12_month_size_attributes() {
    let ds = real();
    assert_eq!(ds.metrics.len(), 7);
    for (code, _) in EXEMPLARS {
        assert!(ds.organisation_index(code).is_some(), "{code} missing");
    }
    let rm3 = &ds.organisations[ds.organisation_index("RM3").unwrap()];
    assert_eq!(rm3.name, "Salford Royal NHS Foundation Trust");
    assert_eq!(rm3.text("region"), Some("North of England"));
    // Type 1 attendances April 2018 to March 2019: 102,711; admissions 33,039, so
    // 33039 / 102711 x 100 = 32.16695 per 100.
    assert_eq!(rm3.number(ae::ATTR_TYPE1_ATTENDANCES_12M), Some(102711.0));
    close(rm3.number(ae::ATTR_ADMISSIONS_PER_100_12M).unwrap(), 32.166954, 1e-5);
}

#[test]
fn salford_among_the_exemplars_matches_the_published_counts() {
    let ds = real();
    let c =
        compare_with_peers(ds, &year_request("RM3", PeerGroupSpec::Exemplars {}, BenchmarkChoice::default()))
            .unwrap();
    let f = c.focus_point();
    // RM3, type 1, 2018/19: 102,711 attendances, 17,523 breaches: 85,188 / 102,711 = 82.9395%.
    assert_eq!((f.figure.numerator, f.figure.denominator), (Some(85188.0), Some(102711.0)));
    close(f.figure.value, 82.939510, 1e-5);
    // Wilson 95%: 82.7082% to 83.1683%.
    close(f.figure.ci95.unwrap().lower, 82.708232, 1e-5);
    close(f.figure.ci95.unwrap().upper, 83.168324, 1e-5);
    // England, type 1: (15,679,998 - 2,894,751) / 15,679,998 = 81.5386% over 137 providers.
    let n = c.national.as_ref().unwrap();
    close(n.figure.value, 81.538575, 1e-5);
    assert_eq!(n.source, "pooled over 137 organisations");
    assert_eq!(c.significance, TwoLevelComparison::Better998);
    // Among the 12 exemplars RM3 is 7th: RC9 97.28, RGR 90.02, RBA 88.87, RAL 85.16, RTH 84.92,
    // RA7 84.11, RM3 82.94, RLN 82.44, RHM 81.82, RRK 73.04, RBL 70.34, RQ6 69.36.
    let order: Vec<&str> = c.points.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(
        order,
        vec!["RC9", "RGR", "RBA", "RAL", "RTH", "RA7", "RM3", "RLN", "RHM", "RRK", "RBL", "RQ6"]
    );
    assert_eq!((c.rank.rank, c.rank.of), (7, 12));
    // Ascending rank 6 of 12: floor(5 - ceil((13 - 6) / 3)) = 2.
    assert_eq!(c.quartile.quartile, Some(2));
    // The other 11 sorted: the 6th is RA7, 98,781 / 117,446 = 84.1076%.
    close(c.peers.unwrap().median, 84.107590, 1e-5);
    let ri = c.rank.interval.unwrap();
    assert!(ri.lower <= 7 && 7 <= ri.upper, "{ri:?}");
    assert!(c.notices.is_empty(), "{:?}", c.notices);
}

#[test]
fn salford_is_worse_than_the_exemplar_median_and_the_opportunity_is_about_1200_attendances() {
    let ds = real();
    let c = compare_with_peers(
        ds,
        &year_request("RM3", PeerGroupSpec::All {}, BenchmarkChoice::ExemplarMedian {}),
    )
    .unwrap();
    // Exemplars' median without RM3 is RA7's 84.1076%, above RM3's 99.8% upper limit 83.2992%.
    close(c.benchmark.value.unwrap(), 84.107590, 1e-5);
    assert_eq!(c.significance, TwoLevelComparison::Worse998);

    let c = compare_with_peers(
        ds,
        &year_request("RM3", PeerGroupSpec::Exemplars {}, BenchmarkChoice::PeerMedian {}),
    )
    .unwrap();
    let (opportunities, _) = opportunity(&c);
    let o = opportunities.iter().find(|o| o.target == OpportunityTarget::PeerMedian).unwrap();
    // (98781/117446 - 85188/102711) x 102,711 = 1,199.7 attendances within 4 hours; beyond the
    // interval (median - 83.1683%) x 102,711 = 964.7; from the lower limit 1,437.3.
    let v = o.volume.unwrap();
    close(v.central, 1199.746632, 1e-3);
    close(v.low, 964.729659, 1e-3);
    close(v.high, 1437.294227, 1e-3);
    assert!(o.beyond_interval);
    // If RM3 were at 90%, it would beat the median and be 3rd of 12 (behind RC9 and RGR).
    let w = what_if(&c, 90.0).unwrap();
    assert_eq!(w.rank, 3);
    assert!(w.opportunity.iter().all(|o| o.gap.central == 0.0));
    assert_eq!(w.significance, TwoLevelComparison::Better998);
}

#[test]
fn salfords_nearest_neighbours_by_size_and_case_mix_match_an_independent_computation() {
    let ds = real();
    let spec = PeerGroupSpec::Nearest {
        k: 5,
        weights: BTreeMap::from([
            (ae::ATTR_TYPE1_ATTENDANCES_12M.to_string(), 1.0),
            (ae::ATTR_ADMISSIONS_PER_100_12M.to_string(), 1.0),
        ]),
        within: vec![Condition::Equals {
            attribute: "type1_ae".into(),
            value: Attribute::Text("yes".into()),
        }],
    };
    let g = resolve(ds, "RM3", &spec).unwrap();
    // Over the 137 providers with type 1 attendances in 2018/19: SD of size 53,662.706 and of
    // admissions per 100 6.436061; distance sqrt((dz_size^2 + dz_mix^2) / 2).
    let codes: Vec<&str> = g.members.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(codes, vec!["RAP", "RK5", "RHQ", "RC9", "RHW"]);
    for (m, want) in g.members.iter().zip([0.018506, 0.039047, 0.100268, 0.108527, 0.129715]) {
        close(m.distance.unwrap(), want, 1e-6);
    }
    assert!(g.members[0].reason.contains("type1_attendances_12m 101,308 against 102,711"));
    // Providers that had a type 1 department earlier but none in 2018/19 are reported.
    assert!(g.notices.iter().all(|n| n.code == NoticeCode::MissingAttribute));
}

#[test]
fn sensitivity_on_the_real_data_names_each_group_and_whether_the_quartile_moves() {
    let ds = real();
    let same_region = PeerGroupSpec::Filter {
        conditions: vec![
            Condition::SameAsFocus { attribute: "region".into() },
            Condition::Equals { attribute: "type1_ae".into(), value: Attribute::Text("yes".into()) },
        ],
    };
    let groups = [PeerGroupSpec::All {}, same_region, PeerGroupSpec::Exemplars {}];
    let s =
        sensitivity(ds, &year_request("RM3", PeerGroupSpec::All {}, BenchmarkChoice::PeerMedian {}), &groups)
            .unwrap();
    // Independently: among all 137 providers RM3's ascending rank is 75, floor(5 - ceil(63 / 34.25))
    // = 3; among the 43 in the North of England 24, floor(5 - ceil(20 / 10.75)) = 3; among the
    // exemplars 2. Peer medians (type 7, RM3 left out): all 82.3488, North 82.4667, both below
    // RM3's 99.8% lower limit 82.5737 (better); exemplars 84.1076, above its upper 83.2992 (worse).
    let of: Vec<usize> = s.rows.iter().map(|r| r.of).collect();
    assert_eq!(of, vec![137, 43, 12]);
    let q: Vec<Option<u32>> = s.rows.iter().map(|r| r.quartile).collect();
    assert_eq!(q, vec![Some(3), Some(3), Some(2)]);
    close(s.rows[0].benchmark.unwrap(), 82.348826, 1e-5);
    close(s.rows[1].benchmark.unwrap(), 82.466669, 1e-5);
    assert!(s.quartile_changes && s.significance_changes);
    assert_eq!(
        s.summary,
        "RM3's quartile and significance depend on the peer group: second best quartile among All \
         organisations (better, 99.8%); second best quartile among Same region, type1_ae yes (better, 99.8%); \
         third quartile among Global Digital Exemplars (worse, 99.8%)"
    );
}

#[test]
fn a_peer_group_of_two_warns_and_an_unknown_trust_is_an_error_on_the_real_data() {
    let ds = real();
    let two =
        PeerGroupSpec::List { name: Some("Merseyside".into()), codes: vec!["RBL".into(), "RQ6".into()] };
    let c = compare_with_peers(ds, &year_request("RM3", two, BenchmarkChoice::PeerMedian {})).unwrap();
    assert!(c.notices.iter().any(|n| n.code == NoticeCode::SmallPeerGroup));
    assert_eq!(c.quartile.quartile, None);
    assert!(c.quartile.label.starts_with("no quartile: 3 organisations"));
    let err = compare_with_peers(ds, &year_request("ZZ9", PeerGroupSpec::All {}, BenchmarkChoice::default()))
        .unwrap_err();
    assert_eq!(err.code(), Some(NoticeCode::UnknownOrganisation));
    // RXX (Surrey and Borders Partnership, a mental health trust) is in the ODS list but has no A&E.
    let err = compare_with_peers(ds, &year_request("RXX", PeerGroupSpec::All {}, BenchmarkChoice::default()))
        .unwrap_err();
    assert_eq!(err.code(), Some(NoticeCode::FocusHasNoData));
    assert!(err.to_string().starts_with(
        "RXX has no data for 'A&E 4-hour performance, type 1 departments' in 2018-04-01 to 2019-03-01"
    ));
}

#[test]
fn opportunities_across_metrics_are_listed_and_never_totalled() {
    let ds = real();
    let type1 =
        compare_with_peers(ds, &year_request("RBL", PeerGroupSpec::Exemplars {}, BenchmarkChoice::default()))
            .unwrap();
    let mut all_types = year_request("RBL", PeerGroupSpec::Exemplars {}, BenchmarkChoice::default());
    all_types.metric = ae::FOUR_HOUR_ALL.into();
    let all_types = compare_with_peers(ds, &all_types).unwrap();
    let p = portfolio(&[&type1, &all_types]);
    assert_eq!(p.rows.len(), 2);
    assert!(p.note.contains("not added up"));
    let json = serde_json::to_value(&p).unwrap();
    assert!(json.get("total").is_none());
}

#[test]
fn the_bundled_data_saved_in_the_tidy_format_loads_back_unchanged() {
    let ds = real();
    let observations = tidy::write_observations_csv(ds);
    let organisations = tidy::write_organisations_csv(ds);
    let metrics = tidy::write_metrics_json(ds);
    let again = tidy::load(
        Input::csv("observations.csv", &observations),
        Some(Input::csv("organisations.csv", &organisations)),
        Input::json("metrics.json", &metrics),
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(again.report.rows_skipped, 0);
    assert!(again.report.diagnostics.is_empty(), "{:?}", &again.report.diagnostics[..1]);
    assert_eq!(again.organisations, ds.organisations);
    assert_eq!(again.metrics, ds.metrics);
    assert_eq!(again.periods, ds.periods);
    assert_eq!(again.observations, ds.observations);
}

fn fingertips_with_polarity() -> Dataset {
    let over = Metric {
        id: "40501".into(),
        title: "Under 75 mortality rate from cancer".into(),
        unit: "per 100,000".into(),
        kind: MetricKind::Rate,
        polarity: Polarity::LowerIsBetter,
        multiplier: 100000.0,
        source: "OHID Fingertips".into(),
        target: None,
    };
    fingertips::load(
        "fingertips_export.csv",
        &read("tests/fixtures/fingertips/fingertips_export.csv"),
        &[over],
        &mut |_, _| {},
    )
    .unwrap()
}

#[test]
fn a_fingertips_area_is_compared_with_its_region_on_the_published_values() {
    let ds = fingertips_with_polarity();
    let request = ComparisonRequest {
        focus: "E06000001".into(),
        metric: "40501".into(),
        from: None,
        to: None,
        peers: PeerGroupSpec::Filter {
            conditions: vec![Condition::SameAsFocus { attribute: "region".into() }],
        },
        benchmark: BenchmarkChoice::PeerMedian {},
        rank: Some(Default::default()),
    };
    let c = compare_with_peers(&ds, &request).unwrap();
    // Hartlepool has the highest under-75 cancer mortality of the 12 North East areas (171.22),
    // so with lower better it ranks 12th and is in the worst quartile (PHE's deciles put it in 1).
    assert_eq!(c.peer_group.members.len(), 11);
    assert_eq!((c.rank.rank, c.rank.of), (12, 12));
    assert_eq!(c.quartile.quartile, Some(1));
    assert_eq!(c.quartile.label, "worst quartile");
    // The other 11 sorted; the 6th is Hartlepool's neighbour value 143.263302.
    close(c.peers.unwrap().median, 143.263302, 1e-9);
    // The export carries no interval here: not compared, and said so; the gap is on the
    // metric's scale only, 171.2170455 - 143.263302 = 27.9537435.
    assert_eq!(c.significance, TwoLevelComparison::NotCompared);
    assert!(c.notices.iter().any(|n| n.code == NoticeCode::NoInterval));
    let (opportunities, notices) = opportunity(&c);
    let o = &opportunities[0];
    close(o.gap.central, 27.9537435, 1e-9);
    assert!(o.volume.is_none());
    assert!(notices.iter().any(|n| n.code == NoticeCode::OpportunityUnavailable));
}

#[test]
fn a_published_interval_is_used_as_given_for_one_period() {
    let text = "Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,\
Category Type,Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,Lower CI 99.8 limit,\
Upper CI 99.8 limit,Count,Denominator,Value note,Recent Trend,Compared to England value or percentiles,\
Compared to Region value or percentiles,Time period Sortable,New data,Compared to goal\n\
1,DSR,,,E92000001,England,England,Persons,All ages,,,2019,100,99,101,98,102,50000,50000000,,,,,20190000,,\n\
1,DSR,E12000001,North East region,E06000001,Hartlepool,County & UA,Persons,All ages,,,2019,131,118,145,111,153,120,92000,,,Worse,,20190000,,\n\
1,DSR,E12000001,North East region,E06000002,Middlesbrough,County & UA,Persons,All ages,,,2019,90,80,101,75,107,100,111000,,,Similar,,20190000,,\n\
1,DSR,E12000001,North East region,E06000003,Redcar,County & UA,Persons,All ages,,,2019,104,90,119,85,125,90,87000,,,Similar,,20190000,,\n";
    let ds = fingertips::load("dsr.csv", text, &[], &mut |_, _| {}).unwrap();
    let request = ComparisonRequest {
        focus: "E06000001".into(),
        metric: "1".into(),
        from: None,
        to: None,
        peers: PeerGroupSpec::All {},
        benchmark: BenchmarkChoice::National {},
        rank: None,
    };
    let c = compare_with_peers(&ds, &request).unwrap();
    let f = c.focus_point();
    assert_eq!(f.figure.interval_source, Some(IntervalSource::Published));
    assert_eq!(f.figure.value, 131.0);
    // England's row is the national value, and England is not a peer.
    assert_eq!(c.national.as_ref().unwrap().source, "the national row (E92000001)");
    assert_eq!(c.rank.of, 3);
    // 100 lies below the 99.8% lower limit 111: worse (polarity read from the export).
    assert_eq!(c.metric.polarity, Polarity::LowerIsBetter);
    assert_eq!(c.significance, TwoLevelComparison::Worse998);
    // What if it were 105: the published interval keeps its width (118-145 becomes 92-119).
    let w = what_if(&c, 105.0).unwrap();
    assert_eq!(w.interval_source, Some(IntervalSource::Shifted));
    let ci = w.ci95.unwrap();
    assert_eq!((ci.lower, ci.upper), (92.0, 119.0));
    assert_eq!(w.significance, TwoLevelComparison::Similar);
}

/// 100,000 tidy rows: 500 organisations x 2 metrics x 100 periods.
fn synthetic_tidy_rows() -> (String, String, String) {
    let mut obs = String::with_capacity(4_000_000);
    obs.push_str("org_code,metric,period,numerator,denominator,value\n");
    let mut orgs = String::from("code,name,region,size\n");
    for o in 0..500u32 {
        orgs.push_str(&format!("R{o:03},Trust {o},Region {},{}\n", o % 7, 1000 + o * 13));
        for p in 0..100u32 {
            let period = format!("{:04}-{:02}", 2010 + p / 12, p % 12 + 1);
            let n = 1000 + (o * 31 + p * 17) % 5000;
            let x = n - (o * 7 + p * 3) % (n / 4);
            obs.push_str(&format!("R{o:03},seen,{period},{x},{n},\n"));
            obs.push_str(&format!("R{o:03},volume,{period},,,{n}\n"));
        }
    }
    let metrics = r#"[{"id": "seen", "title": "Seen in time", "unit": "%", "kind": "proportion", "polarity": "higherIsBetter", "multiplier": 100},
                      {"id": "volume", "title": "Attendances", "unit": "attendances", "kind": "value", "polarity": "noJudgement"}]"#;
    (obs, orgs, metrics.to_string())
}

#[test]
fn one_hundred_thousand_tidy_rows_load_with_progress_and_nothing_skipped() {
    let (obs, orgs, metrics) = synthetic_tidy_rows();
    let mut last = (0, 0);
    let mut calls = 0;
    let ds = tidy::load(
        Input::csv("observations.csv", &obs),
        Some(Input::csv("organisations.csv", &orgs)),
        Input::json("metrics.json", &metrics),
        &mut |done, total| {
            calls += 1;
            last = (done, total);
        },
    )
    .unwrap();
    assert_eq!(ds.report.rows_read, 100_000);
    assert_eq!(ds.report.rows_used, 100_000);
    assert_eq!(ds.periods.len(), 100);
    assert_eq!(last, (100_000, 100_000));
    // Every 4,096 rows (24 times) and once at the end.
    assert_eq!(calls, 25);
}

/// Measures the native load of 100,000 tidy rows. Run with
/// `cargo test --release --test benchmark -- --ignored --nocapture`.
#[test]
#[ignore]
fn measure_loading_one_hundred_thousand_tidy_rows() {
    let (obs, orgs, metrics) = synthetic_tidy_rows();
    let mut times = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let ds = tidy::load(
            Input::csv("observations.csv", &obs),
            Some(Input::csv("organisations.csv", &orgs)),
            Input::json("metrics.json", &metrics),
            &mut |_, _| {},
        )
        .unwrap();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(ds.report.rows_used, 100_000);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "tidy CSV, 100,000 rows ({:.1} MB): median {:.1} ms (min {:.1}, max {:.1})",
        obs.len() as f64 / 1e6,
        times[2],
        times[0],
        times[4]
    );
    let ds = tidy::load(
        Input::csv("observations.csv", &obs),
        Some(Input::csv("organisations.csv", &orgs)),
        Input::json("metrics.json", &metrics),
        &mut |_, _| {},
    )
    .unwrap();
    let json: Vec<serde_json::Value> = (0..ds.observations.len())
        .map(|i| {
            serde_json::json!({
                "org_code": ds.organisations[ds.observations.org[i] as usize].code,
                "metric": ds.metrics[ds.observations.metric[i] as usize].id,
                "period": ds.periods[ds.observations.period[i] as usize],
                "numerator": ds.observations.numerator[i],
                "denominator": ds.observations.denominator[i],
                "value": ds.observations.value[i],
            })
        })
        .collect();
    let json = serde_json::to_string(&json).unwrap();
    let start = Instant::now();
    let again = tidy::load(
        Input::json("observations.json", &json),
        Some(Input::csv("organisations.csv", &orgs)),
        Input::json("metrics.json", &metrics),
        &mut |_, _| {},
    )
    .unwrap();
    println!(
        "tidy JSON, 100,000 rows ({:.1} MB): {:.1} ms",
        json.len() as f64 / 1e6,
        start.elapsed().as_secs_f64() * 1000.0
    );
    assert_eq!(again.observations, ds.observations);
    let start = Instant::now();
    let c = compare_with_peers(
        &ds,
        &ComparisonRequest {
            focus: "R001".into(),
            metric: "seen".into(),
            from: Some("2010-01".into()),
            to: Some("2018-04".into()),
            peers: PeerGroupSpec::All {},
            benchmark: BenchmarkChoice::PeerMedian {},
            rank: Some(Default::default()),
        },
    )
    .unwrap();
    println!(
        "comparison of 500 organisations over 100 periods with 1,000 rank simulations: {:.1} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    assert_eq!(c.rank.of, 500);
}

#[test]
fn the_benchmark_exemplars_and_their_successors_are_the_maturity_modules_acute_2016_wave() {
    use nhs_benchmark::benchmark::peers::EXEMPLAR_SUCCESSORS;
    use nhs_benchmark::maturity::exemplars::{GLOBAL_DIGITAL_EXEMPLARS, Wave};
    let wave: Vec<_> = GLOBAL_DIGITAL_EXEMPLARS.iter().filter(|e| e.wave == Wave::Acute2016).collect();
    let then: Vec<&str> = wave.iter().map(|e| e.former_code.unwrap_or(e.code)).collect();
    let ours: Vec<&str> = EXEMPLARS.iter().map(|(code, _)| *code).collect();
    assert_eq!(ours, then, "the same twelve 2016 codes, in the same order");
    let merged: Vec<(&str, &str)> = wave.iter().filter_map(|e| Some((e.former_code?, e.code))).collect();
    let successors: Vec<(&str, &str)> =
        EXEMPLAR_SUCCESSORS.iter().map(|(was, now, _)| (*was, *now)).collect();
    assert_eq!(successors, merged);
}
