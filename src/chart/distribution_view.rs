//! The distribution chart: every organisation's value as a point on one axis, spread across a
//! strip so they overlap less, above a box plot of the same values (the box spans the lower to
//! the upper quartile with the median inside; the whiskers reach the lowest and highest values).
//! The focus organisation is enlarged, named and placed in its quarter; peers are drawn as blue
//! diamonds. Values run along x, so the labels read horizontally and long tails have room.
//!
//! The values, quartiles, quarters and percentile ranks come from the model
//! ([`crate::benchmark::distribution`]); this module only draws them. The strip's spread is deterministic: each organisation's offset is
//! a hash of its code, so the chart is the same on every render and in every snapshot.

use super::format::capitalise;
use super::format::short_name;
use super::format::{period_range, with_unit};
use super::layout::{
    Font, Frame, LABEL_SIZE, LegendEntry, PAD, SOURCE_SIZE, Symbol, ViewOptions, spread_labels, text, x_axis,
};
use super::scene::{
    Align, Baseline, Bounds, Color, Highlight, Item, Mark, Scene, Shape, Stroke, Table, palette,
};
use super::text::{TextMeasure, truncate};
use crate::benchmark::distribution::{DistributionModel, DistributionPoint, FiveNumbers};
use crate::data::Polarity;

const POINT_FILL: Color = palette::GREY_2;
const PEER_FILL: Color = palette::BLUE;
const BOX_FILL: Color = palette::GREY_4;
const BOX_STROKE: Stroke = Stroke::solid(palette::GREY_1, 1.25);
const MEDIAN_STROKE: Stroke = Stroke::solid(palette::TEXT, 3.0);
const TARGET_STROKE: Stroke = Stroke::dashed(palette::BLUE, 2.0, 2.0, 3.0);
const FOCUS_STROKE: Stroke = Stroke::dashed(palette::DARK_BLUE, 1.5, 4.0, 3.0);

/// A deterministic offset in [0, 1) for an organisation: FNV-1a of its code through the
/// SplitMix64 finaliser, so the strip does not depend on input order or on any random state.
pub fn jitter(code: &str) -> f64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in code.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// The chart's message: the focus organisation's quarter, or the spread.
pub fn message_title(input: &DistributionModel) -> String {
    let pts = &input.points;
    let unit = &input.metric.unit;
    let Some(five) = input.five else {
        return format!("No {} have a value for {}", input.population, input.metric.title);
    };
    let median = with_unit(five.median, unit, 1);
    match pts.iter().find(|p| p.focus) {
        Some(p) => format!(
            "{} ({}) is {} of {} {}; the median is {median}",
            short_name(&p.name),
            with_unit(p.value, unit, 1),
            p.quarter.words(input.metric.polarity),
            pts.len(),
            input.population
        ),
        None => format!(
            "{} {} range from {} to {}; the middle half lie between {} and {}",
            pts.len(),
            input.population,
            with_unit(five.min, unit, 1),
            with_unit(five.max, unit, 1),
            with_unit(five.q1, unit, 1),
            with_unit(five.q3, unit, 1)
        ),
    }
}

fn standing(p: &DistributionPoint, input: &DistributionModel) -> String {
    let share = p.percentile;
    format!("{}, higher than {:.0}% of {}", p.quarter.words(input.metric.polarity), share, input.population)
}

fn summary(p: &DistributionPoint, input: &DistributionModel) -> String {
    format!("{}: {}, {}.", p.name, with_unit(p.value, &input.metric.unit, 1), standing(p, input))
}

fn table(pts: &[DistributionPoint], input: &DistributionModel) -> Table {
    let unit = if input.metric.unit.is_empty() { String::new() } else { format!(" ({})", input.metric.unit) };
    Table {
        columns: vec![
            "ODS code".into(),
            "Organisation".into(),
            format!("Value{unit}"),
            "Quarter".into(),
            "Percentile rank".into(),
            "Peer".into(),
        ],
        rows: pts
            .iter()
            .map(|p| {
                vec![
                    p.code.clone(),
                    p.name.clone(),
                    format!("{:.2}", p.value),
                    p.quarter.words(input.metric.polarity),
                    format!("{:.1}", p.percentile),
                    if p.peer { "yes".into() } else { String::new() },
                ]
            })
            .collect(),
    }
}

/// A label over a white backing, so it reads over points and lines.
fn backed_label(marks: &mut Vec<Mark>, measure: &dyn TextMeasure, x: f64, y: f64, label: &str, font: Font) {
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
        fill: Some(palette::WHITE.with_alpha(0.9)),
        stroke: None,
    });
    marks.push(text(x, y, label, font.align(font.3, Baseline::Middle)));
}

/// Builds the distribution chart's scene.
pub fn scene(input: &DistributionModel, opts: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
    let (pts, left_out) = (&input.points, input.left_out);
    let m = &input.metric;
    let unit = &m.unit;
    let u = |v: f64| with_unit(v, unit, 1);
    let mut warnings = Vec::new();
    if left_out > 0 {
        warnings.push(format!(
            "{left_out} of {} {} have no value and are not shown.",
            input.with_data(),
            input.population
        ));
    }
    let five: Option<FiveNumbers> = input.five;
    let mut frame = Frame::new(opts.width, opts.height, measure);
    let title = opts.title.clone().unwrap_or_else(|| message_title(input));
    let subtitle = format!(
        "{}, {}. Each point is one of {} {}, spread up and down so they overlap less. The box spans the \
         lower to upper quartile (type 7, as R and Excel QUARTILE.INC) with the median inside; the \
         whiskers reach the lowest and highest values.",
        m.title,
        period_range(&input.from, &input.to),
        pts.len(),
        input.population
    );
    frame.heading(&title, &subtitle);

    let peers = pts.iter().filter(|p| p.peer).count();
    let focus = pts.iter().find(|p| p.focus);
    let mut legend = vec![LegendEntry {
        symbol: Symbol::Marker { shape: Shape::Circle, fill: POINT_FILL, stroke: None },
        label: format!("{} ({})", capitalise(&input.population), pts.len() - peers),
    }];
    if peers > 0 {
        legend.push(LegendEntry {
            symbol: Symbol::Marker {
                shape: Shape::Diamond,
                fill: PEER_FILL,
                stroke: Some(Stroke::solid(palette::DARK_BLUE, 1.0)),
            },
            label: format!("Peer ({peers})"),
        });
    }
    if let Some(p) = focus {
        legend.push(LegendEntry {
            symbol: Symbol::Marker {
                shape: Shape::Circle,
                fill: palette::WARM_YELLOW,
                stroke: Some(Stroke::solid(palette::DARK_BLUE, 2.0)),
            },
            label: short_name(&p.name),
        });
    }
    legend.push(LegendEntry { symbol: Symbol::Swatch(BOX_FILL), label: "Lower to upper quartile".into() });
    if let Some(t) = m.target {
        legend.push(LegendEntry {
            symbol: Symbol::Line(TARGET_STROKE),
            label: format!("Standard {}", with_unit(t, unit, 0)),
        });
    }
    frame.legend(&legend);
    let below = LABEL_SIZE * 1.4 + 10.0;
    let (top, bottom) = frame.source_and_plot_band(&opts.source, below);
    let (w, h) = (frame.width, frame.height);
    let mut marks = std::mem::take(&mut frame.marks);
    let plot = Bounds { x: PAD + 4.0, y: top, w: w - 2.0 * PAD - 8.0, h: bottom - top };

    let Some(five) = five else {
        marks.push(text(
            plot.x + plot.w / 2.0,
            plot.y + plot.h / 2.0,
            "No values to show",
            Font::LABEL.align(Align::Middle, Baseline::Middle),
        ));
        return Scene {
            width: w,
            height: h,
            marks,
            items: Vec::new(),
            plot,
            title,
            subtitle,
            description: format!("No {} have a value for {}.", input.population, m.title),
            table: Table::default(),
            warnings,
        };
    };

    // x domain: every value and the standard, with a little room at each end.
    let (mut lo, mut hi) = (five.min, five.max);
    if let Some(t) = m.target.filter(|t| t.is_finite()) {
        lo = lo.min(t);
        hi = hi.max(t);
    }
    let pad = (hi - lo) * 0.03;
    let x_unit = if unit == "%" { "%" } else { "" };
    let x_scale = x_axis(&mut marks, measure, (lo - pad, hi + pad), plot, &|v, d| with_unit(v, x_unit, d));
    let plot_bottom = plot.y + plot.h;

    // Lanes: the strip of points above, the box and its labels below.
    let label_row = LABEL_SIZE + 10.0;
    let strip = (plot.y + LABEL_SIZE + 12.0, plot.y + plot.h * 0.62);
    let box_lane = (strip.1 + 6.0, plot_bottom - label_row);
    let box_h = ((box_lane.1 - box_lane.0) * 0.6).clamp(10.0, 40.0);
    let box_cy = (box_lane.0 + box_lane.1) / 2.0;
    let (b0, b1) = (box_cy - box_h / 2.0, box_cy + box_h / 2.0);
    let x = |v: f64| x_scale.map(v);

    // The standard and the focus value as vertical lines behind everything.
    if let Some(t) = m.target {
        marks.push(Mark::Line { x1: x(t), y1: plot.y, x2: x(t), y2: plot_bottom, stroke: TARGET_STROKE });
    }
    if let Some(p) = focus {
        let fx = x(p.value);
        marks.push(Mark::Line { x1: fx, y1: plot.y, x2: fx, y2: plot_bottom, stroke: FOCUS_STROKE });
    }

    // Box and whiskers.
    for (x1, x2) in [(five.min, five.q1), (five.q3, five.max)] {
        marks.push(Mark::Line { x1: x(x1), y1: box_cy, x2: x(x2), y2: box_cy, stroke: BOX_STROKE });
    }
    for v in [five.min, five.max] {
        let cap = box_h * 0.3;
        marks.push(Mark::Line { x1: x(v), y1: box_cy - cap, x2: x(v), y2: box_cy + cap, stroke: BOX_STROKE });
    }
    marks.push(Mark::Rect {
        x: x(five.q1),
        y: b0,
        w: (x(five.q3) - x(five.q1)).max(1.0),
        h: box_h,
        fill: Some(BOX_FILL),
        stroke: Some(BOX_STROKE),
    });
    marks.push(Mark::Line { x1: x(five.median), y1: b0, x2: x(five.median), y2: b1, stroke: MEDIAN_STROKE });

    // The quartile labels under the box, spread so they never overprint.
    let quartile_labels =
        [format!("Q1 {}", u(five.q1)), format!("Median {}", u(five.median)), format!("Q3 {}", u(five.q3))];
    let widest = quartile_labels.iter().map(|l| measure.width(l, SOURCE_SIZE, false)).fold(0.0, f64::max);
    let mut xs = [x(five.q1), x(five.median), x(five.q3)];
    spread_labels(&mut xs, widest + 8.0, plot.x + widest / 2.0, plot.x + plot.w - widest / 2.0);
    for (label, lx) in quartile_labels.iter().zip(xs) {
        backed_label(
            &mut marks,
            measure,
            lx,
            b1 + 6.0 + SOURCE_SIZE / 2.0,
            label,
            Font(SOURCE_SIZE, false, palette::TEXT, Align::Middle, Baseline::Middle),
        );
    }

    // The strip: others first, then peers over them.
    let size = if pts.len() > 300 { 6.0 } else { 8.0 };
    let position = |p: &DistributionPoint| (x(p.value), strip.0 + jitter(&p.code) * (strip.1 - strip.0));
    for p in pts.iter().filter(|p| !p.peer) {
        let (cx, cy) = position(p);
        marks.push(Mark::Marker {
            x: cx,
            y: cy,
            size,
            shape: Shape::Circle,
            fill: POINT_FILL,
            stroke: Some(Stroke::solid(palette::WHITE, 0.75)),
        });
    }
    for p in pts.iter().filter(|p| p.peer) {
        let (cx, cy) = position(p);
        marks.push(Mark::Marker {
            x: cx,
            y: cy,
            size: size + 1.0,
            shape: Shape::Diamond,
            fill: PEER_FILL,
            stroke: Some(Stroke::solid(palette::DARK_BLUE, 1.0)),
        });
    }

    let mut items = Vec::with_capacity(pts.len());
    for p in pts {
        let (cx, cy) = position(p);
        let mut ring = super::draw::marker_polygon(Shape::Circle, cx, cy, size + 12.0);
        ring.push(ring[0]);
        let quarter = p.quarter;
        let mut tooltip = vec![
            ("Organisation".to_string(), format!("{} ({})", p.name, p.code)),
            ("Value".into(), u(p.value)),
            ("Quarter".into(), quarter.words(m.polarity)),
            ("Percentile rank".into(), format!("higher than {:.0}%", p.percentile)),
            ("Median".into(), u(five.median)),
        ];
        if p.peer {
            tooltip.push(("Peer".into(), "yes".into()));
        }
        items.push(Item {
            key: p.code.clone(),
            label: p.name.clone(),
            hit: Bounds { x: cx - 12.0, y: cy - 12.0, w: 24.0, h: 24.0 },
            anchor: (cx, cy),
            tooltip,
            summary: summary(p, input),
            highlight: Highlight::Marks(vec![
                Mark::Path { points: ring.clone(), stroke: Stroke::solid(palette::BLACK, 4.0) },
                Mark::Path { points: ring, stroke: Stroke::solid(palette::FOCUS, 2.0) },
            ]),
        });
    }

    // The focus organisation over everything, named at the top of its line; the standard's label
    // takes the other side of its line when the two would meet.
    let label_y = plot.y + LABEL_SIZE / 2.0 + 3.0;
    let mut focus_span = None;
    if let Some(p) = focus {
        let (cx, cy) = position(p);
        marks.push(Mark::Marker {
            x: cx,
            y: cy,
            size: size + 6.0,
            shape: if p.peer { Shape::Diamond } else { Shape::Circle },
            fill: palette::WARM_YELLOW,
            stroke: Some(Stroke::solid(palette::DARK_BLUE, 2.5)),
        });
        let label = format!("{} {}", short_name(&p.name), u(p.value));
        let label = truncate(measure, &label, LABEL_SIZE + 1.0, true, plot.w * 0.6);
        let lw = measure.width(&label, LABEL_SIZE + 1.0, true);
        let right_side = cx + 6.0 + lw <= plot.x + plot.w;
        let (lx, align) = if right_side { (cx + 6.0, Align::Start) } else { (cx - 6.0, Align::End) };
        focus_span = Some(if right_side { (lx, lx + lw) } else { (lx - lw, lx) });
        backed_label(
            &mut marks,
            measure,
            lx,
            label_y,
            &label,
            Font(LABEL_SIZE + 1.0, true, palette::DARK_BLUE, align, Baseline::Middle),
        );
    }
    if let Some(t) = m.target {
        let tx = x(t);
        let label = format!("Standard {}", with_unit(t, unit, 0));
        let lw = measure.width(&label, LABEL_SIZE, true);
        let overlaps = |a: f64, b: f64| focus_span.is_some_and(|(f0, f1)| a < f1 + 4.0 && b > f0 - 4.0);
        let fits_left = tx - 6.0 - lw >= plot.x;
        let (lx, align, ly) = if fits_left && !overlaps(tx - 6.0 - lw, tx - 6.0) {
            (tx - 6.0, Align::End, label_y)
        } else if !overlaps(tx + 6.0, tx + 6.0 + lw) && tx + 6.0 + lw <= plot.x + plot.w {
            (tx + 6.0, Align::Start, label_y)
        } else {
            (tx - 6.0, Align::End, label_y + LABEL_SIZE + 4.0)
        };
        backed_label(
            &mut marks,
            measure,
            lx,
            ly,
            &label,
            Font(LABEL_SIZE, true, palette::BLUE, align, Baseline::Middle),
        );
    }
    marks.push(Mark::Line {
        x1: plot.x,
        y1: plot_bottom,
        x2: plot.x + plot.w,
        y2: plot_bottom,
        stroke: Stroke::solid(palette::GREY_1, 1.0),
    });

    let lowest = &pts[0];
    let highest = &pts[pts.len() - 1];
    let mut description = format!(
        "Distribution of {} across {} {}, {}: lowest {} ({}), lower quartile {}, median {}, upper quartile \
         {}, highest {} ({}).",
        m.title,
        pts.len(),
        input.population,
        period_range(&input.from, &input.to),
        u(five.min),
        lowest.name,
        u(five.q1),
        u(five.median),
        u(five.q3),
        u(five.max),
        highest.name
    );
    if let Some(p) = focus {
        description.push(' ');
        description.push_str(&summary(p, input));
    }
    if peers > 0 {
        let peer_values: Vec<f64> = pts.iter().filter(|p| p.peer).map(|p| p.value).collect();
        let above = peer_values.iter().filter(|&&v| v > five.median).count();
        description.push_str(&format!(
            " {above} of {peers} peers are above the median, from {} to {}.",
            u(peer_values[0]),
            u(peer_values[peer_values.len() - 1])
        ));
    }
    if let Some(t) = m.target {
        let meeting = pts
            .iter()
            .filter(|p| if m.polarity == Polarity::LowerIsBetter { p.value <= t } else { p.value >= t })
            .count();
        description.push_str(&format!(
            " {meeting} of {} meet the standard of {}.",
            pts.len(),
            with_unit(t, unit, 0)
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
        table: table(pts, input),
        warnings,
    }
}

impl crate::chart::view::Drawn for DistributionModel {
    fn scene(&self, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
        scene(self, view, measure)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::text::ApproxMeasure;
    use crate::data::MetricKind;

    fn input(values: &[(&str, f64)]) -> DistributionModel {
        let metric = crate::data::Metric {
            id: "m".into(),
            title: "Test measure".into(),
            unit: "%".into(),
            kind: MetricKind::Proportion,
            polarity: Polarity::HigherIsBetter,
            multiplier: 100.0,
            source: String::new(),
            target: None,
        };
        let names: Vec<String> = values.iter().map(|v| format!("{} NHS Trust", v.0)).collect();
        let orgs: Vec<(&str, &str, f64)> =
            values.iter().zip(&names).map(|(&(code, value), name)| (code, name.as_str(), value)).collect();
        let labels = ("2018-04-01".into(), "2019-03-01".into(), "trusts".into());
        DistributionModel::from_values(metric, &orgs, "D", &["A".into()], labels)
    }

    fn opts() -> ViewOptions {
        ViewOptions { width: 600.0, height: 400.0, title: None, source: "Source: test".into() }
    }

    #[test]
    fn jitter_is_deterministic_and_spread_over_the_unit_interval() {
        assert_eq!(jitter("RM3"), jitter("RM3"));
        assert_ne!(jitter("RM3"), jitter("RM2"));
        let codes: Vec<String> = (0..1000).map(|i| format!("R{i:03}")).collect();
        let offsets: Vec<f64> = codes.iter().map(|c| jitter(c)).collect();
        assert!(offsets.iter().all(|v| (0.0..1.0).contains(v)));
        let low = offsets.iter().filter(|&&v| v < 0.5).count();
        assert!((430..570).contains(&low), "about half below 0.5: {low}");
    }

    #[test]
    fn the_focus_title_names_its_quarter_and_the_median() {
        let i = input(&[("A", 60.0), ("B", 70.0), ("C", 80.0), ("D", 90.0), ("E", 95.0)]);
        let s = scene(&i, &opts(), &ApproxMeasure);
        // Q1 70, median 80, Q3 90: D's 90 is on Q3, so in the second-highest quarter.
        assert_eq!(s.title, "D (90.0%) is in the second-highest quarter of 5 trusts; the median is 80.0%");
        assert_eq!(s.items.iter().map(|it| it.key.as_str()).collect::<Vec<_>>(), ["A", "B", "C", "D", "E"]);
        assert_eq!(s.table.rows[3][4], "70.0", "percentile rank: 3 below plus half of 1, of 5");
        assert!(s.description.contains("0 of 1 peers are above the median"), "{}", s.description);
    }

    #[test]
    fn values_that_are_not_finite_are_left_out_with_a_warning() {
        let i = input(&[("A", 60.0), ("B", f64::NAN), ("D", 90.0)]);
        let s = scene(&i, &opts(), &ApproxMeasure);
        assert_eq!(s.items.len(), 2);
        assert_eq!(s.warnings, ["1 of 3 trusts have no value and are not shown."]);
    }

    #[test]
    fn no_values_give_an_empty_chart_that_says_so() {
        let s = scene(&input(&[("A", f64::INFINITY)]), &opts(), &ApproxMeasure);
        assert!(s.items.is_empty());
        assert_eq!(s.title, "No trusts have a value for Test measure");
    }
}
