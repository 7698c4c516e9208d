//! Quantiles and position: where a value sits in a distribution. Sample quantiles by R's nine
//! definitions (Hyndman & Fan 1996; R `quantile(type = k)`, default type 7), quartiles, quintiles
//! and deciles, ranks with ties, percentile ranks, and the PHE/Fingertips assignment of areas to
//! quantile groups with ties and polarity (PHEindicatormethods `phe_quantile`).

use super::StatsError;
use serde::{Deserialize, Serialize};

/// A sample quantile definition, numbered as in Hyndman & Fan (1996) and R's `quantile(type = k)`.
/// Name the one you use: tools disagree (R and NumPy default to type 7, SAS and SPSS to type 6,
/// Hyndman & Fan recommend type 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum QuantileMethod {
    /// Inverse of the empirical distribution function.
    Type1,
    /// Type 1 with averaging at discontinuities.
    Type2,
    /// Nearest even order statistic (SAS definition 2).
    Type3,
    /// Linear interpolation of the empirical distribution function, p(k) = k/n.
    Type4,
    /// p(k) = (k - ½)/n.
    Type5,
    /// p(k) = k/(n + 1) (Minitab, SPSS, Excel `PERCENTILE.EXC`).
    Type6,
    /// p(k) = (k - 1)/(n - 1): R's and NumPy's default, Excel `PERCENTILE.INC`.
    #[default]
    Type7,
    /// p(k) = (k - ⅓)/(n + ⅓), approximately median-unbiased.
    Type8,
    /// p(k) = (k - ⅜)/(n + ¼), approximately unbiased for normal data.
    Type9,
}

/// R's fuzz for deciding that a position is a whole number (`4 * .Machine$double.eps`).
const FUZZ: f64 = 4.0 * f64::EPSILON;

/// The `p` quantile (0 ≤ p ≤ 1) of `sorted` (ascending, finite) by `method`, following R's
/// `quantile.default` step by step so results agree to the last bit where R's do. `None` for an
/// empty sample or a `p` outside [0, 1].
pub fn quantile_sorted(sorted: &[f64], p: f64, method: QuantileMethod) -> Option<f64> {
    if sorted.is_empty() || !(0.0..=1.0).contains(&p) {
        return None;
    }
    Some(quantile_of_non_empty(sorted, p, method))
}

fn quantile_of_non_empty(sorted: &[f64], p: f64, method: QuantileMethod) -> f64 {
    let n = sorted.len();
    let nf = n as f64;
    // x[j] for a 1-based j, clamped to the ends as R pads the sample.
    let at = |j: f64| -> f64 {
        let j = j.clamp(1.0, nf) as usize;
        sorted[j - 1]
    };
    if method == QuantileMethod::Type7 {
        let index = 1.0 + (nf - 1.0) * p;
        let lo = index.floor();
        let hi = index.ceil();
        let h = index - lo;
        let (xl, xh) = (at(lo), at(hi));
        return if h == 0.0 || xl == xh { xl } else { (1.0 - h) * xl + h * xh };
    }
    let (j, h) = match method {
        QuantileMethod::Type1 | QuantileMethod::Type2 | QuantileMethod::Type3 => {
            let nppm = if method == QuantileMethod::Type3 { nf * p - 0.5 } else { nf * p };
            let j = (nppm + FUZZ).floor();
            let h = match method {
                QuantileMethod::Type1 => f64::from(u8::from(nppm > j + FUZZ)),
                QuantileMethod::Type2 => {
                    if nppm > j + FUZZ {
                        1.0
                    } else {
                        0.5
                    }
                }
                _ => {
                    let even = (j % 2.0) == 0.0;
                    if (nppm - j).abs() <= FUZZ && even { 0.0 } else { 1.0 }
                }
            };
            (j, h)
        }
        _ => {
            let (a, b) = match method {
                QuantileMethod::Type4 => (0.0, 1.0),
                QuantileMethod::Type5 => (0.5, 0.5),
                QuantileMethod::Type6 => (0.0, 0.0),
                QuantileMethod::Type8 => (1.0 / 3.0, 1.0 / 3.0),
                _ => (3.0 / 8.0, 3.0 / 8.0),
            };
            let nppm = a + p * (nf + 1.0 - a - b);
            let j = (nppm + FUZZ).floor();
            let mut h = nppm - j;
            if h.abs() < FUZZ {
                h = 0.0;
            }
            (j, h)
        }
    };
    let (xl, xh) = (at(j), at(j + 1.0));
    if h == 0.0 || xl == xh {
        xl
    } else if h == 1.0 {
        xh
    } else {
        (1.0 - h) * xl + h * xh
    }
}

/// Sorts the finite values ascending; non-finite values are an error naming their index, and an
/// empty input gives `None`.
pub fn sorted_finite(values: &[f64]) -> Result<Option<Vec<f64>>, StatsError> {
    if let Some(i) = values.iter().position(|v| !v.is_finite()) {
        return Err(StatsError::new("values", format!("must be finite numbers, got {}", values[i])).at(i));
    }
    if values.is_empty() {
        return Ok(None);
    }
    let mut sorted = values.to_vec();
    sort_floats(&mut sorted);
    Ok(Some(sorted))
}

/// The IEEE 754 total-order key of a float as an unsigned integer (the ordering `f64::total_cmp`
/// uses): negative numbers have all bits flipped, others only the sign bit.
fn float_key(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 { !bits } else { bits | (1 << 63) }
}

fn float_from_key(key: u64) -> f64 {
    f64::from_bits(if key >> 63 == 1 { key & !(1 << 63) } else { !key })
}

/// Sorts floats ascending in `f64::total_cmp` order by sorting their integer keys, which is about
/// twice as fast as a comparison sort with `total_cmp` (measured on 1,000 values).
pub fn sort_floats(values: &mut [f64]) {
    let mut keys: Vec<u64> = values.iter().map(|&x| float_key(x)).collect();
    // Equal keys are equal floats, bit for bit, so an unstable sort gives the stable result
    // (and crate::order's position sort, through a dynamic comparator, is 2-3 times slower here).
    keys.sort_unstable();
    for (v, k) in values.iter_mut().zip(keys) {
        *v = float_from_key(k);
    }
}

/// The type 7 quantile of unsorted finite `values` by selection in O(n) rather than sorting;
/// `values` is reordered. Equal to [`quantile_sorted`] with [`QuantileMethod::Type7`] on the sorted
/// values. `None` for an empty sample or `p` outside [0, 1].
pub fn quantile_type7_unsorted(values: &mut [f64], p: f64) -> Option<f64> {
    let n = values.len();
    if n == 0 || !(0.0..=1.0).contains(&p) {
        return None;
    }
    let index = 1.0 + (n as f64 - 1.0) * p;
    let lo = index.floor();
    let h = index - lo;
    // `lo` is from 1 to n, so `k` is a valid 0-based position.
    let k = (lo as usize).clamp(1, n) - 1;
    let (_, &mut xl, rest) = values.select_nth_unstable_by(k, f64::total_cmp);
    if h == 0.0 || rest.is_empty() {
        return Some(xl);
    }
    // The next order statistic is the smallest value to the right of the selected one.
    let xh = rest.iter().copied().fold(f64::INFINITY, f64::min);
    Some(if xl == xh { xl } else { (1.0 - h) * xl + h * xh })
}

fn check_probability(p: f64, index: usize) -> Result<(), StatsError> {
    if (0.0..=1.0).contains(&p) {
        Ok(())
    } else {
        Err(StatsError::new("probs", format!("must be from 0 to 1, got {p}")).at(index))
    }
}

/// Quantiles of `values` at each probability in `probs` by `method`; `None` for an empty sample.
pub fn quantiles(
    values: &[f64],
    probs: &[f64],
    method: QuantileMethod,
) -> Result<Option<Vec<f64>>, StatsError> {
    for (i, &p) in probs.iter().enumerate() {
        check_probability(p, i)?;
    }
    if method == QuantileMethod::Type7 && probs.len() <= SELECT_AT_MOST {
        return quantiles_type7_by_selection(values, probs);
    }
    Ok(sorted_finite(values)?.map(|s| probs.iter().map(|&p| quantile_of_non_empty(&s, p, method)).collect()))
}

/// Up to this many type 7 probabilities are answered by selection, O(n) each, rather than one
/// O(n log n) sort: quartiles, a median, a box plot's five numbers.
const SELECT_AT_MOST: usize = 8;

/// Type 7 quantiles of `values` by selection ([`quantile_type7_unsorted`]) on one copy, the same
/// numbers as sorting gives (a test holds them equal bit for bit).
fn quantiles_type7_by_selection(values: &[f64], probs: &[f64]) -> Result<Option<Vec<f64>>, StatsError> {
    if let Some(i) = values.iter().position(|v| !v.is_finite()) {
        return Err(StatsError::new("values", format!("must be finite numbers, got {}", values[i])).at(i));
    }
    if values.is_empty() {
        return Ok(None);
    }
    let mut scratch = values.to_vec();
    Ok(Some(probs.iter().map(|&p| quantile_type7_unsorted(&mut scratch, p).unwrap_or(f64::NAN)).collect()))
}

/// The five numbers a box plot draws: minimum, lower quartile, median, upper quartile, maximum.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FiveNumbers {
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
}

/// Minimum, quartiles and maximum of a sorted sample by `method` (R `quantile(x, 0:4/4, type)`).
pub fn five_numbers_sorted(sorted: &[f64], method: QuantileMethod) -> Option<FiveNumbers> {
    let (&min, &max) = (sorted.first()?, sorted.last()?);
    Some(FiveNumbers {
        min,
        q1: quantile_of_non_empty(sorted, 0.25, method),
        median: quantile_of_non_empty(sorted, 0.5, method),
        q3: quantile_of_non_empty(sorted, 0.75, method),
        max,
    })
}

/// [`five_numbers_sorted`] for unsorted values.
pub fn five_numbers(values: &[f64], method: QuantileMethod) -> Result<Option<FiveNumbers>, StatsError> {
    Ok(sorted_finite(values)?.and_then(|s| five_numbers_sorted(&s, method)))
}

/// The `k - 1` cut points that split a sample into `k` equal groups (4 quartiles, 5 quintiles,
/// 10 deciles) by `method`; `None` for an empty sample.
pub fn cut_points(
    values: &[f64],
    groups: u32,
    method: QuantileMethod,
) -> Result<Option<Vec<f64>>, StatsError> {
    if groups < 2 {
        return Err(StatsError::new("groups", format!("must be at least 2, got {groups}")));
    }
    let probs: Vec<f64> = (1..groups).map(|i| f64::from(i) / f64::from(groups)).collect();
    quantiles(values, &probs, method)
}

/// The three quartiles (25%, 50%, 75%) by `method`; `None` for an empty sample.
pub fn quartiles(values: &[f64], method: QuantileMethod) -> Result<Option<Vec<f64>>, StatsError> {
    cut_points(values, 4, method)
}

/// The four quintile cut points (20%, 40%, 60%, 80%) by `method`; `None` for an empty sample.
pub fn quintiles(values: &[f64], method: QuantileMethod) -> Result<Option<Vec<f64>>, StatsError> {
    cut_points(values, 5, method)
}

/// The nine decile cut points (10%, ..., 90%) by `method`; `None` for an empty sample.
pub fn deciles(values: &[f64], method: QuantileMethod) -> Result<Option<Vec<f64>>, StatsError> {
    cut_points(values, 10, method)
}

/// How ranks share out among tied values (R `rank(ties.method = ...)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Ties {
    /// The mean of the ranks the tied values span (R's default).
    #[default]
    Average,
    /// The lowest rank ("1, 2, 2, 4"; sports ranking, and PHE quantiles).
    Min,
    /// The highest rank.
    Max,
    /// In order of appearance.
    First,
}

/// Ranks 1..n of `values` ascending, ties shared by `ties`; `None` values keep no rank (as R's
/// `na.last = "keep"`). A non-finite value is an error naming its index.
pub fn rank(values: &[Option<f64>], ties: Ties) -> Result<Vec<Option<f64>>, StatsError> {
    if let Some(i) = values.iter().position(|v| v.is_some_and(|x| !x.is_finite())) {
        return Err(StatsError::new("values", "must be finite numbers or missing").at(i));
    }
    let mut order: Vec<(usize, f64)> =
        values.iter().enumerate().filter_map(|(i, v)| v.map(|x| (i, x))).collect();
    // Stable sort keeps the original order among ties, which Ties::First needs.
    crate::order::sort_by(&mut order, |a, b| a.1.total_cmp(&b.1));
    let mut ranks = vec![None; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && order[end].1 == order[start].1 {
            end += 1;
        }
        // Positions start..end (0-based) hold one tied value; 1-based ranks start+1..=end.
        for (offset, &(i, _)) in order[start..end].iter().enumerate() {
            let r = match ties {
                Ties::Average => (start + 1 + end) as f64 / 2.0,
                Ties::Min => (start + 1) as f64,
                Ties::Max => end as f64,
                Ties::First => (start + 1 + offset) as f64,
            };
            ranks[i] = Some(r);
        }
        start = end;
    }
    Ok(ranks)
}

/// The percentile rank of `x` among `values`: the percentage of values below `x` plus half of
/// those equal to it (the mid-rank definition), from 0 to 100; `None` for an empty sample.
pub fn percentile_rank(values: &[f64], x: f64) -> Option<f64> {
    if values.is_empty() || !x.is_finite() {
        return None;
    }
    let (mut below, mut equal) = (0usize, 0usize);
    for &v in values {
        if v < x {
            below += 1;
        } else if v == x {
            equal += 1;
        }
    }
    Some((below as f64 + 0.5 * equal as f64) / values.len() as f64 * 100.0)
}

/// The `invert` flag of PHE's quantile assignment for a polarity: true when lower is better
/// (Fingertips "RAG - Low is good"), so quantile 1 holds the highest values. Either way quantile 1
/// holds the worst values; with no judgement the lowest values are in quantile 1.
pub fn phe_invert_for(polarity: super::Polarity) -> bool {
    matches!(polarity, super::Polarity::LowerIsBetter)
}

/// Assigns each value to one of `nquantiles` groups as Fingertips does (PHEindicatormethods
/// `phe_quantile`): with N non-missing values and `rank` the minimum rank (ties share the lowest
/// rank) of the value, or of its negation when `invert`,
/// `quantile = floor((nq + 1) - ceiling(((N + 1) - rank) / (N / nq)))`, with 0 mapped to 1.
/// Missing values get `None`; when N < nq every value gets `None` (too few areas to split).
pub fn phe_quantiles(
    values: &[Option<f64>],
    nquantiles: u32,
    invert: bool,
) -> Result<Vec<Option<u32>>, StatsError> {
    if nquantiles < 1 {
        return Err(StatsError::new("nquantiles", "must be at least 1"));
    }
    let keyed: Vec<Option<f64>> = values.iter().map(|v| v.map(|x| if invert { -x } else { x })).collect();
    let ranks = rank(&keyed, Ties::Min)?;
    let n = ranks.iter().filter(|r| r.is_some()).count() as f64;
    let nq = f64::from(nquantiles);
    if n < nq {
        return Ok(vec![None; values.len()]);
    }
    Ok(ranks
        .into_iter()
        .map(|r| {
            r.map(|r| {
                // Evaluated in the same order as R so float rounding at group edges matches.
                let q = ((nq + 1.0) - (((n + 1.0) - r) / (n / nq)).ceil()).floor();
                q.max(1.0) as u32
            })
        })
        .collect())
}

/// The input of [`quantiles`] as JSON or JavaScript gives it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QuantilesInput {
    pub values: Vec<f64>,
    pub probs: Vec<f64>,
    #[serde(default)]
    pub method: QuantileMethod,
}

impl QuantilesInput {
    pub fn run(&self) -> Result<Option<Vec<f64>>, StatsError> {
        quantiles(&self.values, &self.probs, self.method)
    }
}

/// The input of [`rank`] as JSON or JavaScript gives it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RankInput {
    pub values: Vec<Option<f64>>,
    #[serde(default)]
    pub ties: Ties,
}

impl RankInput {
    pub fn run(&self) -> Result<Vec<Option<f64>>, StatsError> {
        rank(&self.values, self.ties)
    }
}

/// The input of [`phe_quantiles`] as JSON or JavaScript gives it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PheQuantilesInput {
    pub values: Vec<Option<f64>>,
    pub nquantiles: u32,
    #[serde(default)]
    pub polarity: Option<super::Polarity>,
    #[serde(default)]
    pub invert: Option<bool>,
}

impl PheQuantilesInput {
    pub fn run(&self) -> Result<Vec<Option<u32>>, StatsError> {
        let invert = match (self.invert, self.polarity) {
            (Some(i), _) => i,
            (None, Some(p)) => phe_invert_for(p),
            (None, None) => false,
        };
        phe_quantiles(&self.values, self.nquantiles, invert)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE_TO_TEN: [f64; 10] = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];

    #[test]
    fn lower_quartile_of_one_to_ten_matches_r_for_every_type() {
        // R: sapply(1:9, function(t) quantile(1:10, 0.25, type = t))
        //    3, 3, 2, 2.5, 3, 2.75, 3.25, 2.916667, 2.9375
        let expected = [3.0, 3.0, 2.0, 2.5, 3.0, 2.75, 3.25, 2.0 + 11.0 / 12.0, 2.9375];
        let methods = [
            QuantileMethod::Type1,
            QuantileMethod::Type2,
            QuantileMethod::Type3,
            QuantileMethod::Type4,
            QuantileMethod::Type5,
            QuantileMethod::Type6,
            QuantileMethod::Type7,
            QuantileMethod::Type8,
            QuantileMethod::Type9,
        ];
        for (m, e) in methods.iter().zip(expected) {
            let q = quantile_sorted(&ONE_TO_TEN, 0.25, *m).unwrap();
            assert!((q - e).abs() < 1e-12, "{m:?}: {q} vs {e}");
        }
    }

    #[test]
    fn type_7_median_of_an_even_sample_averages_the_middle_pair() {
        assert_eq!(quantile_sorted(&ONE_TO_TEN, 0.5, QuantileMethod::Type7), Some(5.5));
        assert_eq!(quantile_sorted(&ONE_TO_TEN, 0.0, QuantileMethod::Type7), Some(1.0));
        assert_eq!(quantile_sorted(&ONE_TO_TEN, 1.0, QuantileMethod::Type7), Some(10.0));
        assert_eq!(quantile_sorted(&[], 0.5, QuantileMethod::Type7), None);
    }

    #[test]
    fn selection_and_sorting_give_the_same_type_7_quantiles() {
        let values = [3.5, -1.0, 7.25, 0.0, -0.0, 2.0, 9.0, 2.0, -4.5, 11.0, 6.0];
        let mut sorted = values.to_vec();
        sort_floats(&mut sorted);
        let mut by_cmp = values.to_vec();
        by_cmp.sort_by(f64::total_cmp);
        assert_eq!(
            sorted.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            by_cmp.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
        );
        for p in [0.0, 0.1, 0.25, 0.5, 0.77, 0.9, 1.0] {
            let mut scratch = values.to_vec();
            assert_eq!(
                quantile_type7_unsorted(&mut scratch, p),
                quantile_sorted(&sorted, p, QuantileMethod::Type7),
                "p = {p}"
            );
        }
        assert_eq!(quantile_type7_unsorted(&mut [], 0.5), None);
    }

    #[test]
    fn quantiles_by_selection_equal_quantiles_by_sorting_bit_for_bit() {
        let mut state = 7u64;
        let values: Vec<f64> = (0..1001)
            .map(|_| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                ((state >> 11) as f64 / (1u64 << 53) as f64 * 200.0 - 100.0).round() / 4.0
            })
            .collect();
        let probs = [0.0, 0.25, 0.5, 0.75, 1.0, 0.1, 0.9, 0.333];
        let selected = quantiles(&values, &probs, QuantileMethod::Type7).unwrap().unwrap();
        let sorted = sorted_finite(&values).unwrap().unwrap();
        for (q, &p) in selected.iter().zip(&probs) {
            let by_sort = quantile_sorted(&sorted, p, QuantileMethod::Type7).unwrap();
            assert_eq!(q.to_bits(), by_sort.to_bits(), "p = {p}");
        }
        assert!(quantiles(&[1.0, f64::NAN], &[0.5], QuantileMethod::Type7).is_err());
        assert_eq!(quantiles(&[], &[0.5], QuantileMethod::Type7).unwrap(), None);
    }

    #[test]
    fn five_numbers_of_an_empty_sample_are_none_and_nan_is_an_error() {
        assert_eq!(five_numbers(&[], QuantileMethod::Type7).unwrap(), None);
        let err = five_numbers(&[1.0, f64::NAN], QuantileMethod::Type7).unwrap_err();
        assert_eq!(err.index, Some(1));
    }

    #[test]
    fn deciles_of_one_to_eleven_are_the_whole_numbers_two_to_ten() {
        let values: Vec<f64> = (1..=11).map(f64::from).collect();
        let d = deciles(&values, QuantileMethod::Type7).unwrap().unwrap();
        assert_eq!(d, vec![2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]);
    }

    #[test]
    fn quartiles_and_quintiles_of_one_to_ten_match_r_type_7() {
        // R: quantile(1:10, c(.25, .5, .75)) = 3.25 5.50 7.75; quantile(1:10, 1:4/5) = 2.8 4.6 6.4 8.2
        assert_eq!(quartiles(&ONE_TO_TEN, QuantileMethod::Type7).unwrap(), Some(vec![3.25, 5.5, 7.75]));
        let q = quintiles(&ONE_TO_TEN, QuantileMethod::Type7).unwrap().unwrap();
        for (a, e) in q.iter().zip([2.8, 4.6, 6.4, 8.2]) {
            assert!((a - e).abs() < 1e-12, "{q:?}");
        }
    }

    #[test]
    fn ranks_share_ties_as_r_rank_does() {
        let v = [Some(10.0), Some(20.0), Some(10.0), None, Some(5.0)];
        let r = |t| rank(&v, t).unwrap();
        assert_eq!(r(Ties::Average), vec![Some(2.5), Some(4.0), Some(2.5), None, Some(1.0)]);
        assert_eq!(r(Ties::Min), vec![Some(2.0), Some(4.0), Some(2.0), None, Some(1.0)]);
        assert_eq!(r(Ties::Max), vec![Some(3.0), Some(4.0), Some(3.0), None, Some(1.0)]);
        assert_eq!(r(Ties::First), vec![Some(2.0), Some(4.0), Some(3.0), None, Some(1.0)]);
    }

    #[test]
    fn percentile_rank_counts_half_of_the_ties() {
        assert_eq!(percentile_rank(&[1.0, 2.0, 2.0, 3.0], 2.0), Some(50.0));
        assert_eq!(percentile_rank(&[], 2.0), None);
    }

    #[test]
    fn phe_quantiles_give_no_group_when_there_are_fewer_areas_than_groups() {
        let v: Vec<Option<f64>> = (0..9).map(|i| Some(f64::from(i))).collect();
        assert_eq!(phe_quantiles(&v, 10, false).unwrap(), vec![None; 9]);
    }

    #[test]
    fn phe_quartiles_of_eight_values_pair_them_up_and_invert_reverses() {
        let v: Vec<Option<f64>> = (1..=8).map(|i| Some(f64::from(i))).collect();
        let q = phe_quantiles(&v, 4, false).unwrap();
        assert_eq!(q, [1, 1, 2, 2, 3, 3, 4, 4].map(Some).to_vec());
        let inv = phe_quantiles(&v, 4, true).unwrap();
        assert_eq!(inv, [4, 4, 3, 3, 2, 2, 1, 1].map(Some).to_vec());
    }
}
