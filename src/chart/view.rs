//! What the chart layer asks of a view's model: its scene at a size, and the words of one item
//! (a tooltip, the sentence a screen reader speaks) and the data table, built when someone asks
//! for them rather than for every item up front (20,000 tooltips nobody reads cost more than the
//! chart). A view that builds its words with its scene (a few items) keeps the defaults, which
//! read them from the scene.

use super::layout::ViewOptions;
use super::scene::{Scene, Table};
use super::text::TextMeasure;

/// An item's words: its tooltip lines and the sentence a screen reader speaks.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Words {
    pub tooltip: Vec<(String, String)>,
    pub summary: String,
}

/// A view's model, as the chart layer draws it.
pub trait Drawn {
    /// The chart at `view`'s size.
    fn scene(&self, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene;

    /// The words of item `index` of `scene` (a scene this model drew).
    fn words(&self, scene: &Scene, index: usize) -> Words {
        scene
            .items
            .get(index)
            .map(|i| Words { tooltip: i.tooltip.clone(), summary: i.summary.clone() })
            .unwrap_or_default()
    }

    /// The chart's data as a table, for the table view and the CSV download.
    fn table(&self, scene: &Scene) -> Table {
        scene.table.clone()
    }
}
