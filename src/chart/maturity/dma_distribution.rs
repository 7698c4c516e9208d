//! The distribution of each published score over the cohort: one row per pillar and one for the
//! 2025 overall score, each a box and whiskers (type 7 quartiles) over a strip of every cohort
//! member's score, stacked where scores coincide, with the focus's score as a large dark-blue
//! point and its percentile rank in words. One scale, 1 to 5, runs across every row. The numbers
//! come from the model ([`crate::maturity::dma_views::distribution`]).

use super::published::{
    badge_labels, band_words, caveat, cohort_words, exemplar_note, labels_text, percentile, plot_band, score,
    who,
};
use super::{FOCUS_COLOR, PEER_COLOR, badges};
use crate::benchmark::distribution::FiveNumbers;
use crate::chart::layout::{Font, Frame, LABEL_SIZE, LegendEntry, PAD, Symbol, ViewOptions, text, x_axis};
use crate::chart::marks::{BoxStyle, axis_line, box_whiskers, focus_point, point};
use crate::chart::scale::Linear;
use crate::chart::scene::{
    Align, Baseline, Bounds, Highlight, Item, Mark, Scene, Shape, Stroke, Table, palette,
};
use crate::chart::text::{TextMeasure, truncate};
use crate::chart::view::Drawn;
use crate::maturity::compare::Band;
use crate::maturity::dma_compare::ScoreDistribution;
use crate::maturity::dma_results::Score;
use crate::maturity::dma_views::DmaDistributionModel;

const BOX: BoxStyle = BoxStyle {
    fill: PEER_COLOR.with_alpha(0.18),
    stroke: Stroke::solid(palette::GREY_1, 1.0),
    median: Stroke::solid(palette::TEXT, 2.5),
};
const DOT: (Shape, crate::chart::scene::Color, Option<Stroke>) = (Shape::Circle, palette::GREY_2, None);

fn is_pillar(r: &ScoreDistribution) -> bool {
    matches!(r.score, Score::Pillar(_))
}

/// The message: on how many pillars the focus is in the cohort's lowest or highest quarter.
fn title(m: &DmaDistributionModel, who: &str) -> String {
    let pillars: Vec<&ScoreDistribution> = m.rows.iter().filter(|r| is_pillar(r)).collect();
    let n = pillars.len();
    let low = pillars.iter().filter(|r| r.focus_band == Band::BelowLowerQuartile).count();
    let high = pillars.iter().filter(|r| r.focus_band == Band::AboveUpperQuartile).count();
    match (low, high) {
        (0, 0) => format!("{who} is in the middle half of its cohort on all {n} pillars"),
        (l, 0) => format!("{who} is in the lowest quarter of its cohort on {l} of {n} pillars"),
        (0, h) => format!("{who} is in the highest quarter of its cohort on {h} of {n} pillars"),
        (l, h) => format!("{who} is in its cohort's highest quarter on {h} of {n} pillars and lowest on {l}"),
    }
}

fn subtitle(m: &DmaDistributionModel, who: &str) -> String {
    let cohort = m.rows.first().map(|r| cohort_words(&r.cohort)).unwrap_or_default();
    format!(
        "Digital Maturity Assessment 2025, scores from 1 to 5 of {cohort} (grey dots; the box is the \
         interquartile range, the bar the median) and {who} (dark blue). {}",
        caveat(&m.focus)
    )
}

fn legend(who: &str) -> Vec<LegendEntry> {
    vec![
        LegendEntry {
            symbol: Symbol::Marker {
                shape: Shape::Circle,
                fill: FOCUS_COLOR,
                stroke: Some(Stroke::solid(palette::WHITE, 1.0)),
            },
            label: who.to_string(),
        },
        LegendEntry {
            symbol: Symbol::Marker { shape: Shape::Circle, fill: palette::GREY_2, stroke: None },
            label: "Cohort member".into(),
        },
        LegendEntry { symbol: Symbol::Swatch(BOX.fill), label: "Interquartile range, median".into() },
    ]
}

/// Each row's band: its title above, the strip under it.
struct Rows {
    top: f64,
    h: f64,
}

impl Rows {
    fn title_y(&self, i: usize) -> f64 {
        self.top + i as f64 * self.h + 2.0
    }

    fn strip_y(&self, i: usize) -> f64 {
        self.top + i as f64 * self.h + LABEL_SIZE + 4.0 + (self.h - LABEL_SIZE - 6.0) / 2.0
    }

    fn strip_h(&self) -> f64 {
        (self.h - LABEL_SIZE - 8.0).max(8.0)
    }
}

/// Dots at every member's score, those at the same score stacked outwards from the row's centre.
fn strip(marks: &mut Vec<Mark>, r: &ScoreDistribution, x: &Linear, cy: f64, half: f64) {
    let step = 3.0;
    let mut run = (f64::NAN, 0usize);
    for p in &r.values {
        run = if p.value == run.0 { (run.0, run.1 + 1) } else { (p.value, 0) };
        let k = run.1 as f64;
        let offset = ((k + 1.0) / 2.0).floor() * step * if run.1 % 2 == 0 { 1.0 } else { -1.0 };
        marks.push(point(x.map(p.value), cy + offset.clamp(-half, half), 4.0, DOT));
    }
}

fn row_words(r: &ScoreDistribution, who: &str) -> (Vec<(String, String)>, String) {
    let value = r.focus.as_ref().map_or("no score".to_string(), |f| score(f.value));
    let cohort = r.distribution.map_or("no results".into(), |d| {
        format!("{} ({} to {}), {} results", score(d.median), score(d.q1), score(d.q3), d.n)
    });
    let place = r
        .focus_percentile
        .map_or(String::new(), |p| format!(", {}, {}", band_words(r.focus_band), percentile(p)));
    let tooltip = vec![
        ("Score".into(), r.title.to_string()),
        (who.to_string(), value.clone()),
        ("Cohort median (IQR)".into(), cohort.clone()),
        ("Percentile rank".into(), r.focus_percentile.map_or("–".into(), percentile)),
    ];
    (tooltip, format!("{}: {who} {value}; cohort median {cohort}{place}.", r.title))
}

fn draw_row(
    marks: &mut Vec<Mark>,
    r: &ScoreDistribution,
    i: usize,
    rows: &Rows,
    x: &Linear,
    measure: &dyn TextMeasure,
) {
    let (cy, h) = (rows.strip_y(i), rows.strip_h());
    let plot_w = x.range.1 - x.range.0;
    // The focus's score at the right of the title line, with its percentile when both fit.
    let label = r.focus.as_ref().map(|f| {
        let full = r.focus_percentile.map(|p| format!("{} ({})", score(f.value), percentile(p)));
        let title_w = measure.width(r.title, LABEL_SIZE, true) + 12.0;
        match full {
            Some(t) if title_w + measure.width(&t, LABEL_SIZE, true) <= plot_w => t,
            _ => score(f.value),
        }
    });
    let label_w = label.as_ref().map_or(0.0, |l| measure.width(l, LABEL_SIZE, true) + 12.0);
    let font = Font(LABEL_SIZE, true, palette::TEXT, Align::Start, Baseline::Top);
    let title = truncate(measure, r.title, LABEL_SIZE, true, plot_w - label_w);
    marks.push(text(x.range.0, rows.title_y(i), &title, font));
    if let Some(d) = r.distribution {
        let five = FiveNumbers { min: d.min, q1: d.q1, median: d.median, q3: d.q3, max: d.max };
        box_whiskers(marks, &five, &|v| x.map(v), cy, h, BOX);
    }
    strip(marks, r, x, cy, h / 2.0);
    if let (Some(f), Some(label)) = (&r.focus, label) {
        marks.push(focus_point(x.map(f.value), cy, 13.0, Shape::Circle, FOCUS_COLOR));
        let lf = Font(LABEL_SIZE, true, FOCUS_COLOR, Align::End, Baseline::Top);
        marks.push(text(x.range.1, rows.title_y(i), &label, lf));
    }
}

fn items(m: &DmaDistributionModel, rows: &Rows, x: &Linear, who: &str) -> Vec<Item> {
    m.rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let cy = rows.strip_y(i);
            let anchor = (x.map(r.focus.as_ref().map_or(3.0, |f| f.value)), cy);
            let (tooltip, summary) = row_words(r, who);
            let hit = Bounds { x: x.range.0, y: rows.title_y(i), w: x.range.1 - x.range.0, h: rows.h - 2.0 };
            Item {
                key: r.score.id().to_string(),
                label: r.title.to_string(),
                hit,
                anchor,
                tooltip,
                summary,
                highlight: Highlight::Ring(20.0),
            }
        })
        .collect()
}

fn table(m: &DmaDistributionModel, who: &str) -> Table {
    let f = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.2}"));
    let columns = [
        "Score",
        who,
        "Percentile rank",
        "Cohort results",
        "Lowest",
        "Lower quartile",
        "Median",
        "Upper quartile",
        "Highest",
    ];
    let rows = m
        .rows
        .iter()
        .map(|r| {
            let d = r.distribution;
            vec![
                r.title.to_string(),
                f(r.focus.as_ref().map(|p| p.value)),
                r.focus_percentile.map_or(String::new(), |p| format!("{p:.0}")),
                r.values.len().to_string(),
                f(d.map(|d| d.min)),
                f(d.map(|d| d.q1)),
                f(d.map(|d| d.median)),
                f(d.map(|d| d.q3)),
                f(d.map(|d| d.max)),
            ]
        })
        .collect();
    Table { columns: columns.map(String::from).to_vec(), rows }
}

fn description(m: &DmaDistributionModel, who: &str, title: &str) -> String {
    let cohort = m.rows.first().map(|r| cohort_words(&r.cohort)).unwrap_or_default();
    let mut d =
        format!("Distributions of published 2025 scores over {cohort}, with {who} placed in each. {title}.");
    for r in &m.rows {
        d.push(' ');
        d.push_str(&row_words(r, who).1);
    }
    d.push(' ');
    d.push_str(&labels_text(&m.labels));
    d
}

/// Each published score's distribution over the cohort, the focus placed in it.
pub fn scene(m: &DmaDistributionModel, opts: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
    let who = who(&m.focus);
    let title = opts.title.clone().unwrap_or_else(|| title(m, &who));
    let subtitle = subtitle(m, &who);
    let mut frame = Frame::new(opts.width, opts.height, measure);
    frame.heading(&title, &subtitle);
    badges(&mut frame, &badge_labels(&m.focus));
    frame.legend(&legend(&who));
    let note = m.focus.exemplar_cohort().then(|| exemplar_note(&m.focus)).flatten();
    let least = m.rows.len() as f64 * 46.0;
    let (top, bottom) = plot_band(&mut frame, &opts.source, note.as_deref(), 22.0, (least, f64::INFINITY));
    let plot = Bounds { x: PAD + 6.0, y: top, w: frame.inner_width() - 12.0, h: bottom - top };
    let mut marks = std::mem::take(&mut frame.marks);
    let x = x_axis(&mut marks, measure, (1.0, 5.0), plot, &|v, d| crate::chart::format::number(v, d));
    marks.push(axis_line(plot));
    let rows = Rows { top, h: plot.h / m.rows.len().max(1) as f64 };
    for (i, r) in m.rows.iter().enumerate() {
        draw_row(&mut marks, r, i, &rows, &x, measure);
    }
    Scene {
        width: frame.width,
        height: frame.height,
        items: items(m, &rows, &x, &who),
        marks,
        plot,
        description: description(m, &who, &title),
        table: table(m, &who),
        title,
        subtitle,
        warnings: Vec::new(),
    }
}

impl Drawn for DmaDistributionModel {
    fn scene(&self, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
        scene(self, view, measure)
    }
}
