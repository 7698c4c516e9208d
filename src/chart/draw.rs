//! Painting a scene through plotters' `DrawingBackend` trait: the canvas backend in the browser,
//! the SVG backend on the host and for export. This is the only place that converts CSS pixels to
//! device pixels (multiplying by the device pixel ratio), so charts stay crisp on HiDPI screens.

use super::scene::{Align, Baseline, Color, Mark, Shape, Stroke};
use super::svg::xml_chars;
use super::text::{FONT_FAMILY, MAX_WRAP_CHARS};
use plotters_backend::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontFamily,
    FontStyle, FontTransform,
};

/// The most characters of one text mark a backend is given (the longest a wrapped line can be).
pub const MAX_DRAWN_CHARS: usize = MAX_WRAP_CHARS;

/// How CSS pixels become backend pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Surface {
    /// Device pixels per CSS pixel (`window.devicePixelRatio` in the browser, 1 for SVG).
    pub ratio: f64,
    /// The factor a backend needs on font sizes: plotters' SVG backend writes `size / 1.24`.
    pub font_factor: f64,
}

impl Surface {
    pub const CANVAS_1X: Surface = Surface { ratio: 1.0, font_factor: 1.0 };
    pub const SVG: Surface = Surface { ratio: 1.0, font_factor: 1.24 };

    fn px(&self, v: f64) -> i32 {
        (v * self.ratio).round() as i32
    }

    fn pt(&self, (x, y): (f64, f64)) -> BackendCoord {
        (self.px(x), self.px(y))
    }
}

fn backend_color(c: Color) -> BackendColor {
    BackendColor { alpha: c.a, rgb: (c.r, c.g, c.b) }
}

struct Pen {
    color: BackendColor,
    width: u32,
}

impl BackendStyle for Pen {
    fn color(&self) -> BackendColor {
        self.color
    }
    fn stroke_width(&self) -> u32 {
        self.width
    }
}

fn pen(s: &Stroke, surface: &Surface) -> Pen {
    Pen { color: backend_color(s.color), width: ((s.width * surface.ratio).round() as u32).max(1) }
}

/// Our text style: the backend draws the text itself, so no font files or DOM measurement.
struct Font {
    size: f64,
    bold: bool,
    color: BackendColor,
    anchor: Pos,
    rotate: bool,
}

#[derive(Debug)]
struct NoFontError;

impl std::fmt::Display for NoFontError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("text is drawn by the backend")
    }
}

impl std::error::Error for NoFontError {}

impl BackendTextStyle for Font {
    type FontError = NoFontError;

    fn color(&self) -> BackendColor {
        self.color
    }
    fn size(&self) -> f64 {
        self.size
    }
    fn transform(&self) -> FontTransform {
        if self.rotate { FontTransform::Rotate270 } else { FontTransform::None }
    }
    fn style(&self) -> FontStyle {
        if self.bold { FontStyle::Bold } else { FontStyle::Normal }
    }
    fn anchor(&self) -> Pos {
        self.anchor
    }
    fn family(&self) -> FontFamily<'_> {
        FontFamily::Name(FONT_FAMILY)
    }
    fn layout_box(&self, _text: &str) -> Result<((i32, i32), (i32, i32)), NoFontError> {
        Err(NoFontError)
    }
    fn draw<E, F: FnMut(i32, i32, BackendColor) -> Result<(), E>>(
        &self,
        _text: &str,
        _pos: BackendCoord,
        _draw: F,
    ) -> Result<Result<(), E>, NoFontError> {
        Err(NoFontError)
    }
}

/// The points of a marker shape centred on `(x, y)` with overall size `size` (CSS pixels).
pub fn marker_polygon(shape: Shape, x: f64, y: f64, size: f64) -> Vec<(f64, f64)> {
    let h = size / 2.0;
    match shape {
        Shape::TriangleUp => {
            vec![(x, y - h * 1.15), (x + h * 1.1, y + h * 0.75), (x - h * 1.1, y + h * 0.75)]
        }
        Shape::TriangleDown => {
            vec![(x, y + h * 1.15), (x + h * 1.1, y - h * 0.75), (x - h * 1.1, y - h * 0.75)]
        }
        Shape::Square => vec![(x - h, y - h), (x + h, y - h), (x + h, y + h), (x - h, y + h)],
        Shape::Diamond => vec![(x, y - h * 1.3), (x + h * 1.3, y), (x, y + h * 1.3), (x - h * 1.3, y)],
        Shape::Circle => (0..16)
            .map(|i| {
                let a = i as f64 / 16.0 * std::f64::consts::TAU;
                (x + h * a.cos(), y + h * a.sin())
            })
            .collect(),
    }
}

fn dashed_segments(a: (f64, f64), b: (f64, f64), dash: f64, gap: f64) -> Vec<((f64, f64), (f64, f64))> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len = (dx * dx + dy * dy).sqrt();
    if len == 0.0 || dash <= 0.0 {
        return vec![(a, b)];
    }
    let (ux, uy) = (dx / len, dy / len);
    let mut out = Vec::new();
    let mut t = 0.0;
    while t < len {
        let e = (t + dash).min(len);
        out.push(((a.0 + ux * t, a.1 + uy * t), (a.0 + ux * e, a.1 + uy * e)));
        t = e + gap.max(0.5);
    }
    out
}

/// Paints `marks` in order onto `backend`.
pub fn paint<B: DrawingBackend>(
    marks: &[Mark],
    backend: &mut B,
    surface: Surface,
) -> Result<(), DrawingErrorKind<B::ErrorType>> {
    for mark in marks {
        paint_mark(mark, backend, &surface)?;
    }
    Ok(())
}

fn paint_mark<B: DrawingBackend>(
    mark: &Mark,
    backend: &mut B,
    s: &Surface,
) -> Result<(), DrawingErrorKind<B::ErrorType>> {
    match mark {
        Mark::Rect { x, y, w, h, fill, stroke } => {
            let (a, b) = (s.pt((*x, *y)), s.pt((x + w, y + h)));
            if let Some(f) = fill {
                backend.draw_rect(a, b, &backend_color(*f), true)?;
            }
            if let Some(st) = stroke {
                backend.draw_rect(a, b, &pen(st, s), false)?;
            }
        }
        Mark::Line { x1, y1, x2, y2, stroke } => line(backend, s, (*x1, *y1), (*x2, *y2), stroke)?,
        Mark::Path { points, stroke } => {
            if stroke.dash.is_some() {
                for w in points.windows(2) {
                    line(backend, s, w[0], w[1], stroke)?;
                }
            } else {
                backend.draw_path(points.iter().map(|p| s.pt(*p)), &pen(stroke, s))?;
            }
        }
        Mark::Polygon { points, fill } => {
            backend.fill_polygon(points.iter().map(|p| s.pt(*p)), &backend_color(*fill))?;
        }
        Mark::Marker { x, y, size, shape, fill, stroke } => {
            let pts = marker_polygon(*shape, *x, *y, *size);
            if *shape == Shape::Circle {
                let r = ((size / 2.0) * s.ratio).round().max(1.0) as u32;
                backend.draw_circle(s.pt((*x, *y)), r, &backend_color(*fill), true)?;
                if let Some(st) = stroke {
                    backend.draw_circle(s.pt((*x, *y)), r, &pen(st, s), false)?;
                }
            } else {
                backend.fill_polygon(pts.iter().map(|p| s.pt(*p)), &backend_color(*fill))?;
                if let Some(st) = stroke {
                    let mut closed = pts.clone();
                    closed.push(pts[0]);
                    backend.draw_path(closed.iter().map(|p| s.pt(*p)), &pen(st, s))?;
                }
            }
        }
        Mark::Text { x, y, text, size, bold, color, align, baseline, rotate } => {
            let anchor = Pos::new(
                match align {
                    Align::Start => HPos::Left,
                    Align::Middle => HPos::Center,
                    Align::End => HPos::Right,
                },
                match baseline {
                    Baseline::Top => VPos::Top,
                    Baseline::Middle => VPos::Center,
                    Baseline::Bottom => VPos::Bottom,
                },
            );
            let font = Font {
                size: size * s.ratio * s.font_factor,
                bold: *bold,
                color: backend_color(*color),
                anchor,
                rotate: *rotate,
            };
            backend.draw_text(&drawn_text(text), &font, s.pt((*x, *y)))?;
        }
    }
    Ok(())
}

/// The text a backend is given for a text mark: at most [`MAX_DRAWN_CHARS`] characters (views cut
/// labels to fit long before this; it bounds what any mark can cost to paint or export) and only
/// characters XML allows, so the SVG export stays well-formed and the canvas shows no control
/// characters.
fn drawn_text(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(MAX_DRAWN_CHARS) {
        Some((end, _)) => std::borrow::Cow::Owned(format!("{}…", xml_chars(&text[..end]))),
        None => xml_chars(text),
    }
}

fn line<B: DrawingBackend>(
    backend: &mut B,
    s: &Surface,
    a: (f64, f64),
    b: (f64, f64),
    stroke: &Stroke,
) -> Result<(), DrawingErrorKind<B::ErrorType>> {
    let p = pen(stroke, s);
    match stroke.dash {
        None => backend.draw_line(s.pt(a), s.pt(b), &p),
        Some((dash, gap)) => {
            for (u, v) in dashed_segments(a, b, dash, gap) {
                backend.draw_line(s.pt(u), s.pt(v), &p)?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dashes_cover_the_line_with_gaps() {
        let segs = dashed_segments((0.0, 0.0), (10.0, 0.0), 3.0, 2.0);
        assert_eq!(segs.len(), 2);
        assert_eq!(segs[0], ((0.0, 0.0), (3.0, 0.0)));
        assert_eq!(segs[1], ((5.0, 0.0), (8.0, 0.0)));
    }

    #[test]
    fn triangles_point_the_way_their_name_says() {
        let up = marker_polygon(Shape::TriangleUp, 0.0, 0.0, 10.0);
        assert!(up[0].1 < up[1].1, "apex above the base");
        let down = marker_polygon(Shape::TriangleDown, 0.0, 0.0, 10.0);
        assert!(down[0].1 > down[1].1, "apex below the base");
    }
}
