//! Benchmarking: where an organisation stands among its peers for a metric.
