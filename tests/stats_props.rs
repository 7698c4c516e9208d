//! Properties every interval and funnel must have whatever the input: limits bracket the value,
//! intervals widen with confidence, funnel limits narrow as the denominator grows, and no input
//! (NaN, infinities, negatives, huge counts) makes anything panic.

use nhs_benchmark::data::Polarity;
use nhs_benchmark::stats::overdispersion::{
    self, Adjustment, Dispersion, DispersionOptions, FunnelData, FunnelInput, RatioScale,
};
use nhs_benchmark::stats::{
    ConfidenceLevels, compare, distributions, dsr, funnel, isr, mean, poisson, proportion, quantile, rate,
    z_for_confidence,
};
use proptest::prelude::*;

/// Slack for rounding when comparing limits computed at different levels or sizes.
const EPS: f64 = 1e-9;

fn confidence() -> impl Strategy<Value = f64> {
    0.9..0.99999_f64
}

fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![prop::num::f64::ANY, Just(f64::NAN), Just(f64::INFINITY), Just(-1.0), Just(0.0), 0.0..1e6_f64,]
}

fn column(len: usize) -> impl Strategy<Value = Vec<Option<f64>>> {
    prop::collection::vec(prop::option::of(any_f64()), len)
}

proptest! {
    #[test]
    fn wilson_limits_bracket_the_proportion(n in 1u32..10_000_000, share in 0.0..=1.0_f64, c in confidence()) {
        let n = f64::from(n);
        let x = (share * n).floor();
        let ci = proportion::wilson(x, n, c).unwrap();
        let p = x / n;
        prop_assert!(ci.lower <= p + EPS && p <= ci.upper + EPS, "{x}/{n}: {ci:?}");
        prop_assert!(ci.lower >= 0.0 && ci.upper <= 1.0);
    }

    #[test]
    fn wilson_intervals_widen_with_confidence(n in 1u32..1_000_000, share in 0.0..=1.0_f64, c1 in confidence(), c2 in confidence()) {
        let (lo, hi) = if c1 <= c2 { (c1, c2) } else { (c2, c1) };
        let n = f64::from(n);
        let x = (share * n).floor();
        let narrow = proportion::wilson(x, n, lo).unwrap();
        let wide = proportion::wilson(x, n, hi).unwrap();
        prop_assert!(wide.lower <= narrow.lower + EPS && wide.upper >= narrow.upper - EPS);
    }

    #[test]
    fn count_limits_bracket_the_count_and_widen_with_confidence(x in 0u32..2_000_000, c1 in confidence(), c2 in confidence()) {
        let (lo, hi) = if c1 <= c2 { (c1, c2) } else { (c2, c1) };
        let x = f64::from(x);
        let (narrow, m1) = poisson::count_interval(x, lo).unwrap();
        let (wide, m2) = poisson::count_interval(x, hi).unwrap();
        prop_assert_eq!(m1, m2);
        prop_assert!(narrow.lower <= x && x <= narrow.upper, "{x}: {narrow:?}");
        prop_assert!(wide.lower <= narrow.lower * (1.0 + EPS) && wide.upper >= narrow.upper * (1.0 - EPS));
    }

    #[test]
    fn exact_poisson_limits_bracket_small_counts(x in 0u32..200, c in confidence()) {
        let x = f64::from(x);
        let ci = poisson::exact(x, c).unwrap();
        prop_assert!(ci.lower <= x && x <= ci.upper, "{x}: {ci:?}");
    }

    #[test]
    fn t_intervals_contain_the_mean_and_widen_with_confidence(
        values in prop::collection::vec(-1e6..1e6_f64, 2..40), c1 in confidence(), c2 in confidence()
    ) {
        let (lo, hi) = if c1 <= c2 { (c1, c2) } else { (c2, c1) };
        let m = mean::mean_interval(&values, &[lo, hi]).unwrap();
        let (narrow, wide) = (m.limits[0], m.limits[1]);
        prop_assert!(narrow.lower.unwrap() <= m.value + EPS && m.value <= narrow.upper.unwrap() + EPS);
        prop_assert!(wide.lower.unwrap() <= narrow.lower.unwrap() + EPS);
        prop_assert!(wide.upper.unwrap() >= narrow.upper.unwrap() - EPS);
    }

    #[test]
    fn chi_squared_quantile_inverts_the_distribution_function(p in 1e-8..0.99999_f64, df in 0.1..5_000.0_f64) {
        let x = distributions::chi_squared_quantile(p, df);
        let back = distributions::chi_squared_cdf(x, df);
        prop_assert!((back - p).abs() <= 1e-10 * p.max(1e-3), "df {df} p {p}: {back}");
    }

    #[test]
    fn proportion_funnel_limits_narrow_as_the_population_grows(p0 in 0.0..=1.0_f64, n1 in 1.0..1e7_f64, n2 in 1.0..1e7_f64) {
        let (small, large) = if n1 <= n2 { (n1, n2) } else { (n2, n1) };
        let a = funnel::proportion_funnel_row(small, p0, 100.0).unwrap();
        let b = funnel::proportion_funnel_row(large, p0, 100.0).unwrap();
        prop_assert!(a.lower_2s_limit <= b.lower_2s_limit + EPS && a.upper_2s_limit >= b.upper_2s_limit - EPS);
        prop_assert!(a.lower_3s_limit <= b.lower_3s_limit + EPS && a.upper_3s_limit >= b.upper_3s_limit - EPS);
        prop_assert!(a.lower_3s_limit <= a.lower_2s_limit && a.upper_2s_limit <= a.upper_3s_limit);
    }

    #[test]
    fn poisson_ratio_limits_narrow_as_expected_events_grow(e1 in 0.5..1e5_f64, e2 in 0.5..1e5_f64, c in confidence()) {
        let (small, large) = if e1 <= e2 { (e1, e2) } else { (e2, e1) };
        let z = z_for_confidence(c).unwrap();
        let a = overdispersion::poisson_ratio_limits(small, z);
        let b = overdispersion::poisson_ratio_limits(large, z);
        prop_assert!(a.lower <= b.lower * (1.0 + EPS) && a.upper >= b.upper * (1.0 - EPS), "{a:?} {b:?}");
        prop_assert!(b.lower <= 1.0 && 1.0 <= b.upper);
    }

    #[test]
    fn overdispersed_limits_narrow_as_the_denominator_grows(
        n1 in 1.0..1e6_f64, n2 in 1.0..1e6_f64, tau2 in 0.0..0.5_f64, phi in 1.0..10.0_f64,
        p0 in 0.01..0.99_f64, c in confidence(), scale in prop_oneof![Just(RatioScale::Log), Just(RatioScale::Sqrt)],
        data in prop_oneof![Just(FunnelData::Ratio), Just(FunnelData::Proportion)],
        adjustment in prop_oneof![Just(Adjustment::Multiplicative), Just(Adjustment::Additive)],
    ) {
        let (small, large) = if n1 <= n2 { (n1, n2) } else { (n2, n1) };
        let mut options = DispersionOptions::cqc();
        options.scale = scale;
        options.data = data;
        let (target, target_transformed) = match (data, scale) {
            (FunnelData::Proportion, _) => (p0, p0.sqrt().asin()),
            (_, RatioScale::Log) => (1.0, 0.0),
            _ => (1.0, 1.0),
        };
        let d = Dispersion { target, target_transformed, phi, tau2, n_used: 10, n_trimmed: 0, n_undefined: 0 };
        let z = z_for_confidence(c).unwrap();
        let a = overdispersion::funnel_limits(small, z, &d, adjustment, &options);
        let b = overdispersion::funnel_limits(large, z, &d, adjustment, &options);
        prop_assert!(a.lower <= b.lower + EPS && a.upper >= b.upper - EPS, "{a:?} {b:?}");
        prop_assert!(b.lower <= target + EPS && target <= b.upper + EPS);
    }

    #[test]
    fn batch_intervals_never_panic_on_any_numbers(
        x in column(6), n in column(6), m in any_f64(), c in any_f64()
    ) {
        let _ = proportion::proportions(&x, &n, &[0.95, c], m);
        let _ = rate::rates(&x, &n, &[c], m);
        let _ = poisson::count_interval(x[0].unwrap_or(1.0), c);
        let values: Vec<f64> = x.iter().flatten().copied().collect();
        let _ = mean::mean_interval(&values, &[c]);
        let _ = quantile::quantiles(&values, &[0.25, c], quantile::QuantileMethod::Type7);
        let _ = quantile::phe_quantiles(&x, 3, true);
        let _ = quantile::rank(&x, quantile::Ties::Average);
        let _ = compare::compare_all(&x, &n, Some(m), Polarity::HigherIsBetter);
    }

    #[test]
    fn standardised_rates_never_panic_on_any_numbers(
        counts in column(5), pops in prop::collection::vec(any_f64(), 5), std in prop::collection::vec(any_f64(), 5),
        m in any_f64()
    ) {
        let _ = dsr::dsr(&counts, &pops, &std, &[0.95, 0.998], m);
        let groups = [dsr::FrequencyGroup { events_per_person: m, persons: counts.clone() }];
        let _ = dsr::dsr_non_independent(&groups, &pops, &std, &[0.95], 1e5);
        let _ = isr::isr_ratio(&counts, &pops, &std, &pops, m, &[0.95]);
        let _ = isr::isr_rate(&counts, &pops, &std, &pops, 1e5, &[0.998]);
    }

    #[test]
    fn funnels_never_panic_on_any_numbers(
        x in column(8), n in column(8), m in any_f64(), trim in any_f64(), years in any_f64(),
        adjustment in prop_oneof![Just(Adjustment::None), Just(Adjustment::Multiplicative), Just(Adjustment::Additive)],
        data in prop_oneof![Just(FunnelData::Ratio), Just(FunnelData::Proportion)],
    ) {
        let _ = funnel::proportion_funnel(&x, &n, m);
        let _ = funnel::ratio_funnel(&x, &n);
        let plain: Vec<f64> = x.iter().map(|v| v.unwrap_or(0.0)).collect();
        let _ = funnel::rate_funnel(&plain, &n, Some(&x), funnel::RateType::Crude, m, years);
        let _ = funnel::rate_funnel(&plain, &n, None, funnel::RateType::Dsr, 1e5, years);
        let _ = funnel::phe_axis_grid(funnel::FunnelStatistic::Rate, m, m * 3.0, Some(years), Some(trim));
        let mut options = DispersionOptions::shmi();
        options.data = data;
        options.trim_fraction = trim;
        let input = FunnelInput {
            numerators: x, denominators: n, options, adjustment,
            confidence: ConfidenceLevels::default(), multiplier: 1.0, curve_points: 12,
        };
        let _ = overdispersion::funnel_analysis(&input);
    }
}
