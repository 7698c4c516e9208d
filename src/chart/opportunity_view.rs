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
//! better direction or no peers gives a chart that says why there is no opportunity.

use super::format::capitalise;
use super::format::short_name;
use super::format::{number, period_range, with_unit};
use super::layout::{Font, Frame, LABEL_SIZE, LegendEntry, PAD, SOURCE_SIZE, Symbol, ViewOptions, text};
use super::scale::{Linear, decimals_for_step, tick_step};
use super::scene::{
    Align, Baseline, Bounds, Color, Highlight, Item, Mark, Scene, Shape, Stroke, Table, palette,
};
use super::text::{TextMeasure, truncate, wrap};
use crate::benchmark::compare::{MetricSummary, PeerComparison};
use crate::benchmark::opportunity::{
    NOT_ADDITIVE, Opportunity, OpportunityModel, OpportunityTarget, Range, WhatIf,
};
use crate::data::{MetricKind, Polarity, ae};

/// Presentation choices for the opportunity chart.
#[derive(Debug, Clone, PartialEq)]
pub struct OpportunityOptions {
    pub view: ViewOptions,
    /// The peers, in the plural, for the targets' names ("Global Digital Exemplars").
    pub population: String,
    /// What the volume counts, in the plural, without "more" or "fewer" ("attendances seen
    /// within 4 hours"); `None` takes [`volume_words`] for the metric.
    pub volume_label: Option<String>,
}

const RANGE_FILL: Color = Color::hex(0x005eb8).with_alpha(0.3);
const RANGE_STROKE: Stroke = Stroke::solid(palette::BLUE, 1.5);
const CENTRAL_STROKE: Stroke = Stroke::solid(palette::DARK_BLUE, 3.0);
const WHAT_IF_STROKE: Stroke = Stroke::dashed(palette::PURPLE, 2.0, 4.0, 3.0);
const BAR_H: f64 = 20.0;
/// Room between a target's heading and its bar, for the what-if line's marker.
const HEAD_GAP: f64 = 12.0;
const HEAD_SIZE: f64 = 13.0;
const SENTENCE_SIZE: f64 = 11.5;

/// What a metric's volume counts: the A&E metrics' own words, otherwise "cases" for a proportion
/// and "events" for a rate or ratio.
pub fn volume_words(metric: &MetricSummary) -> String {
    match metric.id.as_str() {
        ae::FOUR_HOUR_TYPE1 | ae::FOUR_HOUR_ALL | ae::FOUR_HOUR_TYPE2 | ae::FOUR_HOUR_OTHER => {
            "attendances seen within 4 hours".into()
        }
        _ => match metric.kind {
            MetricKind::Proportion => "cases".into(),
            _ => "events".into(),
        },
    }
}

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

/// How an opportunity is measured on the chart: its volume, or its gap where there is no volume.
fn measured(o: &Opportunity) -> Range {
    o.volume.unwrap_or(o.gap)
}

/// An amount on the chart's axis in words: "1,200 more attendances seen within 4 hours".
fn amount(v: f64, c: &PeerComparison, label: &str, has_volume: bool) -> String {
    if has_volume {
        format!("{} {} {label}", number(v, 0), direction(c.metric.polarity))
    } else {
        format!(
            "{} {}",
            gap_words(v, &c.metric.unit),
            if c.metric.polarity == Polarity::LowerIsBetter { "lower" } else { "higher" }
        )
    }
}

fn range_words(r: Range, c: &PeerComparison, label: &str, has_volume: bool) -> String {
    let n = |v: f64| if has_volume { number(v, 0) } else { gap_number(v) };
    format!("{} ({} to {})", amount(r.central, c, label, has_volume), n(r.low), n(r.high))
}

/// What the what-if would add on the chart's axis (volume, or gap without one); negative when
/// the what-if value is worse than the focus's own.
fn what_if_gain(c: &PeerComparison, w: &WhatIf, has_volume: bool) -> f64 {
    let f = &c.focus_point().figure;
    let better_by = match c.metric.polarity {
        Polarity::LowerIsBetter => f.value - w.value,
        _ => w.value - f.value,
    };
    match (has_volume, f.denominator) {
        (true, Some(n)) if c.metric.multiplier > 0.0 => better_by / c.metric.multiplier * n,
        _ => better_by,
    }
}

/// The chart's message: the central volume at the peer median, or that there is none.
pub fn message_title(c: &PeerComparison, opps: &[Opportunity], opts: &OpportunityOptions) -> String {
    let name = short_name(&c.focus_point().name);
    let label = opts.volume_label.clone().unwrap_or_else(|| volume_words(&c.metric));
    if opps.is_empty() {
        return format!("No opportunity is given for {name} on {}", c.metric.title);
    }
    let first = opps.iter().find(|o| o.gap.central > 0.0);
    match first {
        None => format!(
            "{name} is already at or better than the median and the best quartile of the {}",
            opts.population
        ),
        Some(o) => {
            let has_volume = o.volume.is_some();
            let r = measured(o);
            format!(
                "At {} ({}), {name} would have had {}",
                target_name(o.target, &opts.population),
                value_words(o.target_value, &c.metric.unit),
                range_words(r, c, &label, has_volume)
            )
        }
    }
}

fn tooltip(
    o: &Opportunity,
    c: &PeerComparison,
    w: Option<&WhatIf>,
    opts: &OpportunityOptions,
    label: &str,
) -> Vec<(String, String)> {
    let m = &c.metric;
    let f = &c.focus_point().figure;
    let u = |v: f64| value_words(v, &m.unit);
    let has_volume = o.volume.is_some();
    let mut t = vec![(
        "Target".to_string(),
        format!("{} ({})", capitalise(&target_name(o.target, &opts.population)), u(o.target_value)),
    )];
    let interval =
        f.ci95.map_or(String::new(), |ci| format!(", 95% interval {} to {}", u(ci.lower), u(ci.upper)));
    t.push((short_name(&c.focus_point().name), format!("{}{interval}", u(f.value))));
    if o.gap.central == 0.0 {
        t.push(("Opportunity".into(), "none: already at or better than the target".into()));
        return t;
    }
    t.push((
        "Gap".into(),
        format!(
            "{} ({} to {})",
            gap_words(o.gap.central, &m.unit),
            gap_number(o.gap.low),
            gap_number(o.gap.high)
        ),
    ));
    if let Some(v) = o.volume {
        t.push(("Volume".into(), range_words(v, c, label, true)));
    }
    if let Some(n) = f.denominator {
        t.push(("Denominator".into(), number(n, 0)));
    }
    t.push((
        "Beyond the 95% interval".into(),
        if o.beyond_interval {
            "yes: the low end is more than chance".into()
        } else {
            "no: the target lies within the interval, so the gap may be chance".into()
        },
    ));
    if let Some(w) = w {
        let gain = what_if_gain(c, w, has_volume);
        let left = w.opportunity.iter().find(|x| x.target == o.target).map(measured);
        let left_words = match left {
            Some(r) if r.central > 0.0 => {
                format!("left to reach it: {}", range_words(r, c, label, has_volume))
            }
            _ => "the target would be met".into(),
        };
        t.push((
            format!("What if {}", u(w.value)),
            format!("{}; {left_words}", amount(gain.max(0.0), c, label, has_volume)),
        ));
    }
    t
}

fn summary(o: &Opportunity, c: &PeerComparison, opts: &OpportunityOptions, label: &str) -> String {
    let target = format!(
        "{} ({})",
        target_name(o.target, &opts.population),
        value_words(o.target_value, &c.metric.unit)
    );
    if o.gap.central == 0.0 {
        return format!(
            "{}: already at or better than {target}, no opportunity.",
            short_name(&c.focus_point().name)
        );
    }
    let r = measured(o);
    let chance = if o.beyond_interval {
        "the low end counts only the gap beyond the 95% interval"
    } else {
        "the target lies within the 95% interval, so the gap may be chance"
    };
    format!("To {target}: {}; {chance}.", range_words(r, c, label, o.volume.is_some()))
}

fn table(c: &PeerComparison, opps: &[Opportunity], w: Option<&WhatIf>, opts: &OpportunityOptions) -> Table {
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
    .iter()
    .map(|s| s.to_string())
    .collect();
    if let Some(w) = w {
        columns.push(format!("Volume left if {}", f4(w.value)));
    }
    let rows = opps
        .iter()
        .map(|o| {
            let vol = |f: fn(&Range) -> f64| o.volume.as_ref().map_or(String::new(), |v| f1(f(v)));
            let mut row = vec![
                capitalise(&target_name(o.target, &opts.population)),
                f4(o.target_value),
                f4(c.focus_point().figure.value),
                f4(o.gap.low),
                f4(o.gap.central),
                f4(o.gap.high),
                vol(|r| r.low),
                vol(|r| r.central),
                vol(|r| r.high),
                if o.beyond_interval { "yes".into() } else { "no".into() },
                o.sentence.clone(),
            ];
            if let Some(w) = w {
                let left = w.opportunity.iter().find(|x| x.target == o.target).map(measured);
                row.push(left.map_or(String::new(), |r| f1(r.central)));
            }
            row
        })
        .collect();
    Table { columns, rows }
}

/// One target's block: its heading lines, the numbers, the bar, its sentence lines.
struct Block<'a> {
    o: &'a Opportunity,
    head: Vec<String>,
    numbers: String,
    numbers_below: bool,
    sentence: Vec<String>,
}

impl Block<'_> {
    fn height(&self) -> f64 {
        let head = self.head.len() as f64 * HEAD_SIZE * 1.3
            + if self.numbers_below { LABEL_SIZE * 1.4 } else { 0.0 };
        head + HEAD_GAP + BAR_H + 6.0 + self.sentence.len() as f64 * SENTENCE_SIZE * 1.3 + 14.0
    }
}

/// What the chart says about itself and how its parts are named.
struct Words<'a> {
    c: &'a PeerComparison,
    opps: &'a [Opportunity],
    what_if: Option<&'a WhatIf>,
    opts: &'a OpportunityOptions,
    /// The focus's short name.
    name: String,
    /// What the volume counts.
    label: String,
    /// True when every bar is a volume (false: gaps on the metric's scale).
    has_volume: bool,
    /// What the what-if adds on the axis (negative when it is worse than now).
    gain: Option<f64>,
}

impl<'a> Words<'a> {
    fn new(model: &'a OpportunityModel, opts: &'a OpportunityOptions) -> Self {
        let (c, opps, what_if) = (&model.comparison, model.opportunities.as_slice(), model.what_if.as_ref());
        let has_volume = opps.iter().all(|o| o.volume.is_some());
        Self {
            c,
            opps,
            what_if,
            opts,
            name: short_name(&c.focus_point().name),
            label: opts.volume_label.clone().unwrap_or_else(|| volume_words(&c.metric)),
            has_volume,
            gain: what_if.map(|w| what_if_gain(c, w, has_volume)),
        }
    }

    fn any_gap(&self) -> bool {
        self.opps.iter().any(|o| o.gap.central > 0.0)
    }

    fn what_if_drawn(&self) -> Option<(&WhatIf, f64)> {
        self.what_if.zip(self.gain).filter(|(_, g)| *g > 0.0)
    }

    fn subtitle(&self) -> String {
        let (c, m) = (self.c, &self.c.metric);
        // The group's own label only when the population's words do not already say it.
        let group = if self.opts.population.to_lowercase().contains(&c.peer_group.label.to_lowercase()) {
            String::new()
        } else {
            format!(" ({})", c.peer_group.label)
        };
        let mut s = format!(
            "{}, {}, against {} {}{group}. ",
            m.title,
            period_range(&c.periods.from, &c.periods.to),
            c.peer_group.with_data,
            self.opts.population,
        );
        if !self.opps.is_empty() && !self.any_gap() {
            s.push_str(&format!(
                "{} is at {}, at or better than every target: there is no gap to close.",
                self.name,
                value_words(c.focus_point().figure.value, &m.unit)
            ));
        } else if self.has_volume {
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
        match (self.what_if, self.gain) {
            (Some(w), Some(g)) if g > 0.0 => s.push_str(&format!(
                " The dashed line is what {} would add: {}.",
                value_words(w.value, &m.unit),
                amount(g, c, &self.label, self.has_volume)
            )),
            (Some(w), Some(_)) => s.push_str(&format!(
                " The what-if value {} is no better than {}'s own, so it adds nothing.",
                value_words(w.value, &m.unit),
                self.name
            )),
            _ => {}
        }
        s
    }

    /// The bar's parts, when there are bars, and the what-if line, when it is drawn.
    fn legend(&self) -> Vec<LegendEntry> {
        let mut legend = Vec::new();
        if self.any_gap() {
            legend.push(LegendEntry {
                symbol: Symbol::Swatch(RANGE_FILL.with_alpha(0.6)),
                label: "Low to high".into(),
            });
            legend.push(LegendEntry { symbol: Symbol::Line(CENTRAL_STROKE), label: "Central".into() });
        }
        if let Some((w, _)) = self.what_if_drawn() {
            legend.push(LegendEntry {
                symbol: Symbol::Line(WHAT_IF_STROKE),
                label: format!("What if {}", value_words(w.value, &self.c.metric.unit)),
            });
        }
        legend
    }

    fn block<'b>(&self, o: &'b Opportunity, inner: f64, measure: &dyn TextMeasure) -> Block<'b> {
        let m = &self.c.metric;
        let heading = format!(
            "To {} ({})",
            target_name(o.target, &self.opts.population),
            value_words(o.target_value, &m.unit)
        );
        let numbers = if o.gap.central == 0.0 {
            "no opportunity".to_string()
        } else {
            let r = measured(o);
            let n = |v: f64| if self.has_volume { number(v, 0) } else { gap_number(v) };
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

    /// Why there is no opportunity at all (no polarity, no peers), for an empty chart.
    fn no_opportunity(&self) -> Option<String> {
        if !self.opps.is_empty() {
            return None;
        }
        let why = self
            .c
            .notices
            .iter()
            .find(|n| n.code == crate::benchmark::NoticeCode::OpportunityUnavailable)
            .map_or("no peers to compare with".to_string(), |n| n.message.clone());
        Some(format!("No opportunity: {why}."))
    }

    fn axis_title(&self) -> String {
        let m = &self.c.metric;
        if self.has_volume {
            capitalise(&format!("{} {}", direction(m.polarity), self.label))
        } else if m.unit == "%" {
            "Gap in percentage points".to_string()
        } else {
            format!("Gap ({})", m.unit)
        }
    }

    fn description(&self, items: &[Item], caveat: &str) -> String {
        let (c, m) = (self.c, &self.c.metric);
        let focus = c.focus_point();
        let mut d = format!(
            "Opportunity for {} ({}) on {}, {}, against {} {}. {} {}. ",
            focus.name,
            focus.code,
            m.title,
            period_range(&c.periods.from, &c.periods.to),
            c.peer_group.with_data,
            self.opts.population,
            self.name,
            value_words(focus.figure.value, &m.unit)
        );
        if let Some(why) = self.no_opportunity() {
            d.push_str(&why);
        }
        d.push_str(&items.iter().map(|i| i.summary.as_str()).collect::<Vec<_>>().join(" "));
        if let (Some(w), Some(g)) = (self.what_if, self.gain) {
            d.push_str(&format!(
                " What if {} were at {}: {}.",
                self.name,
                value_words(w.value, &m.unit),
                if g > 0.0 {
                    amount(g, c, &self.label, self.has_volume)
                } else {
                    "no better than now".into()
                }
            ));
        }
        d.push(' ');
        d.push_str(caveat);
        d
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
    fn new(max_amount: f64, has_volume: bool, (x0, x1): (f64, f64)) -> Self {
        let step = tick_step(0.0, max_amount, 5);
        let last = (max_amount / step).ceil().max(1.0);
        let decimals = if has_volume { decimals_for_step(step) } else { decimals_for_step(step).max(1) };
        Self {
            scale: Linear::new((0.0, last * step), (x0, x1)),
            ticks: (0..=last as i64).map(|i| i as f64 * step).collect(),
            decimals,
            drawn: max_amount > 0.0,
        }
    }

    fn x(&self, v: f64) -> f64 {
        self.scale.map(v)
    }

    /// The axis line, ticks, labels and title with its top at `y`.
    fn draw(&self, marks: &mut Vec<Mark>, y: f64, title: &str) {
        let (x0, x1) = self.scale.range;
        let axis = Stroke::solid(palette::GREY_1, 1.0);
        marks.push(Mark::Line { x1: x0, y1: y, x2: x1, y2: y, stroke: axis });
        for &t in &self.ticks {
            let tx = self.x(t);
            marks.push(Mark::Line { x1: tx, y1: y, x2: tx, y2: y + 4.0, stroke: axis });
            marks.push(text(
                tx,
                y + 6.0,
                &number(t, self.decimals),
                Font::LABEL.align(Align::Middle, Baseline::Top),
            ));
        }
        marks.push(text(
            (x0 + x1) / 2.0,
            y + 8.0 + LABEL_SIZE * 1.3,
            title,
            Font(LABEL_SIZE, false, palette::SECONDARY_TEXT, Align::Middle, Baseline::Top),
        ));
    }

    fn height(&self) -> f64 {
        if self.drawn { LABEL_SIZE * 2.8 + 12.0 } else { 0.0 }
    }
}

/// Draws one target's block from `top` down: heading and numbers, the bar (or, for a target
/// already met, a zero mark saying by how much), the what-if line, the sentence. Returns its
/// item and the block's bottom.
fn draw_block(
    marks: &mut Vec<Mark>,
    b: &Block,
    top: f64,
    words: &Words,
    axis: &Axis,
    inner: f64,
    measure: &dyn TextMeasure,
) -> (Item, f64) {
    let (o, c, m) = (b.o, words.c, &words.c.metric);
    let mut y = top;
    for line in &b.head {
        marks.push(text(PAD, y, line, Font(HEAD_SIZE, true, palette::TEXT, Align::Start, Baseline::Top)));
        y += HEAD_SIZE * 1.3;
    }
    let numbers_font = Font(LABEL_SIZE, true, palette::DARK_BLUE, Align::End, Baseline::Top);
    if b.numbers_below {
        marks.push(text(PAD, y, &b.numbers, numbers_font.align(Align::Start, Baseline::Top)));
        y += LABEL_SIZE * 1.4;
    } else {
        marks.push(text(PAD + inner, top + 1.0, &b.numbers, numbers_font));
    }
    y += HEAD_GAP;
    let cy = y + BAR_H / 2.0;
    // Faint grid through the bar's band only, so the words above and below stay clear.
    if axis.drawn {
        for &t in &axis.ticks {
            let tx = axis.x(t);
            let stroke = Stroke::solid(palette::GREY_4, 1.0);
            marks.push(Mark::Line { x1: tx, y1: y - 3.0, x2: tx, y2: y + BAR_H + 3.0, stroke });
        }
    }
    let r = measured(o);
    let anchor = if o.gap.central > 0.0 {
        let (x0, x1) = (axis.x(r.low), axis.x(r.high));
        marks.push(Mark::Rect {
            x: x0,
            y,
            w: (x1 - x0).max(2.0),
            h: BAR_H,
            fill: Some(RANGE_FILL),
            stroke: Some(RANGE_STROKE),
        });
        let xc = axis.x(r.central);
        marks.push(Mark::Line { x1: xc, y1: y - 4.0, x2: xc, y2: y + BAR_H + 4.0, stroke: CENTRAL_STROKE });
        (xc, cy)
    } else {
        let x0 = axis.x(0.0);
        marks.push(Mark::Line { x1: x0, y1: y, x2: x0, y2: y + BAR_H, stroke: CENTRAL_STROKE });
        let value = c.focus_point().figure.value;
        let ahead = format!(
            "{}: {} better than the target",
            value_words(value, &m.unit),
            gap_words((value - o.target_value).abs(), &m.unit)
        );
        marks.push(text(
            x0 + 8.0,
            cy,
            &truncate(measure, &ahead, LABEL_SIZE, false, axis.scale.range.1 - x0 - 8.0),
            Font(LABEL_SIZE, false, palette::SECONDARY_TEXT, Align::Start, Baseline::Middle),
        ));
        (x0 + 4.0, cy)
    };
    if let Some((_, g)) = words.what_if_drawn() {
        let xw = axis.x(g);
        marks.push(Mark::Line { x1: xw, y1: y - 4.0, x2: xw, y2: y + BAR_H + 4.0, stroke: WHAT_IF_STROKE });
        marks.push(Mark::Marker {
            x: xw,
            y: y - 6.0,
            size: 8.0,
            shape: Shape::TriangleDown,
            fill: palette::PURPLE,
            stroke: None,
        });
    }
    y += BAR_H + 6.0;
    for line in &b.sentence {
        let font = Font(SENTENCE_SIZE, false, palette::SECONDARY_TEXT, Align::Start, Baseline::Top);
        marks.push(text(PAD, y, line, font));
        y += SENTENCE_SIZE * 1.3;
    }
    y += 14.0;
    let bottom = y - 8.0;
    let ring = vec![
        (PAD - 4.0, top - 4.0),
        (PAD + inner + 4.0, top - 4.0),
        (PAD + inner + 4.0, bottom),
        (PAD - 4.0, bottom),
        (PAD - 4.0, top - 4.0),
    ];
    let item = Item {
        key: target_key(o.target).into(),
        label: capitalise(&target_name(o.target, &words.opts.population)),
        hit: Bounds { x: PAD, y: top, w: inner, h: bottom - top },
        anchor,
        tooltip: tooltip(o, c, words.what_if, words.opts, &words.label),
        summary: summary(o, c, words.opts, &words.label),
        highlight: Highlight::Marks(vec![
            Mark::Path { points: ring.clone(), stroke: Stroke::solid(palette::BLACK, 4.0) },
            Mark::Path { points: ring, stroke: Stroke::solid(palette::FOCUS, 2.0) },
        ]),
    };
    (item, y)
}

/// Builds the opportunity chart's scene from its model, with the what-if marked when it has one.
pub fn scene(model: &OpportunityModel, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
    let opts =
        OpportunityOptions { view: view.clone(), population: model.population.clone(), volume_label: None };
    scene_with(model, &opts, measure)
}

/// [`scene`] with the volume named as `opts` says.
pub fn scene_with(model: &OpportunityModel, opts: &OpportunityOptions, measure: &dyn TextMeasure) -> Scene {
    let (c, opps, what_if) = (&model.comparison, model.opportunities.as_slice(), model.what_if.as_ref());
    let view = &opts.view;
    let words = Words::new(model, opts);
    let title = view.title.clone().unwrap_or_else(|| message_title(c, opps, opts));
    let subtitle = words.subtitle();
    let legend = words.legend();
    let caveat = format!(
        "Not additive: the two targets are alternatives (reaching the best quartile includes reaching the \
         median). {NOT_ADDITIVE}"
    );

    // Measure the blocks at the chart's width, then lay out as tall as they need.
    let lay = |height: f64| {
        let mut frame = Frame::new(view.width, height, measure);
        frame.heading(&title, &subtitle);
        frame.legend(&legend);
        frame
    };
    let mut frame = lay(view.height);
    let inner = frame.inner_width();
    let blocks: Vec<Block> = opps.iter().map(|o| words.block(o, inner, measure)).collect();
    let empty: Vec<String> =
        words.no_opportunity().map_or_else(Vec::new, |why| wrap(measure, &why, HEAD_SIZE, false, inner));
    let max_amount = opps.iter().map(|o| measured(o).high).chain(words.gain).fold(0.0, f64::max);
    let axis = Axis::new(max_amount, words.has_volume, (PAD + 8.0, PAD + inner - 20.0));
    let caveat_lines = wrap(measure, &caveat, SENTENCE_SIZE, false, inner);
    let caveat_h = caveat_lines.len() as f64 * SENTENCE_SIZE * 1.3 + 10.0;
    let blocks_h = blocks.iter().map(Block::height).sum::<f64>() + empty.len() as f64 * HEAD_SIZE * 1.4;
    let source_h = wrap(measure, &view.source, SOURCE_SIZE, false, inner).len() as f64 * SOURCE_SIZE * 1.3;
    let needed = frame.y + 6.0 + blocks_h + axis.height() + caveat_h + 8.0 + source_h + PAD;
    if needed > frame.height {
        frame = lay(needed.ceil());
    }
    let (top, bottom) = frame.source_and_plot_band(&view.source, 0.0);
    let (width, height) = (frame.width, frame.height);
    let mut marks = std::mem::take(&mut frame.marks);
    let spare = (bottom - top - blocks_h - axis.height() - caveat_h).max(0.0);
    let extra_gap = (spare / (blocks.len() as f64 + 1.0)).min(24.0);

    let mut items = Vec::with_capacity(blocks.len());
    let rows_top = top + extra_gap.min(8.0);
    let mut y = rows_top;
    for b in &blocks {
        let (item, bottom) = draw_block(&mut marks, b, y, &words, &axis, inner, measure);
        items.push(item);
        y = bottom + extra_gap;
    }
    for line in &empty {
        marks.push(text(PAD, y, line, Font(HEAD_SIZE, false, palette::TEXT, Align::Start, Baseline::Top)));
        y += HEAD_SIZE * 1.4;
    }
    let plot = Bounds { x: PAD, y: rows_top, w: inner, h: (y - rows_top).max(1.0) };
    if axis.drawn {
        axis.draw(&mut marks, y, &words.axis_title());
        y += axis.height();
    }
    for line in &caveat_lines {
        marks.push(text(
            PAD,
            y,
            line,
            Font(SENTENCE_SIZE, false, palette::TEXT, Align::Start, Baseline::Top),
        ));
        y += SENTENCE_SIZE * 1.3;
    }

    let description = words.description(&items, &caveat);
    let mut warnings: Vec<String> = c.notices.iter().map(|n| n.message.clone()).collect();
    if let Some(w) = what_if {
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
        description,
        table: table(c, opps, what_if, opts),
        warnings,
    }
}

impl crate::chart::view::Drawn for OpportunityModel {
    fn scene(&self, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
        scene(self, view, measure)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::benchmark::compare::BenchmarkChoice;
    use crate::benchmark::compare::compare_with_peers;
    use crate::benchmark::compare::tests::{dataset, request};
    use crate::chart::text::ApproxMeasure;

    fn options() -> OpportunityOptions {
        OpportunityOptions {
            view: ViewOptions { width: 600.0, height: 400.0, title: None, source: "Source: test".into() },
            population: "peers".into(),
            volume_label: Some("patients seen in time".into()),
        }
    }

    /// The opportunity model of the test data's comparison, with a what-if when given.
    fn model(ds: &crate::data::Dataset, what_if: Option<f64>) -> OpportunityModel {
        let comparison = compare_with_peers(ds, &request(BenchmarkChoice::default())).unwrap();
        OpportunityModel::new(comparison, what_if, "peers".into()).unwrap()
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
        let s = scene_with(&m, &options(), &ApproxMeasure);
        let t = texts(&s);
        assert!(t.contains(&"6.25 (1.96 to 11.86)".to_string()), "{t:?}");
        assert!(t.contains(&"Gap in percentage points".to_string()), "{t:?}");
        assert!(t.contains(&"85.0%: 0.00 percentage points better than the target".to_string()), "{t:?}");
        assert!(s.subtitle.contains("There is no denominator"), "{}", s.subtitle);
        assert_eq!(
            s.items[1].tooltip[2],
            ("Gap".to_string(), "6.25 percentage points (1.96 to 11.86)".to_string())
        );
    }

    #[test]
    fn with_the_denominator_the_bars_count_the_volume_label_given() {
        // Volume x 200 / 100: 3.93 to 23.71 (central 12.5), shown whole: 12 (4 to 24), as the
        // formatter rounds exact halves to even (12.5 to 12, 91.25 to 91.2).
        let m = model(&dataset(), None);
        let s = scene_with(&m, &options(), &ApproxMeasure);
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
        let s = scene_with(&model(&ds, Some(80.0)), &options(), &ApproxMeasure);
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
        let s = scene_with(&model(&ds, Some(90.0)), &options(), &ApproxMeasure);
        assert!(
            s.subtitle.contains("The what-if value 90.0% is no better than Trust F's own"),
            "{}",
            s.subtitle
        );
    }
}
