//! Distribution functions the interval methods are built on. Each is accurate to near double
//! precision, so our intervals match R's `qnorm`, `qchisq` and `qt` (which PHEindicatormethods,
//! FunnelPlotR and NHSRplotthedots call) to the digits published in their tests.

/// The standard normal quantile Φ⁻¹(p), by Wichura's algorithm AS 241 (PPND16, Applied
/// Statistics 37(3), 1988), relative accuracy about 1e-16: the algorithm R's `qnorm` uses.
/// Returns -inf at 0, +inf at 1 and NaN outside [0, 1]. PPND16 has three rational
/// approximations, one per region; each is below with its coefficients kept as Wichura printed
/// them, digits beyond f64 included, so they can be checked against the paper.
pub fn normal_quantile(p: f64) -> f64 {
    if p.is_nan() || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        return as241_central(q);
    }
    // The tails are symmetric: approximate in r = sqrt(-ln(min(p, 1 - p))), then give the sign.
    let r = (-(if q < 0.0 { p } else { 1.0 - p }).ln()).sqrt();
    let val = if r <= 5.0 { as241_intermediate(r - 1.6) } else { as241_far_tail(r - 5.0) };
    if q < 0.0 { -val } else { val }
}

/// AS 241 for |q| <= 0.425 (q = p - 0.5): q times a ratio of degree-7 polynomials in
/// r = 0.180625 - q² (coefficients A0..A7 over B0..B7, B0 = 1).
#[allow(clippy::excessive_precision, clippy::inconsistent_digit_grouping)]
fn as241_central(q: f64) -> f64 {
    let r = 0.180625 - q * q;
    q * (((((((r * 2509.080_928_730_122_7 + 33430.575_583_588_128) * r + 67265.770_927_008_700_853) * r
        + 45921.953_931_549_871_457)
        * r
        + 13731.693_765_509_461_125)
        * r
        + 1971.590_950_306_551_442_7)
        * r
        + 133.141_667_891_784_377_02)
        * r
        + 3.387_132_872_796_366_608)
        / (((((((r * 5226.495_278_852_545_925 + 28729.085_735_721_942_674) * r
            + 39307.895_800_092_710_61)
            * r
            + 21213.794_301_586_595_867)
            * r
            + 5394.196_021_424_751_077_1)
            * r
            + 687.187_007_492_057_908_95)
            * r
            + 42.313_330_701_600_911_252)
            * r
            + 1.0)
}

/// AS 241 for r <= 5 (|q| > 0.425), in r - 1.6 (coefficients C0..C7 over D0..D7, D0 = 1).
#[allow(clippy::excessive_precision, clippy::inconsistent_digit_grouping)]
fn as241_intermediate(r: f64) -> f64 {
    (((((((r * 7.745_450_142_783_414_076_4e-4 + 0.022_723_844_989_269_184_083_5) * r
        + 0.241_780_725_177_450_611_77)
        * r
        + 1.270_458_252_452_368_382_58)
        * r
        + 3.647_848_324_763_204_605_04)
        * r
        + 5.769_497_221_460_691_405_5)
        * r
        + 4.630_337_846_156_545_295_9)
        * r
        + 1.423_437_110_749_683_577_34)
        / (((((((r * 1.050_750_071_644_416_843_24e-9 + 5.475_938_084_995_344_946e-4) * r
            + 0.015_198_666_563_616_457_2)
            * r
            + 0.148_103_976_427_480_074_59)
            * r
            + 0.689_767_334_985_100_004_55)
            * r
            + 1.676_384_830_183_803_849_4)
            * r
            + 2.053_191_626_637_758_821_87)
            * r
            + 1.0)
}

/// AS 241 for r > 5, the far tails (p below about 1.4e-11), in r - 5 (coefficients E0..E7
/// over F0..F7, F0 = 1).
#[allow(clippy::excessive_precision, clippy::inconsistent_digit_grouping)]
fn as241_far_tail(r: f64) -> f64 {
    (((((((r * 2.010_334_399_292_288_132_65e-7 + 2.711_555_568_743_487_578_87e-5) * r
        + 0.001_242_660_947_388_078_438_6)
        * r
        + 0.026_532_189_526_576_123_093)
        * r
        + 0.296_560_571_828_504_891_23)
        * r
        + 1.784_826_539_917_291_335_8)
        * r
        + 5.463_784_911_164_114_369_9)
        * r
        + 6.657_904_643_501_103_777_2)
        / (((((((r * 2.044_263_103_389_939_785_79e-15 + 1.421_511_758_316_445_887_86e-7) * r
            + 1.846_318_317_510_054_681_9e-5)
            * r
            + 7.868_691_311_456_132_591e-4)
            * r
            + 0.014_875_361_290_850_614_852_5)
            * r
            + 0.136_929_880_922_735_805_31)
            * r
            + 0.599_832_206_555_887_937_69)
            * r
            + 1.0)
}

/// The standard normal distribution function Φ(x), through the complementary error function:
/// `Φ(x) = ½·erfc(-x/√2)` with `erfc(y) = Q(½, y²)` for `y ≥ 0` (Abramowitz & Stegun 7.1.2,
/// 6.5.17). Both tails keep full relative accuracy (Φ(-10) ≈ 7.6e-24, as R's `pnorm`).
pub fn normal_cdf(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    let tail = 0.5 * gamma_q(0.5, 0.5 * x * x);
    if x < 0.0 { tail } else { 1.0 - tail }
}

/// The upper tail 1 - Φ(x), accurate where Φ(x) is near 1.
pub fn normal_upper_tail(x: f64) -> f64 {
    normal_cdf(-x)
}

const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

/// The remainder of Stirling's series, `ln Γ(x) - [(x - ½)ln x - x + ½ln 2π]`, for x ≥ 10, where
/// seven terms (Abramowitz & Stegun 6.1.41) leave an error below 1e-17.
fn stirling_remainder(x: f64) -> f64 {
    let r = 1.0 / x;
    let r2 = r * r;
    r * (1.0 / 12.0
        + r2 * (-1.0 / 360.0
            + r2 * (1.0 / 1260.0
                + r2 * (-1.0 / 1680.0 + r2 * (1.0 / 1188.0 + r2 * (-691.0 / 360_360.0 + r2 / 156.0))))))
}

/// ln Γ(x) for x > 0: Stirling's series with its remainder for x ≥ 10, and the recurrence
/// Γ(x) = Γ(x + n) / (x(x+1)…(x+n-1)) below, relative accuracy about 1e-15. NaN for x ≤ 0.
pub fn ln_gamma(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    if x.is_infinite() {
        return f64::INFINITY;
    }
    if x == x.floor() && x <= 23.0 {
        // (x - 1)! is exact in f64 up to 22!, so whole arguments get a correctly rounded log.
        let factorial: f64 = (1..x as u32).map(f64::from).product();
        return factorial.ln();
    }
    if x >= 10.0 {
        return (x - 0.5) * x.ln() - x + LN_SQRT_2PI + stirling_remainder(x);
    }
    let mut shifted = x;
    let mut product = 1.0;
    while shifted < 10.0 {
        product *= shifted;
        shifted += 1.0;
    }
    ln_gamma(shifted) - product.ln()
}

/// ln(xᵃ e⁻ˣ / Γ(a)), the factor in front of both incomplete-gamma expansions. For a ≥ 10 it is
/// written as `-a·(t - ln(1+t)) + ½ln a - ½ln 2π - remainder(a)` with `t = (x - a)/a`, which avoids
/// the cancellation between `a ln x` and `x` when both are large (Temme 1979; DiDonato & Morris 1986).
fn ln_gamma_prefactor(a: f64, x: f64) -> f64 {
    if a >= 10.0 {
        let t = (x - a) / a;
        -a * (t - t.ln_1p()) + 0.5 * a.ln() - LN_SQRT_2PI - stirling_remainder(a)
    } else {
        a * x.ln() - x - ln_gamma(a)
    }
}

const MAX_SERIES_TERMS: usize = 1_000_000;

/// P(a, x) by its power series (Numerical Recipes 3rd ed. §6.2, `gser`); converges fast for x < a + 1.
fn gamma_p_series(a: f64, x: f64) -> f64 {
    let mut term = 1.0 / a;
    let mut sum = term;
    let mut ap = a;
    for _ in 0..MAX_SERIES_TERMS {
        ap += 1.0;
        term *= x / ap;
        sum += term;
        if term.abs() < sum.abs() * 1e-17 {
            break;
        }
    }
    sum * ln_gamma_prefactor(a, x).exp()
}

/// Q(a, x) by its continued fraction, evaluated with the modified Lentz method (Numerical Recipes
/// 3rd ed. §6.2, `gcf`); converges fast for x ≥ a + 1.
fn gamma_q_continued_fraction(a: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let mut b = x + 1.0 - a;
    let mut c = 1.0 / TINY;
    let mut d = 1.0 / b;
    let mut h = d;
    for i in 1..MAX_SERIES_TERMS {
        let an = -(i as f64) * (i as f64 - a);
        b += 2.0;
        d = an * d + b;
        if d.abs() < TINY {
            d = TINY;
        }
        c = b + an / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() < 1e-16 {
            break;
        }
    }
    ln_gamma_prefactor(a, x).exp() * h
}

/// The regularised lower incomplete gamma function P(a, x) = γ(a, x)/Γ(a) (Abramowitz & Stegun
/// 6.5.1), the Poisson and chi-square distribution functions: P(X ≤ k | λ) = Q(k + 1, λ) and
/// pchisq(x, df) = P(df/2, x/2). P(0, x) = 1 (the degenerate distribution at 0). NaN for a < 0 or
/// x < 0.
pub fn gamma_p(a: f64, x: f64) -> f64 {
    gamma_pq(a, x).0
}

/// The regularised upper incomplete gamma function Q(a, x) = 1 - P(a, x), computed directly so the
/// upper tail keeps its relative accuracy.
pub fn gamma_q(a: f64, x: f64) -> f64 {
    gamma_pq(a, x).1
}

fn gamma_pq(a: f64, x: f64) -> (f64, f64) {
    if a.is_nan() || x.is_nan() || a < 0.0 || x < 0.0 {
        return (f64::NAN, f64::NAN);
    }
    if a == 0.0 {
        return (1.0, 0.0);
    }
    if x == 0.0 {
        return (0.0, 1.0);
    }
    if x.is_infinite() {
        return (1.0, 0.0);
    }
    if x < a + 1.0 {
        let p = gamma_p_series(a, x);
        (p, 1.0 - p)
    } else {
        let q = gamma_q_continued_fraction(a, x);
        (1.0 - q, q)
    }
}

/// The inverse of the regularised incomplete gamma function: the x with P(a, x) = p, where the
/// caller gives both tails `p` and `q = 1 - p` so the smaller one is matched directly (no loss of
/// relative accuracy at 0.999 or 0.9995). Initial value from Wilson-Hilferty (a > 1) or the small-a
/// expansion of Numerical Recipes 3rd ed. §6.2.1 (`invgammp`), then Halley steps to a relative
/// change of 1e-15.
fn gamma_inverse(a: f64, p: f64, q: f64) -> f64 {
    if a.is_nan() || p.is_nan() || q.is_nan() || a < 0.0 || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if a == 0.0 || p == 0.0 {
        return 0.0;
    }
    if q == 0.0 {
        return f64::INFINITY;
    }
    let use_lower = p <= q;
    if a >= 1e7 {
        // Far beyond any count the exact intervals are used for: the Wilson-Hilferty cube is
        // within about 1e-11 relative here (6e-12 at the 0.001 tails for a = 1e7, checked against
        // the iterated inverse), and the series would need ~10·√a terms per evaluation.
        let z = if use_lower { normal_quantile(p) } else { -normal_quantile(q) };
        let c = 1.0 / (9.0 * a);
        return a * (1.0 - c + z * c.sqrt()).powi(3);
    }
    let mut x = if a > 1.0 {
        let z = normal_quantile(p);
        let c = 1.0 / (9.0 * a);
        let guess = a * (1.0 - c + z * c.sqrt()).powi(3);
        if guess > 0.0 {
            guess
        } else {
            // Far lower tail: P(a, x) ≈ xᵃ / Γ(a + 1).
            ((p.ln() + ln_gamma(a + 1.0)) / a).exp()
        }
    } else {
        let t = 1.0 - a * (0.253 + a * 0.12);
        if p < t { (p / t).powf(1.0 / a) } else { 1.0 - (-(p - t) / (1.0 - t)).ln_1p() }
    };
    if !(x.is_finite() && x > 0.0) {
        x = a.max(1e-300);
    }
    let ln_gamma_a = ln_gamma(a);
    for _ in 0..200 {
        let (pc, qc) = gamma_pq(a, x);
        // The mismatch P(a, x) - p, from whichever tail is small.
        let err = if use_lower { pc - p } else { q - qc };
        let ln_density = (a - 1.0) * x.ln() - x - ln_gamma_a;
        let density = ln_density.exp();
        if density == 0.0 || !density.is_finite() {
            break;
        }
        let u = err / density;
        // Halley's correction uses f''/f' = (a - 1)/x - 1 for the gamma density.
        let step = u / (1.0 - 0.5 * (u * ((a - 1.0) / x - 1.0)).min(1.0));
        let mut next = x - step;
        if next <= 0.0 {
            next = 0.5 * x;
        }
        let converged = (next - x).abs() <= 1e-15 * next;
        x = next;
        if converged {
            break;
        }
    }
    x
}

/// The chi-square distribution function pchisq(x, df) = P(df/2, x/2).
pub fn chi_squared_cdf(x: f64, df: f64) -> f64 {
    if x <= 0.0 {
        return if x.is_nan() { f64::NAN } else { 0.0 };
    }
    gamma_p(0.5 * df, 0.5 * x)
}

/// The chi-square quantile qchisq(p, df): the x with pchisq(x, df) = p, for any df ≥ 0 (df = 0 is
/// the point mass at 0, as in R), to about 1e-14 relative. For p above ½ the upper tail `1 - p` is
/// matched, so use [`chi_squared_upper_quantile`] when the upper tail is known more exactly.
///
/// This is the exact Poisson interval's engine: for a count x, the limits at confidence c are
/// `qchisq((1-c)/2, 2x)/2` and `qchisq(1-(1-c)/2, 2x+2)/2` (Garwood 1936; PHE Technical Guide
/// "Confidence intervals", section 5).
pub fn chi_squared_quantile(p: f64, df: f64) -> f64 {
    if df.is_nan() || df < 0.0 {
        return f64::NAN;
    }
    2.0 * gamma_inverse(0.5 * df, p, 1.0 - p)
}

/// The chi-square quantile for upper-tail probability `q`: the x with P(X > x) = q.
pub fn chi_squared_upper_quantile(q: f64, df: f64) -> f64 {
    if df.is_nan() || df < 0.0 {
        return f64::NAN;
    }
    2.0 * gamma_inverse(0.5 * df, 1.0 - q, q)
}

/// The Poisson distribution function P(X ≤ k | λ) = Q(k + 1, λ) for a whole k ≥ 0.
pub fn poisson_cdf(k: f64, lambda: f64) -> f64 {
    if k < 0.0 {
        return 0.0;
    }
    gamma_q(k.floor() + 1.0, lambda)
}

/// The continued fraction for the incomplete beta function (Numerical Recipes 3rd ed. §6.4,
/// `betacf`, modified Lentz), which converges fast for x < (a + 1)/(a + b + 2).
fn beta_continued_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let qab = a + b;
    let qap = a + 1.0;
    let qam = a - 1.0;
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..MAX_SERIES_TERMS {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() < 1e-16 {
            break;
        }
    }
    h
}

/// The regularised incomplete beta function as the pair (I_x(a, b), 1 - I_x(a, b)), where the caller
/// passes both `x` and `y = 1 - x` so that neither tail loses accuracy to a subtraction.
fn beta_regularized_pair(x: f64, y: f64, a: f64, b: f64) -> (f64, f64) {
    if x <= 0.0 {
        return (0.0, 1.0);
    }
    if y <= 0.0 {
        return (1.0, 0.0);
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * y.ln();
    let front = ln_front.exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        let i = front * beta_continued_fraction(a, b, x) / a;
        (i, 1.0 - i)
    } else {
        let j = front * beta_continued_fraction(b, a, y) / b;
        (1.0 - j, j)
    }
}

/// The regularised incomplete beta function I_x(a, b) (Abramowitz & Stegun 26.5.1).
pub fn beta_regularized(x: f64, a: f64, b: f64) -> f64 {
    if x.is_nan() || a.is_nan() || b.is_nan() || a <= 0.0 || b <= 0.0 || !(0.0..=1.0).contains(&x) {
        return f64::NAN;
    }
    beta_regularized_pair(x, 1.0 - x, a, b).0
}

/// P(T > t) for t ≥ 0 under Student's t with `df` degrees of freedom:
/// `½·I_{ν/(ν+t²)}(ν/2, ½)` (Abramowitz & Stegun 26.7.1), with `1 - x = t²/(ν+t²)` formed directly.
fn student_t_upper_tail_positive(t: f64, df: f64) -> f64 {
    let t2 = t * t;
    let denom = df + t2;
    0.5 * beta_regularized_pair(df / denom, t2 / denom, 0.5 * df, 0.5).0
}

/// Student's t distribution function pt(t, df) for df > 0.
pub fn student_t_cdf(t: f64, df: f64) -> f64 {
    if t.is_nan() || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if t.is_infinite() {
        return if t > 0.0 { 1.0 } else { 0.0 };
    }
    let tail = student_t_upper_tail_positive(t.abs(), df);
    if t < 0.0 { tail } else { 1.0 - tail }
}

fn student_t_density(t: f64, df: f64) -> f64 {
    (ln_gamma(0.5 * (df + 1.0))
        - ln_gamma(0.5 * df)
        - 0.5 * (df * std::f64::consts::PI).ln()
        - 0.5 * (df + 1.0) * (t * t / df).ln_1p())
    .exp()
}

/// Student's t quantile qt(p, df) for df > 0, to about 1e-14 relative: closed forms for df = 1
/// (Cauchy) and df = 2, otherwise a Cornish-Fisher start (Abramowitz & Stegun 26.7.5) refined by
/// safeguarded Newton steps on the smaller tail. Used for the confidence interval of a mean
/// (PHE Technical Guide "Confidence intervals", section 3; PHEindicatormethods `phe_mean`).
pub fn student_t_quantile(p: f64, df: f64) -> f64 {
    if p.is_nan() || df.is_nan() || df <= 0.0 || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    if p == 0.5 {
        return 0.0;
    }
    // Solve P(T > t) = tail for t > 0, then restore the sign.
    let (tail, sign) = if p < 0.5 { (p, -1.0) } else { (1.0 - p, 1.0) };
    if df == 1.0 {
        return sign * (std::f64::consts::PI * (0.5 - tail)).tan();
    }
    if df == 2.0 {
        let a = 1.0 - 2.0 * tail;
        return sign * a * (2.0 / (1.0 - a * a)).sqrt();
    }
    let z = normal_quantile(1.0 - tail);
    let (z2, n) = (z * z, df);
    let mut t = z
        + (z2 + 1.0) * z / (4.0 * n)
        + ((5.0 * z2 + 16.0) * z2 + 3.0) * z / (96.0 * n * n)
        + (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / (384.0 * n * n * n);
    if !(t.is_finite() && t > 0.0) {
        t = z.max(1.0);
    }
    // Keep a bracket [lo, hi] around the root so a wild Newton step falls back to bisection.
    let (mut lo, mut hi) = (0.0_f64, f64::INFINITY);
    for _ in 0..300 {
        let err = student_t_upper_tail_positive(t, df) - tail;
        if err > 0.0 {
            lo = t;
        } else {
            hi = t;
        }
        let density = student_t_density(t, df);
        let mut next = t + err / density;
        if !(next > lo && next < hi && next.is_finite()) {
            next = if hi.is_finite() { 0.5 * (lo + hi) } else { 2.0 * t.max(1.0) };
        }
        let converged = (next - t).abs() <= 1e-15 * next;
        t = next;
        if converged {
            break;
        }
    }
    sign * t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_quantile_matches_r_qnorm_at_the_phe_levels() {
        // R: qnorm(0.975) = 1.959963984540054, qnorm(0.999) = 3.090232306167813
        assert!((normal_quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-15);
        assert!((normal_quantile(0.999) - 3.090_232_306_167_813).abs() < 1e-14);
        // R: qnorm(1e-10) = -6.361340902404056 (the far tail branch)
        assert!((normal_quantile(1e-10) + 6.361_340_902_404_056).abs() < 1e-13);
    }

    #[test]
    fn normal_quantile_is_nan_outside_the_unit_interval() {
        assert!(normal_quantile(-0.1).is_nan());
        assert!(normal_quantile(1.5).is_nan());
        assert_eq!(normal_quantile(0.0), f64::NEG_INFINITY);
    }

    fn close(actual: f64, expected: f64, rel: f64) -> bool {
        (actual - expected).abs() <= rel * expected.abs()
    }

    #[test]
    fn ln_gamma_matches_known_factorials_and_the_half() {
        assert_eq!(ln_gamma(1.0), 0.0);
        assert_eq!(ln_gamma(2.0), 0.0);
        assert!(close(ln_gamma(11.0), 3_628_800_f64.ln(), 1e-15));
        // Γ(½) = √π; lnΓ(171) from mpmath at 40 digits: 706.5730622457873471...
        assert!(close(ln_gamma(0.5), 0.5 * std::f64::consts::PI.ln(), 1e-14));
        assert!(close(ln_gamma(171.0), 706.573_062_245_787_3, 1e-15));
        assert!(close(ln_gamma(7.5), 7.534_364_236_758_733, 1e-14));
    }

    #[test]
    fn normal_cdf_matches_r_pnorm_in_both_tails() {
        // R: pnorm(1.96) = 0.9750021048517795, pnorm(-10) = 7.619853024160527e-24
        assert!(close(normal_cdf(1.96), 0.975_002_104_851_779_5, 1e-15));
        assert!(close(normal_cdf(-10.0), 7.619_853_024_160_527e-24, 1e-12));
        assert_eq!(normal_cdf(0.0), 0.5);
    }

    #[test]
    fn chi_squared_quantile_matches_r_qchisq_for_exact_poisson_limits() {
        // R: qchisq(0.025, 2) = 0.05063561596857975; qchisq(0.975, 20) = 34.16960690283833
        assert!(close(chi_squared_quantile(0.025, 2.0), 0.050_635_615_968_579_75, 1e-13));
        assert!(close(chi_squared_quantile(0.975, 20.0), 34.169_606_902_838_33, 1e-13));
        // qchisq(p, 2) = -2 ln(1 - p) in closed form.
        assert!(close(chi_squared_quantile(0.001, 2.0), -2.0 * (-0.001_f64).ln_1p(), 1e-14));
        assert!(close(chi_squared_upper_quantile(0.001, 2.0), -2.0 * 0.001_f64.ln(), 1e-14));
        assert_eq!(chi_squared_quantile(0.3, 0.0), 0.0);
    }

    #[test]
    fn chi_squared_quantile_is_accurate_to_1e_12_in_the_tails() {
        // Bisection on mpmath's regularised gamma at 40 digits.
        let cases = [
            (0.025, 0.5, 5.273_202_591_259_994e-7),
            (0.999, 2000.0, 2_201.156_196_586_629),
            (0.001, 20.0, 5.921_040_745_487_519),
            (1e-6, 7.0, 0.078_523_600_990_369_92),
            (1e-10, 1.0, 1.570_796_326_794_896_7e-20),
        ];
        for (p, df, expected) in cases {
            let x = chi_squared_quantile(p, df);
            assert!(close(x, expected, 1e-12), "qchisq({p}, {df}) = {x}, expected {expected}");
        }
    }

    #[test]
    fn chi_squared_quantile_inverts_the_distribution_function_across_the_range() {
        for &df in &[0.5, 1.0, 2.0, 3.0, 7.0, 18.0, 30.0, 200.0, 2_000.0, 30_000.0] {
            for &p in &[1e-10, 0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999] {
                let x = chi_squared_quantile(p, df);
                assert!(close(chi_squared_cdf(x, df), p, 1e-12), "df {df} p {p}: x {x}");
            }
        }
    }

    #[test]
    fn poisson_cdf_matches_a_direct_sum() {
        // P(X <= 3 | 2.5) = e^-2.5 (1 + 2.5 + 2.5²/2 + 2.5³/6)
        let direct = (-2.5_f64).exp() * (1.0 + 2.5 + 3.125 + 15.625 / 6.0);
        assert!(close(poisson_cdf(3.0, 2.5), direct, 1e-14));
    }

    #[test]
    fn student_t_quantile_matches_r_qt() {
        // Reference roots of the t distribution function from mpmath at 40 digits (R's qt agrees
        // to its printed 16 digits): qt(0.975, 7), qt(0.999, 25), qt(0.025, 1), qt(0.999, 3).
        assert!(close(student_t_quantile(0.975, 7.0), 2.364_624_251_592_785_3, 1e-14));
        assert!(close(student_t_quantile(0.999, 25.0), 3.450_188_726_973_064, 1e-14));
        assert!(close(student_t_quantile(0.025, 1.0), -12.706_204_736_174_693, 1e-14));
        assert!(close(student_t_quantile(0.999, 3.0), 10.214_531_852_407_386, 1e-14));
        assert_eq!(student_t_quantile(0.5, 4.0), 0.0);
        // qt(0.999, 7) and qt(0.975, 17) by bisection on mpmath's incomplete beta.
        assert!(close(student_t_quantile(0.999, 7.0), 4.785_289_628_638_334, 1e-13));
        assert!(close(student_t_quantile(0.975, 17.0), 2.109_815_577_833_317, 1e-13));
    }

    #[test]
    fn student_t_quantile_inverts_the_distribution_function() {
        for &df in &[1.5, 3.0, 4.0, 9.0, 17.0, 60.0, 1e4] {
            // The distribution function itself loses digits to ln Γ differences at large df.
            let tol = if df > 100.0 { 1e-10 } else { 1e-13 };
            for &p in &[1e-8, 0.001, 0.025, 0.2, 0.7, 0.975, 0.999] {
                let t = student_t_quantile(p, df);
                assert!(close(student_t_cdf(t, df), p, tol), "df {df} p {p}: t {t}");
            }
        }
    }

    #[test]
    fn beta_regularized_is_symmetric() {
        let (x, a, b) = (0.3, 2.5, 4.0);
        assert!(close(beta_regularized(x, a, b), 1.0 - beta_regularized(1.0 - x, b, a), 1e-14));
        // I_x(1, 1) = x
        assert!(close(beta_regularized(0.37, 1.0, 1.0), 0.37, 1e-15));
        // mpmath: betainc(2.5, 4, 0, 0.3, regularized=True) = 0.35219758590676721...
        assert!(close(beta_regularized(0.3, 2.5, 4.0), 0.352_197_585_906_767_2, 1e-14));
    }
}
