//! Text measurement for layout. Charts measure labels through [`TextMeasure`]: in the browser the
//! canvas's `measureText` (the web shell implements it), on the host a deterministic approximation,
//! so host tests and SVG snapshots never depend on installed fonts. Never plotters' DOM-span
//! measurement, which breaks a strict Content-Security-Policy (TOOLCHAIN.md, pitfall 7).

/// The chart font stack (NHS.UK: Frutiger, falling back to Arial).
pub const FONT_FAMILY: &str = "\"Frutiger W01\", Arial, sans-serif";

/// Measures the advance width of a string in CSS pixels.
pub trait TextMeasure {
    fn width(&self, text: &str, size: f64, bold: bool) -> f64;
}

/// Arial-like average advance widths per character class, as fractions of the font size: close
/// enough to lay out labels without clipping, and identical on every machine.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApproxMeasure;

impl TextMeasure for ApproxMeasure {
    fn width(&self, text: &str, size: f64, bold: bool) -> f64 {
        let em: f64 = text
            .chars()
            .map(|c| match c {
                'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 0.24,
                'f' | 't' | 'r' | ' ' | '(' | ')' | '-' | '/' => 0.31,
                'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.85,
                'A'..='Z' | '&' | '0'..='9' => 0.64,
                _ => 0.53,
            })
            .sum();
        em * size * if bold { 1.06 } else { 1.0 }
    }
}

/// Breaks `text` into lines no wider than `max_width`, at spaces; a single word wider than the
/// line stays whole on its own line.
pub fn wrap(measure: &dyn TextMeasure, text: &str, size: f64, bold: bool, max_width: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if !line.is_empty() && measure.width(&candidate, size, bold) > max_width {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Shortens `text` with an ellipsis to fit `max_width`.
pub fn truncate(measure: &dyn TextMeasure, text: &str, size: f64, bold: bool, max_width: f64) -> String {
    if measure.width(text, size, bold) <= max_width {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut n = chars.len();
    while n > 0 {
        let s: String = chars[..n].iter().collect::<String>() + "…";
        if measure.width(&s, size, bold) <= max_width {
            return s;
        }
        n -= 1;
    }
    "…".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_every_line_within_the_width() {
        let m = ApproxMeasure;
        let text = "Salford Royal NHS Foundation Trust: 4-hour performance similar to England";
        let lines = wrap(&m, text, 14.0, false, 200.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| m.width(l, 14.0, false) <= 200.0), "{lines:?}");
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn truncate_adds_an_ellipsis_only_when_needed() {
        let m = ApproxMeasure;
        assert_eq!(truncate(&m, "short", 12.0, false, 500.0), "short");
        let t = truncate(&m, "a very long organisation name indeed", 12.0, false, 80.0);
        assert!(t.ends_with('…') && m.width(&t, 12.0, false) <= 80.0, "{t}");
    }
}
