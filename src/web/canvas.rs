//! Painting a scene onto a 2D canvas, batched by style: consecutive marks of one style go into
//! one path with one fill or stroke (20,000 interval rules are one `stroke()`, not 20,000), and
//! the canvas's fill, stroke, width, dash and font are set only when they change, from colour
//! strings prepared once. The device pixel ratio is applied once, as the canvas transform, so
//! marks stay in CSS pixels here as everywhere else.

use crate::chart::draw::marker_polygon;
use crate::chart::scene::{Align, Baseline, Color, Mark, Shape, Stroke};
use crate::chart::text::FONT_FAMILY;
use std::collections::HashMap;
use wasm_bindgen::JsValue;
use web_sys::CanvasRenderingContext2d;

/// What consecutive marks must share to go into one path.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Batch {
    /// Filled rectangles of one colour.
    Fill(Color),
    /// Lines, paths and stroked rectangles of one stroke.
    Stroke(Stroke),
    /// Markers of one shape, fill and outline.
    Marker(Shape, Color, Option<Stroke>),
    /// Filled polygons of one colour.
    Polygon(Color),
}

/// The canvas state last set, so each setter runs only on a change.
#[derive(Default)]
struct Current {
    fill: Option<Color>,
    stroke: Option<Color>,
    width: Option<f64>,
    dash: Option<Option<(f64, f64)>>,
    font: String,
    align: Option<Align>,
    baseline: Option<Baseline>,
}

/// Paints marks onto one canvas context.
pub struct Painter<'a> {
    ctx: &'a CanvasRenderingContext2d,
    colors: HashMap<(u8, u8, u8, u64), String>,
    current: Current,
}

impl<'a> Painter<'a> {
    /// A painter for `ctx`, scaled so one unit is one CSS pixel at `ratio` device pixels each.
    pub fn new(ctx: &'a CanvasRenderingContext2d, ratio: f64) -> Result<Self, JsValue> {
        ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0)?;
        ctx.set_line_join("round");

        Ok(Self { ctx, colors: HashMap::new(), current: Current::default() })
    }

    fn css(&mut self, c: Color) -> &str {
        let key = (c.r, c.g, c.b, c.a.to_bits());
        self.colors.entry(key).or_insert_with(|| {
            if c.a >= 1.0 { c.css() } else { format!("rgba({},{},{},{})", c.r, c.g, c.b, c.a) }
        })
    }

    fn set_fill(&mut self, c: Color) {
        if self.current.fill != Some(c) {
            let css = self.css(c).to_string();
            self.ctx.set_fill_style_str(&css);
            self.current.fill = Some(c);
        }
    }

    fn set_stroke(&mut self, s: Stroke) {
        if self.current.stroke != Some(s.color) {
            let css = self.css(s.color).to_string();
            self.ctx.set_stroke_style_str(&css);
            self.current.stroke = Some(s.color);
        }
        if self.current.width != Some(s.width) {
            self.ctx.set_line_width(s.width);
            self.current.width = Some(s.width);
        }
        if self.current.dash != Some(s.dash) {
            let pattern = js_sys::Array::new();
            if let Some((dash, gap)) = s.dash {
                pattern.push(&dash.into());
                pattern.push(&gap.into());
            }
            // A dash pattern of two finite numbers is always accepted.
            let _ = self.ctx.set_line_dash(&pattern);
            self.current.dash = Some(s.dash);
        }
    }

    /// Paints every mark in order.
    pub fn paint(&mut self, marks: &[Mark]) -> Result<(), JsValue> {
        let mut i = 0;
        while i < marks.len() {
            let Some(batch) = batch_of(&marks[i]) else {
                self.text(&marks[i])?;
                i += 1;
                continue;
            };
            let end =
                marks[i..].iter().position(|m| batch_of(m) != Some(batch)).map_or(marks.len(), |n| i + n);
            self.batch(batch, &marks[i..end]);
            i = end;
        }
        Ok(())
    }

    fn batch(&mut self, batch: Batch, marks: &[Mark]) {
        let ctx = self.ctx;
        ctx.begin_path();
        for m in marks {
            trace(ctx, m);
        }
        match batch {
            Batch::Fill(c) | Batch::Polygon(c) => {
                self.set_fill(c);
                ctx.fill();
            }
            Batch::Stroke(s) => {
                self.set_stroke(s);
                ctx.stroke();
            }
            Batch::Marker(_, fill, outline) => {
                self.set_fill(fill);
                ctx.fill();
                if let Some(s) = outline {
                    self.set_stroke(s);
                    ctx.stroke();
                }
            }
        }
    }

    fn text(&mut self, mark: &Mark) -> Result<(), JsValue> {
        let Mark::Text { x, y, text, size, bold, color, align, baseline, rotate } = mark else {
            return Ok(());
        };
        let font = format!("{}{}px {}", if *bold { "bold " } else { "" }, size, FONT_FAMILY);
        if self.current.font != font {
            self.ctx.set_font(&font);
            self.current.font = font;
        }
        if self.current.align != Some(*align) {
            self.ctx.set_text_align(match align {
                Align::Start => "left",
                Align::Middle => "center",
                Align::End => "right",
            });
            self.current.align = Some(*align);
        }
        if self.current.baseline != Some(*baseline) {
            self.ctx.set_text_baseline(match baseline {
                Baseline::Top => "top",
                Baseline::Middle => "middle",
                Baseline::Bottom => "bottom",
            });
            self.current.baseline = Some(*baseline);
        }
        self.set_fill(*color);
        if *rotate {
            self.ctx.save();
            self.ctx.translate(*x, *y)?;
            self.ctx.rotate(-std::f64::consts::FRAC_PI_2)?;
            self.ctx.fill_text(text, 0.0, 0.0)?;
            self.ctx.restore();
            // Restoring brings back the fill colour, font and alignment saved with it.
            Ok(())
        } else {
            self.ctx.fill_text(text, *x, *y)
        }
    }
}

/// The batch a mark joins; `None` for text, which is drawn one by one.
fn batch_of(mark: &Mark) -> Option<Batch> {
    Some(match mark {
        Mark::Rect { fill: Some(c), stroke: None, .. } => Batch::Fill(*c),
        Mark::Rect { fill: None, stroke: Some(s), .. }
        | Mark::Line { stroke: s, .. }
        | Mark::Path { stroke: s, .. } => Batch::Stroke(*s),
        // A filled and outlined rectangle is a marker-like pair: fill, then outline.
        Mark::Rect { fill: Some(c), stroke: Some(s), .. } => Batch::Marker(Shape::Square, *c, Some(*s)),
        Mark::Rect { fill: None, stroke: None, .. } => Batch::Fill(Color { r: 0, g: 0, b: 0, a: 0.0 }),
        Mark::Marker { shape, fill, stroke, .. } => Batch::Marker(*shape, *fill, *stroke),
        Mark::Polygon { fill, .. } => Batch::Polygon(*fill),
        Mark::Text { .. } => return None,
    })
}

/// Adds a mark's outline to the current path.
fn trace(ctx: &CanvasRenderingContext2d, mark: &Mark) {
    match mark {
        Mark::Rect { x, y, w, h, .. } => ctx.rect(*x, *y, *w, *h),
        Mark::Line { x1, y1, x2, y2, .. } => {
            ctx.move_to(*x1, *y1);
            ctx.line_to(*x2, *y2);
        }
        Mark::Path { points, .. } => polyline(ctx, points, false),
        Mark::Polygon { points, .. } => polyline(ctx, points, true),
        Mark::Marker { x, y, size, shape: Shape::Circle, .. } => {
            ctx.move_to(x + size / 2.0, *y);
            // An arc of finite radius never fails.
            let _ = ctx.arc(*x, *y, size / 2.0, 0.0, std::f64::consts::TAU);
        }
        Mark::Marker { x, y, size, shape, .. } => polyline(ctx, &marker_polygon(*shape, *x, *y, *size), true),
        Mark::Text { .. } => {}
    }
}

fn polyline(ctx: &CanvasRenderingContext2d, points: &[(f64, f64)], close: bool) {
    let Some((&(x0, y0), rest)) = points.split_first() else { return };
    ctx.move_to(x0, y0);
    for &(x, y) in rest {
        ctx.line_to(x, y);
    }
    // Back to the start by a line rather than closePath(), which Chromium makes slow on a path of
    // thousands of shapes (1.1 s for 20,000 markers in the profile); a fill closes each shape
    // anyway, and round joins hide the difference in an outline.
    if close {
        ctx.line_to(x0, y0);
    }
}
