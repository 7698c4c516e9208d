//! `cargo bench --bench stats`: the statistics engine on 1,000 organisations x 1,000 metrics of
//! seeded synthetic proportions (the scale of the design's performance target). Times, as the
//! median of several runs: Wilson 95% and 99.8% limits for every value, quartiles per metric,
//! the two-level comparison of every value with its metric's pooled value, and a funnel with
//! additive over-dispersion (arcsine scale, 10% winsorising) per metric.

use nhs_benchmark::data::Polarity;
use nhs_benchmark::stats::compare::compare_two_level;
use nhs_benchmark::stats::overdispersion::{Adjustment, DispersionOptions, funnel};
use nhs_benchmark::stats::proportion::proportions;
use nhs_benchmark::stats::quantile::{QuantileMethod, five_numbers};
use nhs_benchmark::stats::{Estimates, FINGERTIPS_LEVELS};
use std::hint::black_box;
use std::time::{Duration, Instant};

const ORGS: usize = 1_000;
const METRICS: usize = 1_000;
const RUNS: usize = 9;

/// SplitMix64 (Steele, Lea & Flood 2014): a small, fast, seeded generator for synthetic data.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform on [0, 1) with 53 random bits.
    fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Standard normal by Box-Muller.
    fn normal(&mut self) -> f64 {
        let u1 = self.uniform().max(f64::MIN_POSITIVE);
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }
}

/// One metric's columns: numerators and denominators for every organisation.
struct Metric {
    numerators: Vec<Option<f64>>,
    denominators: Vec<Option<f64>>,
}

/// Denominators log-uniform from 200 to 200,000; each organisation's true proportion drifts
/// around the metric's base (over-dispersion), then the count is drawn near binomial.
fn synthetic(seed: u64) -> Vec<Metric> {
    let mut rng = SplitMix64(seed);
    (0..METRICS)
        .map(|_| {
            let base = 0.05 + 0.9 * rng.uniform();
            let mut numerators = Vec::with_capacity(ORGS);
            let mut denominators = Vec::with_capacity(ORGS);
            for _ in 0..ORGS {
                let n = (200.0 * 1000f64.powf(rng.uniform())).round();
                let p = (base + 0.03 * rng.normal()).clamp(0.001, 0.999);
                let x = (n * p + (n * p * (1.0 - p)).sqrt() * rng.normal()).round().clamp(0.0, n);
                numerators.push(Some(x));
                denominators.push(Some(n));
            }
            Metric { numerators, denominators }
        })
        .collect()
}

/// This process's CPU time (user + system) from /proc/self/stat, in milliseconds, where Linux
/// provides it: on a shared machine wall time includes waiting for other processes, CPU time not.
fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th of them.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // USER_HZ is 100 on Linux.
    Some(ticks * 10.0)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The median wall time of `runs` calls and the mean CPU time per call (when known).
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Option<f64>) {
    let cpu_start = cpu_ms();
    let wall = median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                black_box(f());
                start.elapsed()
            })
            .collect(),
    );
    let cpu = cpu_start.zip(cpu_ms()).map(|(a, b)| (b - a) / runs as f64);
    (wall, cpu)
}

fn wilson_all(data: &[Metric]) -> Vec<Estimates> {
    data.iter()
        .map(|m| {
            proportions(&m.numerators, &m.denominators, &FINGERTIPS_LEVELS, 100.0)
                .expect("valid synthetic data")
        })
        .collect()
}

fn quartiles_all(estimates: &[Estimates]) -> usize {
    let mut values = Vec::with_capacity(ORGS);
    let mut count = 0;
    for e in estimates {
        values.clear();
        values.extend(e.value.iter().flatten());
        if five_numbers(&values, QuantileMethod::Type7).expect("finite values").is_some() {
            count += 1;
        }
    }
    count
}

fn compare_all(data: &[Metric], estimates: &[Estimates]) -> usize {
    let mut better = 0;
    for (m, e) in data.iter().zip(estimates) {
        let (sx, sn) = m
            .numerators
            .iter()
            .zip(&m.denominators)
            .fold((0.0, 0.0), |(sx, sn), (x, n)| (sx + x.unwrap_or(0.0), sn + n.unwrap_or(0.0)));
        let pooled = Some(sx / sn * 100.0);
        let (l95, l998) = (&e.limits[0], &e.limits[1]);
        for i in 0..l95.lower.len() {
            let c = compare_two_level(
                (l95.lower[i], l95.upper[i]),
                (l998.lower[i], l998.upper[i]),
                pooled,
                Polarity::HigherIsBetter,
            );
            better += usize::from(matches!(c, nhs_benchmark::stats::compare::TwoLevelComparison::Better998));
        }
    }
    better
}

fn funnels_all(data: &[Metric]) -> usize {
    let options = DispersionOptions::proportion();
    data.iter()
        .map(|m| {
            let f = funnel(
                &m.numerators,
                &m.denominators,
                &options,
                Adjustment::Additive,
                &FINGERTIPS_LEVELS,
                100.0,
                100,
            );
            f.expect("valid synthetic data").dispersion.n_used
        })
        .sum()
}

fn main() {
    let data = synthetic(20_261_125);
    let estimates = wilson_all(&data);
    println!(
        "stats bench: {ORGS} organisations x {METRICS} metrics, median of {RUNS} runs (seeded synthetic proportions)"
    );
    let t_wilson = time(RUNS, || wilson_all(&data));
    let t_quartiles = time(RUNS, || quartiles_all(&estimates));
    let t_compare = time(RUNS, || compare_all(&data, &estimates));
    let t_funnel = time(RUNS, || funnels_all(&data));
    let t_total = time(RUNS, || {
        let e = wilson_all(&data);
        (quartiles_all(&e), compare_all(&data, &e), funnels_all(&data))
    });
    // The same work metric by metric, keeping only counts: how an analysis that needs one metric's
    // limits at a time would run (no 80 MB of limits alive at once).
    let t_streamed = time(RUNS, || {
        let options = DispersionOptions::proportion();
        let mut kept = 0usize;
        for m in &data {
            let e = proportions(&m.numerators, &m.denominators, &FINGERTIPS_LEVELS, 100.0).expect("valid");
            kept += quartiles_all(std::slice::from_ref(&e));
            kept += compare_all(std::slice::from_ref(m), std::slice::from_ref(&e));
            let f = funnel(
                &m.numerators,
                &m.denominators,
                &options,
                Adjustment::Additive,
                &FINGERTIPS_LEVELS,
                100.0,
                100,
            );
            kept += f.expect("valid").dispersion.n_used;
        }
        kept
    });
    let show = |label: &str, (wall, cpu): (Duration, Option<f64>)| {
        let cpu = cpu.map_or_else(|| "n/a".to_string(), |c| format!("{c:.0} ms"));
        println!("  {label:<38} {:8.1} ms wall (median)   {cpu:>7} CPU (mean)", wall.as_secs_f64() * 1e3);
    };
    show("Wilson 95% + 99.8% for every value", t_wilson);
    show("quartiles per metric (type 7)", t_quartiles);
    show("two-level comparison with pooled", t_compare);
    show("funnel + additive over-dispersion", t_funnel);
    show("all four together", t_total);
    show("all four, metric by metric", t_streamed);
}
