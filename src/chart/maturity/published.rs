//! What the views of NHS England's published maturity results share: the badges every chart
//! carries (self-assessed, the publication, the care setting or the ICB level), the sentence on
//! what is and is not comparable, how a score and a place in the cohort are written, and the
//! focus's name. The four views ([`super::dma_radar`], [`super::dma_heat`],
//! [`super::dma_trajectory`], [`super::dma_distribution`]) draw models from
//! [`crate::maturity::dma_views`].

use crate::chart::format::{number, short_name};
use crate::maturity::compare::Band;
use crate::maturity::dma_compare::Cohort;
use crate::maturity::dma_results::{COMPARABLE_NOTE, Level, SELF_ASSESSED};
use crate::maturity::dma_views::DmaFocus;

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

/// The cohort in words, with its size: "Acute, England (133 trusts)".
pub fn cohort_words(c: &Cohort) -> String {
    let noun = if c.level == Level::Provider { "trust" } else { "ICB" };
    format!("{} ({})", c.label, count(c.members.len(), noun))
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
    format!("{SELF_ASSESSED} scores, {within}. {COMPARABLE_NOTE}.")
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

/// A percentile rank as words: "28th percentile", or "lowest" and "highest" at the ends (a rank
/// of 0 or 100: below or above every member).
pub fn percentile(p: f64) -> String {
    let n = p.round() as i64;
    if p <= 0.0 {
        return "lowest in the cohort".to_string();
    }
    if p >= 100.0 {
        return "highest in the cohort".to_string();
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
        assert_eq!(signed(0.2), "+0.20");
        assert_eq!(signed(-0.2024), "-0.20");
    }
}
