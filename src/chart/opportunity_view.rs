//! The opportunity chart: what closing the gap to the peers would have meant in volume, as NHS
//! Model Hospital shows "opportunity" but as a range (see [`crate::benchmark::opportunity`]). One
//! horizontal bar per target (the peer median, the best quartile) runs from the low estimate (only
//! the gap beyond the focus's 95% interval) to the high one (the gap from the interval's far end),
//! with the central estimate (the gap from the value itself) marked across it, the numbers beside
//! it and the analysis's own sentence under it. A what-if value, when given, is marked on every
//! bar as the volume it would add, with what would be left of each gap in its tooltip.
//!
//! The two targets are alternatives (reaching the best quartile includes reaching the median)
//! and opportunities across metrics overlap, so the chart says they are not to be added and
//! gives no total. A target the focus already meets is a row that says so; a metric with no
//! better direction or no peers gives a chart that says why there is no opportunity. Each
//! target's tooltip and the table are put into words when asked for; the spoken summaries are
//! built with the scene, as its description reads them all.

use super::format::{capitalise, number, period_range, short_name, with_unit};
use super::layout::{Font, Frame, LABEL_SIZE, LegendEntry, PAD, SOURCE_SIZE, Symbol, ViewOptions, text};
use super::marks::{AXIS_STROKE, rule_h, rule_v, text_lines, tick_label};
use super::scale::{Linear, decimals_for_step, tick_step};
use super::scene::{
    Align, Baseline, Bounds, Color, Highlight, Item, Mark, Scene, Shape, Stroke, Table, palette,
};
use super::text::{TextMeasure, truncate, wrap};
use super::view::{Drawn, Words};
use crate::benchmark::opportunity::{NOT_ADDITIVE, Opportunity, OpportunityModel, OpportunityTarget, Range};
use crate::data::Polarity;

const RANGE_FILL: Color = Color::hex(0x005eb8).with_alpha(0.3);
const RANGE_STROKE: Stroke = Stroke::solid(palette::BLUE, 1.5);
const CENTRAL_STROKE: Stroke = Stroke::solid(palette::DARK_BLUE, 3.0);
const WHAT_IF_STROKE: Stroke = Stroke::dashed(palette::PURPLE, 2.0, 4.0, 3.0);
const GRID_STROKE: Stroke = Stroke::solid(palette::GREY_4, 1.0);
const BAR_H: f64 = 20.0;
/// Room between a target's heading and its bar, for the what-if line's marker.
const HEAD_GAP: f64 = 12.0;
const HEAD_SIZE: f64 = 13.0;
const SENTENCE_SIZE: f64 = 11.5;

/// "more" when higher is better, "fewer" when lower is better.
fn direction(polarity: Polarity) -> &'static str {
    if polarity == Polarity::LowerIsBetter { "fewer" } else { "more" }
}

/// A gap on the metric's own scale without its unit: two decimals below 100.
fn gap_number(v: f64) -> String {
    number(v, if v.abs() >= 100.0 { 0 } else { 2 })
}

/// A gap on the metric's own scale: "1.17 percentage points" for a percentage.
fn gap_words(v: f64, unit: &str) -> String {
    match unit {
        "%" => format!("{} percentage points", gap_number(v)),
        "" => gap_number(v),
        u => format!("{} {u}", gap_number(v)),
    }
}

fn value_words(v: f64, unit: &str) -> String {
    with_unit(v, unit, if v.abs() >= 1000.0 { 0 } else { 1 })
}

fn target_name(t: OpportunityTarget, population: &str) -> String {
    match t {
        OpportunityTarget::PeerMedian => format!("the median of the {population}"),
        OpportunityTarget::BestQuartile => format!("the best quartile of the {population}"),
    }
}

fn target_key(t: OpportunityTarget) -> &'static str {
    match t {
        OpportunityTarget::PeerMedian => "peerMedian",
        OpportunityTarget::BestQuartile => "bestQuartile",
    }
}

/// The focus's short name.
fn focus_name(m: &OpportunityModel) -> String {
    short_name(&m.comparison.focus_point().name)
}

/// An amount on the chart's axis in words: "1,200 more attendances seen within 4 hours", or
/// "6.25 percentage points higher" when it is not `in_volume`.
fn amount(v: f64, m: &OpportunityModel, in_volume: bool) -> String {
    let metric = &m.comparison.metric;
    if in_volume {
        format!("{} {} {}", number(v, 0), direction(metric.polarity), m.volume_label)
    } else {
        let way = if metric.polarity == Polarity::LowerIsBetter { "lower" } else { "higher" };
        format!("{} {way}", gap_words(v, &metric.unit))
    }
}

fn range_words(r: Range, m: &OpportunityModel, in_volume: bool) -> String {
    let n = |v: f64| if in_volume { number(v, 0) } else { gap_number(v) };
    format!("{} ({} to {})", amount(r.central, m, in_volume), n(r.low), n(r.high))
}

/// The what-if's gain when it adds something, for the line drawn on every bar.
fn what_if_drawn(m: &OpportunityModel) -> Option<f64> {
    m.what_if_gain().filter(|g| *g > 0.0)
}

// ---------------------------------------------------------------------------------------------
// Words

/// The chart's message: the central volume at the peer median, or that there is none.
pub fn message_title(m: &OpportunityModel) -> String {
    let name = focus_name(m);
    if m.opportunities.is_empty() {
        return format!("No opportunity is given for {name} on {}", m.comparison.metric.title);
    }
    match m.opportunities.iter().find(|o| o.gap.central > 0.0) {
        None => format!(
            "{name} is already at or better than the median and the best quartile of the {}",
            m.population
        ),
        // "would have had 2,858 more pathways ...", but "would be 0.98 weeks lower" on the
        // metric's own scale (a wait has no volume).
        Some(o) => format!(
            "At {} ({}), {name} would {} {}",
            target_name(o.target, &m.population),
            value_words(o.target_value, &m.comparison.metric.unit),
            if o.volume.is_some() { "have had" } else { "be" },
            range_words(o.measured(), m, o.volume.is_some())
        ),
    }
}

/// The statistical subtitle: the metric and peers, how the bars are measured, and the what-if.
fn subtitle(m: &OpportunityModel) -> String {
    let (c, unit) = (&m.comparison, &m.comparison.metric.unit);
    // The group's own label only when the population's words do not already say it.
    let group = if m.population.to_lowercase().contains(&c.peer_group.label.to_lowercase()) {
        String::new()
    } else {
        format!(" ({})", c.peer_group.label)
    };
    let mut s = format!(
        "{}, {}, against {} {}{group}. ",
        c.metric.title,
        period_range(&c.periods.from, &c.periods.to),
        c.peer_group.with_data,
        m.population,
    );
    if !m.opportunities.is_empty() && !any_gap(m) {
        s.push_str(&format!(
            "{} is at {}, at or better than every target: there is no gap to close.",
            focus_name(m),
            value_words(c.focus_point().figure.value, unit)
        ));
    } else if m.has_volume() {
        s.push_str(
            "Each bar runs from the gap beyond the 95% interval (low) to the gap from its far end (high), \
             times the denominator; the dark line is the gap from the value itself.",
        );
    } else {
        s.push_str(
            "There is no denominator, so each bar is the gap on the metric's own scale, from beyond the 95% \
             interval (low) to its far end (high); the dark line is the gap from the value itself.",
        );
    }
    match (&m.what_if, m.what_if_gain()) {
        (Some(w), Some(g)) if g > 0.0 => s.push_str(&format!(
            " The dashed line is what {} would add: {}.",
            value_words(w.value, unit),
            amount(g, m, m.has_volume())
        )),
        (Some(w), Some(_)) => s.push_str(&format!(
            " The what-if value {} is no better than {}'s own, so it adds nothing.",
            value_words(w.value, unit),
            focus_name(m)
        )),
        _ => {}
    }
    s
}

fn any_gap(m: &OpportunityModel) -> bool {
    m.opportunities.iter().any(|o| o.gap.central > 0.0)
}

/// The bar's parts, when there are bars, and the what-if line, when it is drawn.
fn legend(m: &OpportunityModel) -> Vec<LegendEntry> {
    let mut legend = Vec::new();
    if any_gap(m) {
        legend.push(LegendEntry {
            symbol: Symbol::Swatch(RANGE_FILL.with_alpha(0.6)),
            label: "Low to high".into(),
        });
        legend.push(LegendEntry { symbol: Symbol::Line(CENTRAL_STROKE), label: "Central".into() });
    }
    if let (Some(w), Some(_)) = (&m.what_if, what_if_drawn(m)) {
        legend.push(LegendEntry {
            symbol: Symbol::Line(WHAT_IF_STROKE),
            label: format!("What if {}", value_words(w.value, &m.comparison.metric.unit)),
        });
    }
    legend
}

/// Why there is no opportunity at all (no polarity, no peers), for an empty chart.
fn no_opportunity(m: &OpportunityModel) -> Option<String> {
    if !m.opportunities.is_empty() {
        return None;
    }
    let why = m
        .comparison
        .notices
        .iter()
        .find(|n| n.code == crate::benchmark::NoticeCode::OpportunityUnavailable)
        .map_or("no peers to compare with".to_string(), |n| n.message.clone());
    Some(format!("No opportunity: {why}."))
}

fn axis_title(m: &OpportunityModel) -> String {
    let metric = &m.comparison.metric;
    if m.has_volume() {
        capitalise(&format!("{} {}", direction(metric.polarity), m.volume_label))
    } else if metric.unit == "%" {
        "Gap in percentage points".to_string()
    } else {
        format!("Gap ({})", metric.unit)
    }
}

/// Why nothing here adds up, with an overlap of the metric's own data as the example (an RTT
/// treatment function's pathways are also in all functions').
fn caveat(m: &OpportunityModel) -> String {
    let overlap = if m.comparison.metric.id.starts_with("rtt_") {
        "Opportunities are not added up: measures overlap (a treatment function's pathways are also in the \
         total over all functions, and one patient can wait on several pathways), so a total would count them \
         more than once."
    } else {
        NOT_ADDITIVE
    };
    format!(
        "Not additive: the two targets are alternatives (reaching the best quartile includes reaching the \
         median). {overlap}"
    )
}

/// The text alternative: what is compared, why there is no opportunity or each target's
/// summary, the what-if, and the caveat.
fn description(m: &OpportunityModel) -> String {
    let (c, unit) = (&m.comparison, &m.comparison.metric.unit);
    let focus = c.focus_point();
    let mut d = format!(
        "Opportunity for {} ({}) on {}, {}, against {} {}. {} {}. ",
        focus.name,
        focus.code,
        c.metric.title,
        period_range(&c.periods.from, &c.periods.to),
        c.peer_group.with_data,
        m.population,
        focus_name(m),
        value_words(focus.figure.value, unit)
    );
    if let Some(why) = no_opportunity(m) {
        d.push_str(&why);
    }
    let summaries: Vec<String> = m.opportunities.iter().map(|o| summary(o, m)).collect();
    d.push_str(&summaries.join(" "));
    if let (Some(w), Some(g)) = (&m.what_if, m.what_if_gain()) {
        let adds = if g > 0.0 { amount(g, m, m.has_volume()) } else { "no better than now".into() };
        d.push_str(&format!(" What if {} were at {}: {adds}.", focus_name(m), value_words(w.value, unit)));
    }
    d.push(' ');
    d.push_str(&caveat(m));
    d
}

/// A target's tooltip: the target, the focus's value, and the gap, its volume and the what-if.
fn tooltip(o: &Opportunity, m: &OpportunityModel) -> Vec<(String, String)> {
    let (c, unit) = (&m.comparison, &m.comparison.metric.unit);
    let f = &c.focus_point().figure;
    let u = |v: f64| value_words(v, unit);
    let target = format!("{} ({})", capitalise(&target_name(o.target, &m.population)), u(o.target_value));
    let interval =
        f.ci95.map_or(String::new(), |ci| format!(", 95% interval {} to {}", u(ci.lower), u(ci.upper)));
    let mut t = vec![("Target".to_string(), target), (focus_name(m), format!("{}{interval}", u(f.value)))];
    if o.gap.central == 0.0 {
        t.push(("Opportunity".into(), "none: already at or better than the target".into()));
        return t;
    }
    let gap = format!(
        "{} ({} to {})",
        gap_words(o.gap.central, unit),
        gap_number(o.gap.low),
        gap_number(o.gap.high)
    );
    t.push(("Gap".into(), gap));
    if let Some(v) = o.volume {
        t.push(("Volume".into(), range_words(v, m, true)));
    }
    if let Some(n) = f.denominator {
        t.push(("Denominator".into(), number(n, 0)));
    }
    let beyond = if o.beyond_interval {
        "yes: the low end is more than chance"
    } else {
        "no: the target lies within the interval, so the gap may be chance"
    };
    t.push(("Beyond the 95% interval".into(), beyond.into()));
    if let (Some(w), Some(gain)) = (&m.what_if, m.what_if_gain()) {
        let in_volume = o.volume.is_some();
        let left = match m.left_after_what_if(o.target) {
            Some(r) if r.central > 0.0 => format!("left to reach it: {}", range_words(r, m, in_volume)),
            _ => "the target would be met".into(),
        };
        t.push((
            format!("What if {}", u(w.value)),
            format!("{}; {left}", amount(gain.max(0.0), m, in_volume)),
        ));
    }
    t
}

fn summary(o: &Opportunity, m: &OpportunityModel) -> String {
    let target = format!(
        "{} ({})",
        target_name(o.target, &m.population),
        value_words(o.target_value, &m.comparison.metric.unit)
    );
    if o.gap.central == 0.0 {
        return format!("{}: already at or better than {target}, no opportunity.", focus_name(m));
    }
    let chance = if o.beyond_interval {
        "the low end counts only the gap beyond the 95% interval"
    } else {
        "the target lies within the 95% interval, so the gap may be chance"
    };
    format!("To {target}: {}; {chance}.", range_words(o.measured(), m, o.volume.is_some()))
}

fn table(m: &OpportunityModel) -> Table {
    let f1 = |v: f64| format!("{v:.1}");
    let f4 = |v: f64| format!("{v:.4}");
    let mut columns: Vec<String> = [
        "Target",
        "Target value",
        "Focus value",
        "Gap low",
        "Gap central",
        "Gap high",
        "Volume low",
        "Volume central",
        "Volume high",
        "Beyond 95% interval",
        "Sentence",
    ]
    .map(String::from)
    .to_vec();
    if let Some(w) = &m.what_if {
        columns.push(format!("Volume left if {}", f4(w.value)));
    }
    let value = m.comparison.focus_point().figure.value;
    let rows = m
        .opportunities
        .iter()
        .map(|o| {
            let vol = |f: fn(&Range) -> f64| o.volume.as_ref().map_or(String::new(), |v| f1(f(v)));
            let mut row =
                vec![capitalise(&target_name(o.target, &m.population)), f4(o.target_value), f4(value)];
            row.extend([f4(o.gap.low), f4(o.gap.central), f4(o.gap.high)]);
            row.extend([vol(|r| r.low), vol(|r| r.central), vol(|r| r.high)]);
            row.extend([if o.beyond_interval { "yes" } else { "no" }.into(), o.sentence.clone()]);
            if m.what_if.is_some() {
                row.push(m.left_after_what_if(o.target).map_or(String::new(), |r| f1(r.central)));
            }
            row
        })
        .collect();
    Table { columns, rows }
}

// ---------------------------------------------------------------------------------------------
// Layout and marks

/// One target's block: its heading lines, the numbers, the bar, its sentence lines.
struct Block<'a> {
    o: &'a Opportunity,
    head: Vec<String>,
    numbers: String,
    numbers_below: bool,
    sentence: Vec<String>,
}

impl<'a> Block<'a> {
    /// The block of `o`, its words wrapped to `inner`.
    fn new(m: &OpportunityModel, o: &'a Opportunity, inner: f64, measure: &dyn TextMeasure) -> Self {
        let heading = format!(
            "To {} ({})",
            target_name(o.target, &m.population),
            value_words(o.target_value, &m.comparison.metric.unit)
        );
        let numbers = if o.gap.central == 0.0 {
            "no opportunity".to_string()
        } else {
            let r = o.measured();
            let n = |v: f64| if m.has_volume() { number(v, 0) } else { gap_number(v) };
            format!("{} ({} to {})", n(r.central), n(r.low), n(r.high))
        };
        let numbers_w = measure.width(&numbers, LABEL_SIZE, true);
        let head = wrap(measure, &heading, HEAD_SIZE, true, inner - numbers_w - 16.0);
        // Narrow charts put the numbers under a heading that wraps, not squeezed beside it.
        let numbers_below = head.len() > 1 && inner < 480.0;
        let head = if numbers_below { wrap(measure, &heading, HEAD_SIZE, true, inner) } else { head };
        let sentence = wrap(measure, &o.sentence, SENTENCE_SIZE, false, inner);
        Block { o, head, numbers, numbers_below, sentence }
    }

    fn height(&self) -> f64 {
        let head = self.head.len() as f64 * HEAD_SIZE * 1.3
            + if self.numbers_below { LABEL_SIZE * 1.4 } else { 0.0 };
        head + HEAD_GAP + BAR_H + 6.0 + self.sentence.len() as f64 * SENTENCE_SIZE * 1.3 + 14.0
    }
}

/// The horizontal axis the bars share, from 0 over the largest high end and the what-if.
struct Axis {
    scale: Linear,
    ticks: Vec<f64>,
    decimals: usize,
    /// False when there is nothing to measure (every target met): no axis is drawn.
    drawn: bool,
}

impl Axis {
    /// Up to six ticks from 0, fewer when their labels would touch ("1,000 1,500 2,000" in a
    /// phone-wide chart).
    fn new(max_amount: f64, has_volume: bool, (x0, x1): (f64, f64), measure: &dyn TextMeasure) -> Self {
        let mut count = 5;
        loop {
            let step = tick_step(0.0, max_amount, count);
            let last = (max_amount / step).ceil().max(1.0);
            let decimals = if has_volume { decimals_for_step(step) } else { decimals_for_step(step).max(1) };
            let ticks: Vec<f64> = (0..=last as i64).map(|i| i as f64 * step).collect();
            let widest = ticks
                .iter()
                .map(|t| measure.width(&number(*t, decimals), LABEL_SIZE, false))
                .fold(0.0, f64::max);
            if count <= 2 || ticks.len() as f64 * (widest + 12.0) <= x1 - x0 {
                let scale = Linear::new((0.0, last * step), (x0, x1));
                return Self { scale, ticks, decimals, drawn: max_amount > 0.0 };
            }
            count -= 1;
        }
    }

    fn x(&self, v: f64) -> f64 {
        self.scale.map(v)
    }

    /// The axis line, ticks, labels and title with its top at `y`.
    fn draw(&self, marks: &mut Vec<Mark>, y: f64, title: &str) {
        let (x0, x1) = self.scale.range;
        marks.push(rule_h(x0, x1, y, AXIS_STROKE));
        for &t in &self.ticks {
            tick_label(marks, self.x(t), y, &number(t, self.decimals));
        }
        let font = Font(LABEL_SIZE, false, palette::SECONDARY_TEXT, Align::Middle, Baseline::Top);
        marks.push(text((x0 + x1) / 2.0, y + 8.0 + LABEL_SIZE * 1.3, title, font));
    }

    fn height(&self) -> f64 {
        if self.drawn { LABEL_SIZE * 2.8 + 12.0 } else { 0.0 }
    }
}

/// What goes under the heading, measured at the chart's inner width: a block per target (or the
/// words saying why there are none), the axis and the caveat.
struct Plan<'a> {
    inner: f64,
    blocks: Vec<Block<'a>>,
    empty: Vec<String>,
    axis: Axis,
    caveat: Vec<String>,
}

impl<'a> Plan<'a> {
    fn new(m: &'a OpportunityModel, inner: f64, measure: &dyn TextMeasure) -> Self {
        let blocks = m.opportunities.iter().map(|o| Block::new(m, o, inner, measure)).collect();
        let empty =
            no_opportunity(m).map_or_else(Vec::new, |why| wrap(measure, &why, HEAD_SIZE, false, inner));
        let max_amount =
            m.opportunities.iter().map(|o| o.measured().high).chain(m.what_if_gain()).fold(0.0, f64::max);
        let axis = Axis::new(max_amount, m.has_volume(), (PAD + 8.0, PAD + inner - 20.0), measure);
        let caveat = wrap(measure, &caveat(m), SENTENCE_SIZE, false, inner);
        Self { inner, blocks, empty, axis, caveat }
    }

    fn blocks_height(&self) -> f64 {
        self.blocks.iter().map(Block::height).sum::<f64>() + self.empty.len() as f64 * HEAD_SIZE * 1.4
    }

    fn caveat_height(&self) -> f64 {
        self.caveat.len() as f64 * SENTENCE_SIZE * 1.3 + 10.0
    }
}

/// The heading and legend in a frame as tall as the blocks need (taller than asked if need be),
/// and the plan of what goes under them.
fn lay_out<'a, 'm>(
    m: &'m OpportunityModel,
    view: &ViewOptions,
    (title, subtitle): (&str, &str),
    measure: &'a dyn TextMeasure,
) -> (Frame<'a>, Plan<'m>) {
    let legend = legend(m);
    let lay = |height: f64| {
        let mut frame = Frame::new(view.width, height, measure);
        frame.heading(title, subtitle);
        frame.legend(&legend);
        frame
    };
    let mut frame = lay(view.height);
    let plan = Plan::new(m, frame.inner_width(), measure);
    let source_lines = wrap(measure, &view.source, SOURCE_SIZE, false, plan.inner).len();
    let source_h = source_lines as f64 * SOURCE_SIZE * 1.3;
    let below = [plan.blocks_height(), plan.axis.height(), plan.caveat_height(), 8.0, source_h, PAD];
    let needed = below.iter().fold(frame.y + 6.0, |y, h| y + h);
    if needed > frame.height {
        frame = lay(needed.ceil());
    }
    (frame, plan)
}

/// The heading over a block from `top`, the numbers beside it (or under it when it wraps on a
/// narrow chart); returns the y under them.
fn block_heading(marks: &mut Vec<Mark>, b: &Block, top: f64, inner: f64) -> f64 {
    let head = Font(HEAD_SIZE, true, palette::TEXT, Align::Start, Baseline::Top);
    let mut y = text_lines(marks, PAD, top, &b.head, head, HEAD_SIZE * 1.3);
    let numbers = Font(LABEL_SIZE, true, palette::DARK_BLUE, Align::End, Baseline::Top);
    if b.numbers_below {
        marks.push(text(PAD, y, &b.numbers, numbers.align(Align::Start, Baseline::Top)));
        y += LABEL_SIZE * 1.4;
    } else {
        marks.push(text(PAD + inner, top + 1.0, &b.numbers, numbers));
    }
    y
}

/// A target's bar from `y`: a faint grid through its band only (so the words above and below
/// stay clear), then the low-to-high range with the central line across it, or for a target
/// already met a zero mark saying by how much; then the what-if line. Returns the item's anchor.
fn draw_bar(
    marks: &mut Vec<Mark>,
    o: &Opportunity,
    m: &OpportunityModel,
    axis: &Axis,
    y: f64,
    measure: &dyn TextMeasure,
) -> (f64, f64) {
    if axis.drawn {
        for &t in &axis.ticks {
            marks.push(rule_v(axis.x(t), y - 3.0, y + BAR_H + 3.0, GRID_STROKE));
        }
    }
    let cy = y + BAR_H / 2.0;
    let anchor = if o.gap.central > 0.0 {
        let r = o.measured();
        let (x0, x1) = (axis.x(r.low), axis.x(r.high));
        let (fill, stroke) = (Some(RANGE_FILL), Some(RANGE_STROKE));
        marks.push(Mark::Rect { x: x0, y, w: (x1 - x0).max(2.0), h: BAR_H, fill, stroke });
        let xc = axis.x(r.central);
        marks.push(rule_v(xc, y - 4.0, y + BAR_H + 4.0, CENTRAL_STROKE));
        (xc, cy)
    } else {
        let x0 = axis.x(0.0);
        marks.push(rule_v(x0, y, y + BAR_H, CENTRAL_STROKE));
        let (value, unit) = (m.comparison.focus_point().figure.value, &m.comparison.metric.unit);
        let gap = gap_words((value - o.target_value).abs(), unit);
        let ahead = format!("{}: {gap} better than the target", value_words(value, unit));
        let ahead = truncate(measure, &ahead, LABEL_SIZE, false, axis.scale.range.1 - x0 - 8.0);
        let font = Font(LABEL_SIZE, false, palette::SECONDARY_TEXT, Align::Start, Baseline::Middle);
        marks.push(text(x0 + 8.0, cy, &ahead, font));
        (x0 + 4.0, cy)
    };
    if let Some(g) = what_if_drawn(m) {
        let xw = axis.x(g);
        marks.push(rule_v(xw, y - 4.0, y + BAR_H + 4.0, WHAT_IF_STROKE));
        let (shape, fill) = (Shape::TriangleDown, palette::PURPLE);
        marks.push(Mark::Marker { x: xw, y: y - 6.0, size: 8.0, shape, fill, stroke: None });
    }
    anchor
}

/// Draws one target's block from `top` down: heading and numbers, the bar, the sentence. Returns
/// its item and the block's bottom.
fn draw_block(
    marks: &mut Vec<Mark>,
    b: &Block,
    top: f64,
    m: &OpportunityModel,
    plan: &Plan,
    measure: &dyn TextMeasure,
) -> (Item, f64) {
    let inner = plan.inner;
    let y = block_heading(marks, b, top, inner) + HEAD_GAP;
    let anchor = draw_bar(marks, b.o, m, &plan.axis, y, measure);
    let sentence = Font(SENTENCE_SIZE, false, palette::SECONDARY_TEXT, Align::Start, Baseline::Top);
    let y = text_lines(marks, PAD, y + BAR_H + 6.0, &b.sentence, sentence, SENTENCE_SIZE * 1.3) + 14.0;
    let bottom = y - 8.0;
    let item = Item {
        key: target_key(b.o.target).into(),
        label: capitalise(&target_name(b.o.target, &m.population)),
        hit: Bounds { x: PAD, y: top, w: inner, h: bottom - top },
        anchor,
        tooltip: Vec::new(),
        summary: String::new(),
        highlight: Highlight::Outline(Bounds {
            x: PAD - 4.0,
            y: top - 4.0,
            w: inner + 8.0,
            h: bottom - (top - 4.0),
        }),
    };
    (item, y)
}

/// The blocks between `top` and `bottom`, spaced out when there is room to spare, then the axis
/// and the caveat; returns the items and the area the blocks fill.
fn draw_plan(
    marks: &mut Vec<Mark>,
    m: &OpportunityModel,
    plan: &Plan,
    (top, bottom): (f64, f64),
    measure: &dyn TextMeasure,
) -> (Vec<Item>, Bounds) {
    let spare = (bottom - top - plan.blocks_height() - plan.axis.height() - plan.caveat_height()).max(0.0);
    let extra_gap = (spare / (plan.blocks.len() as f64 + 1.0)).min(24.0);
    let rows_top = top + extra_gap.min(8.0);
    let mut items = Vec::with_capacity(plan.blocks.len());
    let mut y = rows_top;
    for b in &plan.blocks {
        let (item, bottom) = draw_block(marks, b, y, m, plan, measure);
        items.push(item);
        y = bottom + extra_gap;
    }
    let empty = Font(HEAD_SIZE, false, palette::TEXT, Align::Start, Baseline::Top);
    let mut y = text_lines(marks, PAD, y, &plan.empty, empty, HEAD_SIZE * 1.4);
    let plot = Bounds { x: PAD, y: rows_top, w: plan.inner, h: (y - rows_top).max(1.0) };
    if plan.axis.drawn {
        plan.axis.draw(marks, y, &axis_title(m));
        y += plan.axis.height();
    }
    let caveat = Font(SENTENCE_SIZE, false, palette::TEXT, Align::Start, Baseline::Top);
    text_lines(marks, PAD, y, &plan.caveat, caveat, SENTENCE_SIZE * 1.3);
    (items, plot)
}

/// Builds the opportunity chart's scene from its model, with the what-if marked when it has one.
pub fn scene(m: &OpportunityModel, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
    let title = view.title.clone().unwrap_or_else(|| message_title(m));
    let subtitle = subtitle(m);
    let (mut frame, plan) = lay_out(m, view, (&title, &subtitle), measure);
    let band = frame.source_and_plot_band(&view.source, 0.0);
    let (width, height) = (frame.width, frame.height);
    let mut marks = std::mem::take(&mut frame.marks);
    let (items, plot) = draw_plan(&mut marks, m, &plan, band, measure);
    let mut warnings: Vec<String> = m.comparison.notices.iter().map(|n| n.message.clone()).collect();
    if let Some(w) = &m.what_if {
        warnings.extend(w.notices.iter().map(|n| n.message.clone()));
    }
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
        warnings,
    }
}

impl Drawn for OpportunityModel {
    fn scene(&self, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
        scene(self, view, measure)
    }

    /// Items are the targets in order, so item `i` is `opportunities[i]`.
    fn words(&self, _scene: &Scene, index: usize) -> Words {
        match self.opportunities.get(index) {
            Some(o) => Words { tooltip: tooltip(o, self), summary: summary(o, self) },
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
    use crate::benchmark::compare::BenchmarkChoice;
    use crate::benchmark::compare::compare_with_peers;
    use crate::benchmark::compare::tests::{dataset, request};
    use crate::benchmark::opportunity::volume_words;
    use crate::chart::text::ApproxMeasure;

    fn view() -> ViewOptions {
        ViewOptions { width: 600.0, height: 400.0, title: None, source: "Source: test".into() }
    }

    /// The opportunity model of the test data's comparison, with a what-if when given, its volume
    /// counting patients seen in time.
    fn model(ds: &crate::data::Dataset, what_if: Option<f64>) -> OpportunityModel {
        let comparison = compare_with_peers(ds, &request(BenchmarkChoice::default())).unwrap();
        let mut m = OpportunityModel::new(comparison, what_if, "peers".into()).unwrap();
        m.volume_label = "patients seen in time".into();
        m
    }

    fn texts(s: &Scene) -> Vec<String> {
        s.marks
            .iter()
            .filter_map(|m| if let Mark::Text { text, .. } = m { Some(text.clone()) } else { None })
            .collect()
    }

    #[test]
    fn without_a_denominator_the_bars_are_gaps_on_the_metrics_scale() {
        // F 85% (Wilson 95% 79.3944 to 89.2864) against the best quartile of A 90, B 75, C 95 and
        // D 80, 91.25: gap 1.96 to 11.86 (central 6.25) percentage points; the median 85 is met.
        let mut m = model(&dataset(), None);
        for o in &mut m.opportunities {
            o.volume = None;
        }
        let s = scene(&m, &view(), &ApproxMeasure);
        let t = texts(&s);
        assert!(t.contains(&"6.25 (1.96 to 11.86)".to_string()), "{t:?}");
        assert!(t.contains(&"Gap in percentage points".to_string()), "{t:?}");
        assert!(t.contains(&"85.0%: 0.00 percentage points better than the target".to_string()), "{t:?}");
        assert!(s.subtitle.contains("There is no denominator"), "{}", s.subtitle);
        assert_eq!(
            m.words(&s, 1).tooltip[2],
            ("Gap".to_string(), "6.25 percentage points (1.96 to 11.86)".to_string())
        );
    }

    #[test]
    fn with_the_denominator_the_bars_count_the_volume_label_given() {
        // Volume x 200 / 100: 3.93 to 23.71 (central 12.5), shown whole: 12 (4 to 24), as the
        // formatter rounds exact halves to even (12.5 to 12, 91.25 to 91.2).
        let m = model(&dataset(), None);
        let s = scene(&m, &view(), &ApproxMeasure);
        assert_eq!(
            s.title,
            "At the best quartile of the peers (91.2%), Trust F would have had 12 more patients seen in time (4 to 24)"
        );
        assert!(texts(&s).contains(&"More patients seen in time".to_string()));
        assert_eq!(volume_words(&m.comparison.metric), "cases");
    }

    #[test]
    fn lower_is_better_counts_fewer_and_the_what_if_gain_runs_downwards() {
        // The test data with lower better: the best quartile is the peers' lower quartile, 78.75;
        // F's 85% is 6.25 points above it, 12.5 fewer of its 200 (shown 12, halves to even); the
        // near end of its interval (79.3944 - 78.75) x 2 = 1.3, the far end (89.2864 - 78.75) x 2 = 21.1.
        // What if F were at 80%: 5 points, 10 fewer.
        let mut ds = dataset();
        ds.metrics[0].polarity = Polarity::LowerIsBetter;
        let s = scene(&model(&ds, Some(80.0)), &view(), &ApproxMeasure);
        assert_eq!(
            s.title,
            "At the best quartile of the peers (78.8%), Trust F would have had 12 fewer patients seen in time (1 to 21)"
        );
        assert!(
            s.subtitle.contains("The dashed line is what 80.0% would add: 10 fewer patients seen in time."),
            "{}",
            s.subtitle
        );
        assert!(texts(&s).contains(&"Fewer patients seen in time".to_string()));
        let s = scene(&model(&ds, Some(90.0)), &view(), &ApproxMeasure);
        assert!(
            s.subtitle.contains("The what-if value 90.0% is no better than Trust F's own"),
            "{}",
            s.subtitle
        );
    }
}
