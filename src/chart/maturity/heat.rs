//! The maturity heat map: organisations in rows (the focus organisation first, then its peers
//! and the Global Digital Exemplars, each group ordered by overall result), pillars in columns
//! with the overall result last. Cells are coloured on a sequential light-to-dark scale and carry
//! their value as text, in white or black, whichever reaches 4.5:1 on the cell, so colour is never
//! the only cue. The focus row is outlined and its name set in bold; a result resting on an
//! incomplete set of answers is starred. A framework with fewer than two pillars (EMRAM-style
//! stages) is shown by domain instead. The rows, their order and the groups' medians come from
//! the model ([`crate::maturity::views::heat`]); this module words and draws them.

use super::{
    FOCUS_COLOR, badges, capitalised, empty_scene, is_illustrative, labels_sentence, score_meaning,
    score_text, sequential, short_label, text_on,
};
use crate::chart::format::{number, short_name};
use crate::chart::layout::{Font, Frame, LABEL_SIZE, PAD, SOURCE_SIZE, ViewOptions, text};
use crate::chart::marks::rect;
use crate::chart::scene::{Align, Baseline, Bounds, Highlight, Item, Mark, Scene, Stroke, Table, palette};
use crate::chart::text::{TextMeasure, truncate, wrap};
use crate::chart::view::Drawn;
use crate::maturity::views::{Group, HeatCell, HeatColumn, HeatModel, HeatRow, HeatStanding};
use crate::maturity::{Framework, Round, Rule};

fn group_label(g: Group) -> &'static str {
    match g {
        Group::Focus => "Focus",
        Group::Peer => "Peer",
        Group::Exemplar => "Global Digital Exemplar",
    }
}

/// How a column is headed: its title, the header's first line when it has one of its own
/// ("Stage 3"), the header on a narrow chart (explained in the key under the legend), whether
/// it is a result rather than a pillar or domain, and whether its values are written plainly
/// (stages reached are not on the colour scale).
struct Column {
    title: String,
    kicker: Option<String>,
    short: String,
    result: bool,
    plain: bool,
}

fn column(fw: &Framework, c: HeatColumn) -> Column {
    let (title, kicker, short) = match c {
        HeatColumn::Pillar(p) => (fw.pillar(p).title.clone(), None, (p + 1).to_string()),
        HeatColumn::Domain { index, position, stage } => (
            fw.domain(index).title.clone(),
            stage.map(|st| format!("{} {st}", fw.level_label())),
            stage.map_or((position + 1).to_string(), |st| st.to_string()),
        ),
        HeatColumn::Overall => ("Overall".into(), None, "All".into()),
        HeatColumn::StageReached => {
            (format!("{} reached", fw.level_label()), None, fw.level_label().chars().take(3).collect())
        }
    };
    let result = matches!(c, HeatColumn::Overall | HeatColumn::StageReached);
    Column { title, kicker, short, result, plain: c == HeatColumn::StageReached }
}

const GROUP_H: f64 = 20.0;

/// What every cell's words and colour need besides its own row and column.
struct Context<'a> {
    model: &'a HeatModel,
    rule: Rule,
    range: (f64, f64),
    level_label: &'a str,
    round: &'a str,
    measure: &'a dyn TextMeasure,
}

impl Context<'_> {
    fn name(&self, code: &str) -> String {
        self.model.focus.data.name_of(code)
    }
}

/// Draws one cell: coloured with its value, a stage written plainly, or a dash for no result.
fn draw_cell(marks: &mut Vec<Mark>, c: &Context<'_>, col: &Column, cell: HeatCell, b: Bounds) {
    let (cx, cy) = (b.x + b.w / 2.0, b.y + b.h / 2.0);
    let outlined = Some(Stroke::solid(palette::GREY_3, 1.0));
    let at = |t: &str, font: Font| text(cx, cy, t, font.align(Align::Middle, Baseline::Middle));
    match cell.value {
        Some(v) if col.plain => {
            marks.push(rect(b, Some(palette::WHITE), outlined));
            let t = format!("{}{}", if cell.complete { "" } else { "≥" }, number(v, 0));
            marks.push(at(&t, Font::LABEL.color(palette::TEXT).bold()));
        }
        Some(v) => {
            let fill = sequential((v - c.range.0) / (c.range.1 - c.range.0));
            marks.push(rect(b, Some(fill), None));
            let t = format!("{}{}", score_text(c.rule, v), if cell.complete { "" } else { "*" });
            let t = truncate(c.measure, &t, LABEL_SIZE, false, b.w - 2.0);
            marks.push(at(&t, Font::LABEL.color(text_on(fill))));
        }
        None => {
            marks.push(rect(b, Some(palette::WHITE), outlined));
            marks.push(at("–", Font::LABEL));
        }
    }
}

/// A cell's item: the organisation, the column, the value and how complete its answers are.
fn cell_item(c: &Context<'_>, row: &HeatRow, col: &Column, cell: HeatCell, label: &str, b: Bounds) -> Item {
    let value_words = match cell.value {
        Some(v) if col.plain => format!(
            "{} {}{}",
            c.level_label.to_lowercase(),
            if cell.complete { "" } else { "at least " },
            number(v, 0)
        ),
        Some(v) => score_text(c.rule, v),
        None => "no result".to_string(),
    };
    let answers = match (cell.value, cell.complete) {
        (None, _) => "nothing answered",
        (Some(_), true) => "every asked criterion answered",
        (Some(_), false) => "some answers missing",
    };
    let name = c.name(&row.code);
    let what = if col.result { "Result".into() } else { capitalised(c.model.part.noun()) };
    let heading = col.kicker.as_ref().map_or(col.title.clone(), |k| format!("{k}: {}", col.title));
    let missing = if cell.complete || cell.value.is_none() { "" } else { ", some answers missing" };
    let group = group_label(row.group);
    Item {
        key: row.code.clone(),
        label: format!("{label}: {}", col.title),
        hit: b,
        anchor: (b.x + b.w / 2.0, b.y + b.h / 2.0),
        tooltip: vec![
            ("Organisation".into(), format!("{name} ({})", row.code)),
            (what, heading),
            ("Score".into(), value_words.clone()),
            ("Answers".into(), answers.into()),
            ("Group".into(), group.into()),
        ],
        summary: format!(
            "{name} ({}), {}: {value_words}{missing}. {}.",
            group.to_lowercase(),
            col.title,
            c.round
        ),
        highlight: Highlight::Outline(b),
    }
}

/// The subtitle: what the cells are and how to read them.
fn subtitle(m: &HeatModel, round: &Round, who_full: &str) -> String {
    let fw = m.focus.framework();
    format!(
        "{}, {}. {} scores ({}) of {who_full}, {} peers and {} Global Digital Exemplars, each \
         group from highest to lowest overall; darker is more mature, and every cell gives its value. \
         * marks a result with answers missing. {}",
        fw.def().title,
        round.label,
        capitalised(m.part.noun()),
        score_meaning(fw.rule(), fw.score_range().into(), fw.level_label()),
        m.count(Group::Peer),
        m.count(Group::Exemplar),
        labels_sentence(&m.labels)
    )
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

/// The message: where the focus organisation stands overall among those shown.
fn message_title(m: &HeatModel, cols: &[Column], who: &str, round: &Round) -> String {
    let fw = m.focus.framework();
    let n = m.rows.len();
    match m.standing {
        HeatStanding::Absent => format!("{who} has no {} assessment in {}", fw.id(), round.label),
        HeatStanding::NoResult if fw.rule() == Rule::Staged => {
            format!("{who} has no {} result to compare", fw.level_label().to_lowercase())
        }
        HeatStanding::NoResult => format!("{who} has no overall result to compare"),
        HeatStanding::Stage { stage, higher, same } => format!(
            "{who} is at {} {stage}: {higher} of the {} others shown are higher and {same} the same",
            fw.level_label().to_lowercase(),
            n.saturating_sub(1)
        ),
        HeatStanding::Place { place, strongest } => {
            let mut t = format!(
                "{who} is {} of {n} on overall maturity among its peers and the exemplars",
                ordinal(place)
            );
            if let Some((best, worst)) = strongest {
                let kind = m.part.noun();
                t.push_str(&format!(
                    "; its strongest {kind} is {} and its weakest {}",
                    cols[best].title, cols[worst].title
                ));
            }
            t
        }
    }
}

/// The text alternative: the focus's row in words, and the spread of each group's overall scores.
fn description(m: &HeatModel, cols: &[Column], round: &Round, title: &str, who_full: &str) -> String {
    let fw = m.focus.framework();
    let rule = fw.rule();
    let mut d = format!(
        "Heat map of {} {} scores in {}, {}, for {who_full}, its peers and the Global Digital Exemplars. {title}.",
        fw.def().title,
        m.part.noun(),
        round.label,
        score_meaning(rule, fw.score_range().into(), fw.level_label())
    );
    if let Some(row) = m.rows.iter().find(|r| r.group == Group::Focus) {
        let parts: Vec<String> = cols
            .iter()
            .zip(&row.cells)
            .map(|(c, cell)| {
                format!("{} {}", c.title, cell.value.map_or("no result".to_string(), |v| score_text(rule, v)))
            })
            .collect();
        d.push_str(&format!(" {who_full}: {}.", parts.join(", ")));
    }
    for (group, dist) in [(Group::Peer, m.peer_overall), (Group::Exemplar, m.exemplar_overall)] {
        if let Some(dist) = dist {
            d.push_str(&format!(
                " {} {}s' overall scores run from {} to {}, median {}.",
                dist.n,
                group_label(group).to_lowercase(),
                score_text(rule, dist.min),
                score_text(rule, dist.max),
                score_text(rule, dist.median)
            ));
        }
    }
    d.push(' ');
    d.push_str(&labels_sentence(&m.labels));
    if is_illustrative(&m.labels) {
        d.push_str(" Do not read these as evidence about any trust.");
    }
    d
}

/// Every organisation's row, drawn or not.
fn table(m: &HeatModel, cols: &[Column]) -> Table {
    let mut columns: Vec<String> = vec!["Group".into(), "ODS code".into(), "Organisation".into()];
    columns.extend(cols.iter().map(|c| c.title.clone()));
    columns.push("Complete".into());
    let rows = m
        .rows
        .iter()
        .map(|row| {
            let mut r =
                vec![group_label(row.group).to_string(), row.code.clone(), m.focus.data.name_of(&row.code)];
            r.extend(cols.iter().zip(&row.cells).map(|(c, cell)| {
                cell.value.map_or(String::new(), |v| if c.plain { number(v, 0) } else { format!("{v:.2}") })
            }));
            r.push((if row.complete { "yes" } else { "no" }).to_string());
            r
        })
        .collect();
    Table { columns, rows }
}

/// The colour scale as a ramp from the lowest to the highest score with its ends labelled;
/// returns where the line continues.
fn ramp(frame: &mut Frame, rule: Rule, (lo, hi): (f64, f64), cy: f64) -> f64 {
    let measure = frame.measure();
    let (h, steps, ramp_w) = (14.0, 24, 120.0);
    let font = Font::LABEL.color(palette::TEXT);
    let mut x = PAD;
    let lo_text = score_text(rule, lo);
    frame.marks.push(text(x, cy, &lo_text, font));
    x += measure.width(&lo_text, LABEL_SIZE, false) + 6.0;
    for i in 0..steps {
        let t = (f64::from(i) + 0.5) / f64::from(steps);
        let b = Bounds {
            x: x + f64::from(i) * ramp_w / f64::from(steps),
            y: cy - h / 2.0,
            w: ramp_w / f64::from(steps) + 0.5,
            h,
        };
        frame.marks.push(rect(b, Some(sequential(t)), None));
    }
    let whole = Bounds { x, y: cy - h / 2.0, w: ramp_w, h };
    frame.marks.push(rect(whole, None, Some(Stroke::solid(palette::GREY_2, 1.0))));
    x += ramp_w + 6.0;
    let hi_text = score_text(rule, hi);
    frame.marks.push(text(x, cy, &hi_text, font));
    x + (measure.width(&hi_text, LABEL_SIZE, false) + 18.0)
}

/// The legend line: the colour ramp, then what the outline, the star and the dash mean,
/// wrapping onto a new line when they do not fit.
fn colour_legend(frame: &mut Frame, rule: Rule, range: (f64, f64), who: &str) {
    let measure = frame.measure();
    let font = Font::LABEL.color(palette::TEXT);
    let mut x = ramp(frame, rule, range, frame.y + 10.0);
    let rest = [format!("Outlined: {who}"), "* answers missing".to_string(), "– no result".to_string()];
    for (k, r) in rest.iter().enumerate() {
        let w = measure.width(r, LABEL_SIZE, false) + if k == 0 { 22.0 } else { 0.0 };
        if x + w > frame.width - PAD {
            frame.y += 20.0;
            x = PAD;
        }
        let (cx, row_y) = (x, frame.y + 10.0);
        let mut tx = cx;
        if k == 0 {
            let swatch = Bounds { x: cx, y: row_y - 6.0, w: 16.0, h: 12.0 };
            frame.marks.push(rect(swatch, Some(palette::WHITE), Some(Stroke::solid(FOCUS_COLOR, 2.5))));
            tx += 22.0;
        }
        frame.marks.push(text(tx, row_y, r, font));
        x = cx + w + 16.0;
    }
    frame.y += 30.0;
}

/// On a narrow chart, the key to the numbered columns and the rows named by code.
fn column_key(frame: &mut Frame, cols: &[Column]) {
    let key: Vec<String> = cols.iter().map(|c| format!("{} {}", c.short, c.title)).collect();
    let key = format!("Columns: {}. Rows by ODS code.", key.join("; "));
    for line in wrap(frame.measure(), &key, SOURCE_SIZE, false, frame.inner_width()) {
        let font = Font(SOURCE_SIZE, false, palette::TEXT, Align::Start, Baseline::Top);
        frame.marks.push(text(PAD, frame.y, &line, font));
        frame.y += SOURCE_SIZE * 1.3;
    }
    frame.y += 6.0;
}

/// Where the names and cells go across: names get what they need up to 260 pixels, leaving every
/// column at least 62 (a narrow chart names rows by code in 52).
struct Across {
    compact: bool,
    inner: f64,
    label_w: f64,
    col_w: f64,
    x0: f64,
}

impl Across {
    fn new(m: &HeatModel, n_cols: usize, compact: bool, inner: f64, measure: &dyn TextMeasure) -> Self {
        let names = &m.focus.data.names;
        let widest = m
            .rows
            .iter()
            .map(|r| measure.width(&short_label(names, &r.code), LABEL_SIZE, r.group == Group::Focus))
            .fold(0.0, f64::max);
        let label_w = if compact {
            52.0
        } else {
            (widest + 24.0).min(260.0).min(inner - 62.0 * n_cols as f64).max(90.0)
        };
        let col_w = (inner - label_w) / n_cols as f64;
        Self { compact, inner, label_w, col_w, x0: PAD + label_w }
    }

    /// A column's header lines: its kicker and its title wrapped, four lines at most.
    fn header(&self, c: &Column, measure: &dyn TextMeasure) -> Vec<String> {
        if self.compact {
            return vec![c.short.clone()];
        }
        let mut lines: Vec<String> = c.kicker.iter().cloned().collect();
        let room = 4 - lines.len();
        let mut title = wrap(measure, &c.title, SOURCE_SIZE, false, self.col_w - 4.0);
        if title.len() > room {
            let rest = title[room - 1..].join(" ");
            title.truncate(room - 1);
            title.push(rest);
        }
        lines.extend(title);
        lines.iter().map(|l| truncate(measure, l, SOURCE_SIZE, false, self.col_w - 4.0)).collect()
    }

    /// Draws the headers from `top`, bottom-aligned on the first row of cells; returns where the
    /// rows start.
    fn headers(&self, marks: &mut Vec<Mark>, cols: &[Column], top: f64, measure: &dyn TextMeasure) -> f64 {
        let headers: Vec<Vec<String>> = cols.iter().map(|c| self.header(c, measure)).collect();
        let head_lines = headers.iter().map(Vec::len).max().unwrap_or(1);
        let line_h = SOURCE_SIZE * 1.2;
        let font = Font(SOURCE_SIZE, false, palette::TEXT, Align::Middle, Baseline::Top);
        for (i, lines) in headers.iter().enumerate() {
            let cx = self.x0 + (i as f64 + 0.5) * self.col_w;
            let y = top + (head_lines - lines.len()) as f64 * line_h;
            for (k, l) in lines.iter().enumerate() {
                marks.push(text(cx, y + k as f64 * line_h, l, font));
            }
        }
        top + (head_lines as f64 * line_h + 6.0)
    }
}

/// How tall each row is and how many fit between `top` and `bottom` under their group headings;
/// rows that do not fit are left out and counted in a warning.
fn rows_that_fit(m: &HeatModel, top: f64, bottom: f64, warnings: &mut Vec<String>) -> (f64, usize) {
    let groups =
        [Group::Focus, Group::Peer, Group::Exemplar].into_iter().filter(|&g| m.count(g) > 0).count() as f64;
    let avail = bottom - top - groups * GROUP_H;
    let row_h = (avail / m.rows.len() as f64).clamp(16.0, 26.0);
    let fits = ((avail / row_h).floor().max(0.0) as usize).min(m.rows.len());
    if fits < m.rows.len() {
        let left_out: Vec<&str> = m.rows[fits..].iter().map(|r| r.code.as_str()).collect();
        warnings.push(format!(
            "{} organisations do not fit and are not drawn ({}); they are in the table. Make the chart \
             taller to see them.",
            left_out.len(),
            left_out.join(", ")
        ));
    }
    (row_h, fits)
}

/// The group's heading above its first row.
fn group_heading(
    marks: &mut Vec<Mark>,
    m: &HeatModel,
    group: Group,
    y: f64,
    a: &Across,
    measure: &dyn TextMeasure,
) {
    let heading = match group {
        Group::Focus => "Focus organisation".to_string(),
        Group::Peer => format!("Peers ({})", m.count(Group::Peer)),
        Group::Exemplar => format!("Global Digital Exemplars ({})", m.count(Group::Exemplar)),
    };
    marks.push(text(
        PAD,
        y + GROUP_H / 2.0 + 2.0,
        &truncate(measure, &heading, LABEL_SIZE, true, a.inner),
        Font(LABEL_SIZE, true, palette::SECONDARY_TEXT, Align::Start, Baseline::Middle),
    ));
}

/// Draws the first `fits` rows from `top` under their group headings, the focus row outlined
/// over its cells; returns the cells' items and where the rows end.
fn draw_rows(
    marks: &mut Vec<Mark>,
    c: &Context<'_>,
    cols: &[Column],
    a: &Across,
    (top, row_h, fits): (f64, f64, usize),
) -> (Vec<Item>, f64) {
    let mut items = Vec::new();
    let (mut y, mut last_group, mut focus_row) = (top, None, None);
    for row in c.model.rows.iter().take(fits) {
        if last_group != Some(row.group) {
            group_heading(marks, c.model, row.group, y, a, c.measure);
            y += GROUP_H;
            last_group = Some(row.group);
        }
        let is_focus = row.group == Group::Focus;
        let label =
            if a.compact { row.code.clone() } else { short_label(&c.model.focus.data.names, &row.code) };
        let shown = truncate(c.measure, &label, LABEL_SIZE, is_focus, a.label_w - 14.0);
        marks.push(text(
            PAD + 8.0,
            y + row_h / 2.0,
            &shown,
            Font(LABEL_SIZE, is_focus, palette::TEXT, Align::Start, Baseline::Middle),
        ));
        for (i, (col, &cell)) in cols.iter().zip(&row.cells).enumerate() {
            let b =
                Bounds { x: a.x0 + i as f64 * a.col_w + 1.0, y: y + 1.0, w: a.col_w - 2.0, h: row_h - 2.0 };
            draw_cell(marks, c, col, cell, b);
            items.push(cell_item(c, row, col, cell, &label, b));
        }
        if is_focus {
            focus_row = Some(Bounds { x: PAD + 2.0, y, w: a.inner - 2.0, h: row_h });
        }
        y += row_h;
    }
    if let Some(b) = focus_row {
        marks.push(rect(b, None, Some(Stroke::solid(FOCUS_COLOR, 2.5))));
    }
    (items, y)
}

/// The heat map of a model: the focus, its peers and the exemplars by pillar.
pub fn scene(model: &HeatModel, opts: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
    let fw = model.focus.framework();
    let round = match &model.round {
        Ok(r) => r,
        Err(e) => {
            let t = format!("{}: no heat map", fw.def().title);
            return empty_scene(opts, measure, &t, "", &model.labels, e);
        }
    };
    let cols: Vec<Column> = model.columns.iter().map(|&c| column(fw, c)).collect();
    let who_full = model.focus.data.name_of(&model.focus.code());
    let who = short_name(&who_full);
    let subtitle = subtitle(model, round, &who_full);
    let title = opts.title.clone().unwrap_or_else(|| message_title(model, &cols, &who, round));
    if model.rows.is_empty() {
        let why = format!("No {} assessments in {} for these organisations.", fw.id(), round.label);
        return empty_scene(opts, measure, &title, &subtitle, &model.labels, &why);
    }
    let mut frame = Frame::new(opts.width, opts.height, measure);
    frame.heading(&title, &subtitle);
    badges(&mut frame, &model.labels);
    colour_legend(&mut frame, fw.rule(), fw.score_range(), &who);
    // A narrow chart numbers its columns and names organisations by code, with a key.
    let compact = frame.inner_width() < 480.0;
    if compact {
        column_key(&mut frame, &cols);
    }
    let (top, bottom) = frame.source_and_plot_band(&opts.source, 0.0);
    let across = Across::new(model, cols.len(), compact, frame.inner_width(), measure);
    let mut marks = std::mem::take(&mut frame.marks);
    let rows_top = across.headers(&mut marks, &cols, top, measure);
    let mut warnings = Vec::new();
    let (row_h, fits) = rows_that_fit(model, rows_top, bottom, &mut warnings);
    if !model.not_found.is_empty() {
        let missing = model.not_found.join(", ");
        warnings.push(format!("No {} assessment in {} for {missing}: left out.", fw.id(), round.label));
    }
    let context = Context {
        model,
        rule: fw.rule(),
        range: fw.score_range(),
        level_label: fw.level_label(),
        round: &round.label,
        measure,
    };
    let (items, end) = draw_rows(&mut marks, &context, &cols, &across, (rows_top, row_h, fits));
    Scene {
        width: frame.width,
        height: frame.height,
        marks,
        items,
        plot: Bounds { x: PAD, y: rows_top, w: across.inner, h: (end - rows_top).max(1.0) },
        description: description(model, &cols, round, &title, &who_full),
        table: table(model, &cols),
        title,
        subtitle,
        warnings,
    }
}

impl Drawn for HeatModel {
    fn scene(&self, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
        scene(self, view, measure)
    }
}
