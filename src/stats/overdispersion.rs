//! Funnel plots with over-dispersion. When areas differ by more than chance allows (case mix,
//! coding), plain Poisson or binomial limits flag half the country; Spiegelhalter (Stat Med 2005;
//! 24:1185-1202, "Handling over-dispersion of performance indicators") widens the limits by an
//! over-dispersion factor estimated from the data after trimming the extremes:
//!
//! - z-scores on a variance-stabilising scale: log (SHMI, NHS Digital), square root (CQC) or
//!   arcsine for proportions, each with its standard error s;
//! - trimming: winsorising at the trim quantiles (CQC) or truncating the ranked z-scores (SHMI);
//! - φ = mean of the trimmed z², the multiplicative factor: limits target ± z·√φ·s;
//! - τ² = (nφ - (n - 1)) / (Σw - Σw²/Σw), w = 1/s² (DerSimonian-Laird), the additive random-effects
//!   variance: limits target ± z·√(s² + τ²).
//!
//! The conventions follow NHS-R FunnelPlotR (`transformed_zscore`, `winsorisation`, `truncation`,
//! `phi_func`, `tau_func`): with no over-dispersion (φ ≤ 1, τ² = 0) the limits fall back to the
//! unadjusted exact ones. Limits are available at any critical value z.

use super::distributions::{chi_squared_quantile, chi_squared_upper_quantile, normal_upper_tail};
use super::funnel::FunnelSignificance;
use super::quantile::{Ties, quantile_type7_unsorted, rank};
use super::{
    ConfidenceLevels, Interval, LevelLimits, StatsError, check_levels, check_multiplier, z_for_confidence,
};
use serde::{Deserialize, Serialize};

/// What the funnel plots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FunnelData {
    /// An indirectly standardised ratio O/E (SHMI, SMR) with target 1; the x-axis is E.
    Ratio,
    /// A proportion x/n with the pooled proportion as target; the x-axis is n.
    Proportion,
}

/// The variance-stabilising scale for ratios (proportions always use the arcsine).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RatioScale {
    /// z = √E·ln(O/E), s = 1/√E (SHMI; FunnelPlotR `sr_method = "SHMI"`).
    #[default]
    Log,
    /// z = (√(O/E) - 1)/s, s = 1/(2√E) (CQC; FunnelPlotR `sr_method = "CQC"`).
    Sqrt,
}

/// How the extreme z-scores are kept from inflating the over-dispersion estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Trimming {
    /// Pull z-scores beyond the trim quantiles (type 7) back to them (CQC, Spiegelhalter 2005).
    Winsorise,
    /// Drop the units whose ranked z-score falls in the outer trim groups (SHMI).
    Truncate,
}

/// Which over-dispersion adjustment the limits get.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Adjustment {
    /// Exact Poisson (ratios) or PHE Wilson-inverted (proportions) limits.
    None,
    /// Limits widened by √φ.
    Multiplicative,
    /// Random-effects limits with between-unit variance τ².
    #[default]
    Additive,
}

/// The over-dispersion estimate for a set of units.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Dispersion {
    /// The target on the value scale (1 for ratios, the pooled proportion for proportions).
    pub target: f64,
    /// The target on the transformed scale (0 log, 1 sqrt, asin √p0 arcsine).
    pub target_transformed: f64,
    /// The over-dispersion factor φ (1 = Poisson/binomial variation only).
    pub phi: f64,
    /// The additive between-unit variance τ² on the transformed scale.
    pub tau2: f64,
    /// Units whose z-scores entered φ (after truncation).
    pub n_used: usize,
    /// Units truncated (SHMI) or winsorised (CQC).
    pub n_trimmed: usize,
    /// Units left out because their z-score is undefined (O = 0 on the log scale).
    pub n_undefined: usize,
}

/// Options of the over-dispersion estimate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DispersionOptions {
    pub data: FunnelData,
    #[serde(default)]
    pub scale: RatioScale,
    /// Defaults to truncation on the log scale and winsorising otherwise.
    #[serde(default)]
    pub trimming: Option<Trimming>,
    /// The share trimmed at each end (0.1 = 10%), from 0 to below 0.5.
    #[serde(default = "ten_percent")]
    pub trim_fraction: f64,
    /// Round expected counts to 2 decimal places first, as SHMI does.
    #[serde(default)]
    pub round_expected: bool,
}

fn ten_percent() -> f64 {
    0.1
}

impl DispersionOptions {
    /// NHS Digital's SHMI: log scale, 10% truncation, expected counts rounded to 2 dp.
    pub fn shmi() -> Self {
        Self {
            data: FunnelData::Ratio,
            scale: RatioScale::Log,
            trimming: Some(Trimming::Truncate),
            trim_fraction: 0.1,
            round_expected: true,
        }
    }

    /// CQC's standardised ratios: square-root scale, 10% winsorising.
    pub fn cqc() -> Self {
        Self {
            data: FunnelData::Ratio,
            scale: RatioScale::Sqrt,
            trimming: Some(Trimming::Winsorise),
            trim_fraction: 0.1,
            round_expected: false,
        }
    }

    /// Proportions: arcsine scale, 10% winsorising (Spiegelhalter 2005).
    pub fn proportion() -> Self {
        Self {
            data: FunnelData::Proportion,
            scale: RatioScale::Log,
            trimming: Some(Trimming::Winsorise),
            trim_fraction: 0.1,
            round_expected: false,
        }
    }

    fn trimming(&self) -> Trimming {
        self.trimming.unwrap_or(match (self.data, self.scale) {
            (FunnelData::Ratio, RatioScale::Log) => Trimming::Truncate,
            _ => Trimming::Winsorise,
        })
    }
}

/// R's `round(x, 2)` for the SHMI's expected counts, halves to even (IEC 60559) as R documents.
fn round_2dp(x: f64) -> f64 {
    (x * 100.0).round_ties_even() / 100.0
}

/// Validated units: the numerator, the x-axis quantity (E or n) and the value (O/E or x/n).
struct Units {
    numerator: Vec<Option<f64>>,
    size: Vec<Option<f64>>,
    missing: usize,
}

fn validate(
    numerators: &[Option<f64>],
    denominators: &[Option<f64>],
    options: &DispersionOptions,
) -> Result<Units, StatsError> {
    super::check_same_length("denominators", denominators.len(), numerators.len())?;
    let t = options.trim_fraction;
    if !(0.0..0.5).contains(&t) {
        return Err(StatsError::new("trimFraction", format!("must be from 0 to below 0.5, got {t}")));
    }
    let mut units = Units {
        numerator: Vec::with_capacity(numerators.len()),
        size: Vec::with_capacity(numerators.len()),
        missing: 0,
    };
    for (i, (&x, &n)) in numerators.iter().zip(denominators).enumerate() {
        let x = super::check_count(x, "numerators", i)?;
        let mut n = super::check_positive(n, "denominators", i)?;
        if options.round_expected && options.data == FunnelData::Ratio {
            n = n.map(round_2dp);
            if n == Some(0.0) {
                return Err(StatsError::new("denominators", "rounds to 0 at 2 decimal places").at(i));
            }
        }
        if let (Some(x), Some(n), FunnelData::Proportion) = (x, n, options.data)
            && x > n
        {
            return Err(
                StatsError::new("numerators", format!("{x} is larger than the denominator {n}")).at(i)
            );
        }
        if x.is_none() || n.is_none() {
            units.missing += 1;
        }
        units.numerator.push(x);
        units.size.push(n);
    }
    Ok(units)
}

/// The standard error s on the transformed scale for a unit of size `n` (E or the denominator).
fn standard_error(n: f64, data: FunnelData, scale: RatioScale) -> f64 {
    match (data, scale) {
        (FunnelData::Ratio, RatioScale::Log) => 1.0 / n.sqrt(),
        _ => 1.0 / (2.0 * n.sqrt()),
    }
}

/// The pooled target on the value and transformed scales.
fn targets(units: &Units, options: &DispersionOptions) -> (f64, f64) {
    match options.data {
        FunnelData::Ratio => (1.0, if options.scale == RatioScale::Log { 0.0 } else { 1.0 }),
        FunnelData::Proportion => {
            let (mut sx, mut sn) = (0.0, 0.0);
            for (x, n) in units.numerator.iter().zip(&units.size) {
                if let (Some(x), Some(n)) = (x, n) {
                    sx += x;
                    sn += n;
                }
            }
            let p0 = if sn > 0.0 { sx / sn } else { 0.0 };
            (p0, p0.sqrt().asin())
        }
    }
}

/// The unadjusted z-score of one unit (FunnelPlotR `transformed_zscore`); `None` where undefined.
fn z_score(x: f64, n: f64, target_transformed: f64, options: &DispersionOptions) -> Option<f64> {
    let z = match (options.data, options.scale) {
        (FunnelData::Ratio, RatioScale::Log) => n.sqrt() * (x / n).ln(),
        (FunnelData::Ratio, RatioScale::Sqrt) => ((x / n).sqrt() - target_transformed) * 2.0 * n.sqrt(),
        (FunnelData::Proportion, _) => ((x / n).sqrt().asin() - target_transformed) * 2.0 * n.sqrt(),
    };
    z.is_finite().then_some(z)
}

/// Estimates φ and τ² from the units (FunnelPlotR `phi_func`/`tau_func` after winsorising or
/// truncation). With no unit left the estimate is φ = 1, τ² = 0 (no adjustment).
pub fn estimate_dispersion(
    numerators: &[Option<f64>],
    denominators: &[Option<f64>],
    options: &DispersionOptions,
) -> Result<Dispersion, StatsError> {
    let units = validate(numerators, denominators, options)?;
    Ok(dispersion_of(&units, options).0)
}

/// The dispersion estimate and every unit's unadjusted z-score.
fn dispersion_of(units: &Units, options: &DispersionOptions) -> (Dispersion, Vec<Option<f64>>) {
    let (target, target_transformed) = targets(units, options);
    let z: Vec<Option<f64>> = units
        .numerator
        .iter()
        .zip(&units.size)
        .map(|(&x, &n)| z_score(x?, n?, target_transformed, options))
        .collect();
    let complete = units.numerator.len() - units.missing;
    let defined = z.iter().filter(|v| v.is_some()).count();
    let n_undefined = complete - defined;
    // (z, s) of the units entering φ after trimming.
    let mut used: Vec<(f64, f64)> = Vec::with_capacity(defined);
    let mut n_trimmed = 0;
    let trim = options.trim_fraction;
    match options.trimming() {
        Trimming::Truncate => {
            let ranks = rank(&z, Ties::Average).unwrap_or_default();
            let k = if trim > 0.0 { 1.0 / trim } else { f64::INFINITY };
            for (i, (&zi, r)) in z.iter().zip(ranks).enumerate() {
                let (Some(zi), Some(r), Some(n)) = (zi, r, units.size[i]) else {
                    continue;
                };
                let group = if k.is_finite() { (r * k / (defined as f64 + 1.0)).floor() } else { 1.0 };
                if trim == 0.0 || (group > 0.0 && group < k - 1.0) {
                    used.push((zi, standard_error(n, options.data, options.scale)));
                } else {
                    n_trimmed += 1;
                }
            }
        }
        Trimming::Winsorise => {
            // The trim quantiles by selection: O(n) instead of a sort.
            let mut scratch: Vec<f64> = z.iter().flatten().copied().collect();
            let (lo, hi) = if trim == 0.0 {
                (f64::NEG_INFINITY, f64::INFINITY)
            } else {
                (
                    quantile_type7_unsorted(&mut scratch, trim).unwrap_or(f64::NEG_INFINITY),
                    quantile_type7_unsorted(&mut scratch, 1.0 - trim).unwrap_or(f64::INFINITY),
                )
            };
            for (i, &zi) in z.iter().enumerate() {
                let (Some(zi), Some(n)) = (zi, units.size[i]) else {
                    continue;
                };
                if !(zi > lo && zi < hi) {
                    n_trimmed += 1;
                }
                used.push((zi.clamp(lo, hi), standard_error(n, options.data, options.scale)));
            }
        }
    }
    let n = used.len() as f64;
    let (phi, tau2) = if used.is_empty() {
        (1.0, 0.0)
    } else {
        let phi = used.iter().map(|(z, _)| z * z).sum::<f64>() / n;
        let (mut sw, mut sw2) = (0.0, 0.0);
        for (_, s) in &used {
            let w = 1.0 / (s * s);
            sw += w;
            sw2 += w * w;
        }
        let denominator = sw - sw2 / sw;
        let tau2 = if n * phi < n - 1.0 || denominator <= 0.0 {
            0.0
        } else {
            ((n * phi - (n - 1.0)) / denominator).max(0.0)
        };
        (phi, tau2)
    };
    (Dispersion { target, target_transformed, phi, tau2, n_used: used.len(), n_trimmed, n_undefined }, z)
}

/// Exact Poisson limits for a ratio O/E with continuous E and target 1 (FunnelPlotR's unadjusted
/// limits): lower = qchisq(α/2, 2E)/(2E), upper = qchisq(1-α/2, 2(E+1))/(2E), at critical value z
/// (α/2 = 1 - Φ(z)).
pub fn poisson_ratio_limits(expected: f64, z: f64) -> Interval {
    let tail = normal_upper_tail(z);
    Interval {
        lower: chi_squared_quantile(tail, 2.0 * expected) / (2.0 * expected),
        upper: chi_squared_upper_quantile(tail, 2.0 * (expected + 1.0)) / (2.0 * expected),
    }
}

/// The adjustment actually applied: none when the data show no over-dispersion (φ ≤ 1 for the
/// multiplicative factor, τ² = 0 for random effects).
pub fn effective_adjustment(adjustment: Adjustment, dispersion: &Dispersion) -> Adjustment {
    match adjustment {
        Adjustment::Multiplicative if dispersion.phi > 1.0 => Adjustment::Multiplicative,
        Adjustment::Additive if dispersion.tau2 > 0.0 => Adjustment::Additive,
        _ => Adjustment::None,
    }
}

/// Funnel limits on the value scale (O/E, or a proportion from 0 to 1) for a unit of size `n` at
/// critical value `z`, with `adjustment` (use [`effective_adjustment`] first).
pub fn funnel_limits(
    n: f64,
    z: f64,
    dispersion: &Dispersion,
    adjustment: Adjustment,
    options: &DispersionOptions,
) -> Interval {
    LimitKernel::new(dispersion, adjustment, options).limits(n, z)
}

/// What [`funnel_limits`] needs per unit, worked out once per funnel: the sine and cosine of the
/// arcsine target let each proportion limit cost one `sin_cos` instead of two `sin`s, by
/// sin(t ± d) = sin t·cos d ± cos t·sin d.
struct LimitKernel {
    adjustment: Adjustment,
    data: FunnelData,
    scale: RatioScale,
    target: f64,
    t: f64,
    sin_t: f64,
    cos_t: f64,
    sqrt_phi: f64,
    tau2: f64,
}

impl LimitKernel {
    fn new(dispersion: &Dispersion, adjustment: Adjustment, options: &DispersionOptions) -> Self {
        let t = dispersion.target_transformed;
        Self {
            adjustment,
            data: options.data,
            scale: options.scale,
            target: dispersion.target,
            t,
            sin_t: t.sin(),
            cos_t: t.cos(),
            sqrt_phi: dispersion.phi.sqrt(),
            tau2: dispersion.tau2,
        }
    }

    /// The spread per unit of z for a unit of size `n`: √φ·s or √(s² + τ²).
    fn unit_spread(&self, n: f64) -> f64 {
        let s = standard_error(n, self.data, self.scale);
        match self.adjustment {
            Adjustment::None => 0.0,
            Adjustment::Multiplicative => self.sqrt_phi * s,
            Adjustment::Additive => (s * s + self.tau2).sqrt(),
        }
    }

    fn limits(&self, n: f64, z: f64) -> Interval {
        self.limits_with_spread(n, z, self.unit_spread(n))
    }

    fn limits_with_spread(&self, n: f64, z: f64, unit_spread: f64) -> Interval {
        let spread = z * unit_spread;
        let t = self.t;
        match (self.adjustment, self.data, self.scale) {
            (Adjustment::None, FunnelData::Ratio, _) => poisson_ratio_limits(n, z),
            (Adjustment::None, FunnelData::Proportion, _) => {
                let (l, u) = super::funnel::proportion_limits_raw(n, self.target, z);
                Interval { lower: l.max(0.0), upper: u.min(1.0) }
            }
            (_, FunnelData::Ratio, RatioScale::Log) => {
                Interval { lower: (t - spread).exp(), upper: (t + spread).exp() }
            }
            (_, FunnelData::Ratio, RatioScale::Sqrt) => {
                Interval { lower: (t - spread).max(0.0).powi(2), upper: (t + spread).powi(2) }
            }
            (_, FunnelData::Proportion, _) => {
                // Limits on the arcsine scale are clamped to [0, π/2] before transforming back.
                // A NaN spread compares as neither, so it clamps both sides.
                let low_clamped = spread.partial_cmp(&t) != Some(std::cmp::Ordering::Less);
                let high_clamped =
                    (t + spread).partial_cmp(&std::f64::consts::FRAC_PI_2) != Some(std::cmp::Ordering::Less);
                let (sd, cd) = if low_clamped && high_clamped { (0.0, 1.0) } else { spread.sin_cos() };
                let lower = if low_clamped { 0.0 } else { (self.sin_t * cd - self.cos_t * sd).powi(2) };
                let upper = if high_clamped { 1.0 } else { (self.sin_t * cd + self.cos_t * sd).powi(2) };
                Interval { lower, upper }
            }
        }
    }
}

/// Whether a value lies outside its limits; on a limit counts as inside (FunnelPlotR `outliers_func`).
pub fn outside(value: f64, limits: Interval) -> bool {
    value < limits.lower || value > limits.upper
}

/// A funnel analysis request as JSON or JavaScript gives it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FunnelInput {
    pub numerators: Vec<Option<f64>>,
    /// Expected counts (ratios) or denominators (proportions).
    pub denominators: Vec<Option<f64>>,
    #[serde(flatten)]
    pub options: DispersionOptions,
    #[serde(default)]
    pub adjustment: Adjustment,
    #[serde(default)]
    pub confidence: ConfidenceLevels,
    /// Scales values and limits (100 for percentages).
    #[serde(default = "one")]
    pub multiplier: f64,
    /// Points on each limit curve for drawing (default 100).
    #[serde(default = "hundred")]
    pub curve_points: usize,
}

fn one() -> f64 {
    1.0
}

fn hundred() -> usize {
    100
}

/// Limit curves for drawing: x (E or n) on a geometric grid from 90% of the smallest unit to 110%
/// of the largest, and the limits at each requested level.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FunnelCurves {
    pub x: Vec<f64>,
    pub limits: Vec<LevelLimits>,
}

/// A funnel plot's numbers: each unit's value and limits, its significance at 95%/99.8%, the
/// dispersion estimate and the curves to draw. Values and limits are times the multiplier.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FunnelAnalysis {
    pub target: f64,
    pub dispersion: Dispersion,
    pub adjustment: Adjustment,
    pub value: Vec<Option<f64>>,
    pub z_score: Vec<Option<f64>>,
    pub limits: Vec<LevelLimits>,
    pub significance: Vec<Option<FunnelSignificance>>,
    pub curves: FunnelCurves,
    pub missing: usize,
    pub warnings: Vec<String>,
}

/// `count` points from `lo` to `hi` spaced geometrically (evenly on a log axis).
pub fn geometric_grid(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    if count == 0 || !(lo > 0.0 && hi >= lo) {
        return Vec::new();
    }
    if count == 1 || lo == hi {
        return vec![lo; count.min(1)];
    }
    let ratio = (hi / lo).ln() / (count - 1) as f64;
    (0..count).map(|i| lo * (ratio * i as f64).exp()).collect()
}

/// Runs a whole funnel analysis from a [`FunnelInput`] (see [`funnel`]).
pub fn funnel_analysis(input: &FunnelInput) -> Result<FunnelAnalysis, StatsError> {
    funnel(
        &input.numerators,
        &input.denominators,
        &input.options,
        input.adjustment,
        input.confidence.as_slice(),
        input.multiplier,
        input.curve_points,
    )
}

/// Runs a whole funnel analysis on borrowed columns: the dispersion estimate, each unit's value and
/// limits at every level in `levels` (times `multiplier`), PHE-style significance labels from the
/// 95% and 99.8% limits, and `curve_points` points of each limit curve for drawing.
pub fn funnel(
    numerators: &[Option<f64>],
    denominators: &[Option<f64>],
    options: &DispersionOptions,
    adjustment: Adjustment,
    levels: &[f64],
    multiplier: f64,
    curve_points: usize,
) -> Result<FunnelAnalysis, StatsError> {
    check_levels(levels)?;
    check_multiplier(multiplier)?;
    if curve_points > 10_000 {
        return Err(StatsError::new("curvePoints", "must be at most 10000"));
    }
    let units = validate(numerators, denominators, options)?;
    let (dispersion, z_score) = dispersion_of(&units, options);
    let requested = adjustment;
    let adjustment = effective_adjustment(requested, &dispersion);
    let m = multiplier;
    let zs: Vec<f64> = levels.iter().map(|&c| z_for_confidence(c)).collect::<Result<_, _>>()?;
    let (z95, z998) = (z_for_confidence(0.95)?, z_for_confidence(0.998)?);
    // The significance labels need the 95% and 99.8% limits: reuse them when they were requested.
    let reuse95 = levels.iter().position(|&c| c == 0.95);
    let reuse998 = levels.iter().position(|&c| c == 0.998);
    let rows = units.numerator.len();
    let mut value = Vec::with_capacity(rows);
    let mut limits: Vec<LevelLimits> = levels.iter().map(|&c| LevelLimits::with_capacity(c, rows)).collect();
    let mut significance = Vec::with_capacity(rows);
    let mut row_limits = vec![Interval { lower: 0.0, upper: 0.0 }; levels.len()];
    let kernel = LimitKernel::new(&dispersion, adjustment, options);
    for (&x, &n) in units.numerator.iter().zip(&units.size) {
        let (Some(x), Some(n)) = (x, n) else {
            value.push(None);
            significance.push(None);
            for l in &mut limits {
                l.push(None, None);
            }
            continue;
        };
        let v = x / n;
        value.push(Some(v * m));
        let unit_spread = kernel.unit_spread(n);
        for ((l, &z), ci) in limits.iter_mut().zip(&zs).zip(row_limits.iter_mut()) {
            *ci = kernel.limits_with_spread(n, z, unit_spread);
            l.push(Some(ci.lower * m), Some(ci.upper * m));
        }
        let ci95 = match reuse95 {
            Some(k) => row_limits[k],
            None => kernel.limits_with_spread(n, z95, unit_spread),
        };
        let ci998 = match reuse998 {
            Some(k) => row_limits[k],
            None => kernel.limits_with_spread(n, z998, unit_spread),
        };
        significance.push(Some(significance_of(v, ci95, ci998)));
    }
    let curves = limit_curves(&units.size, &kernel, levels, &zs, m, curve_points);
    let warnings = funnel_warnings(&dispersion, requested, adjustment, units.missing);
    Ok(FunnelAnalysis {
        target: dispersion.target * m,
        dispersion,
        adjustment,
        value,
        z_score,
        limits,
        significance,
        curves,
        missing: units.missing,
        warnings,
    })
}

/// PHE's label for a value against its 95% and 99.8% limits.
fn significance_of(v: f64, ci95: Interval, ci998: Interval) -> FunnelSignificance {
    if v > ci998.upper {
        FunnelSignificance::High001
    } else if v > ci95.upper {
        FunnelSignificance::High025
    } else if v < ci998.lower {
        FunnelSignificance::Low001
    } else if v < ci95.lower {
        FunnelSignificance::Low025
    } else {
        FunnelSignificance::NotSignificant
    }
}

/// `curve_points` points of each level's limits (`zs`, times `m`) over the units' sizes, for
/// drawing.
fn limit_curves(
    sizes: &[Option<f64>],
    kernel: &LimitKernel,
    levels: &[f64],
    zs: &[f64],
    m: f64,
    curve_points: usize,
) -> FunnelCurves {
    let (lo, hi) =
        sizes.iter().flatten().fold((f64::INFINITY, 0.0_f64), |(lo, hi), &n| (lo.min(n), hi.max(n)));
    // A 10% margin either side, so the curves reach past the smallest and largest units.
    let x = if lo.is_finite() { geometric_grid(lo * 0.9, hi * 1.1, curve_points) } else { Vec::new() };
    let limits = levels
        .iter()
        .zip(zs)
        .map(|(&c, &z)| {
            let mut l = LevelLimits::with_capacity(c, x.len());
            for &n in &x {
                let ci = kernel.limits(n, z);
                l.push(Some(ci.lower * m), Some(ci.upper * m));
            }
            l
        })
        .collect();
    FunnelCurves { x, limits }
}

/// What the analysis left out or could not do as asked.
fn funnel_warnings(
    dispersion: &Dispersion,
    requested: Adjustment,
    adjustment: Adjustment,
    missing: usize,
) -> Vec<String> {
    let mut warnings = Vec::new();
    if dispersion.n_undefined > 0 {
        warnings.push(format!(
            "{} units with no observed events have no log-scale z-score and were left out of the \
             over-dispersion estimate",
            dispersion.n_undefined
        ));
    }
    if requested != Adjustment::None && adjustment == Adjustment::None {
        warnings.push("no over-dispersion found (phi <= 1): unadjusted limits used".to_string());
    }
    if missing > 0 {
        warnings.push(format!("{missing} rows with a missing numerator or denominator were not plotted"));
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(v: &[f64]) -> Vec<Option<f64>> {
        v.iter().copied().map(Some).collect()
    }

    #[test]
    fn shmi_phi_matches_funnelplotr_for_six_trusts() {
        // FunnelPlotR test-classes_methods.R: round(phi, 6) == 2.948033.
        let o = some(&[100.0, 150.0, 180.0, 80.0, 120.0, 225.0]);
        let e = some(&[108.0, 112.0, 165.0, 95.0, 100.0, 220.0]);
        let d = estimate_dispersion(&o, &e, &DispersionOptions::shmi()).unwrap();
        assert!((d.phi - 2.948_033).abs() < 5e-7, "{d:?}");
        assert_eq!(d.n_used, 6);
    }

    #[test]
    fn poisson_ratio_limits_match_funnelplotr_at_e_15() {
        // FunnelPlotR test-poisson_limits.R: E = 15 -> 0.5596924, 1.649348 (95%).
        let ci = poisson_ratio_limits(15.0, z_for_confidence(0.95).unwrap());
        assert!((ci.lower - 0.559_692_4).abs() < 5e-8);
        assert!((ci.upper - 1.649_348).abs() < 5e-7);
    }

    #[test]
    fn truncation_drops_the_outer_tenths_of_twenty_units() {
        let o: Vec<Option<f64>> = (1..=20).map(|i| Some(f64::from(i) * 10.0)).collect();
        let e = vec![Some(100.0); 20];
        let d = estimate_dispersion(&o, &e, &DispersionOptions::shmi()).unwrap();
        // sp = floor(rank·10/21): ranks 1, 2 give 0 and ranks 19, 20 give 9.
        assert_eq!((d.n_used, d.n_trimmed), (16, 4));
    }

    #[test]
    fn additive_limits_are_wider_than_unadjusted_when_units_are_over_dispersed() {
        let o = some(&[50.0, 150.0, 80.0, 130.0, 95.0, 105.0, 60.0, 140.0, 100.0, 120.0]);
        let e = some(&[100.0; 10]);
        let input = FunnelInput {
            numerators: o,
            denominators: e,
            options: DispersionOptions::cqc(),
            adjustment: Adjustment::Additive,
            confidence: ConfidenceLevels::One(0.95),
            multiplier: 1.0,
            curve_points: 20,
        };
        let f = funnel_analysis(&input).unwrap();
        assert_eq!(f.adjustment, Adjustment::Additive);
        assert!(f.dispersion.tau2 > 0.0);
        let plain = poisson_ratio_limits(100.0, z_for_confidence(0.95).unwrap());
        assert!(f.limits[0].upper[0].unwrap() > plain.upper);
        assert_eq!(f.curves.x.len(), 20);
    }

    #[test]
    fn no_over_dispersion_falls_back_to_unadjusted_limits() {
        let o = some(&[100.0, 101.0, 99.0, 100.0]);
        let e = some(&[100.0; 4]);
        let d = estimate_dispersion(&o, &e, &DispersionOptions::cqc()).unwrap();
        assert!(d.phi < 1.0);
        assert_eq!(effective_adjustment(Adjustment::Multiplicative, &d), Adjustment::None);
    }

    #[test]
    fn proportion_limits_on_the_arcsine_scale_stay_within_zero_and_one() {
        let x = some(&[1.0, 990.0, 500.0]);
        let n = some(&[1000.0, 1000.0, 1000.0]);
        let input = FunnelInput {
            numerators: x,
            denominators: n,
            options: DispersionOptions::proportion(),
            adjustment: Adjustment::Additive,
            confidence: ConfidenceLevels::default(),
            multiplier: 100.0,
            curve_points: 5,
        };
        let f = funnel_analysis(&input).unwrap();
        for l in &f.curves.limits {
            for (lo, up) in l.lower.iter().zip(&l.upper) {
                assert!((0.0..=100.0).contains(&lo.unwrap()) && (0.0..=100.0).contains(&up.unwrap()));
            }
        }
    }

    #[test]
    fn a_value_on_its_limit_is_inside() {
        let ci = Interval { lower: 0.9, upper: 1.1 };
        assert!(!outside(1.1, ci) && !outside(0.9, ci) && outside(1.100_001, ci));
    }

    #[test]
    fn trim_fraction_outside_its_range_is_an_error() {
        let mut o = DispersionOptions::shmi();
        o.trim_fraction = 0.5;
        let err = estimate_dispersion(&[Some(1.0)], &[Some(1.0)], &o).unwrap_err();
        assert_eq!(err.field, "trimFraction");
    }
}

#[cfg(test)]
mod input_tests {
    use super::*;

    #[test]
    fn funnel_input_reads_flattened_options_and_rejects_unknown_fields() {
        let input: FunnelInput = serde_json::from_str(
            r#"{"data": "ratio", "numerators": [1, 2], "denominators": [1, 2], "scale": "sqrt", "trimFraction": 0.2}"#,
        )
        .unwrap();
        assert_eq!(input.options.scale, RatioScale::Sqrt);
        assert_eq!(input.options.trim_fraction, 0.2);
        assert_eq!(input.adjustment, Adjustment::Additive);
        let bad = serde_json::from_str::<FunnelInput>(
            r#"{"data": "ratio", "numerators": [1], "denominators": [1], "trimFractoin": 0.2}"#,
        );
        assert!(bad.is_err());
    }
}
