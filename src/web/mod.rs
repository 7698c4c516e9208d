//! The web shell (wasm32 only): the exported JavaScript API, the canvas, DOM events and the glue
//! for the `<nhs-benchmark>` custom element. Each export decodes, calls the core and encodes.

pub mod stats_api;
