//! Benchmarking: where an organisation stands among its peers for a metric: its value and
//! interval, its rank, and whether it differs from a benchmark.

pub mod ranking;
