//! Maturity beside outcomes on the bundled data: the join of the DMA 2025 results with the RTT
//! April 2026 extract checked against an independent computation
//! (`tests/fixtures/outcomes/check_outcomes.py`, Python's standard library reading the same
//! CSV and zip), the trusts that do not join counted and listed in the notices and the load
//! report, the exemplars and focus marked, the caveats shown, and bad choices named.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{Laid, root, session_in};
use nhs_benchmark::data::Dataset;
use nhs_benchmark::maturity::dma_results::PublishedResults;
use nhs_benchmark::maturity::dma_results::{CareSetting, Score};
use nhs_benchmark::maturity::outcomes::{self, CAVEATS, OutcomesChoice, Reason};
use nhs_benchmark::session::Session;
use nhs_benchmark::workspace::{self, FileBytes, Loader, Workspace};
use std::rc::Rc;

/// The DMA results and the RTT extract as a page loads them: two sets of the workspace, the `dma`
/// loader's and the `rtt` loader's, each parsed once.
struct Loaded {
    results: Rc<PublishedResults>,
    rtt: Rc<Dataset>,
}

fn load_bundled() -> Loaded {
    let read = |p: &str| std::fs::read(root().join("www/data").join(p)).unwrap();
    let (dma, rtt, ods) = (
        read("dma/dma_2024_2025.csv"),
        read("rtt/20260430-RTT-April-2026-full-extract.csv.zip"),
        read("ods/etr_2026.csv"),
    );
    let file = |role, name, bytes| FileBytes { role, url: name, name, bytes };
    let mut ws = Workspace::new();
    let results =
        [file("results", "dma_2024_2025.csv", &dma[..]), file("organisations", "etr_2026.csv", &ods)];
    let (dma_key, _) = ws.load_bytes(Loader::Dma, &results).expect("the DMA results load");
    let extract = [
        file("rtt", "20260430-RTT-April-2026-full-extract.csv.zip", &rtt[..]),
        file("organisations", "etr_2026.csv", &ods),
    ];
    let (rtt_key, _) = ws.load_bytes(Loader::Rtt, &extract).expect("the RTT extract loads");
    match (ws.get(&dma_key), ws.get(&rtt_key)) {
        (Some(workspace::Loaded::Dma(r)), Some(workspace::Loaded::Indicators(d))) => {
            Loaded { results: Rc::clone(r), rtt: Rc::clone(d) }
        }
        other => panic!("not the two sets: {other:?}"),
    }
}

fn with_data<T>(f: impl FnOnce(&Loaded) -> T) -> T {
    thread_local! {
        static DATA: Loaded = load_bundled();
    }
    DATA.with(f)
}

fn model(choice: &OutcomesChoice) -> outcomes::OutcomesModel {
    with_data(|d| outcomes::model(&d.results, &d.rtt, choice).unwrap())
}

fn default_model() -> outcomes::OutcomesModel {
    model(&OutcomesChoice { focus: Some("RM3".into()), ..OutcomesChoice::default() })
}

fn codes(m: &outcomes::OutcomesModel, reason: Reason) -> Vec<String> {
    let mut c: Vec<String> =
        m.unjoined.iter().filter(|u| u.reason == reason).filter_map(|u| u.code.clone()).collect();
    c.sort();
    c
}

#[test]
fn the_join_and_rho_match_the_independent_python_computation() {
    let m = default_model();
    // check_outcomes.py: 134 acute DMA rows, 132 joined; rho 0.16221159508344768,
    // 95% CI -0.01003909602695829 to 0.3251130063154805.
    assert_eq!(m.points.len(), 132);
    let c = m.correlation.expect("132 trusts give a correlation");
    assert_eq!(c.n, 132);
    assert!((c.rho - 0.16221159508344768).abs() < 1e-12, "{}", c.rho);
    let ci = c.interval.unwrap();
    assert!((ci.lower - -0.01003909602695829).abs() < 1e-9, "{}", ci.lower);
    assert!((ci.upper - 0.3251130063154805).abs() < 1e-9, "{}", ci.upper);
    // check_outcomes.py smart_foundations: rho 0.16111669888165148, 95% CI -0.01114807748395636
    // to 0.32409361421692423.
    let pillar = OutcomesChoice { score: Score::Pillar(1), ..OutcomesChoice::default() };
    let p = model(&pillar).correlation.unwrap();
    assert_eq!(p.n, 132);
    assert!((p.rho - 0.16111669888165148).abs() < 1e-12, "{}", p.rho);
    assert!((p.interval.unwrap().lower - -0.01114807748395636).abs() < 1e-9);
    assert!((p.interval.unwrap().upper - 0.32409361421692423).abs() < 1e-9);
    let rm3 = m.focus_point().expect("RM3 joins");
    assert_eq!(rm3.code, "RM3");
    assert!((rm3.score - 1.8571428571428572).abs() < 1e-12);
    assert!((rm3.value - 58.318170198048094).abs() < 1e-9, "{}", rm3.value);
    let i = rm3.interval.unwrap();
    assert!(i.lower < rm3.value && rm3.value < i.upper && i.upper - i.lower < 1.0, "{i:?}");
}

#[test]
fn trusts_that_do_not_join_are_counted_by_reason_and_listed() {
    let m = default_model();
    assert_eq!(codes(&m, Reason::NoOutcome), ["RA9", "RHQ"]);
    assert_eq!(
        codes(&m, Reason::OtherSetting),
        [
            "R1A", "R1D", "RDR", "RJ8", "RP7", "RPG", "RRE", "RT1", "RW1", "RW5", "RWX", "RX4", "RXG", "RYW",
            "RYY"
        ]
    );
    // Not in the Python list of ODS codes: the RTT importer keeps TAD (Bradford District Care) as
    // an NHS trust by its name, as the ODS list of mid-2026 lacks its code; it has no DMA result.
    assert_eq!(codes(&m, Reason::NotAssessed), ["TAD"]);
    let (no_code, no_score) = (m.count(Reason::NoOdsCode), m.count(Reason::NoScore));
    assert_eq!((no_code, no_score), (0, 0));
    let listed: Vec<String> =
        m.unjoined.iter().map(|u| format!("{:?} {:?} {}", u.reason, u.code, u.name)).collect();
    println!("{}", listed.join("\n"));
    let notes = m.notices().join("\n");
    assert!(notes.contains("Not plotted, no outcome figure for the trust (2):"), "{notes}");
    assert!(notes.contains("(RHQ)") && notes.contains("(RA9)"), "{notes}");
    for caveat in CAVEATS {
        assert!(notes.contains(caveat), "{caveat}");
    }
}

#[test]
fn the_charts_load_report_counts_and_names_the_trusts_that_do_not_join() {
    let s = spec_session(r#"{"view": "maturityOutcomes", "focus": "RM3"}"#).unwrap().tap_layout();
    let report = s.report();
    let all: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    let all = all.join("\n");
    assert!(all.contains("Not plotted, no outcome figure for the trust (2)"), "{all}");
    assert!(all.contains("(RHQ)") && all.contains("(RA9)"), "{all}");
    assert!(all.contains("another care setting (15)"), "{all}");
    // The two sets' own reports come first: the DMA names the crosswalk could not match.
    assert!(all.contains("3 providers matched no ODS code"), "{all}");
    // A pillar in another setting lists its own choice's trusts.
    let community = r#"{"view": "maturityOutcomes", "outcomes": {"score": "smart_foundations", "careSetting": "community"}}"#;
    let s = spec_session(community).unwrap().tap_layout();
    let unjoined = |s: &Session| -> Vec<String> {
        s.report()
            .diagnostics
            .iter()
            .filter(|d| d.message.starts_with("Not plotted"))
            .map(|d| d.message.clone())
            .collect()
    };
    assert_eq!(
        unjoined(&s),
        s.scene()
            .unwrap()
            .warnings
            .iter()
            .filter(|w| w.starts_with("Not plotted"))
            .cloned()
            .collect::<Vec<_>>()
    );
}

#[test]
fn the_exemplars_are_marked_as_todays_successor_trusts() {
    let m = default_model();
    let marked: Vec<&str> =
        m.points.iter().filter(|p| p.exemplar.is_some()).map(|p| p.code.as_str()).collect();
    assert_eq!(marked.len() + m.exemplars_missing.len(), 17, "{marked:?} {:?}", m.exemplars_missing);
    assert!(marked.contains(&"RM3"), "Salford Royal's successor, the Northern Care Alliance");
    assert!(m.notices().iter().any(|n| n.contains("Salford Royal")));
}

#[test]
fn a_pillar_in_another_setting_joins_its_own_trusts() {
    let choice = OutcomesChoice {
        score: Score::Pillar(1),
        setting: CareSetting::Community,
        ..OutcomesChoice::default()
    };
    let m = model(&choice);
    assert_eq!(m.score.id(), "smart_foundations");
    with_data(|d| assert!(m.points.iter().all(|p| !d.results.care_settings_of(&p.code).is_empty())));
    assert_eq!(m.exemplar_count(), 0, "no exemplar was funded for community services");
}

fn spec_session(spec: &str) -> Result<Session, nhs_benchmark::error::Error> {
    session_in(&mut Workspace::new(), spec, &[]).map(|(s, _)| s)
}

#[test]
fn the_view_draws_from_a_spec_with_its_caveats_and_correlation_in_words() {
    let s = spec_session(r#"{"view": "maturityOutcomes", "focus": "RM3"}"#).unwrap().tap_layout();
    let scene = s.scene().unwrap();
    assert!(scene.title.contains("rho 0.16, 95% CI -0.01 to 0.33"), "{}", scene.title);
    assert!(scene.subtitle.contains("self-assessed") && scene.subtitle.contains("not a cause"));
    assert!(scene.warnings.iter().any(|w| w.contains("Martin et al.")), "{:?}", scene.warnings);
    assert_eq!(scene.items.len(), 132);
    assert!(scene.description.contains("Northern Care Alliance"), "{}", scene.description);
}

#[test]
fn an_unknown_score_care_setting_or_metric_is_an_error_naming_it() {
    let e = spec_session(r#"{"view": "maturityOutcomes", "outcomes": {"score": "wellLed"}}"#)
        .unwrap()
        .layout(720.0, 480.0, &nhs_benchmark::chart::text::ApproxMeasure)
        .unwrap_err();
    assert!(e.to_string().contains("unknown score 'wellLed'") && e.to_string().contains("well_led"), "{e}");
    let mut s =
        spec_session(r#"{"view": "maturityOutcomes", "outcomes": {"careSetting": "primary"}}"#).unwrap();
    let e = s.layout(720.0, 480.0, &nhs_benchmark::chart::text::ApproxMeasure).unwrap_err();
    assert!(e.to_string().contains("outcomes.careSetting"), "{e}");
    let mut s = spec_session(r#"{"view": "maturityOutcomes", "metric": "ae_4hr"}"#).unwrap();
    let e = s.layout(720.0, 480.0, &nhs_benchmark::chart::text::ApproxMeasure).unwrap_err();
    assert!(e.to_string().contains("unknown outcome metric 'ae_4hr'"), "{e}");
}

#[test]
fn the_view_needs_the_dma_set_and_the_rtt_set_the_explorer_loads() {
    let s = Session::new(r#"{"view": "maturityOutcomes"}"#).unwrap();
    let sets = s.sources().unwrap();
    let loaders: Vec<Loader> = sets.iter().map(|s| s.loader).collect();
    assert_eq!(loaders, [Loader::Dma, Loader::Rtt]);
    let explorer = Session::new(
        r#"{"view": "ranked", "data": {"rtt": "data/rtt/20260430-RTT-April-2026-full-extract.csv.zip", "organisations": "data/ods/etr_2026.csv"}}"#,
    )
    .unwrap();
    let key =
        |set: &workspace::SourceSet| Workspace::key(set.loader, set.files.iter().map(|f| f.url.as_str()));
    assert_eq!(key(&sets[1]), key(&explorer.sources().unwrap()[0]), "one key, so one parse");
}

#[test]
fn a_page_of_rtt_charts_dma_charts_and_the_outcomes_view_parses_the_rtt_extract_once() {
    let mut ws = Workspace::new();
    let rtt = r#"{"view": "funnel", "metric": "rtt_within_18_weeks", "data": {"rtt": "data/rtt/20260430-RTT-April-2026-full-extract.csv.zip", "organisations": "data/ods/etr_2026.csv"}}"#;
    let (_, reports) = session_in(&mut ws, rtt, &[]).unwrap();
    assert_eq!((ws.parses(), reports.len()), (1, 1), "the RTT set");
    session_in(&mut ws, r#"{"view": "dmaRadar", "focus": "RM3"}"#, &[]).unwrap();
    assert_eq!(ws.parses(), 2, "the DMA set");
    let (outcomes_view, reports) =
        session_in(&mut ws, r#"{"view": "maturityOutcomes", "focus": "RM3"}"#, &[]).unwrap();
    assert_eq!((ws.parses(), reports.len()), (2, 2), "the outcomes view reuses both sets");
    let ranked = rtt.replace("funnel", "ranked");
    let (ranked, _) = session_in(&mut ws, &ranked, &[]).unwrap();
    let nearest = r#"{"view": "dmaHeatmap", "focus": "RM3", "cohort": "nearest"}"#;
    let (nearest, reports) = session_in(&mut ws, nearest, &[]).unwrap();
    assert_eq!((ws.parses(), reports.len()), (2, 2), "the nearest-by-size cohort reuses both sets");
    // Each chart draws from the workspace's one copy of the extract.
    let (a, b, c) = (outcomes_view.tap_layout(), ranked.tap_layout(), nearest.tap_layout());
    assert_eq!(a.scene().unwrap().items.len(), 132);
    assert!(b.scene().unwrap().items.len() > 100, "every trust ranked");
    assert!(c.scene().unwrap().warnings.iter().any(|w| w.contains("sizes for nearest-by-size peers")));
    assert_eq!(ws.parses(), 2);
}

#[test]
fn a_missing_file_or_an_rtt_file_that_is_not_the_extract_is_an_error_naming_it() {
    let ods = std::fs::read(root().join("www/data/ods/etr_2026.csv")).unwrap();
    let file = |role, name, bytes| FileBytes { role, url: name, name, bytes };
    let mut ws = Workspace::new();
    let e = ws.load_bytes(Loader::Rtt, &[file("organisations", "etr.csv", &ods)]).unwrap_err();
    assert!(e.to_string().contains("needs its rtt file"), "{e}");
    let e = ws.load_bytes(Loader::Dma, &[file("organisations", "etr.csv", &ods)]).unwrap_err();
    assert!(e.to_string().contains("needs its results file"), "{e}");
    let not_rtt = b"Period,Provider Org Code\nRTT-April-2026,RM3\n";
    let e = ws
        .load_bytes(Loader::Rtt, &[file("rtt", "rtt.csv", not_rtt), file("organisations", "etr.csv", &ods)])
        .unwrap_err();
    let text = e.to_string();
    assert!(text.contains("rtt.csv") && text.contains("missing column"), "{text}");
}
