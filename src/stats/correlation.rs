//! Rank correlation: Spearman's rho between two paired columns, with a confidence interval, for
//! saying how strongly one measure rises or falls with another across organisations without
//! assuming either is normal or that the relation is a straight line.
//!
//! - **Rho** is Pearson's product-moment correlation of the ranks (Spearman 1904), ties given the
//!   average of the ranks they span ("mid-ranks"). With no ties it equals
//!   `1 - 6 sum(d^2) / (n (n^2 - 1))`; with ties the correlation of mid-ranks is the tie-corrected
//!   coefficient (Kendall and Gibbons, *Rank Correlation Methods*, 5th ed., 1990, ch. 3), the
//!   value R's `cor(x, y, method = "spearman")` gives.
//! - **The interval** is Fisher's z transformation, `z = atanh(rho)`, with the standard error
//!   Bonett and Wright recommend for Spearman's rho, `sqrt((1 + rho^2 / 2) / (n - 3))` (Bonett D G,
//!   Wright T A, "Sample size requirements for estimating Pearson, Kendall and Spearman
//!   correlations", *Psychometrika* 65(1), 2000, 23-28), back-transformed with `tanh`. Fieller,
//!   Hartley and Pearson's `1.06 / (n - 3)` variance is the older choice; Bonett and Wright show
//!   theirs keeps closer to the nominal coverage for rho up to 0.9. It needs n of at least 4, and
//!   they advise treating it as approximate below about 10 pairs.

use super::distributions::normal_quantile;
use super::{Interval, StatsError};

/// Spearman's rho with its interval.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct RankCorrelation {
    /// Pairs used.
    pub n: usize,
    pub rho: f64,
    /// The interval at `confidence`; `None` when there are fewer than 4 pairs.
    pub interval: Option<Interval>,
    pub confidence: f64,
}

/// Mid-ranks of `values` (1 = smallest; tied values share the mean of the ranks they span), in
/// the order given. Values must be finite.
pub fn mid_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    crate::order::sort_by(&mut order, |&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        // Positions start..end hold ranks start+1..=end; their mean is (start + 1 + end) / 2.
        let rank = (start + 1 + end) as f64 / 2.0;
        for &k in &order[start..end] {
            ranks[k] = rank;
        }
        start = end;
    }
    ranks
}

/// Pearson's correlation of two columns of the same length; `None` when either is constant.
fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    (sxx > 0.0 && syy > 0.0).then(|| (sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
}

fn check(x: &[f64], y: &[f64], confidence: f64) -> Result<(), StatsError> {
    if x.len() != y.len() {
        return Err(StatsError::new(
            "y",
            format!("the columns must be pairs: x has {} values and y {}", x.len(), y.len()),
        ));
    }
    if !(confidence > 0.0 && confidence < 1.0) {
        return Err(StatsError::new(
            "confidence",
            format!("expected a level between 0 and 1, got {confidence}"),
        ));
    }
    for (field, column) in [("x", x), ("y", y)] {
        if let Some(i) = column.iter().position(|v| !v.is_finite()) {
            return Err(StatsError::new(field, "expected a finite number").at(i));
        }
    }
    if x.len() < 3 {
        return Err(StatsError::new(
            "x",
            format!("a rank correlation needs at least 3 pairs, got {}", x.len()),
        ));
    }
    Ok(())
}

/// The Fisher z interval for a rank correlation `rho` of `n` pairs, with Bonett and Wright's
/// standard error; `None` below 4 pairs. A rho of exactly 1 or -1 gives the degenerate interval
/// at that value.
pub fn spearman_interval(rho: f64, n: usize, confidence: f64) -> Option<Interval> {
    if n < 4 {
        return None;
    }
    let z = rho.clamp(-1.0, 1.0).atanh();
    let se = ((1.0 + rho * rho / 2.0) / (n as f64 - 3.0)).sqrt();
    let q = normal_quantile(1.0 - (1.0 - confidence) / 2.0);
    Some(Interval { lower: (z - q * se).tanh(), upper: (z + q * se).tanh() })
}

/// Spearman's rho of the pairs `(x[i], y[i])` with its interval at `confidence` (0.95). Errors
/// name the column and row of a value that is not finite, unequal lengths, fewer than 3 pairs,
/// or a column whose values are all the same (no ranks to correlate).
pub fn spearman(x: &[f64], y: &[f64], confidence: f64) -> Result<RankCorrelation, StatsError> {
    check(x, y, confidence)?;
    let rho = pearson(&mid_ranks(x), &mid_ranks(y)).ok_or_else(|| {
        StatsError::new("x", "one column has the same value throughout: there is no order to correlate")
    })?;
    Ok(RankCorrelation { n: x.len(), rho, interval: spearman_interval(rho, x.len(), confidence), confidence })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_the_mean_of_the_ranks_they_span() {
        assert_eq!(mid_ranks(&[10.0, 20.0, 20.0, 5.0, 20.0]), vec![2.0, 4.0, 4.0, 1.0, 4.0]);
    }

    #[test]
    fn rho_without_ties_is_one_minus_six_sum_d_squared_formula() {
        // R's ?cor.test example (Hollander and Wolfe 1973, p. 187): S = sum d^2 = 48, rho = 0.6.
        let x = [44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1];
        let y = [2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8];
        let r = spearman(&x, &y, 0.95).unwrap();
        assert!((r.rho - 0.6).abs() < 1e-12, "{}", r.rho);
        let ci = r.interval.unwrap();
        assert!(ci.lower < r.rho && r.rho < ci.upper);
    }

    #[test]
    fn bad_input_names_its_column_and_row() {
        let e = spearman(&[1.0, f64::NAN, 3.0], &[1.0, 2.0, 3.0], 0.95).unwrap_err();
        assert_eq!((e.field, e.index), ("x", Some(1)));
        assert!(spearman(&[1.0, 2.0], &[1.0, 2.0], 0.95).is_err());
        assert!(spearman(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0], 0.95).is_err());
        assert!(spearman(&[1.0, 2.0, 3.0], &[1.0, 2.0], 0.95).is_err());
    }

    #[test]
    fn perfect_order_gives_rho_one_and_three_pairs_give_no_interval() {
        let r = spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 30.0], 0.95).unwrap();
        assert_eq!((r.rho, r.interval), (1.0, None));
    }
}
