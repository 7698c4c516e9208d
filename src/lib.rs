//! nhs-benchmark: compare NHS organisations with their peers, in the browser.
//!
//! Data flows one way: a [`spec`] and loaded [`data`] go through the analysis modules
//! ([`stats`], [`benchmark`], [`maturity`]) into a [`chart`] scene of marks in CSS pixels, which a
//! drawing backend paints: canvas in the browser, SVG on the host and for export. Everything but
//! the `web` shell is pure Rust that compiles and is tested on the host; the shell (wasm32 only)
//! owns the DOM and turns JavaScript values into core types and back.

pub mod benchmark;
pub mod chart;
pub mod data;
pub mod error;
pub mod json;
pub mod maturity;
pub mod order;

pub mod session;
pub mod spec;
pub mod stats;
pub mod views;
pub mod workspace;

#[cfg(target_arch = "wasm32")]
pub mod web;
#[cfg(target_arch = "wasm32")]
pub use web::chart::NhsChart;
#[cfg(target_arch = "wasm32")]
pub use web::workspace::PageWorkspace;
