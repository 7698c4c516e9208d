//! What the views of NHS England's published maturity results share: the badges every chart
//! carries (self-assessed, the publication, the care setting or the ICB level), the sentence on
//! what is and is not comparable, how a score and a place in the cohort are written, and the
//! focus's name. The four views ([`super::dma_radar`], [`super::dma_heat`],
//! [`super::dma_trajectory`], [`super::dma_distribution`]) draw models from
//! [`crate::maturity::dma_views`].

use crate::chart::format::{number, short_name};
use crate::chart::layout::{Font, Frame, PAD, SOURCE_SIZE, text};
use crate::chart::scene::{Align, Baseline, Mark, palette};
use crate::chart::text::{TextMeasure, wrap};
use crate::maturity::compare::Band;
use crate::maturity::dma_compare::Cohort;
use crate::maturity::dma_results::{Level, SELF_ASSESSED};
use crate::maturity::dma_views::DmaFocus;
use crate::maturity::exemplars::{self, Exemplar, SUCCESSOR_NOTE};

/// The short badges under the heading: self-assessed, whose results, and which results.
pub fn badge_labels(focus: &DmaFocus) -> Vec<String> {
    let which = match focus.setting {
        Some(s) if focus.level == Level::Provider => format!("{} care setting", s.label()),
        _ => "ICB level".to_string(),
    };
    vec![SELF_ASSESSED.to_string(), "Published by NHS England, 2025".to_string(), which]
}

/// A score as the publication shows it, to one decimal.
pub fn score(v: f64) -> String {
    number(v, 1)
}

/// A change, signed, to two decimals (the overall scores are means over many domains).
pub fn signed(v: f64) -> String {
    let t = number(v, 2);
    if v > 0.0 && t != "0.00" { format!("+{t}") } else { t }
}

/// The focus's name: "Northern Care Alliance", or "Greater Manchester ICB".
pub fn who(focus: &DmaFocus) -> String {
    let name = focus.result().map_or_else(|| focus.key.clone(), |r| r.display_name());
    icb_short_name(&short_name(&name))
}

/// "NHS Greater Manchester Integrated Care Board" as "Greater Manchester ICB"; other names as
/// they are.
pub fn icb_short_name(name: &str) -> String {
    match name.strip_suffix(" Integrated Care Board") {
        Some(rest) => format!("{} ICB", rest.strip_prefix("NHS ").unwrap_or(rest)),
        None => name.to_string(),
    }
}

/// The cohort in words, with its size: "133 acute trusts in England", "the 10 acute trusts
/// nearest in size (RTT waiting list)", "16 Global Digital Exemplars (acute)", "41 other ICBs in
/// England"; a saved list by its name.
pub fn cohort_words(c: &Cohort) -> String {
    let n = c.members.len();
    let Some((head, tail)) = c.label.split_once(", ") else { return format!("{} ({n})", c.label) };
    let place = match tail {
        "England" => " in England",
        "same region" => " in the same region",
        "same ICB" => " in the same ICB",
        _ => "",
    };
    match head {
        "Global Digital Exemplars" => format!("{} ({tail})", count(n, "Global Digital Exemplar")),
        "ICBs" => format!("{n} other {}{place}", if n == 1 { "ICB" } else { "ICBs" }),
        setting if tail.starts_with("nearest") => {
            format!("the {n} {} trusts nearest in size (RTT waiting list)", setting.to_lowercase())
        }
        setting if !place.is_empty() => {
            format!("{n} {} {}{place}", setting.to_lowercase(), if n == 1 { "trust" } else { "trusts" })
        }
        _ => format!("{} ({n})", c.label),
    }
}

/// The exemplars' successor mapping as a chart states it: the exemplars that merged or were
/// renamed, each with today's trust, and the codes of those unchanged (the full mapping is in
/// the text alternative). `None` when the setting has no exemplars.
pub fn exemplar_note(focus: &DmaFocus) -> Option<String> {
    let setting = focus.setting.filter(|_| focus.level == Level::Provider)?;
    let all = exemplars::for_setting(setting);
    if all.is_empty() {
        return None;
    }
    let (changed, same): (Vec<&&Exemplar>, Vec<&&Exemplar>) =
        all.iter().partition(|e| e.now.is_some() || e.former_code.is_some());
    let mut parts: Vec<String> = changed
        .iter()
        .map(|e| {
            let was = e.former_code.map_or(String::new(), |c| format!(" (was {c})"));
            let now = e.now.map_or(String::new(), |n| format!(", now {n}"));
            format!("{}{was} \u{2192} {}{now}", e.exemplar, e.code)
        })
        .collect();
    if !same.is_empty() {
        let codes: Vec<&str> = same.iter().map(|e| e.code).collect();
        parts.push(format!("unchanged: {}", codes.join(", ")));
    }
    Some(format!("{SUCCESSOR_NOTE}: {}.", parts.join("; ")))
}

/// Lines of `note` wrapped to `width` in the source font, in chunks broken at "; " of about ten
/// lines each, so no chunk meets the wrap's line limit.
fn note_lines(measure: &dyn TextMeasure, note: &str, width: f64) -> Vec<String> {
    let per_chunk = (width / (SOURCE_SIZE * 0.6) * 9.0).max(120.0) as usize;
    let mut lines = Vec::new();
    let mut chunk = String::new();
    for part in note.split_inclusive("; ") {
        if chunk.len() + part.len() > per_chunk && !chunk.is_empty() {
            lines.extend(wrap(measure, chunk.trim_end(), SOURCE_SIZE, false, width));
            chunk.clear();
        }
        chunk.push_str(part);
    }
    if !chunk.is_empty() {
        lines.extend(wrap(measure, chunk.trim_end(), SOURCE_SIZE, false, width));
    }
    lines
}

/// Lays out the foot of a chart of published results: the source line at the bottom, `note`
/// (the exemplars' mapping) above it, and `below` pixels for axis labels; the chart grows so the
/// plot keeps at least `least` pixels, and shrinks so it takes no more than `most`. Returns the
/// band left for the plot.
pub fn plot_band(
    frame: &mut Frame,
    source: &str,
    note: Option<&str>,
    below: f64,
    (least, most): (f64, f64),
) -> (f64, f64) {
    let width = frame.inner_width();
    let lines = note.map(|n| note_lines(frame.measure(), n, width)).unwrap_or_default();
    let line_h = SOURCE_SIZE * 1.3;
    let note_h = if lines.is_empty() { 0.0 } else { lines.len() as f64 * line_h + 8.0 };
    let source_h = wrap(frame.measure(), source, SOURCE_SIZE, false, width).len() as f64 * line_h;
    let room = frame.height - PAD - source_h - 8.0 - below - note_h - (frame.y + 6.0);
    let change = if room < least { least - room } else { -(room - most.max(least)).max(0.0) };
    if change != 0.0 {
        frame.height += change;
        if let Some(Mark::Rect { h, .. }) = frame.marks.first_mut() {
            *h = frame.height;
        }
    }
    let (top, bottom) = frame.source_and_plot_band(source, below + note_h);
    let font = Font(SOURCE_SIZE, false, palette::SECONDARY_TEXT, Align::Start, Baseline::Top);
    let mut y = bottom + below + 8.0;
    for l in &lines {
        frame.marks.push(text(PAD, y, l, font));
        y += line_h;
    }
    (top, bottom)
}

/// Where a value stands against the cohort's interquartile range.
pub fn band_words(b: Band) -> &'static str {
    match b {
        Band::AboveUpperQuartile => "above the cohort's upper quartile",
        Band::WithinInterquartileRange => "within the cohort's interquartile range",
        Band::BelowLowerQuartile => "below the cohort's lower quartile",
        Band::NoComparison => "not compared",
    }
}

/// The sentence every subtitle ends with: self-assessed, compared within one setting or level,
/// and what is not comparable.
pub fn caveat(focus: &DmaFocus) -> String {
    let within = match focus.setting {
        Some(s) if focus.level == Level::Provider => {
            format!("compared only with {} results, as NHS England advises", s.label().to_lowercase())
        }
        _ => "ICBs are their own level, compared only with ICBs".to_string(),
    };
    format!(
        "{SELF_ASSESSED} scores, {within}. The 2024 and 2025 overall scores use only domains comparable \
         between the years; the question set changed, so the years' pillar scores are not comparable."
    )
}

/// The labels as sentences, for the text alternative.
pub fn labels_text(labels: &[String]) -> String {
    labels.iter().map(|l| format!("{}.", l.trim_end_matches('.'))).collect::<Vec<_>>().join(" ")
}

/// "1 trust", "3 trusts".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// The focus's name with its ODS code for a legend ("Northern Care Alliance (RM3)"); an ICB's
/// name alone.
pub fn legend_name(focus: &DmaFocus, who: &str) -> String {
    if focus.level == Level::Provider { format!("{who} ({})", focus.key) } else { who.to_string() }
}

/// A percentile rank as words: "28th percentile"; "lowest" and "highest" at the ends (a rank of
/// 0 or 100: below or above every member), and below the 1st or above the 99th when it rounds to
/// an end.
pub fn percentile(p: f64) -> String {
    let n = p.round() as i64;
    match p {
        p if p <= 0.0 => return "lowest in the cohort".to_string(),
        p if p >= 100.0 => return "highest in the cohort".to_string(),
        _ if n == 0 => return "below the 1st percentile".to_string(),
        _ if n == 100 => return "above the 99th percentile".to_string(),
        _ => {}
    }
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix} percentile")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icb_names_are_shortened_and_others_kept() {
        assert_eq!(icb_short_name("NHS Greater Manchester Integrated Care Board"), "Greater Manchester ICB");
        assert_eq!(icb_short_name("Northern Care Alliance"), "Northern Care Alliance");
        assert_eq!(percentile(21.4), "21st percentile");
        assert_eq!(percentile(12.0), "12th percentile");
        assert_eq!(percentile(0.376), "below the 1st percentile");
        assert_eq!(percentile(0.0), "lowest in the cohort");
        assert_eq!(signed(0.2), "+0.20");
        assert_eq!(signed(-0.2024), "-0.20");
    }
}
