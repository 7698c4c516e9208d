//! The spine chart (Fingertips' area profile): one organisation across many metrics, a row each.
//! On the left of each row the metric's title, the focus's value and the national value; on the
//! right a bar centred on the national value: light grey from the worst to the best of the
//! organisations compared, darker grey over the middle half (lower to upper quartile, R type 7),
//! a dark line for the national value, and the focus as a marker whose shape and colour give its
//! significance against the benchmark (filled at 99.8%, hollow at 95% only). Best is always on
//! the right: when lower is better the bar is flipped. The scale is the one fingertipscharts'
//! `spine_rescaler` uses (see [`crate::benchmark::spine`]): the farther of the worst and best
//! reaches the edge.
//!
//! Wide charts set the row out in columns; narrow ones (under 560 px, down to 320) put the title
//! above its values and bar. The chart grows taller than asked when the rows need it, so no row
//! is squeezed below a readable height.

use super::format::capitalise;
use super::format::short_name;
use super::format::{number, period_range, with_unit};
use super::layout::{Font, Frame, LABEL_SIZE, LegendEntry, PAD, SOURCE_SIZE, Symbol, ViewOptions, text};
use super::scene::{
    Align, Baseline, Bounds, Color, Highlight, Item, Mark, Scene, Shape, Stroke, Table, palette,
};
use super::text::{TextMeasure, truncate, wrap};
use crate::benchmark::spine::{
    Spine, SpineCentre, SpineDistribution, SpineFigures, SpineModel, SpineOutcome, SpineRow, SpineScale,
    TwoLevelComparison,
};
use crate::data::Polarity;

/// Presentation choices for the spine chart.
#[derive(Debug, Clone, PartialEq)]
pub struct SpineOptions {
    pub view: ViewOptions,
    /// The organisations compared, in the plural ("NHS trusts").
    pub population: String,
    /// What the national value is called ("England").
    pub national_label: String,
}

/// Below this inner width the title goes above the values and bar.
const NARROW: f64 = 560.0;
const ROW_TEXT: f64 = 12.5;
const LINE: f64 = ROW_TEXT * 1.3;
const HEADER_H: f64 = 26.0;
const RANGE_FILL: Color = palette::GREY_4;
const MIDDLE_FILL: Color = palette::GREY_3;
const NATIONAL_STROKE: Stroke = Stroke::solid(palette::TEXT, 2.0);
const MEDIAN_STROKE: Stroke = Stroke::dashed(palette::TEXT, 1.5, 3.0, 2.0);
const MARKER_SIZE: f64 = 13.0;

/// How a focus marker looks for a two-level comparison: shape, colour, whether it is filled
/// (significant at 99.8%) or hollow (at 95% only), and its words for the legend.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MarkerStyle {
    pub shape: Shape,
    pub color: Color,
    pub filled: bool,
    pub label: &'static str,
}

/// The marker for a significance: green triangles up for better, red down for worse, a yellow
/// circle for similar, blue up and purple down for higher and lower where no direction is better,
/// a grey square when not compared; filled at 99.8%, hollow at 95% only.
pub fn marker_style(s: TwoLevelComparison) -> MarkerStyle {
    use TwoLevelComparison as T;
    let (shape, color, filled, label) = match s {
        T::Better998 => (Shape::TriangleUp, palette::GREEN, true, "Better (99.8%)"),
        T::Better95 => (Shape::TriangleUp, palette::GREEN, false, "Better (95% only)"),
        T::Similar => (Shape::Circle, palette::WARM_YELLOW, true, "Similar"),
        T::Worse95 => (Shape::TriangleDown, palette::RED, false, "Worse (95% only)"),
        T::Worse998 => (Shape::TriangleDown, palette::RED, true, "Worse (99.8%)"),
        T::Higher998 => (Shape::TriangleUp, palette::BLUE, true, "Higher (99.8%)"),
        T::Higher95 => (Shape::TriangleUp, palette::BLUE, false, "Higher (95% only)"),
        T::Lower95 => (Shape::TriangleDown, palette::PURPLE, false, "Lower (95% only)"),
        T::Lower998 => (Shape::TriangleDown, palette::PURPLE, true, "Lower (99.8%)"),
        T::NotCompared => (Shape::Square, palette::GREY_2, true, "Not compared"),
    };
    MarkerStyle { shape, color, filled, label }
}

/// Fill and outline: filled markers get a dark outline (the yellow needs it for 3:1 contrast with
/// white, WCAG 1.4.11, and it lifts the rest off the grey bar); hollow ones a thick coloured one.
fn paint(style: MarkerStyle) -> (Color, Stroke) {
    if style.filled {
        (style.color, Stroke::solid(palette::TEXT, 1.0))
    } else {
        (palette::WHITE, Stroke::solid(style.color, 2.5))
    }
}

fn marker(x: f64, y: f64, size: f64, style: MarkerStyle) -> Mark {
    let (fill, stroke) = paint(style);
    Mark::Marker { x, y, size, shape: style.shape, fill, stroke: Some(stroke) }
}

/// The comparison in words: "better than England at 99.8%".
pub fn significance_phrase(s: TwoLevelComparison, benchmark: &str) -> String {
    use TwoLevelComparison as T;
    match s {
        T::Better998 => format!("better than {benchmark} at 99.8%"),
        T::Better95 => format!("better than {benchmark} at 95% (not at 99.8%)"),
        T::Similar => format!("similar to {benchmark}"),
        T::Worse95 => format!("worse than {benchmark} at 95% (not at 99.8%)"),
        T::Worse998 => format!("worse than {benchmark} at 99.8%"),
        T::Higher998 => format!("higher than {benchmark} at 99.8%"),
        T::Higher95 => format!("higher than {benchmark} at 95% (not at 99.8%)"),
        T::Lower95 => format!("lower than {benchmark} at 95% (not at 99.8%)"),
        T::Lower998 => format!("lower than {benchmark} at 99.8%"),
        T::NotCompared => format!("not compared with {benchmark}"),
    }
}

/// A value as the row's columns show it: a percentage with its sign, anything else as a number
/// (whole from 1,000 up), the unit being in the title or the tooltip.
fn short_value(v: f64, unit: &str) -> String {
    if unit == "%" { with_unit(v, "%", 1) } else { number(v, decimals(v)) }
}

/// A value with its unit, for tooltips and sentences.
fn full_value(v: f64, unit: &str) -> String {
    with_unit(v, unit, if unit == "%" { 1 } else { decimals(v) })
}

fn decimals(v: f64) -> usize {
    if v.abs() >= 1000.0 { 0 } else { 1 }
}

/// "worst" and "best" by polarity, "lowest" and "highest" without one.
fn ends(polarity: Polarity) -> (&'static str, &'static str) {
    if polarity == Polarity::NoJudgement { ("lowest", "highest") } else { ("worst", "best") }
}

/// The chart's message: how many metrics are better and worse than the benchmark.
pub fn message_title(spine: &Spine) -> String {
    let name = short_name(&spine.focus.name);
    let n = spine.rows.len();
    let sig: Vec<TwoLevelComparison> =
        spine.rows.iter().filter_map(|r| r.figures().map(|f| f.significance)).collect();
    let count = |f: &dyn Fn(TwoLevelComparison) -> bool| sig.iter().filter(|s| f(**s)).count();
    use TwoLevelComparison as T;
    let better = count(&|s| matches!(s, T::Better998 | T::Better95));
    let worse = count(&|s| matches!(s, T::Worse998 | T::Worse95));
    let similar = count(&|s| s == T::Similar);
    let bench = benchmark_label(spine);
    let metrics = if n == 1 { "metric" } else { "metrics" };
    if better + worse + similar == 0 {
        return format!("{name} across {n} {metrics}, against {bench}");
    }
    let mut t = format!("{name}: better than {bench} on {better} of {n} {metrics}, worse on {worse}");
    if similar > 0 {
        t.push_str(&format!(", similar on {similar}"));
    }
    t
}

/// The benchmark's name as the comparisons give it ("England", "Peer median").
fn benchmark_label(spine: &Spine) -> String {
    spine
        .rows
        .iter()
        .find_map(|r| r.figures().map(|f| f.benchmark.label.clone()))
        .unwrap_or_else(|| "the benchmark".to_string())
}

/// The national value, the distribution and the scale of a row, whether or not the focus has data.
fn spread_of(row: &SpineRow) -> (Option<f64>, Option<&SpineDistribution>, Option<&SpineScale>) {
    (row.national.as_ref().map(|n| n.figure.value), row.distribution.as_ref(), row.scale.as_ref())
}

fn distribution_words(d: &SpineDistribution, polarity: Polarity, unit: &str, population: &str) -> String {
    let (worst, best) = ends(polarity);
    format!(
        "{} {population} range from {} ({worst}) to {} ({best}), the middle half from {} to {}",
        d.organisations,
        full_value(d.worst, unit),
        full_value(d.best, unit),
        full_value(d.worse_quartile, unit),
        full_value(d.better_quartile, unit)
    )
}

/// What a screen reader says for a row.
fn row_summary(row: &SpineRow, spine: &Spine, opts: &SpineOptions) -> String {
    let m = &row.metric;
    let name = short_name(&spine.focus.name);
    let (national, distribution, _) = spread_of(row);
    let national =
        national.map_or(String::new(), |v| format!(", {} {}", opts.national_label, full_value(v, &m.unit)));
    let spread = distribution.map_or(String::new(), |d| {
        format!(" {}.", capitalise(&distribution_words(d, m.polarity, &m.unit, &opts.population)))
    });
    match &row.outcome {
        SpineOutcome::Compared(f) => {
            let interval = f.focus.ci95.map_or(String::new(), |ci| {
                format!(
                    " (95% interval {} to {})",
                    full_value(ci.lower, &m.unit),
                    full_value(ci.upper, &m.unit)
                )
            });
            format!(
                "{}: {name} {}{interval}{national}; {}.{spread}",
                m.title,
                full_value(f.focus.value, &m.unit),
                significance_phrase(f.significance, &f.benchmark.label)
            )
        }
        SpineOutcome::Missing { message, .. } => {
            format!("{}: no data, {message}{national}.{spread}", m.title)
        }
    }
}

fn tooltip(row: &SpineRow, spine: &Spine, opts: &SpineOptions) -> Vec<(String, String)> {
    let m = &row.metric;
    let u = |v: f64| full_value(v, &m.unit);
    let mut t = vec![("Metric".to_string(), m.title.clone())];
    let (national, distribution, scale) = spread_of(row);
    match &row.outcome {
        SpineOutcome::Compared(f) => {
            let mut value = u(f.focus.value);
            if f.focus.averaged {
                value.push_str(&format!(" (mean of {} periods)", f.focus.periods));
            }
            t.push((short_name(&spine.focus.name), value));
            if let Some(ci) = f.focus.ci95 {
                t.push(("95% interval".into(), format!("{} to {}", u(ci.lower), u(ci.upper))));
            }
            if let Some(ci) = f.focus.ci99_8 {
                t.push(("99.8% interval".into(), format!("{} to {}", u(ci.lower), u(ci.upper))));
            }
            if let (Some(x), Some(n)) = (f.focus.numerator, f.focus.denominator) {
                t.push(("Count".into(), format!("{} of {}", number(x, 0), number(n, 0))));
            }
            t.push((
                format!("Compared with {}", f.benchmark.label),
                capitalise(&significance_phrase(f.significance, &f.benchmark.label)),
            ));
            t.push(("Rank".into(), format!("{} of {}", f.rank, f.of)));
        }
        SpineOutcome::Missing { message, .. } => {
            t.push((short_name(&spine.focus.name), format!("No data: {message}")));
        }
    }
    if let Some(v) = national {
        t.push((opts.national_label.clone(), u(v)));
    }
    if let Some(d) = distribution {
        let (worst, best) = ends(m.polarity);
        t.push((format!("{} ({})", capitalise(&opts.population), d.organisations), String::new()));
        t.push((capitalise(worst), u(d.worst)));
        t.push(("Middle half".into(), format!("{} to {}", u(d.worse_quartile), u(d.better_quartile))));
        t.push(("Median".into(), u(d.five.median)));
        t.push((capitalise(best), u(d.best)));
    }
    if let Some(s) = scale
        && s.centred_on == SpineCentre::Median
    {
        t.push(("Bar centred on".into(), "the median (no national value)".into()));
    }
    t
}

fn table(spine: &Spine, opts: &SpineOptions) -> Table {
    let f2 = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.2}"));
    let name = short_name(&spine.focus.name);
    Table {
        columns: vec![
            "Metric".into(),
            "Unit".into(),
            "Better direction".into(),
            format!("{name} numerator"),
            format!("{name} denominator"),
            format!("{name} value"),
            "95% lower".into(),
            "95% upper".into(),
            "99.8% lower".into(),
            "99.8% upper".into(),
            opts.national_label.clone(),
            "Benchmark".into(),
            "Compared with benchmark".into(),
            format!("{} with data", capitalise(&opts.population)),
            "Lowest".into(),
            "Lower quartile".into(),
            "Median".into(),
            "Upper quartile".into(),
            "Highest".into(),
            "Note".into(),
        ],
        rows: spine
            .rows
            .iter()
            .map(|row| {
                let m = &row.metric;
                let (national, d, _) = spread_of(row);
                let f: Option<&SpineFigures> = row.figures();
                let ci95 = f.and_then(|f| f.focus.ci95);
                let ci998 = f.and_then(|f| f.focus.ci99_8);
                let direction = match m.polarity {
                    Polarity::HigherIsBetter => "higher",
                    Polarity::LowerIsBetter => "lower",
                    Polarity::NoJudgement => "none",
                };
                let note = match &row.outcome {
                    SpineOutcome::Missing { message, .. } => format!("No data: {message}"),
                    SpineOutcome::Compared(f) if f.focus.averaged => {
                        format!("Mean of {} periods", f.focus.periods)
                    }
                    SpineOutcome::Compared(_) => String::new(),
                };
                vec![
                    m.title.clone(),
                    m.unit.clone(),
                    direction.into(),
                    f.and_then(|f| f.focus.numerator).map_or(String::new(), |x| format!("{x}")),
                    f.and_then(|f| f.focus.denominator).map_or(String::new(), |x| format!("{x}")),
                    f2(f.map(|f| f.focus.value)),
                    f2(ci95.map(|c| c.lower)),
                    f2(ci95.map(|c| c.upper)),
                    f2(ci998.map(|c| c.lower)),
                    f2(ci998.map(|c| c.upper)),
                    f2(national),
                    f.map_or(String::new(), |f| f.benchmark.label.clone()),
                    f.map_or(String::new(), |f| {
                        capitalise(&significance_phrase(f.significance, &f.benchmark.label))
                    }),
                    d.map_or(String::new(), |d| d.organisations.to_string()),
                    f2(d.map(|d| d.five.min)),
                    f2(d.map(|d| d.five.q1)),
                    f2(d.map(|d| d.five.median)),
                    f2(d.map(|d| d.five.q3)),
                    f2(d.map(|d| d.five.max)),
                    note,
                ]
            })
            .collect(),
    }
}

/// Where each column goes, from the chart's width.
struct Columns {
    narrow: bool,
    title_x: f64,
    title_w: f64,
    /// Right edges of the focus and national value columns.
    focus_right: f64,
    national_right: f64,
    bar_x0: f64,
    bar_x1: f64,
    focus_label: String,
}

impl Columns {
    fn new(frame: &Frame, spine: &Spine, opts: &SpineOptions, measure: &dyn TextMeasure) -> Self {
        let inner = frame.inner_width();
        let narrow = inner < NARROW;
        let focus_label = truncate(
            measure,
            &short_name(&spine.focus.name),
            LABEL_SIZE,
            true,
            if narrow { 76.0 } else { 120.0 },
        );
        let widest = |header: &str, values: &mut dyn Iterator<Item = String>| {
            values
                .map(|v| measure.width(&v, ROW_TEXT, false))
                .fold(measure.width(header, LABEL_SIZE, true), f64::max)
        };
        let focus_w = widest(
            &focus_label,
            &mut spine.rows.iter().map(|r| match r.figures() {
                Some(f) => short_value(f.focus.value, &r.metric.unit),
                None => "No data".to_string(),
            }),
        ) + 14.0;
        let national_w = widest(
            &opts.national_label,
            &mut spine.rows.iter().filter_map(|r| spread_of(r).0.map(|v| short_value(v, &r.metric.unit))),
        ) + 14.0;
        let right = PAD + inner - 8.0;
        if narrow {
            let focus_right = PAD + focus_w - 8.0;
            let national_right = focus_right + national_w;
            Self {
                narrow,
                title_x: PAD,
                title_w: inner,
                focus_right,
                national_right,
                bar_x0: national_right + 14.0,
                bar_x1: right,
                focus_label,
            }
        } else {
            let bar_w = ((inner - focus_w - national_w) * 0.42).max(150.0);
            let title_w = inner - focus_w - national_w - bar_w - 22.0;
            let focus_right = PAD + title_w + focus_w;
            let national_right = focus_right + national_w;
            Self {
                narrow,
                title_x: PAD,
                title_w,
                focus_right,
                national_right,
                bar_x0: national_right + 14.0,
                bar_x1: right,
                focus_label,
            }
        }
    }

    fn x(&self, position: f64) -> f64 {
        self.bar_x0 + position * (self.bar_x1 - self.bar_x0)
    }
}

/// A row's title, wrapped to its column, at most three lines (the last shortened if need be).
fn title_lines(row: &SpineRow, width: f64, measure: &dyn TextMeasure) -> Vec<String> {
    let m = &row.metric;
    let mut title = m.title.clone();
    if !m.unit.is_empty() && m.unit != "%" && !title.to_lowercase().contains(&m.unit.to_lowercase()) {
        title.push_str(&format!(" ({})", m.unit));
    }
    let mut lines = wrap(measure, &title, ROW_TEXT, false, width);
    if lines.len() > 3 {
        let rest = lines[2..].join(" ");
        lines.truncate(2);
        lines.push(truncate(measure, &rest, ROW_TEXT, false, width));
    }
    lines
}

fn row_height(lines: usize, narrow: bool) -> f64 {
    if narrow { lines as f64 * LINE + 34.0 } else { (lines as f64 * LINE).max(22.0) + 14.0 }
}

/// The legend: the significance categories present, then the bar's parts.
fn legend(spine: &Spine, opts: &SpineOptions) -> Vec<LegendEntry> {
    use TwoLevelComparison as T;
    let order = [
        T::Better998,
        T::Better95,
        T::Similar,
        T::Worse95,
        T::Worse998,
        T::Higher998,
        T::Higher95,
        T::Lower95,
        T::Lower998,
        T::NotCompared,
    ];
    let present = |s: T| spine.rows.iter().any(|r| r.figures().is_some_and(|f| f.significance == s));
    let mut legend: Vec<LegendEntry> = order
        .into_iter()
        .filter(|&s| present(s))
        .map(|s| {
            let style = marker_style(s);
            let (fill, stroke) = paint(style);
            LegendEntry {
                symbol: Symbol::Marker { shape: style.shape, fill, stroke: Some(stroke) },
                label: style.label.into(),
            }
        })
        .collect();
    legend.push(LegendEntry { symbol: Symbol::Swatch(RANGE_FILL), label: "Worst to best".into() });
    legend.push(LegendEntry { symbol: Symbol::Swatch(MIDDLE_FILL), label: "Middle half".into() });
    legend.push(LegendEntry { symbol: Symbol::Line(NATIONAL_STROKE), label: opts.national_label.clone() });
    legend
}

/// The column headings along the top of the rows, whose bottom is at `y`.
fn headings(marks: &mut Vec<Mark>, spine: &Spine, opts: &SpineOptions, cols: &Columns, y: f64) {
    let head = Font(LABEL_SIZE, true, palette::SECONDARY_TEXT, Align::Start, Baseline::Bottom);
    let right = head.align(Align::End, Baseline::Bottom);
    if !cols.narrow {
        marks.push(text(cols.title_x, y, "Metric", head));
    }
    marks.push(text(cols.focus_right, y, &cols.focus_label, right));
    marks.push(text(cols.national_right, y, &opts.national_label, right));
    let mixed = spine.rows.iter().any(|r| r.metric.polarity == Polarity::NoJudgement);
    let (worst, best) = if mixed && cols.bar_x1 - cols.bar_x0 > 200.0 {
        ("Worst or lowest", "Best or highest")
    } else {
        ("Worst", "Best")
    };
    marks.push(text(cols.bar_x0, y, worst, head));
    marks.push(text(cols.bar_x1, y, best, right));
}

/// The bar of a row centred at `cy`: the range, the middle half, the centre line and the
/// focus's marker. Returns where the marker is (the bar's middle when there is none).
fn draw_bar(marks: &mut Vec<Mark>, row: &SpineRow, cols: &Columns, cy: f64) -> (f64, f64) {
    let bar_h = if cols.narrow { 12.0 } else { 14.0 };
    let middle = ((cols.bar_x0 + cols.bar_x1) / 2.0, cy);
    let (Some(d), Some(s)) = (row.distribution.as_ref(), row.scale.as_ref()) else {
        let font = Font(LABEL_SIZE, false, palette::SECONDARY_TEXT, Align::Middle, Baseline::Middle);
        marks.push(text(middle.0, cy, "No data in this period", font));
        return middle;
    };
    let mut span = |a: f64, b: f64, fill: Color| {
        let (x0, x1) = (cols.x(s.position(a)), cols.x(s.position(b)));
        let (x, w) = (x0.min(x1), (x1 - x0).abs().max(1.0));
        marks.push(Mark::Rect { x, y: cy - bar_h / 2.0, w, h: bar_h, fill: Some(fill), stroke: None });
    };
    span(d.five.min, d.five.max, RANGE_FILL);
    span(d.five.q1, d.five.q3, MIDDLE_FILL);
    let centre = cols.x(0.5);
    marks.push(Mark::Line {
        x1: centre,
        y1: cy - bar_h / 2.0 - 4.0,
        x2: centre,
        y2: cy + bar_h / 2.0 + 4.0,
        stroke: if s.centred_on == SpineCentre::National { NATIONAL_STROKE } else { MEDIAN_STROKE },
    });
    match row.figures() {
        Some(f) => {
            let fx = cols.x(s.position(f.focus.value));
            marks.push(marker(fx, cy, MARKER_SIZE, marker_style(f.significance)));
            (fx, cy)
        }
        None => middle,
    }
}

/// What every row is drawn against.
struct Page<'a> {
    spine: &'a Spine,
    opts: &'a SpineOptions,
    cols: Columns,
}

/// Draws one row from `y`, `rh` tall: title, values, bar and the rule under it; returns its item.
fn draw_row(
    marks: &mut Vec<Mark>,
    page: &Page,
    row: &SpineRow,
    title_lines: &[String],
    y: f64,
    rh: f64,
) -> Item {
    let (spine, opts, cols) = (page.spine, page.opts, &page.cols);
    let inner = cols.bar_x1 + 8.0 - PAD;
    let block = title_lines.len() as f64 * LINE;
    let (title_top, cy) = if cols.narrow {
        (y + 7.0, y + 7.0 + block + (rh - block - 7.0) / 2.0)
    } else {
        (y + (rh - block) / 2.0 + 1.0, y + rh / 2.0)
    };
    let row_font = Font(ROW_TEXT, false, palette::TEXT, Align::Start, Baseline::Top);
    for (i, line) in title_lines.iter().enumerate() {
        marks.push(text(cols.title_x, title_top + i as f64 * LINE, line, row_font));
    }
    let m = &row.metric;
    let value_font = Font(ROW_TEXT, false, palette::TEXT, Align::End, Baseline::Middle);
    let muted = value_font.color(palette::SECONDARY_TEXT);
    match row.figures() {
        Some(f) => {
            marks.push(text(cols.focus_right, cy, &short_value(f.focus.value, &m.unit), value_font.bold()))
        }
        None => marks.push(text(cols.focus_right, cy, "No data", muted)),
    }
    match row.national.as_ref() {
        Some(n) => {
            marks.push(text(cols.national_right, cy, &short_value(n.figure.value, &m.unit), value_font))
        }
        None => marks.push(text(cols.national_right, cy, "–", muted)),
    }
    let anchor = draw_bar(marks, row, cols, cy);
    let rule = Stroke::solid(palette::GREY_4, 1.0);
    marks.push(Mark::Line { x1: PAD, y1: y + rh, x2: PAD + inner, y2: y + rh, stroke: rule });
    let ring = vec![
        (PAD - 2.0, y + 1.0),
        (PAD + inner + 2.0, y + 1.0),
        (PAD + inner + 2.0, y + rh - 1.0),
        (PAD - 2.0, y + rh - 1.0),
        (PAD - 2.0, y + 1.0),
    ];
    Item {
        key: m.id.clone(),
        label: m.title.clone(),
        hit: Bounds { x: PAD, y, w: inner, h: rh },
        anchor,
        tooltip: tooltip(row, spine, opts),
        summary: row_summary(row, spine, opts),
        highlight: Highlight::Marks(vec![
            Mark::Path { points: ring.clone(), stroke: Stroke::solid(palette::BLACK, 4.0) },
            Mark::Path { points: ring, stroke: Stroke::solid(palette::FOCUS, 2.0) },
        ]),
    }
}

/// Builds the spine chart's scene.
pub fn scene(model: &SpineModel, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
    let opts = SpineOptions {
        view: view.clone(),
        population: model.population.clone(),
        national_label: model.national_label.clone(),
    };
    scene_with(&model.spine, &opts, measure)
}

/// [`scene`] for a spine and the words to name it with.
pub fn scene_with(spine: &Spine, opts: &SpineOptions, measure: &dyn TextMeasure) -> Scene {
    let view = &opts.view;
    let title = view.title.clone().unwrap_or_else(|| message_title(spine));
    let subtitle = format!(
        "{} metrics, {}. Each bar spans the worst to the best of the {} compared, the middle half darker, \
         centred on {}; best is always on the right. The marker is {}: its shape and colour compare it with \
         {} (filled when significant at 99.8%, hollow at 95% only).",
        spine.rows.len(),
        period_range(&spine.periods.from, &spine.periods.to),
        opts.population,
        opts.national_label,
        short_name(&spine.focus.name),
        benchmark_label(spine),
    );
    let legend = legend(spine, opts);

    // Lay out once to learn the heading's and legend's height, then again as tall as the rows need.
    let lay = |height: f64| {
        let mut frame = Frame::new(view.width, height, measure);
        frame.heading(&title, &subtitle);
        frame.legend(&legend);
        frame
    };
    let mut frame = lay(view.height);
    let cols = Columns::new(&frame, spine, opts, measure);
    let lines: Vec<Vec<String>> = spine.rows.iter().map(|r| title_lines(r, cols.title_w, measure)).collect();
    let natural: f64 = lines.iter().map(|l| row_height(l.len(), cols.narrow)).sum();
    let source_h =
        wrap(measure, &view.source, SOURCE_SIZE, false, frame.inner_width()).len() as f64 * SOURCE_SIZE * 1.3;
    let needed = frame.y + 6.0 + HEADER_H + natural + 8.0 + source_h + PAD;
    if needed > frame.height {
        frame = lay(needed.ceil());
    }
    let (top, bottom) = frame.source_and_plot_band(&view.source, 0.0);
    let (width, height) = (frame.width, frame.height);
    let mut marks = std::mem::take(&mut frame.marks);
    let inner = width - 2.0 * PAD;
    let n = spine.rows.len().max(1) as f64;
    let stretch = ((bottom - top - HEADER_H - natural) / n).clamp(0.0, 14.0);

    headings(&mut marks, spine, opts, &cols, top + HEADER_H - 8.0);
    let rows_top = top + HEADER_H;
    let rule = Stroke::solid(palette::GREY_3, 1.0);
    marks.push(Mark::Line { x1: PAD, y1: rows_top - 1.0, x2: PAD + inner, y2: rows_top - 1.0, stroke: rule });
    let page = Page { spine, opts, cols };
    let mut items = Vec::with_capacity(spine.rows.len());
    let mut y = rows_top;
    for (row, title_lines) in spine.rows.iter().zip(&lines) {
        let rh = row_height(title_lines.len(), page.cols.narrow) + stretch;
        items.push(draw_row(&mut marks, &page, row, title_lines, y, rh));
        y += rh;
    }
    let plot = Bounds { x: PAD, y: rows_top, w: inner, h: y - rows_top };

    let mut description = format!(
        "Spine chart of {} ({}) across {} metrics, {}, among {} ({}); each bar is centred on {}. ",
        spine.focus.name,
        spine.focus.code,
        spine.rows.len(),
        period_range(&spine.periods.from, &spine.periods.to),
        opts.population,
        spine.peer_group,
        opts.national_label
    );
    description.push_str(&items.iter().map(|i| i.summary.as_str()).collect::<Vec<_>>().join(" "));
    let mut warnings: Vec<String> = spine.notices.iter().map(|n| n.message.clone()).collect();
    for row in &spine.rows {
        for n in row.figures().map_or(&[][..], |f| &f.notices[..]) {
            if !warnings.contains(&n.message) {
                warnings.push(n.message.clone());
            }
        }
    }
    Scene {
        width,
        height,
        marks,
        items,
        plot,
        title,
        subtitle,
        description,
        table: table(spine, opts),
        warnings,
    }
}

impl crate::chart::view::Drawn for SpineModel {
    fn scene(&self, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
        scene(self, view, measure)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significance_at_95_percent_only_is_hollow_and_shape_follows_direction() {
        use TwoLevelComparison as T;
        let better = marker_style(T::Better998);
        let better95 = marker_style(T::Better95);
        assert_eq!((better.shape, better95.shape), (Shape::TriangleUp, Shape::TriangleUp));
        assert!(better.filled && !better95.filled);
        assert_eq!(paint(better95).0, palette::WHITE, "hollow: white inside, colour in the outline");
        assert_eq!(paint(better95).1.color, palette::GREEN);
        assert_eq!(marker_style(T::Worse95).shape, Shape::TriangleDown);
        assert_eq!(marker_style(T::Lower998).color, palette::PURPLE);
        assert_eq!(marker_style(T::Higher95).color, palette::BLUE);
        assert_eq!(marker_style(T::NotCompared).shape, Shape::Square);
        assert_eq!(significance_phrase(T::Worse95, "England"), "worse than England at 95% (not at 99.8%)");
    }

    #[test]
    fn values_show_percentages_with_their_sign_and_large_numbers_whole() {
        assert_eq!(short_value(82.939, "%"), "82.9%");
        assert_eq!(short_value(8559.25, "attendances"), "8,559");
        assert_eq!(short_value(32.167, "per 100 attendances"), "32.2");
        assert_eq!(full_value(8559.25, "attendances"), "8,559 attendances");
    }
}
