//! The SPC, funnel and distribution views on the bundled real A&E data: the numbers they show
//! (checked against sums done independently of the engine, in Python over the CSV), the words
//! (title, subtitle, description, table), hit-testing on the scene, and an SVG snapshot of each.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{Laid, session};
use nhs_benchmark::benchmark::funnel::{FunnelModel, FunnelSignificance};
use nhs_benchmark::benchmark::selection::Selection;
use nhs_benchmark::benchmark::series::{
    self, AssuranceIcon, PointType, SeriesModel, SpecialCause, VariationIcon,
};
use nhs_benchmark::benchmark::{distribution::Quarter, funnel};
use nhs_benchmark::chart::interaction::{HitGrid, Input, Key};
use nhs_benchmark::chart::scene::{Mark, Scene};
use nhs_benchmark::chart::text::ApproxMeasure;
use nhs_benchmark::data::{Dataset, ae};
use nhs_benchmark::session::Session;
use nhs_benchmark::spec::{self, Periods};
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

/// The chart a spec draws at 720 x 480 through the real session, as a page shows it.
fn scene_of(spec: &str) -> Scene {
    laid_out(spec).scene().unwrap().clone()
}

/// The session of [`scene_of`], for the words and table it builds when asked.
fn laid_out(spec: &str) -> Session {
    let mut s = session(spec);
    s.layout(720.0, 480.0, &ApproxMeasure).unwrap_or_else(|e| panic!("{spec}: {e}"));
    s
}

/// The model the spec's view computes, from the selection the spec resolves to.
fn selection<'a>(d: &'a Dataset, spec: &str, periods: Periods) -> (Selection<'a>, spec::Spec) {
    let spec = spec::parse(spec).unwrap();
    let choice = spec.indicator_choice(d, periods).unwrap();
    (Selection::new(d, choice).unwrap(), spec)
}

fn texts(s: &Scene) -> Vec<&str> {
    s.marks
        .iter()
        .filter_map(|m| if let Mark::Text { text, .. } = m { Some(text.as_str()) } else { None })
        .collect()
}

/// Every item's anchor lies in the plot and hits that item (or, where two anchors coincide, an
/// item at the same spot); the title area hits nothing.
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

// ---------------------------------------------------------------------------------------------
// SPC

const RM3_SPC: &str = r#"{"view": "spc", "focus": "RM3"}"#;
const RRK_REBASED: &str = r#"{"view": "spc", "focus": "RRK", "spc": {"rebase": ["2018-07-01"]}}"#;

/// A trust's monthly type 1 4-hour performance (%) and its XmR chart, as the SPC view makes them.
fn series_of(d: &Dataset, spec: &str) -> SeriesModel {
    let (s, spec) = selection(d, spec, Periods::All);
    series::model(&s, &spec.series_options()).unwrap()
}

#[test]
fn rm3_monthly_series_has_36_points_matching_the_csv() {
    // Python over the CSV: RM3 type 1, Apr 2016 7,997 attendances and 587 breaches (92.6597%),
    // Mar 2019 9,286 and 1,537 (83.4482%).
    let m = series_of(&bundled(), RM3_SPC);
    let (periods, values) = (m.periods, m.values);
    assert_eq!(values.len(), 36);
    assert_eq!((periods[0].as_str(), periods[35].as_str()), ("2016-04-01", "2019-03-01"));
    assert!((values[0] - 92.659_747_405_276_97).abs() < 1e-9, "{}", values[0]);
    assert!((values[35] - 83.448_201_593_797_11).abs() < 1e-9, "{}", values[35]);
}

#[test]
fn rm3_spc_chart_shows_the_winter_2019_concern_and_a_hit_and_miss_target() {
    // Python: mean 84.6911, mean moving range 4.7071 (none screened), limits 72.1703 to 97.2119;
    // Jan 2019 (71.2%) is below the lower limit; the 95% target lies inside the limits.
    let input = series_of(&bundled(), RM3_SPC);
    let r = &input.result;
    assert!((r.mean[0] - 84.691_087_779_295_73).abs() < 1e-9);
    assert!((r.lpl[0] - 72.170_313_461_710_45).abs() < 1e-9);
    assert!((r.upl[0] - 97.211_862_096_881).abs() < 1e-9);
    assert_eq!(r.special_cause[33], Some(SpecialCause::BelowLowerLimit));
    assert_eq!(r.point_type[33], PointType::SpecialCauseConcern);
    assert_eq!(r.assurance_icon, Some(AssuranceIcon::Inconsistent));
    let s = scene_of(RM3_SPC);
    assert_eq!(
        s.title,
        format!(
            "Salford Royal: {} in Mar 2019 (83.4%); hit and miss against the 95% target",
            match r.variation_icon {
                VariationIcon::CommonCause => "common cause variation",
                _ => "special cause variation",
            }
        )
    );
    assert!(
        s.subtitle.starts_with("A&E 4-hour performance, type 1 departments, Apr 2016 to Mar 2019, 36 points")
    );
    assert!(s.subtitle.contains("Making Data Count"), "{}", s.subtitle);
    assert!(s.description.contains("Salford Royal NHS Foundation Trust (RM3)"), "{}", s.description);
    assert!(s.description.contains("process limits 72.2% to 97.2%"), "{}", s.description);
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    let t = texts(&s);
    for expected in ["Mean 84.7%", "Upper limit 97.2%", "Lower limit 72.2%", "Target 95%", "Apr 2016"] {
        assert!(t.contains(&expected), "{expected} missing from {t:?}");
    }
    assert!(t.iter().any(|x| x.starts_with("Hit and miss")), "the assurance icon's words: {t:?}");
    assert!(t.iter().any(|x| x.starts_with("Source: NHS England")), "{t:?}");
}

#[test]
fn rm3_spc_items_carry_period_value_limits_and_the_rule() {
    let chart = session(RM3_SPC).tap_layout();
    let s = chart.scene().unwrap();
    assert_eq!(s.items.len(), 36);
    let jan = &s.items[33];
    assert_eq!((jan.key.as_str(), jan.label.as_str()), ("2019-01-01", "Jan 2019"));
    let words = chart.words(33);
    let tip: Vec<(&str, &str)> = words.tooltip.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(tip[0], ("Period", "Jan 2019"));
    assert_eq!(tip[2], ("Mean", "84.7%"));
    assert_eq!(tip[3], ("Process limits", "72.2% to 97.2%"));
    assert_eq!(tip[4], ("Variation", "Special cause concern"));
    assert_eq!(tip[5], ("Rule", "below the lower process limit"));
    assert!(words.summary.starts_with("Jan 2019: 71.2%, special cause concern"), "{}", words.summary);
    let table = chart.table().unwrap();
    assert_eq!(table.rows.len(), 36);
    assert_eq!(table.columns[1], "Value (%)");
    assert_eq!(table.rows[33][0], "Jan 2019");
    assert_eq!(table.rows[33][6], "below the lower process limit");
    assert_items_hit_themselves(s);
}

#[test]
fn rebasing_rrk_at_its_july_2018_merger_gives_the_new_trust_its_own_trial_limits() {
    // RRK's type 1 attendances jump from about 10,000 to 32,000 a month in Jul 2018 (index 27).
    // Python: one segment has limits 71.90 to 87.82 with Jan and Feb 2019 below; rebased, the
    // first 27 points have their own mean and the last 9 get trial limits.
    let d = bundled();
    let single = series_of(&d, r#"{"view": "spc", "focus": "RRK"}"#);
    assert!((single.result.lpl[0] - 71.898_965_542_019).abs() < 1e-9);
    let rebased = series_of(&d, RRK_REBASED);
    let r = &rebased.result;
    assert_eq!(r.segments.len(), 2);
    assert!(r.segments[1].trial_limits);
    assert!(r.mean[26] > r.mean[27] + 5.0, "{} vs {}", r.mean[26], r.mean[27]);
    let chart = session(RRK_REBASED).tap_layout();
    let s = chart.scene().unwrap();
    assert!(s.subtitle.contains("recalculated from Jul 2018"), "{}", s.subtitle);
    assert!(s.description.contains("in 2 segments"), "{}", s.description);
    assert_eq!(s.warnings.len(), 1);
    assert!(s.warnings[0].contains("only 9 points"), "{:?}", s.warnings);
    assert!(texts(s).contains(&"Rebased Jul 2018"));
    assert!(texts(s).iter().any(|t| t.starts_with("Upper limit") && t.ends_with("(trial)")));
    let table = chart.table().unwrap();
    assert_eq!(table.rows[26][7], "1");
    assert_eq!(table.rows[27][7], "2");
    let tooltip = chart.words(30).tooltip;
    assert!(tooltip[3].1.ends_with("(trial limits)"), "{tooltip:?}");
    // Each segment draws its own mean line: two solid horizontal lines in the plot (the legend's
    // sample line is above the plot).
    let mean_lines = s
        .marks
        .iter()
        .filter(|m| matches!(m, Mark::Line { x1, y1, y2, stroke, .. } if s.plot.contains(*x1, *y1) && y1 == y2 && stroke.width == 1.5 && stroke.dash.is_none()))
        .count();
    assert_eq!(mean_lines, 2);
    assert_items_hit_themselves(s);
}

#[test]
fn keyboard_walks_the_spc_chart_month_by_month_and_speaks_each_point() {
    let mut chart = session(RM3_SPC);
    chart.layout(720.0, 480.0, &ApproxMeasure).unwrap();
    let e = chart.input(Input::Focus);
    assert_eq!(chart.state().focus, Some(0));
    assert!(e.announce.unwrap().starts_with("Apr 2016: 92.7%, common cause variation"));
    let e = chart.input(Input::Key(Key::Last));
    assert_eq!((chart.state().focus, e.tooltip), (Some(35), Some(35)));
    assert!(e.announce.unwrap().starts_with("Mar 2019: 83.4%"));
    let e = chart.input(Input::Key(Key::Activate));
    assert_eq!(e.selected.as_deref(), Some("2019-03-01"));
}

#[test]
fn spc_chart_reflows_to_320_pixels_without_margin_labels() {
    let s = scene_of(r#"{"view": "spc", "focus": "RM3", "width": 320, "height": 520}"#);
    assert_eq!(s.width, 320.0);
    assert!(!texts(&s).contains(&"Mean 84.7%"), "no room for line labels at 320 px");
    assert!(s.plot.x + s.plot.w <= 320.0 - 16.0 + 1e-9);
    assert_items_hit_themselves(&s);
}

// ---------------------------------------------------------------------------------------------
// Funnel

/// Greater Manchester's other acute trusts (ODS STP Q83), the peers of Salford Royal (RM3).
const GREATER_MANCHESTER: [&str; 6] = ["R0A", "RMC", "RMP", "RRF", "RW6", "RWJ"];

/// Salford Royal among every NHS trust, its Greater Manchester peers ringed: type 1 4-hour
/// performance over the latest 12 months.
fn funnel_spec(view: &str) -> String {
    let codes: Vec<String> = GREATER_MANCHESTER.iter().map(|c| format!("\"{c}\"")).collect();
    format!(
        r#"{{"view": "{view}", "focus": "RM3", "peers": {{"kind": "list", "name": "Greater Manchester", "codes": [{}]}}}}"#,
        codes.join(", ")
    )
}

fn funnel_model(d: &Dataset) -> FunnelModel {
    funnel::model(&selection(d, &funnel_spec("funnel"), Periods::Latest(12)).0).unwrap()
}

#[test]
fn funnel_baseline_and_significance_match_sums_over_the_csv() {
    // Python over the CSV, type 1, Apr 2018 to Mar 2019, the 137 trusts: 12,785,247 of 15,679,998
    // within 4 hours (81.5386%). With p0 ± z·√(p0(1-p0)/n): 74 above 99.8%, 1 above 95% only, 5
    // inside, 1 below 95% only, 56 below 99.8%. RM3 (85,188 of 102,711) is above 99.8%.
    let f = funnel_model(&bundled());
    assert_eq!(f.points.len(), 137);
    assert!((f.baseline - 81.538_575_451_348_9).abs() < 1e-9, "{}", f.baseline);
    let count = |s: FunnelSignificance| f.points.iter().filter(|p| p.significance == s).count();
    assert_eq!(count(FunnelSignificance::High001), 74);
    assert_eq!(count(FunnelSignificance::High025), 1);
    assert_eq!(count(FunnelSignificance::NotSignificant), 5);
    assert_eq!(count(FunnelSignificance::Low025), 1);
    assert_eq!(count(FunnelSignificance::Low001), 56);
    let rm3 = f.points.iter().find(|p| p.code == "RM3").unwrap();
    assert_eq!(rm3.significance, FunnelSignificance::High001);
}

#[test]
fn funnel_plot_names_the_focus_standing_and_warns_of_over_dispersion() {
    let s = scene_of(&funnel_spec("funnel"));
    assert_eq!(
        s.title,
        "Salford Royal (82.9%) is better than England (81.5%), outside the 99.8% funnel limits"
    );
    assert!(s.subtitle.contains("Apr 2018 to Mar 2019"), "{}", s.subtitle);
    assert!(s.subtitle.contains("137 NHS trusts, plotted against its type 1 attendances"), "{}", s.subtitle);
    assert!(s.description.contains("Outside the 99.8% limits: 74 above and 56 below"), "{}", s.description);
    // RMC and RMP are above, R0A, RRF, RW6 and RWJ below (Python, as above).
    assert!(s.description.contains("6 of 6 peers lie outside the 99.8% limits"), "{}", s.description);
    // The over-dispersion warning, then whether the standing depends on the peer group.
    assert_eq!(s.warnings.len(), 2, "{:?}", s.warnings);
    assert!(
        s.warnings[0].starts_with("130 of 137 NHS trusts lie outside the 99.8% limits"),
        "{:?}",
        s.warnings
    );
    assert!(
        s.warnings[1].starts_with("Sensitivity: RM3's quartile depends on the peer group"),
        "{:?}",
        s.warnings
    );
    let t = texts(&s);
    for expected in ["Salford Royal 82.9%", "Peer (6)", "England 81.5%", "99.8% limits", "Type 1 attendances"]
    {
        assert!(t.contains(&expected), "{expected} missing from {t:?}");
    }
    assert!(t.contains(&"Better, outside 99.8% (74)"), "{t:?}");
}

#[test]
fn funnel_items_run_by_denominator_with_limits_in_the_tooltip() {
    let session = laid_out(&funnel_spec("funnel"));
    let s = session.scene().unwrap();
    assert_eq!(s.items.len(), 137);
    let model = funnel_model(&bundled());
    let den = |k: &str| model.points.iter().find(|p| p.code == k).unwrap().denominator;
    assert!(s.items.windows(2).all(|w| den(&w[0].key) <= den(&w[1].key)));
    assert!(s.items.windows(2).all(|w| w[0].anchor.0 <= w[1].anchor.0), "left to right");
    let rm3 = s.items.iter().position(|i| i.key == "RM3").unwrap();
    let tooltip = session.words(rm3).tooltip;
    let tip: Vec<(&str, &str)> = tooltip.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(tip[0], ("Organisation", "Salford Royal NHS Foundation Trust (RM3)"));
    assert_eq!(tip[2], ("Type 1 attendances", "102,711"));
    // 81.5386% ± 1.95996 × √(p0(1-p0)/102,711) = 81.30% to 81.78%.
    assert_eq!(tip[3], ("95% limits", "81.3% to 81.8%"));
    assert_eq!(tip[5], ("Compared with England", "outside the 99.8% limits: better than England"));
    let table = session.table().unwrap();
    assert_eq!(table.rows.len(), 137);
    let row = table.rows.iter().find(|r| r[0] == "RM3").unwrap();
    assert_eq!((row[9].as_str(), row[10].as_str()), ("High (0.001)", "Better"));
    let peer_rows = table.rows.iter().filter(|r| r[11] == "yes").count();
    assert_eq!(peer_rows, 6);
    assert_items_hit_themselves(s);
}

// ---------------------------------------------------------------------------------------------
// Distribution

#[test]
fn distribution_places_salford_royal_in_the_second_highest_quarter() {
    // Python over the CSV (type 7 quartiles of the 137 trusts' Apr 2018 to Mar 2019 values):
    // lowest 58.34% (RXL), Q1 76.92%, median 82.44%, Q3 88.83%, highest 97.39% (RCU). RM3's 82.94%
    // has 74 trusts below it and none equal: percentile rank (74 + 0.5) / 137 = 54.4%. Three
    // trusts meet the 95% standard; RMC and RMP are the peers above the median.
    let s = scene_of(&funnel_spec("distribution"));
    assert_eq!(
        s.title,
        "Salford Royal (82.9%) is in the second-highest quarter of 137 NHS trusts; the median is 82.4%"
    );
    assert!(s.subtitle.contains("type 7"), "{}", s.subtitle);
    assert!(
        s.description.contains("lowest 58.3% (Blackpool Teaching Hospitals NHS Foundation Trust), lower quartile 76.9%, median 82.4%, upper quartile 88.8%, highest 97.4%"),
        "{}",
        s.description
    );
    assert!(
        s.description.contains("in the second-highest quarter, higher than 54% of NHS trusts"),
        "{}",
        s.description
    );
    assert!(s.description.contains("2 of 6 peers are above the median"), "{}", s.description);
    assert!(s.description.contains("3 of 137 meet the standard of 95%"), "{}", s.description);
    let t = texts(&s);
    for expected in
        ["Q1 76.9%", "Median 82.4%", "Q3 88.8%", "Salford Royal 82.9%", "Standard 95%", "Peer (6)"]
    {
        assert!(t.contains(&expected), "{expected} missing from {t:?}");
    }
    assert_eq!(s.warnings.len(), 1, "only the sensitivity sentence: {:?}", s.warnings);
    assert!(s.warnings[0].starts_with("Sensitivity: "), "{:?}", s.warnings);
}

#[test]
fn distribution_items_run_from_lowest_to_highest_with_quarter_and_rank() {
    let session = laid_out(&funnel_spec("distribution"));
    let s = session.scene().unwrap();
    assert_eq!(s.items.len(), 137);
    assert_eq!(s.items[0].key, "RXL");
    assert_eq!(s.items[136].key, "RCU");
    assert!(s.items.windows(2).all(|w| w[0].anchor.0 <= w[1].anchor.0), "left to right");
    let rm3 = s.items.iter().position(|i| i.key == "RM3").unwrap();
    assert_eq!(rm3, 74, "74 trusts lie below it");
    let tooltip = session.words(rm3).tooltip;
    let tip: Vec<(&str, &str)> = tooltip.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(tip[2], ("Quarter", "in the second-highest quarter"));
    assert_eq!(tip[3], ("Percentile rank", "higher than 54%"));
    let table = session.table().unwrap();
    assert_eq!(table.rows[rm3][0], "RM3");
    assert_eq!(table.rows[rm3][4], "54.4");
    assert_eq!(table.rows[0][3], "in the lowest quarter (worst)");
    assert_eq!(table.rows.iter().filter(|r| r[5] == "yes").count(), 6);
    assert_items_hit_themselves(s);
}

#[test]
fn distribution_quarters_agree_with_the_item_order() {
    // Everything left of the median item is in a lower quarter than everything right of it.
    let table = laid_out(&funnel_spec("distribution")).table().unwrap();
    let quarter_of = |row: &Vec<String>| match row[3].as_str() {
        q if q.starts_with("in the lowest") => 0,
        "in the second-lowest quarter" => 1,
        "at the median" => 2,
        "in the second-highest quarter" => 3,
        _ => 4,
    };
    let quarters: Vec<u8> = table.rows.iter().map(quarter_of).collect();
    assert!(quarters.windows(2).all(|w| w[0] <= w[1]), "{quarters:?}");
    // 137 values: the median is the 69th, alone at the median.
    assert_eq!(quarters.iter().filter(|&&q| q == 2).count(), 1);
    assert_eq!(quarters[68], 2);
    assert_eq!(
        Quarter::UpperMiddle.words(nhs_benchmark::data::Polarity::HigherIsBetter),
        "in the second-highest quarter"
    );
}
