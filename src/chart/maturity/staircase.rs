//! The maturity staircase: one row per domain, the level reached as filled steps on the
//! framework's own scale, the next level outlined, the peer median as a tick, and the next step
//! in words from the next-level checklist ("Level 3: 2 of 5 elements not met").
//!
//! - `cumulative` frameworks (What Good Looks Like, levels 1 to 5): one block per level; a level
//!   is filled only when every element of it and of the levels below is met.
//! - `staged` frameworks (EMRAM-style, stages 0 to 7): one row per stage, its bar as long as the
//!   stage, so the rows climb like stairs; a stage counts only when every lower stage does, so a
//!   stage whose criteria are all met above a gap is drawn pale ("met, not yet counted").
//! - `mean` frameworks (the 2015/16 DMA, 0 to 100): a bar to the domain score, with the largest
//!   gain from one question's top answer outlined after it.

use super::{FOCUS_COLOR, Names, badges, empty_scene, is_illustrative, labels_sentence, name_of, score_text};
use crate::chart::format::number;
use crate::chart::format::short_name;
use crate::chart::layout::{
    Font, Frame, LABEL_SIZE, LegendEntry, PAD, SOURCE_SIZE, Symbol, ViewOptions, text,
};
use crate::chart::scale::Linear;
use crate::chart::scene::{
    Align, Baseline, Bounds, Color, Highlight, Item, Mark, Scene, Stroke, Table, palette,
};
use crate::chart::text::{TextMeasure, truncate, wrap};
use crate::maturity::compare::{Gap, ItemStatus};
use crate::maturity::scoring::{DomainResult, ScoreSource};
use crate::maturity::{Checklist, Distribution, Framework, MaturityComparison, Rule, ScoredAssessment, Tier};

/// What the staircase draws: one scored assessment, its next-level checklist (from
/// [`crate::maturity::next_level_checklist`]) and its comparison with peers (for the peer
/// medians), all for the same organisation and round.
#[derive(Debug, Clone, Copy)]
pub struct StaircaseInput<'a> {
    pub framework: &'a Framework,
    pub scored: &'a ScoredAssessment,
    pub checklist: &'a Checklist,
    pub comparison: &'a MaturityComparison,
    pub names: &'a Names,
}

const REACHED: Color = FOCUS_COLOR;
/// Met but not counted (a staged framework's stage above a gap): pale, with an outline.
const MET_NOT_COUNTED: Color = Color::hex(0xc4d9f0);
const NOT_REACHED: Color = palette::GREY_5;
const NEXT_STROKE: Stroke = Stroke::dashed(FOCUS_COLOR, 2.0, 4.0, 3.0);
const PEER_TICK: Stroke = Stroke::solid(palette::BLACK, 2.5);

/// A line of the staircase: a pillar heading or a domain (flat index).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Line {
    Pillar(usize),
    Domain(usize),
}

/// Where one domain stands, in the words and numbers the row shows.
struct RowFacts {
    /// The bar's length on the x scale (level, stage or score); `None` without a result.
    reached: Option<f64>,
    /// The text inside the bar's end ("3", "≥2", "64").
    value_text: String,
    /// The next level's extent on the x scale, outlined.
    next: Option<(f64, f64)>,
    /// Staged only: the stage's criteria are all met but a lower stage is not.
    met_not_counted: bool,
    next_step: String,
    /// Criteria still to meet for the next level, as their texts.
    to_meet: Vec<String>,
    peers: Option<Distribution>,
}

fn count(gap: &Gap, status: ItemStatus) -> usize {
    gap.items.iter().filter(|i| i.status == status).count()
}

fn cumulative_facts(dom: &DomainResult, gap: Option<&Gap>, label: &str, max: u32) -> RowFacts {
    let mut f = RowFacts {
        reached: dom.level.map(f64::from),
        value_text: dom.level.map_or(String::new(), |l| {
            if dom.level_is_lower_bound { format!("≥{l}") } else { l.to_string() }
        }),
        next: None,
        met_not_counted: false,
        next_step: String::new(),
        to_meet: Vec::new(),
        peers: None,
    };
    match (dom.level, gap) {
        (None, _) => f.next_step = "No result: no elements answered".into(),
        (Some(l), _) if l >= max => f.next_step = format!("Top {} reached", label.to_lowercase()),
        (Some(l), None) => f.next_step = format!("{label} {}: no checklist", l + 1),
        (Some(l), Some(g)) => {
            let t = g.target_level.unwrap_or(l + 1);
            f.next = Some((f64::from(t) - 1.0, f64::from(t)));
            let (not_met, not_answered, n) =
                (count(g, ItemStatus::NotMet), count(g, ItemStatus::NotAnswered), g.items.len());
            f.next_step = if g.note.is_some() || count(g, ItemStatus::Unknown) > 0 {
                format!("{label} {t}: elements not known (domain score)")
            } else if not_met > 0 && not_answered > 0 {
                format!("{label} {t}: {not_met} of {n} elements not met, {not_answered} not answered")
            } else if n == 1 {
                format!("{label} {t}: its element {}", if not_met > 0 { "not met" } else { "not answered" })
            } else if not_met > 0 {
                format!("{label} {t}: {not_met} of {n} elements not met")
            } else {
                format!("{label} {t}: {not_answered} of {n} elements not answered")
            };
            f.to_meet =
                g.items.iter().filter(|i| i.status != ItemStatus::Met).map(|i| i.text.clone()).collect();
        }
    }
    f
}

fn staged_facts(s: &ScoredAssessment, d: usize, gap: Option<&Gap>, label: &str) -> RowFacts {
    let dom = &s.domains[d];
    let stage = dom.stage.unwrap_or(0);
    let current = s.overall.level.unwrap_or(0);
    let mine: Vec<_> = s.criteria.iter().filter(|c| c.asked && c.domain == dom.id).collect();
    let met = mine.iter().filter(|c| c.met == Some(true)).count();
    let not_met = mine.iter().filter(|c| c.met == Some(false)).count();
    let not_answered = mine.len() - met - not_met;
    let mut f = RowFacts {
        reached: None,
        value_text: stage.to_string(),
        next: None,
        met_not_counted: false,
        next_step: String::new(),
        to_meet: Vec::new(),
        peers: None,
    };
    let n = mine.len();
    if stage <= current {
        f.reached = Some(f64::from(stage));
        f.next_step = format!("{label} {stage} reached");
    } else if dom.achieved == Some(true) {
        f.met_not_counted = true;
        f.reached = Some(f64::from(stage));
        f.next_step = format!("Met; counts once {} {} is", label.to_lowercase(), current + 1);
    } else {
        if stage == current + 1 {
            f.next = Some((0.0, f64::from(stage)));
            if let Some(g) = gap {
                f.to_meet =
                    g.items.iter().filter(|i| i.status != ItemStatus::Met).map(|i| i.text.clone()).collect();
            }
        }
        let prefix = if stage == current + 1 { "Next: " } else { "" };
        f.next_step = match (dom.source, not_met, not_answered) {
            (ScoreSource::DomainScore, ..) => {
                format!("{prefix}{}% of criteria met (domain score)", number(dom.score.unwrap_or(0.0), 0))
            }
            (_, 0, na) => format!("{prefix}{na} of {n} criteria not answered"),
            (_, nm, 0) => format!("{prefix}{nm} of {n} criteria not met"),
            (_, nm, na) => format!("{prefix}{nm} of {n} criteria not met, {na} not answered"),
        };
    }
    f
}

fn mean_facts(dom: &DomainResult, gap: Option<&Gap>, range: (f64, f64)) -> RowFacts {
    let mut f = RowFacts {
        reached: dom.score,
        value_text: dom.score.map_or(String::new(), |v| number(v, 0)),
        next: None,
        met_not_counted: false,
        next_step: String::new(),
        to_meet: Vec::new(),
        peers: None,
    };
    match (dom.score, gap.and_then(|g| g.items.first().map(|i| (g, i)))) {
        (None, _) => f.next_step = "No result: no questions answered".into(),
        (Some(v), None) if v >= range.1 => f.next_step = "Top answer on every question".into(),
        (Some(_), None) => f.next_step = "Scored from a domain score: questions not known".into(),
        (Some(v), Some((g, first))) => {
            match first.points_available {
                Some(p) => {
                    f.next = Some((v, (v + p).min(range.1)));
                    f.next_step = format!("+{} points: {}", number(p, 0), first.text);
                }
                None => f.next_step = format!("{} questions not answered", count(g, ItemStatus::NotAnswered)),
            }
            f.to_meet = g.items.iter().map(|i| i.text.clone()).collect();
        }
    }
    f
}

/// The chart's message.
fn message_title(fw: &Framework, s: &ScoredAssessment, checklist: &Checklist, who: &str) -> String {
    let label = fw.level_label().to_lowercase();
    match fw.rule() {
        Rule::Cumulative => {
            let levels: Vec<u32> = s.domains.iter().filter_map(|d| d.level).collect();
            let one_away = checklist
                .gaps
                .iter()
                .filter(|g| g.remaining == 1 && g.note.is_none() && g.current_level.is_some())
                .count();
            let mut sorted = levels.clone();
            sorted.sort_unstable();
            let Some(&typical) = sorted.get(sorted.len() / 2) else {
                return format!("{who}: no domain has a result");
            };
            let at_or_above = levels.iter().filter(|&&l| l >= typical).count();
            let mut t = format!(
                "{who} reaches {label} {typical} or above in {at_or_above} of {} domains",
                s.domains.len()
            );
            match one_away {
                0 => {}
                1 => t.push_str("; 1 is one element from its next level"),
                k => t.push_str(&format!("; {k} are one element from their next level")),
            }
            t
        }
        Rule::Staged => {
            let current = s.overall.level.unwrap_or(0);
            let max = fw.def().levels.as_ref().map_or(current, |l| l.max);
            match checklist.gaps.first() {
                _ if current >= max => format!("{who} is at {label} {current}, the top {label}"),
                Some(g) => format!(
                    "{who} is at {label} {current} of {max}; {label} {} needs {} more {}",
                    current + 1,
                    g.remaining,
                    if g.remaining == 1 { "criterion" } else { "criteria" }
                ),
                None => format!("{who} is at {label} {current} of {max}"),
            }
        }
        Rule::Mean => {
            let lowest =
                s.domains.iter().filter_map(|d| d.score.map(|v| (d, v))).min_by(|a, b| a.1.total_cmp(&b.1));
            match (s.overall.score, lowest) {
                (Some(o), Some((d, v))) => format!(
                    "{who} scores {} overall; {} is its lowest domain at {}",
                    number(o, 0),
                    d.title,
                    number(v, 0)
                ),
                _ => format!("{who}: no domain has a result"),
            }
        }
    }
}

/// How the rows are laid out across: where the steps run, the scale on them, and the next-step
/// column.
struct Across {
    rule: Rule,
    scale: Linear,
    x0: f64,
    x1: f64,
    next_w: f64,
    next_lines: usize,
    max_level: u32,
    /// What a level is called ("Level", "Stage").
    label: String,
}

/// The subtitle's sentence on how to read the chart.
fn how_to_read(rule: Rule, label: &str, peers_n: usize, (lo, hi): (f64, f64)) -> String {
    let l = label.to_lowercase();
    match rule {
        Rule::Cumulative => format!(
            "Each row is a domain: filled blocks are the {l} reached (a {l} counts only when all its elements, \
             and those of every {l} below, are met), the dashed block is the next {l}, and the black tick is \
             the median of {peers_n} peers."
        ),
        Rule::Staged => format!(
            "Each row is a {l}, as long as the {l}: a {l} counts only when it and every lower {l} are \
             complete; the dashed row is the next {l}, and the black line is the median {l} of {peers_n} peers."
        ),
        Rule::Mean => format!(
            "Bars are domain scores ({} to {}); the dashed extension is the largest gain from one question's \
             top answer, and the black tick is the median of {peers_n} peers.",
            number(lo, 0),
            number(hi, 0)
        ),
    }
}

/// Why the three inputs do not describe one assessment scored against this framework, if they
/// do not. Matching sizes also keep every domain and pillar index used later in range.
fn mismatch(fw: &Framework, s: &ScoredAssessment, checklist: &Checklist) -> Option<String> {
    if s.framework != fw.id()
        || s.domains.len() != fw.domains().len()
        || s.pillars.len() != fw.def().pillars.len()
    {
        Some(format!("The assessment was scored against '{}', not '{}'.", s.framework, fw.id()))
    } else if checklist.org_code != s.org_code || checklist.round != s.round.label {
        Some(format!(
            "The checklist is for {} {}, not {} {}.",
            checklist.org_code, checklist.round, s.org_code, s.round.label
        ))
    } else {
        None
    }
}

/// One row's steps between `by` and `by + bh`: the track, what is reached, the next level
/// dashed, the peer tick and the value. Returns the x where the reached bar ends.
fn draw_steps(
    marks: &mut Vec<Mark>,
    a: &Across,
    measure: &dyn TextMeasure,
    dom: &DomainResult,
    f: &RowFacts,
    (by, bh): (f64, f64),
) -> f64 {
    let (scale, x0, x1, rule) = (&a.scale, a.x0, a.x1, a.rule);
    let cy = by + bh / 2.0;
    let block = |p: f64, q: f64| (scale.map(p) + 1.0, (scale.map(q) - scale.map(p) - 2.0).max(1.0));

    // The track: every level (or the whole score range) not reached.
    if rule == Rule::Mean {
        marks.push(Mark::Rect { x: x0, y: by, w: x1 - x0, h: bh, fill: Some(NOT_REACHED), stroke: None });
    } else {
        let last = if rule == Rule::Staged { dom.stage.unwrap_or(a.max_level) } else { a.max_level };
        for l in 1..=last {
            let (bx, bw) = block(f64::from(l) - 1.0, f64::from(l));
            let stroke = Some(Stroke::solid(palette::GREY_3, 1.0));
            marks.push(Mark::Rect { x: bx, y: by, w: bw, h: bh, fill: Some(NOT_REACHED), stroke });
        }
    }
    // What is reached.
    if let Some(v) = f.reached {
        let fill = if f.met_not_counted { MET_NOT_COUNTED } else { REACHED };
        let stroke = f.met_not_counted.then_some(Stroke::solid(FOCUS_COLOR, 1.0));
        if rule == Rule::Mean {
            marks.push(Mark::Rect { x: x0, y: by, w: scale.map(v) - x0, h: bh, fill: Some(fill), stroke });
        } else {
            for l in 1..=(v.round() as u32) {
                let (bx, bw) = block(f64::from(l) - 1.0, f64::from(l));
                marks.push(Mark::Rect { x: bx, y: by, w: bw, h: bh, fill: Some(fill), stroke });
            }
        }
    }
    // The next level, dashed.
    if let Some((p, q)) = f.next {
        let (bx, bw) =
            if rule == Rule::Mean { (scale.map(p), scale.map(q) - scale.map(p)) } else { block(p, q) };
        for (u, v) in [
            ((bx, by), (bx + bw, by)),
            ((bx + bw, by), (bx + bw, by + bh)),
            ((bx + bw, by + bh), (bx, by + bh)),
            ((bx, by + bh), (bx, by)),
        ] {
            marks.push(Mark::Line { x1: u.0, y1: u.1, x2: v.0, y2: v.1, stroke: NEXT_STROKE });
        }
    }
    // The peer median tick, with a white halo so it shows on the dark blocks.
    let tick = f.peers.map(|p| scale.map(p.median.clamp(scale.domain.0, scale.domain.1)));
    if let Some(px) = tick {
        for stroke in [Stroke::solid(palette::WHITE, 5.0), PEER_TICK] {
            marks.push(Mark::Line { x1: px, y1: by - 2.0, x2: px, y2: by + bh + 2.0, stroke });
        }
    }
    // The value at the bar's end, moved left of the peer tick when they would meet: white on
    // the dark fill (11.8:1), dark on the pale one or outside the bar.
    let end = f.reached.map_or(x0, |v| scale.map(v));
    if !f.value_text.is_empty() && f.reached.is_some() {
        let color = if f.met_not_counted { palette::TEXT } else { palette::WHITE };
        let w = measure.width(&f.value_text, SOURCE_SIZE, true);
        let mut right = end - 4.0;
        if let Some(px) = tick
            && px >= right - w - 4.0
            && px <= right + 4.0
        {
            right = px - 5.0;
        }
        if right - w >= x0 + 2.0 {
            let font = Font(SOURCE_SIZE, true, color, Align::End, Baseline::Middle);
            marks.push(text(right, cy, &f.value_text, font));
        } else {
            let left = match tick {
                Some(px) if px >= end && px <= end + w + 6.0 => px + 5.0,
                _ => end + 3.0,
            };
            let font = Font(SOURCE_SIZE, true, palette::TEXT, Align::Start, Baseline::Middle);
            marks.push(text(left, cy, &f.value_text, font));
        }
    }
    end
}

/// The next step in words, right of the steps, centred on `cy`.
fn draw_next_step(marks: &mut Vec<Mark>, a: &Across, measure: &dyn TextMeasure, next_step: &str, cy: f64) {
    let font = Font(SOURCE_SIZE, false, palette::TEXT, Align::Start, Baseline::Middle);
    let mut words = wrap(measure, next_step, SOURCE_SIZE, false, a.next_w);
    if words.len() > a.next_lines {
        let rest = words[a.next_lines - 1..].join(" ");
        words.truncate(a.next_lines - 1);
        words.push(rest);
    }
    let lh = SOURCE_SIZE * 1.2;
    for (k, w) in words.iter().enumerate() {
        let ty = cy + (k as f64 - (words.len() as f64 - 1.0) / 2.0) * lh;
        marks.push(text(a.x1 + 10.0, ty, &truncate(measure, w, SOURCE_SIZE, false, a.next_w), font));
    }
}

/// A row's words: what it reached, its tooltip and its spoken summary.
fn row_words(
    a: &Across,
    hi: f64,
    pillar: &str,
    dom: &DomainResult,
    f: &RowFacts,
) -> (String, Vec<(String, String)>, String) {
    let (rule, label) = (a.rule, &a.label);
    let reached = match (rule, f.reached) {
        (_, None) => "no result".to_string(),
        (Rule::Mean, Some(v)) => format!("{} of {}", number(v, 0), number(hi, 0)),
        (Rule::Cumulative, Some(_)) if dom.level_is_lower_bound => format!(
            "at least {} (an element of the next {} is not answered)",
            f.value_text.trim_start_matches('≥'),
            label.to_lowercase()
        ),
        (Rule::Cumulative, Some(v)) => format!("{} of {}", number(v, 0), a.max_level),
        (Rule::Staged, Some(_)) if f.met_not_counted => "met, not yet counted".to_string(),
        (Rule::Staged, Some(_)) => "reached".to_string(),
    };
    let mut tooltip = vec![
        (if rule == Rule::Staged { label.clone() } else { "Domain".to_string() }, dom.title.clone()),
        ("Pillar".to_string(), pillar.to_string()),
        (if rule == Rule::Mean { "Score".to_string() } else { format!("{label} reached") }, reached.clone()),
        ("Next step".to_string(), f.next_step.clone()),
    ];
    if !f.to_meet.is_empty() {
        let shown: Vec<&str> = f.to_meet.iter().take(3).map(String::as_str).collect();
        let more = f.to_meet.len().saturating_sub(3);
        let mut t = shown.join("; ");
        if more > 0 {
            t.push_str(&format!("; and {more} more"));
        }
        tooltip.push(("Still to do".to_string(), t));
    }
    if let Some(p) = f.peers {
        let s = |v: f64| score_text(rule, v);
        tooltip.push((
            "Peer median".to_string(),
            format!("{} (interquartile range {} to {}), {} peers", s(p.median), s(p.q1), s(p.q3), p.n),
        ));
    }
    tooltip.push((
        "Answered".to_string(),
        match dom.source {
            ScoreSource::DomainScore => "a domain score given directly".to_string(),
            _ => format!("{} of {} criteria", dom.answered, dom.asked),
        },
    ));
    let mut summary = if rule == Rule::Staged {
        format!(
            "{}, {} {}: {reached}. {}.",
            dom.title,
            label.to_lowercase(),
            dom.stage.unwrap_or(0),
            f.next_step
        )
    } else {
        format!(
            "{}: {} {reached}. {}.",
            dom.title,
            if rule == Rule::Mean { "score" } else { "level" },
            f.next_step
        )
    };
    if let Some(p) = f.peers {
        summary.push_str(&format!(" Peer median {}.", score_text(rule, p.median)));
    }
    (reached, tooltip, summary)
}

fn table_columns(rule: Rule, label: &str) -> Vec<String> {
    vec![
        "Pillar".into(),
        if rule == Rule::Staged { label.to_string() } else { "Domain".into() },
        match rule {
            Rule::Mean => "Score".into(),
            Rule::Cumulative => format!("{label} reached (≥: lower bound)"),
            Rule::Staged => "Status".into(),
        },
        "Next step".into(),
        "Not met (next level)".into(),
        "Not answered (next level)".into(),
        "Peer median".into(),
    ]
}

/// Builds the staircase's scene.
/// The staircase of a model: the focus's levels by domain with the next step.
pub fn scene(
    model: &crate::maturity::views::StaircaseModel,
    view: &ViewOptions,
    measure: &dyn TextMeasure,
) -> Scene {
    let f = &model.focus;
    let input = StaircaseInput {
        framework: &f.data.frameworks[f.framework],
        scored: &f.scored()[model.assessment],
        checklist: &model.checklist,
        comparison: &model.comparison,
        names: &f.data.names,
    };
    staircase_scene(&input, view, measure)
}

pub fn staircase_scene(input: &StaircaseInput<'_>, opts: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
    let (fw, s, checklist) = (input.framework, input.scored, input.checklist);
    let rule = fw.rule();
    let who_full = name_of(input.names, &s.org_code);
    let who = short_name(&who_full);
    let label = fw.level_label().to_string();
    let (lo, hi) = fw.score_range();
    let peers_n = input.comparison.peers.members.len();
    let what = how_to_read(rule, &label, peers_n, (lo, hi));
    let subtitle = format!("{}, {}. {what} {}", fw.def().title, s.round.label, labels_sentence(&s.labels));
    let title = opts.title.clone().unwrap_or_else(|| message_title(fw, s, checklist, &who));
    if let Some(why) = mismatch(fw, s, checklist) {
        return empty_scene(opts, measure, &title, &subtitle, &s.labels, &why);
    }
    let mut warnings = Vec::new();
    let comparison_ok = input.comparison.org_code == s.org_code && input.comparison.round == s.round.label;
    if !comparison_ok {
        warnings.push(format!(
            "The peer comparison is for {} {}, not {} {}: peer medians are not shown.",
            input.comparison.org_code, input.comparison.round, s.org_code, s.round.label
        ));
    }

    // Rows in framework order, or stage order for a staged framework.
    let order: Vec<usize> =
        if rule == Rule::Staged { fw.stage_order().to_vec() } else { (0..s.domains.len()).collect() };
    let max_level = fw.def().levels.as_ref().map_or(0, |l| l.max);
    let facts: Vec<RowFacts> = order
        .iter()
        .map(|&d| {
            let dom = &s.domains[d];
            let gap = checklist.gaps.iter().find(|g| g.domain == dom.id);
            let mut f = match rule {
                Rule::Cumulative => cumulative_facts(dom, gap, &label, max_level),
                Rule::Staged => staged_facts(s, d, gap, &label),
                Rule::Mean => mean_facts(dom, gap, (lo, hi)),
            };
            if comparison_ok && rule != Rule::Staged {
                f.peers = input
                    .comparison
                    .rows
                    .iter()
                    .find(|r| r.tier == Tier::Domain && r.id == dom.id)
                    .and_then(|r| r.peers);
            }
            f
        })
        .collect();

    let mut frame = Frame::new(opts.width, opts.height, measure);
    frame.heading(&title, &subtitle);
    badges(&mut frame, &s.labels);
    let mut legend = vec![
        LegendEntry {
            symbol: Symbol::Swatch(REACHED),
            label: if rule == Rule::Mean { "Score".into() } else { format!("{label} reached") },
        },
        LegendEntry {
            symbol: Symbol::Line(NEXT_STROKE),
            label: if rule == Rule::Mean {
                "Largest gain from one question".into()
            } else {
                format!("Next {}", label.to_lowercase())
            },
        },
    ];
    if rule == Rule::Staged && facts.iter().any(|f| f.met_not_counted) {
        legend.push(LegendEntry {
            symbol: Symbol::Swatch(MET_NOT_COUNTED),
            label: "Met, not yet counted".into(),
        });
    }
    if comparison_ok && peers_n > 0 {
        legend.push(LegendEntry {
            symbol: Symbol::Line(PEER_TICK),
            label: format!("Peer median ({peers_n} peers)"),
        });
    }
    frame.legend(&legend);
    let (top, bottom) = frame.source_and_plot_band(&opts.source, 0.0);
    let inner = frame.inner_width();
    let mut marks = std::mem::take(&mut frame.marks);

    // Columns: domain names, the steps, the next step in words. On a narrow chart the name goes
    // above its row's steps instead, so neither is cut to a few letters.
    let multi = fw.def().pillars.len() > 1 && rule != Rule::Staged;
    let indent = if multi { 10.0 } else { 0.0 };
    let narrow = inner < 440.0;
    let (label_w, next_w) = if narrow {
        (0.0, inner * 0.55)
    } else {
        ((inner * 0.3).clamp(80.0, 230.0), (inner * 0.3).clamp(80.0, 250.0))
    };
    let x0 = if narrow { PAD + indent } else { PAD + label_w };
    let x1 = (frame.width - PAD - next_w - 10.0).max(x0 + 40.0);
    let scale = match rule {
        Rule::Mean => Linear::new((lo, hi), (x0, x1)),
        _ => Linear::new((0.0, f64::from(max_level)), (x0, x1)),
    };

    // Header: column titles, then the scale's numbers.
    let head = Font(LABEL_SIZE, true, palette::TEXT, Align::Start, Baseline::Top);
    let row_word = if rule == Rule::Staged { label.clone() } else { "Domain".to_string() };
    if !narrow {
        marks.push(text(PAD, top, &row_word, head));
    }
    let scale_title = match rule {
        Rule::Mean => format!("Score ({} to {})", number(lo, 0), number(hi, 0)),
        _ => format!("{label} ({} to {max_level})", fw.def().levels.as_ref().map_or(0, |l| l.min)),
    };
    marks.push(text(
        (x0 + x1) / 2.0,
        top,
        &truncate(measure, &scale_title, LABEL_SIZE, true, x1 - x0),
        head.align(Align::Middle, Baseline::Top),
    ));
    marks.push(text(x1 + 10.0, top, &truncate(measure, "Next step", LABEL_SIZE, true, next_w), head));
    let numbers_y = top + LABEL_SIZE * 1.5;
    let small = Font(SOURCE_SIZE, false, palette::SECONDARY_TEXT, Align::Middle, Baseline::Top);
    let ticks: Vec<(f64, String)> = match rule {
        Rule::Mean => scale.ticks(5).into_iter().map(|t| (scale.map(t), number(t, 0))).collect(),
        _ => (1..=max_level).map(|l| (scale.map(f64::from(l) - 0.5), l.to_string())).collect(),
    };
    for (x, t) in &ticks {
        marks.push(text(*x, numbers_y, t, small));
    }
    let rows_top = numbers_y + SOURCE_SIZE * 1.5;

    // Pillar headings when there is more than one pillar and room for them.
    let mut lines: Vec<Line> = Vec::new();
    for &d in &order {
        let p = fw.domains()[d].pillar;
        if multi && !lines.contains(&Line::Pillar(p)) {
            lines.push(Line::Pillar(p));
        }
        lines.push(Line::Domain(d));
    }
    // Row heights: a narrow chart's rows hold two lines (name, then steps); pillar headings take
    // one line, and are dropped when even the domain rows are short of room.
    let avail = bottom - rows_top;
    let (max_h, min_h) = if narrow { (44.0, 28.0) } else { (30.0, 14.0) };
    let n_dom = order.len().max(1) as f64;
    let head_h = |row_h: f64| if narrow { 20.0_f64.min(row_h) } else { row_h };
    let fit = |heads: f64| {
        if narrow {
            ((avail - heads * 20.0) / n_dom).min(max_h)
        } else {
            (avail / (n_dom + heads)).min(max_h)
        }
    };
    let heads = lines.iter().filter(|l| matches!(l, Line::Pillar(_))).count() as f64;
    if heads > 0.0 && fit(heads) < min_h {
        lines.retain(|l| matches!(l, Line::Domain(_)));
    }
    let heads = lines.iter().filter(|l| matches!(l, Line::Pillar(_))).count() as f64;
    let row_h = fit(heads);
    if row_h < min_h {
        warnings.push(format!(
            "The chart is too short to show {} rows legibly: make it at least {:.0} pixels tall.",
            order.len(),
            opts.height + (min_h - row_h) * n_dom
        ));
    }
    let plot = Bounds { x: PAD, y: rows_top, w: inner, h: n_dom * row_h + heads * head_h(row_h) };

    // Grid: the mean scale's ticks down the rows.
    if rule == Rule::Mean {
        for (x, _) in &ticks {
            let stroke = Stroke::solid(palette::GREY_4, 1.0);
            marks.push(Mark::Line { x1: *x, y1: rows_top, x2: *x, y2: plot.y + plot.h, stroke });
        }
    }

    let across = Across {
        rule,
        scale,
        x0,
        x1,
        next_w,
        next_lines: if !narrow && row_h >= 2.0 * SOURCE_SIZE * 1.2 + 2.0 { 2 } else { 1 },
        max_level,
        label: label.clone(),
    };
    let mut items = Vec::with_capacity(order.len());
    let mut table_rows = Vec::with_capacity(order.len());
    let mut sentences = Vec::with_capacity(order.len());
    let mut fact_iter = facts.iter();
    let mut next_y = rows_top;
    for line in &lines {
        let y = next_y;
        let d = match *line {
            Line::Pillar(p) => {
                let h = head_h(row_h);
                next_y += h;
                let pillar = &s.pillars[p];
                let score = pillar.score.map_or(String::new(), |v| format!(" · {}", score_text(rule, v)));
                let t = format!("{}{score}", pillar.title);
                let font = Font(LABEL_SIZE, true, palette::SECONDARY_TEXT, Align::Start, Baseline::Middle);
                marks.push(text(PAD, y + h / 2.0, &truncate(measure, &t, LABEL_SIZE, true, inner), font));
                let stroke = Stroke::solid(palette::GREY_4, 1.0);
                marks.push(Mark::Line { x1: PAD, y1: y + h - 1.0, x2: PAD + inner, y2: y + h - 1.0, stroke });
                continue;
            }
            Line::Domain(d) => d,
        };
        next_y += row_h;
        // Invariant: `facts` holds one entry per domain line, in the same order.
        let Some(f) = fact_iter.next() else { break };
        let dom = &s.domains[d];
        let (label_y, by, bh) = if narrow {
            (y + row_h * 0.27, y + row_h * 0.5, row_h * 0.42)
        } else {
            (y + row_h / 2.0, y + row_h * 0.18, row_h * 0.64)
        };
        let label_room = if narrow { inner - indent } else { label_w - indent - 8.0 };
        marks.push(text(
            PAD + indent,
            label_y,
            &truncate(measure, &dom.title, LABEL_SIZE, false, label_room),
            Font::LABEL.color(palette::TEXT),
        ));
        let cy = by + bh / 2.0;
        let end = draw_steps(&mut marks, &across, measure, dom, f, (by, bh));
        draw_next_step(&mut marks, &across, measure, &f.next_step, cy);

        // The item: the whole row, hanging from the end of the bar.
        let pillar_title = &fw.pillar(fw.domains()[d].pillar).title;
        let (reached, tooltip, summary) = row_words(&across, hi, pillar_title, dom, f);
        items.push(Item {
            key: dom.id.clone(),
            label: dom.title.clone(),
            hit: Bounds { x: PAD, y, w: inner, h: row_h },
            anchor: ((end - 3.0).max(x0 + 2.0), cy),
            tooltip,
            summary: summary.clone(),
            highlight: Highlight::Outline(Bounds {
                x: PAD - 2.0,
                y: y + 1.0,
                w: inner + 4.0,
                h: row_h - 2.0,
            }),
        });
        sentences.push(summary);
        let fmt = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.2}"));
        let gap = checklist.gaps.iter().find(|g| g.domain == dom.id);
        table_rows.push(vec![
            pillar_title.clone(),
            dom.title.clone(),
            match rule {
                Rule::Mean => fmt(dom.score),
                Rule::Cumulative => f.value_text.clone(),
                Rule::Staged => reached,
            },
            f.next_step.clone(),
            gap.map_or(0, |g| count(g, ItemStatus::NotMet)).to_string(),
            gap.map_or(0, |g| count(g, ItemStatus::NotAnswered)).to_string(),
            fmt(f.peers.map(|p| p.median)),
        ]);
    }

    // A staged framework's peer median is one stage for the whole organisation: a line down the rows.
    if rule == Rule::Staged
        && comparison_ok
        && let Some(p) = input.comparison.peers.overall_level
    {
        let px = across.scale.map(p.median);
        for stroke in [Stroke::solid(palette::WHITE, 5.0), PEER_TICK] {
            marks.push(Mark::Line { x1: px, y1: rows_top, x2: px, y2: plot.y + plot.h, stroke });
        }
        sentences.push(format!(
            "The peers' median {} is {} ({} peers).",
            label.to_lowercase(),
            number(p.median, 1),
            p.n
        ));
    }

    let missing = s.missing.len();
    if missing > 0 {
        warnings.push(format!(
            "{missing} answers are missing: a level that depends on one is a lower bound (shown as ≥)."
        ));
    }
    let mut description = format!(
        "Staircase of {who_full}'s {} results by {}, {}. {title}. ",
        fw.def().title,
        if rule == Rule::Staged { label.to_lowercase() } else { "domain".to_string() },
        s.round.label
    );
    description.push_str(&sentences.join(" "));
    description.push(' ');
    description.push_str(&labels_sentence(&s.labels));
    if is_illustrative(&s.labels) {
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
        table: Table { columns: table_columns(rule, &label), rows: table_rows },
        warnings,
    }
}

impl crate::chart::view::Drawn for crate::maturity::views::StaircaseModel {
    fn scene(&self, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
        scene(self, view, measure)
    }
}
