//! Rank uncertainty: how sure can we be that an organisation is 3rd of 40? A league table ranks
//! point estimates, but each estimate is uncertain, so its rank is too. Following Marshall and
//! Spiegelhalter, we simulate: draw every organisation's true value from its sampling distribution,
//! rank the draws, repeat (1,000 times by default), and report each organisation's median rank and
//! the interval holding 95% of its simulated ranks. Rank 1 is the best, by the metric's polarity.
//! The simulation is seeded, so the same input and seed give the same intervals.
//!
//! References: Marshall E.C., Spiegelhalter D.J., "Reliability of league tables of in vitro
//! fertilisation clinics: retrospective analysis of live birth rates", BMJ 316 (1998) 1701-1705;
//! Goldstein H., Spiegelhalter D.J., "League tables and their limitations", JRSS A 159 (1996).
//! Generators: Vigna and Blackman's xoshiro256** seeded by SplitMix64 (2018); Box–Muller normals;
//! Marsaglia and Tsang's gamma method (ACM TOMS 26, 2000).

use super::Polarity;
use super::{StatsError, check_confidence, proportion::check_counts};
use serde::{Deserialize, Serialize};

/// Simulations per analysis unless the caller asks otherwise.
pub const DEFAULT_DRAWS: usize = 1000;

/// The largest simulation kept in memory (organisations × draws ranks of 4 bytes each: 200 MB).
pub const MAX_RANK_CELLS: usize = 50_000_000;

/// How to simulate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RankOptions {
    /// Number of simulated league tables (at least 1; 1,000 is plenty for 95% intervals).
    pub draws: usize,
    /// Seed of the random number generator: the same seed gives the same intervals.
    pub seed: u64,
    /// Coverage of the rank interval (from 0.9 to below 1).
    pub confidence: f64,
}

impl Default for RankOptions {
    fn default() -> Self {
        Self { draws: DEFAULT_DRAWS, seed: 1, confidence: 0.95 }
    }
}

/// One organisation's rank and its uncertainty. All ranks run from 1 (best) to the number of
/// organisations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RankInterval {
    /// Rank of the observed value (ties share the best rank: 1, 2, 2, 4).
    pub rank: usize,
    /// Median of the simulated ranks.
    pub median: usize,
    /// Best plausible rank: the (1 - confidence) / 2 quantile of the simulated ranks.
    pub lower: usize,
    /// Worst plausible rank: the 1 - (1 - confidence) / 2 quantile.
    pub upper: usize,
}

/// Rank intervals for proportions `numerators[i] / denominators[i]`. Each organisation's true
/// proportion is drawn from Beta(x + ½, n − x + ½), the posterior under Jeffreys' prior, which
/// is well defined for 0 and n events alike.
///
/// Under `HigherIsBetter` rank 1 is the highest proportion; under `LowerIsBetter` the lowest;
/// under `NoJudgement` rank 1 is the highest (a plain ordering, not a verdict). Quantiles are the
/// inverse of the empirical distribution (R's type 1), so every reported rank is one that occurred.
///
/// Errors: slices of unequal length, invalid counts (with their index), `draws` of 0 or a
/// simulation larger than [`MAX_RANK_CELLS`], a confidence outside 0.9 to below 1. No organisations
/// give no intervals.
pub fn rank_intervals_proportion(
    numerators: &[f64],
    denominators: &[f64],
    polarity: Polarity,
    options: &RankOptions,
) -> Result<Vec<RankInterval>, StatsError> {
    same_length(denominators.len(), numerators.len())?;
    let mut samplers = Vec::with_capacity(numerators.len());
    for (i, (&x, &n)) in numerators.iter().zip(denominators).enumerate() {
        check_counts(x, n).map_err(|e| e.at(i))?;
        samplers.push(Sampler::Beta(Gamma::new(x + 0.5), Gamma::new(n - x + 0.5)));
    }
    let observed: Vec<f64> = numerators.iter().zip(denominators).map(|(x, n)| x / n).collect();
    simulate(&observed, &samplers, polarity, options)
}

/// Rank intervals for rates `counts[i] / populations[i]` (any multiplier leaves ranks unchanged).
/// Each organisation's expected count is drawn from Gamma(x + ½, 1), the posterior of a Poisson
/// mean under Jeffreys' prior, and divided by its population. Ranking and quantiles as
/// [`rank_intervals_proportion`].
///
/// Errors: slices of unequal length, a count that is negative or not finite, a population that is
/// not above 0 (with their index), and the options' errors.
pub fn rank_intervals_rate(
    counts: &[f64],
    populations: &[f64],
    polarity: Polarity,
    options: &RankOptions,
) -> Result<Vec<RankInterval>, StatsError> {
    same_length(populations.len(), counts.len())?;
    let mut samplers = Vec::with_capacity(counts.len());
    for (i, (&x, &pop)) in counts.iter().zip(populations).enumerate() {
        if !x.is_finite() || x < 0.0 {
            return Err(
                StatsError::new("count", format!("must be a finite count of at least 0, got {x}")).at(i)
            );
        }
        if !pop.is_finite() || pop <= 0.0 {
            return Err(
                StatsError::new("population", format!("must be a finite number above 0, got {pop}")).at(i)
            );
        }
        samplers.push(Sampler::Rate(Gamma::new(x + 0.5), 1.0 / pop));
    }
    let observed: Vec<f64> = counts.iter().zip(populations).map(|(x, p)| x / p).collect();
    simulate(&observed, &samplers, polarity, options)
}

fn same_length(denominators: usize, numerators: usize) -> Result<(), StatsError> {
    if denominators == numerators {
        Ok(())
    } else {
        Err(StatsError::new(
            "denominators",
            format!(
                "has {denominators} entries but the numerators have {numerators}: give one per organisation"
            ),
        ))
    }
}

/// One organisation's sampling distribution.
enum Sampler {
    /// Beta(a, b) as Ga / (Ga + Gb).
    Beta(Gamma, Gamma),
    /// Gamma(a, 1) times a scale (1 / population).
    Rate(Gamma, f64),
}

impl Sampler {
    fn draw(&self, rng: &mut Rng) -> f64 {
        match self {
            Self::Beta(a, b) => {
                let x = a.draw(rng);
                let y = b.draw(rng);
                x / (x + y)
            }
            Self::Rate(g, scale) => g.draw(rng) * scale,
        }
    }
}

/// Runs the simulation and summarises each organisation's ranks.
fn simulate(
    observed: &[f64],
    samplers: &[Sampler],
    polarity: Polarity,
    options: &RankOptions,
) -> Result<Vec<RankInterval>, StatsError> {
    let confidence = check_confidence(options.confidence)?;
    let n = samplers.len();
    let draws = options.draws;
    if draws == 0 {
        return Err(StatsError::new("draws", "must be at least 1 (1,000 is usual)"));
    }
    if n.saturating_mul(draws) > MAX_RANK_CELLS {
        return Err(StatsError::new(
            "draws",
            format!("{n} organisations × {draws} draws is more than {MAX_RANK_CELLS} ranks: use fewer draws"),
        ));
    }
    let best_first = polarity != Polarity::LowerIsBetter;
    let observed_ranks = competition_ranks(observed, best_first, &mut Vec::new());
    // Organisation-major, so each organisation's draws are one contiguous slice to summarise.
    let mut ranks = vec![0u32; n * draws];
    let mut values = vec![0.0; n];
    let mut order = Vec::with_capacity(n);
    let mut rank_of = vec![0u32; n];
    let mut rng = Rng::seeded(options.seed);
    for d in 0..draws {
        for (v, s) in values.iter_mut().zip(samplers) {
            *v = s.draw(&mut rng);
        }
        rank_into(&values, best_first, &mut order, &mut rank_of);
        for (org, &r) in rank_of.iter().enumerate() {
            ranks[org * draws + d] = r;
        }
    }
    let tail = (1.0 - confidence) / 2.0;
    Ok(ranks
        .chunks_mut(draws)
        .zip(observed_ranks)
        .map(|(own, rank)| {
            own.sort_unstable();
            RankInterval {
                rank: rank as usize,
                median: quantile_type1(own, 0.5),
                lower: quantile_type1(own, tail),
                upper: quantile_type1(own, 1.0 - tail),
            }
        })
        .collect())
}

/// R's type 1 quantile of sorted ranks: the smallest rank with at least a fraction `p` of the
/// draws at or below it. `sorted` is not empty (draws ≥ 1).
fn quantile_type1(sorted: &[u32], p: f64) -> usize {
    let m = sorted.len() as f64;
    // The small allowance keeps p·m = 25 from becoming 25.000000000000004 and so 26.
    let k = (p * m - 1e-9).ceil().max(1.0) as usize;
    sorted[k.min(sorted.len()) - 1] as usize
}

/// Competition ranks ("1, 2, 2, 4") of `values`, best first.
fn competition_ranks(values: &[f64], best_first: bool, order: &mut Vec<u32>) -> Vec<u32> {
    let mut ranks = vec![0u32; values.len()];
    rank_into(values, best_first, order, &mut ranks);
    ranks
}

/// Writes the competition rank of each value into `rank_of`, reusing `order` as scratch space.
fn rank_into(values: &[f64], best_first: bool, order: &mut Vec<u32>, rank_of: &mut [u32]) {
    order.clear();
    // Organisation counts fit in u32: `simulate` caps organisations × draws at MAX_RANK_CELLS.
    order.extend(0..values.len() as u32);
    if best_first {
        order.sort_unstable_by(|&a, &b| values[b as usize].total_cmp(&values[a as usize]));
    } else {
        order.sort_unstable_by(|&a, &b| values[a as usize].total_cmp(&values[b as usize]));
    }
    let mut previous = f64::NAN;
    let mut rank = 0u32;
    for (position, &org) in order.iter().enumerate() {
        let v = values[org as usize];
        if v != previous {
            rank = position as u32 + 1;
            previous = v;
        }
        rank_of[org as usize] = rank;
    }
}

/// A Gamma(shape, 1) sampler by Marsaglia and Tsang's method, with its constants computed once.
/// Shapes below 1 draw from Gamma(shape + 1) and multiply by U^(1/shape).
struct Gamma {
    d: f64,
    c: f64,
    /// `Some(1 / shape)` when the shape is below 1.
    boost: Option<f64>,
}

impl Gamma {
    /// `shape` is at least ½ here (a count plus ½).
    fn new(shape: f64) -> Self {
        let (base, boost) = if shape < 1.0 { (shape + 1.0, Some(1.0 / shape)) } else { (shape, None) };
        let d = base - 1.0 / 3.0;
        Self { d, c: 1.0 / (9.0 * d).sqrt(), boost }
    }

    fn draw(&self, rng: &mut Rng) -> f64 {
        let g = loop {
            let x = rng.normal();
            let v = 1.0 + self.c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = rng.uniform();
            let x2 = x * x;
            if u < 1.0 - 0.0331 * x2 * x2 || u.ln() < 0.5 * x2 + self.d * (1.0 - v + v.ln()) {
                break self.d * v;
            }
        };
        match self.boost {
            Some(inverse_shape) => g * rng.uniform().powf(inverse_shape),
            None => g,
        }
    }
}

/// xoshiro256** (Vigna and Blackman 2018), seeded through SplitMix64 so any `u64` seed (even 0)
/// gives a good state. Normals by Box–Muller, keeping the second value of each pair.
struct Rng {
    s: [u64; 4],
    spare_normal: Option<f64>,
}

impl Rng {
    fn seeded(seed: u64) -> Self {
        let mut x = seed;
        let mut split_mix = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Self { s: [split_mix(), split_mix(), split_mix(), split_mix()], spare_normal: None }
    }

    fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform on (0, 1]: 53 random bits, never 0 so its logarithm is finite.
    fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare_normal.take() {
            return z;
        }
        let radius = (-2.0 * self.uniform().ln()).sqrt();
        let angle = std::f64::consts::TAU * self.uniform();
        self.spare_normal = Some(radius * angle.sin());
        radius * angle.cos()
    }
}

/// What is being ranked: proportions (numerator of denominator) or rates (count per population).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RankedKind {
    Proportion,
    Rate,
}

/// The input of the rank-interval simulations as JSON or JavaScript gives it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RankIntervalsInput {
    pub kind: RankedKind,
    pub numerators: Vec<f64>,
    pub denominators: Vec<f64>,
    pub polarity: Polarity,
    #[serde(default)]
    pub options: RankOptions,
}

impl RankIntervalsInput {
    pub fn run(&self) -> Result<Vec<RankInterval>, StatsError> {
        match self.kind {
            RankedKind::Proportion => {
                rank_intervals_proportion(&self.numerators, &self.denominators, self.polarity, &self.options)
            }
            RankedKind::Rate => {
                rank_intervals_rate(&self.numerators, &self.denominators, self.polarity, &self.options)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::{any, prop, prop_assert, proptest};

    fn opts() -> RankOptions {
        RankOptions::default()
    }

    #[test]
    fn a_huge_organisation_with_a_clearly_best_value_is_surely_first() {
        // 90% of a million against 50-70% of a thousand: no draw can overturn it.
        let num = [900_000.0, 700.0, 650.0, 600.0, 550.0, 500.0];
        let den = [1_000_000.0, 1000.0, 1000.0, 1000.0, 1000.0, 1000.0];
        let r = rank_intervals_proportion(&num, &den, Polarity::HigherIsBetter, &opts()).unwrap();
        assert_eq!(r[0], RankInterval { rank: 1, median: 1, lower: 1, upper: 1 });
        // Lower is better turns the table over.
        let r = rank_intervals_proportion(&num, &den, Polarity::LowerIsBetter, &opts()).unwrap();
        assert_eq!(r[0], RankInterval { rank: 6, median: 6, lower: 6, upper: 6 });
        assert_eq!(r[5].rank, 1);
    }

    #[test]
    fn identical_organisations_have_wide_overlapping_intervals() {
        let r =
            rank_intervals_proportion(&[50.0; 10], &[100.0; 10], Polarity::HigherIsBetter, &opts()).unwrap();
        for (i, ri) in r.iter().enumerate() {
            assert_eq!(ri.rank, 1, "all tie on the observed value");
            assert!(ri.lower <= 2 && ri.upper >= 9, "organisation {i}: {ri:?}");
            assert!((3..=8).contains(&ri.median), "organisation {i}: {ri:?}");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_intervals_and_another_seed_other_draws() {
        let num = [50.0, 52.0, 48.0, 51.0, 49.0, 53.0, 47.0];
        let den = [100.0; 7];
        let a = rank_intervals_proportion(&num, &den, Polarity::HigherIsBetter, &opts()).unwrap();
        let b = rank_intervals_proportion(&num, &den, Polarity::HigherIsBetter, &opts()).unwrap();
        assert_eq!(a, b);
        let other = RankOptions { seed: 2, draws: 21, ..opts() };
        let c = rank_intervals_proportion(&num, &den, Polarity::HigherIsBetter, &other).unwrap();
        let d = rank_intervals_proportion(
            &num,
            &den,
            Polarity::HigherIsBetter,
            &RankOptions { seed: 3, ..other },
        )
        .unwrap();
        assert_ne!(c, d, "21 draws of 7 close organisations should not repeat under another seed");
    }

    #[test]
    fn a_large_population_with_the_lowest_rate_ranks_first_when_lower_is_better() {
        let counts = [100.0, 30.0, 35.0, 40.0, 28.0];
        let pops = [1_000_000.0, 10_000.0, 10_000.0, 10_000.0, 10_000.0];
        let r = rank_intervals_rate(&counts, &pops, Polarity::LowerIsBetter, &opts()).unwrap();
        assert_eq!(r[0], RankInterval { rank: 1, median: 1, lower: 1, upper: 1 });
        assert!(r[1].lower < r[1].upper, "small areas with similar rates swap places: {:?}", r[1]);
    }

    #[test]
    fn zero_events_and_full_proportions_are_ranked_not_rejected() {
        let r = rank_intervals_proportion(
            &[0.0, 10.0, 10.0],
            &[10.0, 10.0, 20.0],
            Polarity::HigherIsBetter,
            &opts(),
        )
        .unwrap();
        assert_eq!([r[0].rank, r[1].rank, r[2].rank], [3, 1, 2]);
        assert!(r.iter().all(|x| x.lower <= x.median && x.median <= x.upper));
    }

    #[test]
    fn observed_ranks_give_ties_the_best_shared_rank() {
        assert_eq!(competition_ranks(&[0.5, 0.7, 0.5, 0.9], true, &mut Vec::new()), [3, 2, 3, 1]);
        assert_eq!(competition_ranks(&[0.5, 0.7, 0.5, 0.9], false, &mut Vec::new()), [1, 3, 1, 4]);
    }

    #[test]
    fn type_1_quantiles_pick_ranks_that_occurred() {
        let sorted: Vec<u32> = (1..=1000).collect();
        assert_eq!(quantile_type1(&sorted, 0.025), 25);
        assert_eq!(quantile_type1(&sorted, 0.5), 500);
        assert_eq!(quantile_type1(&sorted, 0.975), 975);
        assert_eq!(quantile_type1(&[4], 0.025), 4);
    }

    #[test]
    fn gamma_draws_have_the_right_mean_and_variance() {
        // Gamma(k, 1) has mean k and variance k; 200,000 draws pin both within 1.5%.
        let mut rng = Rng::seeded(7);
        for shape in [0.5, 1.5, 30.5, 10_000.5] {
            let g = Gamma::new(shape);
            let m = 200_000;
            let xs: Vec<f64> = (0..m).map(|_| g.draw(&mut rng)).collect();
            let mean = xs.iter().sum::<f64>() / m as f64;
            let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (m - 1) as f64;
            assert!((mean / shape - 1.0).abs() < 0.015, "shape {shape}: mean {mean}");
            assert!((var / shape - 1.0).abs() < 0.015 + 0.02 / shape.sqrt(), "shape {shape}: var {var}");
        }
    }

    #[test]
    fn normals_have_mean_zero_and_variance_one() {
        let mut rng = Rng::seeded(11);
        let m = 200_000;
        let xs: Vec<f64> = (0..m).map(|_| rng.normal()).collect();
        let mean = xs.iter().sum::<f64>() / m as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (m - 1) as f64;
        assert!(mean.abs() < 0.01 && (var - 1.0).abs() < 0.01, "{mean} {var}");
    }

    #[test]
    fn xoshiro_matches_its_reference_output_for_a_known_state() {
        // State {1, 2, 3, 4}: the first output is rotl(2·5, 7)·9 = 1280·9 = 11520, and the update
        // sets s[1] = 2 ^ (3 ^ 1) = 0, so the second is 0; the next two come from the published
        // algorithm transcribed independently (in Python).
        let mut rng = Rng { s: [1, 2, 3, 4], spare_normal: None };
        let out: Vec<u64> = (0..4).map(|_| rng.next_u64()).collect();
        assert_eq!(out, [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240]);
    }

    #[test]
    fn bad_input_is_an_error_naming_the_organisation() {
        let p = Polarity::HigherIsBetter;
        let e = rank_intervals_proportion(&[1.0, 2.0], &[10.0], p, &opts()).unwrap_err();
        assert_eq!(e.field, "denominators");
        let e = rank_intervals_proportion(&[1.0, 20.0], &[10.0, 10.0], p, &opts()).unwrap_err();
        assert_eq!((e.field, e.index), ("numerator", Some(1)));
        let e = rank_intervals_rate(&[1.0, 2.0], &[10.0, 0.0], p, &opts()).unwrap_err();
        assert_eq!((e.field, e.index), ("population", Some(1)));
        let e = rank_intervals_rate(&[f64::NAN], &[10.0], p, &opts()).unwrap_err();
        assert_eq!((e.field, e.index), ("count", Some(0)));
        let e = rank_intervals_rate(&[1.0], &[10.0], p, &RankOptions { draws: 0, ..opts() }).unwrap_err();
        assert_eq!(e.field, "draws");
        let e =
            rank_intervals_rate(&[1.0], &[10.0], p, &RankOptions { confidence: 0.5, ..opts() }).unwrap_err();
        assert_eq!(e.field, "confidence");
        assert_eq!(rank_intervals_rate(&[], &[], p, &opts()).unwrap(), []);
    }

    proptest! {
        #[test]
        fn rank_intervals_are_ordered_and_within_the_table(
            rows in prop::collection::vec((0u32..200, 1u32..200), 1..12),
            seed in any::<u64>(),
        ) {
            let num: Vec<f64> = rows.iter().map(|&(x, _)| f64::from(x)).collect();
            let den: Vec<f64> = rows.iter().map(|&(x, extra)| f64::from(x + extra)).collect();
            let options = RankOptions { draws: 50, seed, ..RankOptions::default() };
            let r = rank_intervals_proportion(&num, &den, Polarity::LowerIsBetter, &options).unwrap();
            for ri in &r {
                prop_assert!(1 <= ri.lower && ri.lower <= ri.median && ri.median <= ri.upper);
                prop_assert!(ri.upper <= rows.len() && ri.rank <= rows.len());
            }
        }
    }
}
