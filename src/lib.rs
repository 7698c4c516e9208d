//! nhs-benchmark: compare NHS organisations with their peers, in the browser.
//!
//! Data flows one way: a [`spec`] and loaded [`data`] go through the analysis modules
//! ([`stats`], [`benchmark`], [`maturity`]) into a [`chart`] scene of marks in CSS pixels, which a
//! drawing backend paints: canvas in the browser, SVG on the host and for export. Everything but
//! the `web` shell is pure Rust that compiles and is tested on the host; the shell (wasm32 only)
//! owns the DOM and turns JavaScript values into core types and back.
//!
//! Without the default `charts` feature only [`stats`] (and the modules it stands on) is built:
//! the statistics-only package entry.

#[cfg(feature = "charts")]
pub mod benchmark;
#[cfg(feature = "charts")]
pub mod chart;
#[cfg(feature = "charts")]
pub mod data;
pub mod error;
pub mod json;
#[cfg(feature = "charts")]
pub mod maturity;
pub mod order;

#[cfg(feature = "charts")]
pub mod session;
#[cfg(feature = "charts")]
pub mod spec;
pub mod stats;
#[cfg(feature = "charts")]
pub mod views;
#[cfg(feature = "charts")]
pub mod workspace;

#[cfg(target_arch = "wasm32")]
pub mod web;
#[cfg(all(target_arch = "wasm32", feature = "charts"))]
pub use web::chart::NhsChart;
#[cfg(all(target_arch = "wasm32", feature = "charts"))]
pub use web::workspace::PageWorkspace;
