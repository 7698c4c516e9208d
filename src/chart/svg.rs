//! SVG output: the same scene the canvas shows, painted through plotters' SVG backend, with the
//! chart's title and text alternative added so the exported file is accessible on its own. Used
//! for host snapshot tests and the "Download SVG" export, which embeds the spec as its recipe.

use super::draw::{Surface, paint};
use super::scene::Scene;
use plotters_svg::SVGBackend;

/// Escapes text for an XML text node or attribute.
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
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
        escape_xml(&scene.title),
        escape_xml(&scene.description),
        recipe
            .map(|r| format!("<metadata id=\"nhsb-recipe\">{}</metadata>\n", escape_xml(r)))
            .unwrap_or_default()
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
}
