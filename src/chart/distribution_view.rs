//! The distribution chart: every organisation's value as a point on one axis, spread across a
//! strip so they overlap less, above a box plot of the same values (the box spans the lower to
//! the upper quartile with the median inside; the whiskers reach the lowest and highest values).
//! The focus organisation is enlarged, named and placed in its quarter; peers are drawn as blue
//! diamonds. Values run along x, so the labels read horizontally and long tails have room.
//!
//! The values, quartiles, quarters, percentile ranks and counts come from the model
//! ([`crate::benchmark::distribution`]); this module lays out words and marks, and puts each
//! point's tooltip and spoken summary, and the table, into words only when asked for. The strip's
//! spread is deterministic: each organisation's offset is a hash of its code, so the chart is the
//! same on every render and in every snapshot.

use super::format::{capitalise, period_range, short_name, with_unit};
use super::layout::{
    Font, Frame, LABEL_SIZE, LegendEntry, PAD, SOURCE_SIZE, ViewOptions, spread_labels, text, within_scale,
    x_axis,
};
use super::marks::{
    BoxStyle, FOCUS_FONT, TARGET_STROKE, axis_line, backed_label, box_whiskers, focus_name_beside,
    focus_point, line_entry, marker_entry, point, rule_v, swatch_entry,
};
use super::scale::Linear;
use super::scene::{
    Align, Baseline, Bounds, Color, Highlight, Item, Mark, Scene, Shape, Stroke, Table, palette,
};
use super::text::TextMeasure;
use super::view::{Drawn, Words};
use crate::benchmark::distribution::{DistributionModel, DistributionPoint, FiveNumbers};

const POINT_FILL: Color = palette::GREY_2;
const PEER_FILL: Color = palette::BLUE;
const PEER_STROKE: Stroke = Stroke::solid(palette::DARK_BLUE, 1.0);
const BOX: BoxStyle = BoxStyle {
    fill: palette::GREY_4,
    stroke: Stroke::solid(palette::GREY_1, 1.25),
    median: Stroke::solid(palette::TEXT, 3.0),
};
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
    match input.focus() {
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

fn table(input: &DistributionModel) -> Table {
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
        rows: input
            .points
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

fn tooltip(p: &DistributionPoint, input: &DistributionModel, five: &FiveNumbers) -> Vec<(String, String)> {
    let u = |v: f64| with_unit(v, &input.metric.unit, 1);
    let mut tooltip = vec![
        ("Organisation".to_string(), format!("{} ({})", p.name, p.code)),
        ("Value".into(), u(p.value)),
        ("Quarter".into(), p.quarter.words(input.metric.polarity)),
        ("Percentile rank".into(), format!("higher than {:.0}%", p.percentile)),
        ("Median".into(), u(five.median)),
    ];
    if p.peer {
        tooltip.push(("Peer".into(), "yes".into()));
    }
    tooltip
}

fn subtitle(input: &DistributionModel) -> String {
    format!(
        "{}, {}. Each point is one of {} {}, spread up and down so they overlap less. The box spans the \
         lower to upper quartile (type 7, as R and Excel QUARTILE.INC) with the median inside; the \
         whiskers reach the lowest and highest values.",
        input.metric.title,
        period_range(&input.from, &input.to),
        input.points.len(),
        input.population
    )
}

fn warnings(input: &DistributionModel) -> Vec<String> {
    if input.left_out == 0 {
        return Vec::new();
    }
    vec![format!(
        "{} of {} {} have no value and are not shown.",
        input.left_out,
        input.with_data(),
        input.population
    )]
}

/// The organisations, the peers, the focus, the box and the standard.
fn legend(input: &DistributionModel) -> Vec<LegendEntry> {
    let peers = input.peers();
    let others = format!("{} ({})", capitalise(&input.population), input.points.len() - peers);
    let mut legend = vec![marker_entry(Shape::Circle, POINT_FILL, None, others)];
    if peers > 0 {
        legend.push(marker_entry(Shape::Diamond, PEER_FILL, Some(PEER_STROKE), format!("Peer ({peers})")));
    }
    if let Some(p) = input.focus() {
        let outline = Some(Stroke::solid(palette::DARK_BLUE, 2.0));
        legend.push(marker_entry(Shape::Circle, palette::WARM_YELLOW, outline, short_name(&p.name)));
    }
    legend.push(swatch_entry(BOX.fill, "Lower to upper quartile".into()));
    if let Some(t) = input.metric.target {
        legend.push(line_entry(TARGET_STROKE, format!("Standard {}", with_unit(t, &input.metric.unit, 0))));
    }
    legend
}

/// Where values go along x, and the lanes down the plot: the strip of points above, the box
/// (centred on `box_cy`, `box_h` tall) and its labels below.
struct Layout {
    x: Linear,
    plot: Bounds,
    strip: (f64, f64),
    box_cy: f64,
    box_h: f64,
    size: f64,
}

impl Layout {
    fn position(&self, p: &DistributionPoint) -> (f64, f64) {
        (self.x.map(p.value), self.strip.0 + jitter(&p.code) * (self.strip.1 - self.strip.0))
    }

    /// The middle of the row of labels along the top of the plot.
    fn label_y(&self) -> f64 {
        self.plot.y + LABEL_SIZE / 2.0 + 3.0
    }
}

/// The x axis over every value and the standard, with a little room at each end, and the lanes.
fn axes(
    marks: &mut Vec<Mark>,
    input: &DistributionModel,
    five: &FiveNumbers,
    plot: Bounds,
    measure: &dyn TextMeasure,
) -> Layout {
    let (mut lo, mut hi) = (five.min, five.max);
    if let Some(t) = input.metric.target.filter(|t| t.is_finite()) {
        lo = lo.min(t);
        hi = hi.max(t);
    }
    let pad = (hi - lo) * 0.03;
    let unit = if input.metric.unit == "%" { "%" } else { "" };
    let domain = within_scale(&input.metric, (lo - pad, hi + pad));
    let x = x_axis(marks, measure, domain, plot, &|v, d| with_unit(v, unit, d));
    let label_row = LABEL_SIZE + 10.0;
    let strip = (plot.y + LABEL_SIZE + 12.0, plot.y + plot.h * 0.62);
    let box_lane = (strip.1 + 6.0, plot.y + plot.h - label_row);
    let box_h = ((box_lane.1 - box_lane.0) * 0.6).clamp(10.0, 40.0);
    let box_cy = (box_lane.0 + box_lane.1) / 2.0;
    let size = if input.points.len() > 300 { 6.0 } else { 8.0 };
    Layout { x, plot, strip, box_cy, box_h, size }
}

/// The standard and the focus value as vertical lines behind everything.
fn guides(marks: &mut Vec<Mark>, input: &DistributionModel, l: &Layout) {
    let (top, bottom) = (l.plot.y, l.plot.y + l.plot.h);
    if let Some(t) = input.metric.target {
        marks.push(rule_v(l.x.map(t), top, bottom, TARGET_STROKE));
    }
    if let Some(p) = input.focus() {
        marks.push(rule_v(l.x.map(p.value), top, bottom, FOCUS_STROKE));
    }
}

/// The box and whiskers, and the quartiles' labels under the box, spread so they never overprint.
fn box_plot(
    marks: &mut Vec<Mark>,
    input: &DistributionModel,
    five: &FiveNumbers,
    l: &Layout,
    measure: &dyn TextMeasure,
) {
    let x = |v: f64| l.x.map(v);
    box_whiskers(marks, five, &x, l.box_cy, l.box_h, BOX);
    let u = |v: f64| with_unit(v, &input.metric.unit, 1);
    let labels =
        [format!("Q1 {}", u(five.q1)), format!("Median {}", u(five.median)), format!("Q3 {}", u(five.q3))];
    let widest = labels.iter().map(|l| measure.width(l, SOURCE_SIZE, false)).fold(0.0, f64::max);
    let mut xs = [x(five.q1), x(five.median), x(five.q3)];
    let (left, right) = (l.plot.x + widest / 2.0, l.plot.x + l.plot.w - widest / 2.0);
    spread_labels(&mut xs, widest + 8.0, left, right);
    let y = l.box_cy + l.box_h / 2.0 + 6.0 + SOURCE_SIZE / 2.0;
    let font = Font(SOURCE_SIZE, false, palette::TEXT, Align::Middle, Baseline::Middle);
    for (label, lx) in labels.iter().zip(xs) {
        backed_label(marks, measure, (lx, y), label, font, 0.9);
    }
}

/// The strip, others first and peers over them, and an item per point in the model's order.
fn strip(marks: &mut Vec<Mark>, input: &DistributionModel, l: &Layout) -> Vec<Item> {
    let other = (Shape::Circle, POINT_FILL, Some(Stroke::solid(palette::WHITE, 0.75)));
    for p in input.points.iter().filter(|p| !p.peer) {
        let (cx, cy) = l.position(p);
        marks.push(point(cx, cy, l.size, other));
    }
    for p in input.points.iter().filter(|p| p.peer) {
        let (cx, cy) = l.position(p);
        marks.push(point(cx, cy, l.size + 1.0, (Shape::Diamond, PEER_FILL, Some(PEER_STROKE))));
    }
    let item = |p: &DistributionPoint| {
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

/// The focus organisation over everything, named at the top of its line; returns where its name
/// spans along x.
fn focus_label(
    marks: &mut Vec<Mark>,
    input: &DistributionModel,
    l: &Layout,
    measure: &dyn TextMeasure,
) -> Option<(f64, f64)> {
    let p = input.focus()?;
    let (cx, cy) = l.position(p);
    let shape = if p.peer { Shape::Diamond } else { Shape::Circle };
    marks.push(focus_point(cx, cy, l.size + 6.0, shape, palette::WARM_YELLOW));
    let value = with_unit(p.value, &input.metric.unit, 1);
    let (label, lw, lx, align) = focus_name_beside(measure, (&p.name, &value), cx, 6.0, l.plot);
    backed_label(marks, measure, (lx, l.label_y()), &label, FOCUS_FONT.align(align, Baseline::Middle), 0.9);
    Some(if align == Align::Start { (lx, lx + lw) } else { (lx - lw, lx) })
}

/// The standard's label at the top of its line: left of it, else right, else left a row lower,
/// whichever first keeps clear of the focus organisation's name.
fn standard_label(
    marks: &mut Vec<Mark>,
    input: &DistributionModel,
    l: &Layout,
    measure: &dyn TextMeasure,
    focus_span: Option<(f64, f64)>,
) {
    let Some(t) = input.metric.target else { return };
    let (tx, label_y) = (l.x.map(t), l.label_y());
    let label = format!("Standard {}", with_unit(t, &input.metric.unit, 0));
    let lw = measure.width(&label, LABEL_SIZE, true);
    let overlaps = |a: f64, b: f64| focus_span.is_some_and(|(f0, f1)| a < f1 + 4.0 && b > f0 - 4.0);
    let fits_left = tx - 6.0 - lw >= l.plot.x;
    let (lx, align, ly) = if fits_left && !overlaps(tx - 6.0 - lw, tx - 6.0) {
        (tx - 6.0, Align::End, label_y)
    } else if !overlaps(tx + 6.0, tx + 6.0 + lw) && tx + 6.0 + lw <= l.plot.x + l.plot.w {
        (tx + 6.0, Align::Start, label_y)
    } else {
        (tx - 6.0, Align::End, label_y + LABEL_SIZE + 4.0)
    };
    let font = Font(LABEL_SIZE, true, palette::BLUE, align, Baseline::Middle);
    backed_label(marks, measure, (lx, ly), &label, font, 0.9);
}

/// The text alternative: the five numbers, the focus's standing, the peers and the standard.
fn description(input: &DistributionModel, five: &FiveNumbers) -> String {
    let (pts, unit) = (&input.points, &input.metric.unit);
    let u = |v: f64| with_unit(v, unit, 1);
    let mut description = format!(
        "Distribution of {} across {} {}, {}: lowest {} ({}), lower quartile {}, median {}, upper quartile \
         {}, highest {} ({}).",
        input.metric.title,
        pts.len(),
        input.population,
        period_range(&input.from, &input.to),
        u(five.min),
        pts[0].name,
        u(five.q1),
        u(five.median),
        u(five.q3),
        u(five.max),
        pts[pts.len() - 1].name
    );
    if let Some(p) = input.focus() {
        description.push(' ');
        description.push_str(&summary(p, input));
    }
    if let Some(peers) = input.peer_spread() {
        description.push_str(&format!(
            " {} of {} peers are above the median, from {} to {}.",
            peers.above_median,
            peers.count,
            u(peers.lowest),
            u(peers.highest)
        ));
    }
    if let Some((t, meeting)) = input.meeting_standard() {
        let standard = with_unit(t, unit, 0);
        description.push_str(&format!(" {meeting} of {} meet the standard of {standard}.", pts.len()));
    }
    description
}

/// The axis, the guides, the box, the strip and the labels; returns the strip's items.
fn draw(
    marks: &mut Vec<Mark>,
    input: &DistributionModel,
    five: &FiveNumbers,
    plot: Bounds,
    measure: &dyn TextMeasure,
) -> Vec<Item> {
    let layout = axes(marks, input, five, plot, measure);
    guides(marks, input, &layout);
    box_plot(marks, input, five, &layout, measure);
    let items = strip(marks, input, &layout);
    let focus_span = focus_label(marks, input, &layout, measure);
    standard_label(marks, input, &layout, measure, focus_span);
    marks.push(axis_line(plot));
    items
}

/// Builds the distribution chart's scene.
pub fn scene(input: &DistributionModel, opts: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
    let mut frame = Frame::new(opts.width, opts.height, measure);
    let title = opts.title.clone().unwrap_or_else(|| message_title(input));
    let subtitle = subtitle(input);
    frame.heading(&title, &subtitle);
    frame.legend(&legend(input));
    let (top, bottom) = frame.source_and_plot_band(&opts.source, LABEL_SIZE * 1.4 + 10.0);
    let (width, height) = (frame.width, frame.height);
    let mut marks = std::mem::take(&mut frame.marks);
    let plot = Bounds { x: PAD + 4.0, y: top, w: width - 2.0 * PAD - 8.0, h: bottom - top };
    let (items, description) = match &input.five {
        Some(five) => (draw(&mut marks, input, five, plot, measure), description(input, five)),
        None => {
            let centre = (plot.x + plot.w / 2.0, plot.y + plot.h / 2.0);
            let font = Font::LABEL.align(Align::Middle, Baseline::Middle);
            marks.push(text(centre.0, centre.1, "No values to show", font));
            (Vec::new(), format!("No {} have a value for {}.", input.population, input.metric.title))
        }
    };
    Scene {
        width,
        height,
        marks,
        items,
        plot,
        title,
        subtitle,
        description,
        table: Table::default(),
        warnings: warnings(input),
    }
}

impl Drawn for DistributionModel {
    fn scene(&self, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
        scene(self, view, measure)
    }

    /// Items are the points from lowest to highest, so item `i` is `points[i]`.
    fn words(&self, _scene: &Scene, index: usize) -> Words {
        match (self.points.get(index), &self.five) {
            (Some(p), Some(five)) => Words { tooltip: tooltip(p, self, five), summary: summary(p, self) },
            _ => Words::default(),
        }
    }

    /// The points' table; no table at all when no organisation has a value.
    fn table(&self, _scene: &Scene) -> Table {
        if self.five.is_some() { table(self) } else { Table::default() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::text::ApproxMeasure;
    use crate::data::{MetricKind, Polarity};

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
        assert_eq!(i.table(&s).rows[3][4], "70.0", "percentile rank: 3 below plus half of 1, of 5");
        assert!(s.description.contains("0 of 1 peers are above the median"), "{}", s.description);
    }

    #[test]
    fn an_items_words_are_built_from_its_point_when_asked() {
        let i = input(&[("A", 60.0), ("B", 70.0), ("C", 80.0), ("D", 90.0), ("E", 95.0)]);
        let s = i.scene(&opts(), &ApproxMeasure);
        assert!(s.items.iter().all(|it| it.tooltip.is_empty() && it.summary.is_empty()));
        assert_eq!(s.table, Table::default(), "the scene carries no table");
        let words = i.words(&s, 0);
        assert_eq!(words.tooltip[2], ("Quarter".into(), "in the lowest quarter (worst)".into()));
        assert_eq!(words.tooltip[4], ("Median".into(), "80.0%".into()));
        assert_eq!(
            words.summary,
            "A NHS Trust: 60.0%, in the lowest quarter (worst), higher than 10% of trusts."
        );
        assert_eq!(i.words(&s, 5), Words::default());
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
        let i = input(&[("A", f64::INFINITY)]);
        let s = scene(&i, &opts(), &ApproxMeasure);
        assert!(s.items.is_empty());
        assert_eq!(i.table(&s), Table::default());
        assert_eq!(s.title, "No trusts have a value for Test measure");
    }
}
