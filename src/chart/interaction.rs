//! Interaction as a pure state machine: `next(state, input, scene) -> (state, effect)`. The browser
//! shell only translates DOM events into [`Input`]s and carries out the [`Effect`]; everything a
//! pointer or a key does is decided here and tested on the host with synthetic events.
//!
//! Hover and keyboard focus both show the tooltip (WCAG 1.4.13: Escape dismisses it without moving
//! the pointer or focus); click, Enter or Space select an item, which the page hears as an event.

use super::scene::{Bounds, Scene};
use serde::Serialize;

/// Which items are hovered, focused by the keyboard and selected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct State {
    pub hover: Option<usize>,
    pub focus: Option<usize>,
    pub selected: Option<usize>,
    /// The tooltip was dismissed with Escape; it stays hidden until the pointer or focus moves on.
    pub dismissed: bool,
}

/// The keys the chart answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Next,
    Previous,
    First,
    Last,
    PageNext,
    PagePrevious,
    Activate,
    Escape,
}

impl Key {
    /// Maps a DOM `KeyboardEvent.key` to a chart key.
    pub fn from_dom(key: &str) -> Option<Self> {
        Some(match key {
            "ArrowRight" | "ArrowDown" => Key::Next,
            "ArrowLeft" | "ArrowUp" => Key::Previous,
            "Home" => Key::First,
            "End" => Key::Last,
            "PageDown" => Key::PageNext,
            "PageUp" => Key::PagePrevious,
            "Enter" | " " | "Spacebar" => Key::Activate,
            "Escape" | "Esc" => Key::Escape,
            _ => return None,
        })
    }
}

/// What happened, in CSS pixels relative to the chart's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Input {
    PointerMove {
        x: f64,
        y: f64,
    },
    PointerLeave,
    Click {
        x: f64,
        y: f64,
    },
    Key(Key),
    /// The chart gained keyboard focus: focus the selected item, or the first.
    Focus,
    Blur,
}

/// What the shell must do after an input.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Effect {
    /// The overlay (hover and focus marks) needs repainting.
    pub redraw: bool,
    /// The item whose tooltip to show, or none to hide it.
    pub tooltip: Option<usize>,
    /// What the aria-live region should say: an item's summary (the session fills in its
    /// words, which are built only when spoken).
    #[serde(skip)]
    pub speak: Option<Speak>,
    /// The sentence for the aria-live region, once the session has put the item into words.
    pub announce: Option<String>,
    /// The key of a newly selected item: fire a `select` event.
    pub selected: Option<String>,
    /// The input was handled (the shell prevents the browser's default, e.g. scrolling on arrows).
    pub handled: bool,
}

/// An item to put into words for a screen reader: as focused, or as just selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speak {
    Item(usize),
    Selected(usize),
}

/// A uniform grid over the chart that answers "which item is under this point" without scanning
/// every item: each cell lists the items whose hit area touches it.
///
/// Its size is bounded whatever the scene: at most [`HitGrid::MAX_SIDE_CELLS`] cells a side
/// (cells grow past 16 px on a very tall or wide chart), and an item whose hit area would touch
/// more than [`HitGrid::MAX_ITEM_CELLS`] cells is kept once in a list every query checks, so the
/// grid holds at most `MAX_SIDE_CELLS² + items x MAX_ITEM_CELLS` entries. A scene of infinite or
/// undefined size is gridded over its items' extent.
#[derive(Debug, Clone, PartialEq)]
pub struct HitGrid {
    cell_w: f64,
    cell_h: f64,
    cols: usize,
    rows: usize,
    cells: Vec<Vec<u32>>,
    large: Vec<u32>,
}

/// The cell size and count along one side of `extent` pixels.
fn grid_side(extent: f64) -> (f64, usize) {
    const CELL: f64 = 16.0;
    let count = ((extent / CELL).ceil().max(1.0) as usize).min(HitGrid::MAX_SIDE_CELLS);
    ((extent / count as f64).max(CELL), count)
}

/// The range of cells `from..from + len` touches along a side of `count` cells of size `cell`.
fn cell_span(from: f64, len: f64, cell: f64, count: usize) -> (usize, usize) {
    let at = |v: f64| ((v / cell).floor().max(0.0) as usize).min(count - 1);
    (at(from), at(from + len.max(0.0)))
}

impl HitGrid {
    /// The most cells along either side.
    pub const MAX_SIDE_CELLS: usize = 256;
    /// The most cells one item is listed in; a larger item goes in the list every query checks.
    pub const MAX_ITEM_CELLS: usize = 64;

    pub fn new(scene: &Scene) -> Self {
        let finite = |v: f64| if v.is_finite() && v > 0.0 { v } else { 0.0 };
        let hits = scene.items.iter().map(|i| i.hit);
        let (mut width, mut height) = (finite(scene.width), finite(scene.height));
        if !(scene.width.is_finite() && scene.height.is_finite()) {
            for b in hits.clone() {
                width = width.max(finite(b.x + b.w));
                height = height.max(finite(b.y + b.h));
            }
        }
        let ((cell_w, cols), (cell_h, rows)) = (grid_side(width), grid_side(height));
        let mut cells = vec![Vec::new(); cols * rows];
        let mut large = Vec::new();
        for (i, Bounds { x, y, w, h }) in hits.enumerate() {
            if [x, y, w, h].iter().any(|v| v.is_nan()) {
                continue; // contains() is false for every point: it can never be hit
            }
            let (c0, c1) = cell_span(x, w, cell_w, cols);
            let (r0, r1) = cell_span(y, h, cell_h, rows);
            if (c1 - c0 + 1).saturating_mul(r1 - r0 + 1) > Self::MAX_ITEM_CELLS {
                large.push(i as u32);
                continue;
            }
            for r in r0..=r1 {
                for c in c0..=c1 {
                    cells[r * cols + c].push(i as u32);
                }
            }
        }
        Self { cell_w, cell_h, cols, rows, cells, large }
    }

    /// How many cells the grid has, and how many item entries they and the large list hold.
    pub fn size(&self) -> (usize, usize) {
        (self.cells.len(), self.cells.iter().map(Vec::len).sum::<usize>() + self.large.len())
    }

    /// The item under `(x, y)`: among those whose hit area contains the point, the one whose anchor
    /// is nearest (so overlapping points pick the one the pointer is on).
    pub fn hit(&self, scene: &Scene, x: f64, y: f64) -> Option<usize> {
        if !(x.is_finite() && y.is_finite()) || x < 0.0 || y < 0.0 {
            return None;
        }
        let (c, r) = ((x / self.cell_w) as usize, (y / self.cell_h) as usize);
        if c >= self.cols || r >= self.rows {
            return None;
        }
        self.cells[r * self.cols + c]
            .iter()
            .chain(&self.large)
            .map(|&i| i as usize)
            .filter(|&i| scene.items.get(i).is_some_and(|it| it.hit.contains(x, y)))
            .min_by(|&a, &b| {
                let d = |i: usize| {
                    let (ax, ay) = scene.items[i].anchor;
                    (ax - x).powi(2) + (ay - y).powi(2)
                };
                d(a).total_cmp(&d(b))
            })
    }
}

/// How far Page Up / Page Down jump.
const PAGE: usize = 10;

/// The next state and what to do, for `input` on `scene`.
pub fn next(state: State, input: Input, scene: &Scene, grid: &HitGrid) -> (State, Effect) {
    let n = scene.items.len();
    let mut s = state;
    let mut e = Effect::default();
    match input {
        Input::PointerMove { x, y } => {
            let hit = grid.hit(scene, x, y);
            if hit != s.hover {
                s.hover = hit;
                s.dismissed = false;
                e.redraw = true;
            }
        }
        Input::PointerLeave => {
            if s.hover.is_some() {
                s.hover = None;
                e.redraw = true;
            }
        }
        Input::Click { x, y } => {
            if let Some(i) = grid.hit(scene, x, y) {
                s.hover = Some(i);
                s.focus = Some(i);
                s.dismissed = false;
                select(&mut s, &mut e, scene, i);
            }
        }
        Input::Focus => {
            if n > 0 && s.focus.is_none() {
                s.focus = Some(s.selected.unwrap_or(0).min(n - 1));
                e.redraw = true;
            }
            e.speak = s.focus.map(Speak::Item);
        }
        Input::Blur => {
            if s.focus.take().is_some() {
                e.redraw = true;
            }
        }
        Input::Key(key) if n > 0 => press(&mut s, &mut e, scene, key),
        Input::Key(_) => {}
    }
    e.tooltip = if s.dismissed { None } else { s.focus.or(s.hover) };
    // The pointer wins over keyboard focus while it is on an item.
    if !s.dismissed && s.hover.is_some() {
        e.tooltip = s.hover;
    }
    (s, e)
}

/// The item a key moves the keyboard focus to from `current`, among `n` items.
fn key_target(key: Key, current: Option<usize>, n: usize) -> Option<usize> {
    match (key, current) {
        (Key::Next, Some(i)) => Some((i + 1).min(n - 1)),
        (Key::Previous, Some(i)) => Some(i.saturating_sub(1)),
        (Key::PageNext, Some(i)) => Some((i + PAGE).min(n - 1)),
        (Key::PagePrevious, Some(i)) => Some(i.saturating_sub(PAGE)),
        (Key::Next | Key::PageNext | Key::First, None) | (Key::First, _) => Some(0),
        (Key::Previous | Key::PagePrevious | Key::Last, None) | (Key::Last, _) => Some(n - 1),
        (Key::Activate | Key::Escape, _) => current,
    }
}

/// A key pressed on a chart of at least one item: Escape dismisses the tooltip (a second press
/// is the page's), Enter or Space selects, the others move the focus and speak its item.
fn press(s: &mut State, e: &mut Effect, scene: &Scene, key: Key) {
    let target = key_target(key, s.focus, scene.items.len());
    e.handled = true;
    match key {
        Key::Escape if s.dismissed => e.handled = false,
        Key::Escape => {
            s.dismissed = true;
            e.redraw = true;
        }
        Key::Activate => {
            if let Some(i) = target {
                select(s, e, scene, i);
            }
        }
        _ if target != s.focus => {
            s.focus = target;
            s.dismissed = false;
            e.redraw = true;
            e.speak = target.map(Speak::Item);
        }
        _ => {}
    }
}

fn select(s: &mut State, e: &mut Effect, scene: &Scene, i: usize) {
    if s.selected != Some(i) {
        s.selected = Some(i);
        e.selected = Some(scene.items[i].key.clone());
        e.speak = Some(Speak::Selected(i));
    }
    e.redraw = true;
    e.handled = true;
}

/// Where a tooltip of size `(tw, th)` goes for an item anchored at `anchor` in a chart of size
/// `(cw, ch)`: above and to the right, flipped left or below where it would leave the chart,
/// and clamped inside it.
pub fn place_tooltip(anchor: (f64, f64), (tw, th): (f64, f64), (cw, ch): (f64, f64)) -> (f64, f64) {
    let gap = 12.0;
    let (ax, ay) = anchor;
    let mut x = ax + gap;
    if x + tw > cw {
        x = ax - gap - tw;
    }
    let mut y = ay - gap - th;
    if y < 0.0 {
        y = ay + gap;
    }
    (x.clamp(0.0, (cw - tw).max(0.0)), y.clamp(0.0, (ch - th).max(0.0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::scene::{Item, Table};

    fn item(x: f64, y: f64, w: f64, h: f64) -> Item {
        Item {
            key: format!("{x},{y}"),
            label: String::new(),
            hit: Bounds { x, y, w, h },
            anchor: (x + w / 2.0, y + h / 2.0),
            tooltip: vec![],
            summary: String::new(),
            highlight: crate::chart::scene::Highlight::Marks(vec![]),
        }
    }

    fn scene(width: f64, height: f64, items: Vec<Item>) -> Scene {
        Scene {
            width,
            height,
            marks: vec![],
            items,
            plot: Bounds { x: 0.0, y: 0.0, w: width, h: height },
            title: String::new(),
            subtitle: String::new(),
            description: String::new(),
            table: Table::default(),
            warnings: vec![],
        }
    }

    fn entries(g: &HitGrid) -> usize {
        g.size().1
    }

    #[test]
    fn a_hit_grid_over_a_huge_infinite_or_undefined_scene_stays_within_its_cell_limit() {
        for h in [1e9, 1e300, f64::INFINITY, f64::NAN, -1.0, 0.0] {
            let s = scene(720.0, h, vec![item(10.0, 10.0, 5.0, 5.0)]);
            let g = HitGrid::new(&s);
            assert!(g.size().0 <= HitGrid::MAX_SIDE_CELLS.pow(2), "height {h}: {} cells", g.size().0);
            assert_eq!(g.hit(&s, 12.0, 12.0), Some(0), "height {h}");
        }
    }

    #[test]
    fn items_are_found_all_the_way_down_a_very_tall_scene() {
        let s = scene(720.0, 1e7, vec![item(100.0, 5e6, 10.0, 10.0), item(100.0, 9_999_980.0, 10.0, 10.0)]);
        let g = HitGrid::new(&s);
        assert_eq!(g.hit(&s, 105.0, 5e6 + 5.0), Some(0));
        assert_eq!(g.hit(&s, 105.0, 9_999_985.0), Some(1));
        assert_eq!(g.hit(&s, 105.0, 5e6 + 50.0), None);
    }

    #[test]
    fn items_with_huge_hit_areas_do_not_fill_every_cell() {
        let items: Vec<Item> = (0..2_000).map(|i| item(0.0, 0.0, 720.0 + i as f64, 10_000.0)).collect();
        let s = scene(720.0, 10_000.0, items);
        let g = HitGrid::new(&s);
        assert!(
            entries(&g) <= HitGrid::MAX_SIDE_CELLS.pow(2) + 2_000 * HitGrid::MAX_ITEM_CELLS,
            "{} cell entries",
            entries(&g)
        );
        // Every item contains the point; the one whose anchor is nearest wins.
        assert_eq!(g.hit(&s, 360.0, 5_000.0), Some(0));
    }
}
