//! SVG output: the same scene the canvas shows, painted through plotters' SVG backend, with the
//! chart's title and text alternative added so the exported file is accessible on its own. Used
//! for host snapshot tests and the "Download SVG" export, which embeds the spec as its recipe.

use super::draw::{Surface, paint};
use super::scene::Scene;
use plotters_svg::SVGBackend;

/// Whether XML 1.0 allows `c` in a document (its `Char` production): tab, line feed and
/// carriage return, and everything from U+0020 except U+FFFE and U+FFFF (lone surrogates cannot
/// occur in a Rust string). An SVG with any other character is not well-formed and will not open.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= '\u{20}' && c != '\u{fffe}' && c != '\u{ffff}')
}

/// `s` without the characters XML forbids ([`is_xml_char`]); borrowed when there are none.
/// This is the one sanitiser for SVG text: [`escape_xml`] uses it for what this module writes,
/// and the painter ([`super::draw`]) uses it for every text it hands to a backend (plotters-svg
/// escapes markup but passes control characters through).
pub fn xml_chars(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().all(is_xml_char) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.chars().filter(|&c| is_xml_char(c)).collect())
    }
}

/// Escapes text for an XML text node or attribute, dropping characters XML forbids.
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // A raw carriage return would be read back as a line feed: keep it as a reference.
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// The most characters of the title and of the description the SVG carries (a screen reader
/// reads them whole; the chart itself wraps and cuts its title far sooner).
pub const MAX_TITLE_CHARS: usize = 2_000;
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;
/// The largest recipe embedded; a larger one (a spec with a 10 MB title) is left out, and a
/// note in its place says so, rather than making every export that large.
pub const MAX_RECIPE_BYTES: usize = 1 << 20;

/// `s` cut to `max` characters, with an ellipsis when cut.
fn cut(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(max) {
        Some((end, _)) => std::borrow::Cow::Owned(format!("{}…", &s[..end])),
        None => std::borrow::Cow::Borrowed(s),
    }
}

/// Renders `scene` as a standalone SVG document. `recipe`, when given, is stored in a
/// `<metadata>` element so the file can re-create the chart.
pub fn render(scene: &Scene, recipe: Option<&str>) -> String {
    let mut body = String::new();
    {
        let size = (scene.width.round().max(1.0) as u32, scene.height.round().max(1.0) as u32);
        let mut backend = SVGBackend::with_string(&mut body, size);
        // The SVG backend only appends to a String, which cannot fail.
        let _ = paint(&scene.marks, &mut backend, Surface::SVG);
    }
    let head = format!(
        "<title id=\"nhsb-title\">{}</title>\n<desc id=\"nhsb-desc\">{}</desc>\n{}",
        escape_xml(&cut(&scene.title, MAX_TITLE_CHARS)),
        escape_xml(&cut(&scene.description, MAX_DESCRIPTION_CHARS)),
        match recipe {
            Some(r) if r.len() <= MAX_RECIPE_BYTES => {
                format!("<metadata id=\"nhsb-recipe\">{}</metadata>\n", escape_xml(r))
            }
            Some(r) => format!(
                "<metadata id=\"nhsb-recipe-omitted\">The recipe is {} bytes, over the {MAX_RECIPE_BYTES} \
                 embedded: save the spec separately to re-create this chart.</metadata>\n",
                r.len()
            ),
            None => String::new(),
        }
    );
    match body.find('>') {
        Some(end) if body.starts_with("<svg") => {
            let open = &body[..end];
            format!(
                "{open} role=\"img\" aria-labelledby=\"nhsb-title nhsb-desc\">\n{head}{}",
                &body[end + 1..].trim_start_matches('\n')
            )
        }
        _ => body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::scene::{Bounds, Mark, Table, palette};

    #[test]
    fn svg_carries_the_title_description_and_escaped_recipe() {
        let scene = Scene {
            width: 100.0,
            height: 50.0,
            marks: vec![Mark::Rect {
                x: 0.0,
                y: 0.0,
                w: 100.0,
                h: 50.0,
                fill: Some(palette::WHITE),
                stroke: None,
            }],
            items: vec![],
            plot: Bounds { x: 0.0, y: 0.0, w: 100.0, h: 50.0 },
            title: "A & B <script>".into(),
            subtitle: String::new(),
            description: "desc".into(),
            table: Table::default(),
            warnings: vec![],
        };
        let svg = render(&scene, Some("{\"metric\":\"<x>\"}"));
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=\"nhsb-title\">A &amp; B &lt;script&gt;</title>"));
        assert!(svg.contains("&quot;metric&quot;:&quot;&lt;x&gt;&quot;"));
        assert!(!svg.contains("<script>"));
    }

    #[test]
    fn svg_stays_well_formed_xml_with_control_characters_and_non_characters_in_any_text() {
        let hostile = "a\u{0}b\u{1}\u{8}\u{b}\u{c}\u{1b}\u{7f}\u{fffe}\u{ffff}\u{202e}<x>&\"'c";
        let scene = Scene {
            width: 100.0,
            height: 50.0,
            marks: vec![Mark::Text {
                x: 1.0,
                y: 1.0,
                text: hostile.into(),
                size: 12.0,
                bold: false,
                color: palette::TEXT,
                align: crate::chart::scene::Align::Start,
                baseline: crate::chart::scene::Baseline::Top,
                rotate: false,
            }],
            items: vec![],
            plot: Bounds { x: 0.0, y: 0.0, w: 100.0, h: 50.0 },
            title: hostile.into(),
            subtitle: String::new(),
            description: hostile.into(),
            table: Table::default(),
            warnings: vec![],
        };
        let svg = render(&scene, Some(hostile));
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
        let text = doc.descendants().find(|n| n.has_tag_name("text")).and_then(|n| n.text()).unwrap_or("");
        assert_eq!(text.trim(), "ab\u{7f}\u{202e}<x>&\"'c");
        let title = doc.descendants().find(|n| n.has_tag_name("title")).and_then(|n| n.text());
        assert_eq!(title, Some("ab\u{7f}\u{202e}<x>&\"'c"));
    }

    #[test]
    fn a_huge_title_description_and_recipe_are_bounded_in_the_svg() {
        let huge = "A very long title. ".repeat(100_000);
        let scene = Scene {
            width: 100.0,
            height: 50.0,
            marks: vec![],
            items: vec![],
            plot: Bounds { x: 0.0, y: 0.0, w: 100.0, h: 50.0 },
            title: huge.clone(),
            subtitle: String::new(),
            description: huge.clone(),
            table: Table::default(),
            warnings: vec![],
        };
        let svg = render(&scene, Some(&huge));
        assert!(svg.len() < 4 * (MAX_TITLE_CHARS + MAX_DESCRIPTION_CHARS) + 1_000, "{} bytes", svg.len());
        assert!(svg.contains("nhsb-recipe-omitted") && svg.contains("save the spec separately"));
        assert!(roxmltree::Document::parse(&svg).is_ok());
    }
}
