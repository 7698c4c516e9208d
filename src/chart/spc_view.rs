//! The SPC chart: an XmR chart as NHS England's "Making Data Count" draws it. One organisation's
//! values over time are joined by a line; each segment (a rebase starts a new one) has its mean
//! and dashed process limits; the target is a reference line; every point is coloured and shaped
//! by what it signals (common cause, special cause improvement, concern or neither). The variation
//! and assurance icons sit top right with their meaning in words beside them, so the chart reads
//! without knowing the icons, and without seeing colour (WCAG 1.4.1).
//!
//! The statistics come from the model ([`crate::benchmark::series`]); this module only draws
//! its result. Items are the periods; each one's tooltip and spoken summary, and the table, are
//! put into words only when asked for (a board report draws many of these charts).

use super::format::{period, period_range, short_name, with_unit};
use super::layout::{
    Font, Frame, LABEL_SIZE, LegendEntry, PAD, SOURCE_SIZE, Symbol, ViewOptions, text, y_axis,
};
use super::marks::{EndLabel, TARGET_STROKE, axis_line, end_labels, rule_h, rule_v, text_lines, tick_label};
use super::scale::{Band, Linear};
use super::scene::{
    Align, Baseline, Bounds, Color, Highlight, Item, Mark, Scene, Shape, Stroke, Table, palette,
};
use super::text::{TextMeasure, wrap};
use super::view::{Drawn, Words};
use crate::benchmark::series::{AssuranceIcon, PointType, SeriesModel, VariationIcon};

/// "Making Data Count" colours: common cause grey, improvement blue, concern orange and neutral
/// purple. The grey and the blue have less than 3:1 contrast with white, so every point and icon
/// drawn in them also gets a dark outline (WCAG 1.4.11).
pub const COMMON_CAUSE: Color = Color::hex(0xa6a6a6);
pub const IMPROVEMENT: Color = Color::hex(0x00b0f0);
pub const CONCERN: Color = Color::hex(0xe46c0a);
pub const NEUTRAL: Color = Color::hex(0x490092);

const MEAN_STROKE: Stroke = Stroke::solid(palette::TEXT, 1.5);
const LIMIT_STROKE: Stroke = Stroke::dashed(palette::GREY_1, 1.25, 5.0, 4.0);
const REBASE_STROKE: Stroke = Stroke::dashed(palette::GREY_1, 1.0, 2.0, 3.0);
const DATA_STROKE: Stroke = Stroke::solid(palette::GREY_2, 1.5);
const OUTLINE: Stroke = Stroke::solid(palette::TEXT, 1.0);
const GLYPH_STROKE: Stroke = Stroke::solid(palette::TEXT, 1.5);
const ICON_DIAMETER: f64 = 34.0;
const ICON_LABEL_WIDTH: f64 = 150.0;
const ICON_LEADING: f64 = LABEL_SIZE * 1.25;

/// How a point of each type is drawn and named. Shapes match the ranked chart's: up for better,
/// down for worse, a circle for no signal, a diamond for a signal that is neither.
pub fn point_style(t: PointType) -> (Shape, Color, &'static str) {
    match t {
        PointType::CommonCause => (Shape::Circle, COMMON_CAUSE, "Common cause variation"),
        PointType::SpecialCauseImprovement => (Shape::TriangleUp, IMPROVEMENT, "Special cause improvement"),
        PointType::SpecialCauseConcern => (Shape::TriangleDown, CONCERN, "Special cause concern"),
        PointType::SpecialCauseNeutralHigh => {
            (Shape::Diamond, NEUTRAL, "Special cause, neither improvement nor concern (high)")
        }
        PointType::SpecialCauseNeutralLow => {
            (Shape::Diamond, NEUTRAL, "Special cause, neither improvement nor concern (low)")
        }
    }
}

/// The variation icon's meaning, as "Making Data Count" words it.
pub fn variation_label(icon: VariationIcon) -> &'static str {
    match icon {
        VariationIcon::CommonCause => "Common cause variation",
        VariationIcon::ImprovementHigh => "Special cause improvement (high)",
        VariationIcon::ImprovementLow => "Special cause improvement (low)",
        VariationIcon::ConcernHigh => "Special cause concern (high)",
        VariationIcon::ConcernLow => "Special cause concern (low)",
        VariationIcon::NeutralHigh => "Special cause, neither improvement nor concern (high)",
        VariationIcon::NeutralLow => "Special cause, neither improvement nor concern (low)",
    }
}

/// The assurance icon's meaning.
pub fn assurance_label(icon: AssuranceIcon) -> &'static str {
    match icon {
        AssuranceIcon::ConsistentPass => "Consistently passing the target",
        AssuranceIcon::ConsistentFail => "Consistently failing the target",
        AssuranceIcon::Inconsistent => "Hit and miss against the target",
    }
}

// ---------------------------------------------------------------------------------------------
// The Making Data Count icons

/// What is drawn inside an icon's ring.
#[derive(Clone, Copy)]
enum Glyph {
    /// A letter with a small arrow under it pointing up (true) or down.
    Letter(&'static str, Option<bool>),
    /// A zigzag: variation within the limits.
    Zigzag,
    /// A zigzag across a target line: sometimes passing, sometimes failing.
    ZigzagOverLine,
}

/// An icon as drawn: its ring colour, its glyph and its meaning in words.
struct Icon {
    ring: Color,
    glyph: Glyph,
    label: &'static str,
}

fn variation_icon(icon: VariationIcon) -> Icon {
    let (ring, glyph) = match icon {
        VariationIcon::CommonCause => (COMMON_CAUSE, Glyph::Zigzag),
        VariationIcon::ImprovementHigh => (IMPROVEMENT, Glyph::Letter("H", Some(true))),
        VariationIcon::ImprovementLow => (IMPROVEMENT, Glyph::Letter("L", Some(false))),
        VariationIcon::ConcernHigh => (CONCERN, Glyph::Letter("H", Some(true))),
        VariationIcon::ConcernLow => (CONCERN, Glyph::Letter("L", Some(false))),
        VariationIcon::NeutralHigh => (NEUTRAL, Glyph::Letter("H", Some(true))),
        VariationIcon::NeutralLow => (NEUTRAL, Glyph::Letter("L", Some(false))),
    };
    Icon { ring, glyph, label: variation_label(icon) }
}

fn assurance_icon(icon: AssuranceIcon) -> Icon {
    let (ring, glyph) = match icon {
        AssuranceIcon::ConsistentPass => (IMPROVEMENT, Glyph::Letter("P", None)),
        AssuranceIcon::ConsistentFail => (CONCERN, Glyph::Letter("F", None)),
        AssuranceIcon::Inconsistent => (COMMON_CAUSE, Glyph::ZigzagOverLine),
    };
    Icon { ring, glyph, label: assurance_label(icon) }
}

/// The chart's icons: the variation icon, then the assurance icon when there is a target.
fn icons(m: &SeriesModel) -> Vec<Icon> {
    let mut icons = vec![variation_icon(m.result.variation_icon)];
    icons.extend(m.result.assurance_icon.map(assurance_icon));
    icons
}

/// An icon: a white disc with a thick ring in the icon's colour, a thin dark edge for contrast,
/// and its glyph in dark ink.
fn icon_marks(marks: &mut Vec<Mark>, cx: f64, cy: f64, ring: Color, glyph: Glyph) {
    let d = ICON_DIAMETER;
    for (size, fill) in [(d, palette::GREY_1), (d - 2.0, ring), (d - 10.0, palette::WHITE)] {
        marks.push(Mark::Marker { x: cx, y: cy, size, shape: Shape::Circle, fill, stroke: None });
    }
    let zigzag: Vec<(f64, f64)> =
        (0..6).map(|i| (cx - 7.5 + 3.0 * i as f64, cy + if i % 2 == 0 { 3.0 } else { -3.0 })).collect();
    match glyph {
        Glyph::Letter(letter, arrow) => {
            let dy = if arrow.is_some() { -2.5 } else { 0.0 };
            let font = Font(14.0, true, palette::TEXT, Align::Middle, Baseline::Middle);
            marks.push(text(cx, cy + dy, letter, font));
            if let Some(up) = arrow {
                let shape = if up { Shape::TriangleUp } else { Shape::TriangleDown };
                let fill = palette::TEXT;
                marks.push(Mark::Marker { x: cx, y: cy + 8.0, size: 5.0, shape, fill, stroke: None });
            }
        }
        Glyph::Zigzag => marks.push(Mark::Path { points: zigzag, stroke: GLYPH_STROKE }),
        Glyph::ZigzagOverLine => {
            marks.push(rule_h(cx - 9.0, cx + 9.0, cy, Stroke::solid(palette::BLUE, 1.5)));
            marks.push(Mark::Path { points: zigzag, stroke: GLYPH_STROKE });
        }
    }
}

/// Lays out the icons right-aligned under the heading (one row when they fit, else one per row)
/// and moves the frame below them.
fn icon_row(frame: &mut Frame, icons: &[Icon]) {
    if icons.is_empty() {
        return;
    }
    let measure = frame.measure();
    let label_w = ICON_LABEL_WIDTH.min(frame.inner_width() - ICON_DIAMETER - 8.0).max(60.0);
    let laid: Vec<(Vec<String>, f64)> = icons
        .iter()
        .map(|icon| {
            let lines = wrap(measure, icon.label, LABEL_SIZE, true, label_w);
            let w = lines.iter().map(|l| measure.width(l, LABEL_SIZE, true)).fold(0.0, f64::max);
            (lines, ICON_DIAMETER + 6.0 + w)
        })
        .collect();
    let gap = 18.0;
    let total: f64 = laid.iter().map(|(_, w)| w).sum::<f64>() + gap * (laid.len() - 1) as f64;
    let one_row = total <= frame.inner_width();
    let row_h = |lines: usize| (lines as f64 * ICON_LEADING).max(ICON_DIAMETER) + 6.0;
    let mut x = frame.width - PAD - total;
    let mut tallest: f64 = 0.0;
    for (icon, (lines, w)) in icons.iter().zip(&laid) {
        if !one_row {
            x = frame.width - PAD - w;
        }
        let cy = frame.y + row_h(lines.len()) / 2.0;
        icon_marks(&mut frame.marks, x + ICON_DIAMETER / 2.0, cy, icon.ring, icon.glyph);
        let top = cy - (lines.len() as f64 - 1.0) * ICON_LEADING / 2.0;
        let font = Font::LABEL.color(palette::TEXT).bold();
        text_lines(&mut frame.marks, x + ICON_DIAMETER + 6.0, top, lines, font, ICON_LEADING);
        if one_row {
            x += w + gap;
            tallest = tallest.max(row_h(lines.len()));
        } else {
            frame.y += row_h(lines.len());
        }
    }
    frame.y += tallest + 4.0;
}

// ---------------------------------------------------------------------------------------------
// Words

fn shown_unit(unit: &str) -> &str {
    if unit == "%" { "%" } else { "" }
}

/// The chart's message: the latest point's variation and, with a target, the assurance.
pub fn message_title(m: &SeriesModel) -> String {
    let short = short_name(&m.org_name);
    let Some(last) = m.drawn().checked_sub(1) else {
        return format!("{short}: no points to chart for {}", m.metric_title);
    };
    let variation = match m.result.point_type[last] {
        PointType::CommonCause => "common cause variation",
        PointType::SpecialCauseImprovement => "special cause improvement",
        PointType::SpecialCauseConcern => "special cause concern",
        PointType::SpecialCauseNeutralHigh | PointType::SpecialCauseNeutralLow => "special cause variation",
    };
    let mut title = format!(
        "{short}: {variation} in {} ({})",
        period(&m.periods[last]),
        with_unit(m.values[last], &m.unit, 1)
    );
    if let (Some(icon), Some(target)) = (m.result.assurance_icon, m.options.target) {
        let target = with_unit(target, &m.unit, 0);
        title.push_str(&match icon {
            AssuranceIcon::ConsistentPass => format!("; consistently passing the {target} target"),
            AssuranceIcon::ConsistentFail => format!("; consistently failing the {target} target"),
            AssuranceIcon::Inconsistent => format!("; hit and miss against the {target} target"),
        });
    }
    title
}

/// The statistical subtitle: the measure, the range, the method and where it was rebased.
fn subtitle(m: &SeriesModel) -> String {
    let n = m.drawn();
    let range = match n {
        0 => String::new(),
        _ => format!(", {}", period_range(&m.periods[0], &m.periods[n - 1])),
    };
    let mut subtitle = format!(
        "{}{range}, {n} points. XmR chart (Making Data Count): mean and process limits at ± 2.66 mean \
         moving ranges",
        m.metric_title
    );
    let rebases: Vec<String> = m.drawn_segments().skip(1).map(|s| period(&m.periods[s.start])).collect();
    if !rebases.is_empty() {
        subtitle.push_str(&format!(", recalculated from {}", rebases.join(", ")));
    }
    subtitle.push_str("; colour and shape show special causes.");
    subtitle
}

/// The point types present, with their counts, then the lines.
fn legend(m: &SeriesModel) -> Vec<LegendEntry> {
    let c = m.counts();
    let neither = Some("Special cause, neither improvement nor concern");
    let kinds = [
        (PointType::CommonCause, c.common_cause, None),
        (PointType::SpecialCauseImprovement, c.improvement, None),
        (PointType::SpecialCauseConcern, c.concern, None),
        (PointType::SpecialCauseNeutralHigh, c.neutral, neither),
    ];
    let mut legend: Vec<LegendEntry> = kinds
        .into_iter()
        .filter(|&(_, count, _)| count > 0)
        .map(|(t, count, words)| {
            let (shape, fill, label) = point_style(t);
            LegendEntry {
                symbol: Symbol::Marker { shape, fill, stroke: Some(OUTLINE) },
                label: format!("{} ({count})", words.unwrap_or(label)),
            }
        })
        .collect();
    legend.push(LegendEntry { symbol: Symbol::Line(MEAN_STROKE), label: "Mean".into() });
    legend.push(LegendEntry { symbol: Symbol::Line(LIMIT_STROKE), label: "Process limits".into() });
    if let Some(t) = m.options.target {
        legend.push(LegendEntry {
            symbol: Symbol::Line(TARGET_STROKE),
            label: format!("Target {}", with_unit(t, &m.unit, 0)),
        });
    }
    legend
}

/// The labels of the latest segment's limits and mean and of the target, by value.
fn line_labels(m: &SeriesModel) -> Vec<(f64, String, Color)> {
    let mut labels = Vec::new();
    // Numbers only, bar "%": a long unit ("per 100 attendances") would squeeze the plot.
    let unit = shown_unit(&m.unit);
    if let Some(s) = m.drawn_segments().last() {
        let u = |v: f64| with_unit(v, unit, 1);
        let trial = if s.trial_limits { " (trial)" } else { "" };
        labels.push((s.upl, format!("Upper limit {}{trial}", u(s.upl)), palette::GREY_1));
        labels.push((s.mean, format!("Mean {}", u(s.mean)), palette::TEXT));
        labels.push((s.lpl, format!("Lower limit {}{trial}", u(s.lpl)), palette::GREY_1));
    }
    if let Some(t) = m.options.target {
        labels.push((t, format!("Target {}", with_unit(t, unit, 0)), palette::BLUE));
    }
    labels
}

/// The text alternative: the series, the latest point, the count of each kind and the assurance.
fn description(m: &SeriesModel) -> String {
    let (r, n) = (&m.result, m.drawn());
    let u = |v: f64| with_unit(v, &m.unit, 1);
    let Some(last) = n.checked_sub(1) else {
        return format!("SPC chart of {} for {}: no points.", m.metric_title, m.org_name);
    };
    let mut d = format!(
        "XmR chart of {} for {} ({}), {}: {n} points",
        m.metric_title,
        m.org_name,
        m.org_code,
        period_range(&m.periods[0], &m.periods[last]),
    );
    let segments = m.drawn_segments().count();
    if segments > 1 {
        d.push_str(&format!(" in {segments} segments, each with its own mean and limits"));
    }
    d.push_str(&format!(
        ". Latest point {}: {}, {}. Mean {}, process limits {} to {}.",
        period(&m.periods[last]),
        u(m.values[last]),
        variation_label(r.variation_icon).to_lowercase(),
        u(r.mean[last]),
        u(r.lpl[last]),
        u(r.upl[last]),
    ));
    let c = m.counts();
    d.push_str(&format!(
        " Special cause: {} points improvement, {} concern, {} neither; {} common cause.",
        c.improvement, c.concern, c.neutral, c.common_cause
    ));
    if let (Some(icon), Some(t)) = (r.assurance_icon, m.options.target) {
        d.push_str(&format!(
            " Target {}: {}.",
            with_unit(t, &m.unit, 0),
            assurance_label(icon).to_lowercase()
        ));
    }
    d
}

fn tooltip(m: &SeriesModel, i: usize) -> Vec<(String, String)> {
    let r = &m.result;
    let u = |v: f64| with_unit(v, &m.unit, 1);
    let trial = if m.trial_limits_at(i) { " (trial limits)" } else { "" };
    let mut rows = vec![
        ("Period".to_string(), period(&m.periods[i])),
        ("Value".into(), u(m.values[i])),
        ("Mean".into(), u(r.mean[i])),
        ("Process limits".into(), format!("{} to {}{trial}", u(r.lpl[i]), u(r.upl[i]))),
        ("Variation".into(), point_style(r.point_type[i]).2.to_string()),
        (
            "Rule".into(),
            r.special_cause[i].map_or_else(|| "none triggered".to_string(), |c| c.label(&m.options)),
        ),
    ];
    if let Some(t) = m.options.target {
        rows.push(("Target".into(), with_unit(t, &m.unit, 1)));
    }
    rows
}

fn summary(m: &SeriesModel, i: usize) -> String {
    let r = &m.result;
    let u = |v: f64| with_unit(v, &m.unit, 1);
    let rule = r.special_cause[i].map(|c| format!(" ({})", c.label(&m.options))).unwrap_or_default();
    format!(
        "{}: {}, {}{rule}. Mean {}, process limits {} to {}.",
        period(&m.periods[i]),
        u(m.values[i]),
        point_style(r.point_type[i]).2.to_lowercase(),
        u(r.mean[i]),
        u(r.lpl[i]),
        u(r.upl[i])
    )
}

fn table(m: &SeriesModel) -> Table {
    let r = &m.result;
    let unit = if m.unit.is_empty() { String::new() } else { format!(" ({})", m.unit) };
    let columns = [
        "Period",
        &format!("Value{unit}"),
        "Mean",
        "Lower process limit",
        "Upper process limit",
        "Variation",
        "Special cause rule",
        "Segment",
    ];
    let rows = (0..m.drawn())
        .map(|i| {
            vec![
                period(&m.periods[i]),
                format!("{:.2}", m.values[i]),
                format!("{:.2}", r.mean[i]),
                format!("{:.2}", r.lpl[i]),
                format!("{:.2}", r.upl[i]),
                point_style(r.point_type[i]).2.to_string(),
                r.special_cause[i].map(|c| c.label(&m.options)).unwrap_or_default(),
                m.segment_number(i).to_string(),
            ]
        })
        .collect();
    Table { columns: columns.map(String::from).to_vec(), rows }
}

// ---------------------------------------------------------------------------------------------
// Layout and marks

/// Where the periods and values go, and the room for the line labels right of the plot.
struct Layout {
    y: Linear,
    plot: Bounds,
    band: Band,
    /// The widest line label, when the chart is wide enough to print them in a margin.
    margin: Option<f64>,
}

impl Layout {
    fn x(&self, i: usize) -> f64 {
        self.band.centre(i)
    }

    fn bottom(&self) -> f64 {
        self.plot.y + self.plot.h
    }
}

/// The values, every limit and the target, with a little room beyond the extremes so no marker
/// sits on the axis line.
fn domain(m: &SeriesModel) -> (f64, f64) {
    let r = &m.result;
    let values = (0..m.drawn()).flat_map(|i| [m.values[i], r.lpl[i], r.upl[i]]);
    let (lo, hi) = values
        .chain(m.options.target)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let pad = (hi - lo) * 0.03;
    (lo - pad, hi + pad)
}

/// The y axis, leaving a right margin for the line labels when the chart is wide enough.
fn axes(
    marks: &mut Vec<Mark>,
    m: &SeriesModel,
    labels: &[(f64, String, Color)],
    band_y: (f64, f64),
    width: f64,
    measure: &dyn TextMeasure,
) -> Layout {
    let widest = labels.iter().map(|(_, l, _)| measure.width(l, LABEL_SIZE, true)).fold(0.0, f64::max);
    let margin = (width - 2.0 * PAD - widest >= 400.0).then_some(widest);
    let right = margin.map_or(width - PAD, |w| width - PAD - w - 8.0);
    let unit = shown_unit(&m.unit);
    let (y, plot) = y_axis(marks, measure, domain(m), band_y, PAD, right, &|v, d| with_unit(v, unit, d));
    Layout { y, plot, band: Band { n: m.drawn(), range: (plot.x, plot.x + plot.w) }, margin }
}

/// The period labels under the axis: every `k`-th point, `k` the smallest of 1, 2, 3, 4, 6, 12
/// or a multiple of 12 that keeps the labels apart.
fn label_every(measure: &dyn TextMeasure, periods: &[String], step: f64) -> usize {
    let widest = periods.iter().map(|p| measure.width(&period(p), LABEL_SIZE, false)).fold(0.0, f64::max);
    let need = widest + 10.0;
    [1, 2, 3, 4, 6]
        .into_iter()
        .chain((1..).map(|m| 12 * m))
        .find(|&k| k as f64 * step >= need || k >= periods.len())
        .unwrap_or(1)
}

/// Ticks and labels for the periods along the bottom.
fn period_axis(marks: &mut Vec<Mark>, m: &SeriesModel, l: &Layout, measure: &dyn TextMeasure) {
    let periods = &m.periods[..l.band.n];
    for i in (0..periods.len()).step_by(label_every(measure, periods, l.band.step())) {
        tick_label(marks, l.x(i), l.bottom(), &period(&periods[i]));
    }
}

/// Each segment's limits and mean over its own points, a dotted rule where a rebase starts, and
/// the target across the plot.
fn limits(marks: &mut Vec<Mark>, m: &SeriesModel, l: &Layout) {
    let step = l.band.step();
    for (k, s) in m.drawn_segments().enumerate() {
        let end = s.end.min(l.band.n);
        let (x1, x2) = (l.x(s.start) - step * 0.4, l.x(end - 1) + step * 0.4);
        for (v, stroke) in [(s.upl, LIMIT_STROKE), (s.lpl, LIMIT_STROKE), (s.mean, MEAN_STROKE)] {
            marks.push(rule_h(x1, x2, l.y.map(v), stroke));
        }
        if k > 0 {
            let x = l.x(s.start) - step / 2.0;
            marks.push(rule_v(x, l.plot.y, l.bottom(), REBASE_STROKE));
            let font = Font(SOURCE_SIZE, false, palette::SECONDARY_TEXT, Align::Start, Baseline::Top);
            marks.push(text(
                x + 3.0,
                l.plot.y + 2.0,
                &format!("Rebased {}", period(&m.periods[s.start])),
                font,
            ));
        }
    }
    if let Some(t) = m.options.target {
        marks.push(rule_h(l.plot.x, l.plot.x + l.plot.w, l.y.map(t), TARGET_STROKE));
    }
}

/// The data line, a point per period over it (special causes a little larger), and the item a
/// pointer or the keyboard reaches each by.
fn points(marks: &mut Vec<Mark>, m: &SeriesModel, l: &Layout) -> Vec<Item> {
    let n = l.band.n;
    if n > 1 {
        let points = (0..n).map(|i| (l.x(i), l.y.map(m.values[i]))).collect();
        marks.push(Mark::Path { points, stroke: DATA_STROKE });
    }
    let step = l.band.step();
    let size = (step * 0.75).clamp(4.0, 9.0);
    let highlight = Highlight::Guide { size: size + 10.0, top: l.plot.y, bottom: l.bottom() };
    let mut items = Vec::with_capacity(n);
    for i in 0..n {
        let (cx, cy) = (l.x(i), l.y.map(m.values[i]));
        let t = m.result.point_type[i];
        let (shape, fill, _) = point_style(t);
        let size = if t == PointType::CommonCause { size } else { size + 1.5 };
        marks.push(Mark::Marker { x: cx, y: cy, size, shape, fill, stroke: Some(OUTLINE) });
        items.push(Item {
            key: m.periods[i].clone(),
            label: period(&m.periods[i]),
            hit: Bounds { x: cx - step / 2.0, y: l.plot.y, w: step, h: l.plot.h },
            anchor: (cx, cy),
            tooltip: Vec::new(),
            summary: String::new(),
            highlight: highlight.clone(),
        });
    }
    items
}

/// Builds the SPC chart's scene.
pub fn scene(m: &SeriesModel, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
    let mut frame = Frame::new(view.width, view.height, measure);
    let title = view.title.clone().unwrap_or_else(|| message_title(m));
    let subtitle = subtitle(m);
    frame.heading(&title, &subtitle);
    if m.drawn() > 0 {
        icon_row(&mut frame, &icons(m));
    }
    frame.legend(&legend(m));
    let band_y = frame.source_and_plot_band(&view.source, LABEL_SIZE * 1.4 + 10.0);
    let (width, height) = (frame.width, frame.height);
    let mut marks = std::mem::take(&mut frame.marks);
    let labels = line_labels(m);
    let layout = axes(&mut marks, m, &labels, band_y, width, measure);
    period_axis(&mut marks, m, &layout, measure);
    limits(&mut marks, m, &layout);
    let items = points(&mut marks, m, &layout);
    if let Some(widest) = layout.margin.filter(|_| m.drawn() > 0) {
        let ends: Vec<EndLabel> =
            labels.into_iter().map(|(v, text, color)| EndLabel { y: layout.y.map(v), text, color }).collect();
        end_labels(&mut marks, measure, layout.plot, &ends, LABEL_SIZE + 3.0, widest + 2.0);
    }
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
        warnings: m.warnings(),
    }
}

impl Drawn for SeriesModel {
    fn scene(&self, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
        scene(self, view, measure)
    }

    /// Items are the drawn points in time order, so item `i` is period `i`.
    fn words(&self, _scene: &Scene, index: usize) -> Words {
        if index < self.drawn() {
            Words { tooltip: tooltip(self, index), summary: summary(self, index) }
        } else {
            Words::default()
        }
    }

    fn table(&self, _scene: &Scene) -> Table {
        table(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::benchmark::series::SpcOptions;
    use crate::chart::text::ApproxMeasure;

    fn input(values: &[f64], options: SpcOptions) -> SeriesModel {
        let periods = (0..values.len()).map(|i| format!("{}-{:02}-01", 2016 + i / 12, i % 12 + 1)).collect();
        SeriesModel::compute(
            periods,
            values.to_vec(),
            "%",
            "Test measure",
            ("Test NHS Trust", "TST"),
            options,
        )
        .unwrap()
    }

    fn opts() -> ViewOptions {
        ViewOptions { width: 640.0, height: 420.0, title: None, source: "Source: test".into() }
    }

    #[test]
    fn compute_rejects_periods_that_do_not_match_the_values() {
        let e = SeriesModel::compute(
            vec!["2016-01-01".into()],
            vec![1.0, 2.0],
            "%",
            "m",
            ("o", "O"),
            SpcOptions::default(),
        )
        .unwrap_err();
        assert_eq!(e.field, "periods");
        assert!(e.rule.contains("1 periods for 2 values"), "{e}");
    }

    #[test]
    fn a_mismatched_input_draws_what_lines_up_and_warns() {
        let mut i = input(&[5.0, 6.0, 5.0, 6.0, 5.0, 6.0], SpcOptions::default());
        i.values.truncate(4);
        let s = scene(&i, &opts(), &ApproxMeasure);
        assert_eq!(s.items.len(), 4);
        assert!(s.warnings.iter().any(|w| w.contains("only the first 4 are drawn")), "{:?}", s.warnings);
    }

    #[test]
    fn an_empty_input_gives_a_chart_with_no_items_rather_than_a_panic() {
        let mut i = input(&[5.0, 6.0], SpcOptions::default());
        i.values.clear();
        let s = scene(&i, &opts(), &ApproxMeasure);
        assert!(s.items.is_empty());
        assert_eq!(s.title, "Test: no points to chart for Test measure");
    }

    #[test]
    fn a_low_last_point_shows_the_concern_icon_and_its_words() {
        let y = [10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 2.0];
        let m = input(&y, SpcOptions { target: Some(12.0), ..SpcOptions::default() });
        let s = scene(&m, &opts(), &ApproxMeasure);
        assert_eq!(
            s.title,
            "Test: special cause concern in Jan 2017 (2.0%); hit and miss against the 12% target"
        );
        let texts: Vec<&str> = s
            .marks
            .iter()
            .filter_map(|m| if let Mark::Text { text, .. } = m { Some(text.as_str()) } else { None })
            .collect();
        assert!(texts.contains(&"L"), "the icon's letter: {texts:?}");
        assert!(texts.iter().any(|t| t.starts_with("Special cause concern")), "{texts:?}");
        let tooltip = m.words(&s, 12).tooltip;
        assert!(tooltip.iter().any(|(k, v)| k == "Rule" && v == "below the lower process limit"));
        assert!(s.items[12].tooltip.is_empty(), "the words are built when asked for, not in the scene");
    }

    #[test]
    fn improvement_and_concern_differ_in_shape_as_well_as_colour() {
        let styles: Vec<(Shape, Color)> = [
            PointType::CommonCause,
            PointType::SpecialCauseImprovement,
            PointType::SpecialCauseConcern,
            PointType::SpecialCauseNeutralHigh,
        ]
        .into_iter()
        .map(|t| (point_style(t).0, point_style(t).1))
        .collect();
        for a in 0..styles.len() {
            for b in a + 1..styles.len() {
                assert_ne!(styles[a].0, styles[b].0, "shapes {a} and {b}");
                assert_ne!(styles[a].1, styles[b].1, "colours {a} and {b}");
            }
        }
    }
}
