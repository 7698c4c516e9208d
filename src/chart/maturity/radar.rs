//! The maturity radar: one axis per pillar, the organisation's scores joined around them, against
//! its peer group (the median as a dashed line over the interquartile range, a shaded ring from
//! the lower to the upper quartile) and the Global Digital Exemplars' median (dotted). A framework
//! with fewer than three pillars (EMRAM-style stages have one) is drawn by domain instead, since
//! a radar needs three axes. Rings mark the score scale; every axis is labelled with its name,
//! wrapped and sized so no label leaves the chart.

use super::{
    EXEMPLAR_COLOR, FOCUS_COLOR, Names, PEER_COLOR, badges, capitalised, empty_scene, is_illustrative,
    labels_sentence, name_of, score_meaning, score_text,
};
use crate::chart::format::number;
use crate::chart::format::short_name;
use crate::chart::layout::{
    Font, Frame, LABEL_SIZE, LegendEntry, PAD, SOURCE_SIZE, Symbol, ViewOptions, text,
};
use crate::chart::scale::{Linear, decimals_for_step, tick_step};
use crate::chart::scene::{
    Align, Baseline, Bounds, Highlight, Item, Mark, Scene, Shape, Stroke, Table, palette,
};
use crate::chart::text::{TextMeasure, truncate, wrap};
use crate::maturity::compare::{Band, ComparisonRow};
use crate::maturity::{Distribution, Framework, MaturityComparison, Rule, Tier};

/// What the radar draws: a comparison (from [`crate::maturity::compare`]) of one organisation
/// with its peers, the national picture and the exemplars, and the framework it was scored on.
#[derive(Debug, Clone, Copy)]
pub struct RadarInput<'a> {
    pub framework: &'a Framework,
    pub comparison: &'a MaturityComparison,
    pub names: &'a Names,
}

const PEER_STROKE: Stroke = Stroke::dashed(PEER_COLOR, 2.0, 6.0, 4.0);
const EXEMPLAR_STROKE: Stroke = Stroke::dashed(EXEMPLAR_COLOR, 2.5, 2.0, 3.0);
const FOCUS_STROKE: Stroke = Stroke::solid(FOCUS_COLOR, 3.0);
const BAND_FILL: crate::chart::scene::Color = PEER_COLOR.with_alpha(0.22);

/// How a value stands against the peers' interquartile range, in words.
pub fn band_words(b: Band) -> &'static str {
    match b {
        Band::AboveUpperQuartile => "above the peers' upper quartile",
        Band::WithinInterquartileRange => "within the peers' interquartile range",
        Band::BelowLowerQuartile => "below the peers' lower quartile",
        Band::NoComparison => "not compared with peers",
    }
}

/// The rows drawn as axes: the pillars, or the domains when there are fewer than three pillars.
/// Domains of a staged framework are its stages, and are called so.
fn axes(c: &MaturityComparison, rule: Rule) -> (Vec<&ComparisonRow>, &'static str) {
    let pillars: Vec<&ComparisonRow> = c.rows.iter().filter(|r| r.tier == Tier::Pillar).collect();
    if pillars.len() >= 3 {
        return (pillars, "pillar");
    }
    let kind = if rule == Rule::Staged { "stage" } else { "domain" };
    (c.rows.iter().filter(|r| r.tier == Tier::Domain).collect(), kind)
}

/// The chart's message: on how many axes the organisation is above or below its peers' middle half.
pub fn message_title(c: &MaturityComparison, rule: Rule, names: &Names) -> String {
    let (rows, kind) = axes(c, rule);
    let who = short_name(&name_of(names, &c.org_code));
    let n = rows.len();
    let above = rows.iter().filter(|r| r.against_peers == Band::AboveUpperQuartile).count();
    let below = rows.iter().filter(|r| r.against_peers == Band::BelowLowerQuartile).count();
    let compared = rows.iter().filter(|r| r.against_peers != Band::NoComparison).count();
    if compared == 0 {
        return format!("{who}: {kind} scores against the exemplars and the national picture");
    }
    match (above, below) {
        (0, 0) => format!("{who} is within its peers' interquartile range on all {compared} {kind}s"),
        (a, 0) if a == n => format!("{who} is above its peers' interquartile range on all {n} {kind}s"),
        (0, b) if b == n => format!("{who} is below its peers' interquartile range on all {n} {kind}s"),
        (a, 0) => format!("{who} is above its peers' interquartile range on {a} of {n} {kind}s"),
        (0, b) => format!("{who} is below its peers' interquartile range on {b} of {n} {kind}s"),
        (a, b) => {
            format!("{who} is above its peers' interquartile range on {a} of {n} {kind}s and below it on {b}")
        }
    }
}

fn median_text(rule: Rule, d: &Option<Distribution>) -> String {
    d.map_or("no result".to_string(), |d| score_text(rule, d.median))
}

fn tooltip(rule: Rule, r: &ComparisonRow, who: &str, kind: &str) -> Vec<(String, String)> {
    let s = |v: f64| score_text(rule, v);
    vec![
        (capitalised(kind), r.title.clone()),
        (who.to_string(), r.value.map_or("no result".to_string(), s)),
        (
            "Peer median (IQR)".into(),
            r.peers.map_or("no peers".to_string(), |d| {
                format!("{} ({} to {}), {} peers", s(d.median), s(d.q1), s(d.q3), d.n)
            }),
        ),
        (
            "Exemplars' median".into(),
            r.exemplars.map_or("no result".to_string(), |d| format!("{} ({} exemplars)", s(d.median), d.n)),
        ),
        (
            "National median".into(),
            r.national
                .map_or("no result".to_string(), |d| format!("{} ({} organisations)", s(d.median), d.n)),
        ),
        ("Against peers".into(), band_words(r.against_peers).to_string()),
    ]
}

fn summary(rule: Rule, r: &ComparisonRow, who: &str) -> String {
    let s = |v: f64| score_text(rule, v);
    let mut out = format!("{}: {who} {}", r.title, r.value.map_or("has no result".to_string(), s));
    if let Some(d) = r.peers {
        out.push_str(&format!(
            "; peer median {}, interquartile range {} to {}",
            s(d.median),
            s(d.q1),
            s(d.q3)
        ));
    }
    out.push_str(&format!(
        "; exemplars' median {}; national median {}",
        median_text(rule, &r.exemplars),
        median_text(rule, &r.national)
    ));
    if r.against_peers != Band::NoComparison {
        out.push_str(&format!(", {}", band_words(r.against_peers)));
    }
    out.push('.');
    out
}

fn table(rows: &[&ComparisonRow], who: &str, kind: &str) -> Table {
    let f = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.2}"));
    Table {
        columns: vec![
            capitalised(kind),
            who.to_string(),
            "Peer lower quartile".into(),
            "Peer median".into(),
            "Peer upper quartile".into(),
            "Peers".into(),
            "Exemplars' median".into(),
            "National median".into(),
            "Against peers".into(),
        ],
        rows: rows
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
            .collect(),
    }
}

/// "1 pillar", "2 pillars".
fn count_of(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
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

/// Builds the radar's scene.
/// The radar of a model: the focus's pillars against its peers and the exemplars.
pub fn scene(
    model: &crate::maturity::views::RadarModel,
    view: &ViewOptions,
    measure: &dyn TextMeasure,
) -> Scene {
    let f = &model.focus;
    let input = RadarInput {
        framework: &f.data.frameworks[f.framework],
        comparison: &model.comparison,
        names: &f.data.names,
    };
    radar_scene(&input, view, measure)
}

pub fn radar_scene(input: &RadarInput<'_>, opts: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
    let c = input.comparison;
    let fw = input.framework;
    let rule = fw.rule();
    let (rows, kind) = axes(c, rule);
    let who_full = name_of(input.names, &c.org_code);
    let who = short_name(&who_full);
    let peers_n = c.peers.members.len();
    let exemplars_n = c.exemplars.members.len();
    let subtitle = format!(
        "{}, {}. {} scores ({}) for {who_full}, with the median and interquartile range of {peers_n} peers \
         and the median of {exemplars_n} Global Digital Exemplars. {}",
        fw.def().title,
        c.round,
        capitalised(kind),
        score_meaning(rule, c.score_range, &c.level_label),
        labels_sentence(&c.labels)
    );
    let title = opts.title.clone().unwrap_or_else(|| message_title(c, rule, input.names));
    if rows.len() < 3 {
        let why = format!(
            "A radar needs at least three axes; {} has {} and {}.",
            fw.def().title,
            count_of(c.rows.iter().filter(|r| r.tier == Tier::Pillar).count(), "pillar"),
            count_of(rows.len(), "domain")
        );
        return empty_scene(opts, measure, &title, &subtitle, &c.labels, &why);
    }

    let mut frame = Frame::new(opts.width, opts.height, measure);
    frame.heading(&title, &subtitle);
    badges(&mut frame, &c.labels);
    let mut legend = vec![
        LegendEntry { symbol: Symbol::Line(FOCUS_STROKE), label: format!("{who} ({})", c.org_code) },
        LegendEntry { symbol: Symbol::Line(PEER_STROKE), label: format!("Peer median ({peers_n})") },
        LegendEntry { symbol: Symbol::Swatch(BAND_FILL), label: "Peer interquartile range".into() },
        LegendEntry {
            symbol: Symbol::Line(EXEMPLAR_STROKE),
            label: format!("Exemplars' median ({exemplars_n})"),
        },
    ];
    if peers_n == 0 {
        legend.drain(1..3);
    }
    frame.legend(&legend);
    let (top, bottom) = frame.source_and_plot_band(&opts.source, 0.0);
    let plot = Bounds { x: PAD, y: top, w: frame.inner_width(), h: bottom - top };
    let mut marks = std::mem::take(&mut frame.marks);

    // Axis directions clockwise from twelve o'clock, and label blocks sized to the space.
    let n = rows.len();
    let dirs: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let a = -std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::TAU / n as f64;
            (a.cos(), a.sin())
        })
        .collect();
    let max_label_w = (plot.w * 0.24).clamp(60.0, 150.0);
    let labels: Vec<Vec<String>> = rows.iter().map(|r| label_lines(measure, &r.title, max_label_w)).collect();
    let sizes: Vec<(f64, f64)> = labels
        .iter()
        .map(|ls| {
            let w = ls.iter().map(|l| measure.width(l, LABEL_SIZE, false)).fold(0.0, f64::max);
            (w, ls.len() as f64 * LINE_H)
        })
        .collect();
    let (cx, cy) = (plot.x + plot.w / 2.0, plot.y + plot.h / 2.0);
    // The largest radius at which every label block stays inside the plot.
    let fits = |r: f64| {
        dirs.iter().zip(&sizes).enumerate().all(|(i, (&(dx, dy), &(w, h)))| {
            let b = label_box(cx + dx * (r + gap(i)), cy + dy * (r + gap(i)), w, h, label_anchor(dx, dy));
            b.x >= plot.x && b.x + b.w <= plot.x + plot.w && b.y >= plot.y && b.y + b.h <= plot.y + plot.h
        })
    };
    let mut radius = (plot.w.min(plot.h) / 2.0).max(30.0);
    while radius > 30.0 && !fits(radius) {
        radius -= 1.0;
    }

    // The score scale runs from a small inner ring outwards, so points at the bottom of the scale
    // stay on their own axis rather than meeting at the centre.
    let (lo, hi) = (c.score_range[0], c.score_range[1]);
    let inner = radius * 0.1;
    let scale = Linear::new((lo, hi), (inner, radius));
    let at = |i: usize, v: f64| -> (f64, f64) {
        let r = scale.map(v.clamp(lo, hi));
        (cx + dirs[i].0 * r, cy + dirs[i].1 * r)
    };

    // Rings and spokes.
    let ticks = scale.ticks(5);
    for (k, t) in ticks.iter().enumerate() {
        let mut ring: Vec<(f64, f64)> = (0..n).map(|i| at(i, *t)).collect();
        // n >= 3 (checked above), so the ring has a first point.
        ring.push(ring[0]);
        let outer = k + 1 == ticks.len();
        let color = if outer { palette::GREY_3 } else { palette::GREY_4 };
        marks.push(Mark::Path { points: ring, stroke: Stroke::solid(color, 1.0) });
    }
    for (i, &(dx, dy)) in dirs.iter().enumerate() {
        let (x0, y0) = at(i, lo);
        marks.push(Mark::Line {
            x1: x0,
            y1: y0,
            x2: cx + dx * radius,
            y2: cy + dy * radius,
            stroke: Stroke::solid(palette::GREY_3, 1.0),
        });
    }

    // Ring values up the first axis, right of it, on white so lines behind stay legible; when the
    // rings are too close for every value, only the innermost and outermost are written.
    let decimals = decimals_for_step(tick_step(lo, hi, 5));
    let crowded = ticks.len() > 1 && (scale.map(ticks[1]) - scale.map(ticks[0])) < SOURCE_SIZE + 2.0;
    for (k, t) in ticks.iter().enumerate() {
        if crowded && k != 0 && k + 1 != ticks.len() {
            continue;
        }
        let (x, y) = at(0, *t);
        let mut label = number(*t, decimals);
        if rule == Rule::Staged {
            label.push('%');
        }
        let w = measure.width(&label, SOURCE_SIZE, false);
        marks.push(Mark::Rect {
            x: x + 2.0,
            y: y - SOURCE_SIZE - 1.0,
            w: w + 4.0,
            h: SOURCE_SIZE + 1.0,
            fill: Some(palette::WHITE),
            stroke: None,
        });
        marks.push(text(
            x + 4.0,
            y - 1.0,
            &label,
            Font(SOURCE_SIZE, false, palette::SECONDARY_TEXT, Align::Start, Baseline::Bottom),
        ));
    }

    // The peers' interquartile ring: out along the upper quartiles, back along the lower ones
    // in the other direction, so the non-zero fill rule leaves the inside of the lower ring empty.
    let quartiles: Option<Vec<(f64, f64)>> = rows.iter().map(|r| r.peers.map(|d| (d.q1, d.q3))).collect();
    let mut warnings = Vec::new();
    match &quartiles {
        // One quartile pair per axis, and n >= 3.
        Some(q) => {
            let mut ring: Vec<(f64, f64)> = (0..n).map(|i| at(i, q[i].1)).collect();
            ring.push(at(0, q[0].1));
            ring.push(at(0, q[0].0));
            ring.extend((1..n).rev().map(|i| at(i, q[i].0)));
            ring.push(at(0, q[0].0));
            marks.push(Mark::Polygon { points: ring, fill: BAND_FILL });
        }
        None if peers_n > 0 => warnings.push(format!(
            "Some {kind}s have no peer results, so the peers' interquartile range is not drawn."
        )),
        None => {}
    }

    // A closed line through the values, broken where a value is missing.
    let series = |marks: &mut Vec<Mark>, values: &[Option<f64>], stroke: Stroke, shape: Shape, size: f64| {
        for i in 0..n {
            let j = (i + 1) % n;
            if let (Some(a), Some(b)) = (values[i], values[j]) {
                marks.push(Mark::Path { points: vec![at(i, a), at(j, b)], stroke });
            }
        }
        for (i, v) in values.iter().enumerate() {
            if let Some(v) = v {
                let (x, y) = at(i, *v);
                marks.push(Mark::Marker {
                    x,
                    y,
                    size,
                    shape,
                    fill: stroke.color,
                    stroke: Some(Stroke::solid(palette::WHITE, 1.0)),
                });
            }
        }
    };
    let med = |f: fn(&ComparisonRow) -> Option<Distribution>| -> Vec<Option<f64>> {
        rows.iter().map(|r| f(r).map(|d| d.median)).collect()
    };
    // The organisation's thick line goes under the thinner patterned medians, so a median equal to
    // its score still shows.
    let values: Vec<Option<f64>> = rows.iter().map(|r| r.value).collect();
    series(&mut marks, &values, FOCUS_STROKE, Shape::Circle, 10.0);
    if peers_n > 0 {
        series(&mut marks, &med(|r| r.peers), PEER_STROKE, Shape::Square, 6.0);
    }
    series(&mut marks, &med(|r| r.exemplars), EXEMPLAR_STROKE, Shape::Diamond, 6.0);

    // Axis names outside the outer ring.
    for (i, &(dx, dy)) in dirs.iter().enumerate() {
        let anchor = label_anchor(dx, dy);
        let (ax, ay) = (cx + dx * (radius + gap(i)), cy + dy * (radius + gap(i)));
        let b = label_box(ax, ay, sizes[i].0, sizes[i].1, anchor);
        let x = match anchor.0 {
            Align::Start => b.x,
            Align::Middle => b.x + b.w / 2.0,
            Align::End => b.x + b.w,
        };
        for (k, line) in labels[i].iter().enumerate() {
            marks.push(text(
                x,
                b.y + k as f64 * LINE_H + LINE_H / 2.0,
                line,
                Font(LABEL_SIZE, true, palette::TEXT, anchor.0, Baseline::Middle),
            ));
        }
    }

    // One item per axis, hanging from the organisation's point (or the axis foot without one).
    let mut items = Vec::with_capacity(n);
    for (i, r) in rows.iter().enumerate() {
        let (x0, y0) = at(i, lo);
        let (x1, y1) = (cx + dirs[i].0 * radius, cy + dirs[i].1 * radius);
        let anchor = at(i, r.value.or(r.peers.map(|d| d.median)).unwrap_or(lo));
        let pad = 14.0;
        let hit = Bounds {
            x: x0.min(x1) - pad,
            y: y0.min(y1) - pad,
            w: (x1 - x0).abs() + 2.0 * pad,
            h: (y1 - y0).abs() + 2.0 * pad,
        };
        let mut highlight = vec![Mark::Line {
            x1: x0,
            y1: y0,
            x2: x1,
            y2: y1,
            stroke: Stroke::dashed(palette::GREY_1, 1.5, 3.0, 3.0),
        }];
        highlight.extend(crate::chart::marks::focus_ring(anchor.0, anchor.1, 20.0));
        items.push(Item {
            key: r.id.clone(),
            label: r.title.clone(),
            hit,
            anchor,
            tooltip: tooltip(rule, r, &who, kind),
            summary: summary(rule, r, &who),
            highlight: Highlight::Marks(highlight),
        });
    }

    if !c.peers.not_found.is_empty() {
        warnings.push(format!(
            "No {} assessment in {} for {} of the peers ({}): they are left out of the peer group.",
            fw.id(),
            c.round,
            c.peers.not_found.len(),
            c.peers.not_found.join(", ")
        ));
    }
    let mut description = format!(
        "Radar chart of {who_full}'s {kind} scores ({}) in the {}, {}, against its {peers_n} peers and \
         {exemplars_n} Global Digital Exemplars. {title}.",
        score_meaning(rule, c.score_range, &c.level_label),
        fw.def().title,
        c.round,
    );
    for r in &rows {
        description.push(' ');
        description.push_str(&summary(rule, r, &who));
    }
    description.push(' ');
    description.push_str(&labels_sentence(&c.labels));
    if is_illustrative(&c.labels) {
        description.push_str(" Do not read these as evidence about any trust.");
    }

    Scene {
        width: frame.width,
        height: frame.height,
        marks,
        items,
        plot,
        title,
        subtitle,
        description,
        table: table(&rows, &format!("{who} ({})", c.org_code), kind),
        warnings,
    }
}

impl crate::chart::view::Drawn for crate::maturity::views::RadarModel {
    fn scene(&self, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
        scene(self, view, measure)
    }
}
