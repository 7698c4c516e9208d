//! The heat map of published pillar scores: the focus and its cohort in rows, highest 2025
//! overall score first, the seven pillars and the overall score in columns. Cells are coloured on
//! the sequential scale of [`super::sequential`] over the assessment's 1 to 5 and carry their
//! value in white or black, whichever reaches 4.5:1, so colour is never the only cue. The focus's
//! row is outlined and its name bold. When the rows do not fit the chart's height, the rows
//! around the focus are drawn and the rest counted (all are in the table). The rows and their
//! order come from the model ([`crate::maturity::dma_views::heat`]).

use super::published::{
    badge_labels, caveat, cohort_words, exemplar_note, icb_short_name, labels_text, plot_band, score, who,
};
use super::{FOCUS_COLOR, badges, sequential, text_on};
use crate::chart::format::short_name;
use crate::chart::layout::{Font, Frame, LABEL_SIZE, PAD, SOURCE_SIZE, ViewOptions, text};
use crate::chart::marks::rect;
use crate::chart::scene::{Align, Baseline, Bounds, Highlight, Item, Mark, Scene, Stroke, Table, palette};
use crate::chart::text::{TextMeasure, truncate, wrap};
use crate::chart::view::Drawn;
use crate::maturity::dma_compare::HeatRow;
use crate::maturity::dma_results::PILLARS;
use crate::maturity::dma_views::DmaHeatModel;

const RANGE: (f64, f64) = (1.0, 5.0);

/// The columns: the pillars shown, then the overall score.
fn columns(m: &DmaHeatModel) -> Vec<String> {
    let mut c: Vec<String> = m.heat.titles.iter().map(|t| t.to_string()).collect();
    c.push("Overall 2025".into());
    c
}

/// A row's values in column order.
fn values(m: &DmaHeatModel, row: &HeatRow) -> Vec<Option<f64>> {
    let mut v: Vec<Option<f64>> = m
        .heat
        .columns
        .iter()
        .map(|id| PILLARS.iter().position(|p| p.id == *id).and_then(|p| row.pillars[p]))
        .collect();
    v.push(row.overall_2025);
    v
}

/// Whether a row is named by its code (a trust), rather than by its name (an ICB, or a trust
/// the crosswalk could not match, whose key is its published name).
fn has_code(row: &HeatRow) -> bool {
    !row.key.eq_ignore_ascii_case(&row.name)
}

fn row_label(row: &HeatRow, compact: bool) -> String {
    match (has_code(row), compact) {
        (true, true) => row.key.clone(),
        (true, false) => format!("{} ({})", short_name(&row.name), row.key),
        (false, _) => icb_short_name(&row.name),
    }
}

/// A row's label cut to its column: the name shortened first, so the code stays whole.
fn fitted_label(row: &HeatRow, a: &Across, measure: &dyn TextMeasure) -> String {
    let room = a.label_w - 12.0;
    let full = row_label(row, a.compact);
    if a.compact || !has_code(row) || measure.width(&full, LABEL_SIZE, row.is_focus) <= room {
        return truncate(measure, &full, LABEL_SIZE, row.is_focus, room);
    }
    let code = format!(" ({})", row.key);
    let name_room = room - measure.width(&code, LABEL_SIZE, row.is_focus);
    format!(
        "{}{code}",
        truncate(measure, &short_name(&row.name), LABEL_SIZE, row.is_focus, name_room.max(10.0))
    )
}

/// The message: the focus's place among those shown, by the overall score.
fn title(m: &DmaHeatModel, who: &str) -> String {
    let n = m.heat.rows.len();
    match m.heat.rows.get(m.focus_row).and_then(|r| r.overall_2025) {
        Some(_) => {
            format!("{who} is {} of {n} on the 2025 overall score in its cohort", ordinal(m.focus_row + 1))
        }
        None => format!("{who} has no 2025 overall score; its cohort of {} by pillar", n - 1),
    }
}

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

fn subtitle(m: &DmaHeatModel, who: &str) -> String {
    format!(
        "Digital Maturity Assessment 2025, pillar scores from 1 to 5 (darker is more mature; every cell gives its \
         value): {who} and {}, highest overall first. {}",
        cohort_words(&m.heat.cohort),
        caveat(&m.focus)
    )
}

/// Which rows are drawn: all when they fit, else a window of `fits` rows around the focus.
fn window(m: &DmaHeatModel, fits: usize) -> std::ops::Range<usize> {
    let n = m.heat.rows.len();
    if fits >= n {
        return 0..n;
    }
    let start = m.focus_row.saturating_sub(fits / 2).min(n - fits);
    start..start + fits
}

/// Where the names and cells go across: names get what they need up to 280 pixels, leaving every
/// column at least 66 (room for most header words); a narrow chart names rows by code.
struct Across {
    compact: bool,
    label_w: f64,
    col_w: f64,
}

impl Across {
    fn new(m: &DmaHeatModel, frame: &Frame, n_cols: usize) -> Self {
        let inner = frame.inner_width();
        let compact = inner < 520.0;
        let widest = m
            .heat
            .rows
            .iter()
            .map(|r| frame.measure().width(&row_label(r, false), LABEL_SIZE, r.is_focus))
            .fold(0.0, f64::max);
        // Trusts go by code on a narrow chart; ICBs have none, so they keep a cut name.
        let label_w = match (compact, m.heat.rows.iter().all(has_code)) {
            (true, true) => 56.0,
            (true, false) => (inner * 0.3).max(80.0),
            _ => (widest + 12.0).min(280.0).min(inner - 66.0 * n_cols as f64).max(100.0),
        };
        Self { compact, label_w, col_w: (inner - label_w) / n_cols as f64 }
    }

    fn x(&self, col: usize) -> f64 {
        PAD + self.label_w + col as f64 * self.col_w
    }
}

/// The column headers from `top`, bottom-aligned; returns where the rows start.
fn headers(marks: &mut Vec<Mark>, cols: &[String], a: &Across, top: f64, measure: &dyn TextMeasure) -> f64 {
    let lines: Vec<Vec<String>> = cols
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if a.compact {
                return vec![if i + 1 == cols.len() { "All".to_string() } else { (i + 1).to_string() }];
            }
            let mut l = wrap(measure, c, SOURCE_SIZE, false, a.col_w - 4.0);
            l.truncate(4);
            l.iter().map(|s| truncate(measure, s, SOURCE_SIZE, false, a.col_w - 4.0)).collect()
        })
        .collect();
    let most = lines.iter().map(Vec::len).max().unwrap_or(1);
    let line_h = SOURCE_SIZE * 1.2;
    let font = Font(SOURCE_SIZE, false, palette::TEXT, Align::Middle, Baseline::Top);
    for (i, l) in lines.iter().enumerate() {
        let y = top + (most - l.len()) as f64 * line_h;
        for (k, s) in l.iter().enumerate() {
            marks.push(text(a.x(i) + a.col_w / 2.0, y + k as f64 * line_h, s, font));
        }
    }
    top + most as f64 * line_h + 6.0
}

/// A cell: coloured with its value, or a dash on white for no score.
fn cell(marks: &mut Vec<Mark>, v: Option<f64>, b: Bounds, measure: &dyn TextMeasure) {
    let (cx, cy) = (b.x + b.w / 2.0, b.y + b.h / 2.0);
    let font = Font::LABEL.align(Align::Middle, Baseline::Middle);
    match v {
        Some(v) => {
            let fill = sequential((v - RANGE.0) / (RANGE.1 - RANGE.0));
            marks.push(rect(b, Some(fill), None));
            let t = truncate(measure, &score(v), LABEL_SIZE, false, b.w - 2.0);
            marks.push(text(cx, cy, &t, font.color(text_on(fill))));
        }
        None => {
            marks.push(rect(b, Some(palette::WHITE), Some(Stroke::solid(palette::GREY_3, 1.0))));
            marks.push(text(cx, cy, "–", font));
        }
    }
}

fn cell_item(row: &HeatRow, col: &str, v: Option<f64>, b: Bounds) -> Item {
    let value = v.map_or("no score".to_string(), score);
    let who = if row.is_focus { "Focus" } else { "Cohort member" };
    Item {
        key: row.key.clone(),
        label: format!("{}: {col}", row.name),
        hit: b,
        anchor: (b.x + b.w / 2.0, b.y + b.h / 2.0),
        tooltip: vec![
            ("Organisation".into(), format!("{} ({})", row.name, row.key)),
            ("Score".into(), col.to_string()),
            ("2025".into(), value.clone()),
            ("Group".into(), who.into()),
        ],
        summary: format!("{} ({}), {col}: {value}. Self-assessed, 2025.", row.name, who.to_lowercase()),
        highlight: Highlight::Outline(b),
    }
}

/// Draws the rows in `shown` from `top`, `row_h` tall; returns the items and where they end.
fn draw_rows(
    marks: &mut Vec<Mark>,
    m: &DmaHeatModel,
    cols: &[String],
    a: &Across,
    (top, row_h, shown): (f64, f64, std::ops::Range<usize>),
    measure: &dyn TextMeasure,
) -> (Vec<Item>, f64) {
    let mut items = Vec::new();
    let mut y = top;
    for row in &m.heat.rows[shown] {
        let label = fitted_label(row, a, measure);
        let font = Font(LABEL_SIZE, row.is_focus, palette::TEXT, Align::Start, Baseline::Middle);
        marks.push(text(PAD + 4.0, y + row_h / 2.0, &label, font));
        for (i, (v, col)) in values(m, row).into_iter().zip(cols).enumerate() {
            let b = Bounds { x: a.x(i) + 1.0, y: y + 1.0, w: a.col_w - 2.0, h: row_h - 2.0 };
            cell(marks, v, b, measure);
            items.push(cell_item(row, col, v, b));
        }
        if row.is_focus {
            let b = Bounds { x: PAD, y, w: a.label_w + a.col_w * cols.len() as f64, h: row_h };
            marks.push(rect(b, None, Some(Stroke::solid(FOCUS_COLOR, 2.5))));
        }
        y += row_h;
    }
    (items, y)
}

/// The key under the badges: the colour ends, and on a narrow chart what the numbered columns are.
fn key(frame: &mut Frame, cols: &[String], compact: bool, by_code: bool) {
    let mut k = "Lighter is 1, darker is 5; – no score. Outlined: the focus.".to_string();
    if compact {
        let named: Vec<String> = cols.iter().enumerate().map(|(i, c)| format!("{} {c}", i + 1)).collect();
        k.push_str(&format!(
            " Columns: {}; All is the overall score.{}",
            named[..cols.len() - 1].join("; "),
            if by_code { " Rows by ODS code." } else { "" }
        ));
    }
    for line in wrap(frame.measure(), &k, SOURCE_SIZE, false, frame.inner_width()) {
        let font = Font(SOURCE_SIZE, false, palette::TEXT, Align::Start, Baseline::Top);
        frame.marks.push(text(PAD, frame.y, &line, font));
        frame.y += SOURCE_SIZE * 1.3;
    }
    frame.y += 6.0;
}

fn table(m: &DmaHeatModel, cols: &[String]) -> Table {
    let mut columns = vec!["Code".to_string(), "Organisation".to_string(), "Focus".to_string()];
    columns.extend(cols.iter().cloned());
    let rows = m
        .heat
        .rows
        .iter()
        .map(|r| {
            let mut out =
                vec![r.key.clone(), r.name.clone(), if r.is_focus { "yes" } else { "" }.to_string()];
            out.extend(values(m, r).into_iter().map(|v| v.map_or(String::new(), |v| format!("{v:.2}"))));
            out
        })
        .collect();
    Table { columns, rows }
}

fn description(m: &DmaHeatModel, cols: &[String], who: &str, title: &str) -> String {
    let mut d = format!(
        "Heat map of published 2025 pillar scores: {who} and {}. {title}.",
        cohort_words(&m.heat.cohort)
    );
    if let Some(row) = m.heat.rows.get(m.focus_row) {
        let parts: Vec<String> = cols
            .iter()
            .zip(values(m, row))
            .map(|(c, v)| format!("{c} {}", v.map_or("no score".into(), score)))
            .collect();
        d.push_str(&format!(" {who}: {}.", parts.join(", ")));
    }
    d.push(' ');
    d.push_str(&labels_text(&m.heat.labels));
    d
}

/// The heat map of a focus and its cohort by published pillar score.
pub fn scene(m: &DmaHeatModel, opts: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
    let who = who(&m.focus);
    let cols = columns(m);
    let title = opts.title.clone().unwrap_or_else(|| title(m, &who));
    let subtitle = subtitle(m, &who);
    let mut frame = Frame::new(opts.width, opts.height, measure);
    frame.heading(&title, &subtitle);
    badges(&mut frame, &badge_labels(&m.focus));
    let across = Across::new(m, &frame, cols.len());
    key(&mut frame, &cols, across.compact, m.heat.rows.iter().all(has_code));
    let note = m.focus.exemplar_cohort().then(|| exemplar_note(&m.focus)).flatten();
    // Headers of up to four lines, then every row at its tallest: a short cohort leaves no gap.
    let most = SOURCE_SIZE * 1.2 * 4.0 + 6.0 + m.heat.rows.len() as f64 * 26.0;
    let (top, bottom) = plot_band(&mut frame, &opts.source, note.as_deref(), 0.0, (160.0, most));
    let mut marks = std::mem::take(&mut frame.marks);
    let rows_top = headers(&mut marks, &cols, &across, top, measure);
    let n = m.heat.rows.len();
    let row_h = ((bottom - rows_top) / n as f64).clamp(16.0, 26.0);
    let shown = window(m, (((bottom - rows_top) / row_h).floor().max(1.0) as usize).min(n));
    let mut warnings = Vec::new();
    if shown.len() < n {
        warnings.push(format!(
            "Rows {} to {} of {n} are drawn, around {who}; the others are in the table. Make the chart taller to see more.",
            shown.start + 1,
            shown.end
        ));
    }
    let (items, end) = draw_rows(&mut marks, m, &cols, &across, (rows_top, row_h, shown), measure);
    Scene {
        width: frame.width,
        height: frame.height,
        marks,
        items,
        plot: Bounds { x: PAD, y: rows_top, w: frame.inner_width(), h: (end - rows_top).max(1.0) },
        description: description(m, &cols, &who, &title),
        table: table(m, &cols),
        title,
        subtitle,
        warnings,
    }
}

impl Drawn for DmaHeatModel {
    fn scene(&self, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
        scene(self, view, measure)
    }
}
