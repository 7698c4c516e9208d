//! Digital maturity: frameworks, scoring and comparison.
