//! The scene: what a chart draws, as marks in CSS pixels, plus the data items a pointer or the
//! keyboard can reach. Views build scenes; backends paint them; interaction reads them. Nothing
//! here knows about canvas, SVG or device pixels.

use serde::Serialize;

/// An sRGB colour with opacity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    pub a: f64,
}

impl Color {
    /// A colour from `0xRRGGBB`.
    pub const fn hex(rgb: u32) -> Self {
        Self { r: (rgb >> 16) as u8, g: (rgb >> 8) as u8, b: rgb as u8, a: 1.0 }
    }

    pub const fn with_alpha(self, a: f64) -> Self {
        Self { a, ..self }
    }

    /// `#rrggbb`, for CSS and SVG attributes.
    pub fn css(&self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

/// The NHS.UK palette and the Making Data Count colours (DESIGN.md section 6).
pub mod palette {
    use super::Color;
    pub const BLUE: Color = Color::hex(0x005eb8);
    pub const DARK_BLUE: Color = Color::hex(0x003087);
    pub const TEXT: Color = Color::hex(0x212b32);
    pub const SECONDARY_TEXT: Color = Color::hex(0x4c6272);
    pub const GREEN: Color = Color::hex(0x007f3b);
    pub const RED: Color = Color::hex(0xd5281b);
    pub const WARM_YELLOW: Color = Color::hex(0xffb81c);
    pub const PURPLE: Color = Color::hex(0x330072);
    pub const GREY_1: Color = Color::hex(0x425563);
    pub const GREY_2: Color = Color::hex(0x768692);
    pub const GREY_3: Color = Color::hex(0xaeb7bd);
    pub const GREY_4: Color = Color::hex(0xd8dde0);
    pub const GREY_5: Color = Color::hex(0xf0f4f5);
    pub const WHITE: Color = Color::hex(0xffffff);
    pub const FOCUS: Color = Color::hex(0xffeb3b);
    pub const BLACK: Color = Color::hex(0x0b0c0c);
}

/// How a line is stroked.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Stroke {
    pub color: Color,
    pub width: f64,
    /// Dash and gap lengths in CSS pixels; `None` for a solid line.
    pub dash: Option<(f64, f64)>,
}

impl Stroke {
    pub const fn solid(color: Color, width: f64) -> Self {
        Self { color, width, dash: None }
    }

    pub const fn dashed(color: Color, width: f64, dash: f64, gap: f64) -> Self {
        Self { color, width, dash: Some((dash, gap)) }
    }
}

/// Horizontal text anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Align {
    Start,
    Middle,
    End,
}

/// Vertical text anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Baseline {
    Top,
    Middle,
    Bottom,
}

/// A marker shape. Shape carries meaning alongside colour, so the chart reads without colour
/// vision (WCAG 1.4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Shape {
    Circle,
    TriangleUp,
    TriangleDown,
    Square,
    Diamond,
}

/// One thing to draw, in CSS pixels.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "mark", rename_all = "camelCase")]
pub enum Mark {
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        fill: Option<Color>,
        stroke: Option<Stroke>,
    },
    Line {
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        stroke: Stroke,
    },
    Path {
        points: Vec<(f64, f64)>,
        stroke: Stroke,
    },
    Polygon {
        points: Vec<(f64, f64)>,
        fill: Color,
    },
    Marker {
        x: f64,
        y: f64,
        size: f64,
        shape: Shape,
        fill: Color,
        stroke: Option<Stroke>,
    },
    Text {
        x: f64,
        y: f64,
        text: String,
        size: f64,
        bold: bool,
        color: Color,
        align: Align,
        baseline: Baseline,
        rotate: bool,
    },
}

/// A rectangle in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bounds {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Bounds {
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x && x <= self.x + self.w && y >= self.y && y <= self.y + self.h
    }
}

/// A data item a person can point at or move to with the keyboard: its hit area, the point a
/// tooltip hangs from, and its words (tooltip lines, the sentence a screen reader speaks).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// A stable key for events and cross-view selection (an ODS code).
    pub key: String,
    pub label: String,
    pub hit: Bounds,
    pub anchor: (f64, f64),
    pub tooltip: Vec<(String, String)>,
    pub summary: String,
    /// What the overlay draws when this item is hovered, focused or selected.
    pub highlight: Highlight,
}

/// An item's highlight on the overlay: a shape described in a few numbers, turned into marks
/// only for the items highlighted (a chart of 20,000 points keeps 20,000 of these, not 60,000
/// marks).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Highlight {
    /// A focus ring `size` across around the item's anchor.
    Ring(f64),
    /// A dashed guide from `top` to `bottom` through the anchor, and a focus ring `size` across.
    Guide { size: f64, top: f64, bottom: f64 },
    /// A focus outline around a rectangle (a cell, a row).
    Outline(Bounds),
    /// Marks of the view's own.
    Marks(Vec<Mark>),
}

impl Highlight {
    /// The marks of this highlight for an item anchored at `(x, y)`.
    pub fn marks(&self, (x, y): (f64, f64)) -> Vec<Mark> {
        use super::marks::{GUIDE_STROKE, focus_box, focus_ring, rule_v};
        match self {
            Highlight::Ring(size) => focus_ring(x, y, *size),
            Highlight::Guide { size, top, bottom } => {
                let mut marks = vec![rule_v(x, *top, *bottom, GUIDE_STROKE)];
                marks.extend(focus_ring(x, y, *size));
                marks
            }
            Highlight::Outline(b) => focus_box(*b),
            Highlight::Marks(marks) => marks.clone(),
        }
    }
}

/// A drawn chart: its size, marks, items in keyboard order, and its words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scene {
    pub width: f64,
    pub height: f64,
    pub marks: Vec<Mark>,
    pub items: Vec<Item>,
    /// The plot area; hover outside it finds nothing.
    pub plot: Bounds,
    pub title: String,
    pub subtitle: String,
    /// A text alternative: what the chart shows, in sentences.
    pub description: String,
    pub table: Table,
    /// Warnings the page should show beside the chart.
    pub warnings: Vec<String>,
}

/// The chart's data as a table, for the table view and CSV download.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// The table as RFC 4180 CSV text; fields with commas, quotes or line breaks are quoted.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        let mut line = |fields: &[String]| {
            for (i, f) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                // A leading = + - @ would run as a formula in a spreadsheet (CSV injection).
                let risky =
                    f.starts_with(['=', '+', '@']) || (f.starts_with('-') && f.parse::<f64>().is_err());
                let f = if risky { format!("'{f}") } else { f.clone() };
                if f.contains([',', '"', '\n', '\r']) {
                    out.push('"');
                    out.push_str(&f.replace('"', "\"\""));
                    out.push('"');
                } else {
                    out.push_str(&f);
                }
            }
            out.push_str("\r\n");
        };
        line(&self.columns);
        for r in &self.rows {
            line(r);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_csv_quotes_commas_and_defuses_formulas() {
        let t = Table {
            columns: vec!["name".into(), "value".into()],
            rows: vec![vec!["Trust, A".into(), "-1.5".into()], vec!["=HYPERLINK(\"x\")".into(), "2".into()]],
        };
        assert_eq!(t.to_csv(), "name,value\r\n\"Trust, A\",-1.5\r\n\"'=HYPERLINK(\"\"x\"\")\",2\r\n");
    }

    #[test]
    fn color_hex_round_trips_to_css() {
        assert_eq!(palette::BLUE.css(), "#005eb8");
    }
}
