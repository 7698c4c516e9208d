//! The spine and opportunity views on the bundled real A&E data (April 2018 to March 2019): the
//! numbers they show, checked against sums done independently of the engine (Python's csv module
//! over `www/data/*.csv`, stated in each comment), the words (title, subtitle, description,
//! table), hit-testing on the scene, the 320 px reflow, and an SVG snapshot of each.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::Laid;
use nhs_benchmark::benchmark::NoticeCode;
use nhs_benchmark::benchmark::compare::{
    BenchmarkChoice, ComparisonRequest, PeerComparison, compare_resolved, compare_with_peers,
};
use nhs_benchmark::benchmark::opportunity::{OpportunityModel, OpportunityTarget, of_comparison};
use nhs_benchmark::benchmark::peers::{PeerGroupSpec, resolve_index};
use nhs_benchmark::benchmark::spine::{
    Spine, SpineCentre, SpineModel, SpineOutcome, SpineRequest, spine, spine_from_request,
};
use nhs_benchmark::chart::interaction::{HitGrid, Input, Key};
use nhs_benchmark::chart::layout::ViewOptions;
use nhs_benchmark::chart::scene::{Mark, Scene, Shape};
use nhs_benchmark::chart::text::ApproxMeasure;
use nhs_benchmark::chart::view::Drawn;
use nhs_benchmark::data::{Dataset, ae};
use nhs_benchmark::stats::compare::TwoLevelComparison;
use std::path::PathBuf;
use std::sync::OnceLock;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bundled() -> &'static Dataset {
    static DATA: OnceLock<Dataset> = OnceLock::new();
    DATA.get_or_init(|| {
        let read = |f: &str| std::fs::read_to_string(root().join("www/data").join(f)).expect("bundled data");
        ae::load(
            "ae_attendances_england_2016_2019.csv",
            &read("ae_attendances_england_2016_2019.csv"),
            "ods_trusts_etr.csv",
            &read("ods_trusts_etr.csv"),
        )
        .expect("the bundled data loads")
    })
}

fn texts(s: &Scene) -> Vec<&str> {
    s.marks
        .iter()
        .filter_map(|m| if let Mark::Text { text, .. } = m { Some(text.as_str()) } else { None })
        .collect()
}

fn close(a: f64, b: f64, tol: f64) {
    assert!((a - b).abs() <= tol, "{a} vs {b}");
}

/// Every item's anchor lies in the plot and hits that item; the title area hits nothing.
fn assert_items_hit_themselves(s: &Scene) {
    let grid = HitGrid::new(s);
    for (i, item) in s.items.iter().enumerate() {
        let (x, y) = item.anchor;
        assert!(s.plot.contains(x, y), "item {i} ({}) at {x},{y} outside {:?}", item.key, s.plot);
        let hit = grid.hit(s, x, y).unwrap_or_else(|| panic!("item {i} ({}) is not hit", item.key));
        assert!(hit == i || s.items[hit].anchor == item.anchor, "item {i} ({}) hits {hit}", item.key);
    }
    assert_eq!(grid.hit(s, 1.0, 1.0), None, "the title area has no items");
}

/// Every mark lies inside the chart, so nothing is cut off (text by its anchor).
fn assert_marks_inside(s: &Scene) {
    for m in &s.marks {
        let points: Vec<(f64, f64)> = match m {
            Mark::Rect { x, y, w, h, .. } => vec![(*x, *y), (x + w, y + h)],
            Mark::Line { x1, y1, x2, y2, .. } => vec![(*x1, *y1), (*x2, *y2)],
            Mark::Marker { x, y, .. } | Mark::Text { x, y, .. } => vec![(*x, *y)],
            Mark::Path { points, .. } => points.clone(),
            Mark::Polygon { points, .. } => points.clone(),
        };
        for (x, y) in points {
            assert!((0.0..=s.width).contains(&x) && (0.0..=s.height).contains(&y), "{m:?} outside the chart");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Spine

/// Every A&E metric, in the loader's order.
const METRICS: [&str; 7] = [
    ae::FOUR_HOUR_TYPE1,
    ae::FOUR_HOUR_ALL,
    ae::ADMISSIONS_PER_100_TYPE1,
    ae::ATTENDANCES_TYPE1,
    ae::FOUR_HOUR_TYPE2,
    ae::FOUR_HOUR_OTHER,
    ae::ATTENDANCES_ALL,
];

/// RM3 across the A&E metrics over April 2018 to March 2019, among all NHS trusts (the explorer's
/// default peer group), against England.
fn rm3_spine() -> Spine {
    let d = bundled();
    spine_from_request(
        d,
        &SpineRequest {
            focus: "RM3".into(),
            metrics: METRICS.iter().map(|m| m.to_string()).collect(),
            from: Some("2018-04-01".into()),
            to: Some("2019-03-01".into()),
            peers: nhs_benchmark::benchmark::population::nhs_trusts(),
            benchmark: BenchmarkChoice::National {},
        },
    )
    .unwrap()
}

/// The spine chart of `spine` at `width` x `height`, among NHS trusts against England, as the
/// spine view draws its model.
fn spine_chart(spine: Spine, width: f64, height: f64) -> (SpineModel, Scene) {
    let model = SpineModel { spine, population: "NHS trusts".into(), national_label: "England".into() };
    let view = ViewOptions { width, height, title: None, source: ae::ATTRIBUTION.into() };
    let scene = model.scene(&view, &ApproxMeasure);
    (model, scene)
}

#[test]
fn rm3_spine_rows_match_sums_over_the_csv() {
    let s = rm3_spine();
    assert_eq!(s.focus.code, "RM3");
    assert_eq!(
        (s.periods.from.as_str(), s.periods.to.as_str(), s.periods.count),
        ("2018-04-01", "2019-03-01", 12)
    );
    let ids: Vec<&str> = s.rows.iter().map(|r| r.metric.id.as_str()).collect();
    assert_eq!(ids, METRICS);

    // Type 1: RM3 85,188 of 102,711 within 4 hours (82.9395%), Wilson 95% 82.7082% to 83.1683%,
    // 99.8% 82.5737% to 83.2992%. England pooled over all 137 providers with type 1 attendances:
    // 12,785,247 / 15,679,998 = 81.5386%, below the 99.8% lower limit: better at 99.8%. The 137
    // NHS trusts with data (RM3 among them), R type 7: 58.3360, 76.9159, 82.4429, 88.8338, 97.3941.
    // Scale: half-width max(81.5386 - 58.3360, 97.3941 - 81.5386) = 23.2025, so RM3 sits at
    // 0.5 + 1.4009 / 46.4051 = 0.530189 of the bar.
    let t1_row = &s.rows[0];
    let t1 = t1_row.figures().unwrap();
    assert_eq!((t1.focus.numerator, t1.focus.denominator), (Some(85188.0), Some(102711.0)));
    close(t1.focus.value, 82.939_509_886_964_4, 1e-9);
    close(t1.focus.ci95.unwrap().lower, 82.708_232_230_151, 1e-6);
    close(t1.focus.ci99_8.unwrap().upper, 83.299_153_363_614, 1e-6);
    close(t1_row.national.as_ref().unwrap().figure.value, 81.538_575_451_348_9, 1e-9);
    assert_eq!(t1.significance, TwoLevelComparison::Better998);
    let d = t1_row.distribution.unwrap();
    assert_eq!(d.organisations, 137);
    close(d.five.min, 58.336_036_959_653_24, 1e-9);
    close(d.five.q1, 76.915_939_511_193_59, 1e-9);
    close(d.five.median, 82.442_897_947_565_24, 1e-9);
    close(d.five.q3, 88.833_776_755_752_24, 1e-9);
    close(d.five.max, 97.394_085_570_469_8, 1e-9);
    assert_eq!((d.worst, d.best), (d.five.min, d.five.max));
    assert_eq!(t1_row.scale.unwrap().centred_on, SpineCentre::National);
    close(t1_row.scale.unwrap().position(t1.focus.value), 0.530_189_249_252_121_4, 1e-9);
    assert_eq!((t1.rank, t1.of), (63, 137));

    // All types: RM3 89,764 / 107,287 = 83.6672% (99.8% to 84.0129%); England over all 239
    // providers 21,850,869 / 24,826,981 = 88.0126%, above it: worse. 162 NHS trusts have data:
    // lowest 69.7488%, highest 100%; RM3 at 0.381037.
    let all_row = &s.rows[1];
    let all = all_row.figures().unwrap();
    close(all.focus.value, 83.667_173_096_460_9, 1e-9);
    close(all_row.national.as_ref().unwrap().figure.value, 88.012_590_012_454_6, 1e-9);
    assert_eq!(all.significance, TwoLevelComparison::Worse998);
    assert_eq!(all_row.distribution.unwrap().organisations, 162);
    close(all_row.distribution.unwrap().five.q1, 83.318_948_914_348_81, 1e-9);
    close(all_row.scale.unwrap().position(all.focus.value), 0.381_037_165_206_439_5, 1e-9);

    // Admissions per 100 type 1 attendances has no better direction: RM3 33,039 / 102,711 =
    // 32.1670, 99.8% from 31.7182; England 4,690,147 / 15,679,998 = 29.9117: higher at 99.8%.
    let adm_row = &s.rows[2];
    let adm = adm_row.figures().unwrap();
    close(adm.focus.value, 32.166_953_880_304_93, 1e-9);
    assert_eq!(adm.significance, TwoLevelComparison::Higher998);
    close(adm_row.distribution.unwrap().five.median, 30.110_390_772_322_47, 1e-9);

    // Type 1 attendances are plain monthly values: RM3's mean is 102,711 / 12 = 8,559.25, with
    // no interval and no national value (plain values do not pool), so the bar centres on the
    // median of the 137 trusts' monthly means, 8,796.25.
    let att_row = &s.rows[3];
    let att = att_row.figures().unwrap();
    close(att.focus.value, 8559.25, 1e-9);
    assert!(att.focus.averaged);
    assert_eq!(att.significance, TwoLevelComparison::NotCompared);
    assert!(att_row.national.is_none());
    assert_eq!(att_row.scale.unwrap().centred_on, SpineCentre::Median);
    close(att_row.scale.unwrap().centre, 8796.25, 1e-9);
    close(att_row.scale.unwrap().position(att.focus.value), 0.493_502_072_299_727_2, 1e-9);

    // RM3 has no type 2 department: a row that says so, still with England (569,292 / 577,803 =
    // 98.5270%) and the spread of the 32 trusts that have one (lowest 91.9757%, highest 100%).
    let t2_row = &s.rows[4];
    let SpineOutcome::Missing { code, message } = &t2_row.outcome else {
        panic!("RM3 has no type 2 attendances: {:?}", s.rows[4].outcome);
    };
    assert_eq!(*code, NoticeCode::FocusHasNoData);
    assert_eq!(message, "RM3 has no data in 2018-04-01 to 2019-03-01");
    close(t2_row.national.as_ref().unwrap().figure.value, 98.527_006_609_519_16, 1e-9);
    let d = t2_row.distribution.unwrap();
    assert_eq!(d.organisations, 32);
    close(d.five.min, 91.975_677_289_755_14, 1e-9);

    // Other departments: RM3 saw all 4,576 within 4 hours (Apr to Dec 2018, 9 months), Wilson
    // 99.8% from 99.7917%, above England's 8,496,330 / 8,569,180 = 99.1499%: better.
    let other_row = &s.rows[5];
    let other = other_row.figures().unwrap();
    assert_eq!(
        (other.focus.numerator, other.focus.denominator, other.focus.periods),
        (Some(4576.0), Some(4576.0), 9)
    );
    close(other.focus.ci99_8.unwrap().lower, 99.791_747_191_220_5, 1e-6);
    assert_eq!(other.significance, TwoLevelComparison::Better998);
    close(other_row.scale.unwrap().position(100.0), 0.563_021_888_119_407_2, 1e-9);

    // All attendances, monthly mean: 107,287 / 12 = 8,940.58.
    close(s.rows[6].figures().unwrap().focus.value, 107_287.0 / 12.0, 1e-9);
    assert!(s.notices.iter().any(|n| n.message.starts_with("1 of 7 metrics have no figures for RM3")));
}

#[test]
fn lower_is_better_flips_the_bar_so_best_is_on_the_right() {
    // The breach rate (100 - 4-hour performance) as a lower-is-better metric: every value is
    // mirrored (100 - v) and the bar flipped back, so the picture is type 1's: RM3 right of
    // England at 0.530189, the best (lowest breach rate) at the right end.
    let mut d = bundled().clone();
    let t1 = d.metric_index(ae::FOUR_HOUR_TYPE1).unwrap();
    let mut breach = d.metrics[t1].clone();
    breach.id = "breach".into();
    breach.polarity = nhs_benchmark::data::Polarity::LowerIsBetter;
    d.metrics.push(breach);
    let new = (d.metrics.len() - 1) as u32;
    let obs = d.observations.clone();
    for i in 0..obs.len() {
        if obs.metric[i] as usize == t1 {
            let (x, n) = (obs.numerator[i].unwrap(), obs.denominator[i].unwrap());
            d.observations.push(obs.org[i], new, obs.period[i], Some(n - x), Some(n), None);
        }
    }
    let focus = d.organisation_index("RM3").unwrap();
    let group = resolve_index(&d, focus, &nhs_benchmark::benchmark::population::nhs_trusts()).unwrap();
    let s = spine(&d, focus, &[new as usize], 24, 35, &group, &BenchmarkChoice::National {}).unwrap();
    let f = s.rows[0].figures().unwrap();
    let (scale, dist) = (s.rows[0].scale.unwrap(), s.rows[0].distribution.unwrap());
    close(f.focus.value, 100.0 - 82.939_509_886_964_4, 1e-9);
    assert!(scale.flipped);
    close(scale.position(f.focus.value), 0.530_189_249_252_121_4, 1e-9);
    // The best trust, RCU at 97.3941% (2.6059% breaches), at 0.5 + 15.8555 / 46.4051 = 0.841676.
    close(scale.position(dist.best), 0.841_676_194_714_549_9, 1e-9);
    assert_eq!(f.significance, TwoLevelComparison::Better998);
    assert_eq!((dist.worst, dist.best), (dist.five.max, dist.five.min));
}

#[test]
fn spine_chart_says_which_metrics_are_better_and_worse() {
    let (_, s) = spine_chart(rm3_spine(), 720.0, 480.0);
    assert_eq!(s.title, "Salford Royal: better than England on 2 of 7 metrics, worse on 1");
    assert!(s.subtitle.starts_with("7 metrics, Apr 2018 to Mar 2019."), "{}", s.subtitle);
    let t = texts(&s);
    for expected in
        ["Salford Royal", "England", "82.9%", "81.5%", "83.7%", "88.0%", "No data", "98.5%", "8,559"]
    {
        assert!(t.contains(&expected), "{expected} missing from {t:?}");
    }
    assert!(t.contains(&"Better (99.8%)") && t.contains(&"Worse (99.8%)") && t.contains(&"Higher (99.8%)"));
    assert!(s.description.starts_with(
        "Spine chart of Salford Royal NHS Foundation Trust (RM3) across 7 metrics, Apr 2018 to Mar 2019"
    ));
    assert!(
        s.description.contains(
            "A&E 4-hour performance, type 1 departments: Salford Royal 82.9% (95% interval 82.7% to 83.2%), \
             England 81.5%; better than England at 99.8%. 137 NHS trusts range from 58.3% (worst) to 97.4% \
             (best), the middle half from 76.9% to 88.8%."
        ),
        "{}",
        s.description
    );
    assert!(
        s.description.contains("type 2 (single-specialty) departments: no data, RM3 has no data in 2018-04-01 to 2019-03-01, England 98.5%."),
        "{}",
        s.description
    );
    // The markers: two filled green triangles up, one red down, one blue up, two grey squares.
    let markers: Vec<(Shape, String)> = s
        .marks
        .iter()
        .filter_map(|m| match m {
            Mark::Marker { shape, fill, size, .. } if *size == 13.0 => Some((*shape, fill.css())),
            _ => None,
        })
        .collect();
    assert_eq!(
        markers,
        [
            (Shape::TriangleUp, "#007f3b".to_string()),
            (Shape::TriangleDown, "#d5281b".to_string()),
            (Shape::TriangleUp, "#005eb8".to_string()),
            (Shape::Square, "#768692".to_string()),
            (Shape::TriangleUp, "#007f3b".to_string()),
            (Shape::Square, "#768692".to_string()),
        ]
    );
    assert!(s.warnings.iter().any(|w| w.contains("no national value, so its bar is centred on the median")));
}

#[test]
fn spine_items_are_rows_with_the_figures_in_their_tooltips() {
    let chart = common::session(
        r#"{"view": "spine", "focus": "RM3", "period": {"from": "2018-04-01", "to": "2019-03-01"}}"#,
    )
    .tap_layout();
    let s = chart.scene().unwrap();
    assert_eq!(s.items.len(), 7);
    assert!(s.items.windows(2).all(|w| w[0].hit.y + w[0].hit.h <= w[1].hit.y + 1e-9), "rows top to bottom");
    let t1 = &s.items[0];
    assert_eq!(t1.key, ae::FOUR_HOUR_TYPE1);
    let t1_tooltip = chart.words(0).tooltip;
    let tip: Vec<(&str, &str)> = t1_tooltip.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(tip[1], ("Salford Royal", "82.9%"));
    assert_eq!(tip[2], ("95% interval", "82.7% to 83.2%"));
    assert_eq!(tip[3], ("99.8% interval", "82.6% to 83.3%"));
    assert_eq!(tip[4], ("Count", "85,188 of 102,711"));
    assert_eq!(tip[5], ("Compared with England", "Better than England at 99.8%"));
    assert_eq!(tip[6], ("Rank", "63 of 137"));
    assert_eq!(tip[7], ("England", "81.5%"));
    assert!(tip.contains(&("Middle half", "76.9% to 88.8%")), "{tip:?}");
    let att = chart.words(3).tooltip;
    assert!(att.iter().any(|(_, v)| v == "8,559 attendances (mean of 12 periods)"), "{att:?}");
    assert!(att.contains(&("Bar centred on".into(), "the median (no national value)".into())));
    let missing = chart.words(4).summary;
    assert!(missing.contains("no data"), "{missing}");
    // The table has every metric, the missing one included.
    let table = chart.table().unwrap();
    assert_eq!(table.rows.len(), 7);
    assert_eq!(table.rows[0][3], "85188");
    assert_eq!(table.rows[0][5], "82.94");
    assert_eq!(table.rows[0][10], "81.54");
    assert_eq!(table.rows[0][12], "Better than England at 99.8%");
    assert_eq!(table.rows[4][5], "");
    assert_eq!(table.rows[4][19], "No data: RM3 has no data in 2018-04-01 to 2019-03-01");
    assert_eq!(table.rows[4][13], "32");
    assert_items_hit_themselves(s);
    assert_marks_inside(s);
}

#[test]
fn keyboard_walks_the_spine_row_by_row() {
    let mut chart = common::session(
        r#"{"view": "spine", "focus": "RM3", "period": {"from": "2018-04-01", "to": "2019-03-01"}}"#,
    );
    chart.layout(720.0, 480.0, &ApproxMeasure).unwrap();
    let e = chart.input(Input::Focus);
    assert_eq!(chart.state().focus, Some(0));
    assert!(
        e.announce.unwrap().starts_with("A&E 4-hour performance, type 1 departments: Salford Royal 82.9%")
    );
    let e = chart.input(Input::Key(Key::Next));
    assert_eq!(chart.state().focus, Some(1));
    assert!(e.announce.unwrap().contains("worse than England at 99.8%"));
}

#[test]
fn spine_chart_grows_to_fit_its_rows_and_reflows_to_320_pixels() {
    let spine = rm3_spine();
    let (_, short) = spine_chart(spine.clone(), 720.0, 300.0);
    assert!(short.height > 300.0, "seven rows do not fit in 300 px: {}", short.height);
    assert!(short.items.iter().all(|i| i.hit.h >= 30.0));
    let (_, narrow) = spine_chart(spine, 320.0, 480.0);
    assert_eq!(narrow.width, 320.0);
    assert!(narrow.height > 480.0, "titles above their bars need more height: {}", narrow.height);
    assert!(narrow.plot.x + narrow.plot.w <= 320.0 - 16.0 + 1e-9);
    assert_items_hit_themselves(&narrow);
    assert_marks_inside(&narrow);
}

#[test]
fn a_spine_against_the_exemplars_median_judges_against_it() {
    // RM3 type 1 against the exemplars' median without RM3 (RA7, 98,781 / 117,446 = 84.1076%),
    // above RM3's 99.8% upper limit 83.2992%: worse, while the centre line stays England.
    let d = bundled();
    let focus = d.organisation_index("RM3").unwrap();
    let group = resolve_index(d, focus, &PeerGroupSpec::All {}).unwrap();
    let t1 = d.metric_index(ae::FOUR_HOUR_TYPE1).unwrap();
    let s = spine(d, focus, &[t1], 24, 35, &group, &BenchmarkChoice::ExemplarMedian {}).unwrap();
    let f = s.rows[0].figures().unwrap();
    close(f.benchmark.value.unwrap(), 84.107_589_871_089_6, 1e-6);
    assert_eq!(f.significance, TwoLevelComparison::Worse998);
    assert_eq!(s.rows[0].scale.unwrap().centred_on, SpineCentre::National);
    let c = compare_resolved(d, t1, 24, 35, &group, &BenchmarkChoice::ExemplarMedian {}, None).unwrap();
    assert_eq!(c.significance, f.significance, "the spine row is the comparison's");
    let (_, scene) = spine_chart(s, 720.0, 480.0);
    assert_eq!(scene.title, "Salford Royal: better than Exemplars' median on 0 of 1 metric, worse on 1");
}

// ---------------------------------------------------------------------------------------------
// Opportunity

/// `focus` among the Global Digital Exemplars for `metric`, April 2018 to March 2019, against
/// their median.
fn among_exemplars(focus: &str, metric: &str) -> PeerComparison {
    compare_with_peers(
        bundled(),
        &ComparisonRequest {
            focus: focus.into(),
            metric: metric.into(),
            from: Some("2018-04-01".into()),
            to: Some("2019-03-01".into()),
            peers: PeerGroupSpec::Exemplars {},
            benchmark: BenchmarkChoice::PeerMedian {},
            rank: None,
        },
    )
    .unwrap()
}

/// The comparison's opportunities, as the opportunity view computes them.
fn opportunities(c: &PeerComparison) -> Vec<nhs_benchmark::benchmark::opportunity::Opportunity> {
    let f = &c.focus_point().figure;
    of_comparison(c, f.value, f.ci95).0
}

/// The opportunity view's model of a comparison, with a what-if when given.
fn model(comparison: PeerComparison, what_if: Option<f64>) -> OpportunityModel {
    OpportunityModel::new(comparison, what_if, "other Global Digital Exemplars".into()).unwrap()
}

/// The opportunity chart of `model` at `width` x `height`, as the opportunity view draws it.
fn opportunity_chart(model: &OpportunityModel, width: f64, height: f64) -> Scene {
    model.scene(&ViewOptions { width, height, title: None, source: ae::ATTRIBUTION.into() }, &ApproxMeasure)
}

#[test]
fn rm3_opportunity_against_the_exemplars_matches_sums_over_the_csv() {
    // The 11 other exemplars' type 1 performance, sorted: RQ6 69.3568, RBL 70.3438, RRK 73.0354,
    // RHM 81.8190, RLN 82.4429, RA7 84.1076, RTH 84.9159, RAL 85.1649, RBA 88.8718, RGR 90.0161,
    // RC9 97.2792. Type 7 median: the 6th, RA7 98,781 / 117,446 = 84.1076%; upper quartile at
    // position 1 + 10 x 0.75 = 8.5, halfway from RAL to RBA: 87.0184%.
    // RM3 82.9395% (95% 82.7082% to 83.1683%) on 102,711 attendances:
    // median: (84.1076 - 83.1683, - 82.9395, - 82.7082) x 1,027.11 = 964.7, 1,199.7, 1,437.3;
    // best quartile: (87.0184 - ...) x 1,027.11 = 3,954.4, 4,189.4, 4,427.0.
    let c = among_exemplars("RM3", ae::FOUR_HOUR_TYPE1);
    let opps = opportunities(&c);
    let median = opps.iter().find(|o| o.target == OpportunityTarget::PeerMedian).unwrap();
    close(median.target_value, 84.107_589_871_089_69, 1e-9);
    let v = median.volume.unwrap();
    close(v.low, 964.729_659_174_802_9, 1e-6);
    close(v.central, 1_199.746_632_494_921, 1e-6);
    close(v.high, 1_437.294_226_584_289, 1e-6);
    let best = opps.iter().find(|o| o.target == OpportunityTarget::BestQuartile).unwrap();
    close(best.target_value, 87.018_363_023_129_07, 1e-9);
    let v = best.volume.unwrap();
    close(v.low, 3_954.413_871_365_973, 1e-6);
    close(v.central, 4_189.430_844_686_092, 1e-6);
    close(v.high, 4_426.978_438_775_459, 1e-6);
}

#[test]
fn opportunity_chart_gives_the_volume_range_the_sentences_and_the_caveat() {
    let c = among_exemplars("RM3", ae::FOUR_HOUR_TYPE1);
    let s = opportunity_chart(&model(c.clone(), None), 720.0, 480.0);
    assert_eq!(
        s.title,
        "At the median of the other Global Digital Exemplars (84.1%), Salford Royal would have had 1,200 more \
         attendances seen within 4 hours (965 to 1,437)"
    );
    assert!(
        s.subtitle.starts_with(
            "A&E 4-hour performance, type 1 departments, Apr 2018 to Mar 2019, against 11 other Global Digital \
             Exemplars. Each bar runs"
        ),
        "{}",
        s.subtitle
    );
    let t = texts(&s);
    for expected in [
        "To the median of the other Global Digital Exemplars (84.1%)",
        "1,200 (965 to 1,437)",
        "4,189 (3,954 to 4,427)",
        "More attendances seen within 4 hours",
        "0",
        "5,000",
    ] {
        assert!(t.contains(&expected), "{expected} missing from {t:?}");
    }
    // The analysis's own sentence is printed under its bar (wrapped), and the caveat is there.
    let joined = t.join(" ");
    assert!(joined.contains(&opportunities(&c)[0].sentence), "{joined}");
    assert!(joined.contains("Not additive: the two targets are alternatives"), "{joined}");
    assert!(s.description.contains("Opportunities are not added up"), "{}", s.description);
    // One bar per target, low to high on the same axis: 0 to 5,000 over the plot's width.
    let bars: Vec<(f64, f64)> = s
        .marks
        .iter()
        .filter_map(|m| match m {
            Mark::Rect { x, w, h, stroke: Some(_), .. } if *h == 20.0 => Some((*x, *w)),
            _ => None,
        })
        .collect();
    assert_eq!(bars.len(), 2);
    let ratio = bars[1].1 / bars[0].1;
    // (4,427.0 - 3,954.4) / (1,437.3 - 964.7): both ranges are the interval's width, 472.6.
    close(ratio, 1.0, 1e-9);
}

#[test]
fn opportunity_items_carry_gap_volume_and_a_what_if() {
    // What if RM3 were at 84.0%: 86,277.24 of 102,711, (84.0 - 82.9395) x 1,027.11 = 1,089.2 more.
    // Its Wilson 95% interval 83.7745% to 84.2229% contains the median 84.1076, so what is left
    // is 0 to 342.1 (central 110.5); to the best quartile 2,871.2 to 3,331.8 (central 3,100.2).
    let chart = common::session(
        r#"{"view": "opportunity", "focus": "RM3", "peers": {"kind": "exemplars"},
            "benchmark": {"kind": "peerMedian"}, "period": {"from": "2018-04-01", "to": "2019-03-01"},
            "whatIf": 84}"#,
    )
    .tap_layout();
    let s = chart.scene().unwrap();
    assert_eq!(s.items.len(), 2);
    assert_eq!((s.items[0].key.as_str(), s.items[1].key.as_str()), ("peerMedian", "bestQuartile"));
    let tooltip = chart.words(0).tooltip;
    let tip: Vec<(&str, &str)> = tooltip.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(tip[0], ("Target", "The median of the other Global Digital Exemplars (84.1%)"));
    assert_eq!(tip[1], ("Salford Royal", "82.9%, 95% interval 82.7% to 83.2%"));
    assert_eq!(tip[2], ("Gap", "1.17 percentage points (0.94 to 1.40)"));
    assert_eq!(tip[3], ("Volume", "1,200 more attendances seen within 4 hours (965 to 1,437)"));
    assert_eq!(tip[4], ("Denominator", "102,711"));
    assert_eq!(tip[5].0, "Beyond the 95% interval");
    assert_eq!(
        tip[6],
        (
            "What if 84.0%",
            "1,089 more attendances seen within 4 hours; left to reach it: 111 more attendances seen within \
             4 hours (0 to 342)"
        )
    );
    assert!(s.subtitle.contains("The dashed line is what 84.0% would add: 1,089 more"), "{}", s.subtitle);
    assert!(s.description.contains("What if Salford Royal were at 84.0%: 1,089 more"), "{}", s.description);
    let table = chart.table().unwrap();
    assert_eq!(table.rows.len(), 2);
    assert_eq!(table.columns[11], "Volume left if 84.0000");
    assert_eq!(table.rows[0][7], "1199.7");
    assert_eq!(table.rows[0][11], "110.5");
    assert_eq!(table.rows[1][11], "3100.2");
    assert_items_hit_themselves(s);
    assert_marks_inside(s);
    // The what-if line crosses both bars at 1,089.2 on the 0 to 5,000 axis.
    let dashed: Vec<f64> = s
        .marks
        .iter()
        .filter_map(|m| match m {
            Mark::Line { x1, y1, stroke, .. }
                if stroke.dash.is_some() && stroke.color.css() == "#330072" && s.plot.contains(*x1, *y1) =>
            {
                Some(*x1)
            }
            _ => None,
        })
        .collect();
    assert_eq!(dashed.len(), 2, "one across each bar, not the legend's: {dashed:?}");
    let (x0, x5000) = (s.items[0].hit.x + 8.0, s.items[0].hit.x + s.items[0].hit.w - 20.0);
    close(dashed[0], x0 + 1_089.24 / 5000.0 * (x5000 - x0), 1e-6);
}

#[test]
fn a_trust_already_beating_both_targets_is_told_so_not_shown_an_empty_chart() {
    // RC9 (Luton and Dunstable, 97.28%) is the best exemplar: the other 11 (RM3 now among them)
    // have median RM3's 82.9395% and upper quartile halfway from RTH (84.9159%) to RAL
    // (85.1649%), 85.0404%, both below.
    let c = among_exemplars("RC9", ae::FOUR_HOUR_TYPE1);
    close(opportunities(&c)[0].target_value, 82.939_509_886_964_4, 1e-9);
    close(opportunities(&c)[1].target_value, 85.040_419_341_985_49, 1e-9);
    assert!(opportunities(&c).iter().all(|o| o.gap.central == 0.0));
    let m = model(c.clone(), None);
    let s = opportunity_chart(&m, 720.0, 480.0);
    assert!(s.title.contains("is already at or better than the median and the best quartile"), "{}", s.title);
    let t = texts(&s);
    // 97.2792 - 82.9395 = 14.34 and 97.2792 - 85.0404 = 12.24 percentage points ahead.
    assert!(t.contains(&"97.3%: 14.34 percentage points better than the target"), "{t:?}");
    assert!(t.contains(&"97.3%: 12.24 percentage points better than the target"), "{t:?}");
    assert!(t.contains(&"At or better than the peer median (82.9): no opportunity."), "{t:?}");
    assert!(
        s.subtitle.ends_with("at or better than every target: there is no gap to close."),
        "{}",
        s.subtitle
    );
    assert!(!t.contains(&"Low to high"), "no bars, so no legend for them");
    assert_eq!(s.items.len(), 2);
    let summary = m.words(&s, 0).summary;
    assert!(summary.contains("already at or better than the median"), "{summary}");
    assert_items_hit_themselves(&s);
    assert_marks_inside(&s);
}

#[test]
fn a_metric_with_no_better_direction_says_why_there_is_no_opportunity() {
    let c = among_exemplars("RM3", ae::ADMISSIONS_PER_100_TYPE1);
    assert!(opportunities(&c).is_empty());
    let m = model(c.clone(), None);
    let s = opportunity_chart(&m, 720.0, 480.0);
    assert_eq!(
        s.title,
        "No opportunity is given for Salford Royal on Emergency admissions via type 1 A&E per 100 attendances"
    );
    assert!(texts(&s).iter().any(|t| t.starts_with("No opportunity: no opportunity is given for a metric")));
    assert!(s.items.is_empty());
    assert!(m.table(&s).rows.is_empty());
}

#[test]
fn opportunity_chart_reflows_to_320_pixels() {
    let c = among_exemplars("RM3", ae::FOUR_HOUR_TYPE1);
    let s = opportunity_chart(&model(c.clone(), Some(84.0)), 320.0, 480.0);
    assert_eq!(s.width, 320.0);
    assert!(s.height > 480.0, "the wrapped sentences need more height: {}", s.height);
    assert_items_hit_themselves(&s);
    assert_marks_inside(&s);
}

/// A synthetic dataset: `orgs` organisations x `metrics` proportions x one period, counts from a
/// SplitMix64 stream (seeded, so every run is the same).
fn synthetic(orgs: usize, metrics: usize) -> Dataset {
    use nhs_benchmark::data::{Metric, MetricKind, Observations, Organisation, Polarity};
    let mut state: u64 = 0x5eed;
    let mut next = move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) >> 11
    };
    let mut observations = Observations::default();
    for m in 0..metrics as u32 {
        for o in 0..orgs as u32 {
            let n = 1000.0 + (next() % 9000) as f64;
            let x = (n * (0.6 + (next() % 3500) as f64 / 10_000.0)).round();
            observations.push(o, m, 0, Some(x), Some(n), None);
        }
    }
    Dataset {
        organisations: (0..orgs)
            .map(|i| Organisation {
                code: format!("R{i:04}"),
                name: format!("Trust {i}"),
                attributes: Default::default(),
            })
            .collect(),
        metrics: (0..metrics)
            .map(|i| Metric {
                id: format!("m{i}"),
                title: format!("Metric {i}"),
                unit: "%".into(),
                kind: MetricKind::Proportion,
                polarity: if i % 2 == 0 { Polarity::HigherIsBetter } else { Polarity::LowerIsBetter },
                multiplier: 100.0,
                source: String::new(),
                target: None,
            })
            .collect(),
        periods: vec!["2019-01".into()],
        observations,
        ..Dataset::default()
    }
}

/// Measures a spine over many metrics. Run with
/// `cargo test --release --test spine -- --ignored --nocapture`.
#[test]
#[ignore]
fn measure_a_spine_of_one_thousand_metrics_over_one_thousand_organisations() {
    let d = synthetic(1000, 1000);
    let group = resolve_index(&d, 0, &PeerGroupSpec::All {}).unwrap();
    let metrics: Vec<usize> = (0..1000).collect();
    let mut times = Vec::new();
    for _ in 0..3 {
        let start = std::time::Instant::now();
        let s = spine(&d, 0, &metrics, 0, 0, &group, &BenchmarkChoice::National {}).unwrap();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(s.rows.len(), 1000);
    }
    times.sort_by(f64::total_cmp);
    println!("spine, 1,000 metrics x 1,000 organisations: median {:.1} ms", times[1]);
    let s = spine(&d, 0, &metrics[..30], 0, 0, &group, &BenchmarkChoice::National {}).unwrap();
    let start = std::time::Instant::now();
    let (_, scene) = spine_chart(s, 720.0, 480.0);
    println!("spine chart of 30 metrics: {:.2} ms", start.elapsed().as_secs_f64() * 1000.0);
    assert_eq!(scene.items.len(), 30);
}

#[test]
fn a_spine_of_a_fingertips_export_uses_the_published_intervals_and_puts_the_worst_on_the_left() {
    // Two indicators with published values and intervals; indicator 2's rows come first, so
    // indicator 1's published intervals belong to rows 4 to 7 of the file, not 0 to 3.
    let header = "Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,\
Category Type,Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,Lower CI 99.8 limit,\
Upper CI 99.8 limit,Count,Denominator,Value note,Recent Trend,Compared to England value or percentiles,\
Compared to Region value or percentiles,Time period Sortable,New data,Compared to goal\n";
    let rows = "\
2,Rate,,,E92000001,England,England,Persons,All ages,,,2019,50,49,51,48,52,5000,10000000,,,,,20190000,,\n\
2,Rate,E12000001,North East region,E06000001,Hartlepool,County & UA,Persons,All ages,,,2019,40,36,44,34,46,37,92000,,,Better,,20190000,,\n\
2,Rate,E12000001,North East region,E06000002,Middlesbrough,County & UA,Persons,All ages,,,2019,55,49,61,46,65,61,111000,,,Similar,,20190000,,\n\
2,Rate,E12000001,North East region,E06000003,Redcar,County & UA,Persons,All ages,,,2019,52,46,59,43,63,45,87000,,,Similar,,20190000,,\n\
1,DSR,,,E92000001,England,England,Persons,All ages,,,2019,100,99,101,98,102,50000,50000000,,,,,20190000,,\n\
1,DSR,E12000001,North East region,E06000001,Hartlepool,County & UA,Persons,All ages,,,2019,131,118,145,111,153,120,92000,,,Worse,,20190000,,\n\
1,DSR,E12000001,North East region,E06000002,Middlesbrough,County & UA,Persons,All ages,,,2019,90,80,101,75,107,100,111000,,,Similar,,20190000,,\n\
1,DSR,E12000001,North East region,E06000003,Redcar,County & UA,Persons,All ages,,,2019,104,90,119,85,125,90,87000,,,Similar,,20190000,,\n";
    let d = nhs_benchmark::data::fingertips::load("two.csv", &format!("{header}{rows}"), &[], &mut |_, _| {})
        .unwrap();
    let s = spine_from_request(
        &d,
        &SpineRequest {
            focus: "E06000001".into(),
            metrics: vec!["1".into(), "2".into()],
            from: None,
            to: None,
            peers: PeerGroupSpec::All {},
            benchmark: BenchmarkChoice::National {},
        },
    )
    .unwrap();
    // Indicator 1: Hartlepool 131 (99.8% 111 to 153) against England's row, 100: worse. The
    // three areas 90, 104, 131 (type 7 quartiles 97 and 117.5); half-width max(100 - 90,
    // 131 - 100) = 31, so 131 sits at 0.5 + 31 / 62 = 1, flipped (lower is better) to 0: the
    // worst, at the left end.
    let row = &s.rows[0];
    let f = row.figures().unwrap();
    assert_eq!(f.focus.interval_source, Some(nhs_benchmark::benchmark::compare::IntervalSource::Published));
    assert_eq!(f.focus.ci99_8.map(|c| (c.lower, c.upper)), Some((111.0, 153.0)));
    assert_eq!(f.significance, TwoLevelComparison::Worse998);
    let d1 = row.distribution.unwrap();
    assert_eq!(
        (d1.five.min, d1.five.q1, d1.five.median, d1.five.q3, d1.five.max),
        (90.0, 97.0, 104.0, 117.5, 131.0)
    );
    assert_eq!((d1.worst, d1.best), (131.0, 90.0));
    let scale = row.scale.unwrap();
    assert_eq!((scale.centre, scale.half_width, scale.flipped), (100.0, 31.0, true));
    assert_eq!(scale.position(131.0), 0.0);
    // Indicator 2: Hartlepool 40 (99.8% 34 to 46) below England's 50, lower being better: better.
    let f2 = s.rows[1].figures().unwrap();
    assert_eq!(f2.focus.ci95.map(|c| (c.lower, c.upper)), Some((36.0, 44.0)));
    assert_eq!(f2.significance, TwoLevelComparison::Better998);
    let (_, scene) = spine_chart(s, 720.0, 400.0);
    assert_eq!(scene.title, "Hartlepool: better than England on 1 of 2 metrics, worse on 1");
    assert_items_hit_themselves(&scene);
}

#[test]
fn significance_at_95_percent_only_draws_a_hollow_marker() {
    // Leeds (RR8), type 1: 165,416 of 203,308 = 81.3623%, Wilson 95% upper 81.5309% just below
    // England's 81.5386%, 99.8% upper 81.6277% above it: worse at 95% only.
    let d = bundled();
    let focus = d.organisation_index("RR8").unwrap();
    let group = resolve_index(d, focus, &nhs_benchmark::benchmark::population::nhs_trusts()).unwrap();
    let metrics: Vec<usize> = METRICS.iter().map(|m| d.metric_index(m).unwrap()).collect();
    let s = spine(d, focus, &metrics, 24, 35, &group, &BenchmarkChoice::National {}).unwrap();
    let f = s.rows[0].figures().unwrap();
    close(f.focus.value, 81.362_268_085_859_88, 1e-9);
    close(f.focus.ci95.unwrap().upper, 81.530_944_529_811_46, 1e-6);
    assert_eq!(f.significance, TwoLevelComparison::Worse95);
    let (model, scene) = spine_chart(s, 720.0, 480.0);
    let first = scene
        .marks
        .iter()
        .find_map(|m| match m {
            Mark::Marker { shape, fill, stroke, size, .. } if *size == 13.0 => {
                Some((*shape, fill.css(), *stroke))
            }
            _ => None,
        })
        .unwrap();
    assert_eq!((first.0, first.1.as_str()), (Shape::TriangleDown, "#ffffff"));
    assert_eq!(first.2.unwrap().color.css(), "#d5281b");
    assert!(texts(&scene).contains(&"Worse (95% only)"));
    let summary = model.words(&scene, 0).summary;
    assert!(summary.contains("worse than England at 95% (not at 99.8%)"), "{summary}");
}
