//! The maturity heat map: organisations in rows (the focus organisation first, then its peers
//! and the Global Digital Exemplars, each group ordered by overall result), pillars in columns
//! with the overall result last. Cells are coloured on a sequential light-to-dark scale and carry
//! their value as text, in white or black, whichever reaches 4.5:1 on the cell, so colour is never
//! the only cue. The focus row is outlined and its name set in bold; a result resting on an
//! incomplete set of answers is starred. A framework with fewer than two pillars (EMRAM-style
//! stages) is shown by domain instead.

use super::{
    FOCUS_COLOR, Names, badges, capitalised, empty_scene, is_illustrative, labels_sentence, name_of,
    score_meaning, score_text, sequential, short_label, text_on,
};
use crate::chart::format::number;
use crate::chart::format::short_name;
use crate::chart::layout::{Font, Frame, LABEL_SIZE, PAD, SOURCE_SIZE, ViewOptions, text};
use crate::chart::scene::{Align, Baseline, Bounds, Highlight, Item, Mark, Scene, Stroke, Table, palette};
use crate::chart::text::{TextMeasure, truncate, wrap};
use crate::maturity::{Framework, Round, Rule, ScoredAssessment, describe};

/// What the heat map draws: the scored assessments of one framework (any rounds and
/// organisations; those of `round` are used), the focus organisation, its peers and the
/// exemplars (usually [`crate::maturity::GDE_EXEMPLARS`]), by ODS code.
#[derive(Debug, Clone, Copy)]
pub struct HeatInput<'a> {
    pub framework: &'a Framework,
    pub scored: &'a [ScoredAssessment],
    pub round: &'a str,
    pub focus: &'a str,
    pub peers: &'a [&'a str],
    pub exemplars: &'a [&'a str],
    pub names: &'a Names,
}

/// Which group a row belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Focus,
    Peer,
    Exemplar,
}

impl Group {
    fn label(self) -> &'static str {
        match self {
            Group::Focus => "Focus",
            Group::Peer => "Peer",
            Group::Exemplar => "Global Digital Exemplar",
        }
    }
}

/// A column: a pillar, a domain (a stage, with its number), the overall result, or the stage
/// reached (`plain`: written, not coloured, since stages are not on the colour scale).
struct Column {
    title: String,
    /// The header's first line, when it has one of its own ("Stage 3").
    kicker: Option<String>,
    /// The header on a narrow chart, explained in the key under the legend.
    short: String,
    plain: bool,
    source: Source,
}

/// Where a column's values come from.
#[derive(Debug, Clone, Copy)]
enum Source {
    Pillar(usize),
    Domain(usize),
    Overall,
    StageReached,
}

impl Column {
    /// The column's value for one assessment, and whether it rests on complete answers.
    fn get(&self, s: &ScoredAssessment) -> (Option<f64>, bool) {
        match self.source {
            Source::Pillar(p) => s.pillars.get(p).map_or((None, false), |r| (r.score, r.complete)),
            Source::Domain(d) => s.domains.get(d).map_or((None, false), |r| (r.score, r.complete)),
            Source::Overall => (s.overall.score, s.overall.complete),
            Source::StageReached => (s.overall.level.map(f64::from), !s.overall.level_is_lower_bound),
        }
    }
}

fn columns(fw: &Framework) -> (Vec<Column>, &'static str) {
    let mut cols = Vec::new();
    let kind = if fw.def().pillars.len() >= 2 {
        for (p, pillar) in fw.def().pillars.iter().enumerate() {
            cols.push(Column {
                title: pillar.title.clone(),
                kicker: None,
                short: (p + 1).to_string(),
                plain: false,
                source: Source::Pillar(p),
            });
        }
        "pillar"
    } else {
        let staged = fw.rule() == Rule::Staged;
        let order: Vec<usize> =
            if staged { fw.stage_order().to_vec() } else { (0..fw.domains().len()).collect() };
        for (k, d) in order.into_iter().enumerate() {
            let stage = fw.domain(d).stage.filter(|_| staged);
            cols.push(Column {
                title: fw.domain(d).title.clone(),
                kicker: stage.map(|st| format!("{} {st}", fw.level_label())),
                short: stage.map_or((k + 1).to_string(), |st| st.to_string()),
                plain: false,
                source: Source::Domain(d),
            });
        }
        if staged { "stage" } else { "domain" }
    };
    cols.push(Column {
        title: "Overall".into(),
        kicker: None,
        short: "All".into(),
        plain: false,
        source: Source::Overall,
    });
    if fw.rule() == Rule::Staged {
        cols.push(Column {
            title: format!("{} reached", fw.level_label()),
            kicker: None,
            short: fw.level_label().chars().take(3).collect(),
            plain: true,
            source: Source::StageReached,
        });
    }
    (cols, kind)
}

const GROUP_H: f64 = 20.0;

/// What every cell needs to know besides its own row and column.
struct CellContext<'a> {
    rule: Rule,
    lo: f64,
    hi: f64,
    level_label: &'a str,
    kind: &'a str,
    names: &'a Names,
    measure: &'a dyn TextMeasure,
}

/// Draws one cell (coloured with its value, a stage written plainly, or a dash for no result)
/// and returns its item.
fn cell_item(
    marks: &mut Vec<Mark>,
    c: &CellContext<'_>,
    (group, s): (Group, &ScoredAssessment),
    col: &Column,
    label: &str,
    cell: Bounds,
) -> Item {
    let (value, complete) = col.get(s);
    let (cx, ccy) = (cell.x + cell.w / 2.0, cell.y + cell.h / 2.0);
    match value {
        Some(v) if col.plain => {
            marks.push(Mark::Rect {
                x: cell.x,
                y: cell.y,
                w: cell.w,
                h: cell.h,
                fill: Some(palette::WHITE),
                stroke: Some(Stroke::solid(palette::GREY_3, 1.0)),
            });
            let t = format!("{}{}", if complete { "" } else { "≥" }, number(v, 0));
            marks.push(text(
                cx,
                ccy,
                &t,
                Font(LABEL_SIZE, true, palette::TEXT, Align::Middle, Baseline::Middle),
            ));
        }
        Some(v) => {
            let fill = sequential((v - c.lo) / (c.hi - c.lo));
            marks.push(Mark::Rect {
                x: cell.x,
                y: cell.y,
                w: cell.w,
                h: cell.h,
                fill: Some(fill),
                stroke: None,
            });
            let t = format!("{}{}", score_text(c.rule, v), if complete { "" } else { "*" });
            marks.push(text(
                cx,
                ccy,
                &truncate(c.measure, &t, LABEL_SIZE, false, cell.w - 2.0),
                Font(LABEL_SIZE, false, text_on(fill), Align::Middle, Baseline::Middle),
            ));
        }
        None => {
            marks.push(Mark::Rect {
                x: cell.x,
                y: cell.y,
                w: cell.w,
                h: cell.h,
                fill: Some(palette::WHITE),
                stroke: Some(Stroke::solid(palette::GREY_3, 1.0)),
            });
            marks.push(text(
                cx,
                ccy,
                "–",
                Font(LABEL_SIZE, false, palette::SECONDARY_TEXT, Align::Middle, Baseline::Middle),
            ));
        }
    }
    let value_words = match value {
        Some(v) if col.plain => format!(
            "{} {}{}",
            c.level_label.to_lowercase(),
            if complete { "" } else { "at least " },
            number(v, 0)
        ),
        Some(v) => score_text(c.rule, v),
        None => "no result".to_string(),
    };
    let completeness = if value.is_none() {
        "nothing answered".to_string()
    } else if complete {
        "every asked criterion answered".to_string()
    } else {
        "some answers missing".to_string()
    };
    Item {
        key: s.org_code.clone(),
        label: format!("{label}: {}", col.title),
        hit: cell,
        anchor: (cx, ccy),
        tooltip: vec![
            ("Organisation".into(), format!("{} ({})", name_of(c.names, &s.org_code), s.org_code)),
            (
                if col.title == "Overall" || col.plain { "Result".into() } else { capitalised(c.kind) },
                match &col.kicker {
                    Some(k) => format!("{k}: {}", col.title),
                    None => col.title.clone(),
                },
            ),
            ("Score".into(), value_words.clone()),
            ("Answers".into(), completeness.clone()),
            ("Group".into(), group.label().into()),
        ],
        summary: format!(
            "{} ({}), {}: {value_words}{}. {}.",
            name_of(c.names, &s.org_code),
            group.label().to_lowercase(),
            col.title,
            if complete || value.is_none() { "" } else { ", some answers missing" },
            s.round.label
        ),
        highlight: Highlight::Outline(cell),
    }
}

/// Builds the heat map's scene.
/// The heat map of a model: the focus, its peers and the exemplars by pillar.
pub fn scene(
    model: &crate::maturity::views::HeatModel,
    view: &ViewOptions,
    measure: &dyn TextMeasure,
) -> Scene {
    let f = &model.focus;
    let peers = f.peer_refs();
    let input = HeatInput {
        framework: &f.data.frameworks[f.framework],
        scored: f.scored(),
        round: &f.round,
        focus: &f.focus,
        peers: &peers,
        exemplars: &crate::maturity::GDE_EXEMPLARS,
        names: &f.data.names,
    };
    heat_scene(&input, view, measure)
}

pub fn heat_scene(input: &HeatInput<'_>, opts: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
    let fw = input.framework;
    let rule = fw.rule();
    let (lo, hi) = fw.score_range();
    let focus = input.focus.trim().to_ascii_uppercase();
    let who_full = name_of(input.names, &focus);
    let who = short_name(&who_full);
    let (cols, kind) = columns(fw);
    let labels_of = |rows: &[(Group, &ScoredAssessment)]| {
        let mut labels: Vec<String> = fw.labels();
        for (_, s) in rows {
            for l in &s.labels {
                if !labels.contains(l) {
                    labels.push(l.clone());
                }
            }
        }
        labels
    };

    let round = match Round::parse(input.round) {
        Ok(r) => r,
        Err(e) => {
            let t = format!("{}: no heat map", fw.def().title);
            return empty_scene(opts, measure, &t, "", &fw.labels(), &e);
        }
    };
    let in_round: Vec<&ScoredAssessment> = input
        .scored
        .iter()
        .filter(|s| s.framework == fw.id() && s.round == round)
        .filter(|s| s.pillars.len() == fw.def().pillars.len() && s.domains.len() == fw.domains().len())
        .collect();
    let find = |code: &str| in_round.iter().copied().find(|s| s.org_code.eq_ignore_ascii_case(code.trim()));
    let mut rows: Vec<(Group, &ScoredAssessment)> = Vec::new();
    let mut not_found: Vec<String> = Vec::new();
    match find(&focus) {
        Some(s) => rows.push((Group::Focus, s)),
        None => not_found.push(focus.clone()),
    }
    for (group, codes) in [(Group::Peer, input.peers), (Group::Exemplar, input.exemplars)] {
        let mut members: Vec<&ScoredAssessment> = Vec::new();
        for code in codes {
            let code = code.trim().to_ascii_uppercase();
            if rows.iter().any(|(_, s)| s.org_code == code) || members.iter().any(|s| s.org_code == code) {
                continue;
            }
            match find(&code) {
                Some(s) => members.push(s),
                None => not_found.push(code),
            }
        }
        members.sort_by(|a, b| {
            let key = |s: &ScoredAssessment| s.overall.score.unwrap_or(f64::NEG_INFINITY);
            key(b).total_cmp(&key(a)).then_with(|| a.org_code.cmp(&b.org_code))
        });
        rows.extend(members.into_iter().map(|s| (group, s)));
    }
    let labels = labels_of(&rows);
    let n_peers = rows.iter().filter(|(g, _)| *g == Group::Peer).count();
    let n_ex = rows.iter().filter(|(g, _)| *g == Group::Exemplar).count();
    let subtitle = format!(
        "{}, {}. {} scores ({}) of {who_full}, {n_peers} peers and {n_ex} Global Digital Exemplars, each \
         group from highest to lowest overall; darker is more mature, and every cell gives its value. \
         * marks a result with answers missing. {}",
        fw.def().title,
        round.label,
        capitalised(kind),
        score_meaning(rule, [lo, hi], fw.level_label()),
        labels_sentence(&labels)
    );

    // The message: where the focus organisation stands overall among those shown.
    let focus_row = rows.iter().find(|(g, _)| *g == Group::Focus).map(|(_, s)| *s);
    let title = opts.title.clone().unwrap_or_else(|| match focus_row {
        Some(s) => message_title(&who, s, &rows, &cols, kind, fw.level_label()),
        None => format!("{who} has no {} assessment in {}", fw.id(), round.label),
    });
    if rows.is_empty() {
        let why = format!("No {} assessments in {} for these organisations.", fw.id(), round.label);
        return empty_scene(opts, measure, &title, &subtitle, &labels, &why);
    }

    let mut frame = Frame::new(opts.width, opts.height, measure);
    frame.heading(&title, &subtitle);
    badges(&mut frame, &labels);
    colour_legend(&mut frame, rule, (lo, hi), &who);
    // A narrow chart numbers its columns and names organisations by code, with a key.
    let compact = frame.inner_width() < 480.0;
    if compact {
        let key: Vec<String> = cols.iter().map(|c| format!("{} {}", c.short, c.title)).collect();
        let key = format!("Columns: {}. Rows by ODS code.", key.join("; "));
        for line in wrap(measure, &key, SOURCE_SIZE, false, frame.inner_width()) {
            frame.marks.push(text(
                PAD,
                frame.y,
                &line,
                Font(SOURCE_SIZE, false, palette::TEXT, Align::Start, Baseline::Top),
            ));
            frame.y += SOURCE_SIZE * 1.3;
        }
        frame.y += 6.0;
    }
    let (top, bottom) = frame.source_and_plot_band(&opts.source, 0.0);
    let inner = frame.inner_width();
    let mut marks = std::mem::take(&mut frame.marks);

    // Columns: names, then equal cells; headers wrapped to four lines at most.
    // Names get what they need up to 260 pixels, leaving every column at least 62.
    let widest = rows
        .iter()
        .map(|(g, s)| measure.width(&short_label(input.names, &s.org_code), LABEL_SIZE, *g == Group::Focus))
        .fold(0.0, f64::max);
    let label_w = if compact {
        52.0
    } else {
        (widest + 24.0).min(260.0).min(inner - 62.0 * cols.len() as f64).max(90.0)
    };
    let col_w = (inner - label_w) / cols.len() as f64;
    let x0 = PAD + label_w;
    let head_font = Font(SOURCE_SIZE, false, palette::TEXT, Align::Middle, Baseline::Top);
    let headers: Vec<Vec<String>> = cols
        .iter()
        .map(|c| {
            if compact {
                return vec![c.short.clone()];
            }
            let mut lines: Vec<String> = c.kicker.iter().cloned().collect();
            let room = 4 - lines.len();
            let mut title = wrap(measure, &c.title, SOURCE_SIZE, false, col_w - 4.0);
            if title.len() > room {
                let rest = title[room - 1..].join(" ");
                title.truncate(room - 1);
                title.push(rest);
            }
            lines.extend(title);
            lines.iter().map(|l| truncate(measure, l, SOURCE_SIZE, false, col_w - 4.0)).collect()
        })
        .collect();
    let head_lines = headers.iter().map(Vec::len).max().unwrap_or(1);
    let line_h = SOURCE_SIZE * 1.2;
    let head_h = head_lines as f64 * line_h + 6.0;
    for (i, lines) in headers.iter().enumerate() {
        let cx = x0 + (i as f64 + 0.5) * col_w;
        // Bottom-align headers of different heights on the first row of cells.
        let y = top + (head_lines - lines.len()) as f64 * line_h;
        for (k, l) in lines.iter().enumerate() {
            marks.push(text(cx, y + k as f64 * line_h, l, head_font));
        }
    }
    let rows_top = top + head_h;

    // Rows: group headings and organisations; rows that do not fit are left out and counted.
    let groups = [Group::Focus, Group::Peer, Group::Exemplar]
        .into_iter()
        .filter(|g| rows.iter().any(|(x, _)| x == g))
        .count() as f64;
    let avail = bottom - rows_top;
    let row_h = ((avail - groups * GROUP_H) / rows.len() as f64).clamp(16.0, 26.0);
    let fits = (((avail - groups * GROUP_H) / row_h).floor().max(0.0) as usize).min(rows.len());
    let mut warnings = Vec::new();
    if fits < rows.len() {
        let left_out: Vec<&str> = rows[fits..].iter().map(|(_, s)| s.org_code.as_str()).collect();
        warnings.push(format!(
            "{} organisations do not fit and are not drawn ({}); they are in the table. Make the chart \
             taller to see them.",
            left_out.len(),
            left_out.join(", ")
        ));
    }
    if !not_found.is_empty() {
        warnings.push(format!(
            "No {} assessment in {} for {}: left out.",
            fw.id(),
            round.label,
            not_found.join(", ")
        ));
    }

    let context =
        CellContext { rule, lo, hi, level_label: fw.level_label(), kind, names: input.names, measure };
    let mut items = Vec::new();
    let mut y = rows_top;
    let mut last_group = None;
    let mut focus_box_bounds = None;
    for (group, s) in rows.iter().take(fits) {
        if last_group != Some(*group) {
            let heading = match group {
                Group::Focus => "Focus organisation".to_string(),
                Group::Peer => format!("Peers ({n_peers})"),
                Group::Exemplar => format!("Global Digital Exemplars ({n_ex})"),
            };
            marks.push(text(
                PAD,
                y + GROUP_H / 2.0 + 2.0,
                &truncate(measure, &heading, LABEL_SIZE, true, inner),
                Font(LABEL_SIZE, true, palette::SECONDARY_TEXT, Align::Start, Baseline::Middle),
            ));
            y += GROUP_H;
            last_group = Some(*group);
        }
        let is_focus = *group == Group::Focus;
        let cy = y + row_h / 2.0;
        let label = if compact { s.org_code.clone() } else { short_label(input.names, &s.org_code) };
        marks.push(text(
            PAD + 8.0,
            cy,
            &truncate(measure, &label, LABEL_SIZE, is_focus, label_w - 14.0),
            Font(LABEL_SIZE, is_focus, palette::TEXT, Align::Start, Baseline::Middle),
        ));
        for (i, col) in cols.iter().enumerate() {
            let cell = Bounds { x: x0 + i as f64 * col_w + 1.0, y: y + 1.0, w: col_w - 2.0, h: row_h - 2.0 };
            items.push(cell_item(&mut marks, &context, (*group, s), col, &label, cell));
        }
        if is_focus {
            focus_box_bounds = Some(Bounds { x: PAD + 2.0, y, w: inner - 2.0, h: row_h });
        }
        y += row_h;
    }
    // The focus row's outline goes over its cells.
    if let Some(b) = focus_box_bounds {
        marks.push(Mark::Rect {
            x: b.x,
            y: b.y,
            w: b.w,
            h: b.h,
            fill: None,
            stroke: Some(Stroke::solid(FOCUS_COLOR, 2.5)),
        });
    }
    let plot = Bounds { x: PAD, y: rows_top, w: inner, h: (y - rows_top).max(1.0) };

    let description = describe_rows(fw, &round, &title, &who_full, &rows, &cols, kind, &labels);
    let mut table = Table {
        columns: vec!["Group".into(), "ODS code".into(), "Organisation".into()],
        rows: Vec::with_capacity(rows.len()),
    };
    table.columns.extend(cols.iter().map(|c| c.title.clone()));
    table.columns.push("Complete".into());
    for (group, s) in &rows {
        let mut r = vec![group.label().to_string(), s.org_code.clone(), name_of(input.names, &s.org_code)];
        r.extend(cols.iter().map(|c| {
            c.get(s).0.map_or(String::new(), |v| if c.plain { number(v, 0) } else { format!("{v:.2}") })
        }));
        r.push((if s.overall.complete { "yes" } else { "no" }).to_string());
        table.rows.push(r);
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
        table,
        warnings,
    }
}

/// "1st", "2nd", "3rd", "4th", "11th", "22nd".
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn message_title(
    who: &str,
    s: &ScoredAssessment,
    rows: &[(Group, &ScoredAssessment)],
    cols: &[Column],
    kind: &str,
    level_label: &str,
) -> String {
    let n = rows.len();
    if s.rule == Rule::Staged {
        let Some(stage) = s.overall.level else {
            return format!("{who} has no {} result to compare", level_label.to_lowercase());
        };
        let higher = rows.iter().filter(|(_, r)| r.overall.level.is_some_and(|l| l > stage)).count();
        let same = rows.iter().filter(|(_, r)| r.overall.level == Some(stage)).count().saturating_sub(1);
        return format!(
            "{who} is at {} {stage}: {higher} of the {} others shown are higher and {same} the same",
            level_label.to_lowercase(),
            n.saturating_sub(1)
        );
    }
    let Some(overall) = s.overall.score else {
        return format!("{who} has no overall result to compare");
    };
    let above = rows.iter().filter(|(_, r)| r.overall.score.is_some_and(|v| v > overall)).count();
    let mut t = format!(
        "{who} is {} of {n} on overall maturity among its peers and the exemplars",
        ordinal(above + 1)
    );
    let parts: Vec<(&str, f64)> = cols
        .iter()
        .filter(|c| c.title != "Overall" && !c.plain)
        .filter_map(|c| c.get(s).0.map(|v| (c.title.as_str(), v)))
        .collect();
    let best = parts.iter().max_by(|a, b| a.1.total_cmp(&b.1));
    let worst = parts.iter().min_by(|a, b| a.1.total_cmp(&b.1));
    if let (Some(b), Some(w)) = (best, worst)
        && b.1 > w.1
    {
        t.push_str(&format!("; its strongest {kind} is {} and its weakest {}", b.0, w.0));
    }
    t
}

#[allow(clippy::too_many_arguments)]
fn describe_rows(
    fw: &Framework,
    round: &Round,
    title: &str,
    who_full: &str,
    rows: &[(Group, &ScoredAssessment)],
    cols: &[Column],
    kind: &str,
    labels: &[String],
) -> String {
    let rule = fw.rule();
    let mut d = format!(
        "Heat map of {} {kind} scores in {}, {}, for {who_full}, its peers and the Global Digital Exemplars. {title}.",
        fw.def().title,
        round.label,
        score_meaning(rule, fw.score_range().into(), fw.level_label())
    );
    if let Some((_, s)) = rows.iter().find(|(g, _)| *g == Group::Focus) {
        let parts: Vec<String> = cols
            .iter()
            .map(|c| {
                format!("{} {}", c.title, c.get(s).0.map_or("no result".to_string(), |v| score_text(rule, v)))
            })
            .collect();
        d.push_str(&format!(" {who_full}: {}.", parts.join(", ")));
    }
    for group in [Group::Peer, Group::Exemplar] {
        let overall: Vec<f64> =
            rows.iter().filter(|(g, _)| *g == group).filter_map(|(_, s)| s.overall.score).collect();
        if let Some(dist) = describe(&overall) {
            d.push_str(&format!(
                " {} {}s' overall scores run from {} to {}, median {}.",
                dist.n,
                group.label().to_lowercase(),
                score_text(rule, dist.min),
                score_text(rule, dist.max),
                score_text(rule, dist.median)
            ));
        }
    }
    d.push(' ');
    d.push_str(&labels_sentence(labels));
    if is_illustrative(labels) {
        d.push_str(" Do not read these as evidence about any trust.");
    }
    d
}

/// The colour scale as a legend line: a ramp from the lowest to the highest score with its ends
/// labelled, then what the outline and the star mean.
fn colour_legend(frame: &mut Frame, rule: Rule, (lo, hi): (f64, f64), who: &str) {
    let measure = frame.measure();
    let h = 14.0;
    let cy = frame.y + 10.0;
    let font = Font::LABEL.color(palette::TEXT);
    let mut x = PAD;
    let lo_text = score_text(rule, lo);
    frame.marks.push(text(x, cy, &lo_text, font));
    x += measure.width(&lo_text, LABEL_SIZE, false) + 6.0;
    let steps = 24;
    let ramp_w = 120.0;
    for i in 0..steps {
        let t = (f64::from(i) + 0.5) / f64::from(steps);
        frame.marks.push(Mark::Rect {
            x: x + f64::from(i) * ramp_w / f64::from(steps),
            y: cy - h / 2.0,
            w: ramp_w / f64::from(steps) + 0.5,
            h,
            fill: Some(sequential(t)),
            stroke: None,
        });
    }
    frame.marks.push(Mark::Rect {
        x,
        y: cy - h / 2.0,
        w: ramp_w,
        h,
        fill: None,
        stroke: Some(Stroke::solid(palette::GREY_2, 1.0)),
    });
    x += ramp_w + 6.0;
    let hi_text = score_text(rule, hi);
    frame.marks.push(text(x, cy, &hi_text, font));
    x += measure.width(&hi_text, LABEL_SIZE, false) + 18.0;
    let rest = [format!("Outlined: {who}"), "* answers missing".to_string(), "– no result".to_string()];
    for (k, r) in rest.iter().enumerate() {
        let w = measure.width(r, LABEL_SIZE, false) + if k == 0 { 22.0 } else { 0.0 };
        let (cx, row_y) = if x + w > frame.width - PAD {
            frame.y += 20.0;
            (PAD, frame.y + 10.0)
        } else {
            (x, frame.y + 10.0)
        };
        let mut tx = cx;
        if k == 0 {
            frame.marks.push(Mark::Rect {
                x: cx,
                y: row_y - 6.0,
                w: 16.0,
                h: 12.0,
                fill: Some(palette::WHITE),
                stroke: Some(Stroke::solid(FOCUS_COLOR, 2.5)),
            });
            tx += 22.0;
        }
        frame.marks.push(text(tx, row_y, r, font));
        x = cx + w + 16.0;
    }
    frame.y += 30.0;
}

impl crate::chart::view::Drawn for crate::maturity::views::HeatModel {
    fn scene(&self, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
        scene(self, view, measure)
    }
}
