//! The trajectory of published overall scores: a slope from 2024 to 2025 for the focus (bold)
//! and each cohort member with both years (light), and the cohort's medians (dashed). Both scores
//! are NHS England's means over the domains comparable between the years only: the question set
//! changed in 2025, which the title, subtitle and text alternative say in words, so a change is
//! never read as a like-for-like pillar change. The slopes and distributions come from the model
//! ([`crate::maturity::dma_views::trajectory`]).

use super::published::{
    badge_labels, caveat, cohort_words, exemplar_note, labels_text, percentile, plot_band, score, signed, who,
};
use super::{FOCUS_COLOR, PEER_COLOR, badges};
use crate::chart::format::short_name;
use crate::chart::layout::{Font, Frame, LABEL_SIZE, LegendEntry, PAD, Symbol, ViewOptions, text, y_axis};
use crate::chart::marks::{axis_line, line_point, rule_v};
use crate::chart::scale::Linear;
use crate::chart::scene::{
    Align, Baseline, Bounds, Highlight, Item, Mark, Scene, Shape, Stroke, Table, palette,
};
use crate::chart::text::{TextMeasure, truncate};
use crate::chart::view::Drawn;
use crate::maturity::dma_results::Level;
use crate::maturity::dma_views::{DmaTrajectoryModel, Slope};

const FOCUS_STROKE: Stroke = Stroke::solid(FOCUS_COLOR, 3.5);
const MEMBER_STROKE: Stroke = Stroke::solid(palette::GREY_3, 1.0);
const MEDIAN_STROKE: Stroke = Stroke::dashed(PEER_COLOR, 2.5, 7.0, 4.0);
const QUESTION_SET: &str = "The 2025 question set changed, so these are means over the domains comparable between \
the years only, and differ from a standalone 2024 or 2025 score";

fn title(m: &DmaTrajectoryModel, who: &str) -> String {
    let c = &m.change;
    let Some(change) = c.change else { return format!("{who} has no pair of 2024 and 2025 overall scores") };
    let verb = if change > 0.0 {
        format!("rose {}", signed(change).trim_start_matches('+'))
    } else if change < 0.0 {
        format!("fell {}", crate::chart::format::number(-change, 2))
    } else {
        "held steady".to_string()
    };
    let mut t = format!("{who}'s overall score {verb} from 2024 to 2025 on comparable domains");
    if let Some(d) = c.cohort_change {
        t.push_str(&format!("; the cohort's median change was {}", signed(d.median)));
    }
    t
}

fn subtitle(m: &DmaTrajectoryModel, who: &str) -> String {
    format!(
        "Overall digital maturity, 1 to 5, 2024 and 2025: {who} in bold, {} in grey, the cohort's medians dashed. {}",
        cohort_words(&m.change.cohort),
        caveat(&m.focus)
    )
}

fn legend(who: &str, m: &DmaTrajectoryModel) -> Vec<LegendEntry> {
    vec![
        LegendEntry {
            symbol: Symbol::Line(FOCUS_STROKE),
            label: super::published::legend_name(&m.focus, who),
        },
        LegendEntry {
            symbol: Symbol::Line(MEMBER_STROKE),
            label: format!("Cohort ({})", m.slopes.len().saturating_sub(1)),
        },
        LegendEntry { symbol: Symbol::Line(MEDIAN_STROKE), label: "Cohort median".into() },
    ]
}

/// The scales: the score up, the two years across, with room at the right for the labels.
struct Axes {
    y: Linear,
    x24: f64,
    x25: f64,
    plot: Bounds,
}

fn axes(
    marks: &mut Vec<Mark>,
    m: &DmaTrajectoryModel,
    band: (f64, f64),
    width: f64,
    measure: &dyn TextMeasure,
) -> Axes {
    let all = m.slopes.iter().flat_map(|s| [s.before, s.after]);
    let (lo, hi) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
    let domain = if lo.is_finite() { ((lo - 0.1).max(1.0), (hi + 0.1).min(5.0)) } else { (1.0, 5.0) };
    let right = width - PAD - (width * 0.3).clamp(90.0, 220.0);
    let (y, plot) =
        y_axis(marks, measure, domain, band, PAD, right, &|v, d| crate::chart::format::number(v, d.max(1)));
    let inset = 20.0_f64.min(plot.w / 6.0);
    Axes { y, x24: plot.x + inset, x25: plot.x + plot.w - inset, plot }
}

fn x_labels(marks: &mut Vec<Mark>, a: &Axes) {
    marks.push(axis_line(a.plot));
    let bottom = a.plot.y + a.plot.h;
    for (x, label) in [(a.x24, "2024"), (a.x25, "2025")] {
        marks.push(rule_v(x, bottom, bottom + 5.0, Stroke::solid(palette::GREY_1, 1.0)));
        marks.push(text(x, bottom + 8.0, label, Font::LABEL.align(Align::Middle, Baseline::Top)));
    }
}

/// The members' slopes, the medians' slope, then the focus's on top.
fn slopes(marks: &mut Vec<Mark>, m: &DmaTrajectoryModel, a: &Axes) {
    let line = |s: (f64, f64), stroke: Stroke| Mark::Path {
        points: vec![(a.x24, a.y.map(s.0)), (a.x25, a.y.map(s.1))],
        stroke,
    };
    for s in m.slopes.iter().filter(|s| !s.is_focus) {
        marks.push(line((s.before, s.after), MEMBER_STROKE));
    }
    if let (Some(b), Some(f)) = (m.change.cohort_before, m.change.cohort_after) {
        marks.push(line((b.median, f.median), MEDIAN_STROKE));
        for (x, v) in [(a.x24, b.median), (a.x25, f.median)] {
            marks.push(line_point(x, a.y.map(v), 8.0, Shape::Square, PEER_COLOR, None));
        }
    }
    for s in m.slopes.iter().filter(|s| s.is_focus) {
        marks.push(line((s.before, s.after), FOCUS_STROKE));
        for (x, v) in [(a.x24, s.before), (a.x25, s.after)] {
            marks.push(line_point(x, a.y.map(v), 11.0, Shape::Circle, FOCUS_COLOR, None));
        }
    }
}

/// Labels right of 2025: the focus and the cohort's median, with their scores, kept apart.
fn end_labels(
    marks: &mut Vec<Mark>,
    m: &DmaTrajectoryModel,
    a: &Axes,
    who: &str,
    width: f64,
    measure: &dyn TextMeasure,
) {
    let mut labels: Vec<(f64, String, Font)> = Vec::new();
    let bold = |c| Font(LABEL_SIZE, true, c, Align::Start, Baseline::Middle);
    let x = a.x25 + 10.0;
    let room = width - PAD - x;
    // The name in full where it fits, else the code (an ICB's short name is kept, cut to fit).
    let fits = |t: &str| measure.width(t, LABEL_SIZE, true) <= room;
    if let Some(f) = m.slopes.iter().find(|s| s.is_focus) {
        let full = format!("{who} {}", score(f.after));
        let short =
            format!("{} {}", if m.focus.level == Level::Provider { &f.key } else { who }, score(f.after));
        labels.push((a.y.map(f.after), if fits(&full) { full } else { short }, bold(FOCUS_COLOR)));
    }
    if let Some(d) = m.change.cohort_after {
        let full = format!("Cohort median {}", score(d.median));
        let short = format!("Median {}", score(d.median));
        labels.push((a.y.map(d.median), if fits(&full) { full } else { short }, bold(PEER_COLOR)));
    }
    let ys = apart(labels.iter().map(|l| l.0).collect(), LABEL_SIZE + 3.0, (a.plot.y, a.plot.y + a.plot.h));
    for ((_, label, font), y) in labels.iter().zip(ys) {
        marks.push(text(x, y, &truncate(measure, label, LABEL_SIZE, true, width - PAD - x), *font));
    }
}

/// Label centres `ys` moved at least `gap` apart within `bounds`, each keeping its place in the
/// list ([`crate::chart::layout::spread_labels`] sorts them).
fn apart(ys: Vec<f64>, gap: f64, (top, bottom): (f64, f64)) -> Vec<f64> {
    let mut order: Vec<usize> = (0..ys.len()).collect();
    crate::order::sort_by(&mut order, |&a, &b| ys[a].total_cmp(&ys[b]));
    let mut sorted: Vec<f64> = order.iter().map(|&k| ys[k]).collect();
    crate::chart::layout::spread_labels(&mut sorted, gap, top, bottom);
    let mut out = vec![0.0; ys.len()];
    for (slot, &k) in order.iter().enumerate() {
        out[k] = sorted[slot];
    }
    out
}

fn summary(s: &Slope) -> String {
    format!(
        "{} ({}): {} in 2024, {} in 2025, a change of {} on comparable domains.",
        s.name,
        s.key,
        score(s.before),
        score(s.after),
        signed(s.after - s.before)
    )
}

/// One item per slope, at its 2025 point: the focus first, then the members highest first.
fn items(m: &DmaTrajectoryModel, a: &Axes) -> Vec<Item> {
    let mut order: Vec<&Slope> = m.slopes.iter().filter(|s| s.is_focus).collect();
    let mut members: Vec<&Slope> = m.slopes.iter().filter(|s| !s.is_focus).collect();
    crate::order::sort_by(&mut members, |x, y| y.after.total_cmp(&x.after).then_with(|| x.name.cmp(&y.name)));
    order.extend(members);
    order
        .into_iter()
        .map(|s| {
            let anchor = (a.x25, a.y.map(s.after));
            Item {
                key: s.key.clone(),
                label: short_name(&s.name),
                hit: Bounds { x: anchor.0 - 8.0, y: anchor.1 - 4.0, w: 16.0, h: 8.0 },
                anchor,
                tooltip: vec![
                    ("Organisation".into(), format!("{} ({})", s.name, s.key)),
                    ("2024 (comparable domains)".into(), score(s.before)),
                    ("2025 (comparable domains)".into(), score(s.after)),
                    ("Change".into(), signed(s.after - s.before)),
                ],
                summary: summary(s),
                highlight: Highlight::Guide { size: 16.0, top: a.plot.y, bottom: a.plot.y + a.plot.h },
            }
        })
        .collect()
}

fn table(m: &DmaTrajectoryModel) -> Table {
    let f = |v: f64| format!("{v:.3}");
    let rows = m
        .slopes
        .iter()
        .map(|s| {
            let focus = if s.is_focus { "yes" } else { "" };
            vec![s.key.clone(), s.name.clone(), focus.into(), f(s.before), f(s.after), f(s.after - s.before)]
        })
        .collect();
    let columns =
        ["Code", "Organisation", "Focus", "Overall 2024 (comparable)", "Overall 2025 (comparable)", "Change"];
    Table { columns: columns.map(String::from).to_vec(), rows }
}

fn description(m: &DmaTrajectoryModel, who: &str, title: &str) -> String {
    let c = &m.change;
    let mut d = format!(
        "Slope chart of published overall scores, 2024 to 2025, for {who} and {}. {title}.",
        cohort_words(&c.cohort)
    );
    if let Some(s) = m.slopes.iter().find(|s| s.is_focus) {
        d.push(' ');
        d.push_str(&summary(s));
    }
    if let Some(p) = c.change_percentile {
        d.push_str(&format!(" Its change is at the {} of the cohort's changes.", percentile(p)));
    }
    if let (Some(b), Some(a), Some(ch)) = (c.cohort_before, c.cohort_after, c.cohort_change) {
        d.push_str(&format!(
            " The cohort's median was {} in 2024 and {} in 2025; its members' changes run from {} to {}, median {}.",
            score(b.median), score(a.median), signed(ch.min), signed(ch.max), signed(ch.median)
        ));
    }
    if m.without_both > 0 {
        d.push_str(&format!(" {} cohort members lack one of the years and are not drawn.", m.without_both));
    }
    d.push_str(&format!(" {QUESTION_SET}. {}", labels_text(&c.labels)));
    d
}

/// The slopes of a focus and its cohort from 2024 to 2025.
pub fn scene(m: &DmaTrajectoryModel, opts: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
    let who = who(&m.focus);
    let title = opts.title.clone().unwrap_or_else(|| title(m, &who));
    let subtitle = subtitle(m, &who);
    let mut frame = Frame::new(opts.width, opts.height, measure);
    frame.heading(&title, &subtitle);
    badges(&mut frame, &badge_labels(&m.focus));
    frame.legend(&legend(&who, m));
    let note = m.focus.exemplar_cohort().then(|| exemplar_note(&m.focus)).flatten();
    let (top, bottom) = plot_band(&mut frame, &opts.source, note.as_deref(), 24.0, (260.0, f64::INFINITY));
    let mut marks = std::mem::take(&mut frame.marks);
    let a = axes(&mut marks, m, (top, bottom), frame.width, measure);
    x_labels(&mut marks, &a);
    slopes(&mut marks, m, &a);
    end_labels(&mut marks, m, &a, &who, frame.width, measure);
    Scene {
        width: frame.width,
        height: frame.height,
        items: items(m, &a),
        marks,
        plot: a.plot,
        description: description(m, &who, &title),
        table: table(m),
        title,
        subtitle,
        warnings: Vec::new(),
    }
}

impl Drawn for DmaTrajectoryModel {
    fn scene(&self, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
        scene(self, view, measure)
    }
}
