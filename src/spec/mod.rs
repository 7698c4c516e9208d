//! The spec: one declarative JSON description of a chart.
