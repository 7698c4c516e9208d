//! NHS England's published Digital Maturity Assessment 2024 and 2025 results: the bundled files
//! are re-derived from the workbook exactly, the crosswalk to ODS codes is as reviewed, and the
//! loaded results and comparisons match figures computed independently from the workbook by
//! `tests/fixtures/dma/independent_figures.py` (Python standard library only: zipfile and
//! xml.etree, quantiles by `statistics.quantiles(method="inclusive")`, which is R's type 7).

#![cfg(not(target_arch = "wasm32"))]

#[path = "../examples/convert_dma.rs"]
mod convert_dma;

use nhs_benchmark::benchmark::peers::{self, Condition, PeerGroupSpec};
use nhs_benchmark::data::ods::{self, TrustList};
use nhs_benchmark::maturity::compare::{Band, Distribution};
use nhs_benchmark::maturity::crosswalk::MatchKind;
use nhs_benchmark::maturity::dma_compare::{self, CohortSpec, Focus};
use nhs_benchmark::maturity::dma_results::{CareSetting, Level, PublishedResults, SELF_ASSESSED, Score};
use nhs_benchmark::maturity::exemplars::{self, GLOBAL_DIGITAL_EXEMPLARS};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn repo_file(path: &str) -> String {
    let p = root().join(path);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn trusts() -> &'static TrustList {
    static T: OnceLock<TrustList> = OnceLock::new();
    T.get_or_init(|| {
        ods::read_etr("etr_2026.csv", &repo_file("www/data/ods/etr_2026.csv")).expect("ODS list reads")
    })
}

fn bundled() -> &'static PublishedResults {
    static R: OnceLock<PublishedResults> = OnceLock::new();
    R.get_or_init(|| {
        PublishedResults::load("dma_2024_2025.csv", &repo_file("www/data/dma/dma_2024_2025.csv"))
            .expect("bundled results load")
            .with_trusts(trusts())
    })
}

fn conversion() -> &'static nhs_benchmark::maturity::dma_convert::Conversion {
    static C: OnceLock<nhs_benchmark::maturity::dma_convert::Conversion> = OnceLock::new();
    C.get_or_init(|| {
        convert_dma::convert_files(
            &root().join("tests/fixtures/dma/dma_2024_2025_results.xlsx"),
            &root().join("www/data/ods/etr_2026.csv"),
            &root().join("www/data/dma/crosswalk.csv"),
        )
        .expect("the workbook converts")
    })
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Asserts (n, min, q1, median, q3, max) as printed by the independent script.
fn assert_distribution(d: Option<Distribution>, want: (usize, f64, f64, f64, f64, f64), what: &str) {
    let d = d.unwrap_or_else(|| panic!("{what}: no distribution"));
    let got = (d.n, d.min, d.q1, d.median, d.q3, d.max);
    assert!(
        d.n == want.0
            && close(d.min, want.1)
            && close(d.q1, want.2)
            && close(d.median, want.3)
            && close(d.q3, want.4)
            && close(d.max, want.5),
        "{what}: got {got:?}, want {want:?}"
    );
}

#[test]
fn bundled_results_and_crosswalk_are_re_derived_from_the_published_workbook_byte_for_byte() {
    let c = conversion();
    assert_eq!(c.errors(), 0, "{}", c.report_text());
    assert!(
        c.results_csv() == repo_file("www/data/dma/dma_2024_2025.csv"),
        "www/data/dma/dma_2024_2025.csv differs from a fresh conversion: run \
         cargo run --example convert_dma -- tests/fixtures/dma/dma_2024_2025_results.xlsx www/data/dma/"
    );
    assert!(
        c.crosswalk.to_csv() == repo_file("www/data/dma/crosswalk.csv"),
        "crosswalk.csv differs from a fresh conversion"
    );
    let used: Vec<(String, usize, usize)> =
        c.sheets.iter().map(|s| (s.sheet.clone().unwrap_or_default(), s.rows_used, s.note_rows)).collect();
    // Rows per sheet from the independent script ("rows 285 285 42 42", ICB overall 42); the
    // note rows are the "Source:", "Copyright" and "Notes:" lines under each table.
    assert_eq!(
        used,
        [
            ("SC - 2025 Pillar Summary".to_string(), 285, 2),
            ("SC - 24 vs 25 Overall DMA".to_string(), 285, 4),
            ("ICB - 2025 Pillar Summary".to_string(), 42, 2),
            ("ICB -24 vs 25 Overall DMA ".to_string(), 42, 2),
            ("2025 Pillar Summary (ICB PC)".to_string(), 42, 2),
        ]
    );
    assert!(c.sheets[4].hidden, "the primary-care sheet is hidden in the published workbook");
}

#[test]
fn crosswalk_matches_192_names_exactly_2_by_rule_7_by_hand_and_leaves_3_unmatched() {
    let c = conversion();
    let counts = c.crosswalk.counts();
    assert_eq!((counts.exact, counts.rule, counts.manual, counts.unmatched), (192, 2, 7, 3));
    let unmatched: Vec<&str> = c
        .crosswalk
        .entries
        .iter()
        .filter(|e| e.kind == MatchKind::Unmatched)
        .map(|e| e.published_name.as_str())
        .collect();
    assert_eq!(
        unmatched,
        [
            "BLACK COUNTRY HEALTHCARE NHS FOUNDATION TRUST",
            "BRADFORD DISTRICT CARE NHS FOUNDATION TRUST",
            "SHEFFIELD HEALTH & SOCIAL CARE NHS FOUNDATION TRUST"
        ]
    );
    // Each unmatched name is in the conversion report, never dropped silently.
    for name in unmatched {
        assert!(c.diagnostics.iter().any(|d| d.message.contains(name)), "{name} is not reported");
    }
    let manual: BTreeMap<&str, &str> = c
        .crosswalk
        .entries
        .iter()
        .filter(|e| e.kind == MatchKind::Manual)
        .map(|e| (e.published_name.as_str(), e.ods_code.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(manual["UNIVERSITY HOSPITALS BRISTOL AND WESTON NHS FOUNDATION TRUST"], "RA7");
    assert_eq!(manual["WARRINGTON AND HALTON TEACHING HOSPITALS NHS FOUNDATION TRUST"], "RWW");
    assert_eq!(
        c.crosswalk.code_of("PORTSMOUTH HOSPITALS UNIVERSITY NATIONAL HEALTH SERVICE TRUST"),
        Some("RHU")
    );
    // No code is given to two names.
    let mut codes: Vec<&str> = c.crosswalk.entries.iter().filter_map(|e| e.ods_code.as_deref()).collect();
    let n = codes.len();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), n);
}

#[test]
fn bundled_results_load_for_northern_care_alliance_in_its_two_care_settings() {
    let r = bundled();
    assert_eq!(r.report.rows_read, 285 + 42 + 42);
    assert_eq!(r.report.rows_used, 369);
    assert_eq!(r.care_settings_of("RM3"), [CareSetting::Acute, CareSetting::Community]);
    assert_eq!(r.default_setting("RM3"), Some(CareSetting::Acute));
    // Berkshire Healthcare has community and mental health results: mental health first.
    assert_eq!(r.default_setting("RWX"), Some(CareSetting::MentalHealth));
    assert_eq!(r.default_setting("RXX9"), None);
    let acute = r.provider("rm3", CareSetting::Acute).expect("RM3 has an acute result");
    // Independent script: "RM3 Acute [2.5, 1.5, 1.8, 1.8, 1.9, 2.0, 2.0] overall
    // 1.8571428571428572 2.0595238095238093"; the community result differs.
    assert_eq!(acute.pillars, [Some(2.5), Some(1.5), Some(1.8), Some(1.8), Some(1.9), Some(2.0), Some(2.0)]);
    assert_eq!(acute.overall_2025, Some(1.8571428571428572));
    assert_eq!(acute.overall_2024, Some(2.0595238095238093));
    let community = r.provider("RM3", CareSetting::Community).unwrap();
    assert_eq!(community.pillars[1], Some(1.4));
    assert_eq!(community.overall_2025, Some(1.8387445887445888));
    assert_eq!(acute.display_name(), "Northern Care Alliance NHS Foundation Trust");
    assert_eq!(acute.region, "NORTH WEST");
    // Per setting counts and providers in several settings (independent script).
    let per: Vec<usize> = CareSetting::ALL.iter().map(|s| r.providers(*s).count()).collect();
    assert_eq!(per, [134, 90, 50, 11]);
    let mut names: BTreeMap<&str, usize> = BTreeMap::new();
    for p in r.at_level(Level::Provider) {
        *names.entry(&p.name).or_default() += 1;
    }
    assert_eq!((names.len(), names.values().filter(|&&n| n > 1).count()), (204, 79));
}

#[test]
fn bundled_scores_sum_to_the_workbook_totals() {
    let r = bundled();
    let providers: Vec<_> = r.at_level(Level::Provider).collect();
    let pillar_sum: f64 = providers.iter().flat_map(|p| p.pillars.iter().flatten()).sum();
    let o25: f64 = providers.iter().filter_map(|p| p.overall_2025).sum();
    let o24: f64 = providers.iter().filter_map(|p| p.overall_2024).sum();
    // Independent script: 4898.6; 717.784199134 and 674.174675325 (rounded there to 9 places).
    assert!((pillar_sum - 4898.6).abs() < 1e-6, "{pillar_sum}");
    assert!((o25 - 717.784199134).abs() < 1e-8, "{o25}");
    assert!((o24 - 674.174675325).abs() < 1e-8, "{o24}");
    let pc_scores: usize =
        r.at_level(Level::IcbPrimaryCare).map(|p| p.pillars.iter().flatten().count()).sum();
    assert_eq!(pc_scores, 209, "42 x 5 primary-care scores less Lincolnshire's blank Well Led");
    let lincs = r.at_level(Level::IcbPrimaryCare).find(|p| p.name.contains("LINCOLNSHIRE")).unwrap();
    assert_eq!(lincs.pillars[0], None);
    assert!(
        r.report
            .diagnostics
            .iter()
            .any(|d| d.row.is_some() && d.message.contains("LINCOLNSHIRE") && d.message.contains("blank")),
        "the blank score is in the load report"
    );
}

#[test]
fn load_report_lists_unmatched_providers_and_closed_trusts() {
    let r = bundled();
    let text: Vec<String> = r.report.diagnostics.iter().map(|d| d.to_string()).collect();
    let all = text.join("\n");
    assert!(all.contains("3 providers matched no ODS code"), "{all}");
    assert!(all.contains("BLACK COUNTRY HEALTHCARE NHS FOUNDATION TRUST"), "{all}");
    for code in ["RY2", "RYV", "RNK", "RVJ"] {
        assert!(all.contains(&format!("{code} ")), "{code} closed is not reported: {all}");
    }
    assert_eq!(r.ods["RNK"].closed.as_deref(), Some("2026-03-31"));
}

#[test]
fn acute_radar_against_england_matches_independent_type7_quartiles() {
    let c = dma_compare::compare(
        bundled(),
        Focus::Provider { code: "RM3", setting: CareSetting::Acute },
        &CohortSpec::SameSetting,
    )
    .unwrap();
    assert_eq!(c.cohort.members.len(), 133);
    assert!(!c.cohort.members.contains(&"RM3".to_string()));
    // Independent script, "acute peers of RM3 (133)", pillar by pillar.
    let want = [
        (133, 1.3, 2.3, 2.8, 3.5, 4.8),
        (133, 1.5, 2.4, 2.6, 3.0, 3.8),
        (133, 1.0, 2.0, 2.3, 2.8, 4.0),
        (133, 1.3, 2.3, 2.5, 3.0, 4.8),
        (133, 1.1, 1.9, 2.1, 2.4, 3.6),
        (133, 1.2, 2.0, 2.4, 2.8, 3.6),
        (133, 1.0, 1.8, 2.2, 2.6, 3.8),
    ];
    for (row, w) in c.rows.iter().zip(want) {
        assert_distribution(row.cohort, w, row.id);
    }
    // 2025 overall: (133, 1.4870129870129871, 2.2857142857142856, 2.5, 2.7619047619047623, 3.642857142857143).
    assert_eq!(c.rows[7].score, Score::Overall2025);
    assert_distribution(
        c.rows[7].cohort,
        (133, 1.4870129870129871, 2.2857142857142856, 2.5, 2.7619047619047623, 3.642857142857143),
        "overall",
    );
    // RM3's Well Led 2.5 is within 2.3-3.5; its Ensure Smart Foundations 1.5 is below 2.4.
    assert_eq!(c.rows[0].against_cohort, Band::WithinInterquartileRange);
    assert_eq!(c.rows[1].against_cohort, Band::BelowLowerQuartile);
    // Acute exemplars besides RM3: 16, Well Led (16, 1.8, 2.3, 3.3, 3.85, 4.3).
    assert_distribution(c.rows[0].exemplars, (16, 1.8, 2.3, 3.3, 3.8499999999999996, 4.3), "exemplars");
    assert!(c.labels.iter().any(|l| l == SELF_ASSESSED));
    assert!(c.labels.iter().any(|l| l.contains("same care setting")));
    assert!(
        c.labels.iter().any(|l| l.contains("City Hospitals Sunderland (acute, 2016) \u{2192} R0B")),
        "{:?}",
        c.labels
    );
}

#[test]
fn same_region_and_same_icb_cohorts_match_the_workbook() {
    let focus = Focus::Provider { code: "RM3", setting: CareSetting::Acute };
    let region =
        dma_compare::score_distribution(bundled(), focus, Score::Pillar(0), &CohortSpec::SameRegion).unwrap();
    // Independent script: acute, North West, without RM3: (22, 1.8, 2.575, 3.4, 3.8, 4.8).
    assert_distribution(region.distribution, (22, 1.8, 2.575, 3.4, 3.8, 4.8), "north west well led");
    assert_eq!(region.values.len(), 22);
    assert_eq!(region.focus.as_ref().map(|f| f.value), Some(2.5));
    let icb = dma_compare::compare(bundled(), focus, &CohortSpec::SameIcb).unwrap();
    let mut members = icb.cohort.members.clone();
    members.sort();
    // Bolton, Manchester University, Stockport, Tameside and Glossop, The Christie, Wrightington.
    assert_eq!(members, ["R0A", "RBV", "RMC", "RMP", "RRF", "RWJ"]);
}

#[test]
fn overall_change_flags_comparable_domains_and_matches_the_workbook() {
    let ch = dma_compare::overall_change(
        bundled(),
        Focus::Provider { code: "RM3", setting: CareSetting::Acute },
        &CohortSpec::SameSetting,
    )
    .unwrap();
    assert!(close(ch.change.unwrap(), 1.8571428571428572 - 2.0595238095238093));
    assert!(ch.question_set_changed && ch.comparable_domains_only);
    // Independent script, "acute peers change".
    assert_distribution(
        ch.cohort_change,
        (
            133,
            -0.40909090909090917,
            0.023809523809523947,
            0.17857142857142883,
            0.34523809523809534,
            0.7380952380952381,
        ),
        "change",
    );
    assert!(ch.labels.iter().any(|l| l.contains("comparable")));
}

#[test]
fn icbs_are_their_own_level() {
    let s = dma_compare::level_summary(bundled(), Level::Icb, None);
    assert_eq!(s.count, 42);
    // Independent script: ICB well led (42, 1.5, 2.0, 2.5, 2.8, 3.8).
    assert_distribution(s.scores[0].1, (42, 1.5, 2.0, 2.5, 2.8, 3.8), "ICB well led");
    let mean: f64 = bundled().at_level(Level::Icb).filter_map(|r| r.overall_2025).sum::<f64>() / 42.0;
    assert!(close(mean, 2.8476190476190473), "{mean}");
    let icb = dma_compare::compare(
        bundled(),
        Focus::Icb { name: "NHS GREATER MANCHESTER INTEGRATED CARE BOARD" },
        &CohortSpec::SameSetting,
    )
    .unwrap();
    assert_eq!(icb.cohort.members.len(), 41);
    assert!(dma_compare::compare(bundled(), Focus::Icb { name: "NHS X" }, &CohortSpec::SameSetting).is_err());
    let e = dma_compare::compare(
        bundled(),
        Focus::Icb { name: "NHS GREATER MANCHESTER INTEGRATED CARE BOARD" },
        &CohortSpec::Exemplars,
    )
    .unwrap_err();
    assert!(e.message.contains("providers"), "{e}");
    let pc = dma_compare::level_summary(bundled(), Level::IcbPrimaryCare, None);
    assert_eq!(pc.scores.len(), 5);
}

#[test]
fn a_focus_without_a_result_in_the_setting_is_told_which_settings_it_has() {
    let e = dma_compare::compare(
        bundled(),
        Focus::Provider { code: "RM3", setting: CareSetting::MentalHealth },
        &CohortSpec::SameSetting,
    )
    .unwrap_err();
    assert!(e.message.contains("Acute, Community"), "{e}");
    let e = dma_compare::compare(
        bundled(),
        Focus::Provider { code: "RM3", setting: CareSetting::Community },
        &CohortSpec::Exemplars,
    )
    .unwrap_err();
    assert!(e.message.contains("no Global Digital Exemplar was funded for community"), "{e}");
}

#[test]
fn global_digital_exemplar_successors_are_open_trusts_and_predecessors_are_closed() {
    for e in GLOBAL_DIGITAL_EXEMPLARS {
        let t = trusts().get(e.code).unwrap_or_else(|| panic!("{} is not in etr_2026.csv", e.code));
        assert!(t.is_open(), "{} {} is closed", e.code, t.name);
        if let Some(old) = e.former_code {
            let p = trusts().get(old).unwrap_or_else(|| panic!("{old} is not in etr_2026.csv"));
            assert!(p.closed.is_some(), "{old} is still open");
        }
        assert!(
            bundled().provider(e.code, e.wave.care_setting()).is_some(),
            "{} has no {} result",
            e.code,
            e.wave.care_setting().label()
        );
    }
    assert_eq!(trusts().get("RLN").unwrap().closed.as_deref(), Some("2019-03-31"));
    assert_eq!(exemplars::for_setting(CareSetting::Acute).len(), 17);
}

#[test]
fn peer_machinery_works_on_published_organisations() {
    let mut r = bundled().clone();
    let acute = r.organisations(CareSetting::Acute);
    assert_eq!(acute.organisations.len(), 134, "every acute provider matched an ODS code");
    let same_region =
        PeerGroupSpec::Filter { conditions: vec![Condition::SameAsFocus { attribute: "region".into() }] };
    let g = peers::resolve(&acute, "RM3", &same_region).unwrap();
    assert_eq!(g.members.len(), 22);
    let mh = r.organisations(CareSetting::MentalHealth);
    assert_eq!(mh.organisations.len(), 50 - 3, "the three unmatched are mental health trusts");
    // A size from another dataset makes nearest-neighbour peers.
    let size: BTreeMap<String, f64> =
        acute.organisations.iter().enumerate().map(|(i, o)| (o.code.clone(), i as f64)).collect();
    r.set_number_attribute("size", size);
    let acute = r.organisations(CareSetting::Acute);
    let near = PeerGroupSpec::Nearest { k: 5, weights: [("size".to_string(), 1.0)].into(), within: vec![] };
    let g = peers::resolve(&acute, "RM3", &near).unwrap();
    let codes: Vec<String> = g.members.iter().map(|m| m.code.clone()).collect();
    let c = dma_compare::compare(
        &r,
        Focus::Provider { code: "RM3", setting: CareSetting::Acute },
        &CohortSpec::Codes { name: "Nearest 5 by size".into(), codes },
    )
    .unwrap();
    assert_eq!(c.cohort.members.len(), 5);
    assert_eq!(c.cohort.label, "Nearest 5 by size");
}

#[test]
fn heat_map_puts_the_highest_overall_first_and_marks_the_focus() {
    let h = dma_compare::heat_map(
        bundled(),
        Focus::Provider { code: "RM3", setting: CareSetting::Acute },
        &CohortSpec::SameIcb,
    )
    .unwrap();
    assert_eq!(h.rows.len(), 7);
    assert_eq!(h.columns.len(), 7);
    assert!(h.rows.windows(2).all(|w| w[0].overall_2025 >= w[1].overall_2025));
    assert_eq!(h.rows.iter().filter(|r| r.is_focus).count(), 1);
}

#[test]
fn ods_2026_list_reads_with_open_and_closed_trusts_and_named_regions() {
    let t = trusts();
    assert_eq!(t.trusts.len(), 274);
    assert_eq!(t.open().count(), 202);
    assert_eq!(t.latest_open_date(), Some("2026-06-01"));
    assert_eq!(t.get("RM3").unwrap().region, Some("North West"));
    assert_eq!(t.get("RT4").unwrap().region, Some("Wales"));
    assert_eq!(t.trusts.iter().filter(|x| x.region.is_none()).count(), 0);
    let old = ods::read_etr("ods_trusts_etr.csv", &repo_file("www/data/ods_trusts_etr.csv")).unwrap();
    assert_eq!(old.trusts.len(), 241);
    assert_eq!(old.get("RLN").unwrap().region, Some("North of England"));
}
