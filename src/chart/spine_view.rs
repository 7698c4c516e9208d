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
//! is squeezed below a readable height. Each row's tooltip and the table are put into words when
//! asked for; the spoken summaries are built with the scene, as its description reads them all.

use super::format::{capitalise, number, period_range, short_name, with_unit};
use super::layout::{Font, Frame, LABEL_SIZE, LegendEntry, PAD, SOURCE_SIZE, Symbol, ViewOptions, text};
use super::marks::{rule_h, rule_v};
use super::scene::{
    Align, Baseline, Bounds, Color, Highlight, Item, Mark, Scene, Shape, Stroke, Table, palette,
};
use super::text::{TextMeasure, truncate, wrap};
use super::view::{Drawn, Words};
use crate::benchmark::spine::{
    SpineCentre, SpineDistribution, SpineModel, SpineOutcome, SpineRow, SpineScale, TwoLevelComparison,
};
use crate::data::Polarity;

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
/// (whole from 1,000 up, and a whole count, 303 waits over 52 weeks, as it is), the unit being in
/// the title or the tooltip.
fn short_value(v: f64, unit: &str) -> String {
    if unit == "%" { with_unit(v, "%", 1) } else { number(v, decimals(v)) }
}

/// A value with its unit, for tooltips and sentences.
fn full_value(v: f64, unit: &str) -> String {
    with_unit(v, unit, if unit == "%" { 1 } else { decimals(v) })
}

fn decimals(v: f64) -> usize {
    if v.abs() >= 1000.0 || v.fract() == 0.0 { 0 } else { 1 }
}

/// "worst" and "best" by polarity, "lowest" and "highest" without one.
fn ends(polarity: Polarity) -> (&'static str, &'static str) {
    if polarity == Polarity::NoJudgement { ("lowest", "highest") } else { ("worst", "best") }
}

// ---------------------------------------------------------------------------------------------
// Words

/// The chart's message: how many metrics are better and worse than the benchmark.
pub fn message_title(m: &SpineModel) -> String {
    use TwoLevelComparison as T;
    let name = short_name(&m.spine.focus.name);
    let n = m.spine.rows.len();
    let better = m.count(|s| matches!(s, T::Better998 | T::Better95));
    let worse = m.count(|s| matches!(s, T::Worse998 | T::Worse95));
    let similar = m.count(|s| s == T::Similar);
    let bench = benchmark_label(m);
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
fn benchmark_label(m: &SpineModel) -> String {
    m.benchmark_label().unwrap_or("the benchmark").to_string()
}

/// What every row's title ends with after its last comma, when they all end alike and there are
/// several ("all treatment functions" for RTT's measures): said once in the subtitle and left off
/// the rows.
fn shared_qualifier(m: &SpineModel) -> Option<&str> {
    fn last(r: &SpineRow) -> Option<&str> {
        r.metric.title.rsplit_once(", ").map(|(_, q)| q)
    }
    let first = last(m.spine.rows.first()?)?;
    (m.spine.rows.len() > 1 && m.spine.rows.iter().all(|r| last(r) == Some(first))).then_some(first)
}

fn subtitle(m: &SpineModel) -> String {
    let shared = shared_qualifier(m).map(|q| format!(", {q}")).unwrap_or_default();
    format!(
        "{} metrics{shared}, {}. Each bar spans the worst to the best of the {} compared, the middle half darker, \
         centred on {}; best is always on the right. The marker is {}: its shape and colour compare it with \
         {} (filled when significant at 99.8%, hollow at 95% only).",
        m.spine.rows.len(),
        period_range(&m.spine.periods.from, &m.spine.periods.to),
        m.population,
        m.national_label,
        short_name(&m.spine.focus.name),
        benchmark_label(m),
    )
}

/// The text alternative: what the chart is of, then every row's summary.
fn description(m: &SpineModel) -> String {
    let spine = &m.spine;
    let mut description = format!(
        "Spine chart of {} ({}) across {} metrics, {}, among {} ({}); each bar is centred on {}. ",
        spine.focus.name,
        spine.focus.code,
        spine.rows.len(),
        period_range(&spine.periods.from, &spine.periods.to),
        m.population,
        spine.peer_group,
        m.national_label
    );
    let summaries: Vec<String> = spine.rows.iter().map(|row| row_summary(row, m)).collect();
    description.push_str(&summaries.join(" "));
    description
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
fn row_summary(row: &SpineRow, m: &SpineModel) -> String {
    let metric = &row.metric;
    let name = short_name(&m.spine.focus.name);
    let (national, distribution, _) = spread_of(row);
    let national =
        national.map_or(String::new(), |v| format!(", {} {}", m.national_label, full_value(v, &metric.unit)));
    let spread = distribution.map_or(String::new(), |d| {
        format!(" {}.", capitalise(&distribution_words(d, metric.polarity, &metric.unit, &m.population)))
    });
    match &row.outcome {
        SpineOutcome::Compared(f) => {
            let u = |v: f64| full_value(v, &metric.unit);
            let interval = f
                .focus
                .ci95
                .map_or(String::new(), |ci| format!(" (95% interval {} to {})", u(ci.lower), u(ci.upper)));
            format!(
                "{}: {name} {}{interval}{national}; {}.{spread}",
                metric.title,
                u(f.focus.value),
                significance_phrase(f.significance, &f.benchmark.label)
            )
        }
        SpineOutcome::Missing { message, .. } => {
            format!("{}: no data, {message}{national}.{spread}", metric.title)
        }
    }
}

/// A row's tooltip: the focus's figures and comparison, then the national value and the spread.
fn tooltip(row: &SpineRow, m: &SpineModel) -> Vec<(String, String)> {
    let u = |v: f64| full_value(v, &row.metric.unit);
    let name = short_name(&m.spine.focus.name);
    let mut t = vec![("Metric".to_string(), row.metric.title.clone())];
    match &row.outcome {
        SpineOutcome::Compared(f) => {
            let mut value = u(f.focus.value);
            if f.focus.averaged {
                value.push_str(&format!(" (mean of {} periods)", f.focus.periods));
            }
            t.push((name, value));
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
        SpineOutcome::Missing { message, .. } => t.push((name, format!("No data: {message}"))),
    }
    t.extend(spread_tooltip(row, m));
    t
}

/// The tooltip's lines for the national value, the spread of the organisations and the centre.
fn spread_tooltip(row: &SpineRow, m: &SpineModel) -> Vec<(String, String)> {
    let u = |v: f64| full_value(v, &row.metric.unit);
    let (national, distribution, scale) = spread_of(row);
    let mut t = Vec::new();
    if let Some(v) = national {
        t.push((m.national_label.clone(), u(v)));
    }
    if let Some(d) = distribution {
        let (worst, best) = ends(row.metric.polarity);
        t.push((format!("{} ({})", capitalise(&m.population), d.organisations), String::new()));
        t.push((capitalise(worst), u(d.worst)));
        t.push(("Middle half".into(), format!("{} to {}", u(d.worse_quartile), u(d.better_quartile))));
        t.push(("Median".into(), u(d.five.median)));
        t.push((capitalise(best), u(d.best)));
    }
    if scale.is_some_and(|s| s.centred_on == SpineCentre::Median) {
        t.push(("Bar centred on".into(), "the median (no national value)".into()));
    }
    t
}

fn table(m: &SpineModel) -> Table {
    let name = short_name(&m.spine.focus.name);
    let columns = [
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
        m.national_label.clone(),
        "Benchmark".into(),
        "Compared with benchmark".into(),
        format!("{} with data", capitalise(&m.population)),
        "Lowest".into(),
        "Lower quartile".into(),
        "Median".into(),
        "Upper quartile".into(),
        "Highest".into(),
        "Note".into(),
    ];
    Table { columns: columns.to_vec(), rows: m.spine.rows.iter().map(table_row).collect() }
}

/// A row of the table: the metric, the focus's figures, the national value, the comparison, the
/// spread and a note.
fn table_row(row: &SpineRow) -> Vec<String> {
    let f2 = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.2}"));
    let count = |v: Option<f64>| v.map_or(String::new(), |x| format!("{x}"));
    let (national, d, _) = spread_of(row);
    let f = row.figures();
    let (ci95, ci998) = (f.and_then(|f| f.focus.ci95), f.and_then(|f| f.focus.ci99_8));
    let direction = match row.metric.polarity {
        Polarity::HigherIsBetter => "higher",
        Polarity::LowerIsBetter => "lower",
        Polarity::NoJudgement => "none",
    };
    let note = match &row.outcome {
        SpineOutcome::Missing { message, .. } => format!("No data: {message}"),
        SpineOutcome::Compared(f) if f.focus.averaged => format!("Mean of {} periods", f.focus.periods),
        SpineOutcome::Compared(_) => String::new(),
    };
    vec![
        row.metric.title.clone(),
        row.metric.unit.clone(),
        direction.into(),
        count(f.and_then(|f| f.focus.numerator)),
        count(f.and_then(|f| f.focus.denominator)),
        f2(f.map(|f| f.focus.value)),
        f2(ci95.map(|c| c.lower)),
        f2(ci95.map(|c| c.upper)),
        f2(ci998.map(|c| c.lower)),
        f2(ci998.map(|c| c.upper)),
        f2(national),
        f.map_or(String::new(), |f| f.benchmark.label.clone()),
        f.map_or(String::new(), |f| capitalise(&significance_phrase(f.significance, &f.benchmark.label))),
        d.map_or(String::new(), |d| d.organisations.to_string()),
        f2(d.map(|d| d.five.min)),
        f2(d.map(|d| d.five.q1)),
        f2(d.map(|d| d.five.median)),
        f2(d.map(|d| d.five.q3)),
        f2(d.map(|d| d.five.max)),
        note,
    ]
}

/// The legend: the significance categories present, then the bar's parts.
fn legend(m: &SpineModel) -> Vec<LegendEntry> {
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
    let mut legend: Vec<LegendEntry> = order
        .into_iter()
        .filter(|&s| m.count(|t| t == s) > 0)
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
    legend.push(LegendEntry { symbol: Symbol::Line(NATIONAL_STROKE), label: m.national_label.clone() });
    legend
}

// ---------------------------------------------------------------------------------------------
// Layout and marks

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
    fn new(frame: &Frame, m: &SpineModel, measure: &dyn TextMeasure) -> Self {
        let inner = frame.inner_width();
        let narrow = inner < NARROW;
        let name = short_name(&m.spine.focus.name);
        let focus_label = truncate(measure, &name, LABEL_SIZE, true, if narrow { 76.0 } else { 120.0 });
        let widest = |header: &str, values: &mut dyn Iterator<Item = String>| {
            values
                .map(|v| measure.width(&v, ROW_TEXT, false))
                .fold(measure.width(header, LABEL_SIZE, true), f64::max)
        };
        let rows = &m.spine.rows;
        let focus_w = widest(
            &focus_label,
            &mut rows.iter().map(|r| match r.figures() {
                Some(f) => short_value(f.focus.value, &r.metric.unit),
                None => "No data".to_string(),
            }),
        ) + 14.0;
        let national_w = widest(
            &m.national_label,
            &mut rows.iter().filter_map(|r| spread_of(r).0.map(|v| short_value(v, &r.metric.unit))),
        ) + 14.0;
        let (title_w, focus_right) = if narrow {
            (inner, PAD + focus_w - 8.0)
        } else {
            let bar_w = ((inner - focus_w - national_w) * 0.42).max(150.0);
            let title_w = inner - focus_w - national_w - bar_w - 22.0;
            (title_w, PAD + title_w + focus_w)
        };
        let national_right = focus_right + national_w;
        Self {
            narrow,
            title_x: PAD,
            title_w,
            focus_right,
            national_right,
            bar_x0: national_right + 14.0,
            bar_x1: PAD + inner - 8.0,
            focus_label,
        }
    }

    fn x(&self, position: f64) -> f64 {
        self.bar_x0 + position * (self.bar_x1 - self.bar_x0)
    }
}

/// A row's title, wrapped to its column, at most three lines (the last shortened if need be).
fn title_lines(row: &SpineRow, shared: Option<&str>, width: f64, measure: &dyn TextMeasure) -> Vec<String> {
    let m = &row.metric;
    let mut title = match shared.and_then(|q| m.title.strip_suffix(&format!(", {q}"))) {
        Some(t) => t.to_string(),
        None => m.title.clone(),
    };
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

/// The rows' layout: the columns, each row's title lines, and their height before stretching.
struct Rows {
    cols: Columns,
    lines: Vec<Vec<String>>,
    natural: f64,
}

/// The heading and legend in a frame as tall as the rows need (taller than asked if need be),
/// and the rows' layout at its width.
fn lay_out<'a>(
    m: &SpineModel,
    view: &ViewOptions,
    (title, subtitle): (&str, &str),
    measure: &'a dyn TextMeasure,
) -> (Frame<'a>, Rows) {
    let legend = legend(m);
    let lay = |height: f64| {
        let mut frame = Frame::new(view.width, height, measure);
        frame.heading(title, subtitle);
        frame.legend(&legend);
        frame
    };
    let mut frame = lay(view.height);
    let cols = Columns::new(&frame, m, measure);
    let lines: Vec<Vec<String>> =
        m.spine.rows.iter().map(|r| title_lines(r, shared_qualifier(m), cols.title_w, measure)).collect();
    let natural: f64 = lines.iter().map(|l| row_height(l.len(), cols.narrow)).sum();
    let source_h =
        wrap(measure, &view.source, SOURCE_SIZE, false, frame.inner_width()).len() as f64 * SOURCE_SIZE * 1.3;
    let needed = frame.y + 6.0 + HEADER_H + natural + 8.0 + source_h + PAD;
    if needed > frame.height {
        frame = lay(needed.ceil());
    }
    (frame, Rows { cols, lines, natural })
}

/// The column headings along the top of the rows, whose bottom is at `y`.
fn headings(marks: &mut Vec<Mark>, m: &SpineModel, cols: &Columns, y: f64) {
    let head = Font(LABEL_SIZE, true, palette::SECONDARY_TEXT, Align::Start, Baseline::Bottom);
    let right = head.align(Align::End, Baseline::Bottom);
    if !cols.narrow {
        marks.push(text(cols.title_x, y, "Metric", head));
    }
    marks.push(text(cols.focus_right, y, &cols.focus_label, right));
    marks.push(text(cols.national_right, y, &m.national_label, right));
    let mixed = m.spine.rows.iter().any(|r| r.metric.polarity == Polarity::NoJudgement);
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
    let centre = if s.centred_on == SpineCentre::National { NATIONAL_STROKE } else { MEDIAN_STROKE };
    marks.push(rule_v(cols.x(0.5), cy - bar_h / 2.0 - 4.0, cy + bar_h / 2.0 + 4.0, centre));
    match row.figures() {
        Some(f) => {
            let fx = cols.x(s.position(f.focus.value));
            marks.push(marker(fx, cy, MARKER_SIZE, marker_style(f.significance)));
            (fx, cy)
        }
        None => middle,
    }
}

/// Draws one row from `y`, `rh` tall: title, values, bar and the rule under it; returns its item.
fn draw_row(
    marks: &mut Vec<Mark>,
    cols: &Columns,
    row: &SpineRow,
    title_lines: &[String],
    (y, rh): (f64, f64),
) -> Item {
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
    let unit = &row.metric.unit;
    let value_font = Font(ROW_TEXT, false, palette::TEXT, Align::End, Baseline::Middle);
    let muted = value_font.color(palette::SECONDARY_TEXT);
    marks.push(match row.figures() {
        Some(f) => text(cols.focus_right, cy, &short_value(f.focus.value, unit), value_font.bold()),
        None => text(cols.focus_right, cy, "No data", muted),
    });
    marks.push(match row.national.as_ref() {
        Some(n) => text(cols.national_right, cy, &short_value(n.figure.value, unit), value_font),
        None => text(cols.national_right, cy, "–", muted),
    });
    let anchor = draw_bar(marks, row, cols, cy);
    marks.push(rule_h(PAD, PAD + inner, y + rh, Stroke::solid(palette::GREY_4, 1.0)));
    Item {
        key: row.metric.id.clone(),
        label: row.metric.title.clone(),
        hit: Bounds { x: PAD, y, w: inner, h: rh },
        anchor,
        tooltip: Vec::new(),
        summary: String::new(),
        highlight: Highlight::Outline(Bounds { x: PAD - 2.0, y: y + 1.0, w: inner + 4.0, h: rh - 2.0 }),
    }
}

/// The headings and the rows between `top` and `bottom`, each stretched a little when there is
/// room to spare; returns the rows' items and the area they fill.
fn draw_rows(
    marks: &mut Vec<Mark>,
    m: &SpineModel,
    rows: &Rows,
    (top, bottom): (f64, f64),
    inner: f64,
) -> (Vec<Item>, Bounds) {
    let n = m.spine.rows.len().max(1) as f64;
    let stretch = ((bottom - top - HEADER_H - rows.natural) / n).clamp(0.0, 14.0);
    headings(marks, m, &rows.cols, top + HEADER_H - 8.0);
    let rows_top = top + HEADER_H;
    marks.push(rule_h(PAD, PAD + inner, rows_top - 1.0, Stroke::solid(palette::GREY_3, 1.0)));
    let mut items = Vec::with_capacity(m.spine.rows.len());
    let mut y = rows_top;
    for (row, lines) in m.spine.rows.iter().zip(&rows.lines) {
        let rh = row_height(lines.len(), rows.cols.narrow) + stretch;
        items.push(draw_row(marks, &rows.cols, row, lines, (y, rh)));
        y += rh;
    }
    (items, Bounds { x: PAD, y: rows_top, w: inner, h: y - rows_top })
}

/// Builds the spine chart's scene.
pub fn scene(m: &SpineModel, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
    let title = view.title.clone().unwrap_or_else(|| message_title(m));
    let subtitle = subtitle(m);
    let (mut frame, rows) = lay_out(m, view, (&title, &subtitle), measure);
    let band = frame.source_and_plot_band(&view.source, 0.0);
    let (width, height) = (frame.width, frame.height);
    let mut marks = std::mem::take(&mut frame.marks);
    let (items, plot) = draw_rows(&mut marks, m, &rows, band, width - 2.0 * PAD);
    Scene {
        width,
        height,
        marks,
        items,
        plot,
        title,
        subtitle,
        description: description(m),
        table: Table::default(),
        warnings: m.warnings(),
    }
}

impl Drawn for SpineModel {
    fn scene(&self, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
        scene(self, view, measure)
    }

    /// Items are the rows, one per metric in order, so item `i` is `spine.rows[i]`.
    fn words(&self, _scene: &Scene, index: usize) -> Words {
        match self.spine.rows.get(index) {
            Some(row) => Words { tooltip: tooltip(row, self), summary: row_summary(row, self) },
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
        assert_eq!(short_value(303.0, "pathways"), "303");
        assert_eq!(short_value(10.869, "weeks"), "10.9");
    }
}
