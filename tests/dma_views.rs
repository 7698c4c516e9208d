//! The views on NHS England's published maturity results: what each model draws, checked against
//! figures computed independently from the published workbook (and, for nearest-by-size peers,
//! the RTT extract) by `tests/fixtures/dma/independent_figures.py` (Python standard library only;
//! quantiles by `statistics.quantiles(method="inclusive")`, R's type 7; percentile ranks as the
//! share below plus half the share equal). The data is loaded as a page loads it, through the
//! workspace's `dma` loader.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{Laid, root, session};
use nhs_benchmark::data::Dataset;
use nhs_benchmark::maturity::compare::Distribution;
use nhs_benchmark::maturity::dma_results::{CareSetting, Level, PublishedResults};
use nhs_benchmark::maturity::dma_views::{self, DmaChoice, DmaCohort, DmaFocus, DmaLevel};
use nhs_benchmark::workspace::{FileBytes, Loaded, Loader, Workspace};
use std::rc::Rc;

fn read(path: &str) -> Vec<u8> {
    std::fs::read(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The published results as the page's workspace loads them.
fn load() -> (Rc<PublishedResults>, nhs_benchmark::data::LoadReport) {
    let (results, ods) = (read("www/data/dma/dma_2024_2025.csv"), read("www/data/ods/etr_2026.csv"));
    let files = [
        FileBytes { role: "results", url: "r", name: "dma_2024_2025.csv", bytes: &results },
        FileBytes { role: "organisations", url: "o", name: "etr_2026.csv", bytes: &ods },
    ];
    let mut ws = Workspace::new();
    let (key, report) = ws.load_bytes(Loader::Dma, &files).expect("the published results load");
    match ws.get(&key) {
        Some(Loaded::Dma(r)) => (Rc::clone(r), report),
        other => panic!("not published results: {other:?}"),
    }
}

/// The RTT extract as the page's workspace loads it (its own set, shared with the RTT charts):
/// the sizes of nearest-by-size cohorts.
fn rtt() -> Rc<Dataset> {
    let (rtt, ods) = (
        read("www/data/rtt/20260430-RTT-April-2026-full-extract.csv.zip"),
        read("www/data/ods/etr_2026.csv"),
    );
    let files = [
        FileBytes { role: "rtt", url: "s", name: "rtt.csv.zip", bytes: &rtt },
        FileBytes { role: "organisations", url: "o", name: "etr_2026.csv", bytes: &ods },
    ];
    let mut ws = Workspace::new();
    let (key, _) = ws.load_bytes(Loader::Rtt, &files).expect("the RTT extract loads");
    match ws.get(&key) {
        Some(Loaded::Indicators(d)) => Rc::clone(d),
        other => panic!("not an indicator set: {other:?}"),
    }
}

fn choice(focus: &str, cohort: DmaCohort) -> DmaChoice {
    DmaChoice { focus: focus.into(), setting: None, cohort, level: DmaLevel::Provider, icb: None }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn assert_distribution(d: Option<Distribution>, want: (usize, f64, f64, f64, f64, f64), what: &str) {
    let d = d.unwrap_or_else(|| panic!("{what}: no distribution"));
    let got = (d.n, d.min, d.q1, d.median, d.q3, d.max);
    let ok = d.n == want.0
        && [(d.min, want.1), (d.q1, want.2), (d.median, want.3), (d.q3, want.4), (d.max, want.5)]
            .iter()
            .all(|&(a, b)| close(a, b));
    assert!(ok, "{what}: got {got:?}, want {want:?}");
}

#[test]
fn the_load_report_lists_the_unmatched_names_and_the_closed_trusts() {
    let (r, report) = load();
    assert_eq!(report.rows_used, 369);
    let all: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    let all = all.join("\n");
    assert!(all.contains("3 providers matched no ODS code"), "{all}");
    for name in ["BLACK COUNTRY HEALTHCARE", "BRADFORD DISTRICT CARE", "SHEFFIELD HEALTH & SOCIAL CARE"] {
        assert!(all.contains(name), "{name} is not in the report: {all}");
    }
    assert!(all.contains("closed or closing in the ODS list"), "{all}");
    // The picker lists every trust with a code once, whatever its settings: 204 names less 3.
    assert_eq!(dma_views::choices(&r).len(), 201);
}

#[test]
fn the_mental_health_radar_of_rx4_against_the_exemplars_matches_the_workbook() {
    let (r, _) = load();
    let focus = DmaFocus::resolve(&r, &choice("RX4", DmaCohort::Exemplars), None).unwrap();
    // Its default setting is mental health (it has community and mental health results).
    assert_eq!(focus.setting, Some(CareSetting::MentalHealth));
    let m = dma_views::radar(focus).unwrap();
    let values: Vec<Option<f64>> = m.axes.iter().map(|&i| m.comparison.rows[i].value).collect();
    // Independent script: "RX4 Mental Health [2.5, 2.2, 2.3, 2.5, 1.6, 2.0, 2.6]".
    assert_eq!(values, [2.5, 2.2, 2.3, 2.5, 1.6, 2.0, 2.6].map(Some));
    // "mental health exemplars besides RX4 6", pillar by pillar.
    let want = [
        (6, 2.3, 3.075, 3.4, 4.1, 4.8),
        (6, 2.0, 2.7250000000000005, 2.9, 3.45, 3.7),
        (6, 2.0, 2.8499999999999996, 3.15, 3.675, 3.8),
        (6, 2.0, 2.8499999999999996, 3.15, 3.675, 4.3),
        (6, 1.1, 1.75, 1.9, 2.0500000000000003, 2.3),
        (6, 1.5, 2.05, 2.9, 3.0, 3.3),
        (6, 1.2, 1.85, 2.1, 3.7, 4.4),
    ];
    for (&i, w) in m.axes.iter().zip(want) {
        assert_distribution(m.comparison.rows[i].cohort, w, m.comparison.rows[i].id);
    }
    // The cohort is the exemplars, so their median is not drawn twice, and the mapping is stated.
    assert!(!m.shows_exemplars());
    assert!(m.comparison.labels.iter().any(|l| l.contains("Mersey Care (mental health) \u{2192} RW4")));
    assert!(m.comparison.labels.iter().any(|l| l.contains("not comparable")));
}

#[test]
fn the_distributions_of_rm3_in_the_north_west_match_the_workbook() {
    let (r, _) = load();
    let m =
        dma_views::distribution(DmaFocus::resolve(&r, &choice("RM3", DmaCohort::SameRegion), None).unwrap())
            .unwrap();
    assert_eq!(m.rows.len(), 8, "seven pillars and the 2025 overall score");
    // Independent script, "acute, North West, without RM3", pillar by pillar, then overall 2025.
    let want = [
        (22, 1.8, 2.575, 3.4, 3.8, 4.8),
        (22, 1.7, 2.5, 2.8499999999999996, 3.2, 3.6),
        (22, 1.3, 2.0, 2.3, 3.0, 4.0),
        (22, 1.5, 2.3, 2.9, 3.2249999999999996, 4.8),
        (22, 1.1, 1.75, 1.95, 2.25, 2.9),
        (22, 1.8, 2.1, 2.6, 2.8, 3.0),
        (22, 1.2, 2.0, 2.2, 2.475, 3.8),
        (22, 1.7738095238095237, 2.366071428571429, 2.625, 3.023809523809523, 3.642857142857143),
    ];
    for (row, w) in m.rows.iter().zip(want) {
        assert_distribution(row.distribution, w, row.title);
        assert_eq!(row.values.len(), 22);
    }
    // "RM3 acute overall 2025 percentile rank among North West 4.545454545454546" (1 of 22 below).
    assert!(close(m.rows[7].focus_percentile.unwrap(), 100.0 / 22.0));
    assert!(m.labels.iter().any(|l| l == "Self-assessed"));
}

#[test]
fn icbs_are_their_own_level_in_the_trajectory_and_match_the_workbook() {
    let (r, _) = load();
    let c = DmaChoice { level: DmaLevel::Icb, ..choice("RM3", DmaCohort::SameSetting) };
    let focus = DmaFocus::resolve(&r, &c, None).unwrap();
    assert_eq!(focus.level, Level::Icb);
    assert_eq!(focus.key, "NHS GREATER MANCHESTER INTEGRATED CARE BOARD", "the focus trust's ICB");
    let m = dma_views::trajectory(focus).unwrap();
    // Independent script: "GM ICB overall 2024, 2025 2.444444444444444 2.6527777777777777".
    let gm = m.slopes.iter().find(|s| s.is_focus).unwrap();
    assert!(close(gm.before, 2.444444444444444) && close(gm.after, 2.6527777777777777));
    assert_eq!(m.slopes.len(), 42);
    // "other ICBs change (41, ...)", and their medians 2.6111 and 2.8333.
    assert_distribution(
        m.change.cohort_change,
        (41, -0.8611111111111107, 0.01388888888888884, 0.16666666666666652, 0.5, 1.291666666666666),
        "ICB change",
    );
    assert!(close(m.change.cohort_before.unwrap().median, 2.611111111111111));
    assert!(close(m.change.cohort_after.unwrap().median, 2.8333333333333335));
    assert!(m.change.question_set_changed);
    assert!(m.change.labels.iter().any(|l| l.contains("ICB results are their own level")));
    // An ICB named by its short name is the same focus; nearest-by-size peers are for trusts.
    let named = DmaChoice { icb: Some("Greater Manchester".into()), ..c.clone() };
    assert_eq!(
        DmaFocus::resolve(&r, &named, None).unwrap().key,
        "NHS GREATER MANCHESTER INTEGRATED CARE BOARD"
    );
    let e = DmaFocus::resolve(&r, &DmaChoice { cohort: DmaCohort::Nearest, ..c }, None).unwrap_err();
    assert!(e.message.contains("for trusts"), "{e}");
}

#[test]
fn the_heat_map_of_the_same_icb_orders_by_the_2025_overall_score() {
    let (r, _) = load();
    let m =
        dma_views::heat(DmaFocus::resolve(&r, &choice("RM3", DmaCohort::SameIcb), None).unwrap()).unwrap();
    let order: Vec<&str> = m.heat.rows.iter().map(|r| r.key.as_str()).collect();
    // Independent script, "acute, GM ICB, overall 2025 highest first": R0A 3.64, RRF 2.64, RMC
    // 2.57, RWJ 2.33, RMP 2.32, RBV 2.30; RM3's 1.857 is last.
    assert_eq!(order, ["R0A", "RRF", "RMC", "RWJ", "RMP", "RBV", "RM3"]);
    assert_eq!(m.focus_row, 6);
    assert_eq!(m.heat.columns.len(), 7);
}

#[test]
fn nearest_by_size_peers_are_the_ten_acute_trusts_with_the_closest_rtt_waiting_list() {
    let (r, _) = load();
    let sizes = rtt();
    let focus = DmaFocus::resolve(&r, &choice("RM3", DmaCohort::Nearest), Some(&sizes)).unwrap();
    assert!(
        focus.notices.iter().any(|m| m.contains("sizes for nearest-by-size peers")),
        "{:?}",
        focus.notices
    );
    let m = dma_views::radar(focus).unwrap();
    let mut members = m.comparison.cohort.members.clone();
    members.sort();
    // Independent script: "nearest 10 acute by waiting list" (RM3's list is 132,998).
    assert_eq!(members, ["R0A", "R1H", "RAJ", "RAL", "RDE", "RJ1", "RRK", "RTG", "RWE", "RYR"]);
    assert!(m.comparison.cohort.label.contains("nearest 10 by RTT waiting list"));
    // Without the sizes, the cohort says what it needs.
    let (plain, _) = load();
    let e = DmaFocus::resolve(&plain, &choice("RM3", DmaCohort::Nearest), None).unwrap_err();
    assert!(e.message.contains("RTT extract"), "{e}");
}

#[test]
fn a_spec_drives_the_radar_and_its_table_holds_the_published_scores() {
    let mut s = session(r#"{"view": "dmaRadar", "focus": "RM3"}"#).tap_layout();
    let table = s.table().unwrap();
    // Independent script: RM3 acute Well Led 2.5, Ensure Smart Foundations 1.5; acute peers'
    // Well Led median 2.8 (133), 2025 overall median 2.5.
    assert_eq!(table.rows[0][..4], ["Well led", "2.50", "2.30", "2.80"]);
    assert_eq!(table.rows[1][1], "1.50");
    assert_eq!(table.rows[7][3], "2.50");
    let scene = s.scene().unwrap();
    assert!(scene.title.starts_with("Northern Care Alliance is"), "{}", scene.title);
    assert!(scene.subtitle.contains("Self-assessed") && scene.subtitle.contains("not comparable"));
    assert!(scene.description.contains("Salford Royal (acute, 2016) \u{2192} RM3"), "the mapping is stated");
    let e = s
        .set_spec(r#"{"view": "dmaRadar", "focus": "RM3", "careSetting": "Ambulance"}"#)
        .and_then(|_| s.layout(720.0, 480.0, &nhs_benchmark::chart::text::ApproxMeasure).map(|_| ()));
    assert!(e.unwrap_err().message.contains("it has Acute, Community"));
    assert!(
        nhs_benchmark::session::Session::new(r#"{"view": "dmaRadar", "cohort": "everyone"}"#)
            .and_then(|s| s.spec().dma_choice().map_err(Into::into))
            .unwrap_err()
            .message
            .contains("setting, region, icb, nearest, exemplars")
    );
}

#[test]
fn every_published_view_draws_its_whole_caveat_at_360_pixels_for_the_longest_name() {
    use nhs_benchmark::chart::scene::Mark;
    for view in ["dmaRadar", "dmaHeatmap", "dmaTrajectory", "dmaDistribution"] {
        let spec = format!(r#"{{"view": "{view}", "focus": "RX4", "cohort": "exemplars", "width": 360}}"#);
        let s = session(&spec).tap_layout();
        let texts: Vec<&str> = s
            .scene()
            .unwrap()
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        // The subtitle ends with the comparability caveat and the exemplars' note with the codes
        // kept: a line cut short would end in an ellipsis instead.
        let all = texts.join(" ");
        assert!(all.contains("pillar scores are not comparable."), "{view}: caveat cut: {texts:?}");
        assert!(all.contains("unchanged: RWX, RXT, RW4, RNU, RV5."), "{view}: mapping cut: {texts:?}");
    }
}
