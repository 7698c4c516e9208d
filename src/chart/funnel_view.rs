//! The funnel plot for proportions: each organisation's value against its denominator, with the
//! 95% and 99.8% control limits around the baseline (the pooled value) narrowing as the
//! denominator grows, so small and large organisations are judged fairly. Points beyond a limit
//! are shaped and coloured by direction (better, worse, or higher and lower where the metric makes
//! no judgement) and filled when beyond 99.8%, hollow when beyond 95% only; the focus organisation
//! is enlarged and named and peers are ringed.
//!
//! The limit curves, each point's significance and the counts come from the model
//! ([`crate::benchmark::funnel`]); this module lays out words and marks, mapping the curves to
//! pixels and cutting them at the plot's edges. Each point's tooltip and spoken summary, and the
//! table, are put into words only when asked for.

use super::format::{number, period_range, short_name, with_unit};
use super::layout::{
    Font, Frame, LABEL_SIZE, LegendEntry, PAD, ViewOptions, spread_labels, text, within_scale, x_axis, y_axis,
};
use super::marks::{
    FOCUS_FONT, NATIONAL_STROKE, PEER_RING, axis_line, backing, comparison_style, focus_name_beside,
    focus_point, limit_curve, line_entry, marker_entry, point, ring, rule_h,
};
use super::scale::Linear;
use super::scene::{
    Align, Baseline, Bounds, Color, Highlight, Item, Mark, Scene, Shape, Stroke, Table, palette,
};
use super::text::{TextMeasure, truncate};
use super::view::{Drawn, Words};
use crate::benchmark::funnel::{
    FunnelModel, FunnelPoint, FunnelSignificance, ProportionFunnelRow, beyond_998, comparison,
};
use crate::benchmark::ranking::comparison_label;
use crate::data::Polarity;

const LIMIT_95_STROKE: Stroke = Stroke::dashed(palette::GREY_1, 1.25, 3.0, 3.0);
const LIMIT_998_STROKE: Stroke = Stroke::solid(palette::GREY_1, 1.5);

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
    match input.focus() {
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
            let outside = input.outside_998();
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

fn table(input: &FunnelModel) -> Table {
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
        rows: input
            .points
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

fn subtitle(input: &FunnelModel) -> String {
    format!(
        "{}, {}. Each point is one of {} {}, plotted against its {}; the curves are 95% and 99.8% \
         control limits around {} (PHE method). Shape and colour show which limit a point lies beyond.",
        input.metric.title,
        period_range(&input.from, &input.to),
        input.points.len(),
        input.population,
        input.denominator_label.to_lowercase(),
        input.baseline_label
    )
}

/// What the page should say beside the chart: points left out, and over-dispersion.
fn warnings(input: &FunnelModel) -> Vec<String> {
    let mut warnings = Vec::new();
    if input.left_out > 0 {
        warnings.push(format!(
            "{} of {} {} have no value or significance and are not plotted.",
            input.left_out,
            input.with_counts(),
            input.population
        ));
    }
    if input.overdispersed() {
        warnings.push(format!(
            "{} of {} {} lie outside the 99.8% limits, where chance alone would put about \
             1 in 500: the differences between them are wider than chance (over-dispersion), so these \
             limits flag many. Over-dispersed limits (Spiegelhalter 2005) allow for that.",
            input.outside_998(),
            input.points.len(),
            input.population
        ));
    }
    warnings
}

/// The significances in the legend's order, from above the upper 99.8% limit to below the lower.
const LEGEND_ORDER: [FunnelSignificance; 5] = [
    FunnelSignificance::High001,
    FunnelSignificance::High025,
    FunnelSignificance::NotSignificant,
    FunnelSignificance::Low025,
    FunnelSignificance::Low001,
];

/// The categories present with their counts, the peers, then the lines.
fn legend(input: &FunnelModel) -> Vec<LegendEntry> {
    let polarity = input.metric.polarity;
    let mut legend: Vec<LegendEntry> = LEGEND_ORDER
        .into_iter()
        .filter_map(|s| {
            let count = input.count(s);
            let words = comparison_label(comparison(s, polarity));
            let label = match s {
                _ if count == 0 => return None,
                FunnelSignificance::NotSignificant => format!("Inside 95% ({count})"),
                _ if beyond_998(s) => format!("{words}, outside 99.8% ({count})"),
                _ => format!("{words}, outside 95% only ({count})"),
            };
            let (shape, fill, stroke) = point_style(s, polarity);
            Some(marker_entry(shape, fill, stroke, label))
        })
        .collect();
    let (peers, _) = input.peers();
    if peers > 0 {
        legend.push(marker_entry(Shape::Circle, palette::WHITE, Some(PEER_RING), format!("Peer ({peers})")));
    }
    let baseline = with_unit(input.baseline, &input.metric.unit, 1);
    legend.push(line_entry(NATIONAL_STROKE, format!("{} {baseline}", input.baseline_label)));
    legend.push(line_entry(LIMIT_95_STROKE, "95% limits".into()));
    legend.push(line_entry(LIMIT_998_STROKE, "99.8% limits".into()));
    legend
}

/// Where denominators and values go: the scales, the plot, the points' size, and whether the
/// curves are labelled in a margin to the right of the plot.
struct Layout {
    x: Linear,
    y: Linear,
    plot: Bounds,
    size: f64,
    curve_labels: bool,
}

impl Layout {
    fn position(&self, p: &FunnelPoint) -> (f64, f64) {
        (self.x.map(p.denominator), self.y.map(p.value))
    }
}

/// The values, the baseline and the 95% limits at the smallest denominator, with a little room
/// (the 99.8% curves are cut at the plot's edge rather than stretching it).
fn y_domain(input: &FunnelModel) -> (f64, f64) {
    let (mut lo, mut hi) = (input.baseline, input.baseline);
    for p in &input.points {
        lo = lo.min(p.value);
        hi = hi.max(p.value);
    }
    if let Some(l) = input.points.first().and_then(|p| p.limits) {
        lo = lo.min(l.lower_2s_limit);
        hi = hi.max(l.upper_2s_limit);
    }
    let pad = (hi - lo) * 0.03;
    within_scale(&input.metric, (lo - pad, hi + pad))
}

/// The value axis, the denominator axis under the plot and its title. The curve labels get a
/// margin when the plot stays at least 400 px wide; else the legend says which curve is which.
fn axes(
    marks: &mut Vec<Mark>,
    input: &FunnelModel,
    band: (f64, f64),
    width: f64,
    measure: &dyn TextMeasure,
) -> Layout {
    let label_w = ["99.8%", "95%"].iter().map(|l| measure.width(l, LABEL_SIZE, true)).fold(0.0, f64::max);
    let curve_labels = width - 2.0 * PAD - label_w >= 400.0;
    let margin = if curve_labels { label_w + 8.0 } else { 0.0 };
    let unit = if input.metric.unit == "%" { "%" } else { "" };
    let right = width - PAD - margin;
    let (y, plot) = y_axis(marks, measure, y_domain(input), band, PAD, right, &|v, d| with_unit(v, unit, d));
    let max_den = input.points.iter().map(|p| p.denominator).fold(0.0, f64::max);
    let x = x_axis(marks, measure, (0.0, max_den), plot, &|v, d| number(v, d));
    marks.push(text(
        plot.x + plot.w / 2.0,
        plot.y + plot.h + 8.0 + LABEL_SIZE * 1.4,
        &truncate(measure, &input.denominator_label, LABEL_SIZE, false, plot.w),
        Font(LABEL_SIZE, false, palette::SECONDARY_TEXT, Align::Middle, Baseline::Top),
    ));
    let size = if input.points.len() > 300 { 6.0 } else { 8.0 };
    Layout { x, y, plot, size, curve_labels }
}

/// A limit curve through `points` (pixels, by increasing denominator) cut to the plot: at its
/// right edge, and where it comes into the plot from above or below. The curves are monotone in
/// the denominator and close in on the baseline, so the part outside is always at the left.
fn curve(plot: Bounds, points: impl Iterator<Item = (f64, f64)>) -> Vec<(f64, f64)> {
    let (right, bottom) = (plot.x + plot.w, plot.y + plot.h);
    let mut samples: Vec<(f64, f64)> = Vec::new();
    for (x, y) in points.filter(|&(x, y)| x >= plot.x && y.is_finite()) {
        if x <= right {
            samples.push((x, y));
            continue;
        }
        if let Some(&(x0, y0)) = samples.last().filter(|&&(x0, _)| x0 < right) {
            samples.push((right, y0 + (right - x0) / (x - x0) * (y - y0)));
        }
        break;
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

type Limit = fn(&ProportionFunnelRow) -> f64;

/// The four limit curves, outermost first at the top, each with its stroke and label.
const CURVES: [(Stroke, &str, Limit); 4] = [
    (LIMIT_998_STROKE, "99.8%", |r| r.upper_3s_limit),
    (LIMIT_95_STROKE, "95%", |r| r.upper_2s_limit),
    (LIMIT_95_STROKE, "95%", |r| r.lower_2s_limit),
    (LIMIT_998_STROKE, "99.8%", |r| r.lower_3s_limit),
];

/// The model's limit curves in pixels, and the baseline over them (they hug it where
/// denominators are large). Returns where each curve ends at the right, with its label.
fn curves(marks: &mut Vec<Mark>, input: &FunnelModel, l: &Layout) -> Vec<(f64, &'static str)> {
    let mut ends = Vec::new();
    for (stroke, label, limit) in CURVES {
        let along = input.curve.iter().map(|r| (l.x.map(r.population), l.y.map(limit(r))));
        let points = curve(l.plot, along);
        if let Some(&(_, y)) = points.last() {
            ends.push((y, label));
        }
        limit_curve(marks, points, stroke);
    }
    marks.push(rule_h(l.plot.x, l.plot.x + l.plot.w, l.y.map(input.baseline), NATIONAL_STROKE));
    ends
}

/// The curves' labels in the margin at their right ends: upper labels above their curves and
/// lower ones below, spread so they never overprint.
fn curve_labels(marks: &mut Vec<Mark>, ends: &[(f64, &str)], plot: Bounds) {
    let mid = ends.len() / 2;
    let ys: Vec<f64> =
        ends.iter().enumerate().map(|(k, &(y, _))| if k < mid { y - 5.0 } else { y + 5.0 }).collect();
    let mut order: Vec<usize> = (0..ys.len()).collect();
    crate::order::sort_by(&mut order, |&a, &b| ys[a].total_cmp(&ys[b]));
    let mut sorted: Vec<f64> = order.iter().map(|&k| ys[k]).collect();
    spread_labels(&mut sorted, LABEL_SIZE + 1.0, plot.y, plot.y + plot.h);
    for (&y, &k) in sorted.iter().zip(&order) {
        marks.push(text(
            plot.x + plot.w + 4.0,
            y,
            ends[k].1,
            Font(LABEL_SIZE, true, palette::GREY_1, Align::Start, Baseline::Middle),
        ));
    }
}

/// The points, the not-significant first so the signals are drawn on top, peers' rings over
/// them; and an item per point, in the model's order.
fn points(marks: &mut Vec<Mark>, input: &FunnelModel, l: &Layout) -> Vec<Item> {
    let mut draw_order: Vec<&FunnelPoint> = input.points.iter().collect();
    crate::order::sort_by_key(&mut draw_order, |p| p.significance != FunnelSignificance::NotSignificant);
    for p in draw_order {
        let (cx, cy) = l.position(p);
        marks.push(point(cx, cy, l.size, point_style(p.significance, input.metric.polarity)));
    }
    for p in input.points.iter().filter(|p| p.peer) {
        let (cx, cy) = l.position(p);
        marks.push(ring(cx, cy, l.size + 8.0, PEER_RING));
    }
    let item = |p: &FunnelPoint| {
        let (cx, cy) = l.position(p);
        Item {
            key: p.code.clone(),
            label: p.name.clone(),
            hit: Bounds { x: cx - 12.0, y: cy - 12.0, w: 24.0, h: 24.0 },
            anchor: (cx, cy),
            tooltip: Vec::new(),
            summary: String::new(),
            highlight: Highlight::Ring(l.size + 12.0),
        }
    };
    input.points.iter().map(item).collect()
}

/// The focus organisation: a bigger marker and its name beside it, on a white backing.
fn focus_label(marks: &mut Vec<Mark>, input: &FunnelModel, l: &Layout, measure: &dyn TextMeasure) {
    let Some(p) = input.focus() else { return };
    let (cx, cy) = l.position(p);
    let (shape, fill, _) = point_style(p.significance, input.metric.polarity);
    marks.push(focus_point(cx, cy, l.size + 6.0, shape, fill));
    let value = with_unit(p.value, &input.metric.unit, 1);
    let (label, label_w, lx, align) = focus_name_beside(measure, (&p.name, &value), cx, 12.0, l.plot);
    let ly = (cy - 12.0).max(l.plot.y + LABEL_SIZE + 4.0);
    let left = if align == Align::Start { lx } else { lx - label_w };
    let behind = Bounds { x: left - 3.0, y: ly - LABEL_SIZE - 4.0, w: label_w + 6.0, h: LABEL_SIZE + 5.0 };
    marks.push(backing(behind, 0.85));
    marks.push(text(lx, ly, &label, FOCUS_FONT.align(align, Baseline::Bottom)));
}

/// The text alternative: the counts by limit, the focus's standing and the peers'.
fn description(input: &FunnelModel) -> String {
    let mut description = format!(
        "Funnel plot of {} for {} {}, {}, against {}. {} {}. Outside the 99.8% limits: {} above \
         and {} below; outside 95% only: {}; inside the 95% limits: {}.",
        input.metric.title,
        input.points.len(),
        input.population,
        period_range(&input.from, &input.to),
        input.denominator_label.to_lowercase(),
        input.baseline_label,
        with_unit(input.baseline, &input.metric.unit, 1),
        input.count(FunnelSignificance::High001),
        input.count(FunnelSignificance::Low001),
        input.outside_95_only(),
        input.count(FunnelSignificance::NotSignificant),
    );
    if let Some(p) = input.focus() {
        description.push(' ');
        description.push_str(&summary(p, input));
    }
    let (peers, outside) = input.peers();
    if peers > 0 {
        description.push_str(&format!(" {outside} of {peers} peers lie outside the 99.8% limits."));
    }
    description
}

/// Builds the funnel plot's scene from its model.
pub fn scene(input: &FunnelModel, opts: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
    let mut frame = Frame::new(opts.width, opts.height, measure);
    let title = opts.title.clone().unwrap_or_else(|| message_title(input));
    let subtitle = subtitle(input);
    frame.heading(&title, &subtitle);
    frame.legend(&legend(input));
    let band = frame.source_and_plot_band(&opts.source, 2.0 * (LABEL_SIZE * 1.4) + 12.0);
    let (width, height) = (frame.width, frame.height);
    let mut marks = std::mem::take(&mut frame.marks);
    let layout = axes(&mut marks, input, band, width, measure);
    let ends = curves(&mut marks, input, &layout);
    if layout.curve_labels {
        curve_labels(&mut marks, &ends, layout.plot);
    }
    let items = points(&mut marks, input, &layout);
    focus_label(&mut marks, input, &layout, measure);
    marks.push(axis_line(layout.plot));
    Scene {
        width,
        height,
        marks,
        items,
        plot: layout.plot,
        title,
        subtitle,
        description: description(input),
        table: Table::default(),
        warnings: warnings(input),
    }
}

impl Drawn for FunnelModel {
    fn scene(&self, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
        scene(self, view, measure)
    }

    /// Items are the points in denominator order, so item `i` is `points[i]`.
    fn words(&self, _scene: &Scene, index: usize) -> Words {
        match self.points.get(index) {
            Some(p) => Words { tooltip: tooltip(p, self), summary: summary(p, self) },
            None => Words::default(),
        }
    }

    fn table(&self, _scene: &Scene) -> Table {
        table(self)
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
    fn an_items_words_and_the_table_are_built_from_the_model_when_asked() {
        let m =
            model(&[("A", 280.0, 500.0), ("B", 80.0, 100.0), ("C", 240.0, 400.0)], Polarity::HigherIsBetter)
                .unwrap();
        let s = m.scene(&opts(), &ApproxMeasure);
        assert!(s.items.iter().all(|it| it.tooltip.is_empty() && it.summary.is_empty()));
        assert_eq!(s.table, Table::default(), "the scene carries no table");
        // Item 0 is the smallest denominator, B's 80 of 100.
        let words = m.words(&s, 0);
        assert_eq!(words.tooltip[0], ("Organisation".into(), "B NHS Trust (B)".into()));
        assert_eq!(
            words.summary,
            "B NHS Trust: 80.0% of 100 attendances, outside the 99.8% limits: better than England."
        );
        assert_eq!(m.words(&s, 3), Words::default());
        let table = m.table(&s);
        assert_eq!(table.rows.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(), ["B", "C", "A"]);
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
        // A curve coming down from far above the plot (y = -100 at the left) into it, and on
        // past its right edge.
        let line = |x: f64| (x, 1.5 * x - 100.0);
        let pts = curve(plot, (0..=30).map(|i| line(f64::from(i) * 7.0)));
        let near = |(x, y): (f64, f64), (ex, ey): (f64, f64)| (x - ex).abs() < 1e-9 && (y - ey).abs() < 1e-9;
        assert!(near(pts[0], (200.0 / 3.0, 0.0)), "starts on the top edge, where y = 0: {:?}", pts[0]);
        assert!(near(pts[pts.len() - 1], (100.0, 50.0)), "ends on the right edge: {pts:?}");
        assert_eq!(pts.len(), 1 + 5 + 1, "the top edge, 70 to 98 by 7, the right edge");
        assert!(pts.iter().all(|&(x, y)| (0.0..=100.0).contains(&x) && (0.0..=100.0).contains(&y)));
        assert!(curve(plot, (0..10).map(|i| (f64::from(i), 500.0))).is_empty(), "never inside");
    }
}
