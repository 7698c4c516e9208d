//! Charts: from analysis results to a [`scene::Scene`] of marks in CSS pixels, with scales that map
//! and invert, hit-testing and keyboard order, painted through plotters' `DrawingBackend` trait by
//! [`draw::paint`] (canvas in the browser, SVG on the host and for export).

pub mod distribution_view;
pub mod draw;
pub mod format;
pub mod funnel_view;
pub mod interaction;
pub mod layout;
pub mod marks;
pub mod maturity;
pub mod opportunity_view;
pub mod outcomes_view;
pub mod png;
pub mod ranked;
pub mod scale;
pub mod scene;
pub mod spc_view;
pub mod spine_view;
pub mod svg;
pub mod text;
pub mod view;
