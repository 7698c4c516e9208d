//! The maturity radar: one axis per pillar, the organisation's scores joined around them, against
//! its peer group (the median as a dashed line over the interquartile range, a shaded ring from
//! the lower to the upper quartile) and the Global Digital Exemplars' median (dotted). A framework
//! with fewer than three pillars (EMRAM-style stages have one) is drawn by domain instead, since
//! a radar needs three axes (the model, [`crate::maturity::views::radar`], chooses the axes).
//! Rings mark the score scale; every axis is labelled with its name, wrapped and sized so no label
//! leaves the chart. [`RadarGeometry`] is the radar's layout, for any radar of scores.

use super::{
    EXEMPLAR_COLOR, FOCUS_COLOR, PEER_COLOR, badges, capitalised, empty_scene, is_illustrative,
    labels_sentence, score_meaning, score_text,
};
use crate::chart::format::{number, short_name};
use crate::chart::layout::{
    Font, Frame, LABEL_SIZE, LegendEntry, PAD, SOURCE_SIZE, Symbol, ViewOptions, text,
};
use crate::chart::marks::{closed_path, focus_ring, line_point, rect};
use crate::chart::scale::{Linear, decimals_for_step, tick_step};
use crate::chart::scene::{
    Align, Baseline, Bounds, Color, Highlight, Item, Mark, Scene, Shape, Stroke, Table, palette,
};
use crate::chart::text::{TextMeasure, truncate, wrap};
use crate::chart::view::Drawn;
use crate::maturity::compare::{Band, ComparisonRow};
use crate::maturity::views::RadarModel;
use crate::maturity::{Distribution, Rule, Tier};

const PEER_STROKE: Stroke = Stroke::dashed(PEER_COLOR, 2.0, 6.0, 4.0);
const EXEMPLAR_STROKE: Stroke = Stroke::dashed(EXEMPLAR_COLOR, 2.5, 2.0, 3.0);
const FOCUS_STROKE: Stroke = Stroke::solid(FOCUS_COLOR, 3.0);
const BAND_FILL: Color = PEER_COLOR.with_alpha(0.22);

/// How a value stands against the peers' interquartile range, in words.
pub fn band_words(b: Band) -> &'static str {
    match b {
        Band::AboveUpperQuartile => "above the peers' upper quartile",
        Band::WithinInterquartileRange => "within the peers' interquartile range",
        Band::BelowLowerQuartile => "below the peers' lower quartile",
        Band::NoComparison => "not compared with peers",
    }
}

/// An axis label: up to three lines, the last shortened with an ellipsis when the name is longer.
fn label_lines(measure: &dyn TextMeasure, title: &str, max_w: f64) -> Vec<String> {
    let mut lines = wrap(measure, title, LABEL_SIZE, false, max_w);
    if lines.len() > 3 {
        let rest = lines[2..].join(" ");
        lines.truncate(2);
        lines.push(rest);
    }
    lines.iter().map(|l| truncate(measure, l, LABEL_SIZE, false, max_w)).collect()
}

/// Where an axis label sits relative to its anchor point, from the axis direction.
fn label_anchor(cos: f64, sin: f64) -> (Align, Baseline) {
    let align = if cos > 0.25 {
        Align::Start
    } else if cos < -0.25 {
        Align::End
    } else {
        Align::Middle
    };
    let baseline = if sin < -0.25 {
        Baseline::Bottom
    } else if sin > 0.25 {
        Baseline::Top
    } else {
        Baseline::Middle
    };
    (align, baseline)
}

/// The box a label block of size `(w, h)` covers when anchored at `(x, y)`.
fn label_box(x: f64, y: f64, w: f64, h: f64, (align, baseline): (Align, Baseline)) -> Bounds {
    let left = match align {
        Align::Start => x,
        Align::Middle => x - w / 2.0,
        Align::End => x - w,
    };
    let top = match baseline {
        Baseline::Top => y,
        Baseline::Middle => y - h / 2.0,
        Baseline::Bottom => y - h,
    };
    Bounds { x: left, y: top, w, h }
}

const LINE_H: f64 = LABEL_SIZE * 1.25;
const LABEL_GAP: f64 = 8.0;

/// The gap between the outer ring and an axis label: more on the first (twelve o'clock) axis,
/// whose ring values sit at its top.
fn gap(i: usize) -> f64 {
    if i == 0 { LABEL_GAP + SOURCE_SIZE + 4.0 } else { LABEL_GAP }
}

/// A radar's layout: three or more axes clockwise from twelve o'clock, each named by a label
/// block outside the outer ring, at the largest radius that keeps every label inside the plot.
/// Scores run from a small inner ring outwards, so points at the bottom of the scale stay on
/// their own axis rather than meeting at the centre.
pub struct RadarGeometry {
    pub centre: (f64, f64),
    pub radius: f64,
    /// Each axis's direction (cosine, sine).
    pub dirs: Vec<(f64, f64)>,
    /// Each axis's label lines, and the width and height of their block.
    labels: Vec<(Vec<String>, (f64, f64))>,
    pub scale: Linear,
    range: (f64, f64),
}

impl RadarGeometry {
    /// Lays out axes named `titles` (at least three) in `plot` for scores in `range`.
    pub fn fit(plot: Bounds, titles: &[&str], range: (f64, f64), measure: &dyn TextMeasure) -> Self {
        let n = titles.len();
        let dirs: Vec<(f64, f64)> = (0..n)
            .map(|i| {
                let a = -std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::TAU / n as f64;
                (a.cos(), a.sin())
            })
            .collect();
        let max_label_w = (plot.w * 0.24).clamp(60.0, 150.0);
        let labels: Vec<(Vec<String>, (f64, f64))> = titles
            .iter()
            .map(|t| {
                let lines = label_lines(measure, t, max_label_w);
                let w = lines.iter().map(|l| measure.width(l, LABEL_SIZE, false)).fold(0.0, f64::max);
                let h = lines.len() as f64 * LINE_H;
                (lines, (w, h))
            })
            .collect();
        let centre = (plot.x + plot.w / 2.0, plot.y + plot.h / 2.0);
        let radius = (plot.w.min(plot.h) / 2.0).max(30.0);
        // The scale runs out to the radius, so it is set once the labels have fixed that.
        let mut g = Self { centre, radius, dirs, labels, scale: Linear::new(range, (0.0, 1.0)), range };
        while g.radius > 30.0 && !g.labels_fit(plot) {
            g.radius -= 1.0;
        }
        g.scale = Linear::new(range, (g.radius * 0.1, g.radius));
        g
    }

    /// Axis `i`'s label block at the current radius.
    fn label_block(&self, i: usize) -> (Bounds, (Align, Baseline)) {
        let ((dx, dy), (cx, cy)) = (self.dirs[i], self.centre);
        let anchor = label_anchor(dx, dy);
        let (w, h) = self.labels[i].1;
        let r = self.radius + gap(i);
        (label_box(cx + dx * r, cy + dy * r, w, h, anchor), anchor)
    }

    fn labels_fit(&self, plot: Bounds) -> bool {
        (0..self.dirs.len()).all(|i| {
            let b = self.label_block(i).0;
            b.x >= plot.x && b.x + b.w <= plot.x + plot.w && b.y >= plot.y && b.y + b.h <= plot.y + plot.h
        })
    }

    /// Where score `v` (clamped to the range) lies on axis `i`.
    pub fn at(&self, i: usize, v: f64) -> (f64, f64) {
        let r = self.scale.map(v.clamp(self.range.0, self.range.1));
        (self.centre.0 + self.dirs[i].0 * r, self.centre.1 + self.dirs[i].1 * r)
    }

    /// The end of axis `i` on the outer ring.
    pub fn rim(&self, i: usize) -> (f64, f64) {
        (self.centre.0 + self.dirs[i].0 * self.radius, self.centre.1 + self.dirs[i].1 * self.radius)
    }

    /// A ring at every tick of the scale (the outer one darker) and a spoke along every axis.
    pub fn grid(&self, marks: &mut Vec<Mark>) {
        let ticks = self.scale.ticks(5);
        for (k, t) in ticks.iter().enumerate() {
            let ring: Vec<(f64, f64)> = (0..self.dirs.len()).map(|i| self.at(i, *t)).collect();
            let color = if k + 1 == ticks.len() { palette::GREY_3 } else { palette::GREY_4 };
            marks.push(closed_path(ring, Stroke::solid(color, 1.0)));
        }
        for i in 0..self.dirs.len() {
            let ((x1, y1), (x2, y2)) = (self.at(i, self.range.0), self.rim(i));
            marks.push(Mark::Line { x1, y1, x2, y2, stroke: Stroke::solid(palette::GREY_3, 1.0) });
        }
    }

    /// The rings' values up the first axis, right of it, on white so lines behind stay legible
    /// (`suffix` after each number); when the rings are too close for every value, only the
    /// innermost and outermost are written.
    pub fn ring_values(&self, marks: &mut Vec<Mark>, measure: &dyn TextMeasure, suffix: &str) {
        let ticks = self.scale.ticks(5);
        let decimals = decimals_for_step(tick_step(self.range.0, self.range.1, 5));
        let crowded =
            ticks.len() > 1 && (self.scale.map(ticks[1]) - self.scale.map(ticks[0])) < SOURCE_SIZE + 2.0;
        for (k, t) in ticks.iter().enumerate() {
            if crowded && k != 0 && k + 1 != ticks.len() {
                continue;
            }
            let (x, y) = self.at(0, *t);
            let label = format!("{}{suffix}", number(*t, decimals));
            let w = measure.width(&label, SOURCE_SIZE, false);
            let backing = Bounds { x: x + 2.0, y: y - SOURCE_SIZE - 1.0, w: w + 4.0, h: SOURCE_SIZE + 1.0 };
            marks.push(rect(backing, Some(palette::WHITE), None));
            let font = Font(SOURCE_SIZE, false, palette::SECONDARY_TEXT, Align::Start, Baseline::Bottom);
            marks.push(text(x + 4.0, y - 1.0, &label, font));
        }
    }

    /// A closed line through `values` (one per axis), broken where a value is missing, with a
    /// point at each value.
    pub fn series(
        &self,
        marks: &mut Vec<Mark>,
        values: &[Option<f64>],
        stroke: Stroke,
        shape: Shape,
        size: f64,
    ) {
        let n = self.dirs.len();
        for i in 0..n {
            let j = (i + 1) % n;
            if let (Some(a), Some(b)) = (values[i], values[j]) {
                marks.push(Mark::Path { points: vec![self.at(i, a), self.at(j, b)], stroke });
            }
        }
        for (i, v) in values.iter().enumerate() {
            if let Some(v) = v {
                let (x, y) = self.at(i, *v);
                marks.push(line_point(x, y, size, shape, stroke.color, None));
            }
        }
    }

    /// A band between two values on every axis: out along the upper values, back along the
    /// lower ones in the other direction, so the non-zero fill rule leaves the inside empty.
    pub fn band(&self, marks: &mut Vec<Mark>, bounds: &[(f64, f64)], fill: Color) {
        let n = self.dirs.len();
        let mut ring: Vec<(f64, f64)> = (0..n).map(|i| self.at(i, bounds[i].1)).collect();
        ring.push(self.at(0, bounds[0].1));
        ring.push(self.at(0, bounds[0].0));
        ring.extend((1..n).rev().map(|i| self.at(i, bounds[i].0)));
        ring.push(self.at(0, bounds[0].0));
        marks.push(Mark::Polygon { points: ring, fill });
    }

    /// The axes' names outside the outer ring.
    pub fn axis_labels(&self, marks: &mut Vec<Mark>) {
        for (i, (lines, _)) in self.labels.iter().enumerate() {
            let (b, (align, _)) = self.label_block(i);
            let x = match align {
                Align::Start => b.x,
                Align::Middle => b.x + b.w / 2.0,
                Align::End => b.x + b.w,
            };
            for (k, line) in lines.iter().enumerate() {
                let font = Font(LABEL_SIZE, true, palette::TEXT, align, Baseline::Middle);
                marks.push(text(x, b.y + k as f64 * LINE_H + LINE_H / 2.0, line, font));
            }
        }
    }

    /// Axis `i`'s item region: the axis from the inner ring to the rim, padded.
    pub fn axis_hit(&self, i: usize) -> Bounds {
        let ((x0, y0), (x1, y1)) = (self.at(i, self.range.0), self.rim(i));
        let pad = 14.0;
        Bounds {
            x: x0.min(x1) - pad,
            y: y0.min(y1) - pad,
            w: (x1 - x0).abs() + 2.0 * pad,
            h: (y1 - y0).abs() + 2.0 * pad,
        }
    }
}

/// What the words need: the model, the framework's rule, the focus's short name and the axes'
/// noun.
struct Words<'a> {
    model: &'a RadarModel,
    rule: Rule,
    who: String,
    kind: &'static str,
}

impl Words<'_> {
    fn s(&self, v: f64) -> String {
        score_text(self.rule, v)
    }

    fn median(&self, d: &Option<Distribution>) -> String {
        d.map_or("no result".to_string(), |d| self.s(d.median))
    }

    fn tooltip(&self, r: &ComparisonRow) -> Vec<(String, String)> {
        let peers = r.peers.map_or("no peers".to_string(), |d| {
            format!("{} ({} to {}), {} peers", self.s(d.median), self.s(d.q1), self.s(d.q3), d.n)
        });
        let exemplars = r
            .exemplars
            .map_or("no result".to_string(), |d| format!("{} ({} exemplars)", self.s(d.median), d.n));
        let national = r
            .national
            .map_or("no result".to_string(), |d| format!("{} ({} organisations)", self.s(d.median), d.n));
        vec![
            (capitalised(self.kind), r.title.clone()),
            (self.who.clone(), r.value.map_or("no result".to_string(), |v| self.s(v))),
            ("Peer median (IQR)".into(), peers),
            ("Exemplars' median".into(), exemplars),
            ("National median".into(), national),
            ("Against peers".into(), band_words(r.against_peers).to_string()),
        ]
    }

    fn summary(&self, r: &ComparisonRow) -> String {
        let who = &self.who;
        let mut out =
            format!("{}: {who} {}", r.title, r.value.map_or("has no result".to_string(), |v| self.s(v)));
        if let Some(d) = r.peers {
            let (m, q1, q3) = (self.s(d.median), self.s(d.q1), self.s(d.q3));
            out.push_str(&format!("; peer median {m}, interquartile range {q1} to {q3}"));
        }
        out.push_str(&format!(
            "; exemplars' median {}; national median {}",
            self.median(&r.exemplars),
            self.median(&r.national)
        ));
        if r.against_peers != Band::NoComparison {
            out.push_str(&format!(", {}", band_words(r.against_peers)));
        }
        out.push('.');
        out
    }

    /// The chart's message: on how many axes the organisation is above or below its peers'
    /// middle half.
    fn title(&self) -> String {
        let (rows, kind, who) = (self.model.axis_rows(), self.kind, &self.who);
        let n = rows.len();
        let above = rows.iter().filter(|r| r.against_peers == Band::AboveUpperQuartile).count();
        let below = rows.iter().filter(|r| r.against_peers == Band::BelowLowerQuartile).count();
        let compared = rows.iter().filter(|r| r.against_peers != Band::NoComparison).count();
        if compared == 0 {
            return format!("{who}: {kind} scores against the exemplars and the national picture");
        }
        let iqr = "its peers' interquartile range";
        match (above, below) {
            (0, 0) => format!("{who} is within {iqr} on all {compared} {kind}s"),
            (a, 0) if a == n => format!("{who} is above {iqr} on all {n} {kind}s"),
            (0, b) if b == n => format!("{who} is below {iqr} on all {n} {kind}s"),
            (a, 0) => format!("{who} is above {iqr} on {a} of {n} {kind}s"),
            (0, b) => format!("{who} is below {iqr} on {b} of {n} {kind}s"),
            (a, b) => format!("{who} is above {iqr} on {a} of {n} {kind}s and below it on {b}"),
        }
    }
}

/// The chart's message for a comparison: on how many axes the organisation is above or below
/// its peers' middle half.
pub fn message_title(m: &RadarModel) -> String {
    words(m).title()
}

fn words(m: &RadarModel) -> Words<'_> {
    let who = short_name(&m.focus.data.name_of(&m.comparison.org_code));
    Words { model: m, rule: m.focus.framework().rule(), who, kind: m.part.noun() }
}

fn subtitle(w: &Words<'_>, who_full: &str) -> String {
    let (c, fw) = (&w.model.comparison, w.model.focus.framework());
    format!(
        "{}, {}. {} scores ({}) for {who_full}, with the median and interquartile range of {} peers \
         and the median of {} Global Digital Exemplars. {}",
        fw.def().title,
        c.round,
        capitalised(w.kind),
        score_meaning(w.rule, c.score_range, &c.level_label),
        c.peers.members.len(),
        c.exemplars.members.len(),
        labels_sentence(&c.labels)
    )
}

/// "1 pillar", "2 pillars".
fn count_of(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// Why a framework with fewer than three axes has no radar.
fn too_few_axes(m: &RadarModel) -> String {
    let pillars = m.comparison.rows.iter().filter(|r| r.tier == Tier::Pillar).count();
    format!(
        "A radar needs at least three axes; {} has {} and {}.",
        m.focus.framework().def().title,
        count_of(pillars, "pillar"),
        count_of(m.axes.len(), "domain")
    )
}

fn legend(w: &Words<'_>) -> Vec<LegendEntry> {
    let c = &w.model.comparison;
    let (peers_n, exemplars_n) = (c.peers.members.len(), c.exemplars.members.len());
    let mut legend = vec![LegendEntry {
        symbol: Symbol::Line(FOCUS_STROKE),
        label: format!("{} ({})", w.who, c.org_code),
    }];
    if peers_n > 0 {
        legend.push(LegendEntry {
            symbol: Symbol::Line(PEER_STROKE),
            label: format!("Peer median ({peers_n})"),
        });
        legend.push(LegendEntry {
            symbol: Symbol::Swatch(BAND_FILL),
            label: "Peer interquartile range".into(),
        });
    }
    legend.push(LegendEntry {
        symbol: Symbol::Line(EXEMPLAR_STROKE),
        label: format!("Exemplars' median ({exemplars_n})"),
    });
    legend
}

/// The peers' band, the organisation's line and the medians over it: the organisation's thick
/// line goes under the thinner patterned medians, so a median equal to its score still shows.
fn lines(
    marks: &mut Vec<Mark>,
    g: &RadarGeometry,
    w: &Words<'_>,
    rows: &[&ComparisonRow],
    warnings: &mut Vec<String>,
) {
    let peers_n = w.model.comparison.peers.members.len();
    let quartiles: Option<Vec<(f64, f64)>> = rows.iter().map(|r| r.peers.map(|d| (d.q1, d.q3))).collect();
    match &quartiles {
        Some(q) => g.band(marks, q, BAND_FILL),
        None if peers_n > 0 => warnings.push(format!(
            "Some {}s have no peer results, so the peers' interquartile range is not drawn.",
            w.kind
        )),
        None => {}
    }
    let med = |f: fn(&ComparisonRow) -> Option<Distribution>| -> Vec<Option<f64>> {
        rows.iter().map(|r| f(r).map(|d| d.median)).collect()
    };
    let values: Vec<Option<f64>> = rows.iter().map(|r| r.value).collect();
    g.series(marks, &values, FOCUS_STROKE, Shape::Circle, 10.0);
    if peers_n > 0 {
        g.series(marks, &med(|r| r.peers), PEER_STROKE, Shape::Square, 6.0);
    }
    g.series(marks, &med(|r| r.exemplars), EXEMPLAR_STROKE, Shape::Diamond, 6.0);
}

/// One item per axis, hanging from the organisation's point (or the peers' median, or the axis
/// foot without either).
fn items(g: &RadarGeometry, w: &Words<'_>, rows: &[&ComparisonRow], lo: f64) -> Vec<Item> {
    rows.iter()
        .enumerate()
        .map(|(i, r)| {
            let anchor = g.at(i, r.value.or(r.peers.map(|d| d.median)).unwrap_or(lo));
            let ((x1, y1), (x2, y2)) = (g.at(i, lo), g.rim(i));
            let mut highlight =
                vec![Mark::Line { x1, y1, x2, y2, stroke: Stroke::dashed(palette::GREY_1, 1.5, 3.0, 3.0) }];
            highlight.extend(focus_ring(anchor.0, anchor.1, 20.0));
            Item {
                key: r.id.clone(),
                label: r.title.clone(),
                hit: g.axis_hit(i),
                anchor,
                tooltip: w.tooltip(r),
                summary: w.summary(r),
                highlight: Highlight::Marks(highlight),
            }
        })
        .collect()
}

/// The text alternative: what the radar compares, its message, and every axis in words.
fn description(w: &Words<'_>, who_full: &str, title: &str) -> String {
    let (c, fw) = (&w.model.comparison, w.model.focus.framework());
    let mut d = format!(
        "Radar chart of {who_full}'s {} scores ({}) in the {}, {}, against its {} peers and \
         {} Global Digital Exemplars. {title}.",
        w.kind,
        score_meaning(w.rule, c.score_range, &c.level_label),
        fw.def().title,
        c.round,
        c.peers.members.len(),
        c.exemplars.members.len(),
    );
    for r in w.model.axis_rows() {
        d.push(' ');
        d.push_str(&w.summary(r));
    }
    d.push(' ');
    d.push_str(&labels_sentence(&c.labels));
    if is_illustrative(&c.labels) {
        d.push_str(" Do not read these as evidence about any trust.");
    }
    d
}

fn table(w: &Words<'_>) -> Table {
    let f = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.2}"));
    let who = format!("{} ({})", w.who, w.model.comparison.org_code);
    let columns = [
        "Peer lower quartile",
        "Peer median",
        "Peer upper quartile",
        "Peers",
        "Exemplars' median",
        "National median",
        "Against peers",
    ];
    let rows = w
        .model
        .axis_rows()
        .iter()
        .map(|r| {
            vec![
                r.title.clone(),
                f(r.value),
                f(r.peers.map(|d| d.q1)),
                f(r.peers.map(|d| d.median)),
                f(r.peers.map(|d| d.q3)),
                r.peers.map_or("0".to_string(), |d| d.n.to_string()),
                f(r.exemplars.map(|d| d.median)),
                f(r.national.map(|d| d.median)),
                band_words(r.against_peers).to_string(),
            ]
        })
        .collect();
    let mut all = vec![capitalised(w.kind), who];
    all.extend(columns.map(String::from));
    Table { columns: all, rows }
}

/// The radar of a model: the focus's pillars against its peers and the exemplars.
pub fn scene(model: &RadarModel, opts: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
    let c = &model.comparison;
    let w = words(model);
    let who_full = model.focus.data.name_of(&c.org_code);
    let subtitle = subtitle(&w, &who_full);
    let title = opts.title.clone().unwrap_or_else(|| w.title());
    if model.axes.len() < 3 {
        return empty_scene(opts, measure, &title, &subtitle, &c.labels, &too_few_axes(model));
    }
    let mut frame = Frame::new(opts.width, opts.height, measure);
    frame.heading(&title, &subtitle);
    badges(&mut frame, &c.labels);
    frame.legend(&legend(&w));
    let (top, bottom) = frame.source_and_plot_band(&opts.source, 0.0);
    let plot = Bounds { x: PAD, y: top, w: frame.inner_width(), h: bottom - top };
    let mut marks = std::mem::take(&mut frame.marks);
    let rows = model.axis_rows();
    let titles: Vec<&str> = rows.iter().map(|r| r.title.as_str()).collect();
    let range = (c.score_range[0], c.score_range[1]);
    let g = RadarGeometry::fit(plot, &titles, range, measure);
    g.grid(&mut marks);
    g.ring_values(&mut marks, measure, if w.rule == Rule::Staged { "%" } else { "" });
    let mut warnings = Vec::new();
    lines(&mut marks, &g, &w, &rows, &mut warnings);
    g.axis_labels(&mut marks);
    if !c.peers.not_found.is_empty() {
        warnings.push(format!(
            "No {} assessment in {} for {} of the peers ({}): they are left out of the peer group.",
            model.focus.framework().id(),
            c.round,
            c.peers.not_found.len(),
            c.peers.not_found.join(", ")
        ));
    }
    Scene {
        width: frame.width,
        height: frame.height,
        items: items(&g, &w, &rows, range.0),
        marks,
        plot,
        description: description(&w, &who_full, &title),
        table: table(&w),
        title,
        subtitle,
        warnings,
    }
}

impl Drawn for RadarModel {
    fn scene(&self, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
        scene(self, view, measure)
    }
}
