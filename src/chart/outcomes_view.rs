//! Maturity beside outcomes: each trust's digital maturity score (x) against its outcome (y),
//! the outcome's 95% interval as a vertical rule through the point, the Global Digital
//! Exemplars as diamonds, the focus trust enlarged and named, the operational standard as a
//! line, and Spearman's rank correlation with its interval in the message title. The caveats
//! (self-assessed scores, association is not cause, the mixed evidence) are in the subtitle and
//! the notes, and the trusts that did not join are counted in the subtitle and listed in the
//! notes.
//!
//! Every number comes from the model ([`crate::maturity::outcomes`]); this module lays out words
//! and marks. Scores are on a 1-5 scale with many ties, so points at the same score are spread a
//! little sideways (a fixed offset by their order, not random) so none hides another.

use super::format::{number, period, with_unit};
use super::layout::{Font, LABEL_SIZE, LegendEntry, PAD, ViewOptions, text, x_axis, y_axis};
use super::marks::{
    FOCUS_FONT, TARGET_STROKE, axis_line, backing, focus_name_beside, focus_point, line_entry, marker_entry,
    point, reference_line, rule_v,
};
use super::scale::Linear;
use super::scene::{
    Align, Baseline, Bounds, Color, Highlight, Item, Mark, Scene, Shape, Stroke, Table, palette,
};
use super::text::{TextMeasure, truncate};
use super::view::{Drawn, Words};
use crate::maturity::outcomes::{OutcomePoint, OutcomesModel};

const INTERVAL_STROKE: Stroke = Stroke::solid(palette::GREY_3, 1.25);
const TRUST: (Shape, Color) = (Shape::Circle, palette::BLUE);
const EXEMPLAR: (Shape, Color) = (Shape::Diamond, palette::WARM_YELLOW);

fn style(p: &OutcomePoint) -> (Shape, Color, Option<Stroke>) {
    let (shape, fill) = if p.exemplar.is_some() { EXEMPLAR } else { TRUST };
    (shape, fill, Some(Stroke::solid(palette::WHITE, 0.75)))
}

fn value(m: &OutcomesModel, v: f64) -> String {
    with_unit(v, &m.metric.unit, 1)
}

/// The score in words: "overall digital maturity", "the Ensure smart foundations pillar".
fn score_name(m: &OutcomesModel) -> String {
    match m.score {
        crate::maturity::dma_results::Score::Pillar(_) => format!("the {} pillar", m.score.title()),
        _ => "overall digital maturity".to_string(),
    }
}

fn score_label(m: &OutcomesModel) -> String {
    format!("{}, DMA 2025 (self-assessed, 1-5)", m.score.title())
}

/// "rho 0.12, 95% CI -0.06 to 0.29".
pub fn rho_words(m: &OutcomesModel) -> Option<String> {
    let c = m.correlation?;
    let ci = c.interval.map(|i| format!(", 95% CI {} to {}", number(i.lower, 2), number(i.upper, 2)));
    Some(format!("rho {}{}", number(c.rho, 2), ci.unwrap_or_default()))
}

/// The message: whether the ranks move together, with rho and its interval.
pub fn message_title(m: &OutcomesModel) -> String {
    let who = format!("{} {} trusts", m.points.len(), m.setting.label().to_lowercase());
    let Some(c) = m.correlation else {
        return format!("Too few trusts join to rank-correlate maturity with {} ({who})", m.metric.title);
    };
    let rho = rho_words(m).unwrap_or_default();
    let clear = c.interval.is_some_and(|i| i.lower > 0.0 || i.upper < 0.0);
    let (score, metric) = (score_name(m), &m.metric.title);
    if !clear {
        return format!("No clear association of {score} with {metric} ({who}; {rho})");
    }
    let direction = if c.rho > 0.0 { "higher" } else { "lower" };
    format!("Higher {score} goes with {direction} {metric} ({who}; {rho})")
}

fn subtitle(m: &OutcomesModel) -> String {
    let unjoined = m.unjoined.len();
    let interval = if m.points.iter().any(|p| p.interval.is_some()) {
        " Vertical lines are 95% Wilson intervals."
    } else {
        ""
    };
    format!(
        "{} against {}, {}, for the {} {} trusts in both.{interval} {} did not join (listed below). Scores are \
         self-assessed; an association is not a cause, and the evidence is mixed.",
        score_label(m),
        m.metric.title,
        period(&m.period),
        m.points.len(),
        m.setting.label().to_lowercase(),
        unjoined,
    )
}

fn legend(m: &OutcomesModel) -> Vec<LegendEntry> {
    let stroke = Some(Stroke::solid(palette::WHITE, 0.75));
    let trusts = m.points.len() - m.exemplar_count();
    let mut out = vec![marker_entry(TRUST.0, TRUST.1, stroke, format!("Trust ({trusts})"))];
    if m.exemplar_count() > 0 {
        out.push(marker_entry(
            EXEMPLAR.0,
            EXEMPLAR.1,
            stroke,
            format!("Global Digital Exemplar, as today's trust ({})", m.exemplar_count()),
        ));
    }
    if m.points.iter().any(|p| p.interval.is_some()) {
        out.push(line_entry(INTERVAL_STROKE, "95% interval".into()));
    }
    out
}

/// Where scores and outcomes go, and the sideways step between points at one score.
struct Layout {
    x: Linear,
    y: Linear,
    plot: Bounds,
    size: f64,
    offsets: Vec<f64>,
}

impl Layout {
    fn at(&self, k: usize, p: &OutcomePoint) -> (f64, f64) {
        (self.x.map(p.score) + self.offsets[k], self.y.map(p.value))
    }
}

fn y_domain(m: &OutcomesModel) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for p in &m.points {
        let (a, b) = p.interval.map_or((p.value, p.value), |i| (i.lower, i.upper));
        lo = lo.min(a);
        hi = hi.max(b);
    }
    if let Some(t) = m.metric.target {
        (lo, hi) = (lo.min(t), hi.max(t));
    }
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.04).max(0.5);
    (lo - pad, hi + pad)
}

/// How far either side of its score a point may be moved, in score units: under half the 0.1
/// step between published pillar scores, so no point looks like it has a neighbouring score.
const SPREAD: f64 = 0.04;

/// Sideways offsets (px, `unit` px to a score point) that spread points sharing a score evenly
/// over +/- [`SPREAD`], in ODS code order within the score, an order unrelated to the outcome
/// (spreading in outcome order would draw slanted lines that look like a trend).
fn offsets(m: &OutcomesModel, unit: f64) -> Vec<f64> {
    let mut out = vec![0.0; m.points.len()];
    let mut start = 0;
    while start < m.points.len() {
        let end = (start..m.points.len())
            .find(|&k| m.points[k].score != m.points[start].score)
            .unwrap_or(m.points.len());
        let mut group: Vec<usize> = (start..end).collect();
        crate::order::sort_by(&mut group, |&a, &b| m.points[a].code.cmp(&m.points[b].code));
        let n = group.len();
        for (slot, &k) in group.iter().enumerate() {
            let t = if n > 1 { slot as f64 / (n - 1) as f64 - 0.5 } else { 0.0 };
            out[k] = t * 2.0 * SPREAD * unit;
        }
        start = end;
    }
    out
}

fn axes(
    marks: &mut Vec<Mark>,
    m: &OutcomesModel,
    band: (f64, f64),
    width: f64,
    measure: &dyn TextMeasure,
) -> Layout {
    let unit = if m.metric.unit == "%" { "%" } else { "" };
    let (y, plot) =
        y_axis(marks, measure, y_domain(m), band, PAD, width - PAD, &|v, d| with_unit(v, unit, d));
    let (lo, hi) = m
        .points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| (a.min(p.score), b.max(p.score)));
    let (lo, hi) = if lo.is_finite() { ((lo - 0.25).max(1.0), (hi + 0.25).min(5.0)) } else { (1.0, 5.0) };
    let x = x_axis(marks, measure, (lo, hi), plot, &|v, d| number(v, d.max(1)));
    marks.push(text(
        plot.x + plot.w / 2.0,
        plot.y + plot.h + 8.0 + LABEL_SIZE * 1.4,
        &truncate(measure, &score_label(m), LABEL_SIZE, false, plot.w),
        Font(LABEL_SIZE, false, palette::SECONDARY_TEXT, Align::Middle, Baseline::Top),
    ));
    let size = if plot.w < 400.0 { 6.0 } else { 8.0 };
    let unit = plot.w / (x.domain.1 - x.domain.0).max(0.1);
    Layout { x, y, plot, size, offsets: offsets(m, unit) }
}

/// The intervals, then the trusts, then the exemplars over them; an item per point.
fn points(marks: &mut Vec<Mark>, m: &OutcomesModel, l: &Layout) -> Vec<Item> {
    for (k, p) in m.points.iter().enumerate() {
        if let Some(i) = p.interval {
            let (cx, _) = l.at(k, p);
            marks.push(rule_v(cx, l.y.map(i.lower), l.y.map(i.upper), INTERVAL_STROKE));
        }
    }
    for exemplars in [false, true] {
        for (k, p) in m.points.iter().enumerate().filter(|(_, p)| p.exemplar.is_some() == exemplars) {
            let (cx, cy) = l.at(k, p);
            let size = if exemplars { l.size + 3.0 } else { l.size };
            marks.push(point(cx, cy, size, style(p)));
        }
    }
    m.points
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let (cx, cy) = l.at(k, p);
            Item {
                key: p.code.clone(),
                label: p.name.clone(),
                hit: Bounds { x: cx - 10.0, y: cy - 10.0, w: 20.0, h: 20.0 },
                anchor: (cx, cy),
                tooltip: Vec::new(),
                summary: String::new(),
                highlight: Highlight::Ring(l.size + 12.0),
            }
        })
        .collect()
}

/// The focus trust: a bigger marker outlined in dark blue and its name beside it.
fn focus_label(marks: &mut Vec<Mark>, m: &OutcomesModel, l: &Layout, measure: &dyn TextMeasure) {
    let Some(k) = m.points.iter().position(|p| p.focus) else { return };
    let p = &m.points[k];
    let (cx, cy) = l.at(k, p);
    let (shape, fill, _) = style(p);
    marks.push(focus_point(cx, cy, l.size + 6.0, shape, fill));
    let (label, w, lx, align) = focus_name_beside(measure, (&p.name, &value(m, p.value)), cx, 12.0, l.plot);
    let ly = (cy - 10.0).max(l.plot.y + LABEL_SIZE + 4.0);
    let left = if align == Align::Start { lx } else { lx - w };
    marks.push(backing(
        Bounds { x: left - 3.0, y: ly - LABEL_SIZE - 4.0, w: w + 6.0, h: LABEL_SIZE + 5.0 },
        0.85,
    ));
    marks.push(text(lx, ly, &label, FOCUS_FONT.align(align, Baseline::Bottom)));
}

fn summary(m: &OutcomesModel, p: &OutcomePoint) -> String {
    let exemplar = p.exemplar.map(|w| format!(", a Global Digital Exemplar ({w})")).unwrap_or_default();
    let interval =
        p.interval.map(|i| format!(" (95% interval {} to {})", value(m, i.lower), value(m, i.upper)));
    format!(
        "{}{exemplar}: {} {}; {} {}{}.",
        p.name,
        m.score.title(),
        number(p.score, 1),
        m.metric.title,
        value(m, p.value),
        interval.unwrap_or_default()
    )
}

fn tooltip(m: &OutcomesModel, p: &OutcomePoint) -> Vec<(String, String)> {
    let mut rows = vec![
        ("Trust".to_string(), format!("{} ({})", p.name, p.code)),
        (m.score.title().to_string(), format!("{} (self-assessed)", number(p.score, 1))),
        (m.metric.title.clone(), value(m, p.value)),
    ];
    if let Some(i) = p.interval {
        rows.push(("95% interval".into(), format!("{} to {}", value(m, i.lower), value(m, i.upper))));
    }
    if let (Some(n), Some(d)) = (p.numerator, p.denominator) {
        rows.push(("Pathways".into(), format!("{} of {}", number(n, 0), number(d, 0))));
    }
    if let Some(w) = p.exemplar {
        rows.push(("Global Digital Exemplar".into(), w.to_string()));
    }
    rows
}

fn table(m: &OutcomesModel) -> Table {
    let f = |v: Option<f64>| v.map(|v| format!("{v:.2}")).unwrap_or_default();
    Table {
        columns: vec![
            "ODS code".into(),
            "Trust".into(),
            format!("{} (self-assessed)", m.score.title()),
            format!("{} ({})", m.metric.title, m.metric.unit),
            "95% lower".into(),
            "95% upper".into(),
            "Numerator".into(),
            "Denominator".into(),
            "Global Digital Exemplar".into(),
        ],
        rows: m
            .points
            .iter()
            .map(|p| {
                vec![
                    p.code.clone(),
                    p.name.clone(),
                    format!("{}", p.score),
                    format!("{:.2}", p.value),
                    f(p.interval.map(|i| i.lower)),
                    f(p.interval.map(|i| i.upper)),
                    p.numerator.map(|n| format!("{n}")).unwrap_or_default(),
                    p.denominator.map(|n| format!("{n}")).unwrap_or_default(),
                    p.exemplar.unwrap_or_default().to_string(),
                ]
            })
            .collect(),
    }
}

fn description(m: &OutcomesModel) -> String {
    let mut d = format!(
        "Scatter plot of {} against {} for {} {} trusts, {}. {}. {} trusts did not join.",
        score_label(m),
        m.metric.title,
        m.points.len(),
        m.setting.label().to_lowercase(),
        period(&m.period),
        rho_words(m).unwrap_or_else(|| "No rank correlation: too few trusts".into()),
        m.unjoined.len()
    );
    if let Some(p) = m.focus_point() {
        d.push(' ');
        d.push_str(&summary(m, p));
    }
    d
}

/// The least plot height this view lays out: a scatter needs more than the frame's minimum.
const MIN_PLOT: f64 = 280.0;

/// The frame at `height`: heading, legend and source laid out, and the band left for the plot.
fn framed<'a>(
    m: &OutcomesModel,
    opts: &ViewOptions,
    measure: &'a dyn TextMeasure,
    (title, subtitle): (&str, &str),
    height: f64,
) -> (super::layout::Frame<'a>, (f64, f64)) {
    let mut frame = super::layout::Frame::new(opts.width, height, measure);
    frame.heading(title, subtitle);
    frame.legend(&legend(m));
    let band = frame.source_and_plot_band(&opts.source, 2.0 * (LABEL_SIZE * 1.4) + 12.0);
    (frame, band)
}

/// Builds the scene from its model.
pub fn scene(m: &OutcomesModel, opts: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
    let title = opts.title.clone().unwrap_or_else(|| message_title(m));
    let subtitle = subtitle(m);
    let (mut frame, mut band) = framed(m, opts, measure, (&title, &subtitle), opts.height);
    let room = band.1 - band.0;
    if room < MIN_PLOT {
        // The words fill a narrow chart: lay it out again taller, so the plot keeps room to read.
        (frame, band) = framed(m, opts, measure, (&title, &subtitle), frame.height + MIN_PLOT - room);
    }
    let (width, height) = (frame.width, frame.height);
    let mut marks = std::mem::take(&mut frame.marks);
    let layout = axes(&mut marks, m, band, width, measure);
    if let Some(t) = m.metric.target {
        reference_line(
            &mut marks,
            layout.plot,
            layout.y.map(t),
            TARGET_STROKE,
            &format!("{} standard", value(m, t)),
        );
    }
    let items = points(&mut marks, m, &layout);
    focus_label(&mut marks, m, &layout, measure);
    marks.push(axis_line(layout.plot));
    Scene {
        width,
        height,
        marks,
        items,
        plot: layout.plot,
        title,
        subtitle,
        description: description(m),
        table: Table::default(),
        warnings: Vec::new(),
    }
}

impl Drawn for OutcomesModel {
    fn scene(&self, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
        scene(self, view, measure)
    }

    /// Items are the points in the model's order (by score, then outcome).
    fn words(&self, _scene: &Scene, index: usize) -> Words {
        match self.points.get(index) {
            Some(p) => Words { tooltip: tooltip(self, p), summary: summary(self, p) },
            None => Words::default(),
        }
    }

    fn table(&self, _scene: &Scene) -> Table {
        table(self)
    }
}
