//! The SPC chart: an XmR chart as NHS England's "Making Data Count" draws it. One organisation's
//! values over time are joined by a line; each segment (a rebase starts a new one) has its mean
//! and dashed process limits; the target is a reference line; every point is coloured and shaped
//! by what it signals (common cause, special cause improvement, concern or neither). The variation
//! and assurance icons sit top right with their meaning in words beside them, so the chart reads
//! without knowing the icons, and without seeing colour (WCAG 1.4.1).
//!
//! The statistics come from the model ([`crate::benchmark::series`]); this module only draws
//! its result.

use super::draw::marker_polygon;
use super::format::short_name;
use super::format::{period, period_range, with_unit};
use super::layout::{
    Font, Frame, LABEL_SIZE, LegendEntry, PAD, SOURCE_SIZE, Symbol, ViewOptions, spread_labels, text, y_axis,
};
use super::scale::Band;
use super::scene::{
    Align, Baseline, Bounds, Color, Highlight, Item, Mark, Scene, Shape, Stroke, Table, palette,
};
use super::text::{TextMeasure, truncate, wrap};
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
const TARGET_STROKE: Stroke = Stroke::dashed(palette::BLUE, 2.0, 2.0, 3.0);
const DATA_STROKE: Stroke = Stroke::solid(palette::GREY_2, 1.5);
const OUTLINE: Stroke = Stroke::solid(palette::TEXT, 1.0);
const ICON_DIAMETER: f64 = 34.0;
const ICON_LABEL_WIDTH: f64 = 150.0;

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

fn variation_icon_style(icon: VariationIcon) -> (Color, Glyph) {
    match icon {
        VariationIcon::CommonCause => (COMMON_CAUSE, Glyph::Zigzag),
        VariationIcon::ImprovementHigh => (IMPROVEMENT, Glyph::Letter("H", Some(true))),
        VariationIcon::ImprovementLow => (IMPROVEMENT, Glyph::Letter("L", Some(false))),
        VariationIcon::ConcernHigh => (CONCERN, Glyph::Letter("H", Some(true))),
        VariationIcon::ConcernLow => (CONCERN, Glyph::Letter("L", Some(false))),
        VariationIcon::NeutralHigh => (NEUTRAL, Glyph::Letter("H", Some(true))),
        VariationIcon::NeutralLow => (NEUTRAL, Glyph::Letter("L", Some(false))),
    }
}

fn assurance_icon_style(icon: AssuranceIcon) -> (Color, Glyph) {
    match icon {
        AssuranceIcon::ConsistentPass => (IMPROVEMENT, Glyph::Letter("P", None)),
        AssuranceIcon::ConsistentFail => (CONCERN, Glyph::Letter("F", None)),
        AssuranceIcon::Inconsistent => (COMMON_CAUSE, Glyph::ZigzagOverLine),
    }
}

/// An icon: a white disc with a thick ring in the icon's colour, a thin dark edge for contrast,
/// and its glyph in dark ink.
fn icon_marks(marks: &mut Vec<Mark>, cx: f64, cy: f64, ring: Color, glyph: Glyph) {
    let d = ICON_DIAMETER;
    marks.push(Mark::Marker {
        x: cx,
        y: cy,
        size: d,
        shape: Shape::Circle,
        fill: palette::GREY_1,
        stroke: None,
    });
    marks.push(Mark::Marker { x: cx, y: cy, size: d - 2.0, shape: Shape::Circle, fill: ring, stroke: None });
    marks.push(Mark::Marker {
        x: cx,
        y: cy,
        size: d - 10.0,
        shape: Shape::Circle,
        fill: palette::WHITE,
        stroke: None,
    });
    let zigzag = |dy: f64| -> Vec<(f64, f64)> {
        (0..6).map(|i| (cx - 7.5 + 3.0 * i as f64, cy + dy + if i % 2 == 0 { 3.0 } else { -3.0 })).collect()
    };
    match glyph {
        Glyph::Letter(letter, arrow) => {
            let dy = if arrow.is_some() { -2.5 } else { 0.0 };
            marks.push(text(
                cx,
                cy + dy,
                letter,
                Font(14.0, true, palette::TEXT, Align::Middle, Baseline::Middle),
            ));
            if let Some(up) = arrow {
                marks.push(Mark::Marker {
                    x: cx,
                    y: cy + 8.0,
                    size: 5.0,
                    shape: if up { Shape::TriangleUp } else { Shape::TriangleDown },
                    fill: palette::TEXT,
                    stroke: None,
                });
            }
        }
        Glyph::Zigzag => {
            marks.push(Mark::Path { points: zigzag(0.0), stroke: Stroke::solid(palette::TEXT, 1.5) })
        }
        Glyph::ZigzagOverLine => {
            marks.push(Mark::Line {
                x1: cx - 9.0,
                y1: cy,
                x2: cx + 9.0,
                y2: cy,
                stroke: Stroke::solid(palette::BLUE, 1.5),
            });
            marks.push(Mark::Path { points: zigzag(0.0), stroke: Stroke::solid(palette::TEXT, 1.5) });
        }
    }
}

/// Lays out the icons right-aligned under the heading (one row when they fit, else one per row)
/// and moves the frame below them.
fn icon_row(frame: &mut Frame, icons: &[(Color, Glyph, String)]) {
    if icons.is_empty() {
        return;
    }
    let measure = frame.measure();
    let label_w = ICON_LABEL_WIDTH.min(frame.inner_width() - ICON_DIAMETER - 8.0).max(60.0);
    let laid: Vec<(Vec<String>, f64)> = icons
        .iter()
        .map(|(_, _, label)| {
            let lines = wrap(measure, label, LABEL_SIZE, true, label_w);
            let w = lines.iter().map(|l| measure.width(l, LABEL_SIZE, true)).fold(0.0, f64::max);
            (lines, ICON_DIAMETER + 6.0 + w)
        })
        .collect();
    let gap = 18.0;
    let total: f64 = laid.iter().map(|(_, w)| w).sum::<f64>() + gap * (laid.len() - 1) as f64;
    let one_row = total <= frame.inner_width();
    let row_h = |lines: usize| (lines as f64 * LABEL_SIZE * 1.25).max(ICON_DIAMETER) + 6.0;
    let mut x = frame.width - PAD - total;
    let mut tallest: f64 = 0.0;
    for ((ring, glyph, _), (lines, w)) in icons.iter().zip(&laid) {
        if !one_row {
            x = frame.width - PAD - w;
        }
        let cy = frame.y + row_h(lines.len()) / 2.0;
        icon_marks(&mut frame.marks, x + ICON_DIAMETER / 2.0, cy, *ring, *glyph);
        let mut ly = cy - (lines.len() as f64 - 1.0) * LABEL_SIZE * 1.25 / 2.0;
        for line in lines {
            frame.marks.push(text(
                x + ICON_DIAMETER + 6.0,
                ly,
                line,
                Font::LABEL.color(palette::TEXT).bold(),
            ));
            ly += LABEL_SIZE * 1.25;
        }
        if one_row {
            x += w + gap;
            tallest = tallest.max(row_h(lines.len()));
        } else {
            frame.y += row_h(lines.len());
        }
    }
    frame.y += tallest + 4.0;
}

fn shown_unit(unit: &str) -> &str {
    if unit == "%" { "%" } else { "" }
}

/// The number of points drawn: the shortest of the periods, the values and the result, so a
/// mismatched input draws what lines up rather than indexing past an end.
fn drawn_points(input: &SeriesModel) -> usize {
    input.periods.len().min(input.values.len()).min(input.result.len())
}

/// The chart's message: the latest point's variation and, with a target, the assurance.
pub fn message_title(input: &SeriesModel) -> String {
    let n = drawn_points(input);
    let short = short_name(&input.org_name);
    let Some(last) = n.checked_sub(1) else {
        return format!("{short}: no points to chart for {}", input.metric_title);
    };
    let variation = match input.result.point_type[last] {
        PointType::CommonCause => "common cause variation",
        PointType::SpecialCauseImprovement => "special cause improvement",
        PointType::SpecialCauseConcern => "special cause concern",
        PointType::SpecialCauseNeutralHigh | PointType::SpecialCauseNeutralLow => "special cause variation",
    };
    let mut title = format!(
        "{short}: {variation} in {} ({})",
        period(&input.periods[last]),
        with_unit(input.values[last], &input.unit, 1)
    );
    if let (Some(icon), Some(target)) = (input.result.assurance_icon, input.options.target) {
        let target = with_unit(target, &input.unit, 0);
        title.push_str(&match icon {
            AssuranceIcon::ConsistentPass => format!("; consistently passing the {target} target"),
            AssuranceIcon::ConsistentFail => format!("; consistently failing the {target} target"),
            AssuranceIcon::Inconsistent => format!("; hit and miss against the {target} target"),
        });
    }
    title
}

fn tooltip(input: &SeriesModel, i: usize) -> Vec<(String, String)> {
    let r = &input.result;
    let u = |v: f64| with_unit(v, &input.unit, 1);
    let trial = r.segments.iter().any(|s| s.trial_limits && (s.start..s.end).contains(&i));
    let mut rows = vec![
        ("Period".to_string(), period(&input.periods[i])),
        ("Value".into(), u(input.values[i])),
        ("Mean".into(), u(r.mean[i])),
        (
            "Process limits".into(),
            format!("{} to {}{}", u(r.lpl[i]), u(r.upl[i]), if trial { " (trial limits)" } else { "" }),
        ),
        ("Variation".into(), point_style(r.point_type[i]).2.to_string()),
        (
            "Rule".into(),
            r.special_cause[i].map_or_else(|| "none triggered".to_string(), |c| c.label(&input.options)),
        ),
    ];
    if let Some(t) = input.options.target {
        rows.push(("Target".into(), with_unit(t, &input.unit, 1)));
    }
    rows
}

fn summary(input: &SeriesModel, i: usize) -> String {
    let r = &input.result;
    let u = |v: f64| with_unit(v, &input.unit, 1);
    let rule = r.special_cause[i].map(|c| format!(" ({})", c.label(&input.options))).unwrap_or_default();
    format!(
        "{}: {}, {}{rule}. Mean {}, process limits {} to {}.",
        period(&input.periods[i]),
        u(input.values[i]),
        point_style(r.point_type[i]).2.to_lowercase(),
        u(r.mean[i]),
        u(r.lpl[i]),
        u(r.upl[i])
    )
}

fn table(input: &SeriesModel, n: usize) -> Table {
    let r = &input.result;
    let unit = if input.unit.is_empty() { String::new() } else { format!(" ({})", input.unit) };
    let segment_of =
        |i: usize| r.segments.iter().position(|s| (s.start..s.end).contains(&i)).map_or(0, |k| k + 1);
    Table {
        columns: vec![
            "Period".into(),
            format!("Value{unit}"),
            "Mean".into(),
            "Lower process limit".into(),
            "Upper process limit".into(),
            "Variation".into(),
            "Special cause rule".into(),
            "Segment".into(),
        ],
        rows: (0..n)
            .map(|i| {
                vec![
                    period(&input.periods[i]),
                    format!("{:.2}", input.values[i]),
                    format!("{:.2}", r.mean[i]),
                    format!("{:.2}", r.lpl[i]),
                    format!("{:.2}", r.upl[i]),
                    point_style(r.point_type[i]).2.to_string(),
                    r.special_cause[i].map(|c| c.label(&input.options)).unwrap_or_default(),
                    segment_of(i).to_string(),
                ]
            })
            .collect(),
    }
}

fn description(input: &SeriesModel, n: usize) -> String {
    let r = &input.result;
    let u = |v: f64| with_unit(v, &input.unit, 1);
    let Some(last) = n.checked_sub(1) else {
        return format!("SPC chart of {} for {}: no points.", input.metric_title, input.org_name);
    };
    let segments = r.segments.iter().filter(|s| s.start < n).count();
    let mut d = format!(
        "XmR chart of {} for {} ({}), {}: {n} points",
        input.metric_title,
        input.org_name,
        input.org_code,
        period_range(&input.periods[0], &input.periods[last]),
    );
    if segments > 1 {
        d.push_str(&format!(" in {segments} segments, each with its own mean and limits"));
    }
    d.push_str(&format!(
        ". Latest point {}: {}, {}. Mean {}, process limits {} to {}.",
        period(&input.periods[last]),
        u(input.values[last]),
        variation_label(r.variation_icon).to_lowercase(),
        u(r.mean[last]),
        u(r.lpl[last]),
        u(r.upl[last]),
    ));
    let count = |f: &dyn Fn(PointType) -> bool| r.point_type[..n].iter().filter(|t| f(**t)).count();
    let improvement = count(&|t| t == PointType::SpecialCauseImprovement);
    let concern = count(&|t| t == PointType::SpecialCauseConcern);
    let neutral =
        count(&|t| matches!(t, PointType::SpecialCauseNeutralHigh | PointType::SpecialCauseNeutralLow));
    d.push_str(&format!(
        " Special cause: {improvement} points improvement, {concern} concern, {neutral} neither; {} common cause.",
        n - improvement - concern - neutral
    ));
    if let (Some(icon), Some(t)) = (r.assurance_icon, input.options.target) {
        d.push_str(&format!(
            " Target {}: {}.",
            with_unit(t, &input.unit, 0),
            assurance_label(icon).to_lowercase()
        ));
    }
    d
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

/// Builds the SPC chart's scene.
pub fn scene(input: &SeriesModel, opts: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
    let r = &input.result;
    let n = drawn_points(input);
    let mut warnings: Vec<String> = r.warnings.iter().map(|w| w.message()).collect();
    if n != input.values.len() || n != input.periods.len() || n != r.len() {
        warnings.push(format!(
            "The series has {} periods, {} values and {} charted points: only the first {n} are drawn.",
            input.periods.len(),
            input.values.len(),
            r.len()
        ));
    }
    let mut frame = Frame::new(opts.width, opts.height, measure);
    let title = opts.title.clone().unwrap_or_else(|| message_title(input));
    let rebases: Vec<&str> =
        r.segments.iter().skip(1).filter(|s| s.start < n).map(|s| input.periods[s.start].as_str()).collect();
    let range = match n {
        0 => String::new(),
        _ => format!(", {}", period_range(&input.periods[0], &input.periods[n - 1])),
    };
    let mut subtitle = format!(
        "{}{range}, {n} points. XmR chart (Making Data Count): mean and process limits at ± 2.66 mean \
         moving ranges",
        input.metric_title
    );
    if !rebases.is_empty() {
        let list: Vec<String> = rebases.iter().map(|p| period(p)).collect();
        subtitle.push_str(&format!(", recalculated from {}", list.join(", ")));
    }
    subtitle.push_str("; colour and shape show special causes.");
    frame.heading(&title, &subtitle);

    let mut icons = vec![{
        let (ring, glyph) = variation_icon_style(r.variation_icon);
        (ring, glyph, variation_label(r.variation_icon).to_string())
    }];
    if let Some(a) = r.assurance_icon {
        let (ring, glyph) = assurance_icon_style(a);
        icons.push((ring, glyph, assurance_label(a).to_string()));
    }
    if n > 0 {
        icon_row(&mut frame, &icons);
    }

    // Legend: the point types present, then the lines.
    let mut legend = Vec::new();
    let mut neutral_counted = false;
    for t in [
        PointType::CommonCause,
        PointType::SpecialCauseImprovement,
        PointType::SpecialCauseConcern,
        PointType::SpecialCauseNeutralHigh,
        PointType::SpecialCauseNeutralLow,
    ] {
        let neutral = matches!(t, PointType::SpecialCauseNeutralHigh | PointType::SpecialCauseNeutralLow);
        let count = r.point_type[..n]
            .iter()
            .filter(|&&p| {
                p == t
                    || (neutral
                        && matches!(
                            p,
                            PointType::SpecialCauseNeutralHigh | PointType::SpecialCauseNeutralLow
                        ))
            })
            .count();
        if count == 0 || (neutral && neutral_counted) {
            continue;
        }
        neutral_counted |= neutral;
        let (shape, fill, words) = point_style(t);
        let words = if neutral { "Special cause, neither improvement nor concern" } else { words };
        legend.push(LegendEntry {
            symbol: Symbol::Marker { shape, fill, stroke: Some(OUTLINE) },
            label: format!("{words} ({count})"),
        });
    }
    legend.push(LegendEntry { symbol: Symbol::Line(MEAN_STROKE), label: "Mean".into() });
    legend.push(LegendEntry { symbol: Symbol::Line(LIMIT_STROKE), label: "Process limits".into() });
    if let Some(t) = input.options.target {
        legend.push(LegendEntry {
            symbol: Symbol::Line(TARGET_STROKE),
            label: format!("Target {}", with_unit(t, &input.unit, 0)),
        });
    }
    frame.legend(&legend);
    let band_y = frame.source_and_plot_band(&opts.source, LABEL_SIZE * 1.4 + 10.0);
    let (w, h) = (frame.width, frame.height);
    let mut marks = std::mem::take(&mut frame.marks);

    // Labels for the latest segment's lines and the target, in a right margin when there is room.
    let last_segment = r.segments.iter().rfind(|s| s.start < n);
    let mut line_labels: Vec<(f64, String, Color)> = Vec::new();
    if let Some(s) = last_segment {
        // Numbers only, bar "%": a long unit ("per 100 attendances") would squeeze the plot.
        let u = |v: f64| with_unit(v, shown_unit(&input.unit), 1);
        let trial = if s.trial_limits { " (trial)" } else { "" };
        line_labels.push((s.upl, format!("Upper limit {}{trial}", u(s.upl)), palette::GREY_1));
        line_labels.push((s.mean, format!("Mean {}", u(s.mean)), palette::TEXT));
        line_labels.push((s.lpl, format!("Lower limit {}{trial}", u(s.lpl)), palette::GREY_1));
    }
    if let Some(t) = input.options.target {
        line_labels.push((t, format!("Target {}", with_unit(t, shown_unit(&input.unit), 0)), palette::BLUE));
    }
    let margin = line_labels.iter().map(|(_, l, _)| measure.width(l, LABEL_SIZE, true)).fold(0.0, f64::max);
    let show_line_labels = w - 2.0 * PAD - margin >= 400.0;
    let right = if show_line_labels { w - PAD - margin - 8.0 } else { w - PAD };

    // y domain: the values, every limit and the target.
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for i in 0..n {
        for v in [input.values[i], r.lpl[i], r.upl[i]] {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    if let Some(t) = input.options.target {
        lo = lo.min(t);
        hi = hi.max(t);
    }
    // A little room beyond the extremes so no marker sits on the axis line.
    let pad = (hi - lo) * 0.03;
    let (lo, hi) = (lo - pad, hi + pad);
    let unit = shown_unit(&input.unit);
    let (y_scale, plot) =
        y_axis(&mut marks, measure, (lo, hi), band_y, PAD, right, &|v, d| with_unit(v, unit, d));
    let band = Band { n, range: (plot.x, plot.x + plot.w) };
    let step = band.step();
    let bottom = plot.y + plot.h;

    // Period labels and ticks.
    let every = label_every(measure, &input.periods[..n], step);
    for i in (0..n).step_by(every) {
        let x = band.centre(i);
        marks.push(Mark::Line {
            x1: x,
            y1: bottom,
            x2: x,
            y2: bottom + 4.0,
            stroke: Stroke::solid(palette::GREY_1, 1.0),
        });
        marks.push(text(
            x,
            bottom + 6.0,
            &period(&input.periods[i]),
            Font::LABEL.align(Align::Middle, Baseline::Top),
        ));
    }

    // Each segment's mean and limits, over its own points; a dotted rule where a rebase starts.
    for (k, s) in r.segments.iter().enumerate() {
        if s.start >= n {
            break;
        }
        let end = s.end.min(n);
        let (x1, x2) = (band.centre(s.start) - step * 0.4, band.centre(end - 1) + step * 0.4);
        for (v, stroke) in [(s.upl, LIMIT_STROKE), (s.lpl, LIMIT_STROKE), (s.mean, MEAN_STROKE)] {
            let y = y_scale.map(v);
            marks.push(Mark::Line { x1, y1: y, x2, y2: y, stroke });
        }
        if k > 0 {
            let x = band.centre(s.start) - step / 2.0;
            marks.push(Mark::Line {
                x1: x,
                y1: plot.y,
                x2: x,
                y2: bottom,
                stroke: Stroke::dashed(palette::GREY_1, 1.0, 2.0, 3.0),
            });
            marks.push(text(
                x + 3.0,
                plot.y + 2.0,
                &format!("Rebased {}", period(&input.periods[s.start])),
                Font(SOURCE_SIZE, false, palette::SECONDARY_TEXT, Align::Start, Baseline::Top),
            ));
        }
    }
    if let Some(t) = input.options.target {
        let y = y_scale.map(t);
        marks.push(Mark::Line { x1: plot.x, y1: y, x2: plot.x + plot.w, y2: y, stroke: TARGET_STROKE });
    }

    // The data line, then the points over it.
    if n > 1 {
        let points = (0..n).map(|i| (band.centre(i), y_scale.map(input.values[i]))).collect();
        marks.push(Mark::Path { points, stroke: DATA_STROKE });
    }
    let size = (step * 0.75).clamp(4.0, 9.0);
    let mut items = Vec::with_capacity(n);
    for i in 0..n {
        let (cx, cy) = (band.centre(i), y_scale.map(input.values[i]));
        let (shape, fill, _) = point_style(r.point_type[i]);
        let special = r.point_type[i] != PointType::CommonCause;
        marks.push(Mark::Marker {
            x: cx,
            y: cy,
            size: if special { size + 1.5 } else { size },
            shape,
            fill,
            stroke: Some(OUTLINE),
        });
        let mut ring = marker_polygon(Shape::Circle, cx, cy, size + 10.0);
        ring.push(ring[0]);
        items.push(Item {
            key: input.periods[i].clone(),
            label: period(&input.periods[i]),
            hit: Bounds { x: cx - step / 2.0, y: plot.y, w: step, h: plot.h },
            anchor: (cx, cy),
            tooltip: tooltip(input, i),
            summary: summary(input, i),
            highlight: Highlight::Marks(vec![
                Mark::Line {
                    x1: cx,
                    y1: plot.y,
                    x2: cx,
                    y2: bottom,
                    stroke: Stroke::dashed(palette::GREY_1, 1.0, 3.0, 3.0),
                },
                Mark::Path { points: ring.clone(), stroke: Stroke::solid(palette::BLACK, 4.0) },
                Mark::Path { points: ring, stroke: Stroke::solid(palette::FOCUS, 2.0) },
            ]),
        });
    }

    // Line labels in the right margin, spread so they never overprint.
    if show_line_labels && n > 0 {
        let mut ys: Vec<f64> = line_labels.iter().map(|(v, _, _)| y_scale.map(*v)).collect();
        let mut order: Vec<usize> = (0..ys.len()).collect();
        order.sort_by(|&a, &b| ys[a].total_cmp(&ys[b]));
        let mut sorted: Vec<f64> = order.iter().map(|&k| ys[k]).collect();
        spread_labels(&mut sorted, LABEL_SIZE + 3.0, plot.y, bottom);
        for (slot, &k) in order.iter().enumerate() {
            ys[k] = sorted[slot];
        }
        for ((_, label, color), y) in line_labels.iter().zip(ys) {
            marks.push(text(
                plot.x + plot.w + 6.0,
                y,
                &truncate(measure, label, LABEL_SIZE, true, margin + 2.0),
                Font(LABEL_SIZE, true, *color, Align::Start, Baseline::Middle),
            ));
        }
    }
    marks.push(Mark::Line {
        x1: plot.x,
        y1: bottom,
        x2: plot.x + plot.w,
        y2: bottom,
        stroke: Stroke::solid(palette::GREY_1, 1.0),
    });

    Scene {
        width: w,
        height: h,
        marks,
        items,
        plot,
        title,
        subtitle,
        description: description(input, n),
        table: table(input, n),
        warnings,
    }
}

impl crate::chart::view::Drawn for SeriesModel {
    fn scene(&self, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
        scene(self, view, measure)
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
        let s = scene(
            &input(&y, SpcOptions { target: Some(12.0), ..SpcOptions::default() }),
            &opts(),
            &ApproxMeasure,
        );
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
        assert!(s.items[12].tooltip.iter().any(|(k, v)| k == "Rule" && v == "below the lower process limit"));
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
