//! The funnel plot for proportions: each organisation's value against its denominator, with the
//! 95% and 99.8% control limits around the baseline (the pooled value) narrowing as the
//! denominator grows, so small and large organisations are judged fairly. Points beyond a limit
//! are shaped and coloured by direction (better, worse, or higher and lower where the metric makes
//! no judgement) and filled when beyond 99.8%, hollow when beyond 95% only; the focus organisation
//! is enlarged and named and peers are ringed.
//!
//! The limits and each point's significance come from the model ([`crate::benchmark::funnel`]);
//! this module only draws them.

use super::draw::marker_polygon;
use super::format::short_name;
use super::format::{number, period_range, with_unit};
use super::layout::{
    Font, Frame, LABEL_SIZE, LegendEntry, PAD, Symbol, ViewOptions, spread_labels, text, x_axis, y_axis,
};
use super::marks::comparison_style;
use super::scene::{
    Align, Baseline, Bounds, Color, Highlight, Item, Mark, Scene, Shape, Stroke, Table, palette,
};
use super::text::{TextMeasure, truncate};
use crate::benchmark::funnel::{
    FunnelModel, FunnelPoint, FunnelSignificance, ProportionFunnelRow, beyond_998, comparison,
};
use crate::benchmark::ranking::comparison_label;
use crate::data::Polarity;

const BASELINE_STROKE: Stroke = Stroke::dashed(palette::TEXT, 1.5, 6.0, 3.0);
const LIMIT_95_STROKE: Stroke = Stroke::dashed(palette::GREY_1, 1.25, 3.0, 3.0);
const LIMIT_998_STROKE: Stroke = Stroke::solid(palette::GREY_1, 1.5);
const PEER_RING: Stroke = Stroke::solid(palette::DARK_BLUE, 1.5);

/// Over-dispersion warning threshold: with correct limits about 0.2% of organisations lie beyond
/// 99.8% by chance; more than this share says the spread between them is wider than chance.
const OVERDISPERSED_SHARE: f64 = 0.05;

/// The marker for a point: the ranked chart's shape and colour for its comparison, filled beyond
/// 99.8% and hollow (a thick coloured outline on white) beyond 95% only.
pub fn point_style(s: FunnelSignificance, polarity: Polarity) -> (Shape, Color, Option<Stroke>) {
    let (shape, color, _) = comparison_style(comparison(s, polarity));
    match s {
        FunnelSignificance::High025 | FunnelSignificance::Low025 => {
            (shape, palette::WHITE, Some(Stroke::solid(color, 2.0)))
        }
        _ => (shape, color, Some(Stroke::solid(palette::TEXT, 1.0))),
    }
}

/// Words for where a point lies: "outside the 99.8% limits, better than England".
fn standing(s: FunnelSignificance, polarity: Polarity, baseline_label: &str) -> String {
    let words = comparison_style(comparison(s, polarity)).2;
    match s {
        FunnelSignificance::High001 | FunnelSignificance::Low001 => {
            format!("outside the 99.8% limits: {words} {baseline_label}")
        }
        FunnelSignificance::High025 | FunnelSignificance::Low025 => {
            format!("outside the 95% but inside the 99.8% limits: {words} {baseline_label} at 95%")
        }
        FunnelSignificance::NotSignificant => "inside the 95% limits".to_string(),
        FunnelSignificance::NotApplicableDsrUnder10 => "not judged".to_string(),
    }
}

/// The chart's message: where the focus organisation lies, or how many lie outside 99.8%.
pub fn message_title(input: &FunnelModel) -> String {
    let pts = &input.points;
    let unit = &input.metric.unit;
    let baseline = format!("{} ({})", input.baseline_label, with_unit(input.baseline, unit, 1));
    match pts.iter().find(|p| p.focus) {
        Some(p) => {
            let who = format!("{} ({})", short_name(&p.name), with_unit(p.value, unit, 1));
            let words = comparison_style(comparison(p.significance, input.metric.polarity)).2;
            match p.significance {
                FunnelSignificance::High001 | FunnelSignificance::Low001 => {
                    format!("{who} is {words} {baseline}, outside the 99.8% funnel limits")
                }
                FunnelSignificance::High025 | FunnelSignificance::Low025 => {
                    format!("{who} is {words} {baseline} at 95%, inside the 99.8% funnel limits")
                }
                _ => format!("{who} is inside the 95% funnel limits around {baseline}"),
            }
        }
        None => {
            let outside = pts.iter().filter(|p| beyond_998(p.significance)).count();
            format!(
                "{outside} of {} {} lie outside the 99.8% funnel limits around {baseline}",
                pts.len(),
                input.population
            )
        }
    }
}

fn tooltip(p: &FunnelPoint, input: &FunnelModel) -> Vec<(String, String)> {
    let unit = &input.metric.unit;
    let u = |v: f64| with_unit(v, unit, 1);
    let mut rows = vec![
        ("Organisation".to_string(), format!("{} ({})", p.name, p.code)),
        ("Value".into(), u(p.value)),
        (input.denominator_label.clone(), number(p.denominator, 0)),
    ];
    if let Some(l) = p.limits {
        rows.push(("95% limits".into(), format!("{} to {}", u(l.lower_2s_limit), u(l.upper_2s_limit))));
        rows.push(("99.8% limits".into(), format!("{} to {}", u(l.lower_3s_limit), u(l.upper_3s_limit))));
    }
    rows.push((
        format!("Compared with {}", input.baseline_label),
        standing(p.significance, input.metric.polarity, &input.baseline_label),
    ));
    if p.peer {
        rows.push(("Peer".into(), "yes".into()));
    }
    rows
}

fn summary(p: &FunnelPoint, input: &FunnelModel) -> String {
    format!(
        "{}: {} of {} {}, {}.",
        p.name,
        with_unit(p.value, &input.metric.unit, 1),
        number(p.denominator, 0),
        input.denominator_label.to_lowercase(),
        standing(p.significance, input.metric.polarity, &input.baseline_label)
    )
}

fn table(pts: &[FunnelPoint], input: &FunnelModel) -> Table {
    let unit = if input.metric.unit.is_empty() { String::new() } else { format!(" ({})", input.metric.unit) };
    Table {
        columns: vec![
            "ODS code".into(),
            "Organisation".into(),
            "Numerator".into(),
            "Denominator".into(),
            format!("Value{unit}"),
            "95% lower limit".into(),
            "95% upper limit".into(),
            "99.8% lower limit".into(),
            "99.8% upper limit".into(),
            "Significance (PHE)".into(),
            format!("Compared with {}", input.baseline_label),
            "Peer".into(),
        ],
        rows: pts
            .iter()
            .map(|p| {
                let l = p.limits;
                let f = |v: Option<f64>| v.map(|v| format!("{v:.2}")).unwrap_or_default();
                vec![
                    p.code.clone(),
                    p.name.clone(),
                    format!("{}", p.numerator),
                    format!("{}", p.denominator),
                    format!("{:.2}", p.value),
                    f(l.map(|l| l.lower_2s_limit)),
                    f(l.map(|l| l.upper_2s_limit)),
                    f(l.map(|l| l.lower_3s_limit)),
                    f(l.map(|l| l.upper_3s_limit)),
                    p.significance.label().to_string(),
                    comparison_label(comparison(p.significance, input.metric.polarity)).to_string(),
                    if p.peer { "yes".into() } else { String::new() },
                ]
            })
            .collect(),
    }
}

/// A limit curve across the plot, sampled every 2 pixels and cut where it leaves the plot: the
/// curves are monotone in the denominator, so the part outside is always at the left.
fn curve(
    plot: Bounds,
    x_of: &dyn Fn(f64) -> f64,
    y_of: &dyn Fn(f64) -> f64,
    value_at: &dyn Fn(f64) -> Option<f64>,
) -> Vec<(f64, f64)> {
    let bottom = plot.y + plot.h;
    let mut samples: Vec<(f64, f64)> = Vec::new();
    let mut px = plot.x + 1.0;
    while px <= plot.x + plot.w {
        let n = x_of(px);
        if let Some(v) = value_at(n).filter(|v| v.is_finite()) {
            samples.push((px, y_of(v)));
        }
        px += 2.0;
    }
    let inside = |y: f64| y >= plot.y && y <= bottom;
    let Some(k) = samples.iter().position(|&(_, y)| inside(y)) else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(samples.len() - k + 1);
    if k > 0 {
        let ((x0, y0), (x1, y1)) = (samples[k - 1], samples[k]);
        let edge = if y0 < plot.y { plot.y } else { bottom };
        let t = if y1 != y0 { (edge - y0) / (y1 - y0) } else { 0.0 };
        out.push((x0 + t * (x1 - x0), edge));
    }
    out.extend(samples[k..].iter().map(|&(x, y)| (x, y.clamp(plot.y, bottom))));
    out
}

/// Builds the funnel plot's scene from its model.
pub fn scene(input: &FunnelModel, opts: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
    let (pts, left_out) = (&input.points, input.left_out);
    let m = &input.metric;
    let unit = &m.unit;
    let mut warnings = Vec::new();
    if left_out > 0 {
        warnings.push(format!(
            "{left_out} of {} {} have no value or significance and are not plotted.",
            input.with_counts(),
            input.population
        ));
    }
    let outside_998 = pts.iter().filter(|p| beyond_998(p.significance)).count();
    if pts.len() >= 20 && outside_998 as f64 > OVERDISPERSED_SHARE * pts.len() as f64 {
        warnings.push(format!(
            "{outside_998} of {} {} lie outside the 99.8% limits, where chance alone would put about \
             1 in 500: the differences between them are wider than chance (over-dispersion), so these \
             limits flag many. Over-dispersed limits (Spiegelhalter 2005) allow for that.",
            pts.len(),
            input.population
        ));
    }

    let mut frame = Frame::new(opts.width, opts.height, measure);
    let title = opts.title.clone().unwrap_or_else(|| message_title(input));
    let subtitle = format!(
        "{}, {}. Each point is one of {} {}, plotted against its {}; the curves are 95% and 99.8% \
         control limits around {} (PHE method). Shape and colour show which limit a point lies beyond.",
        m.title,
        period_range(&input.from, &input.to),
        pts.len(),
        input.population,
        input.denominator_label.to_lowercase(),
        input.baseline_label
    );
    frame.heading(&title, &subtitle);

    // Legend: the categories present, peers, then the lines.
    let mut legend = Vec::new();
    for s in [
        FunnelSignificance::High001,
        FunnelSignificance::High025,
        FunnelSignificance::NotSignificant,
        FunnelSignificance::Low025,
        FunnelSignificance::Low001,
    ] {
        let count = pts.iter().filter(|p| p.significance == s).count();
        if count == 0 {
            continue;
        }
        let (shape, fill, stroke) = point_style(s, m.polarity);
        let words = comparison_label(comparison(s, m.polarity));
        let label = match s {
            FunnelSignificance::NotSignificant => format!("Inside 95% ({count})"),
            _ if beyond_998(s) => format!("{words}, outside 99.8% ({count})"),
            _ => format!("{words}, outside 95% only ({count})"),
        };
        legend.push(LegendEntry { symbol: Symbol::Marker { shape, fill, stroke }, label });
    }
    let peers = pts.iter().filter(|p| p.peer).count();
    if peers > 0 {
        legend.push(LegendEntry {
            symbol: Symbol::Marker { shape: Shape::Circle, fill: palette::WHITE, stroke: Some(PEER_RING) },
            label: format!("Peer ({peers})"),
        });
    }
    legend.push(LegendEntry {
        symbol: Symbol::Line(BASELINE_STROKE),
        label: format!("{} {}", input.baseline_label, with_unit(input.baseline, unit, 1)),
    });
    legend.push(LegendEntry { symbol: Symbol::Line(LIMIT_95_STROKE), label: "95% limits".into() });
    legend.push(LegendEntry { symbol: Symbol::Line(LIMIT_998_STROKE), label: "99.8% limits".into() });
    frame.legend(&legend);
    let below = 2.0 * (LABEL_SIZE * 1.4) + 12.0;
    let band_y = frame.source_and_plot_band(&opts.source, below);
    let (w, h) = (frame.width, frame.height);
    let mut marks = std::mem::take(&mut frame.marks);

    // y domain: the values, the baseline and the 95% limits at the smallest denominator (the
    // 99.8% curves are cut at the plot's edge rather than stretching it).
    let mut lo = input.baseline;
    let mut hi = input.baseline;
    for p in pts {
        lo = lo.min(p.value);
        hi = hi.max(p.value);
    }
    if let Some(l) = pts.first().and_then(|p| p.limits) {
        lo = lo.min(l.lower_2s_limit);
        hi = hi.max(l.upper_2s_limit);
    }
    let pad = (hi - lo) * 0.03;
    let (lo, hi) = (lo - pad, hi + pad);
    let right_labels = ["99.8%", "95%"];
    let label_w = right_labels.iter().map(|l| measure.width(l, LABEL_SIZE, true)).fold(0.0, f64::max);
    // Curve labels in a right margin when the plot stays at least 400 px wide; else the legend says it.
    let show_curve_labels = w - 2.0 * PAD - label_w >= 400.0;
    let margin = if show_curve_labels { label_w + 8.0 } else { 0.0 };
    let y_unit = if unit == "%" { "%" } else { "" };
    let (y_scale, plot) =
        y_axis(&mut marks, measure, (lo, hi), band_y, PAD, w - PAD - margin, &|v, d| with_unit(v, y_unit, d));
    let bottom = plot.y + plot.h;
    let max_den = pts.iter().map(|p| p.denominator).fold(0.0, f64::max);
    let x_scale = x_axis(&mut marks, measure, (0.0, max_den), plot, &|v, d| number(v, d));
    marks.push(text(
        plot.x + plot.w / 2.0,
        bottom + 8.0 + LABEL_SIZE * 1.4,
        &truncate(measure, &input.denominator_label, LABEL_SIZE, false, plot.w),
        Font(LABEL_SIZE, false, palette::SECONDARY_TEXT, Align::Middle, Baseline::Top),
    ));

    // The four limit curves, labelled at their right ends.
    let x_of = |px: f64| x_scale.invert(px);
    let y_of = |v: f64| y_scale.map(v);
    let row = |n: f64| input.limits(n);
    type Limit = fn(&ProportionFunnelRow) -> f64;
    let curves: [(Stroke, &str, Limit); 4] = [
        (LIMIT_998_STROKE, "99.8%", |r| r.upper_3s_limit),
        (LIMIT_95_STROKE, "95%", |r| r.upper_2s_limit),
        (LIMIT_95_STROKE, "95%", |r| r.lower_2s_limit),
        (LIMIT_998_STROKE, "99.8%", |r| r.lower_3s_limit),
    ];
    let mut ends = Vec::new();
    for (stroke, label, limit) in curves {
        let points = curve(plot, &x_of, &y_of, &|n| row(n).map(|r| limit(&r)));
        if let Some(&(_, y)) = points.last() {
            ends.push((y, label));
        }
        if points.len() > 1 {
            marks.push(Mark::Path { points, stroke });
        }
    }
    // The baseline over the curves, which hug it where denominators are large.
    let by = y_scale.map(input.baseline);
    marks.push(Mark::Line { x1: plot.x, y1: by, x2: plot.x + plot.w, y2: by, stroke: BASELINE_STROKE });
    if show_curve_labels {
        let mut ys: Vec<f64> = ends.iter().map(|(y, _)| *y).collect();
        // Upper labels sit above their curves and lower ones below; spread keeps them apart.
        let mid = ys.len() / 2;
        for (k, y) in ys.iter_mut().enumerate() {
            *y += if k < mid { -5.0 } else { 5.0 };
        }
        let labels: Vec<&str> = ends.iter().map(|(_, l)| *l).collect();
        let mut order: Vec<usize> = (0..ys.len()).collect();
        order.sort_by(|&a, &b| ys[a].total_cmp(&ys[b]));
        let mut sorted: Vec<f64> = order.iter().map(|&k| ys[k]).collect();
        spread_labels(&mut sorted, LABEL_SIZE + 1.0, plot.y, bottom);
        for (slot, &k) in order.iter().enumerate() {
            marks.push(text(
                plot.x + plot.w + 4.0,
                sorted[slot],
                labels[k],
                Font(LABEL_SIZE, true, palette::GREY_1, Align::Start, Baseline::Middle),
            ));
        }
    }

    // Points: the not-significant first, so the signals are drawn on top; peers' rings over them.
    let size = if pts.len() > 300 { 6.0 } else { 8.0 };
    let position = |p: &FunnelPoint| (x_scale.map(p.denominator), y_scale.map(p.value));
    let mut draw_order: Vec<&FunnelPoint> = pts.iter().collect();
    draw_order.sort_by_key(|p| p.significance != FunnelSignificance::NotSignificant);
    for p in &draw_order {
        let (cx, cy) = position(p);
        let (shape, fill, stroke) = point_style(p.significance, m.polarity);
        marks.push(Mark::Marker { x: cx, y: cy, size, shape, fill, stroke });
    }
    for p in pts.iter().filter(|p| p.peer) {
        let (cx, cy) = position(p);
        let mut ring = marker_polygon(Shape::Circle, cx, cy, size + 8.0);
        ring.push(ring[0]);
        marks.push(Mark::Path { points: ring, stroke: PEER_RING });
    }

    let mut items = Vec::with_capacity(pts.len());
    for p in pts {
        let (cx, cy) = position(p);
        let mut ring = marker_polygon(Shape::Circle, cx, cy, size + 12.0);
        ring.push(ring[0]);
        items.push(Item {
            key: p.code.clone(),
            label: p.name.clone(),
            hit: Bounds { x: cx - 12.0, y: cy - 12.0, w: 24.0, h: 24.0 },
            anchor: (cx, cy),
            tooltip: tooltip(p, input),
            summary: summary(p, input),
            highlight: Highlight::Marks(vec![
                Mark::Path { points: ring.clone(), stroke: Stroke::solid(palette::BLACK, 4.0) },
                Mark::Path { points: ring, stroke: Stroke::solid(palette::FOCUS, 2.0) },
            ]),
        });
    }

    // The focus organisation: a bigger marker and its name beside it.
    if let Some(p) = pts.iter().find(|p| p.focus) {
        let (cx, cy) = position(p);
        let (shape, fill, _) = point_style(p.significance, m.polarity);
        marks.push(Mark::Marker {
            x: cx,
            y: cy,
            size: size + 6.0,
            shape,
            fill,
            stroke: Some(Stroke::solid(palette::DARK_BLUE, 2.5)),
        });
        let label = format!("{} {}", short_name(&p.name), with_unit(p.value, unit, 1));
        let label = truncate(measure, &label, LABEL_SIZE + 1.0, true, plot.w * 0.6);
        let label_w = measure.width(&label, LABEL_SIZE + 1.0, true);
        let (lx, align) = if cx + 12.0 + label_w <= plot.x + plot.w {
            (cx + 12.0, Align::Start)
        } else {
            (cx - 12.0, Align::End)
        };
        let ly = (cy - 12.0).max(plot.y + LABEL_SIZE + 4.0);
        // A white backing keeps the name readable over the points around it.
        let left = if align == Align::Start { lx } else { lx - label_w };
        marks.push(Mark::Rect {
            x: left - 3.0,
            y: ly - LABEL_SIZE - 4.0,
            w: label_w + 6.0,
            h: LABEL_SIZE + 5.0,
            fill: Some(palette::WHITE.with_alpha(0.85)),
            stroke: None,
        });
        marks.push(text(
            lx,
            ly,
            &label,
            Font(LABEL_SIZE + 1.0, true, palette::DARK_BLUE, align, Baseline::Bottom),
        ));
    }
    marks.push(Mark::Line {
        x1: plot.x,
        y1: bottom,
        x2: plot.x + plot.w,
        y2: bottom,
        stroke: Stroke::solid(palette::GREY_1, 1.0),
    });

    let count = |f: &dyn Fn(&FunnelPoint) -> bool| pts.iter().filter(|p| f(p)).count();
    let high998 = count(&|p| p.significance == FunnelSignificance::High001);
    let low998 = count(&|p| p.significance == FunnelSignificance::Low001);
    let between =
        count(&|p| matches!(p.significance, FunnelSignificance::High025 | FunnelSignificance::Low025));
    let inside = count(&|p| p.significance == FunnelSignificance::NotSignificant);
    let mut description = format!(
        "Funnel plot of {} for {} {}, {}, against {}. {} {}. Outside the 99.8% limits: {high998} above \
         and {low998} below; outside 95% only: {between}; inside the 95% limits: {inside}.",
        m.title,
        pts.len(),
        input.population,
        period_range(&input.from, &input.to),
        input.denominator_label.to_lowercase(),
        input.baseline_label,
        with_unit(input.baseline, unit, 1),
    );
    if let Some(p) = pts.iter().find(|p| p.focus) {
        description.push(' ');
        description.push_str(&summary(p, input));
    }
    if peers > 0 {
        let peer_outside = count(&|p| p.peer && beyond_998(p.significance));
        description.push_str(&format!(" {peer_outside} of {peers} peers lie outside the 99.8% limits."));
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
        table: table(pts, input),
        warnings,
    }
}

impl crate::chart::view::Drawn for FunnelModel {
    fn scene(&self, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
        scene(self, view, measure)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::benchmark::funnel::{Counts, FunnelLabels};
    use crate::chart::text::ApproxMeasure;
    use crate::data::{Metric, MetricKind};

    fn metric(polarity: Polarity) -> Metric {
        Metric {
            id: "m".into(),
            title: "Test proportion".into(),
            unit: "%".into(),
            kind: MetricKind::Proportion,
            polarity,
            multiplier: 100.0,
            source: String::new(),
            target: None,
        }
    }

    fn model(orgs: &[(&str, f64, f64)], polarity: Polarity) -> Result<FunnelModel, crate::stats::StatsError> {
        let names: Vec<String> = orgs.iter().map(|o| format!("{} NHS Trust", o.0)).collect();
        let counts: Vec<Counts> = orgs
            .iter()
            .zip(&names)
            .map(|(&(code, numerator, denominator), name)| Counts { code, name, numerator, denominator })
            .collect();
        let labels = FunnelLabels {
            from: "2018-04-01".into(),
            to: "2019-03-01".into(),
            population: "trusts".into(),
            baseline: "England".into(),
            denominator: "Attendances".into(),
        };
        FunnelModel::from_counts(metric(polarity), &counts, "B", &["C".into()], labels)
    }

    fn opts() -> ViewOptions {
        ViewOptions { width: 600.0, height: 400.0, title: None, source: "Source: test".into() }
    }

    #[test]
    fn beyond_95_only_is_hollow_and_beyond_998_is_filled() {
        let (shape_95, fill_95, _) = point_style(FunnelSignificance::High025, Polarity::HigherIsBetter);
        let (shape_998, fill_998, _) = point_style(FunnelSignificance::High001, Polarity::HigherIsBetter);
        assert_eq!((shape_95, shape_998), (Shape::TriangleUp, Shape::TriangleUp));
        assert_eq!(fill_95, palette::WHITE);
        assert_eq!(fill_998, palette::GREEN);
    }

    #[test]
    fn a_numerator_above_its_denominator_is_an_error_naming_the_row() {
        let e = model(&[("A", 5.0, 10.0), ("B", 11.0, 10.0)], Polarity::HigherIsBetter).unwrap_err();
        assert_eq!((e.field, e.index), ("numerators", Some(1)));
    }

    #[test]
    fn the_focus_high_point_gets_a_title_naming_its_limit() {
        // Baseline 600/1000 = 60%; B's 80 of 100 is 4.08 standard errors above.
        let m =
            model(&[("A", 280.0, 500.0), ("B", 80.0, 100.0), ("C", 240.0, 400.0)], Polarity::HigherIsBetter)
                .unwrap();
        assert_eq!(m.points[0].significance, FunnelSignificance::High001);
        let s = scene(&m, &opts(), &ApproxMeasure);
        assert_eq!(s.title, "B (80.0%) is better than England (60.0%), outside the 99.8% funnel limits");
        assert_eq!(s.items.iter().map(|it| it.key.as_str()).collect::<Vec<_>>(), ["B", "C", "A"]);
        assert!(s.description.contains("0 of 1 peers lie outside"), "{}", s.description);
    }

    #[test]
    fn points_the_funnel_cannot_place_are_left_out_and_warned_of() {
        let mut m =
            model(&[("A", 280.0, 500.0), ("B", 80.0, 100.0), ("C", 240.0, 400.0)], Polarity::HigherIsBetter)
                .unwrap();
        m.points.pop();
        m.left_out = 1;
        let s = scene(&m, &opts(), &ApproxMeasure);
        assert_eq!(s.items.len(), 2);
        assert!(s.warnings[0].starts_with("1 of 3 trusts"), "{:?}", s.warnings);
    }

    #[test]
    fn curves_are_cut_where_they_leave_the_plot() {
        let plot = Bounds { x: 0.0, y: 0.0, w: 100.0, h: 100.0 };
        // A curve coming down from far above the plot (y = -98.5 at the left) into it.
        let pts = curve(plot, &|px| px, &|v| v, &|n| Some(1.5 * n - 100.0));
        assert_eq!(pts[0].1, 0.0, "starts on the top edge");
        assert!(pts.iter().all(|&(_, y)| (0.0..=100.0).contains(&y)));
        assert!(curve(plot, &|px| px, &|v| v, &|_| Some(500.0)).is_empty());
    }
}
