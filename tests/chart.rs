//! The ranked chart on the bundled real data: the numbers it shows (checked against sums done
//! independently of the engine), the scene's words, interaction on the scene, and an SVG snapshot.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{Laid, session, session_in, session_with};
use nhs_benchmark::workspace::Workspace;

use nhs_benchmark::benchmark::ranking::{self, Ranking};
use nhs_benchmark::benchmark::selection::Selection;
use nhs_benchmark::chart::interaction::{self, HitGrid, Input, Key, State};
use nhs_benchmark::chart::scene::Scene;
use nhs_benchmark::chart::text::ApproxMeasure;
use nhs_benchmark::data::{Attribute, Dataset, ae};
use nhs_benchmark::spec;
use nhs_benchmark::stats::compare::Comparison;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bundled() -> Dataset {
    let read = |f: &str| std::fs::read_to_string(root().join("www/data").join(f)).expect("bundled data");
    ae::load(
        "ae_attendances_england_2016_2019.csv",
        &read("ae_attendances_england_2016_2019.csv"),
        "ods_trusts_etr.csv",
        &read("ods_trusts_etr.csv"),
    )
    .expect("the bundled data loads")
}

/// The default ranking as the chart session makes it: every NHS trust against England.
fn ranking(d: &Dataset) -> Ranking {
    let choice = spec::parse("").unwrap().indicator_choice(d, spec::Periods::Latest(12)).unwrap();
    ranking::model(&Selection::new(d, choice).unwrap(), None).unwrap().0.ranking
}

fn ranked_scene() -> (Ranking, Scene) {
    let mut s = session("");
    s.layout(720.0, 480.0, &ApproxMeasure).unwrap();
    (ranking(&bundled()), s.scene().unwrap().clone())
}

#[test]
fn bundled_data_loads_every_row_with_36_months() {
    let d = bundled();
    assert_eq!(d.report.rows_read, 12_765);
    assert_eq!(d.report.rows_used, 12_765);
    assert_eq!(d.periods.len(), 36);
    assert_eq!(d.periods.first().map(String::as_str), Some("2016-04-01"));
    assert_eq!(d.periods.last().map(String::as_str), Some("2019-03-01"));
    let rm3 = &d.organisations[d.organisation_index("RM3").unwrap()];
    assert_eq!(rm3.name, "Salford Royal NHS Foundation Trust");
    assert_eq!(rm3.attributes.get("region"), Some(&Attribute::Text("North of England".into())));
}

#[test]
fn default_ranking_is_type_1_four_hour_performance_over_the_latest_12_months() {
    // Independent sums over the CSV (Python, csv module): type 1 rows from 2018-04-01 to
    // 2019-03-01 have 15,679,998 attendances and 2,894,751 breaches: 81.5385754513489%.
    // Salford Royal (RM3): 102,711 attendances, 17,523 breaches: 82.93950988696439%, rank 63 of
    // the 137 NHS trusts with type 1 attendances.
    let d = bundled();
    let r = ranking(&d);
    assert_eq!((r.from.as_str(), r.to.as_str()), ("2018-04-01", "2019-03-01"));
    assert_eq!(r.national_denominator, 15_679_998.0);
    assert_eq!(r.national_numerator, 15_679_998.0 - 2_894_751.0);
    assert!((r.national - 81.538_575_451_348_9).abs() < 1e-9);
    assert_eq!(r.orgs.len(), 137);
    let rm3 = &r.orgs[r.focus.expect("RM3 has data")];
    assert_eq!(rm3.code, "RM3");
    assert_eq!(rm3.denominator, 102_711.0);
    assert!((rm3.value - 82.939_509_886_964_39).abs() < 1e-9);
    assert_eq!(rm3.rank, 63);
    // Its 99.8% interval (about 82.58% to 83.30%) lies above England's 81.54%.
    assert!(rm3.ci998.lower > r.national);
    assert_eq!(rm3.vs_national, Comparison::Better);
    assert!(r.orgs.windows(2).all(|w| w[0].value >= w[1].value), "sorted best first");
}

#[test]
fn ranked_chart_states_its_message_method_and_source() {
    let (_, s) = ranked_scene();
    assert_eq!(s.title, "Salford Royal ranks 63 of 137 NHS trusts: 82.9%, better than England (81.5%)");
    assert!(s.subtitle.contains("Apr 2018 to Mar 2019"), "{}", s.subtitle);
    assert!(s.subtitle.contains("Wilson score"), "{}", s.subtitle);
    assert!(s.description.contains("meet the standard of 95%"), "{}", s.description);
    assert_eq!(s.items.len(), 137);
    let table = session("").tap_layout().table().unwrap();
    assert_eq!(table.rows.len(), 137);
    assert_eq!(table.rows[62][1], "RM3");
    let texts: Vec<&str> = s
        .marks
        .iter()
        .filter_map(|m| match m {
            nhs_benchmark::chart::scene::Mark::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert!(texts.iter().any(|t| t.starts_with("Source: NHS England")), "{texts:?}");
    assert!(texts.contains(&"Standard 95%"), "{texts:?}");
    assert!(texts.contains(&"England 81.5%"), "{texts:?}");
}

#[test]
fn every_item_lies_inside_the_plot_and_hits_itself() {
    let (_, s) = ranked_scene();
    let grid = HitGrid::new(&s);
    for (i, item) in s.items.iter().enumerate() {
        let (x, y) = item.anchor;
        assert!(s.plot.contains(x, y), "item {i} at {x},{y} outside {:?}", s.plot);
        assert_eq!(grid.hit(&s, x, y), Some(i), "item {i}");
    }
    assert_eq!(grid.hit(&s, 1.0, 1.0), None, "the title area has no items");
}

#[test]
fn hovering_a_point_shows_its_tooltip_and_leaving_hides_it() {
    let (r, s) = ranked_scene();
    let grid = HitGrid::new(&s);
    let f = r.focus.unwrap();
    let (x, y) = s.items[f].anchor;
    let (st, e) = interaction::next(State::default(), Input::PointerMove { x, y }, &s, &grid);
    assert_eq!(e.tooltip, Some(f));
    assert!(e.redraw);
    let tooltip = session("").tap_layout().words(f).tooltip;
    assert_eq!(tooltip[0].1, "Salford Royal NHS Foundation Trust (RM3)");
    assert_eq!(tooltip[5].1, "63 of 137");

    let (_, e) = interaction::next(st, Input::PointerLeave, &s, &grid);
    assert_eq!(e.tooltip, None);
}

#[test]
fn keyboard_moves_focus_announces_and_escape_dismisses_the_tooltip() {
    let mut chart = session("");
    chart.layout(720.0, 480.0, &ApproxMeasure).unwrap();
    let e = chart.input(Input::Focus);
    assert_eq!(chart.state().focus, Some(0));
    assert!(e.announce.as_deref().unwrap().contains("rank 1 of 137"));
    let e = chart.input(Input::Key(Key::Next));
    assert_eq!((chart.state().focus, e.tooltip, e.handled), (Some(1), Some(1), true));
    chart.input(Input::Key(Key::Last));
    assert_eq!(chart.state().focus, Some(136));
    let e = chart.input(Input::Key(Key::Next));
    assert_eq!(chart.state().focus, Some(136), "stays on the last item");
    assert!(!e.redraw);
    let e = chart.input(Input::Key(Key::Escape));
    assert_eq!((e.tooltip, chart.state().focus), (None, Some(136)));
    let e = chart.input(Input::Key(Key::Activate));
    let last = chart.scene().unwrap().items[136].key.clone();
    assert_eq!(e.selected.as_deref(), Some(last.as_str()));
    assert!(e.announce.unwrap().starts_with("Selected "));
    assert_eq!(chart.state().selected, Some(136));
}

#[test]
fn click_selects_the_trust_under_the_pointer_once() {
    let (r, s) = ranked_scene();
    let grid = HitGrid::new(&s);
    let f = r.focus.unwrap();
    let (x, y) = s.items[f].anchor;
    let (st, e) = interaction::next(State::default(), Input::Click { x, y }, &s, &grid);
    assert_eq!(e.selected.as_deref(), Some("RM3"));
    let (_, e) = interaction::next(st, Input::Click { x, y }, &s, &grid);
    assert_eq!(e.selected, None, "selecting the selected trust again fires no new event");
}

#[test]
fn tooltips_stay_inside_the_chart() {
    assert_eq!(interaction::place_tooltip((10.0, 10.0), (100.0, 50.0), (720.0, 480.0)), (22.0, 22.0));
    assert_eq!(interaction::place_tooltip((700.0, 300.0), (100.0, 50.0), (720.0, 480.0)), (588.0, 238.0));
    let (x, y) = interaction::place_tooltip((5.0, 5.0), (900.0, 900.0), (720.0, 480.0));
    assert_eq!((x, y), (0.0, 0.0));
}

#[test]
fn the_default_session_ranks_every_nhs_trust_against_england() {
    let mut s = session("");
    let r = s.layout(720.0, 480.0, &ApproxMeasure).unwrap();
    assert_eq!(r.title, "Salford Royal ranks 63 of 137 NHS trusts: 82.9%, better than England (81.5%)");
    assert_eq!(r.items, 137);
}

#[test]
fn exemplar_peers_rank_salford_royal_seventh_of_twelve_against_their_median() {
    // Independent check (Python over the CSVs, 2018/19): among the 12 acute Global Digital
    // Exemplars RM3's 82.94% is 7th; the exemplars' median without RM3 is 84.1076%, and RM3's
    // 99.8% interval (82.58% to 83.30%) lies below it: worse.
    let mut s = session(r#"{"peers":{"kind":"exemplars"},"benchmark":{"kind":"exemplarMedian"}}"#);
    let r = s.layout(720.0, 480.0, &ApproxMeasure).unwrap();
    assert_eq!(r.items, 12);
    assert!(
        r.title.starts_with("Salford Royal ranks 7 of 12 Global Digital Exemplars: 82.9%, worse than"),
        "{}",
        r.title
    );
    assert!(r.title.ends_with("(84.1%)"), "{}", r.title);
    let recipe: serde_json::Value = serde_json::from_str(&s.recipe()).unwrap();
    assert_eq!(recipe["peers"]["kind"], "exemplars");
    assert_eq!(recipe["period"]["from"], "2018-04-01");
}

#[test]
fn an_unknown_focus_code_is_an_error_naming_the_field() {
    let mut s = session(r#"{"focus":"ZZZ9"}"#);
    let err = s.layout(720.0, 480.0, &ApproxMeasure).unwrap_err();
    assert_eq!(err.to_string(), "spec.focus: no organisation with ODS code 'ZZZ9' in the data");
}

#[test]
fn every_view_renders_from_the_same_spec_shape() {
    for (view, items) in [("ranked", 137), ("funnel", 137), ("distribution", 137), ("spc", 36), ("spine", 7)]
    {
        let mut s = session(&format!(r#"{{"view":"{view}"}}"#));
        let r = s.layout(720.0, 480.0, &ApproxMeasure).unwrap_or_else(|e| panic!("{view}: {e}"));
        assert_eq!(r.items, items, "{view}");
        let recipe: serde_json::Value = serde_json::from_str(&s.recipe()).unwrap();
        assert_eq!(recipe["view"], view);
    }
}

#[test]
fn an_spc_rebase_at_a_missing_period_names_the_spec_field() {
    let mut s = session(r#"{"view":"spc","focus":"RRK","spc":{"rebase":["2030-01-01"]}}"#);
    let err = s.layout(720.0, 480.0, &ApproxMeasure).unwrap_err().to_string();
    assert!(err.starts_with("spc.rebase: '2030-01-01' is not a period"), "{err}");
}

#[test]
fn funnel_rings_the_peer_group_and_keeps_every_trust() {
    let mut s = session(r#"{"view":"funnel","peers":{"kind":"exemplars"}}"#);
    let r = s.layout(720.0, 480.0, &ApproxMeasure).unwrap();
    assert_eq!(r.items, 137);
    let scene = s.scene().unwrap();
    assert!(
        scene.description.contains("exemplar") || scene.description.contains("peer"),
        "{}",
        scene.description
    );
}

#[test]
fn the_opportunity_view_takes_a_what_if_from_the_spec() {
    // RM3 against the exemplars' median (84.1076% without RM3): 964.7 to 1,437.3 attendances;
    // if RM3 were at 84.0% it would add 1,089 of them (the spine helper's hand check).
    let mut s = session(r#"{"view":"opportunity","peers":{"kind":"exemplars"},"whatIf":84.0}"#);
    let r = s.layout(720.0, 480.0, &ApproxMeasure).unwrap();
    assert_eq!(r.items, 2);
    // The targets are the median and quartile of the peers without the focus, and say so.
    assert!(r.title.contains("of the other Global Digital Exemplars"), "{}", r.title);
    let scene = s.scene().unwrap();
    assert!(
        scene.description.contains("1,089")
            || s.table().unwrap().rows.iter().flatten().any(|c| c.contains("1089") || c.contains("1,089")),
        "{}",
        scene.description
    );
}

#[test]
fn every_maturity_view_renders_the_illustrative_data_with_its_labels() {
    for view in ["maturityRadar", "maturityStaircase", "maturityHeatmap", "maturityTrajectory"] {
        let mut s = session(&format!(r#"{{"view":"{view}","focus":"RM3"}}"#));
        let r = s.layout(720.0, 520.0, &ApproxMeasure).unwrap_or_else(|e| panic!("{view}: {e}"));
        assert!(r.items > 0, "{view}");
        assert!(
            r.description.contains("Illustrative, not real assessment results"),
            "{view}: {}",
            r.description
        );
        assert!(r.description.contains("Self-assessed"), "{view}");
    }
}

#[test]
fn a_filled_in_template_loads_and_is_compared_with_the_illustrative_peers() {
    // The template's rows for RXX with every element met: a trust of its own, compared with
    // illustrative peers would need both files; here the template alone scores and draws.
    let template = std::fs::read_to_string(root().join("www/data/maturity/template.csv")).unwrap();
    let filled = template.replace(",RXX,", ",RM3,").replace(",,", ",met,");
    let mut s = session_with(
        r#"{"view":"maturityStaircase","focus":"RM3"}"#,
        &[("assessments", "our-answers.csv", &filled)],
    );
    let r = s.layout(720.0, 520.0, &ApproxMeasure).unwrap();
    assert!(r.items > 0);
    assert!(
        !r.description.contains("Illustrative"),
        "a trust's own file is not illustrative: {}",
        r.description
    );
}

#[test]
fn a_maturity_view_for_a_trust_without_answers_says_how_to_fix_it() {
    let text = "framework,org_code,round,criterion_id,answer,note\nwgll,RBL,2024/25,wl.strategy.2a,met,\n";
    let mut s =
        session_with(r#"{"view":"maturityRadar","focus":"RM3"}"#, &[("assessments", "ours.csv", text)]);
    let err = s.layout(720.0, 520.0, &ApproxMeasure).unwrap_err().to_string();
    assert!(err.contains("no wgll assessment for RM3") && err.contains("template"), "{err}");
}

#[test]
fn a_trusts_own_answers_replace_its_illustrative_round_and_are_compared_with_peers() {
    let template = std::fs::read_to_string(root().join("www/data/maturity/template.csv")).unwrap();
    let filled = template.replace(",RXX,", ",RM3,").replace(",,", ",not met,");
    let spec = r#"{"view":"maturityRadar","focus":"RM3","round":"2024/25"}"#;
    let before = session(spec).layout(720.0, 520.0, &ApproxMeasure).unwrap();
    let after = session_with(spec, &[("own", "our-answers.csv", &filled)])
        .layout(720.0, 520.0, &ApproxMeasure)
        .unwrap();
    assert_eq!(before.title, "Salford Royal is above its peers' interquartile range on all 7 pillars");
    assert_ne!(before.title, after.title, "no element met changes Salford Royal's standing");
    assert!(after.description.contains("peer"), "{}", after.description);
}

#[test]
fn the_tidy_templates_load_and_rank_every_organisation_in_them() {
    let spec = r#"{"focus":"RM3","period":{"from":"2019-03","to":"2019-03"},
        "data":{"observations":"data/templates/observations.csv","metrics":"data/templates/metrics.json",
        "organisations":"data/templates/organisations.csv"}}"#;
    let (mut s, reports) = session_in(&mut Workspace::new(), spec, &[]).unwrap();
    assert_eq!((reports[0].rows_read, reports[0].rows_skipped), (6, 0));
    let r = s.layout(720.0, 480.0, &ApproxMeasure).unwrap();
    // March 2019 type 1: RM3 7,749/9,286 = 83.4482%, RA7 8,203/10,482 = 78.2580%, RBL
    // 5,195/7,785 = 66.7309%: RM3 first of 3.
    assert_eq!(r.items, 3);
    assert!(r.title.starts_with("Salford Royal ranks 1 of 3 organisations"), "{}", r.title);
}

#[test]
fn a_fingertips_export_draws_its_distribution_and_says_why_it_cannot_rank_without_intervals() {
    let mut s = session(
        r#"{"view":"distribution","focus":"E06000057","data":{"fingertips":"../tests/fixtures/fingertips/fingertips_export.csv"}}"#,
    );
    let r = s.layout(720.0, 480.0, &ApproxMeasure).unwrap();
    assert!(r.items > 10, "{}", r.items);
    assert!(r.title.starts_with("Northumberland"), "{}", r.title);
    assert!(r.title.contains(" organisations"), "local authorities are not NHS trusts: {}", r.title);
    s.set_spec(r#"{"view":"ranked","focus":"E06000057","data":{"fingertips":"../tests/fixtures/fingertips/fingertips_export.csv"}}"#)
        .unwrap();
    let err = s.layout(720.0, 480.0, &ApproxMeasure).unwrap_err().to_string();
    assert!(err.contains("interval"), "{err}");
}

#[test]
fn the_ranked_view_says_whether_the_standing_depends_on_the_peer_group() {
    // Against England, RM3 is better; against the exemplars' median it is worse (see above), and
    // its quartile moves: the comparison should say its standing depends on the group.
    let mut s = session(r#"{"benchmark":{"kind":"peerMedian"}}"#);
    let r = s.layout(720.0, 480.0, &ApproxMeasure).unwrap();
    let sentence =
        r.warnings.iter().find(|w| w.starts_with("Sensitivity: ")).expect("a sensitivity sentence");
    assert!(sentence.contains("depend"), "{sentence}");
    assert!(r.description.contains(sentence.as_str()));
}

#[test]
fn rank_intervals_are_simulated_and_shown_only_when_the_spec_asks() {
    let mut plain = session(r#"{"focus":"RM3"}"#);
    plain.layout(720.0, 480.0, &ApproxMeasure).unwrap();
    let rm3 = plain.scene().unwrap().items.iter().position(|i| i.key == "RM3").unwrap();
    assert!(!plain.words(rm3).tooltip.iter().any(|(k, _)| k.starts_with("Rank, 95%")));
    assert!(!plain.table().unwrap().columns.iter().any(|c| c.starts_with("Rank 95%")));

    let mut asked = session(r#"{"focus":"RM3","rankUncertainty":true}"#);
    asked.layout(720.0, 480.0, &ApproxMeasure).unwrap();
    let words = asked.words(rm3);
    let (_, interval) =
        words.tooltip.iter().find(|(k, _)| k == "Rank, 95% interval").expect("a rank interval");
    let (lower, upper) = interval.split_once(" to ").unwrap();
    let (lower, upper): (usize, usize) = (lower.parse().unwrap(), upper.parse().unwrap());
    // RM3 ranks 63 of 137; with ~100,000 attendances its interval is narrow and holds the rank.
    assert!(lower <= 63 && 63 <= upper && upper - lower < 30, "{interval}");
    assert!(words.summary.contains("(95% interval"), "{}", words.summary);
    let table = asked.table().unwrap();
    assert_eq!(&table.columns[12..], ["Rank 95% lower", "Rank 95% upper"]);
}
