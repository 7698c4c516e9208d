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

/// A bounded cache of measured widths, for a measurer whose calls are dear (the canvas's
/// `measureText` crosses into JavaScript). It holds at most [`MeasureCache::MAX_ENTRIES`]
/// widths and [`MeasureCache::MAX_BYTES`] bytes of text, and is cleared when either would be
/// passed (cheaper than an LRU, and a chart's labels fit many times over); texts longer than
/// [`MeasureCache::MAX_KEY_BYTES`] are measured every time, never kept. A hit allocates nothing.
#[derive(Debug, Default)]
pub struct MeasureCache {
    widths: std::collections::HashMap<String, Vec<(u64, bool, f64)>>,
    entries: usize,
    bytes: usize,
}

impl MeasureCache {
    pub const MAX_ENTRIES: usize = 4_096;
    pub const MAX_BYTES: usize = 256 * 1024;
    pub const MAX_KEY_BYTES: usize = 512;

    pub fn new() -> Self {
        Self::default()
    }

    /// The width of `text` at `size` and weight `bold`: from the cache, or from `measure`
    /// (then kept, unless the text is too long to be worth keeping).
    pub fn width(&mut self, text: &str, size: f64, bold: bool, measure: impl FnOnce() -> f64) -> f64 {
        let size_key = size.to_bits();
        if let Some(w) = self
            .widths
            .get(text)
            .and_then(|v| v.iter().find(|(s, b, _)| *s == size_key && *b == bold))
            .map(|(_, _, w)| *w)
        {
            return w;
        }
        let w = measure();
        if text.len() > Self::MAX_KEY_BYTES {
            return w;
        }
        if self.entries + 1 > Self::MAX_ENTRIES || self.bytes + text.len() > Self::MAX_BYTES {
            self.clear();
        }
        match self.widths.get_mut(text) {
            Some(v) => v.push((size_key, bold, w)),
            None => {
                self.bytes += text.len();
                self.widths.insert(text.to_string(), vec![(size_key, bold, w)]);
            }
        }
        self.entries += 1;
        w
    }

    /// How many widths are kept.
    pub fn len(&self) -> usize {
        self.entries
    }

    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }

    /// How many bytes of text the kept widths are keyed by.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    pub fn clear(&mut self) {
        self.widths.clear();
        self.entries = 0;
        self.bytes = 0;
    }
}

/// Any measurer with a [`MeasureCache`] in front of it.
#[derive(Debug, Default)]
pub struct CachedMeasure<M> {
    pub inner: M,
    cache: std::cell::RefCell<MeasureCache>,
}

impl<M: TextMeasure> CachedMeasure<M> {
    pub fn new(inner: M) -> Self {
        Self { inner, cache: std::cell::RefCell::default() }
    }

    /// How many widths the cache holds.
    pub fn cached(&self) -> usize {
        self.cache.borrow().len()
    }
}

impl<M: TextMeasure> TextMeasure for CachedMeasure<M> {
    fn width(&self, text: &str, size: f64, bold: bool) -> f64 {
        match self.cache.try_borrow_mut() {
            Ok(mut cache) => cache.width(text, size, bold, || self.inner.width(text, size, bold)),
            // Only reachable if the inner measurer measured through this one: do not cache.
            Err(_) => self.inner.width(text, size, bold),
        }
    }
}

/// Labels are cut to this many characters before they are measured: a label longer than this
/// cannot be read on a chart (the full text stays in tooltips, the table and the CSV), and a
/// name of zero-width or combining characters would otherwise "fit" at any length.
pub const MAX_LABEL_CHARS: usize = 300;
/// Text to wrap (titles, subtitles, sentences) is cut to this many characters first.
pub const MAX_WRAP_CHARS: usize = 2_000;
/// Wrapped text gives at most this many lines; the last ends with an ellipsis when text is left
/// over, so a 10 MB title is a few lines, not a canvas a million pixels tall.
pub const MAX_WRAP_LINES: usize = 12;

/// The leading `max_chars` characters of `text`, and whether anything was cut.
fn cut_chars(text: &str, max_chars: usize) -> (&str, bool) {
    match text.char_indices().nth(max_chars) {
        Some((end, _)) => (&text[..end], true),
        None => (text, false),
    }
}

/// Breaks `text` into lines no wider than `max_width`, at spaces; a word wider than the line is
/// cut with an ellipsis on its own line. At most [`MAX_WRAP_LINES`] lines of the first
/// [`MAX_WRAP_CHARS`] characters; the last line ends with an ellipsis when text is left over.
///
/// Each word is measured once and line widths are summed (estimate), re-measuring the whole
/// candidate line only when the estimate is within rounding of the limit (correct), so the cost
/// is linear in the text and the lines are those measuring every candidate would give.
pub fn wrap(measure: &dyn TextMeasure, text: &str, size: f64, bold: bool, max_width: f64) -> Vec<String> {
    let (text, cut) = cut_chars(text, MAX_WRAP_CHARS);
    let space = measure.width(" ", size, bold);
    // Rounding slack on the summed estimate; none for an infinite or undefined width, where
    // every comparison is decided by measuring (at most MAX_WRAP_CHARS characters a line).
    let tolerance = if max_width.is_finite() { 1e-6 * max_width.abs().max(1.0) } else { 0.0 };
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut line_w = 0.0;
    let mut words = text.split_whitespace();
    while let Some(word) = words.next() {
        let w = measure.width(word, size, bold);
        if line.is_empty() {
            line.push_str(word);
            line_w = w;
            continue;
        }
        let estimate = line_w + space + w;
        let fits = if estimate > max_width + tolerance {
            false
        } else if estimate < max_width - tolerance {
            true
        } else {
            let real = measure.width(&format!("{line} {word}"), size, bold);
            real <= max_width
        };
        if fits {
            line.push(' ');
            line.push_str(word);
            line_w = estimate;
            continue;
        }
        lines.push(fit_word(measure, std::mem::take(&mut line), size, bold, max_width));
        if lines.len() + 1 == MAX_WRAP_LINES {
            // The last line allowed: it takes the rest and ends with an ellipsis if that is cut.
            let rest: Vec<&str> = std::iter::once(word).chain(words.by_ref()).collect();
            let last = rest.join(" ");
            if cut || measure.width(&last, size, bold) > max_width {
                lines.push(ellipsize(measure, &last, size, bold, max_width));
            } else {
                lines.push(last);
            }
            return lines;
        }
        line.push_str(word);
        line_w = w;
    }
    if !line.is_empty() {
        let last = fit_word(measure, line, size, bold, max_width);
        lines.push(if cut { ellipsize(measure, &last, size, bold, max_width) } else { last });
    }
    lines
}

/// A line as it is, unless it is a single word wider than the line: then cut with an ellipsis.
fn fit_word(measure: &dyn TextMeasure, line: String, size: f64, bold: bool, max_width: f64) -> String {
    if line.contains(' ') || measure.width(&line, size, bold) <= max_width {
        line
    } else {
        ellipsize(measure, &line, size, bold, max_width)
    }
}

/// Shortens `text` with an ellipsis to fit `max_width`, and to at most [`MAX_LABEL_CHARS`]
/// characters whatever the width.
pub fn truncate(measure: &dyn TextMeasure, text: &str, size: f64, bold: bool, max_width: f64) -> String {
    let (_, cut) = cut_chars(text, MAX_LABEL_CHARS);
    if !cut && measure.width(text, size, bold) <= max_width {
        return text.to_string();
    }
    ellipsize(measure, text, size, bold, max_width)
}

/// The longest prefix of `text` (at most [`MAX_LABEL_CHARS`] characters) that fits `max_width`
/// with an ellipsis after it, found by binary search over the prefix length: widths grow with
/// the prefix, so O(log n) measurements of at most the label limit each.
fn ellipsize(measure: &dyn TextMeasure, text: &str, size: f64, bold: bool, max_width: f64) -> String {
    let (text, _) = cut_chars(text, MAX_LABEL_CHARS);
    // Byte offsets where the prefixes of 1, 2, ... characters end.
    let ends: Vec<usize> = text.char_indices().skip(1).map(|(i, _)| i).chain([text.len()]).collect();
    let with_ellipsis = |n: usize| format!("{}…", &text[..ends[n - 1]]);
    let (mut lo, mut hi) = (0, ends.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if measure.width(&with_ellipsis(mid), size, bold) <= max_width {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    if lo == 0 { "…".to_string() } else { with_ellipsis(lo) }
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

    use std::cell::Cell;

    /// Counts the calls and the characters measured, so cost is asserted without timing.
    #[derive(Default)]
    struct Counting {
        calls: Cell<usize>,
        chars: Cell<usize>,
        zero_width: bool,
    }

    impl TextMeasure for Counting {
        fn width(&self, text: &str, size: f64, bold: bool) -> f64 {
            self.calls.set(self.calls.get() + 1);
            self.chars.set(self.chars.get() + text.chars().count());
            if self.zero_width { 0.0 } else { ApproxMeasure.width(text, size, bold) }
        }
    }

    #[test]
    fn truncating_a_ten_thousand_character_name_measures_a_logarithmic_number_of_times() {
        let m = Counting::default();
        let name = "Hospital ".repeat(1_200);
        let t = truncate(&m, &name, 12.0, false, 200.0);
        assert!(t.ends_with('…') && ApproxMeasure.width(&t, 12.0, false) <= 200.0, "{t}");
        assert!(m.calls.get() <= 40, "{} measurements", m.calls.get());
        assert!(m.chars.get() <= 40 * 301, "{} characters measured", m.chars.get());
    }

    #[test]
    fn truncate_cuts_zero_width_text_to_the_label_limit() {
        let m = Counting { zero_width: true, ..Counting::default() };
        let t = truncate(&m, &"e\u{301}\u{200b}".repeat(40_000), 12.0, false, 200.0);
        assert!(t.chars().count() <= 301, "{} characters", t.chars().count());
        assert!(t.ends_with('…'));
    }

    #[test]
    fn wrapping_a_megabyte_title_gives_a_few_lines_for_a_bounded_cost() {
        let m = Counting::default();
        let title = "word ".repeat(200_000);
        let lines = wrap(&m, &title, 17.0, true, 400.0);
        assert!(lines.len() <= 12, "{} lines", lines.len());
        assert!(lines.last().is_some_and(|l| l.ends_with('…')), "{:?}", lines.last());
        assert!(lines.iter().all(|l| ApproxMeasure.width(l, 17.0, true) <= 400.0));
        assert!(m.chars.get() <= 20_000, "{} characters measured", m.chars.get());
    }

    #[test]
    fn a_word_wider_than_the_line_is_cut_with_an_ellipsis() {
        let m = ApproxMeasure;
        let lines = wrap(&m, &format!("Short {} end", "W".repeat(1_000)), 12.0, false, 300.0);
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(lines[1].ends_with('…') && m.width(&lines[1], 12.0, false) <= 300.0);
        assert_eq!((lines[0].as_str(), lines[2].as_str()), ("Short", "end"));
    }

    #[test]
    fn the_measure_cache_answers_repeats_without_measuring_and_stays_within_its_bounds() {
        let m = CachedMeasure::new(Counting::default());
        for _ in 0..3 {
            assert_eq!(m.width("Salford", 12.0, false), ApproxMeasure.width("Salford", 12.0, false));
        }
        m.width("Salford", 12.0, true);
        m.width("Salford", 13.0, false);
        assert_eq!((m.inner.calls.get(), m.cached()), (3, 3), "one measurement per text, size and weight");
        for i in 0..20_000 {
            m.width(&format!("organisation {i}"), 12.0, false);
        }
        assert!(m.cached() <= MeasureCache::MAX_ENTRIES);
        let long = "x".repeat(MeasureCache::MAX_KEY_BYTES + 1);
        let before = m.cached();
        m.width(&long, 12.0, false);
        m.width(&long, 12.0, false);
        assert_eq!(m.cached(), before, "a very long text is measured, not kept");
        let mut cache = MeasureCache::new();
        for i in 0..2_000 {
            cache.width(&format!("{i:0>500}"), 12.0, false, || 1.0);
            assert!(cache.bytes() <= MeasureCache::MAX_BYTES);
        }
    }
}
