//! `cargo bench --bench stats`: the statistics engine on 1,000 organisations x 1,000 metrics of
//! seeded synthetic proportions (the scale of the design's performance target), natively. The
//! browser benchmark (`www/bench.js`, run by `scripts/bench-browser.mjs`) does the same work on the
//! same numbers in our wasm and in a lean JavaScript pass, so the three can be set side by side:
//! Wilson 95% and 99.8% limits for every value, type 7 quartiles per metric, the two-level
//! comparison of every value with its metric's pooled value, a funnel with additive over-dispersion
//! (arcsine scale, 10% winsorising) per metric, and an XmR chart for 1,000 series of 36 points.
//!
//! Prints a table and writes `target/bench/stats-native.json` (medians, quartiles and minimum of
//! the wall times) for `scripts/bench-browser.mjs` to merge into `target/bench/results.json`.

use nhs_benchmark::data::Polarity;
use nhs_benchmark::stats::compare::{TwoLevelComparison, compare_two_level};
use nhs_benchmark::stats::overdispersion::{Adjustment, DispersionOptions, funnel};
use nhs_benchmark::stats::proportion::proportions;
use nhs_benchmark::stats::quantile::{QuantileMethod, five_numbers};
use nhs_benchmark::stats::spc::{SpcOptions, xmr};
use nhs_benchmark::stats::{Estimates, FINGERTIPS_LEVELS};
use std::hint::black_box;
use std::time::Instant;

const ORGS: usize = 1_000;
const METRICS: usize = 1_000;
const SERIES_POINTS: usize = 36;
const RUNS: usize = 9;
/// The seed `www/bench.js` uses too: both sides generate the same numbers.
const SEED: u32 = 20_261_125;
const CURVE_POINTS: usize = 100;

/// mulberry32 (Tommy Ettinger's 32-bit generator), bit for bit the one in `www/bench/data.js`, so
/// native, wasm and JavaScript see identical data.
struct Mulberry32(u32);

impl Mulberry32 {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x6d2b_79f5);
        let mut t = self.0;
        t = (t ^ (t >> 15)).wrapping_mul(t | 1);
        t ^= t.wrapping_add((t ^ (t >> 7)).wrapping_mul(t | 61));
        f64::from(t ^ (t >> 14)) / 4_294_967_296.0
    }
}

/// One metric's columns: numerators and denominators for every organisation.
struct Metric {
    numerators: Vec<Option<f64>>,
    denominators: Vec<Option<f64>>,
}

/// The data of `statsData` in `www/bench/data.js`: denominators from 200 to 200,000, skewed to the
/// small (u³); each organisation's proportion spread around the metric's base by a sum of three
/// uniforms (over-dispersion). Only exact arithmetic (products, sums, floor, round), so the
/// JavaScript generator gives the same integers.
fn synthetic(seed: u32) -> (Vec<Metric>, Vec<Vec<f64>>) {
    let mut r = Mulberry32(seed);
    let metrics = (0..METRICS)
        .map(|_| {
            let base = 0.05 + 0.9 * r.next();
            let mut numerators = Vec::with_capacity(ORGS);
            let mut denominators = Vec::with_capacity(ORGS);
            for _ in 0..ORGS {
                let u = r.next();
                let n = 200.0 + (199_800.0 * u * u * u).floor();
                let spread = r.next() + r.next() + r.next() - 1.5;
                let p = (base + 0.06 * spread).clamp(0.001, 0.999);
                numerators.push(Some((n * p).round()));
                denominators.push(Some(n));
            }
            Metric { numerators, denominators }
        })
        .collect();
    let series = (0..METRICS).map(|_| (0..SERIES_POINTS).map(|_| 80.0 + 10.0 * r.next()).collect()).collect();
    (metrics, series)
}

/// Median, quartiles and minimum of the wall times in milliseconds.
#[derive(Debug, Clone, Copy)]
struct Spread {
    median: f64,
    p25: f64,
    p75: f64,
    min: f64,
}

fn spread(mut ms: Vec<f64>) -> Spread {
    ms.sort_by(f64::total_cmp);
    let at = |p: f64| ms[((ms.len() - 1) as f64 * p).round() as usize];
    Spread { median: at(0.5), p25: at(0.25), p75: at(0.75), min: ms[0] }
}

/// `runs` timed calls after one warm-up call.
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Spread {
    black_box(f());
    spread(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                black_box(f());
                start.elapsed().as_secs_f64() * 1e3
            })
            .collect(),
    )
}

fn wilson_all(data: &[Metric]) -> Vec<Estimates> {
    data.iter()
        .map(|m| {
            proportions(&m.numerators, &m.denominators, &FINGERTIPS_LEVELS, 100.0)
                .expect("valid synthetic data")
        })
        .collect()
}

fn quartiles_all(estimates: &[Estimates]) -> f64 {
    let mut values = Vec::with_capacity(ORGS);
    let mut sum = 0.0;
    for e in estimates {
        values.clear();
        values.extend(e.value.iter().flatten());
        if let Some(q) = five_numbers(&values, QuantileMethod::Type7).expect("finite values") {
            sum += q.q1 + q.median + q.q3;
        }
    }
    sum
}

/// Counts of organisations better and worse than their metric's pooled value at 99.8%.
fn compare_all(data: &[Metric], estimates: &[Estimates]) -> (usize, usize) {
    let (mut better, mut worse) = (0, 0);
    for (m, e) in data.iter().zip(estimates) {
        let (sx, sn) = m
            .numerators
            .iter()
            .zip(&m.denominators)
            .fold((0.0, 0.0), |(sx, sn), (x, n)| (sx + x.unwrap_or(0.0), sn + n.unwrap_or(0.0)));
        let pooled = Some(sx / sn * 100.0);
        let (l95, l998) = (&e.limits[0], &e.limits[1]);
        for i in 0..l95.lower.len() {
            match compare_two_level(
                (l95.lower[i], l95.upper[i]),
                (l998.lower[i], l998.upper[i]),
                pooled,
                Polarity::HigherIsBetter,
            ) {
                TwoLevelComparison::Better998 => better += 1,
                TwoLevelComparison::Worse998 => worse += 1,
                _ => {}
            }
        }
    }
    (better, worse)
}

/// The sum of τ² over the metrics: a checksum the browser's wasm and JavaScript passes reproduce.
fn funnels_all(data: &[Metric]) -> f64 {
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
                CURVE_POINTS,
            );
            f.expect("valid synthetic data").dispersion.tau2
        })
        .sum()
}

/// Points flagged as special cause over every series.
fn xmr_all(series: &[Vec<f64>]) -> usize {
    let options = SpcOptions::default();
    series
        .iter()
        .map(|s| xmr(s, &options).expect("valid series").special_cause.iter().flatten().count())
        .sum()
}

fn json(spread: Spread) -> String {
    format!(
        r#"{{"median": {:.3}, "p25": {:.3}, "p75": {:.3}, "min": {:.3}, "runs": {RUNS}}}"#,
        spread.median, spread.p25, spread.p75, spread.min
    )
}

fn main() {
    let (data, series) = synthetic(SEED);
    let estimates = wilson_all(&data);
    println!(
        "stats bench (native): {ORGS} organisations x {METRICS} metrics, median of {RUNS} runs after a warm-up"
    );
    let t_wilson = time(RUNS, || wilson_all(&data));
    let t_quartiles = time(RUNS, || quartiles_all(&estimates));
    let t_compare = time(RUNS, || compare_all(&data, &estimates));
    let t_core = time(RUNS, || {
        let e = wilson_all(&data);
        (quartiles_all(&e), compare_all(&data, &e))
    });
    let t_funnel = time(RUNS, || funnels_all(&data));
    let t_xmr = time(RUNS, || xmr_all(&series));
    let show = |label: &str, s: Spread| {
        println!(
            "  {label:<48} {:8.1} ms median  (p25 {:.1}, p75 {:.1}, min {:.1})",
            s.median, s.p25, s.p75, s.min
        );
    };
    show("Wilson 95% + 99.8% for every value", t_wilson);
    show("quartiles per metric (type 7)", t_quartiles);
    show("two-level comparison with pooled", t_compare);
    show("the three together (Wilson, quartiles, compare)", t_core);
    show("funnel + additive over-dispersion", t_funnel);
    show("XmR, 1,000 series of 36 points", t_xmr);
    let (better, worse) = compare_all(&data, &estimates);
    let checks = format!(
        r#"{{"numeratorSum": {}, "quartileSum": {:.6}, "better998": {better}, "worse998": {worse}, "tau2Sum": {:.12e}, "specialCause": {}}}"#,
        data.iter().flat_map(|m| m.numerators.iter().flatten()).sum::<f64>(),
        quartiles_all(&estimates),
        funnels_all(&data),
        xmr_all(&series),
    );
    let out = format!(
        "{{\n  \"orgs\": {ORGS}, \"metrics\": {METRICS}, \"seed\": {SEED},\n  \"wilson\": {},\n  \"quartiles\": {},\n  \"compare\": {},\n  \"core\": {},\n  \"funnel\": {},\n  \"xmr\": {},\n  \"checks\": {checks}\n}}\n",
        json(t_wilson),
        json(t_quartiles),
        json(t_compare),
        json(t_core),
        json(t_funnel),
        json(t_xmr),
    );
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    let path = dir.join("stats-native.json");
    match std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, out)) {
        Ok(()) => println!("  written to {}", path.display()),
        Err(e) => eprintln!("could not write {}: {e}", path.display()),
    }
}
