//! Digital maturity views: a radar of pillars against the peer group and the exemplars
//! ([`radar`]), a staircase of levels by domain with the next step ([`staircase`]), a heat map of
//! organisations by pillar ([`heat`]) and trajectories over assessment rounds ([`trajectory`]).
//!
//! Maturity results are self-assessed, and the bundled demo data is illustrative: every view
//! shows the results' labels ("Self-assessed", "Illustrative, not real assessment results") as
//! badges under the title, in the subtitle and in the text alternative, so no screenshot of a
//! chart can lose them. Each view draws a model from [`crate::maturity::views`], where every
//! number is computed; the scenes here are words, layout and marks. This module holds what the
//! views share: the badges, score formatting, the sequential colour scale with its text-contrast
//! rule, organisation labels and the empty-state scene; [`radar::RadarGeometry`] lays out any
//! radar of scores.

pub mod dma_distribution;
pub mod dma_heat;
pub mod dma_radar;
pub mod dma_trajectory;
pub mod heat;
pub mod published;
pub mod radar;
pub mod staircase;
pub mod trajectory;

use super::layout::{Font, Frame, LABEL_SIZE, PAD, ViewOptions, text};
use super::scene::{Align, Baseline, Bounds, Color, Mark, Scene, Stroke, Table, palette};
use super::text::TextMeasure;
use crate::maturity::{ILLUSTRATIVE_LABEL, Rule};

pub use crate::maturity::workspace::Names;

/// The focus organisation's colour (NHS dark blue; 11.8:1 on white).
pub const FOCUS_COLOR: Color = palette::DARK_BLUE;
/// The peer group's colour (Analysis Function teal #28A197; 3.2:1 on white, enough for marks).
pub const PEER_COLOR: Color = Color::hex(0x28a197);
/// The exemplars' colour (Analysis Function maroon #801650; 9.8:1 on white).
pub const EXEMPLAR_COLOR: Color = Color::hex(0x801650);
/// Dark text on light cells: pure black, the only dark that reaches 4.5:1 on every colour where
/// white text does not (no colour is below 4.5:1 against both white and #000000).
pub const INK: Color = Color::hex(0x000000);

/// A short name with its code, for row labels: "Salford Royal (RM3)".
pub fn short_label(names: &Names, code: &str) -> String {
    match names.get(code) {
        Some(n) => format!("{} ({code})", super::format::short_name(n)),
        None => code.to_string(),
    }
}

pub use crate::chart::format::capitalise as capitalised;

/// The labels as a sentence for subtitles and descriptions: "Self-assessed. Illustrative, not
/// real assessment results."
pub fn labels_sentence(labels: &[String]) -> String {
    labels.iter().map(|l| format!("{l}.")).collect::<Vec<_>>().join(" ")
}

/// Whether the labels include the illustrative-data warning.
pub fn is_illustrative(labels: &[String]) -> bool {
    labels.iter().any(|l| l == ILLUSTRATIVE_LABEL)
}

/// Draws the labels as badges on one row under the heading (wrapping when they do not fit): the
/// illustrative warning on warm yellow, others outlined. Text is #212b32, 8.3:1 on the yellow.
pub fn badges(frame: &mut Frame, labels: &[String]) {
    if labels.is_empty() {
        return;
    }
    let measure = frame.measure();
    let (h, gap) = (20.0, 8.0);
    let mut x = PAD;
    let mut ordered: Vec<&String> = labels.iter().filter(|l| *l == ILLUSTRATIVE_LABEL).collect();
    ordered.extend(labels.iter().filter(|l| *l != ILLUSTRATIVE_LABEL));
    for label in ordered {
        let illustrative = label == ILLUSTRATIVE_LABEL;
        let max_w = frame.inner_width() - 12.0;
        let shown = super::text::truncate(measure, label, LABEL_SIZE, true, max_w);
        let w = measure.width(&shown, LABEL_SIZE, true) + 12.0;
        if x + w > frame.width - PAD && x > PAD {
            x = PAD;
            frame.y += h + 4.0;
        }
        frame.marks.push(Mark::Rect {
            x,
            y: frame.y,
            w,
            h,
            fill: Some(if illustrative { palette::WARM_YELLOW } else { palette::WHITE }),
            stroke: Some(Stroke::solid(palette::TEXT, 1.0)),
        });
        frame.marks.push(text(
            x + 6.0,
            frame.y + h / 2.0,
            &shown,
            Font(LABEL_SIZE, true, palette::TEXT, Align::Start, Baseline::Middle),
        ));
        x += w + gap;
    }
    frame.y += h + 10.0;
}

/// A score as the framework writes it: levels to one decimal ("2.4"), DMA scores whole ("73"),
/// per cent of criteria met whole with a sign ("64%").
pub fn score_text(rule: Rule, v: f64) -> String {
    match rule {
        Rule::Cumulative => super::format::number(v, 1),
        Rule::Mean => super::format::number(v, 0),
        Rule::Staged => format!("{}%", super::format::number(v, 0)),
    }
}

/// What a score means, for subtitles and axis titles.
pub fn score_meaning(rule: Rule, range: [f64; 2], level_label: &str) -> String {
    let (lo, hi) = (range[0], range[1]);
    match rule {
        Rule::Cumulative => format!(
            "mean {} of the domains, {} to {}",
            level_label.to_lowercase(),
            super::format::number(lo, 0),
            super::format::number(hi, 0)
        ),
        Rule::Mean => {
            format!("mean score, {} to {}", super::format::number(lo, 0), super::format::number(hi, 0))
        }
        Rule::Staged => "per cent of criteria met".to_string(),
    }
}

/// WCAG 2.x relative luminance of an sRGB colour.
pub fn relative_luminance(c: Color) -> f64 {
    let lin = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 { s / 12.92 } else { ((s + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b)
}

/// WCAG 2.x contrast ratio between two opaque colours (1 to 21).
pub fn contrast_ratio(a: Color, b: Color) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    let (hi, lo) = if la >= lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// The text colour for a cell: white when it reaches 4.5:1 on the fill, otherwise black, which
/// then always does (WCAG 1.4.3).
pub fn text_on(fill: Color) -> Color {
    if contrast_ratio(palette::WHITE, fill) >= 4.5 { palette::WHITE } else { INK }
}

/// Stops of the sequential scale, light to dark, ending on NHS dark blue: lightness carries the
/// order, so the scale reads in greyscale and for colour-blind readers.
const SEQUENTIAL: [u32; 6] = [0xeef4fb, 0xc4d9f0, 0x8fb6e2, 0x4a86c9, 0x1c5aa6, 0x003087];

/// The sequential colour at `t` in [0, 1] (clamped; not finite gives the lightest).
pub fn sequential(t: f64) -> Color {
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 };
    let n = SEQUENTIAL.len() - 1;
    let pos = t * n as f64;
    let i = (pos.floor() as usize).min(n - 1);
    let f = pos - i as f64;
    let (a, b) = (Color::hex(SEQUENTIAL[i]), Color::hex(SEQUENTIAL[i + 1]));
    let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * f).round() as u8;
    Color { r: mix(a.r, b.r), g: mix(a.g, b.g), b: mix(a.b, b.b), a: 1.0 }
}

/// A chart with nothing to plot: the heading, the badges, a sentence saying why in the plot area,
/// and the reason as a warning for the page.
pub fn empty_scene(
    opts: &ViewOptions,
    measure: &dyn TextMeasure,
    title: &str,
    subtitle: &str,
    labels: &[String],
    why: &str,
) -> Scene {
    let mut frame = Frame::new(opts.width, opts.height, measure);
    let title = opts.title.clone().unwrap_or_else(|| title.to_string());
    frame.heading(&title, subtitle);
    badges(&mut frame, labels);
    let (top, bottom) = frame.source_and_plot_band(&opts.source, 0.0);
    let plot = Bounds { x: PAD, y: top, w: frame.inner_width(), h: bottom - top };
    for (i, line) in super::text::wrap(measure, why, LABEL_SIZE + 1.0, false, plot.w).iter().enumerate() {
        frame.marks.push(text(
            plot.x,
            plot.y + 10.0 + i as f64 * (LABEL_SIZE + 1.0) * 1.35,
            line,
            Font(LABEL_SIZE + 1.0, false, palette::TEXT, Align::Start, Baseline::Top),
        ));
    }
    Scene {
        width: frame.width,
        height: frame.height,
        marks: frame.marks,
        items: Vec::new(),
        plot,
        title,
        subtitle: subtitle.to_string(),
        description: format!("{why} {}", labels_sentence(labels)).trim().to_string(),
        table: Table::default(),
        warnings: vec![why.to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_the_wcag_examples() {
        assert!((contrast_ratio(palette::WHITE, INK) - 21.0).abs() < 1e-9);
        // NHS blue #005eb8 on white: luminance 0.1147, so 1.05 / 0.1647 = 6.38:1 (as WebAIM's
        // contrast checker reports for the pair).
        assert!((contrast_ratio(palette::BLUE, palette::WHITE) - 6.38).abs() < 0.01);
    }

    #[test]
    fn every_colour_of_the_sequential_scale_takes_text_at_four_and_a_half_to_one() {
        for i in 0..=200 {
            let fill = sequential(f64::from(i) / 200.0);
            let ratio = contrast_ratio(text_on(fill), fill);
            assert!(ratio >= 4.5, "t = {}: {} on {} is {ratio:.2}:1", i, text_on(fill).css(), fill.css());
        }
    }

    #[test]
    fn the_sequential_scale_darkens_monotonically() {
        let l: Vec<f64> = (0..=50).map(|i| relative_luminance(sequential(f64::from(i) / 50.0))).collect();
        assert!(l.windows(2).all(|w| w[1] < w[0]), "{l:?}");
        assert_eq!(sequential(f64::NAN), sequential(0.0));
    }

    #[test]
    fn series_colours_reach_three_to_one_on_white() {
        for c in [FOCUS_COLOR, PEER_COLOR, EXEMPLAR_COLOR, palette::GREY_2] {
            assert!(contrast_ratio(c, palette::WHITE) >= 3.0, "{}", c.css());
        }
    }

    #[test]
    fn scores_read_in_each_framework_s_units() {
        assert_eq!(score_text(Rule::Cumulative, 2.449), "2.4");
        assert_eq!(score_text(Rule::Mean, 72.6), "73");
        assert_eq!(score_text(Rule::Staged, 64.2), "64%");
    }
}
