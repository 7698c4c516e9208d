//! Maturity trajectories: one line per organisation across assessment rounds, on the overall
//! result or one pillar or domain. The focus organisation is bold, its peers light, and the
//! Global Digital Exemplars' median dashed. A point whose question set changed since the
//! organisation's previous round (criteria added or retired, another framework version, or a
//! domain scored on another basis) is hollow, since its change is not like for like. Who moved
//! fastest, and whom they leapfrogged, comes from [`crate::maturity::progress`] over the focus
//! organisation and its peers.

use super::{
    EXEMPLAR_COLOR, FOCUS_COLOR, Names, badges, capitalised, empty_scene, is_illustrative, labels_sentence,
    name_of, score_meaning, score_text,
};
use crate::chart::format::number;
use crate::chart::format::short_name;
use crate::chart::layout::{Font, Frame, LABEL_SIZE, LegendEntry, PAD, Symbol, ViewOptions, text, y_axis};
use crate::chart::scale::Linear;
use crate::chart::scene::{
    Align, Baseline, Bounds, Highlight, Item, Mark, Scene, Shape, Stroke, Table, palette,
};
use crate::chart::text::{TextMeasure, truncate};
use crate::maturity::{
    Framework, ProgressRanking, Round, Rule, ScoredAssessment, Tier, TierRef, changes_for, describe, progress,
};

/// What the trajectories draw: the scored assessments of one framework over rounds, the result
/// to follow (overall, a pillar or a domain), the focus organisation, its peers and the exemplars
/// (usually [`crate::maturity::GDE_EXEMPLARS`]), by ODS code.
#[derive(Debug, Clone, Copy)]
pub struct TrajectoryInput<'a> {
    pub framework: &'a Framework,
    pub scored: &'a [ScoredAssessment],
    pub tier: &'a TierRef,
    pub focus: &'a str,
    pub peers: &'a [&'a str],
    pub exemplars: &'a [&'a str],
    pub names: &'a Names,
}

const FOCUS_STROKE: Stroke = Stroke::solid(FOCUS_COLOR, 3.5);
const PEER_STROKE: Stroke = Stroke::solid(palette::GREY_2, 1.5);
const EXEMPLAR_STROKE: Stroke = Stroke::dashed(EXEMPLAR_COLOR, 2.5, 7.0, 4.0);

/// One point of a line.
#[derive(Debug, Clone, PartialEq)]
struct Point {
    round: Round,
    value: f64,
    /// The question set changed since this line's previous point.
    changed: bool,
}

/// Who a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Focus,
    Peer,
    ExemplarMedian,
}

struct Series {
    who: Who,
    code: String,
    name: String,
    points: Vec<Point>,
}

fn value_at(s: &ScoredAssessment, tier: &TierRef) -> Option<f64> {
    match tier {
        TierRef::Overall => s.overall.score,
        TierRef::Pillar(id) => s.pillars.iter().find(|p| &p.id == id)?.score,
        TierRef::Domain(id) => s.domains.iter().find(|d| &d.id == id)?.score,
    }
}

/// The title of the followed result, or why there is none.
fn tier_title(fw: &Framework, tier: &TierRef) -> Result<String, String> {
    match tier {
        TierRef::Overall => Ok("overall maturity".into()),
        TierRef::Pillar(id) => fw
            .def()
            .pillars
            .iter()
            .find(|p| &p.id == id)
            .map(|p| p.title.clone())
            .ok_or_else(|| format!("'{id}' is not a pillar of {}.", fw.def().title)),
        TierRef::Domain(id) => (0..fw.domains().len())
            .map(|d| fw.domain(d))
            .find(|d| &d.id == id)
            .map(|d| d.title.clone())
            .ok_or_else(|| format!("'{id}' is not a domain of {}.", fw.def().title)),
    }
}

/// Whether the framework asks a different set of criteria for `tier` in `round` than in `prev`.
fn framework_question_set_changed(fw: &Framework, tier: &TierRef, prev: &Round, round: &Round) -> bool {
    (0..fw.criteria().len()).any(|c| {
        let r = &fw.criteria()[c];
        let in_tier = match tier {
            TierRef::Overall => true,
            TierRef::Pillar(id) => &fw.pillar(r.pillar).id == id,
            TierRef::Domain(id) => &fw.domain(r.domain).id == id,
        };
        in_tier && fw.is_asked(c, prev) != fw.is_asked(c, round)
    })
}

/// One organisation's line, with the question-set flags of its round-to-round changes.
fn org_series(
    fw: &Framework,
    scored: &[ScoredAssessment],
    tier: &TierRef,
    code: &str,
    warnings: &mut Vec<String>,
) -> Vec<Point> {
    let mut mine: Vec<&ScoredAssessment> =
        scored.iter().filter(|s| s.framework == fw.id() && s.org_code == code).collect();
    mine.sort_by(|a, b| a.round.cmp(&b.round));
    let flagged: Vec<String> = match changes_for(fw, scored, code) {
        Ok(changes) => changes
            .iter()
            .filter(|c| {
                c.rows.iter().any(|r| {
                    r.question_set_changed
                        && match tier {
                            TierRef::Overall => r.tier == Tier::Overall,
                            TierRef::Pillar(id) => r.tier == Tier::Pillar && &r.id == id,
                            TierRef::Domain(id) => r.tier == Tier::Domain && &r.id == id,
                        }
                })
            })
            .map(|c| c.to_round.clone())
            .collect(),
        Err(e) => {
            warnings.push(format!("{code}: {e}"));
            Vec::new()
        }
    };
    let mut points: Vec<Point> = Vec::new();
    for s in mine {
        if let Some(v) = value_at(s, tier) {
            let changed = !points.is_empty() && flagged.contains(&s.round.label);
            points.push(Point { round: s.round.clone(), value: v, changed });
        }
    }
    points
}

fn signed(rule: Rule, v: f64) -> String {
    let t = match rule {
        Rule::Cumulative => number(v, 2),
        _ => number(v, 1),
    };
    if v > 0.0 && !t.starts_with('-') { format!("+{t}") } else { t }
}

/// The sentence about who moved fastest, and whom they leapfrogged.
fn fastest_sentence(p: &ProgressRanking, names: &Names, rule: Rule) -> Option<String> {
    let top = p.rows.first()?;
    let joint: Vec<&str> = p.rows.iter().filter(|r| r.rank == 1).map(|r| r.org_code.as_str()).collect();
    let who = if joint.len() > 1 {
        joint.iter().map(|c| short_name(&name_of(names, c))).collect::<Vec<_>>().join(" and ")
    } else {
        short_name(&name_of(names, &top.org_code))
    };
    let mut s = format!(
        "Moved fastest: {who}, {}{} a year (from {} in {} to {} in {})",
        signed(rule, top.per_year),
        per_year_unit(rule),
        score_text(rule, top.first),
        top.first_round,
        score_text(rule, top.last),
        top.last_round
    );
    if top.leapfrogged > 0 {
        s.push_str(&format!(
            ", leapfrogging {} {}",
            top.leapfrogged,
            if top.leapfrogged == 1 { "organisation" } else { "organisations" }
        ));
    }
    s.push('.');
    let most = p.rows.iter().max_by_key(|r| r.leapfrogged).filter(|r| r.leapfrogged > 0);
    if let Some(m) = most
        && m.org_code != top.org_code
    {
        s.push_str(&format!(
            " Leapfrogged most: {}, which passed {} others.",
            short_name(&name_of(names, &m.org_code)),
            m.leapfrogged
        ));
    }
    Some(s)
}

/// The exemplars' median line: by round, the median of the exemplars' results, hollow where the
/// framework's question set for the result changed since the previous round. Also returns the
/// most exemplars any round's median rests on.
fn exemplar_median(
    fw: &Framework,
    scored: &[ScoredAssessment],
    tier: &TierRef,
    exemplar_codes: &[String],
) -> (Option<Series>, usize) {
    let mut rounds: Vec<Round> = scored
        .iter()
        .filter(|s| s.framework == fw.id() && exemplar_codes.contains(&s.org_code))
        .map(|s| s.round.clone())
        .collect();
    rounds.sort();
    rounds.dedup();
    let mut points: Vec<Point> = Vec::new();
    let mut n = 0;
    for r in &rounds {
        let values: Vec<f64> = scored
            .iter()
            .filter(|s| s.framework == fw.id() && &s.round == r && exemplar_codes.contains(&s.org_code))
            .filter_map(|s| value_at(s, tier))
            .collect();
        if let Some(d) = describe(&values) {
            n = n.max(d.n);
            let changed =
                points.last().is_some_and(|p| framework_question_set_changed(fw, tier, &p.round, r));
            points.push(Point { round: r.clone(), value: d.median, changed });
        }
    }
    let line = (!points.is_empty()).then(|| Series {
        who: Who::ExemplarMedian,
        code: "exemplars".into(),
        name: "Exemplars' median".into(),
        points,
    });
    (line, n)
}

/// One item per distinct point (at `anchors`, parallel to each series' points), in keyboard order:
/// the focus organisation's points, the exemplars' median, then the peers. Organisations whose
/// points coincide share one item listing them all, so every item's anchor finds that item.
fn point_items(
    series: &[Series],
    anchors: &[Vec<(f64, f64)>],
    ranking: Option<&ProgressRanking>,
    what: &str,
    rule: Rule,
    exemplar_n: usize,
) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    let mut members: Vec<Vec<(usize, usize)>> = Vec::new();
    for who_kind in [Who::Focus, Who::ExemplarMedian, Who::Peer] {
        for (si, _) in series.iter().enumerate().filter(|(_, s)| s.who == who_kind) {
            for (pi, &(x, y)) in anchors.get(si).into_iter().flatten().enumerate() {
                let same = items
                    .iter()
                    .position(|it| (it.anchor.0 - x).abs() < 0.01 && (it.anchor.1 - y).abs() < 0.01);
                match same {
                    Some(k) => members[k].push((si, pi)),
                    None => {
                        items.push(Item {
                            key: String::new(),
                            label: String::new(),
                            hit: Bounds { x: x - 12.0, y: y - 12.0, w: 24.0, h: 24.0 },
                            anchor: (x, y),
                            tooltip: Vec::new(),
                            summary: String::new(),
                            highlight: Highlight::Ring(22.0),
                        });
                        members.push(vec![(si, pi)]);
                    }
                }
            }
        }
    }
    for (item, group) in items.iter_mut().zip(&members) {
        // Every group starts with the point that created its item.
        let (si, pi) = group[0];
        let (s, p) = (&series[si], &series[si].points[pi]);
        let names: Vec<String> = group.iter().map(|&(k, _)| series[k].name.clone()).collect();
        item.key = s.code.clone();
        item.label = format!("{}, {}", names.join(", "), p.round.label);
        let mut tooltip = if group.len() == 1 {
            let label = if s.who == Who::ExemplarMedian {
                format!("Median of {exemplar_n} Global Digital Exemplars")
            } else {
                format!("{} ({})", s.name, s.code)
            };
            vec![("Organisation".to_string(), label)]
        } else {
            vec![(format!("{} organisations", group.len()), names.join("; "))]
        };
        tooltip.push(("Round".into(), p.round.label.clone()));
        tooltip.push((capitalised(what), score_text(rule, p.value)));
        if pi > 0 {
            let prev = &s.points[pi - 1];
            tooltip.push((format!("Change since {}", prev.round.label), signed(rule, p.value - prev.value)));
            tooltip.push((
                "Question set".into(),
                if p.changed {
                    "changed since the previous round: not like for like"
                } else {
                    "same as the previous round"
                }
                .into(),
            ));
        }
        if group.len() == 1
            && let Some(r) = ranking.and_then(|q| q.rows.iter().find(|r| r.org_code == s.code))
        {
            tooltip.push((
                "Progress a year".into(),
                format!(
                    "{} (rank {} of {}; leapfrogged {})",
                    signed(rule, r.per_year),
                    r.rank,
                    ranking.map_or(0, |q| q.rows.len()),
                    r.leapfrogged
                ),
            ));
        }
        let mut summary =
            format!("{}, {}: {} {}", names.join(", "), p.round.label, what, score_text(rule, p.value));
        if pi > 0 {
            summary.push_str(&format!(
                ", {} since {}",
                signed(rule, p.value - s.points[pi - 1].value),
                s.points[pi - 1].round.label
            ));
            if p.changed {
                summary.push_str(", question set changed");
            }
        }
        summary.push('.');
        item.tooltip = tooltip;
        item.summary = summary;
    }

    items
}

/// The chart's data: every point of every line, with the line's progress.
fn table(series: &[Series], ranking: Option<&ProgressRanking>, what: &str) -> Table {
    let mut table = Table {
        columns: vec![
            "Line".into(),
            "ODS code".into(),
            "Organisation".into(),
            "Round".into(),
            capitalised(what),
            "Change".into(),
            "Question set changed".into(),
            "Progress a year".into(),
            "Progress rank".into(),
            "Leapfrogged".into(),
        ],
        rows: Vec::new(),
    };
    for s in series {
        let rank = ranking.and_then(|q| q.rows.iter().find(|r| r.org_code == s.code));
        for (pi, p) in s.points.iter().enumerate() {
            table.rows.push(vec![
                match s.who {
                    Who::Focus => "Focus",
                    Who::Peer => "Peer",
                    Who::ExemplarMedian => "Exemplars' median",
                }
                .into(),
                if s.who == Who::ExemplarMedian { String::new() } else { s.code.clone() },
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
    table
}

/// Builds the trajectories' scene.
/// The trajectories of a model: the focus, its peers and the exemplars' median over rounds.
pub fn scene(
    model: &crate::maturity::views::TrajectoryModel,
    view: &ViewOptions,
    measure: &dyn TextMeasure,
) -> Scene {
    let f = &model.focus;
    let peers = f.peer_refs();
    let input = TrajectoryInput {
        framework: &f.data.frameworks[f.framework],
        scored: f.scored(),
        tier: &model.tier,
        focus: &f.focus,
        peers: &peers,
        exemplars: &crate::maturity::GDE_EXEMPLARS,
        names: &f.data.names,
    };
    trajectory_scene(&input, view, measure)
}

pub fn trajectory_scene(input: &TrajectoryInput<'_>, opts: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
    let fw = input.framework;
    let rule = fw.rule();
    let (lo, hi) = fw.score_range();
    let focus = input.focus.trim().to_ascii_uppercase();
    let who_full = name_of(input.names, &focus);
    let who = short_name(&who_full);
    let mut warnings = Vec::new();
    let what = match tier_title(fw, input.tier) {
        Ok(t) => t,
        Err(e) => {
            let title = format!("{}: no trajectories", fw.def().title);
            return empty_scene(opts, measure, &title, "", &fw.labels(), &e);
        }
    };

    // Lines: the focus organisation, its peers, and the exemplars' median by round.
    let mut series: Vec<Series> = Vec::new();
    let mut codes: Vec<String> = vec![focus.clone()];
    for p in input.peers {
        let p = p.trim().to_ascii_uppercase();
        if !codes.contains(&p) {
            codes.push(p);
        }
    }
    let mut no_results = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        let points = org_series(fw, input.scored, input.tier, code, &mut warnings);
        if points.is_empty() {
            no_results.push(code.clone());
            continue;
        }
        series.push(Series {
            who: if i == 0 { Who::Focus } else { Who::Peer },
            code: code.clone(),
            name: name_of(input.names, code),
            points,
        });
    }
    let exemplar_codes: Vec<String> = input.exemplars.iter().map(|c| c.trim().to_ascii_uppercase()).collect();
    let (median, exemplar_n) = exemplar_median(fw, input.scored, input.tier, &exemplar_codes);
    series.extend(median);
    if !no_results.is_empty() {
        warnings.push(format!("No {} result for {}: left out.", fw.id(), no_results.join(", ")));
    }

    let code_refs: Vec<&str> = codes.iter().map(String::as_str).collect();
    let ranking = match progress(fw, input.scored, input.tier, Some(&code_refs)) {
        Ok(p) => Some(p),
        Err(e) => {
            warnings.push(e.message);
            None
        }
    };
    let mut labels = fw.labels();
    for s in input.scored.iter().filter(|s| {
        s.framework == fw.id() && (codes.contains(&s.org_code) || exemplar_codes.contains(&s.org_code))
    }) {
        for l in &s.labels {
            if !labels.contains(l) {
                labels.push(l.clone());
            }
        }
    }
    let any_changed = series.iter().any(|s| s.points.iter().any(|p| p.changed));
    let n_peers = series.iter().filter(|s| s.who == Who::Peer).count();
    let subtitle = format!(
        "{}, {} by round ({}): {who_full} in bold, {n_peers} peers in grey and the median of {exemplar_n} \
         Global Digital Exemplars dashed.{} {}",
        fw.def().title,
        what,
        score_meaning(rule, [lo, hi], fw.level_label()),
        if any_changed {
            " A hollow point's question set changed since the previous round, so that change is not like for like."
        } else {
            ""
        },
        labels_sentence(&labels)
    );
    let focus_rank = ranking.as_ref().and_then(|p| p.rows.iter().find(|r| r.org_code == focus));
    let title = opts.title.clone().unwrap_or_else(|| match (focus_rank, &ranking) {
        (Some(r), Some(p)) => {
            let change =
                format!("{}{}", signed(rule, r.per_year.abs()).trim_start_matches('+'), per_year_unit(rule));
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
        _ => format!("{who}: {what} by round"),
    });
    let single_round = {
        let mut r: Vec<&Round> = series.iter().flat_map(|s| s.points.iter().map(|p| &p.round)).collect();
        r.sort();
        r.dedup();
        (r.len() == 1).then(|| r[0].label.clone())
    };
    let title = match (&single_round, &opts.title) {
        (Some(round), None) => format!("{who}: {what} in {round}, the only round, so no trajectory yet"),
        _ => title,
    };
    if series.is_empty() {
        let why = format!("No {} results for {who_full}, its peers or the exemplars.", fw.id());
        return empty_scene(opts, measure, &title, &subtitle, &labels, &why);
    }
    let all_rounds: Vec<Round> = {
        let mut r: Vec<Round> =
            series.iter().flat_map(|s| s.points.iter().map(|p| p.round.clone())).collect();
        r.sort();
        r.dedup();
        r
    };
    if all_rounds.len() < 2 {
        warnings.push(
            "Only one round has results, so there is no trajectory yet: each line is a single point.".into(),
        );
    }

    let mut frame = Frame::new(opts.width, opts.height, measure);
    frame.heading(&title, &subtitle);
    badges(&mut frame, &labels);
    let mut legend =
        vec![LegendEntry { symbol: Symbol::Line(FOCUS_STROKE), label: format!("{who} ({focus})") }];
    if n_peers > 0 {
        legend.push(LegendEntry { symbol: Symbol::Line(PEER_STROKE), label: format!("Peers ({n_peers})") });
    }
    if exemplar_n > 0 {
        legend.push(LegendEntry {
            symbol: Symbol::Line(EXEMPLAR_STROKE),
            label: format!("Exemplars' median ({exemplar_n})"),
        });
    }
    if any_changed {
        legend.push(LegendEntry {
            symbol: Symbol::Marker {
                shape: Shape::Circle,
                fill: palette::WHITE,
                stroke: Some(Stroke::solid(palette::TEXT, 2.0)),
            },
            label: "Question set changed".into(),
        });
    }
    frame.legend(&legend);
    let band = frame.source_and_plot_band(&opts.source, LABEL_SIZE * 1.4 + 10.0);
    let mut marks = std::mem::take(&mut frame.marks);
    // End labels: the focus organisation, the exemplars' median and the fastest-moving peer.
    let fastest = ranking.as_ref().and_then(|p| p.rows.first()).map(|r| r.org_code.clone());
    let narrow = frame.inner_width() < 440.0;
    let end_labels: Vec<(usize, String, Font)> = series
        .iter()
        .enumerate()
        .filter(|(_, s)| s.who != Who::Peer || fastest.as_deref() == Some(s.code.as_str()))
        .filter_map(|(i, s)| {
            let p = s.points.last()?;
            // Narrow charts keep the end labels short enough to show their values.
            let (name, color) = match (s.who, narrow) {
                (Who::Focus, _) => (who.clone(), FOCUS_COLOR),
                (Who::ExemplarMedian, false) => (s.name.clone(), EXEMPLAR_COLOR),
                (Who::ExemplarMedian, true) => ("Exemplars".to_string(), EXEMPLAR_COLOR),
                (Who::Peer, false) => (format!("{} (fastest)", short_name(&s.name)), palette::GREY_1),
                (Who::Peer, true) => (short_name(&s.name), palette::GREY_1),
            };
            let label = format!("{name} {}", score_text(rule, p.value));
            Some((i, label, Font(LABEL_SIZE, true, color, Align::Start, Baseline::Middle)))
        })
        .collect();
    let widest_end =
        end_labels.iter().map(|(_, l, _)| measure.width(l, LABEL_SIZE, true)).fold(0.0, f64::max);
    let end_room = (widest_end + 16.0).clamp(40.0, frame.inner_width() * 0.4);
    let unit = if rule == Rule::Staged { "%" } else { "" };
    let (y_scale, plot) =
        y_axis(&mut marks, measure, (lo, hi), band, PAD, frame.width - PAD - end_room, &|v, d| {
            format!("{}{unit}", number(v, d))
        });
    let first_year = all_rounds.first().map_or(0, |r| r.year);
    let last_year = all_rounds.last().map_or(0, |r| r.year);
    let inset = 24.0_f64.min(plot.w / 4.0);
    let x_scale = if first_year == last_year {
        Linear::new(
            (f64::from(first_year) - 1.0, f64::from(first_year) + 1.0),
            (plot.x + inset, plot.x + plot.w - inset),
        )
    } else {
        Linear::new((f64::from(first_year), f64::from(last_year)), (plot.x + inset, plot.x + plot.w - inset))
    };
    let at = |p: &Point| (x_scale.map(f64::from(p.round.year)), y_scale.map(p.value.clamp(lo, hi)));

    // The x axis: one labelled tick per round.
    marks.push(Mark::Line {
        x1: plot.x,
        y1: plot.y + plot.h,
        x2: plot.x + plot.w,
        y2: plot.y + plot.h,
        stroke: Stroke::solid(palette::GREY_1, 1.0),
    });
    for r in &all_rounds {
        let x = x_scale.map(f64::from(r.year));
        marks.push(Mark::Line {
            x1: x,
            y1: plot.y + plot.h,
            x2: x,
            y2: plot.y + plot.h + 5.0,
            stroke: Stroke::solid(palette::GREY_1, 1.0),
        });
        marks.push(text(x, plot.y + plot.h + 8.0, &r.label, Font::LABEL.align(Align::Middle, Baseline::Top)));
    }

    // Peers first, then the exemplars' median, then the focus organisation on top.
    let mut draw_order: Vec<&Series> = [Who::Peer, Who::ExemplarMedian, Who::Focus]
        .iter()
        .flat_map(|w| series.iter().filter(move |s| s.who == *w))
        .collect();
    // The fastest peer over the other peers.
    draw_order.sort_by_key(|s| match s.who {
        Who::Peer => usize::from(fastest.as_deref() == Some(s.code.as_str())),
        Who::ExemplarMedian => 2,
        Who::Focus => 3,
    });
    for s in &draw_order {
        let (stroke, shape, size) = match s.who {
            Who::Focus => (FOCUS_STROKE, Shape::Circle, 11.0),
            // The fastest peer is labelled at its end; a darker, heavier line leads the eye there.
            Who::Peer if fastest.as_deref() == Some(s.code.as_str()) => {
                (Stroke::solid(palette::GREY_1, 2.5), Shape::Circle, 7.0)
            }
            Who::Peer => (PEER_STROKE, Shape::Circle, 6.0),
            Who::ExemplarMedian => (EXEMPLAR_STROKE, Shape::Diamond, 8.0),
        };
        if s.points.len() > 1 {
            marks.push(Mark::Path { points: s.points.iter().map(&at).collect(), stroke });
        }
        for p in &s.points {
            let (x, y) = at(p);
            let (fill, outline) = if p.changed {
                (palette::WHITE, Stroke::solid(stroke.color, if s.who == Who::Peer { 1.5 } else { 2.5 }))
            } else {
                (stroke.color, Stroke::solid(palette::WHITE, 1.0))
            };
            marks.push(Mark::Marker { x, y, size, shape, fill, stroke: Some(outline) });
        }
    }

    // End labels beside each line's last point, pushed apart where they would overlap and kept
    // inside the plot's height.
    let mut ends: Vec<(f64, &String, Font)> = end_labels
        .iter()
        .filter_map(|(i, l, f)| series[*i].points.last().map(|p| (at(p).1, l, *f)))
        .collect();
    ends.sort_by(|a, b| a.0.total_cmp(&b.0));
    let gap = LABEL_SIZE + 2.0;
    for k in 1..ends.len() {
        if ends[k].0 < ends[k - 1].0 + gap {
            ends[k].0 = ends[k - 1].0 + gap;
        }
    }
    let overflow = ends.last().map_or(0.0, |e| e.0 - (plot.y + plot.h - gap / 2.0)).max(0.0);
    for e in &mut ends {
        e.0 -= overflow;
    }
    let end_x = x_scale.map(f64::from(last_year.max(first_year))) + 10.0;
    for (y, label, font) in &ends {
        let room = frame.width - PAD - end_x;
        marks.push(text(end_x, *y, &truncate(measure, label, LABEL_SIZE, true, room), *font));
    }

    // Items: one per distinct point; organisations sharing a point share its item.
    let anchors: Vec<Vec<(f64, f64)>> = series.iter().map(|s| s.points.iter().map(&at).collect()).collect();
    let items = point_items(&series, &anchors, ranking.as_ref(), &what, rule, exemplar_n);

    // Words and table.
    let mut description = format!(
        "Line chart of {what} ({}) in the {}, by round, for {who_full}, {n_peers} peers and the median of {exemplar_n} Global Digital Exemplars. {title}.",
        score_meaning(rule, [lo, hi], fw.level_label()),
        fw.def().title
    );
    for s in series.iter().filter(|s| s.who != Who::Peer) {
        let pts: Vec<String> =
            s.points.iter().map(|p| format!("{} in {}", score_text(rule, p.value), p.round.label)).collect();
        description.push_str(&format!(
            " {}: {}.",
            if s.who == Who::Focus { &who_full } else { &s.name },
            pts.join(", ")
        ));
    }
    if let Some(p) = &ranking
        && let Some(sentence) = fastest_sentence(p, input.names, rule)
    {
        description.push(' ');
        description.push_str(&sentence);
    }
    if any_changed {
        description.push_str(" The question set changed between rounds where a point is hollow, so those changes are not like for like.");
    }
    description.push(' ');
    description.push_str(&labels_sentence(&labels));
    if is_illustrative(&labels) {
        description.push_str(" Do not read these as evidence about any trust.");
    }
    let table = table(&series, ranking.as_ref(), &what);

    Scene {
        width: frame.width,
        height: frame.height,
        marks,
        items,
        plot,
        title,
        subtitle,
        description,
        table,
        warnings,
    }
}

/// What a change per year is counted in, after the number.
fn per_year_unit(rule: Rule) -> &'static str {
    match rule {
        Rule::Cumulative => " levels",
        Rule::Mean => " points",
        Rule::Staged => " percentage points",
    }
}

impl crate::chart::view::Drawn for crate::maturity::views::TrajectoryModel {
    fn scene(&self, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
        scene(self, view, measure)
    }
}
