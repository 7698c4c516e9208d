//! Marks: the pieces charts are built from, above the scene's primitives (lines, rects, markers,
//! text). A view's scene is its words, its layout and a short composition of these: an interval
//! rule, a point shaped and coloured by how it compares, a labelled reference line, a limit
//! curve, a box and whiskers, a label on a white backing, the focus organisation's name, and the
//! keyboard-and-pointer highlight. The shared styles live here too, so a "similar" point or the
//! national line looks the same in every view (Observable Plot's marks; plotters' series).

use super::draw::marker_polygon;
use super::layout::{Font, LABEL_SIZE, text};
use super::scene::{Align, Baseline, Bounds, Color, Mark, Shape, Stroke, palette};
use super::text::TextMeasure;
use crate::benchmark::distribution::FiveNumbers;
use crate::benchmark::ranking::Comparison;

/// The national (England) line.
pub const NATIONAL_STROKE: Stroke = Stroke::dashed(palette::TEXT, 1.5, 6.0, 3.0);
/// An operational standard or target.
pub const TARGET_STROKE: Stroke = Stroke::dashed(palette::BLUE, 2.0, 2.0, 3.0);
/// The axis line along the bottom of a plot.
pub const AXIS_STROKE: Stroke = Stroke::solid(palette::GREY_1, 1.0);
/// The outline that marks the focus organisation's point.
pub const FOCUS_OUTLINE: Stroke = Stroke::solid(palette::DARK_BLUE, 2.5);

/// The marker that says how an organisation compares with the benchmark, and the words for it:
/// shape and colour both carry the meaning, so the chart reads without colour vision (WCAG 1.4.1).
pub fn comparison_style(c: Comparison) -> (Shape, Color, &'static str) {
    match c {
        Comparison::Better => (Shape::TriangleUp, palette::GREEN, "better than"),
        Comparison::Similar => (Shape::Circle, palette::WARM_YELLOW, "similar to"),
        Comparison::Worse => (Shape::TriangleDown, palette::RED, "worse than"),
        Comparison::Higher => (Shape::TriangleUp, palette::BLUE, "higher than"),
        Comparison::Lower => (Shape::TriangleDown, palette::PURPLE, "lower than"),
        Comparison::NotCompared => (Shape::Square, palette::GREY_2, "not compared with"),
    }
}

/// A point shaped and coloured by its comparison. An outline gives the pale "similar" fill 3:1
/// contrast with the background (WCAG 1.4.11); the other markers get one only when large enough
/// for it not to darken them.
pub fn comparison_point(x: f64, y: f64, size: f64, c: Comparison) -> Mark {
    let (shape, fill, _) = comparison_style(c);
    let stroke = if c == Comparison::Similar || size >= 7.0 {
        Some(Stroke::solid(palette::TEXT, if size >= 7.0 { 1.0 } else { 0.75 }))
    } else {
        None
    };
    Mark::Marker { x, y, size, shape, fill, stroke }
}

/// The focus organisation's point: the same shape and fill, larger, outlined in dark blue.
pub fn focus_point(x: f64, y: f64, size: f64, shape: Shape, fill: Color) -> Mark {
    Mark::Marker { x, y, size, shape, fill, stroke: Some(FOCUS_OUTLINE) }
}

/// A vertical rule from `y1` to `y2` at `x` (an interval, a guide, a tick).
pub fn rule_v(x: f64, y1: f64, y2: f64, stroke: Stroke) -> Mark {
    Mark::Line { x1: x, y1, x2: x, y2, stroke }
}

/// A horizontal rule from `x1` to `x2` at `y`.
pub fn rule_h(x1: f64, x2: f64, y: f64, stroke: Stroke) -> Mark {
    Mark::Line { x1, y1: y, x2, y2: y, stroke }
}

/// The axis line along the bottom of `plot`.
pub fn axis_line(plot: Bounds) -> Mark {
    rule_h(plot.x, plot.x + plot.w, plot.y + plot.h, AXIS_STROKE)
}

/// A horizontal reference line across `plot` at `y`, its label in bold in the line's colour at
/// the right end, above the line. Nothing is drawn for a value off the scale (`y` not finite).
pub fn reference_line(marks: &mut Vec<Mark>, plot: Bounds, y: f64, stroke: Stroke, label: &str) {
    if !y.is_finite() {
        return;
    }
    marks.push(rule_h(plot.x, plot.x + plot.w, y, stroke));
    marks.push(text(
        plot.x + plot.w - 2.0,
        y - 3.0,
        label,
        Font(LABEL_SIZE, true, stroke.color, Align::End, Baseline::Bottom),
    ));
}

/// A limit curve through `points` (CSS pixels), drawn when it has at least two.
pub fn limit_curve(marks: &mut Vec<Mark>, points: Vec<(f64, f64)>, stroke: Stroke) {
    if points.len() > 1 {
        marks.push(Mark::Path { points, stroke });
    }
}

/// How a box and whiskers is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoxStyle {
    pub fill: Color,
    pub stroke: Stroke,
    pub median: Stroke,
}

/// A horizontal box and whiskers of `five` (values mapped to x by `x`), centred on `cy` and
/// `height` tall: whiskers from the lowest to the lower quartile and from the upper quartile to
/// the highest with end caps, the box from quartile to quartile, the median across it.
pub fn box_whiskers(
    marks: &mut Vec<Mark>,
    five: &FiveNumbers,
    x: &dyn Fn(f64) -> f64,
    cy: f64,
    height: f64,
    style: BoxStyle,
) {
    let (b0, b1) = (cy - height / 2.0, cy + height / 2.0);
    for (from, to) in [(five.min, five.q1), (five.q3, five.max)] {
        marks.push(rule_h(x(from), x(to), cy, style.stroke));
    }
    let cap = height * 0.3;
    for v in [five.min, five.max] {
        marks.push(rule_v(x(v), cy - cap, cy + cap, style.stroke));
    }
    marks.push(Mark::Rect {
        x: x(five.q1),
        y: b0,
        w: (x(five.q3) - x(five.q1)).max(1.0),
        h: height,
        fill: Some(style.fill),
        stroke: Some(style.stroke),
    });
    marks.push(rule_v(x(five.median), b0, b1, style.median));
}

/// A label over a white backing (opacity `backing`), so it reads over points and lines; `y` is
/// the label's vertical centre.
pub fn backed_label(
    marks: &mut Vec<Mark>,
    measure: &dyn TextMeasure,
    (x, y): (f64, f64),
    label: &str,
    font: Font,
    backing: f64,
) {
    let w = measure.width(label, font.0, font.1);
    let left = match font.3 {
        Align::Start => x,
        Align::Middle => x - w / 2.0,
        Align::End => x - w,
    };
    marks.push(Mark::Rect {
        x: left - 3.0,
        y: y - font.0 / 2.0 - 3.0,
        w: w + 6.0,
        h: font.0 + 6.0,
        fill: Some(palette::WHITE.with_alpha(backing)),
        stroke: None,
    });
    marks.push(text(x, y, label, font.align(font.3, Baseline::Middle)));
}

/// The focus ring: a black and a yellow circle (the NHS focus style), 3:1 against any
/// background, `size` across, around `(cx, cy)`.
pub fn focus_ring(cx: f64, cy: f64, size: f64) -> Vec<Mark> {
    let mut ring = marker_polygon(Shape::Circle, cx, cy, size);
    if let Some(&first) = ring.first() {
        ring.push(first);
    }
    vec![
        Mark::Path { points: ring.clone(), stroke: Stroke::solid(palette::BLACK, 4.0) },
        Mark::Path { points: ring, stroke: Stroke::solid(palette::FOCUS, 2.0) },
    ]
}

/// The focus outline around a rectangle (a cell or a row), in the same two colours.
pub fn focus_box(b: Bounds) -> Vec<Mark> {
    [(palette::BLACK, 4.0), (palette::FOCUS, 2.0)]
        .into_iter()
        .map(|(color, width)| Mark::Rect {
            x: b.x,
            y: b.y,
            w: b.w,
            h: b.h,
            fill: None,
            stroke: Some(Stroke::solid(color, width)),
        })
        .collect()
}

/// A dashed guide down the plot through a highlighted point.
pub const GUIDE_STROKE: Stroke = Stroke::dashed(palette::GREY_1, 1.0, 3.0, 3.0);

// Marks added for the funnel and distribution views.

use super::format::short_name;
use super::layout::{LegendEntry, Symbol};
use super::text::truncate;

/// The ring around a peer's point.
pub const PEER_RING: Stroke = Stroke::solid(palette::DARK_BLUE, 1.5);

/// The focus organisation's name by its point: bold dark blue, a size up from the axis labels.
pub const FOCUS_FONT: Font = Font(LABEL_SIZE + 1.0, true, palette::DARK_BLUE, Align::Start, Baseline::Middle);

/// A point of `shape`, `fill` and outline `stroke`, `size` across, centred on `(x, y)`.
pub fn point(x: f64, y: f64, size: f64, (shape, fill, stroke): (Shape, Color, Option<Stroke>)) -> Mark {
    Mark::Marker { x, y, size, shape, fill, stroke }
}

/// A circle `size` across around `(cx, cy)`, as a closed path (a peer's ring).
pub fn ring(cx: f64, cy: f64, size: f64, stroke: Stroke) -> Mark {
    let mut points = marker_polygon(Shape::Circle, cx, cy, size);
    if let Some(&first) = points.first() {
        points.push(first);
    }
    Mark::Path { points, stroke }
}

/// A white backing over `b` (opacity `opacity`), so the label on it reads over points and lines.
pub fn backing(b: Bounds, opacity: f64) -> Mark {
    Mark::Rect {
        x: b.x,
        y: b.y,
        w: b.w,
        h: b.h,
        fill: Some(palette::WHITE.with_alpha(opacity)),
        stroke: None,
    }
}

/// The focus organisation's label beside `x`, inside `plot`: "Salford Royal 82.9%" in
/// [`FOCUS_FONT`], at most 60% of the plot's width, `gap` to the right of `x` when it fits there,
/// else to its left; when it fits on neither side (a point in the middle of a narrow plot), on the
/// roomier side with the name shortened to fit, never the value. Returns the label, its width, the
/// x it is anchored at and its alignment there.
pub fn focus_name_beside(
    measure: &dyn TextMeasure,
    (name, value): (&str, &str),
    x: f64,
    gap: f64,
    plot: Bounds,
) -> (String, f64, f64, Align) {
    let (size, bold) = (FOCUS_FONT.0, FOCUS_FONT.1);
    let fit = |room: f64| {
        let value_w = measure.width(&format!(" {value}"), size, bold);
        let name =
            truncate(measure, &short_name(name), size, bold, (room.min(plot.w * 0.6) - value_w).max(0.0));
        let label = if name.is_empty() { value.to_string() } else { format!("{name} {value}") };
        let width = measure.width(&label, size, bold);
        (label, width)
    };
    let (right, left) = (plot.x + plot.w - (x + gap), x - gap - plot.x);
    let (label, width) = fit(plot.w * 0.6);
    if width <= right {
        (label, width, x + gap, Align::Start)
    } else if width <= left {
        (label, width, x - gap, Align::End)
    } else if right >= left {
        let (label, width) = fit(right);
        (label, width, x + gap, Align::Start)
    } else {
        let (label, width) = fit(left);
        (label, width, x - gap, Align::End)
    }
}

/// A legend entry for a point of `shape`, `fill` and outline `stroke`.
pub fn marker_entry(shape: Shape, fill: Color, stroke: Option<Stroke>, label: String) -> LegendEntry {
    LegendEntry { symbol: Symbol::Marker { shape, fill, stroke }, label }
}

/// A legend entry for a line drawn with `stroke`.
pub fn line_entry(stroke: Stroke, label: String) -> LegendEntry {
    LegendEntry { symbol: Symbol::Line(stroke), label }
}

/// A legend entry for an area filled with `fill`.
pub fn swatch_entry(fill: Color, label: String) -> LegendEntry {
    LegendEntry { symbol: Symbol::Swatch(fill), label }
}

// Marks added for the SPC, spine and opportunity views.

/// A tick down from an axis line at `y`, and its label under it (a period, a number).
pub fn tick_label(marks: &mut Vec<Mark>, x: f64, y: f64, label: &str) {
    marks.push(rule_v(x, y, y + 4.0, AXIS_STROKE));
    marks.push(text(x, y + 6.0, label, Font::LABEL.align(Align::Middle, Baseline::Top)));
}

/// Lines of text one under another from `y`, `leading` apart, all in `font` (a wrapped heading, a
/// sentence, an icon's words). Returns the y under the last line.
pub fn text_lines(
    marks: &mut Vec<Mark>,
    x: f64,
    mut y: f64,
    lines: &[String],
    font: Font,
    leading: f64,
) -> f64 {
    for line in lines {
        marks.push(text(x, y, line, font));
        y += leading;
    }
    y
}

/// The label of a line that ends at the plot's right edge (a process limit, a target): where the
/// line is, its words and their colour.
#[derive(Debug, Clone, PartialEq)]
pub struct EndLabel {
    pub y: f64,
    pub text: String,
    pub color: Color,
}

/// Labels in the margin right of `plot`, in bold, each level with its line but spread `gap`
/// apart so none prints over another, cut to `width`; drawn in the order given.
pub fn end_labels(
    marks: &mut Vec<Mark>,
    measure: &dyn TextMeasure,
    plot: Bounds,
    labels: &[EndLabel],
    gap: f64,
    width: f64,
) {
    let mut order: Vec<usize> = (0..labels.len()).collect();
    crate::order::sort_by(&mut order, |&a, &b| labels[a].y.total_cmp(&labels[b].y));
    let mut sorted: Vec<f64> = order.iter().map(|&k| labels[k].y).collect();
    super::layout::spread_labels(&mut sorted, gap, plot.y, plot.y + plot.h);
    let mut ys = vec![0.0; labels.len()];
    for (slot, &k) in order.iter().enumerate() {
        ys[k] = sorted[slot];
    }
    for (label, y) in labels.iter().zip(ys) {
        marks.push(text(
            plot.x + plot.w + 6.0,
            y,
            &super::text::truncate(measure, &label.text, LABEL_SIZE, true, width),
            Font(LABEL_SIZE, true, label.color, Align::Start, Baseline::Middle),
        ));
    }
}

// Marks added for the maturity views.

/// A rectangle over `b`.
pub fn rect(b: Bounds, fill: Option<Color>, stroke: Option<Stroke>) -> Mark {
    Mark::Rect { x: b.x, y: b.y, w: b.w, h: b.h, fill, stroke }
}

/// The outline of `b` as four lines, clockwise from the top left, so a dash pattern starts again
/// on every side.
pub fn outline(marks: &mut Vec<Mark>, b: Bounds, stroke: Stroke) {
    let corners = [(b.x, b.y), (b.x + b.w, b.y), (b.x + b.w, b.y + b.h), (b.x, b.y + b.h)];
    for (k, &(x1, y1)) in corners.iter().enumerate() {
        let (x2, y2) = corners[(k + 1) % 4];
        marks.push(Mark::Line { x1, y1, x2, y2, stroke });
    }
}

/// A vertical rule on a white halo `halo` pixels wide, so it shows on dark fills too.
pub fn haloed_rule_v(marks: &mut Vec<Mark>, x: f64, y1: f64, y2: f64, stroke: Stroke, halo: f64) {
    for s in [Stroke::solid(palette::WHITE, halo), stroke] {
        marks.push(rule_v(x, y1, y2, s));
    }
}

/// A point on a line, in the line's colour with a thin white edge; hollow (white, edged in
/// the colour `edge` pixels wide) when it is not like the others.
pub fn line_point(x: f64, y: f64, size: f64, shape: Shape, color: Color, hollow: Option<f64>) -> Mark {
    let (fill, stroke) = match hollow {
        Some(edge) => (palette::WHITE, Stroke::solid(color, edge)),
        None => (color, Stroke::solid(palette::WHITE, 1.0)),
    };
    Mark::Marker { x, y, size, shape, fill, stroke: Some(stroke) }
}

/// A closed line through `points` (back to the first).
pub fn closed_path(mut points: Vec<(f64, f64)>, stroke: Stroke) -> Mark {
    if let Some(&first) = points.first() {
        points.push(first);
    }
    Mark::Path { points, stroke }
}
