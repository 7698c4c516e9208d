//! Charts: from analysis results to a [`scene::Scene`] of marks in CSS pixels, with scales that map
//! and invert, hit-testing and keyboard order, painted through plotters' `DrawingBackend` trait by
//! [`draw::paint`] (canvas in the browser, SVG on the host and for export).

pub mod draw;
pub mod format;
pub mod interaction;
pub mod layout;
pub mod maturity;
pub mod ranked;
pub mod scale;
pub mod scene;
pub mod session;
pub mod svg;
pub mod text;
