//! The ranked comparison chart (a "caterpillar" plot): one point per organisation, sorted best to
//! worst, with thick 95% and thin 99.8% interval bars, the national value and the operational
//! standard as reference lines, and the focus organisation marked and labelled. Shape and colour
//! both say better, similar or worse than the national value at 99.8%.

use super::draw::marker_polygon;
use super::format::{number, period_range, with_unit};
use super::layout::{Font, Frame, LABEL_SIZE, LegendEntry, PAD, Symbol, ViewOptions, text, y_axis};
use super::scale::Band;
use super::scene::{Align, Baseline, Bounds, Color, Item, Mark, Scene, Shape, Stroke, Table, palette};
use super::text::{TextMeasure, truncate};
use crate::benchmark::ranking::{Comparison, RankedModel, RankedOrg, Ranking, comparison_label};
use crate::data::Metric;

const NATIONAL_STROKE: Stroke = Stroke::dashed(palette::TEXT, 1.5, 6.0, 3.0);
const TARGET_STROKE: Stroke = Stroke::dashed(palette::BLUE, 2.0, 2.0, 3.0);

/// The marker that says how an organisation compares with the benchmark.
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

/// A short name for titles: "Salford Royal NHS Foundation Trust" becomes "Salford Royal".
pub fn short_name(name: &str) -> String {
    let mut s = name.to_string();
    for suffix in [" NHS Foundation Trust", " NHS Trust", " Foundation Trust"] {
        if let Some(stripped) = s.strip_suffix(suffix) {
            s = stripped.to_string();
            break;
        }
    }
    s
}

/// The chart's message: the focus organisation's standing, or how many differ from the national value.
pub fn message_title(r: &Ranking, m: &Metric, opts: &RankedModel) -> String {
    let n = r.orgs.len();
    let national = with_unit(r.national, &m.unit, 1);
    match r.focus.map(|i| &r.orgs[i]) {
        Some(o) => format!(
            "{} ranks {} of {n} {}: {}, {} {} ({national})",
            short_name(&o.name),
            o.rank,
            opts.population,
            with_unit(o.value, &m.unit, 1),
            comparison_style(o.vs_national).2,
            opts.national_label
        ),
        None => {
            let worse = r.orgs.iter().filter(|o| o.vs_national == Comparison::Worse).count();
            format!("{worse} of {n} {} are worse than {} ({national})", opts.population, opts.national_label)
        }
    }
}

fn counts(r: &Ranking) -> [(Comparison, usize); 6] {
    let mut c = [
        (Comparison::Better, 0),
        (Comparison::Similar, 0),
        (Comparison::Worse, 0),
        (Comparison::Higher, 0),
        (Comparison::Lower, 0),
        (Comparison::NotCompared, 0),
    ];
    for o in &r.orgs {
        if let Some(slot) = c.iter_mut().find(|(k, _)| *k == o.vs_national) {
            slot.1 += 1;
        }
    }
    c
}

fn tooltip(o: &RankedOrg, n: usize, m: &Metric, opts: &RankedModel) -> Vec<(String, String)> {
    let u = |v: f64| with_unit(v, &m.unit, 1);
    vec![
        ("Organisation".into(), format!("{} ({})", o.name, o.code)),
        ("Value".into(), u(o.value)),
        ("95% interval".into(), format!("{} to {}", u(o.ci95.lower), u(o.ci95.upper))),
        ("99.8% interval".into(), format!("{} to {}", u(o.ci998.lower), u(o.ci998.upper))),
        ("Denominator".into(), number(o.denominator, 0)),
        ("Rank".into(), format!("{} of {n}", o.rank)),
        (
            format!("Compared with {}", opts.national_label),
            format!("{} (99.8%)", comparison_label(o.vs_national)),
        ),
    ]
}

fn summary(o: &RankedOrg, n: usize, m: &Metric, opts: &RankedModel) -> String {
    let u = |v: f64| with_unit(v, &m.unit, 1);
    format!(
        "{}, rank {} of {n}: {}, 95% interval {} to {}, {} {} at 99.8%.",
        o.name,
        o.rank,
        u(o.value),
        u(o.ci95.lower),
        u(o.ci95.upper),
        comparison_style(o.vs_national).2,
        opts.national_label
    )
}

fn table(r: &Ranking, m: &Metric, opts: &RankedModel) -> Table {
    let unit = if m.unit == "%" { " (%)".to_string() } else { format!(" ({})", m.unit) };
    Table {
        columns: vec![
            "Rank".into(),
            "ODS code".into(),
            "Organisation".into(),
            "Region".into(),
            "Numerator".into(),
            "Denominator".into(),
            format!("Value{unit}"),
            "95% lower".into(),
            "95% upper".into(),
            "99.8% lower".into(),
            "99.8% upper".into(),
            format!("Compared with {} (99.8%)", opts.national_label),
        ],
        rows: r
            .orgs
            .iter()
            .map(|o| {
                vec![
                    o.rank.to_string(),
                    o.code.clone(),
                    o.name.clone(),
                    o.region.clone(),
                    format!("{}", o.numerator),
                    format!("{}", o.denominator),
                    format!("{:.2}", o.value),
                    format!("{:.2}", o.ci95.lower),
                    format!("{:.2}", o.ci95.upper),
                    format!("{:.2}", o.ci998.lower),
                    format!("{:.2}", o.ci998.upper),
                    comparison_label(o.vs_national).to_string(),
                ]
            })
            .collect(),
    }
}

/// Builds the ranked chart's scene.
pub fn scene(model: &RankedModel, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
    let (r, m, opts) = (&model.ranking, &model.metric, model);
    let mut frame = Frame::new(view.width, view.height, measure);
    let title = view.title.clone().unwrap_or_else(|| message_title(r, m, opts));
    let subtitle = format!(
        "{}, {}. Each point is one of {} {}, ranked; thick bars are 95% and thin bars 99.8% Wilson score \
         intervals. Shape and colour compare each with {} at 99.8%.",
        m.title,
        period_range(&r.from, &r.to),
        r.orgs.len(),
        opts.population,
        opts.national_label
    );
    frame.heading(&title, &subtitle);

    // Legend: only the categories present, then the reference lines.
    let mut legend = Vec::new();
    for (c, n) in counts(r) {
        if n > 0 {
            let (shape, fill, words) = comparison_style(c);
            let mut words = words.to_string();
            if let Some(first) = words.get(..1) {
                words = first.to_uppercase() + &words[1..];
            }
            let stroke = Some(Stroke::solid(palette::TEXT, 1.0));
            legend.push(LegendEntry {
                symbol: Symbol::Marker { shape, fill, stroke },
                label: format!("{words} {} ({n})", opts.national_label),
            });
        }
    }
    legend.push(LegendEntry {
        symbol: Symbol::Line(NATIONAL_STROKE),
        label: format!("{} {}", opts.national_label, with_unit(r.national, &m.unit, 1)),
    });
    if let Some(t) = m.target {
        legend.push(LegendEntry {
            symbol: Symbol::Line(TARGET_STROKE),
            label: format!("Standard {}", with_unit(t, &m.unit, 0)),
        });
    }
    frame.legend(&legend);
    let band_y = frame.source_and_plot_band(&view.source, LABEL_SIZE * 1.4 + 10.0);
    let (w, h) = (frame.width, frame.height);

    // y domain: every 99.8% interval, the national value and the standard, rounded to ticks.
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for o in &r.orgs {
        lo = lo.min(o.ci998.lower);
        hi = hi.max(o.ci998.upper);
    }
    for v in [Some(r.national), m.target].into_iter().flatten() {
        if v.is_finite() {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    let unit = if m.unit == "%" { "%" } else { "" };
    let mut marks = std::mem::take(&mut frame.marks);
    let (y_scale, plot) =
        y_axis(&mut marks, measure, (lo, hi), band_y, PAD, w - PAD, &|v, d| with_unit(v, unit, d));
    let band = Band { n: r.orgs.len(), range: (plot.x, plot.x + plot.w) };

    // The focus organisation's column, behind its marks.
    let step_px = band.step();
    if let Some(f) = r.focus {
        let cx = band.centre(f);
        let half = (step_px / 2.0).max(5.0);
        marks.push(Mark::Rect {
            x: cx - half,
            y: plot.y,
            w: 2.0 * half,
            h: plot.h,
            fill: Some(palette::GREY_5),
            stroke: None,
        });
    }

    // Intervals first, then points, so no bar hides a point.
    let thick = (step_px * 0.5).clamp(1.0, 4.0);
    for (i, o) in r.orgs.iter().enumerate() {
        let cx = band.centre(i);
        marks.push(Mark::Line {
            x1: cx,
            y1: y_scale.map(o.ci998.lower),
            x2: cx,
            y2: y_scale.map(o.ci998.upper),
            stroke: Stroke::solid(palette::GREY_2, 1.0),
        });
        marks.push(Mark::Line {
            x1: cx,
            y1: y_scale.map(o.ci95.lower),
            x2: cx,
            y2: y_scale.map(o.ci95.upper),
            stroke: Stroke::solid(palette::GREY_1, thick),
        });
    }

    // Reference lines over the bars, labelled at the right end.
    let reference = |value: f64, stroke: Stroke, label: String, marks: &mut Vec<Mark>| {
        if !value.is_finite() {
            return;
        }
        let ly = y_scale.map(value);
        marks.push(Mark::Line { x1: plot.x, y1: ly, x2: plot.x + plot.w, y2: ly, stroke });
        marks.push(text(
            plot.x + plot.w - 2.0,
            ly - 3.0,
            &label,
            Font(LABEL_SIZE, true, stroke.color, Align::End, Baseline::Bottom),
        ));
    };
    reference(
        r.national,
        NATIONAL_STROKE,
        format!("{} {}", opts.national_label, with_unit(r.national, &m.unit, 1)),
        &mut marks,
    );
    if let Some(t) = m.target {
        reference(t, TARGET_STROKE, format!("Standard {}", with_unit(t, &m.unit, 0)), &mut marks);
    }

    let size = (step_px * 0.8).clamp(4.0, 10.0);
    let mut items = Vec::with_capacity(r.orgs.len());
    for (i, o) in r.orgs.iter().enumerate() {
        let (cx, cy) = (band.centre(i), y_scale.map(o.value));
        let (shape, color, _) = comparison_style(o.vs_national);
        // An outline gives the pale "similar" fill 3:1 contrast with the background (WCAG 1.4.11);
        // on the other markers it only darkens small points, so they get one when large enough.
        let outline = if o.vs_national == Comparison::Similar || size >= 7.0 {
            Some(Stroke::solid(palette::TEXT, if size >= 7.0 { 1.0 } else { 0.75 }))
        } else {
            None
        };
        marks.push(Mark::Marker { x: cx, y: cy, size, shape, fill: color, stroke: outline });
        let ring: Vec<(f64, f64)> = {
            let mut p = marker_polygon(Shape::Circle, cx, cy, size + 10.0);
            p.push(p[0]);
            p
        };
        items.push(Item {
            key: o.code.clone(),
            label: o.name.clone(),
            hit: Bounds { x: cx - step_px / 2.0, y: plot.y, w: step_px, h: plot.h },
            anchor: (cx, cy),
            tooltip: tooltip(o, r.orgs.len(), m, opts),
            summary: summary(o, r.orgs.len(), m, opts),
            highlight: vec![
                Mark::Line {
                    x1: cx,
                    y1: plot.y,
                    x2: cx,
                    y2: plot.y + plot.h,
                    stroke: Stroke::dashed(palette::GREY_1, 1.0, 3.0, 3.0),
                },
                Mark::Path { points: ring.clone(), stroke: Stroke::solid(palette::BLACK, 4.0) },
                Mark::Path { points: ring, stroke: Stroke::solid(palette::FOCUS, 2.0) },
            ],
        });
    }

    // The focus organisation: a bigger marker and its name beside it.
    if let Some(f) = r.focus {
        let o = &r.orgs[f];
        let (cx, cy) = (band.centre(f), y_scale.map(o.value));
        let (shape, color, _) = comparison_style(o.vs_national);
        marks.push(Mark::Marker {
            x: cx,
            y: cy,
            size: size + 6.0,
            shape,
            fill: color,
            stroke: Some(Stroke::solid(palette::DARK_BLUE, 2.5)),
        });
        let label = format!("{} {}", short_name(&o.name), with_unit(o.value, &m.unit, 1));
        let label = truncate(measure, &label, LABEL_SIZE + 1.0, true, plot.w * 0.6);
        // The label sits clear of the interval, above it (or below when there is no room), on a
        // white backing so reference lines and neighbours do not run through it.
        let size = LABEL_SIZE + 1.0;
        let tw = measure.width(&label, size, true);
        let above = y_scale.map(o.ci998.upper) - 16.0;
        let (top, leader_end) = if above - size - 4.0 > plot.y {
            (above - size - 2.0, above + 2.0)
        } else {
            let below = y_scale.map(o.ci998.lower) + 16.0;
            (below, below - 2.0)
        };
        let left_half = cx < plot.x + plot.w / 2.0;
        let x0 = if left_half { cx - 6.0 } else { cx + 6.0 - tw };
        let x0 = x0.clamp(plot.x + 2.0, (plot.x + plot.w - tw - 2.0).max(plot.x + 2.0));
        marks.push(Mark::Line {
            x1: cx,
            y1: cy,
            x2: cx,
            y2: leader_end,
            stroke: Stroke::solid(palette::DARK_BLUE, 1.0),
        });
        marks.push(Mark::Rect {
            x: x0 - 4.0,
            y: top - 2.0,
            w: tw + 8.0,
            h: size + 6.0,
            fill: Some(palette::WHITE.with_alpha(0.92)),
            stroke: Some(Stroke::solid(palette::DARK_BLUE, 1.0)),
        });
        marks.push(text(
            x0,
            top + 1.0,
            &label,
            Font(size, true, palette::DARK_BLUE, Align::Start, Baseline::Top),
        ));
    }

    // Axis line and labels.
    marks.push(Mark::Line {
        x1: plot.x,
        y1: plot.y + plot.h,
        x2: plot.x + plot.w,
        y2: plot.y + plot.h,
        stroke: Stroke::solid(palette::GREY_1, 1.0),
    });
    let axis_label =
        format!("{} {}, ranked from best (left) to worst (right)", r.orgs.len(), opts.population);
    marks.push(text(
        plot.x + plot.w / 2.0,
        plot.y + plot.h + 8.0,
        &truncate(measure, &axis_label, LABEL_SIZE, false, plot.w),
        Font(LABEL_SIZE, false, palette::SECONDARY_TEXT, Align::Middle, Baseline::Top),
    ));
    let c = counts(r);
    let count_of = |k: Comparison| c.iter().find(|(x, _)| *x == k).map_or(0, |(_, n)| *n);
    let mut description = format!(
        "Ranked chart of {} {} by {}, {}. {} value {}. At 99.8%, {} are better than {}, {} similar and {} worse.",
        r.orgs.len(),
        opts.population,
        m.title,
        period_range(&r.from, &r.to),
        opts.national_label,
        with_unit(r.national, &m.unit, 1),
        count_of(Comparison::Better) + count_of(Comparison::Higher),
        opts.national_label,
        count_of(Comparison::Similar),
        count_of(Comparison::Worse) + count_of(Comparison::Lower),
    );
    if let Some(f) = r.focus {
        description.push(' ');
        description.push_str(&summary(&r.orgs[f], r.orgs.len(), m, opts));
    }
    if let Some(t) = m.target {
        let lower_is_better = m.polarity == crate::data::Polarity::LowerIsBetter;
        let meeting =
            r.orgs.iter().filter(|o| if lower_is_better { o.value <= t } else { o.value >= t }).count();
        description.push_str(&format!(
            " {meeting} of {} meet the standard of {}.",
            r.orgs.len(),
            with_unit(t, &m.unit, 0)
        ));
    }

    Scene {
        width: w,
        height: h,
        marks,
        items,
        plot,
        title,
        subtitle,
        description,
        table: table(r, m, opts),
        warnings: r.warnings.clone(),
    }
}

impl crate::chart::view::Drawn for crate::benchmark::ranking::RankedModel {
    fn scene(&self, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
        scene(self, view, measure)
    }
}
