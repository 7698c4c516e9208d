//! Quantiles of banded counts: when only the number of cases in each band is known (RTT waits
//! counted by week: more than 0 up to 1 week, more than 1 up to 2, ...), a quantile is estimated
//! by finding the band that holds it and interpolating linearly within that band, as if the
//! cases were spread evenly across it.

use super::StatsError;

/// The `p`-quantile (0 < p < 1) of cases counted in bands, by linear interpolation within the
/// band that holds it.
///
/// `edges` has one more entry than `counts`: band `k` runs from `edges[k]` (exclusive) to
/// `edges[k + 1]` (inclusive), as the RTT week bands "Gt 17 To 18 Weeks" do; the last edge may
/// be `f64::INFINITY` for an open band ("Gt 104 Weeks"). With `N` cases in all, the quantile is
/// the point `p x N` cases along: in the first band `k` whose cumulative count reaches `p x N`,
///
/// `q = edges[k] + (p x N - F) / f x (edges[k + 1] - edges[k])`,
///
/// where `F` counts the cases in the bands before `k` and `f` those in band `k`: the standard
/// grouped-data formula for a median (`L + (N/2 - F) / f x w`). NHS England publishes median
/// and 92nd-percentile RTT waits estimated from the week bands of its monthly return in this way
/// (NHS England, Statistical Work Areas, "Referral to Treatment (RTT) Waiting Times": the
/// statistics' guidance and technical notes). The guidance's own wording could not be retrieved
/// when this was written, so the tests check hand-computed cases, and tests/rtt.rs checks the
/// figures against an independent computation over the April 2026 extract
/// (tests/fixtures/rtt/check_rtt.py).
///
/// Returns `Ok(None)` when there are no cases, or when the quantile falls in an open band (it is
/// then only known to be above the band's lower edge).
pub fn banded_quantile(edges: &[f64], counts: &[f64], p: f64) -> Result<Option<f64>, StatsError> {
    if !(p.is_finite() && p > 0.0 && p < 1.0) {
        return Err(StatsError::new(
            "p",
            format!("must be a fraction above 0 and below 1 (0.5 for the median), got {p}"),
        ));
    }
    if edges.len() != counts.len() + 1 {
        return Err(StatsError::new(
            "edges",
            format!("needs one more edge than bands: {} edges for {} bands", edges.len(), counts.len()),
        ));
    }
    for (k, pair) in edges.windows(2).enumerate() {
        if !(pair[0].is_finite() && pair[1] > pair[0]) {
            return Err(StatsError::new(
                "edges",
                format!(
                    "must be finite and increasing (the last may be infinite), got {} then {}",
                    pair[0], pair[1]
                ),
            )
            .at(k));
        }
    }
    let mut total = 0.0;
    for (k, &c) in counts.iter().enumerate() {
        if !(c.is_finite() && c >= 0.0) {
            return Err(
                StatsError::new("counts", format!("must be a finite count of at least 0, got {c}")).at(k)
            );
        }
        total += c;
    }
    if total == 0.0 {
        return Ok(None);
    }
    let target = p * total;
    let mut below = 0.0;
    for (k, &count) in counts.iter().enumerate() {
        if count > 0.0 && below + count >= target {
            let (lower, upper) = (edges[k], edges[k + 1]);
            if !upper.is_finite() {
                return Ok(None);
            }
            return Ok(Some(lower + (target - below) / count * (upper - lower)));
        }
        below += count;
    }
    // Rounding can leave the target a hair above the last cumulative count.
    Ok(edges.last().copied().filter(|e| e.is_finite()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weeks(n: usize) -> Vec<f64> {
        (0..=n).map(|w| w as f64).collect()
    }

    #[test]
    fn median_of_banded_waits_is_interpolated_within_its_week() {
        // 10 pathways in week 0-1, 20 in 1-2, 10 in 2-3: N = 40, the median is the 20th pathway,
        // 10 of the 20 in week 1-2, so halfway through it: 1.5 weeks.
        assert_eq!(banded_quantile(&weeks(3), &[10.0, 20.0, 10.0], 0.5).unwrap(), Some(1.5));
        // The 92nd percentile: 36.8 pathways along, 6.8 of the 10 in week 2-3: 2.68 weeks.
        let p92 = banded_quantile(&weeks(3), &[10.0, 20.0, 10.0], 0.92).unwrap().unwrap();
        assert!((p92 - 2.68).abs() < 1e-12, "{p92}");
    }

    #[test]
    fn a_quantile_on_a_band_edge_is_that_edge_and_empty_bands_are_passed_over() {
        // 5 + 5: the median is the 5th pathway, the end of the first week.
        assert_eq!(banded_quantile(&weeks(2), &[5.0, 5.0], 0.5).unwrap(), Some(1.0));
        // The median falls past an empty band into the third.
        assert_eq!(banded_quantile(&weeks(3), &[2.0, 0.0, 2.0], 0.75).unwrap(), Some(2.5));
    }

    #[test]
    fn a_quantile_in_the_open_last_band_or_of_no_cases_has_no_value() {
        let edges = [0.0, 1.0, 2.0, f64::INFINITY];
        assert_eq!(banded_quantile(&edges, &[1.0, 1.0, 8.0], 0.5).unwrap(), None);
        assert_eq!(banded_quantile(&edges, &[8.0, 1.0, 1.0], 0.5).unwrap(), Some(0.625));
        assert_eq!(banded_quantile(&weeks(2), &[0.0, 0.0], 0.5).unwrap(), None);
    }

    #[test]
    fn bad_bands_and_fractions_are_errors_naming_the_input() {
        assert_eq!(banded_quantile(&weeks(2), &[1.0, 1.0], 1.0).unwrap_err().field, "p");
        assert_eq!(banded_quantile(&weeks(3), &[1.0, 1.0], 0.5).unwrap_err().field, "edges");
        let err = banded_quantile(&weeks(2), &[1.0, -1.0], 0.5).unwrap_err();
        assert_eq!((err.field, err.index), ("counts", Some(1)));
        assert_eq!(banded_quantile(&[0.0, 2.0, 1.0], &[1.0, 1.0], 0.5).unwrap_err().index, Some(1));
    }
}
