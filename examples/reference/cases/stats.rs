//! Interval, funnel, quantile and comparison cases (PHEindicatormethods, FunnelPlotR).

use super::super::runner::{Case, Failure, compare_expected};
use nhs_benchmark::stats::funnel::{self, FunnelStatistic, RateType};
use nhs_benchmark::stats::overdispersion::{self, DispersionOptions, RatioScale, Trimming};
use nhs_benchmark::stats::{self, Interval, Limits, dsr, isr, mean, poisson, proportion, quantile, rate};
use serde_json::{Map, Value, json};

fn num(input: &Value, key: &str) -> Result<f64, String> {
    input.get(key).and_then(Value::as_f64).ok_or_else(|| format!("input.{key}: expected a number"))
}

fn opt_num(input: &Value, key: &str) -> Option<f64> {
    input.get(key).and_then(Value::as_f64)
}

fn nums(input: &Value, key: &str) -> Result<Vec<f64>, String> {
    opt_nums(input, key)?
        .into_iter()
        .enumerate()
        .map(|(i, v)| v.ok_or_else(|| format!("input.{key}[{i}]: expected a number")))
        .collect()
}

fn opt_nums(input: &Value, key: &str) -> Result<Vec<Option<f64>>, String> {
    input
        .get(key)
        .and_then(Value::as_array)
        .ok_or_else(|| format!("input.{key}: expected an array"))
        .map(|a| a.iter().map(Value::as_f64).collect())
}

/// `confidence` as a number or a list of numbers.
fn levels(input: &Value) -> Result<Vec<f64>, String> {
    match input.get("confidence") {
        Some(Value::Array(a)) => a
            .iter()
            .map(|v| v.as_f64().ok_or_else(|| "input.confidence: expected numbers".to_string()))
            .collect(),
        Some(v) => v.as_f64().map(|c| vec![c]).ok_or_else(|| "input.confidence: expected a number".into()),
        None => Err("input.confidence: missing".into()),
    }
}

/// The field suffix the fixtures use for a level: 0.95 -> "95", 0.998 -> "99_8".
fn suffix(confidence: f64) -> String {
    let pct = format!("{}", (confidence * 1000.0).round() / 10.0);
    pct.replace('.', "_")
}

fn put_limits(out: &mut Map<String, Value>, limits: &[Limits]) {
    for l in limits {
        let s = suffix(l.confidence);
        out.insert(format!("lower{s}"), json!(l.lower));
        out.insert(format!("upper{s}"), json!(l.upper));
    }
}

fn put_estimates_row(out: &mut Map<String, Value>, e: &stats::Estimates, row: usize) {
    out.insert("value".into(), json!(e.value[row]));
    for l in &e.limits {
        let s = suffix(l.confidence);
        out.insert(format!("lower{s}"), json!(l.lower[row]));
        out.insert(format!("upper{s}"), json!(l.upper[row]));
    }
}

fn err(e: stats::StatsError) -> String {
    e.to_string()
}

pub fn run(case: &Case) -> Option<Result<Vec<Failure>, String>> {
    let input = &case.input;
    let actual = match case.function.as_str() {
        "wilson_interval" => wilson_interval(input),
        "byars_count_interval" => byars_count_interval(input),
        "proportion" => proportion_case(input),
        "crude_rate" => crude_rate(input),
        "mean_t_ci" => mean_t_ci(input),
        "dsr_dobson" => dsr_case(input, false),
        "dsr_dobson_nonindependent" => dsr_case(input, true),
        "isr_ratio" => isr_case(input, false),
        "isr_rate" => isr_case(input, true),
        "quantile_assignment" => quantile_assignment(input),
        "funnel_limits_proportion" => funnel_limits_proportion(input),
        "funnel_limits_ratio" => funnel_limits_ratio(input),
        "funnel_limits_rate" => funnel_limits_rate(case),
        "funnel_axis_grid_phe" => funnel_axis_grid(input),
        "funnel_points_rate" => funnel_points_rate(input),
        "funnel_significance_proportion" => funnel_significance_proportion(input),
        "funnel_significance_ratio" => funnel_significance_ratio(input),
        "funnel_significance_rate" => funnel_significance_rate(input),
        "funnel_overdispersion_sr_shmi" => funnel_overdispersion_shmi(input),
        "funnel_limits_sr_poisson_unadjusted" => funnel_poisson_unadjusted(input),
        "funnel_outlier_flags" => funnel_outlier_flags(input),
        _ => return None,
    };
    Some(actual.map(|a| compare_expected(case, &a)))
}

fn wilson_interval(input: &Value) -> Result<Value, String> {
    let ci =
        proportion::wilson(num(input, "x")?, num(input, "n")?, num(input, "confidence")?).map_err(err)?;
    Ok(json!({"lower": ci.lower, "upper": ci.upper}))
}

fn byars_count_interval(input: &Value) -> Result<Value, String> {
    let b = poisson::byars(num(input, "x")?, num(input, "confidence")?).map_err(err)?;
    Ok(json!({"lower": b.lower, "upper": b.upper}))
}

fn proportion_case(input: &Value) -> Result<Value, String> {
    let e = proportion::proportions(
        &[opt_num(input, "numerator")],
        &[opt_num(input, "denominator")],
        &levels(input)?,
        num(input, "multiplier")?,
    )
    .map_err(err)?;
    let mut out = Map::new();
    put_estimates_row(&mut out, &e, 0);
    Ok(Value::Object(out))
}

fn crude_rate(input: &Value) -> Result<Value, String> {
    let e = rate::rates(
        &[opt_num(input, "numerator")],
        &[opt_num(input, "denominator")],
        &levels(input)?,
        num(input, "multiplier")?,
    )
    .map_err(err)?;
    let mut out = Map::new();
    put_estimates_row(&mut out, &e, 0);
    Ok(Value::Object(out))
}

fn mean_t_ci(input: &Value) -> Result<Value, String> {
    let m = mean::mean_interval(&nums(input, "values")?, &levels(input)?).map_err(err)?;
    let mut out = Map::new();
    out.insert("value_sum".into(), json!(m.value_sum));
    out.insert("value_count".into(), json!(m.value_count));
    out.insert("stdev".into(), json!(m.stdev));
    out.insert("value".into(), json!(m.value));
    put_limits(&mut out, &m.limits);
    Ok(Value::Object(out))
}

fn dsr_case(input: &Value, non_independent: bool) -> Result<Value, String> {
    let pop = nums(input, "pop")?;
    let std = nums(input, "stdpop")?;
    let (lv, mult) = (levels(input)?, num(input, "multiplier")?);
    let e = if non_independent {
        let freq = input
            .get("persons_by_event_frequency")
            .and_then(Value::as_object)
            .ok_or("input.persons_by_event_frequency: expected an object")?;
        let groups = freq
            .iter()
            .map(|(k, v)| {
                Ok(dsr::FrequencyGroup {
                    events_per_person: k.parse().map_err(|_| format!("frequency key {k}"))?,
                    persons: v
                        .as_array()
                        .ok_or("persons: expected an array")?
                        .iter()
                        .map(Value::as_f64)
                        .collect(),
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        dsr::dsr_non_independent(&groups, &pop, &std, &lv, mult)
    } else {
        dsr::dsr(&opt_nums(input, "count")?, &pop, &std, &lv, mult)
    }
    .map_err(err)?;
    let mut out = Map::new();
    out.insert("total_count".into(), json!(e.total_count));
    out.insert("total_pop".into(), json!(e.total_pop));
    out.insert("value".into(), json!(e.value));
    put_limits(&mut out, &e.limits);
    Ok(Value::Object(out))
}

fn isr_case(input: &Value, rate: bool) -> Result<Value, String> {
    let (counts, pop) = (opt_nums(input, "count")?, nums(input, "pop")?);
    let (rc, rp) = (nums(input, "ref_count")?, nums(input, "ref_pop")?);
    let lv = levels(input)?;
    let e = if rate {
        isr::isr_rate(&counts, &pop, &rc, &rp, num(input, "multiplier")?, &lv)
    } else {
        isr::isr_ratio(&counts, &pop, &rc, &rp, num(input, "refvalue")?, &lv)
    }
    .map_err(err)?;
    let mut out = Map::new();
    out.insert("observed".into(), json!(e.observed));
    out.insert("expected".into(), json!(e.expected));
    out.insert("value".into(), json!(e.value));
    if let Some(r) = e.ref_rate {
        out.insert("ref_rate".into(), json!(r));
    }
    put_limits(&mut out, &e.limits);
    Ok(Value::Object(out))
}

fn quantile_assignment(input: &Value) -> Result<Value, String> {
    let nq = input
        .get("nquantiles")
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or("input.nquantiles: expected a whole number")?;
    let invert =
        input.get("invert").and_then(Value::as_bool).ok_or("input.invert: expected true or false")?;
    let q = quantile::phe_quantiles(&opt_nums(input, "values")?, nq, invert).map_err(err)?;
    Ok(json!({ "quantile": q }))
}

fn text<'a>(input: &'a Value, key: &str) -> Result<&'a str, String> {
    input.get(key).and_then(Value::as_str).ok_or_else(|| format!("input.{key}: expected a string"))
}

fn rate_type(input: &Value) -> Result<RateType, String> {
    match text(input, "rate_type")? {
        "dsr" => Ok(RateType::Dsr),
        "crude" => Ok(RateType::Crude),
        other => Err(format!("input.rate_type: unknown {other}")),
    }
}

fn funnel_limits_proportion(input: &Value) -> Result<Value, String> {
    let r = funnel::proportion_funnel_row(
        num(input, "population")?,
        num(input, "baseline_proportion")?,
        num(input, "multiplier")?,
    )
    .map_err(err)?;
    Ok(json!({
        "lower_2s_limit": r.lower_2s_limit, "upper_2s_limit": r.upper_2s_limit,
        "lower_3s_limit": r.lower_3s_limit, "upper_3s_limit": r.upper_3s_limit,
        "baseline": r.baseline,
    }))
}

fn funnel_limits_ratio(input: &Value) -> Result<Value, String> {
    let r = funnel::ratio_funnel_row(num(input, "observed_events")?).map_err(err)?;
    let mut out = Map::new();
    for (side, e, ratio) in [
        ("lower_2s", r.lower_2s_exp_events, r.lower_2s_ratio),
        ("upper_2s", r.upper_2s_exp_events, r.upper_2s_ratio),
        ("lower_3s", r.lower_3s_exp_events, r.lower_3s_ratio),
        ("upper_3s", r.upper_3s_exp_events, r.upper_3s_ratio),
    ] {
        out.insert(format!("{side}_exp_events"), json!(e));
        out.insert(format!("{side}_count"), json!(ratio - 1.0));
        out.insert(format!("{side}_isr"), json!(ratio * 100.0));
    }
    Ok(Value::Object(out))
}

fn funnel_limits_rate(case: &Case) -> Result<Value, String> {
    let input = &case.input;
    if case.raw.get("dataset").and_then(Value::as_str).is_none() {
        return Err("case.dataset: expected the name of the rate dataset".into());
    }
    let r = funnel::rate_funnel_row(
        num(input, "events")?,
        num(input, "baseline_rate_per_person")?,
        num(input, "multiplier")?,
        num(input, "years_of_data")?,
    )
    .map_err(err)?;
    Ok(json!({
        "lower_2s_population_1_year": r.lower_2s_population_1_year, "lower_2s_limit": r.lower_2s_limit,
        "upper_2s_population_1_year": r.upper_2s_population_1_year, "upper_2s_limit": r.upper_2s_limit,
        "lower_3s_population_1_year": r.lower_3s_population_1_year, "lower_3s_limit": r.lower_3s_limit,
        "upper_3s_population_1_year": r.upper_3s_population_1_year, "upper_3s_limit": r.upper_3s_limit,
        "baseline": r.baseline,
    }))
}

fn funnel_axis_grid(input: &Value) -> Result<Value, String> {
    let statistic = match text(input, "statistic")? {
        "proportion" => FunnelStatistic::Proportion,
        "ratio" => FunnelStatistic::Ratio,
        "rate" => FunnelStatistic::Rate,
        other => return Err(format!("input.statistic: unknown {other}")),
    };
    let x = funnel::phe_axis_grid(
        statistic,
        num(input, "min_denominator")?,
        num(input, "max_denominator")?,
        opt_num(input, "years_of_data"),
        opt_num(input, "baseline_rate_per_person"),
    )
    .map_err(err)?;
    Ok(json!({ "x": x }))
}

fn funnel_points_rate(input: &Value) -> Result<Value, String> {
    let p = funnel::rate_funnel_point(
        num(input, "numerator")?,
        opt_num(input, "rate"),
        opt_num(input, "denominator"),
        rate_type(input)?,
        num(input, "multiplier")?,
        num(input, "years_of_data")?,
    )
    .map_err(err)?;
    Ok(json!({ "rate_chart": p.rate_chart, "denominator_derived": p.denominator_derived }))
}

fn funnel_significance_proportion(input: &Value) -> Result<Value, String> {
    let s = funnel::proportion_significance(
        num(input, "numerator")?,
        num(input, "denominator")?,
        num(input, "baseline_proportion")?,
    );
    Ok(json!({ "significance": s.label() }))
}

fn funnel_significance_ratio(input: &Value) -> Result<Value, String> {
    let s = funnel::ratio_significance(num(input, "observed")?, num(input, "expected")?);
    Ok(json!({ "significance": s.label() }))
}

fn funnel_significance_rate(input: &Value) -> Result<Value, String> {
    let (count, rt, m) = (num(input, "count")?, rate_type(input)?, num(input, "multiplier")?);
    let derived =
        funnel::derived_denominator(count, opt_num(input, "rate"), opt_num(input, "denominator"), rt, m);
    let s = funnel::rate_significance(count, derived, num(input, "weighted_average_per_person")?, rt);
    Ok(json!({ "significance": s.label() }))
}

fn funnel_overdispersion_shmi(input: &Value) -> Result<Value, String> {
    if text(input, "data_type")? != "SR" {
        return Err("input.data_type: only SR is exercised".into());
    }
    let mut options = DispersionOptions::shmi();
    options.scale = match text(input, "sr_method")? {
        "SHMI" => RatioScale::Log,
        "CQC" => RatioScale::Sqrt,
        other => return Err(format!("input.sr_method: unknown {other}")),
    };
    options.trimming =
        Some(if options.scale == RatioScale::Log { Trimming::Truncate } else { Trimming::Winsorise });
    options.trim_fraction = num(input, "trim_by")?;
    options.round_expected = input.get("shmi_rounding").and_then(Value::as_bool).unwrap_or(false);
    let d = overdispersion::estimate_dispersion(
        &opt_nums(input, "numerator")?,
        &opt_nums(input, "denominator")?,
        &options,
    )
    .map_err(err)?;
    Ok(json!({ "phi": d.phi, "tau2": d.tau2, "n_kept_after_truncation": d.n_used }))
}

fn funnel_poisson_unadjusted(input: &Value) -> Result<Value, String> {
    let (e, target, m) = (num(input, "expected")?, num(input, "target")?, num(input, "multiplier")?);
    let z = |c: f64| stats::z_for_confidence(c).map_err(err);
    let ci95 = overdispersion::poisson_ratio_limits(e, z(0.95)?);
    let ci998 = overdispersion::poisson_ratio_limits(e, z(0.998)?);
    let s = target * m;
    Ok(json!({
        "ll95": ci95.lower * s, "ul95": ci95.upper * s, "ll998": ci998.lower * s, "ul998": ci998.upper * s,
    }))
}

fn funnel_outlier_flags(input: &Value) -> Result<Value, String> {
    let limits = input.get("limits").ok_or("input.limits: missing")?;
    let adjusted = input.get("draw_adjusted").and_then(Value::as_bool).unwrap_or(false);
    let level = match input.get("limit").and_then(Value::as_u64) {
        Some(95) => "95",
        Some(99) => "99",
        _ => return Err("input.limit: expected 95 or 99".into()),
    };
    // FunnelPlotR names them LCL95/UCL95 unadjusted and OD95LCL/OD95UCL adjusted.
    let key = |side: &str| {
        if adjusted { format!("OD{level}{side}") } else { format!("{side}{level}") }
    };
    let ci = Interval { lower: num(limits, &key("LCL"))?, upper: num(limits, &key("UCL"))? };
    let m = num(input, "multiplier")?;
    let flags: Vec<u8> =
        nums(input, "rr")?.into_iter().map(|rr| u8::from(overdispersion::outside(rr * m, ci))).collect();
    Ok(json!({ "outlier": flags }))
}
