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
//!
//! Where each domain stands and its next step come from the model
//! ([`crate::maturity::views::staircase`]); this module words and draws them.

use super::{FOCUS_COLOR, badges, empty_scene, is_illustrative, labels_sentence, score_text};
use crate::chart::format::{number, short_name};
use crate::chart::layout::{
    Font, Frame, LABEL_SIZE, LegendEntry, PAD, SOURCE_SIZE, Symbol, ViewOptions, text,
};
use crate::chart::marks::{haloed_rule_v, outline, rect, rule_h, rule_v};
use crate::chart::scale::Linear;
use crate::chart::scene::{
    Align, Baseline, Bounds, Color, Highlight, Item, Mark, Scene, Stroke, Table, palette,
};
use crate::chart::text::{TextMeasure, truncate, wrap};
use crate::chart::view::Drawn;
use crate::maturity::scoring::{DomainResult, ScoreSource};
use crate::maturity::views::{NextStep, StairHeadline, StairRow, StaircaseModel};
use crate::maturity::{Rule, ScoredAssessment};

const REACHED: Color = FOCUS_COLOR;
/// Met but not counted (a staged framework's stage above a gap): pale, with an outline.
const MET_NOT_COUNTED: Color = Color::hex(0xc4d9f0);
const NOT_REACHED: Color = palette::GREY_5;
const NEXT_STROKE: Stroke = Stroke::dashed(FOCUS_COLOR, 2.0, 4.0, 3.0);
const PEER_TICK: Stroke = Stroke::solid(palette::BLACK, 2.5);

/// A line of the staircase: a pillar heading, or the model's `k`-th row.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Line {
    Pillar(usize),
    Row(usize),
}

/// The framework's terms: its rule, what a level is called ("Level", "Stage"), its top level
/// and its score range.
struct Terms {
    rule: Rule,
    label: String,
    min_level: u32,
    max_level: u32,
    range: (f64, f64),
}

impl Terms {
    fn of(m: &StaircaseModel) -> Self {
        let fw = m.focus.framework();
        let (min_level, max_level) = fw.def().levels.as_ref().map_or((0, 0), |l| (l.min, l.max));
        let label = fw.level_label().to_string();
        Self { rule: fw.rule(), label, min_level, max_level, range: fw.score_range() }
    }

    fn lower(&self) -> String {
        self.label.to_lowercase()
    }

    /// A domain's next step in words.
    fn next_step(&self, step: &NextStep) -> String {
        let (label, l) = (&self.label, self.lower());
        let prefix = |next: bool| if next { "Next: " } else { "" };
        match (step, self.rule) {
            (NextStep::NoResult, Rule::Mean) => "No result: no questions answered".into(),
            (NextStep::NoResult, _) => "No result: no elements answered".into(),
            (NextStep::Top, Rule::Mean) => "Top answer on every question".into(),
            (NextStep::Top, _) => format!("Top {l} reached"),
            (NextStep::NoChecklist { level }, _) => format!("{label} {level}: no checklist"),
            (NextStep::Elements { level, not_met, not_answered, of, known }, _) => {
                elements(label, *level, (*not_met, *not_answered, *of), *known)
            }
            (NextStep::StageReached { stage }, _) => format!("{label} {stage} reached"),
            (NextStep::MetNotCounted { counts_at }, _) => format!("Met; counts once {l} {counts_at} is"),
            (NextStep::StageScore { next, score }, _) => {
                format!("{}{}% of criteria met (domain score)", prefix(*next), number(*score, 0))
            }
            (NextStep::StageCriteria { next, not_met, not_answered, of }, _) => {
                let p = prefix(*next);
                match (not_met, not_answered) {
                    (0, na) => format!("{p}{na} of {of} criteria not answered"),
                    (nm, 0) => format!("{p}{nm} of {of} criteria not met"),
                    (nm, na) => format!("{p}{nm} of {of} criteria not met, {na} not answered"),
                }
            }
            (NextStep::DomainScoreOnly, _) => "Scored from a domain score: questions not known".into(),
            (NextStep::Gain { points, question }, _) => format!("+{} points: {question}", number(*points, 0)),
            (NextStep::QuestionsNotAnswered { questions }, _) => {
                format!("{questions} questions not answered")
            }
        }
    }

    /// The text inside the bar's end ("3", "≥2", "64").
    fn value_text(&self, dom: &DomainResult) -> String {
        match self.rule {
            Rule::Cumulative => dom.level.map_or(String::new(), |l| {
                if dom.level_is_lower_bound { format!("≥{l}") } else { l.to_string() }
            }),
            Rule::Staged => dom.stage.unwrap_or(0).to_string(),
            Rule::Mean => dom.score.map_or(String::new(), |v| number(v, 0)),
        }
    }
}

/// A cumulative framework's next level in words: which of its elements are not met or answered.
fn elements(label: &str, t: u32, (not_met, not_answered, n): (usize, usize, usize), known: bool) -> String {
    if !known {
        format!("{label} {t}: elements not known (domain score)")
    } else if not_met > 0 && not_answered > 0 {
        format!("{label} {t}: {not_met} of {n} elements not met, {not_answered} not answered")
    } else if n == 1 {
        format!("{label} {t}: its element {}", if not_met > 0 { "not met" } else { "not answered" })
    } else if not_met > 0 {
        format!("{label} {t}: {not_met} of {n} elements not met")
    } else {
        format!("{label} {t}: {not_answered} of {n} elements not answered")
    }
}

/// The chart's message.
fn message_title(m: &StaircaseModel, t: &Terms, who: &str) -> String {
    let label = t.lower();
    match m.headline {
        StairHeadline::NoResult => format!("{who}: no domain has a result"),
        StairHeadline::Levels { typical, at_or_above, domains, one_away } => {
            let mut title =
                format!("{who} reaches {label} {typical} or above in {at_or_above} of {domains} domains");
            match one_away {
                0 => {}
                1 => title.push_str("; 1 is one element from its next level"),
                k => title.push_str(&format!("; {k} are one element from their next level")),
            }
            title
        }
        StairHeadline::Stage { current, max, .. } if current >= max => {
            format!("{who} is at {label} {current}, the top {label}")
        }
        StairHeadline::Stage { current, max, next_needs: Some(r) } => format!(
            "{who} is at {label} {current} of {max}; {label} {} needs {r} more {}",
            current + 1,
            if r == 1 { "criterion" } else { "criteria" }
        ),
        StairHeadline::Stage { current, max, next_needs: None } => {
            format!("{who} is at {label} {current} of {max}")
        }
        StairHeadline::Mean { overall, lowest, score } => format!(
            "{who} scores {} overall; {} is its lowest domain at {}",
            number(overall, 0),
            m.scored().domains[lowest].title,
            number(score, 0)
        ),
    }
}

/// The subtitle's sentence on how to read the chart.
fn how_to_read(t: &Terms, peers_n: usize) -> String {
    let l = t.lower();
    match t.rule {
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
            number(t.range.0, 0),
            number(t.range.1, 0)
        ),
    }
}

fn legend(m: &StaircaseModel, t: &Terms) -> Vec<LegendEntry> {
    let mean = t.rule == Rule::Mean;
    let mut legend = vec![
        LegendEntry {
            symbol: Symbol::Swatch(REACHED),
            label: if mean { "Score".into() } else { format!("{} reached", t.label) },
        },
        LegendEntry {
            symbol: Symbol::Line(NEXT_STROKE),
            label: if mean { "Largest gain from one question".into() } else { format!("Next {}", t.lower()) },
        },
    ];
    if t.rule == Rule::Staged && m.rows.iter().any(|r| r.met_not_counted) {
        legend.push(LegendEntry {
            symbol: Symbol::Swatch(MET_NOT_COUNTED),
            label: "Met, not yet counted".into(),
        });
    }
    let peers_n = m.comparison.peers.members.len();
    if m.comparison_matches && peers_n > 0 {
        legend.push(LegendEntry {
            symbol: Symbol::Line(PEER_TICK),
            label: format!("Peer median ({peers_n} peers)"),
        });
    }
    legend
}

/// How the rows are laid out across: the names, where the steps run with the scale on them,
/// and the next-step column. On a narrow chart the name goes above its row's steps instead, so
/// neither is cut to a few letters.
struct Across {
    inner: f64,
    narrow: bool,
    /// Indent of domain names under pillar headings.
    indent: f64,
    label_w: f64,
    scale: Linear,
    x0: f64,
    x1: f64,
    next_w: f64,
    next_lines: usize,
}

impl Across {
    fn new(m: &StaircaseModel, t: &Terms, inner: f64, width: f64) -> Self {
        let multi = m.focus.framework().def().pillars.len() > 1 && t.rule != Rule::Staged;
        let indent = if multi { 10.0 } else { 0.0 };
        let narrow = inner < 440.0;
        let (label_w, next_w) = if narrow {
            (0.0, inner * 0.55)
        } else {
            ((inner * 0.3).clamp(80.0, 230.0), (inner * 0.3).clamp(80.0, 250.0))
        };
        let x0 = if narrow { PAD + indent } else { PAD + label_w };
        let x1 = (width - PAD - next_w - 10.0).max(x0 + 40.0);
        let scale = match t.rule {
            Rule::Mean => Linear::new(t.range, (x0, x1)),
            _ => Linear::new((0.0, f64::from(t.max_level)), (x0, x1)),
        };
        Self { inner, narrow, indent, label_w, scale, x0, x1, next_w, next_lines: 1 }
    }

    /// A block from `p` to `q` on the scale, a pixel in from each end.
    fn block(&self, p: f64, q: f64) -> (f64, f64) {
        (self.scale.map(p) + 1.0, (self.scale.map(q) - self.scale.map(p) - 2.0).max(1.0))
    }
}

/// The column titles and the scale's numbers from `top`; returns where the rows start and the
/// scale's ticks (x, text).
fn header(
    marks: &mut Vec<Mark>,
    t: &Terms,
    a: &Across,
    top: f64,
    measure: &dyn TextMeasure,
) -> (f64, Vec<(f64, String)>) {
    let head = Font(LABEL_SIZE, true, palette::TEXT, Align::Start, Baseline::Top);
    if !a.narrow {
        let row_word = if t.rule == Rule::Staged { t.label.clone() } else { "Domain".to_string() };
        marks.push(text(PAD, top, &row_word, head));
    }
    let scale_title = match t.rule {
        Rule::Mean => format!("Score ({} to {})", number(t.range.0, 0), number(t.range.1, 0)),
        _ => format!("{} ({} to {})", t.label, t.min_level, t.max_level),
    };
    let title = truncate(measure, &scale_title, LABEL_SIZE, true, a.x1 - a.x0);
    marks.push(text((a.x0 + a.x1) / 2.0, top, &title, head.align(Align::Middle, Baseline::Top)));
    marks.push(text(a.x1 + 10.0, top, &truncate(measure, "Next step", LABEL_SIZE, true, a.next_w), head));
    let numbers_y = top + LABEL_SIZE * 1.5;
    let small = Font(SOURCE_SIZE, false, palette::SECONDARY_TEXT, Align::Middle, Baseline::Top);
    let ticks: Vec<(f64, String)> = match t.rule {
        Rule::Mean => a.scale.ticks(5).into_iter().map(|v| (a.scale.map(v), number(v, 0))).collect(),
        _ => (1..=t.max_level).map(|l| (a.scale.map(f64::from(l) - 0.5), l.to_string())).collect(),
    };
    for (x, label) in &ticks {
        marks.push(text(*x, numbers_y, label, small));
    }
    (numbers_y + SOURCE_SIZE * 1.5, ticks)
}

/// How the lines are laid out down: pillar headings (when there is more than one pillar and room
/// for them) and rows, their heights and the plot they fill.
struct Down {
    lines: Vec<Line>,
    row_h: f64,
    head_h: f64,
    plot: Bounds,
}

/// Row heights: a narrow chart's rows hold two lines (name, then steps); pillar headings take one
/// line, and are dropped when even the domain rows are short of room.
fn down(
    m: &StaircaseModel,
    a: &Across,
    (top, bottom): (f64, f64),
    height: f64,
    warnings: &mut Vec<String>,
) -> Down {
    let fw = m.focus.framework();
    let multi = a.indent > 0.0;
    let mut lines: Vec<Line> = Vec::new();
    for (k, row) in m.rows.iter().enumerate() {
        let p = fw.domains()[row.domain].pillar;
        if multi && !lines.contains(&Line::Pillar(p)) {
            lines.push(Line::Pillar(p));
        }
        lines.push(Line::Row(k));
    }
    let avail = bottom - top;
    let (max_h, min_h) = if a.narrow { (44.0, 28.0) } else { (30.0, 14.0) };
    let n_dom = m.rows.len().max(1) as f64;
    let fit = |heads: f64| {
        if a.narrow {
            ((avail - heads * 20.0) / n_dom).min(max_h)
        } else {
            (avail / (n_dom + heads)).min(max_h)
        }
    };
    let heads_in = |lines: &[Line]| lines.iter().filter(|l| matches!(l, Line::Pillar(_))).count() as f64;
    if heads_in(&lines) > 0.0 && fit(heads_in(&lines)) < min_h {
        lines.retain(|l| matches!(l, Line::Row(_)));
    }
    let heads = heads_in(&lines);
    let row_h = fit(heads);
    if row_h < min_h {
        warnings.push(format!(
            "The chart is too short to show {} rows legibly: make it at least {:.0} pixels tall.",
            m.rows.len(),
            height + (min_h - row_h) * n_dom
        ));
    }
    let head_h = if a.narrow { 20.0_f64.min(row_h) } else { row_h };
    let plot = Bounds { x: PAD, y: top, w: a.inner, h: n_dom * row_h + heads * head_h };
    Down { lines, row_h, head_h, plot }
}

/// A pillar's heading with its score, ruled off underneath.
fn pillar_heading(
    marks: &mut Vec<Mark>,
    s: &ScoredAssessment,
    t: &Terms,
    p: usize,
    (y, h): (f64, f64),
    inner: f64,
    measure: &dyn TextMeasure,
) {
    let pillar = &s.pillars[p];
    let score = pillar.score.map_or(String::new(), |v| format!(" · {}", score_text(t.rule, v)));
    let heading = format!("{}{score}", pillar.title);
    let font = Font(LABEL_SIZE, true, palette::SECONDARY_TEXT, Align::Start, Baseline::Middle);
    marks.push(text(PAD, y + h / 2.0, &truncate(measure, &heading, LABEL_SIZE, true, inner), font));
    marks.push(rule_h(PAD, PAD + inner, y + h - 1.0, Stroke::solid(palette::GREY_4, 1.0)));
}

/// The track under a row's steps (every level, or the whole score range, not reached) and what
/// is reached over it.
fn blocks(
    marks: &mut Vec<Mark>,
    a: &Across,
    t: &Terms,
    dom: &DomainResult,
    row: &StairRow,
    (by, bh): (f64, f64),
) {
    let level_block = |l: u32| {
        let (bx, bw) = a.block(f64::from(l) - 1.0, f64::from(l));
        Bounds { x: bx, y: by, w: bw, h: bh }
    };
    if t.rule == Rule::Mean {
        marks.push(rect(Bounds { x: a.x0, y: by, w: a.x1 - a.x0, h: bh }, Some(NOT_REACHED), None));
    } else {
        let last = if t.rule == Rule::Staged { dom.stage.unwrap_or(t.max_level) } else { t.max_level };
        for l in 1..=last {
            marks.push(rect(level_block(l), Some(NOT_REACHED), Some(Stroke::solid(palette::GREY_3, 1.0))));
        }
    }
    let Some(v) = row.reached else { return };
    let fill = Some(if row.met_not_counted { MET_NOT_COUNTED } else { REACHED });
    let stroke = row.met_not_counted.then_some(Stroke::solid(FOCUS_COLOR, 1.0));
    if t.rule == Rule::Mean {
        marks.push(rect(Bounds { x: a.x0, y: by, w: a.scale.map(v) - a.x0, h: bh }, fill, stroke));
    } else {
        for l in 1..=(v.round() as u32) {
            marks.push(rect(level_block(l), fill, stroke));
        }
    }
}

/// The value at the bar's end, moved left of the peer tick when they would meet: white on the
/// dark fill (11.8:1), dark on the pale one or outside the bar.
fn value_label(
    marks: &mut Vec<Mark>,
    a: &Across,
    row: &StairRow,
    value: &str,
    (end, cy): (f64, f64),
    tick: Option<f64>,
    measure: &dyn TextMeasure,
) {
    if value.is_empty() || row.reached.is_none() {
        return;
    }
    let color = if row.met_not_counted { palette::TEXT } else { palette::WHITE };
    let w = measure.width(value, SOURCE_SIZE, true);
    let mut right = end - 4.0;
    if let Some(px) = tick
        && px >= right - w - 4.0
        && px <= right + 4.0
    {
        right = px - 5.0;
    }
    if right - w >= a.x0 + 2.0 {
        marks.push(text(right, cy, value, Font(SOURCE_SIZE, true, color, Align::End, Baseline::Middle)));
    } else {
        let left = match tick {
            Some(px) if px >= end && px <= end + w + 6.0 => px + 5.0,
            _ => end + 3.0,
        };
        marks.push(text(
            left,
            cy,
            value,
            Font(SOURCE_SIZE, true, palette::TEXT, Align::Start, Baseline::Middle),
        ));
    }
}

/// One row's steps between `by` and `by + bh`: the blocks, the next level dashed, the peer tick
/// on a white halo (so it shows on the dark blocks) and the value. Returns the x where the
/// reached bar ends.
fn draw_steps(
    marks: &mut Vec<Mark>,
    a: &Across,
    t: &Terms,
    dom: &DomainResult,
    row: &StairRow,
    (by, bh): (f64, f64),
    measure: &dyn TextMeasure,
) -> f64 {
    blocks(marks, a, t, dom, row, (by, bh));
    if let Some((p, q)) = row.next {
        let (bx, bw) = if t.rule == Rule::Mean {
            (a.scale.map(p), a.scale.map(q) - a.scale.map(p))
        } else {
            a.block(p, q)
        };
        outline(marks, Bounds { x: bx, y: by, w: bw, h: bh }, NEXT_STROKE);
    }
    let tick = row.peers.map(|p| a.scale.map(p.median.clamp(a.scale.domain.0, a.scale.domain.1)));
    if let Some(px) = tick {
        haloed_rule_v(marks, px, by - 2.0, by + bh + 2.0, PEER_TICK, 5.0);
    }
    let end = row.reached.map_or(a.x0, |v| a.scale.map(v));
    value_label(marks, a, row, &t.value_text(dom), (end, by + bh / 2.0), tick, measure);
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

/// What a row reached, in words.
fn reached_words(t: &Terms, dom: &DomainResult, row: &StairRow) -> String {
    match (t.rule, row.reached) {
        (_, None) => "no result".to_string(),
        (Rule::Mean, Some(v)) => format!("{} of {}", number(v, 0), number(t.range.1, 0)),
        (Rule::Cumulative, Some(_)) if dom.level_is_lower_bound => format!(
            "at least {} (an element of the next {} is not answered)",
            t.value_text(dom).trim_start_matches('≥'),
            t.lower()
        ),
        (Rule::Cumulative, Some(v)) => format!("{} of {}", number(v, 0), t.max_level),
        (Rule::Staged, Some(_)) if row.met_not_counted => "met, not yet counted".to_string(),
        (Rule::Staged, Some(_)) => "reached".to_string(),
    }
}

/// A row's tooltip.
fn tooltip(
    t: &Terms,
    pillar: &str,
    dom: &DomainResult,
    row: &StairRow,
    next_step: &str,
) -> Vec<(String, String)> {
    let (rule, label) = (t.rule, &t.label);
    let mut tooltip = vec![
        (if rule == Rule::Staged { label.clone() } else { "Domain".to_string() }, dom.title.clone()),
        ("Pillar".to_string(), pillar.to_string()),
        (
            if rule == Rule::Mean { "Score".to_string() } else { format!("{label} reached") },
            reached_words(t, dom, row),
        ),
        ("Next step".to_string(), next_step.to_string()),
    ];
    if !row.to_meet.is_empty() {
        let shown: Vec<&str> = row.to_meet.iter().take(3).map(String::as_str).collect();
        let more = row.to_meet.len().saturating_sub(3);
        let mut still = shown.join("; ");
        if more > 0 {
            still.push_str(&format!("; and {more} more"));
        }
        tooltip.push(("Still to do".to_string(), still));
    }
    if let Some(p) = row.peers {
        let s = |v: f64| score_text(rule, v);
        let peers =
            format!("{} (interquartile range {} to {}), {} peers", s(p.median), s(p.q1), s(p.q3), p.n);
        tooltip.push(("Peer median".to_string(), peers));
    }
    let answered = match dom.source {
        ScoreSource::DomainScore => "a domain score given directly".to_string(),
        _ => format!("{} of {} criteria", dom.answered, dom.asked),
    };
    tooltip.push(("Answered".to_string(), answered));
    tooltip
}

/// A row's spoken summary.
fn summary(t: &Terms, dom: &DomainResult, row: &StairRow, next_step: &str) -> String {
    let reached = reached_words(t, dom, row);
    let mut summary = match t.rule {
        Rule::Staged => {
            format!("{}, {} {}: {reached}. {next_step}.", dom.title, t.lower(), dom.stage.unwrap_or(0))
        }
        Rule::Mean => format!("{}: score {reached}. {next_step}.", dom.title),
        Rule::Cumulative => format!("{}: level {reached}. {next_step}.", dom.title),
    };
    if let Some(p) = row.peers {
        summary.push_str(&format!(" Peer median {}.", score_text(t.rule, p.median)));
    }
    summary
}

fn table_columns(t: &Terms) -> Vec<String> {
    let label = &t.label;
    vec![
        "Pillar".into(),
        if t.rule == Rule::Staged { label.to_string() } else { "Domain".into() },
        match t.rule {
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

fn table_row(t: &Terms, pillar: &str, dom: &DomainResult, row: &StairRow, next_step: &str) -> Vec<String> {
    let fmt = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.2}"));
    vec![
        pillar.to_string(),
        dom.title.clone(),
        match t.rule {
            Rule::Mean => fmt(dom.score),
            Rule::Cumulative => t.value_text(dom),
            Rule::Staged => reached_words(t, dom, row),
        },
        next_step.to_string(),
        row.not_met.to_string(),
        row.not_answered.to_string(),
        fmt(row.peers.map(|p| p.median)),
    ]
}

/// What the rows give the scene besides their marks.
#[derive(Default)]
struct RowsOut {
    items: Vec<Item>,
    table: Vec<Vec<String>>,
    sentences: Vec<String>,
}

/// Draws one domain row at `y` and adds its item, table row and sentence.
fn draw_row(
    marks: &mut Vec<Mark>,
    out: &mut RowsOut,
    m: &StaircaseModel,
    (t, a): (&Terms, &Across),
    row: &StairRow,
    (y, row_h): (f64, f64),
    measure: &dyn TextMeasure,
) {
    let (fw, dom) = (m.focus.framework(), &m.scored().domains[row.domain]);
    let (label_y, by, bh) = if a.narrow {
        (y + row_h * 0.27, y + row_h * 0.5, row_h * 0.42)
    } else {
        (y + row_h / 2.0, y + row_h * 0.18, row_h * 0.64)
    };
    let label_room = if a.narrow { a.inner - a.indent } else { a.label_w - a.indent - 8.0 };
    let name = truncate(measure, &dom.title, LABEL_SIZE, false, label_room);
    marks.push(text(PAD + a.indent, label_y, &name, Font::LABEL.color(palette::TEXT)));
    let cy = by + bh / 2.0;
    let end = draw_steps(marks, a, t, dom, row, (by, bh), measure);
    let next_step = t.next_step(&row.step);
    draw_next_step(marks, a, measure, &next_step, cy);
    let pillar = &fw.pillar(fw.domains()[row.domain].pillar).title;
    let summary = summary(t, dom, row, &next_step);
    out.items.push(Item {
        key: dom.id.clone(),
        label: dom.title.clone(),
        hit: Bounds { x: PAD, y, w: a.inner, h: row_h },
        anchor: ((end - 3.0).max(a.x0 + 2.0), cy),
        tooltip: tooltip(t, pillar, dom, row, &next_step),
        summary: summary.clone(),
        highlight: Highlight::Outline(Bounds { x: PAD - 2.0, y: y + 1.0, w: a.inner + 4.0, h: row_h - 2.0 }),
    });
    out.sentences.push(summary);
    out.table.push(table_row(t, pillar, dom, row, &next_step));
}

/// Draws every line from the top of the plot.
fn draw_lines(
    marks: &mut Vec<Mark>,
    m: &StaircaseModel,
    (t, a): (&Terms, &Across),
    d: &Down,
    measure: &dyn TextMeasure,
) -> RowsOut {
    let mut out = RowsOut::default();
    let mut y = d.plot.y;
    for line in &d.lines {
        match *line {
            Line::Pillar(p) => {
                pillar_heading(marks, m.scored(), t, p, (y, d.head_h), a.inner, measure);
                y += d.head_h;
            }
            Line::Row(k) => {
                draw_row(marks, &mut out, m, (t, a), &m.rows[k], (y, d.row_h), measure);
                y += d.row_h;
            }
        }
    }
    out
}

/// A staged framework's peer median is one stage for the whole organisation: a line down the rows.
fn staged_peer_line(
    marks: &mut Vec<Mark>,
    m: &StaircaseModel,
    t: &Terms,
    a: &Across,
    plot: Bounds,
) -> Option<String> {
    if t.rule != Rule::Staged || !m.comparison_matches {
        return None;
    }
    let p = m.comparison.peers.overall_level?;
    haloed_rule_v(marks, a.scale.map(p.median), plot.y, plot.y + plot.h, PEER_TICK, 5.0);
    Some(format!("The peers' median {} is {} ({} peers).", t.lower(), number(p.median, 1), p.n))
}

fn description(m: &StaircaseModel, t: &Terms, title: &str, sentences: &[String]) -> String {
    let s = m.scored();
    let by = if t.rule == Rule::Staged { t.lower() } else { "domain".to_string() };
    let mut d = format!(
        "Staircase of {}'s {} results by {by}, {}. {title}. ",
        m.focus.data.name_of(&s.org_code),
        m.focus.framework().def().title,
        s.round.label
    );
    d.push_str(&sentences.join(" "));
    d.push(' ');
    d.push_str(&labels_sentence(&s.labels));
    if is_illustrative(&s.labels) {
        d.push_str(" Do not read these as evidence about any trust.");
    }
    d
}

/// The staircase of a model: the focus's levels by domain with the next step.
pub fn scene(model: &StaircaseModel, opts: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
    let (s, t) = (model.scored(), Terms::of(model));
    let fw = model.focus.framework();
    let who = short_name(&model.focus.data.name_of(&s.org_code));
    let what = how_to_read(&t, model.comparison.peers.members.len());
    let subtitle = format!("{}, {}. {what} {}", fw.def().title, s.round.label, labels_sentence(&s.labels));
    let title = opts.title.clone().unwrap_or_else(|| message_title(model, &t, &who));
    if let Some(why) = &model.mismatch {
        return empty_scene(opts, measure, &title, &subtitle, &s.labels, why);
    }
    let mut warnings = Vec::new();
    if !model.comparison_matches {
        let c = &model.comparison;
        warnings.push(format!(
            "The peer comparison is for {} {}, not {} {}: peer medians are not shown.",
            c.org_code, c.round, s.org_code, s.round.label
        ));
    }
    let mut frame = Frame::new(opts.width, opts.height, measure);
    frame.heading(&title, &subtitle);
    badges(&mut frame, &s.labels);
    frame.legend(&legend(model, &t));
    let (top, bottom) = frame.source_and_plot_band(&opts.source, 0.0);
    let mut across = Across::new(model, &t, frame.inner_width(), frame.width);
    let mut marks = std::mem::take(&mut frame.marks);
    let (rows_top, ticks) = header(&mut marks, &t, &across, top, measure);
    let down = down(model, &across, (rows_top, bottom), opts.height, &mut warnings);
    if t.rule == Rule::Mean {
        for (x, _) in &ticks {
            marks.push(rule_v(*x, rows_top, down.plot.y + down.plot.h, Stroke::solid(palette::GREY_4, 1.0)));
        }
    }
    across.next_lines = if !across.narrow && down.row_h >= 2.0 * SOURCE_SIZE * 1.2 + 2.0 { 2 } else { 1 };
    let mut drawn = draw_lines(&mut marks, model, (&t, &across), &down, measure);
    drawn.sentences.extend(staged_peer_line(&mut marks, model, &t, &across, down.plot));
    if !s.missing.is_empty() {
        warnings.push(format!(
            "{} answers are missing: a level that depends on one is a lower bound (shown as ≥).",
            s.missing.len()
        ));
    }
    Scene {
        width: frame.width,
        height: frame.height,
        marks,
        plot: down.plot,
        description: description(model, &t, &title, &drawn.sentences),
        items: drawn.items,
        table: Table { columns: table_columns(&t), rows: drawn.table },
        title,
        subtitle,
        warnings,
    }
}

impl Drawn for StaircaseModel {
    fn scene(&self, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
        scene(self, view, measure)
    }
}
