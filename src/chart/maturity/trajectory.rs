//! Maturity trajectories: one line per organisation across assessment rounds, on the overall
//! result or one pillar or domain. The focus organisation is bold, its peers light, and the
//! Global Digital Exemplars' median dashed. A point whose question set changed since the
//! organisation's previous round (criteria added or retired, another framework version, or a
//! domain scored on another basis) is hollow, since its change is not like for like. The lines,
//! the exemplars' median and who moved fastest (and whom they leapfrogged) come from the model
//! ([`crate::maturity::views::trajectory`]); this module words and draws them.

use super::{
    EXEMPLAR_COLOR, FOCUS_COLOR, badges, capitalised, empty_scene, is_illustrative, labels_sentence,
    score_meaning, score_text,
};
use crate::chart::format::{number, short_name};
use crate::chart::layout::{Font, Frame, LABEL_SIZE, LegendEntry, PAD, Symbol, ViewOptions, text, y_axis};
use crate::chart::marks::{axis_line, line_point, rule_v};
use crate::chart::scale::Linear;
use crate::chart::scene::{
    Align, Baseline, Bounds, Highlight, Item, Mark, Scene, Shape, Stroke, Table, palette,
};
use crate::chart::text::{TextMeasure, truncate};
use crate::chart::view::Drawn;
use crate::maturity::views::{Line, Point, Series, TrajectoryModel};
use crate::maturity::{ProgressRanking, Rule};

const FOCUS_STROKE: Stroke = Stroke::solid(FOCUS_COLOR, 3.5);
const PEER_STROKE: Stroke = Stroke::solid(palette::GREY_2, 1.5);
const EXEMPLAR_STROKE: Stroke = Stroke::dashed(EXEMPLAR_COLOR, 2.5, 7.0, 4.0);

fn signed(rule: Rule, v: f64) -> String {
    let t = match rule {
        Rule::Cumulative => number(v, 2),
        _ => number(v, 1),
    };
    if v > 0.0 && !t.starts_with('-') { format!("+{t}") } else { t }
}

/// What a change per year is counted in, after the number.
fn per_year_unit(rule: Rule) -> &'static str {
    match rule {
        Rule::Cumulative => " levels",
        Rule::Mean => " points",
        Rule::Staged => " percentage points",
    }
}

/// What the words need: the model, the framework's rule, what the lines follow and who the
/// focus is.
struct Words<'a> {
    model: &'a TrajectoryModel,
    rule: Rule,
    what: &'a str,
    who: String,
    who_full: String,
}

impl Words<'_> {
    fn s(&self, v: f64) -> String {
        score_text(self.rule, v)
    }

    fn short(&self, code: &str) -> String {
        short_name(&self.model.focus.data.name_of(code))
    }

    fn score_meaning(&self) -> String {
        let fw = self.model.focus.framework();
        score_meaning(self.rule, fw.score_range().into(), fw.level_label())
    }
}

/// The sentence about who moved fastest, and whom they leapfrogged.
fn fastest_sentence(w: &Words<'_>, p: &ProgressRanking) -> Option<String> {
    let top = p.rows.first()?;
    let joint: Vec<&str> = p.rows.iter().filter(|r| r.rank == 1).map(|r| r.org_code.as_str()).collect();
    let who = if joint.len() > 1 {
        joint.iter().map(|c| w.short(c)).collect::<Vec<_>>().join(" and ")
    } else {
        w.short(&top.org_code)
    };
    let mut s = format!(
        "Moved fastest: {who}, {}{} a year (from {} in {} to {} in {})",
        signed(w.rule, top.per_year),
        per_year_unit(w.rule),
        w.s(top.first),
        top.first_round,
        w.s(top.last),
        top.last_round
    );
    if top.leapfrogged > 0 {
        let noun = if top.leapfrogged == 1 { "organisation" } else { "organisations" };
        s.push_str(&format!(", leapfrogging {} {noun}", top.leapfrogged));
    }
    s.push('.');
    let most = p.rows.iter().max_by_key(|r| r.leapfrogged).filter(|r| r.leapfrogged > 0);
    if let Some(m) = most
        && m.org_code != top.org_code
    {
        s.push_str(&format!(
            " Leapfrogged most: {}, which passed {} others.",
            w.short(&m.org_code),
            m.leapfrogged
        ));
    }
    Some(s)
}

fn subtitle(w: &Words<'_>) -> String {
    let m = w.model;
    let hollow = if m.any_changed() {
        " A hollow point's question set changed since the previous round, so that change is not like for like."
    } else {
        ""
    };
    format!(
        "{}, {} by round ({}): {} in bold, {} peers in grey and the median of {} \
         Global Digital Exemplars dashed.{hollow} {}",
        m.focus.framework().def().title,
        w.what,
        w.score_meaning(),
        w.who_full,
        m.count(Line::Peer),
        m.exemplars,
        labels_sentence(&m.labels)
    )
}

/// The chart's message: how fast the focus moved and where that ranks among its peers, or that
/// there is only one round.
fn message_title(w: &Words<'_>) -> String {
    let (m, who, what) = (w.model, &w.who, w.what);
    if let [round] = &m.rounds[..] {
        return format!("{who}: {what} in {}, the only round, so no trajectory yet", round.label);
    }
    let code = m.focus.code();
    let Some(p) = &m.ranking else { return format!("{who}: {what} by round") };
    let Some(r) = p.rows.iter().find(|r| r.org_code == code) else {
        return format!("{who}: {what} by round");
    };
    let change =
        format!("{}{}", signed(w.rule, r.per_year.abs()).trim_start_matches('+'), per_year_unit(w.rule));
    let mut t = if r.per_year > 0.0 {
        format!("{who} rose {change} a year on {what}")
    } else if r.per_year < 0.0 {
        format!("{who} fell {change} a year on {what}")
    } else {
        format!("{who} held steady on {what}")
    };
    t.push_str(&format!(", {} of {} for progress among its peers", r.rank, p.rows.len()));
    t
}

fn legend(w: &Words<'_>) -> Vec<LegendEntry> {
    let m = w.model;
    let label = format!("{} ({})", w.who, m.focus.code());
    let mut legend = vec![LegendEntry { symbol: Symbol::Line(FOCUS_STROKE), label }];
    let n_peers = m.count(Line::Peer);
    if n_peers > 0 {
        legend.push(LegendEntry { symbol: Symbol::Line(PEER_STROKE), label: format!("Peers ({n_peers})") });
    }
    if m.exemplars > 0 {
        let label = format!("Exemplars' median ({})", m.exemplars);
        legend.push(LegendEntry { symbol: Symbol::Line(EXEMPLAR_STROKE), label });
    }
    if m.any_changed() {
        let stroke = Some(Stroke::solid(palette::TEXT, 2.0));
        let symbol = Symbol::Marker { shape: Shape::Circle, fill: palette::WHITE, stroke };
        legend.push(LegendEntry { symbol, label: "Question set changed".into() });
    }
    legend
}

/// End labels: the focus organisation, the exemplars' median and the fastest-moving peer, each
/// with its last value (series index, label, font). Narrow charts keep them short enough to
/// show their values.
fn end_labels(w: &Words<'_>, narrow: bool) -> Vec<(usize, String, Font)> {
    let fastest = w.model.fastest();
    w.model
        .series
        .iter()
        .enumerate()
        .filter(|(_, s)| s.line != Line::Peer || fastest == Some(s.code.as_str()))
        .filter_map(|(i, s)| {
            let p = s.points.last()?;
            let (name, color) = match (s.line, narrow) {
                (Line::Focus, _) => (w.who.clone(), FOCUS_COLOR),
                (Line::ExemplarMedian, false) => (s.name.clone(), EXEMPLAR_COLOR),
                (Line::ExemplarMedian, true) => ("Exemplars".to_string(), EXEMPLAR_COLOR),
                (Line::Peer, false) => (format!("{} (fastest)", short_name(&s.name)), palette::GREY_1),
                (Line::Peer, true) => (short_name(&s.name), palette::GREY_1),
            };
            let label = format!("{name} {}", w.s(p.value));
            Some((i, label, Font(LABEL_SIZE, true, color, Align::Start, Baseline::Middle)))
        })
        .collect()
}

/// The scales: scores up the plot, the rounds' years across it, inset from the plot's sides.
struct Axes {
    x: Linear,
    y: Linear,
    plot: Bounds,
    range: (f64, f64),
    last_year: i32,
}

impl Axes {
    /// Where a point is drawn.
    fn at(&self, p: &Point) -> (f64, f64) {
        (self.x.map(f64::from(p.round.year)), self.y.map(p.value.clamp(self.range.0, self.range.1)))
    }
}

/// The y axis over the score range, leaving `end_room` at the right for the end labels, and the
/// x scale over the rounds.
fn axes(
    marks: &mut Vec<Mark>,
    m: &TrajectoryModel,
    band: (f64, f64),
    right: f64,
    measure: &dyn TextMeasure,
) -> Axes {
    let fw = m.focus.framework();
    let range = fw.score_range();
    let unit = if fw.rule() == Rule::Staged { "%" } else { "" };
    let (y, plot) =
        y_axis(marks, measure, range, band, PAD, right, &|v, d| format!("{}{unit}", number(v, d)));
    let first_year = m.rounds.first().map_or(0, |r| r.year);
    let last_year = m.rounds.last().map_or(0, |r| r.year);
    let inset = 24.0_f64.min(plot.w / 4.0);
    let across = (plot.x + inset, plot.x + plot.w - inset);
    let x = if first_year == last_year {
        Linear::new((f64::from(first_year) - 1.0, f64::from(first_year) + 1.0), across)
    } else {
        Linear::new((f64::from(first_year), f64::from(last_year)), across)
    };
    Axes { x, y, plot, range, last_year: last_year.max(first_year) }
}

/// The x axis: one labelled tick per round.
fn x_axis(marks: &mut Vec<Mark>, m: &TrajectoryModel, a: &Axes) {
    marks.push(axis_line(a.plot));
    let bottom = a.plot.y + a.plot.h;
    for r in &m.rounds {
        let x = a.x.map(f64::from(r.year));
        marks.push(rule_v(x, bottom, bottom + 5.0, Stroke::solid(palette::GREY_1, 1.0)));
        marks.push(text(x, bottom + 8.0, &r.label, Font::LABEL.align(Align::Middle, Baseline::Top)));
    }
}

/// Every line with its points: peers first, the fastest peer over the others, then the
/// exemplars' median, then the focus organisation on top.
fn lines(marks: &mut Vec<Mark>, m: &TrajectoryModel, a: &Axes) {
    let fastest = m.fastest();
    let is_fastest = |s: &Series| fastest == Some(s.code.as_str());
    let mut draw_order: Vec<&Series> = [Line::Peer, Line::ExemplarMedian, Line::Focus]
        .iter()
        .flat_map(|l| m.series.iter().filter(move |s| s.line == *l))
        .collect();
    crate::order::sort_by_key(&mut draw_order, |s| match s.line {
        Line::Peer => usize::from(is_fastest(s)),
        Line::ExemplarMedian => 2,
        Line::Focus => 3,
    });
    for s in draw_order {
        let (stroke, shape, size) = match s.line {
            Line::Focus => (FOCUS_STROKE, Shape::Circle, 11.0),
            // The fastest peer is labelled at its end; a darker, heavier line leads the eye there.
            Line::Peer if is_fastest(s) => (Stroke::solid(palette::GREY_1, 2.5), Shape::Circle, 7.0),
            Line::Peer => (PEER_STROKE, Shape::Circle, 6.0),
            Line::ExemplarMedian => (EXEMPLAR_STROKE, Shape::Diamond, 8.0),
        };
        if s.points.len() > 1 {
            marks.push(Mark::Path { points: s.points.iter().map(|p| a.at(p)).collect(), stroke });
        }
        let edge = if s.line == Line::Peer { 1.5 } else { 2.5 };
        for p in &s.points {
            let (x, y) = a.at(p);
            marks.push(line_point(x, y, size, shape, stroke.color, p.changed.then_some(edge)));
        }
    }
}

/// End labels beside each line's last point, pushed apart where they would overlap and kept
/// inside the plot's height.
fn draw_end_labels(
    marks: &mut Vec<Mark>,
    m: &TrajectoryModel,
    labels: &[(usize, String, Font)],
    a: &Axes,
    width: f64,
    measure: &dyn TextMeasure,
) {
    let mut ends: Vec<(f64, &String, Font)> = labels
        .iter()
        .filter_map(|(i, l, f)| m.series[*i].points.last().map(|p| (a.at(p).1, l, *f)))
        .collect();
    crate::order::sort_by(&mut ends, |x, y| x.0.total_cmp(&y.0));
    let gap = LABEL_SIZE + 2.0;
    for k in 1..ends.len() {
        if ends[k].0 < ends[k - 1].0 + gap {
            ends[k].0 = ends[k - 1].0 + gap;
        }
    }
    let overflow = ends.last().map_or(0.0, |e| e.0 - (a.plot.y + a.plot.h - gap / 2.0)).max(0.0);
    let end_x = a.x.map(f64::from(a.last_year)) + 10.0;
    for (y, label, font) in ends {
        let room = width - PAD - end_x;
        marks.push(text(end_x, y - overflow, &truncate(measure, label, LABEL_SIZE, true, room), font));
    }
}

/// A distinct point: where it is drawn, and the (series, point) pairs drawn there, the first
/// being the one that drew it.
struct SharedPoint {
    at: (f64, f64),
    members: Vec<(usize, usize)>,
}

/// The distinct points in keyboard order (the focus organisation's, the exemplars' median's,
/// then the peers'): organisations whose points coincide share one item listing them all, so
/// every item's anchor finds that item.
fn shared_points(m: &TrajectoryModel, a: &Axes) -> Vec<SharedPoint> {
    let mut shared: Vec<SharedPoint> = Vec::new();
    for line in [Line::Focus, Line::ExemplarMedian, Line::Peer] {
        for (si, s) in m.series.iter().enumerate().filter(|(_, s)| s.line == line) {
            for (pi, p) in s.points.iter().enumerate() {
                let (x, y) = a.at(p);
                match shared.iter_mut().find(|q| (q.at.0 - x).abs() < 0.01 && (q.at.1 - y).abs() < 0.01) {
                    Some(q) => q.members.push((si, pi)),
                    None => shared.push(SharedPoint { at: (x, y), members: vec![(si, pi)] }),
                }
            }
        }
    }
    shared
}

/// A point's tooltip: who (or how many) are on it, the round, the value, the change since the
/// line's previous point, and (one organisation) its progress a year.
fn point_tooltip(w: &Words<'_>, members: &[(usize, usize)], names: &[String]) -> Vec<(String, String)> {
    let m = w.model;
    let (si, pi) = members[0];
    let (s, p) = (&m.series[si], &m.series[si].points[pi]);
    let mut tooltip = if members.len() == 1 {
        let label = if s.line == Line::ExemplarMedian {
            format!("Median of {} Global Digital Exemplars", m.exemplars)
        } else {
            format!("{} ({})", s.name, s.code)
        };
        vec![("Organisation".to_string(), label)]
    } else {
        vec![(format!("{} organisations", members.len()), names.join("; "))]
    };
    tooltip.push(("Round".into(), p.round.label.clone()));
    tooltip.push((capitalised(w.what), w.s(p.value)));
    if pi > 0 {
        let prev = &s.points[pi - 1];
        tooltip.push((format!("Change since {}", prev.round.label), signed(w.rule, p.value - prev.value)));
        let set = if p.changed {
            "changed since the previous round: not like for like"
        } else {
            "same as the previous round"
        };
        tooltip.push(("Question set".into(), set.into()));
    }
    let ranking = m.ranking.as_ref();
    if members.len() == 1
        && let Some(r) = ranking.and_then(|q| q.rows.iter().find(|r| r.org_code == s.code))
    {
        let of = ranking.map_or(0, |q| q.rows.len());
        let progress = format!(
            "{} (rank {} of {of}; leapfrogged {})",
            signed(w.rule, r.per_year),
            r.rank,
            r.leapfrogged
        );
        tooltip.push(("Progress a year".into(), progress));
    }
    tooltip
}

/// The item of a distinct point.
fn point_item(w: &Words<'_>, shared: &SharedPoint) -> Item {
    let (m, (x, y), members) = (w.model, shared.at, &shared.members[..]);
    let (si, pi) = members[0];
    let (s, p) = (&m.series[si], &m.series[si].points[pi]);
    let names: Vec<String> = members.iter().map(|&(k, _)| m.series[k].name.clone()).collect();
    let mut summary = format!("{}, {}: {} {}", names.join(", "), p.round.label, w.what, w.s(p.value));
    if pi > 0 {
        let prev = &s.points[pi - 1];
        summary.push_str(&format!(", {} since {}", signed(w.rule, p.value - prev.value), prev.round.label));
        if p.changed {
            summary.push_str(", question set changed");
        }
    }
    summary.push('.');
    Item {
        key: s.code.clone(),
        label: format!("{}, {}", names.join(", "), p.round.label),
        hit: Bounds { x: x - 12.0, y: y - 12.0, w: 24.0, h: 24.0 },
        anchor: (x, y),
        tooltip: point_tooltip(w, members, &names),
        summary,
        highlight: Highlight::Ring(22.0),
    }
}

/// The text alternative: what the lines show, the message, the focus's and the exemplars'
/// values by round, and who moved fastest.
fn description(w: &Words<'_>, title: &str) -> String {
    let m = w.model;
    let mut d = format!(
        "Line chart of {} ({}) in the {}, by round, for {}, {} peers and the median of {} Global Digital Exemplars. {title}.",
        w.what,
        w.score_meaning(),
        m.focus.framework().def().title,
        w.who_full,
        m.count(Line::Peer),
        m.exemplars
    );
    for s in m.series.iter().filter(|s| s.line != Line::Peer) {
        let pts: Vec<String> =
            s.points.iter().map(|p| format!("{} in {}", w.s(p.value), p.round.label)).collect();
        let who = if s.line == Line::Focus { &w.who_full } else { &s.name };
        d.push_str(&format!(" {who}: {}.", pts.join(", ")));
    }
    if let Some(sentence) = m.ranking.as_ref().and_then(|p| fastest_sentence(w, p)) {
        d.push(' ');
        d.push_str(&sentence);
    }
    if m.any_changed() {
        d.push_str(" The question set changed between rounds where a point is hollow, so those changes are not like for like.");
    }
    d.push(' ');
    d.push_str(&labels_sentence(&m.labels));
    if is_illustrative(&m.labels) {
        d.push_str(" Do not read these as evidence about any trust.");
    }
    d
}

/// The chart's data: every point of every line, with the line's progress.
fn table(m: &TrajectoryModel, what: &str) -> Table {
    let columns = [
        "Line",
        "ODS code",
        "Organisation",
        "Round",
        "",
        "Change",
        "Question set changed",
        "Progress a year",
        "Progress rank",
        "Leapfrogged",
    ];
    let mut columns: Vec<String> = columns.map(String::from).to_vec();
    columns[4] = capitalised(what);
    let mut rows = Vec::new();
    for s in &m.series {
        let rank = m.ranking.as_ref().and_then(|q| q.rows.iter().find(|r| r.org_code == s.code));
        let line = match s.line {
            Line::Focus => "Focus",
            Line::Peer => "Peer",
            Line::ExemplarMedian => "Exemplars' median",
        };
        for (pi, p) in s.points.iter().enumerate() {
            rows.push(vec![
                line.into(),
                if s.line == Line::ExemplarMedian { String::new() } else { s.code.clone() },
                s.name.clone(),
                p.round.label.clone(),
                format!("{:.2}", p.value),
                if pi > 0 { format!("{:.2}", p.value - s.points[pi - 1].value) } else { String::new() },
                (if p.changed { "yes" } else { "no" }).into(),
                rank.map_or(String::new(), |r| format!("{:.2}", r.per_year)),
                rank.map_or(String::new(), |r| r.rank.to_string()),
                rank.map_or(String::new(), |r| r.leapfrogged.to_string()),
            ]);
        }
    }
    Table { columns, rows }
}

/// The trajectories of a model: the focus, its peers and the exemplars' median over rounds.
pub fn scene(model: &TrajectoryModel, opts: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
    let fw = model.focus.framework();
    let what = match &model.followed {
        Ok(t) => t,
        Err(e) => {
            let title = format!("{}: no trajectories", fw.def().title);
            return empty_scene(opts, measure, &title, "", &model.labels, e);
        }
    };
    let who_full = model.focus.data.name_of(&model.focus.code());
    let w = Words { model, rule: fw.rule(), what, who: short_name(&who_full), who_full };
    let subtitle = subtitle(&w);
    let title = opts.title.clone().unwrap_or_else(|| message_title(&w));
    if model.series.is_empty() {
        let why = format!("No {} results for {}, its peers or the exemplars.", fw.id(), w.who_full);
        return empty_scene(opts, measure, &title, &subtitle, &model.labels, &why);
    }
    let mut warnings = model.notes.clone();
    if model.rounds.len() < 2 {
        warnings.push(
            "Only one round has results, so there is no trajectory yet: each line is a single point.".into(),
        );
    }
    let mut frame = Frame::new(opts.width, opts.height, measure);
    frame.heading(&title, &subtitle);
    badges(&mut frame, &model.labels);
    frame.legend(&legend(&w));
    let band = frame.source_and_plot_band(&opts.source, LABEL_SIZE * 1.4 + 10.0);
    let mut marks = std::mem::take(&mut frame.marks);
    let ends = end_labels(&w, frame.inner_width() < 440.0);
    let widest_end = ends.iter().map(|(_, l, _)| measure.width(l, LABEL_SIZE, true)).fold(0.0, f64::max);
    let end_room = (widest_end + 16.0).clamp(40.0, frame.inner_width() * 0.4);
    let axes = axes(&mut marks, model, band, frame.width - PAD - end_room, measure);
    x_axis(&mut marks, model, &axes);
    lines(&mut marks, model, &axes);
    draw_end_labels(&mut marks, model, &ends, &axes, frame.width, measure);
    let items = shared_points(model, &axes).iter().map(|p| point_item(&w, p)).collect();
    Scene {
        width: frame.width,
        height: frame.height,
        marks,
        items,
        plot: axes.plot,
        description: description(&w, &title),
        table: table(model, what),
        title,
        subtitle,
        warnings,
    }
}

impl Drawn for TrajectoryModel {
    fn scene(&self, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
        scene(self, view, measure)
    }
}
