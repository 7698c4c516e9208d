//! The radar of published pillar scores: the focus's seven 2025 pillars (NHS England's Digital
//! Maturity Assessment) against its cohort's median (dashed) over the interquartile range (a
//! shaded ring), and, for a trust in a setting with Global Digital Exemplars, the exemplars'
//! median (dotted). The layout is [`super::radar::RadarGeometry`]; every number comes from the
//! model ([`crate::maturity::dma_views::radar`]).

use super::published::{
    badge_labels, band_words, caveat, cohort_words, count, exemplar_note, labels_text, percentile, plot_band,
    score, who,
};
use super::radar::RadarGeometry;
use super::{EXEMPLAR_COLOR, FOCUS_COLOR, PEER_COLOR, badges};
use crate::chart::layout::{Frame, LegendEntry, PAD, Symbol, ViewOptions};
use crate::chart::marks::focus_ring;
use crate::chart::scene::{Bounds, Color, Highlight, Item, Mark, Scene, Shape, Stroke, Table, palette};
use crate::chart::text::TextMeasure;
use crate::chart::view::Drawn;
use crate::maturity::compare::Band;
use crate::maturity::dma_compare::ScoreRow;
use crate::maturity::dma_views::DmaRadarModel;

const COHORT_STROKE: Stroke = Stroke::dashed(PEER_COLOR, 2.0, 6.0, 4.0);
const EXEMPLAR_STROKE: Stroke = Stroke::dashed(EXEMPLAR_COLOR, 2.5, 2.0, 3.0);
const FOCUS_STROKE: Stroke = Stroke::solid(FOCUS_COLOR, 3.0);
const BAND_FILL: Color = PEER_COLOR.with_alpha(0.22);
/// The assessment's scale.
const RANGE: (f64, f64) = (1.0, 5.0);

fn axis_rows(m: &DmaRadarModel) -> Vec<&ScoreRow> {
    m.axes.iter().map(|&i| &m.comparison.rows[i]).collect()
}

/// The message: on how many pillars the focus is above or below its cohort's middle half.
fn title(m: &DmaRadarModel, who: &str) -> String {
    let rows = axis_rows(m);
    let n = rows.len();
    let above = rows.iter().filter(|r| r.against_cohort == Band::AboveUpperQuartile).count();
    let below = rows.iter().filter(|r| r.against_cohort == Band::BelowLowerQuartile).count();
    let iqr = "the interquartile range of its cohort";
    match (above, below) {
        (0, 0) => format!("{who} is within {iqr} on all {n} pillars"),
        (a, 0) => format!("{who} is above {iqr} on {a} of {n} pillars"),
        (0, b) => format!("{who} is below {iqr} on {b} of {n} pillars"),
        (a, b) => format!("{who} is above {iqr} on {a} of {n} pillars and below it on {b}"),
    }
}

fn subtitle(m: &DmaRadarModel, who: &str) -> String {
    let exemplars = if m.shows_exemplars() {
        let n = m.comparison.rows.first().and_then(|r| r.exemplars).map_or(0, |d| d.n);
        format!(" The dotted line is the median of {}.", count(n, "Global Digital Exemplar"))
    } else {
        String::new()
    };
    format!(
        "Digital Maturity Assessment 2025, pillar scores from 1 to 5: {who} against the median and interquartile \
         range of {}.{exemplars} {}",
        cohort_words(&m.comparison.cohort),
        caveat(&m.focus)
    )
}

fn legend(m: &DmaRadarModel, who: &str) -> Vec<LegendEntry> {
    let mut l = vec![
        LegendEntry {
            symbol: Symbol::Line(FOCUS_STROKE),
            label: super::published::legend_name(&m.focus, who),
        },
        LegendEntry { symbol: Symbol::Line(COHORT_STROKE), label: "Cohort median".into() },
        LegendEntry { symbol: Symbol::Swatch(BAND_FILL), label: "Cohort interquartile range".into() },
    ];
    if m.shows_exemplars() {
        l.push(LegendEntry { symbol: Symbol::Line(EXEMPLAR_STROKE), label: "Exemplars' median".into() });
    }
    l
}

/// The cohort's band, the focus's line, then the medians over it (thinner and patterned, so a
/// median equal to the focus's score still shows).
fn lines(marks: &mut Vec<Mark>, g: &RadarGeometry, m: &DmaRadarModel) {
    let rows = axis_rows(m);
    let quartiles: Option<Vec<(f64, f64)>> = rows.iter().map(|r| r.cohort.map(|d| (d.q1, d.q3))).collect();
    if let Some(q) = &quartiles {
        g.band(marks, q, BAND_FILL);
    }
    let values: Vec<Option<f64>> = rows.iter().map(|r| r.value).collect();
    g.series(marks, &values, FOCUS_STROKE, Shape::Circle, 10.0);
    let medians: Vec<Option<f64>> = rows.iter().map(|r| r.cohort.map(|d| d.median)).collect();
    g.series(marks, &medians, COHORT_STROKE, Shape::Square, 6.0);
    if m.shows_exemplars() {
        let ex: Vec<Option<f64>> = rows.iter().map(|r| r.exemplars.map(|d| d.median)).collect();
        g.series(marks, &ex, EXEMPLAR_STROKE, Shape::Diamond, 6.0);
    }
}

/// One pillar in words.
fn summary(r: &ScoreRow, who: &str) -> String {
    let mut s = format!("{}: {who} {}", r.title, r.value.map_or("has no score".into(), score));
    if let Some(d) = r.cohort {
        s.push_str(&format!(
            "; cohort median {}, interquartile range {} to {} ({} trusts)",
            score(d.median),
            score(d.q1),
            score(d.q3),
            d.n
        ));
    }
    if let Some(p) = r.percentile {
        s.push_str(&format!(", {}, {}", band_words(r.against_cohort), percentile(p)));
    }
    if let Some(e) = r.exemplars {
        s.push_str(&format!("; exemplars' median {}", score(e.median)));
    }
    s.push('.');
    s
}

fn tooltip(r: &ScoreRow, who: &str) -> Vec<(String, String)> {
    let cohort = r.cohort.map_or("no results".into(), |d| {
        format!("{} ({} to {}), {} results", score(d.median), score(d.q1), score(d.q3), d.n)
    });
    let mut t = vec![
        ("Pillar".into(), r.title.to_string()),
        (who.to_string(), r.value.map_or("no score".into(), score)),
        ("Cohort median (IQR)".into(), cohort),
        ("Against the cohort".into(), band_words(r.against_cohort).to_string()),
    ];
    if let Some(p) = r.percentile {
        t.push(("Percentile rank".into(), percentile(p)));
    }
    if let Some(e) = r.exemplars {
        t.push(("Exemplars' median".into(), format!("{} ({} exemplars)", score(e.median), e.n)));
    }
    t
}

fn items(g: &RadarGeometry, m: &DmaRadarModel, who: &str) -> Vec<Item> {
    axis_rows(m)
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let anchor = g.at(i, r.value.or(r.cohort.map(|d| d.median)).unwrap_or(RANGE.0));
            let ((x1, y1), (x2, y2)) = (g.at(i, RANGE.0), g.rim(i));
            let mut highlight =
                vec![Mark::Line { x1, y1, x2, y2, stroke: Stroke::dashed(palette::GREY_1, 1.5, 3.0, 3.0) }];
            highlight.extend(focus_ring(anchor.0, anchor.1, 20.0));
            Item {
                key: r.id.to_string(),
                label: r.title.to_string(),
                hit: g.axis_hit(i),
                anchor,
                tooltip: tooltip(r, who),
                summary: summary(r, who),
                highlight: Highlight::Marks(highlight),
            }
        })
        .collect()
}

/// Every score with the cohort's quartiles and the exemplars' median.
fn table(m: &DmaRadarModel, who: &str) -> Table {
    let f = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.2}"));
    let mut columns = vec!["Score".to_string(), format!("{who} ({})", m.comparison.key)];
    columns.extend(
        ["Cohort lower quartile", "Cohort median", "Cohort upper quartile", "Cohort results"]
            .into_iter()
            .chain(["Percentile rank", "Against the cohort", "Exemplars' median"])
            .map(String::from),
    );
    let rows = m
        .comparison
        .rows
        .iter()
        .map(|r| {
            vec![
                r.title.to_string(),
                f(r.value),
                f(r.cohort.map(|d| d.q1)),
                f(r.cohort.map(|d| d.median)),
                f(r.cohort.map(|d| d.q3)),
                r.cohort.map_or("0".into(), |d| d.n.to_string()),
                r.percentile.map_or(String::new(), |p| format!("{p:.0}")),
                band_words(r.against_cohort).to_string(),
                f(r.exemplars.map(|d| d.median)),
            ]
        })
        .collect();
    Table { columns, rows }
}

fn description(m: &DmaRadarModel, who: &str, title: &str) -> String {
    let mut d = format!(
        "Radar chart of {who}'s published 2025 pillar scores against {}. {title}.",
        cohort_words(&m.comparison.cohort)
    );
    for r in &m.comparison.rows {
        d.push(' ');
        d.push_str(&summary(r, who));
    }
    d.push(' ');
    d.push_str(&labels_text(&m.comparison.labels));
    d
}

/// The radar of a focus's published pillar scores against its cohort.
pub fn scene(m: &DmaRadarModel, opts: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
    let who = who(&m.focus);
    let title = opts.title.clone().unwrap_or_else(|| title(m, &who));
    let subtitle = subtitle(m, &who);
    let mut frame = Frame::new(opts.width, opts.height, measure);
    frame.heading(&title, &subtitle);
    badges(&mut frame, &badge_labels(&m.focus));
    frame.legend(&legend(m, &who));
    let note = (m.shows_exemplars() || m.focus.exemplar_cohort()).then(|| exemplar_note(&m.focus)).flatten();
    let least = frame.inner_width().min(480.0) * 0.9;
    let (top, bottom) = plot_band(&mut frame, &opts.source, note.as_deref(), 0.0, (least, f64::INFINITY));
    let plot = Bounds { x: PAD, y: top, w: frame.inner_width(), h: bottom - top };
    let mut marks = std::mem::take(&mut frame.marks);
    let titles: Vec<&str> = axis_rows(m).iter().map(|r| r.title).collect();
    let g = RadarGeometry::fit(plot, &titles, RANGE, measure);
    g.grid(&mut marks);
    g.ring_values(&mut marks, measure, "");
    lines(&mut marks, &g, m);
    g.axis_labels(&mut marks);
    let mut warnings = Vec::new();
    if !m.comparison.cohort.not_found.is_empty() {
        warnings.push(format!(
            "No result in this care setting for {}: left out of the cohort.",
            m.comparison.cohort.not_found.join(", ")
        ));
    }
    Scene {
        width: frame.width,
        height: frame.height,
        items: items(&g, m, &who),
        marks,
        plot,
        description: description(m, &who, &title),
        table: table(m, &who),
        title,
        subtitle,
        warnings,
    }
}

impl Drawn for DmaRadarModel {
    fn scene(&self, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
        scene(self, view, measure)
    }
}
