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
#[derive(Debug, Clone, PartialEq)]
pub struct HitGrid {
    cell: f64,
    cols: usize,
    rows: usize,
    cells: Vec<Vec<u32>>,
}

impl HitGrid {
    pub fn new(scene: &Scene) -> Self {
        let cell = 16.0;
        let cols = (scene.width / cell).ceil().max(1.0) as usize;
        let rows = (scene.height / cell).ceil().max(1.0) as usize;
        let mut cells = vec![Vec::new(); cols * rows];
        for (i, item) in scene.items.iter().enumerate() {
            let Bounds { x, y, w, h } = item.hit;
            let c0 = ((x / cell).floor().max(0.0) as usize).min(cols - 1);
            let c1 = (((x + w) / cell).floor().max(0.0) as usize).min(cols - 1);
            let r0 = ((y / cell).floor().max(0.0) as usize).min(rows - 1);
            let r1 = (((y + h) / cell).floor().max(0.0) as usize).min(rows - 1);
            for r in r0..=r1 {
                for c in c0..=c1 {
                    cells[r * cols + c].push(i as u32);
                }
            }
        }
        Self { cell, cols, rows, cells }
    }

    /// The item under `(x, y)`: among those whose hit area contains the point, the one whose anchor
    /// is nearest (so overlapping points pick the one the pointer is on).
    pub fn hit(&self, scene: &Scene, x: f64, y: f64) -> Option<usize> {
        if !(x.is_finite() && y.is_finite()) || x < 0.0 || y < 0.0 {
            return None;
        }
        let (c, r) = ((x / self.cell) as usize, (y / self.cell) as usize);
        if c >= self.cols || r >= self.rows {
            return None;
        }
        self.cells[r * self.cols + c]
            .iter()
            .map(|&i| i as usize)
            .filter(|&i| scene.items[i].hit.contains(x, y))
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
        Input::Key(key) if n > 0 => {
            let current = s.focus;
            let target = match (key, current) {
                (Key::Next, Some(i)) => Some((i + 1).min(n - 1)),
                (Key::Previous, Some(i)) => Some(i.saturating_sub(1)),
                (Key::PageNext, Some(i)) => Some((i + PAGE).min(n - 1)),
                (Key::PagePrevious, Some(i)) => Some(i.saturating_sub(PAGE)),
                (Key::Next | Key::PageNext | Key::First, None) | (Key::First, _) => Some(0),
                (Key::Previous | Key::PagePrevious | Key::Last, None) | (Key::Last, _) => Some(n - 1),
                (Key::Activate | Key::Escape, _) => current,
            };
            e.handled = true;
            match key {
                Key::Escape => {
                    if !s.dismissed {
                        s.dismissed = true;
                        e.redraw = true;
                    } else {
                        e.handled = false;
                    }
                }
                Key::Activate => {
                    if let Some(i) = target {
                        select(&mut s, &mut e, scene, i);
                    }
                }
                _ => {
                    if target != s.focus {
                        s.focus = target;
                        s.dismissed = false;
                        e.redraw = true;
                        e.speak = target.map(Speak::Item);
                    }
                }
            }
        }
        Input::Key(_) => {}
    }
    e.tooltip = if s.dismissed { None } else { s.focus.or(s.hover) };
    // The pointer wins over keyboard focus while it is on an item.
    if !s.dismissed && s.hover.is_some() {
        e.tooltip = s.hover;
    }
    (s, e)
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
