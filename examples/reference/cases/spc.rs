//! SPC cases (NHSRplotthedots, Making Data Count): XmR limits, the special-cause rules one by one,
//! point types, icons and whole charts split into rebase groups.

use super::super::runner::{Case, Failure, Tol, compare_expected, compare_value, tolerance_for};
use nhs_benchmark::stats::spc::{self, ImprovementDirection, PointType, SpcOptions, SpcResult, SpecialCause};
use serde_json::{Value, json};

pub fn run(case: &Case) -> Option<Result<Vec<Failure>, String>> {
    let outcome = match case.function.as_str() {
        "xmr_limits" => xmr_limits(&case.input, &case.expected).map(|a| compare_expected(case, &a)),
        "xmr_summary" => xmr_summary(&case.input).map(|a| compare_expected(case, &a)),
        "xmr_full_simple" => xmr_full_simple(case),
        "xmr_full" => xmr_full(case),
        "xmr_point_type" => xmr_point_type(&case.input).map(|a| compare_expected(case, &a)),
        "rule_seven_points_one_side_of_mean_endpoints" => {
            shift_endpoints(&case.input).map(|a| compare_expected(case, &a))
        }
        "rule_part_of_seven_run" => part_of_run(&case.input).map(|a| compare_expected(case, &a)),
        "rule_seven_point_trend_endpoints" => {
            trend_endpoints(&case.input).map(|a| compare_expected(case, &a))
        }
        "rule_two_of_three_window" => two_of_three(&case.input, false).map(|a| compare_expected(case, &a)),
        "rule_two_of_three_close_to_limits" => {
            two_of_three(&case.input, true).map(|a| compare_expected(case, &a))
        }
        "assurance_type" => assurance_type(&case.input).map(|a| compare_expected(case, &a)),
        "assurance_type_last_point" => assurance_last_point(&case.input).map(|a| compare_expected(case, &a)),
        "spc_icons" => spc_icons(&case.input).map(|a| compare_expected(case, &a)),
        _ => return None,
    };
    Some(outcome)
}

/// The run length of the fixture's rules: NHSRplotthedots' 7.
const RUN: usize = spc::DEFAULT_RUN_LENGTH;

fn numbers(input: &Value, key: &str) -> Result<Vec<f64>, String> {
    input
        .get(key)
        .and_then(Value::as_array)
        .ok_or_else(|| format!("input.{key}: expected an array"))?
        .iter()
        .enumerate()
        .map(|(i, v)| {
            v.as_f64()
                .ok_or_else(|| format!("input.{key}[{i}]: expected a number"))
        })
        .collect()
}

fn signs(input: &Value, key: &str) -> Result<Vec<i8>, String> {
    Ok(numbers(input, key)?
        .into_iter()
        .map(|v| v.signum() as i8 * i8::from(v != 0.0))
        .collect())
}

fn flags(input: &Value, key: &str) -> Result<Vec<bool>, String> {
    Ok(numbers(input, key)?.into_iter().map(|v| v != 0.0).collect())
}

fn direction(input: &Value) -> Result<ImprovementDirection, String> {
    match input.get("improvement_direction") {
        None | Some(Value::Null) => Ok(ImprovementDirection::default()),
        Some(v) => serde_json::from_value(v.clone()).map_err(|e| format!("input.improvement_direction: {e}")),
    }
}

fn optional_number(input: &Value, key: &str) -> Result<Option<f64>, String> {
    match input.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_f64()
            .map(Some)
            .ok_or_else(|| format!("input.{key}: expected a number or null")),
    }
}

/// The options a case's input names; everything else at NHSRplotthedots' defaults.
fn options(input: &Value) -> Result<SpcOptions, String> {
    let fix = optional_number(input, "fix_after_n_points")?;
    Ok(SpcOptions {
        improvement_direction: direction(input)?,
        target: optional_number(input, "target")?,
        fix_after_n_points: fix.map(|k| k as usize),
        screen_outliers: input
            .get("screen_outliers")
            .and_then(Value::as_bool)
            .unwrap_or(true),
        ..SpcOptions::default()
    })
}

fn chart(input: &Value) -> Result<SpcResult, String> {
    spc::xmr(&numbers(input, "values")?, &options(input)?).map_err(|e| e.to_string())
}

fn as_01<T: Copy + Into<bool>>(v: &[T]) -> Vec<u8> {
    v.iter().map(|&b| u8::from(b.into())).collect()
}

fn xmr_limits(input: &Value, expected: &Value) -> Result<Value, String> {
    let r = chart(input)?;
    let s = &r.segments[0];
    // The reference printed only a prefix of `relative_to_mean` (a truncated glimpse); compare that
    // prefix.
    let shown = expected
        .get("relative_to_mean_first_n")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    Ok(json!({
        "mean": s.mean, "lpl": s.lpl, "upl": s.upl, "near_lpl": s.near_lpl, "near_upl": s.near_upl,
        "relative_to_mean_first_n": &r.relative_to_mean[..shown.min(r.len())],
    }))
}

fn xmr_summary(input: &Value) -> Result<Value, String> {
    let r = chart(input)?;
    let s = &r.segments[0];
    let count = |t: PointType| r.point_type.iter().filter(|&&p| p == t).count();
    Ok(json!({
        "mean": s.mean, "lpl": s.lpl, "upl": s.upl, "n": r.len(),
        "common_cause": count(PointType::CommonCause),
        "special_cause_improvement": count(PointType::SpecialCauseImprovement),
        "special_cause_concern": count(PointType::SpecialCauseConcern),
    }))
}

/// Tolerances of the whole-chart cases group fields: `mean_lpl_upl` for the three numbers, `flags`
/// for every per-point column.
fn grouped_tolerance(tolerance: &Value, field: &str) -> Tol {
    let group = match field {
        "mean" | "lpl" | "upl" => "mean_lpl_upl",
        _ => "flags",
    };
    tolerance_for(tolerance, group)
}

fn compare_fields(
    id: &str,
    prefix: &str,
    tolerance: &Value,
    expected: &Value,
    actual: &Value,
) -> Vec<Failure> {
    let mut out = Vec::new();
    let Some(fields) = expected.as_object() else {
        return out;
    };
    for (field, ev) in fields {
        let path = format!("{prefix}{field}");
        match actual.get(field) {
            Some(av) => compare_value(id, &path, ev, av, grouped_tolerance(tolerance, field), &mut out),
            None => out.push(Failure {
                id: id.to_string(),
                field: path,
                expected: ev.to_string(),
                actual: "(missing)".into(),
            }),
        }
    }
    out
}

/// The per-point columns of points `range` and the limits of their segment.
fn segment_view(r: &SpcResult, segment: usize) -> Value {
    let s = &r.segments[segment];
    let range = s.start..s.end;
    let flag: Vec<bool> = range.clone().map(|i| r.is_special_cause(i)).collect();
    json!({
        "mean": s.mean, "lpl": s.lpl, "upl": s.upl,
        "outside_limits": &r.outside_limits[range.clone()],
        "relative_to_mean": &r.relative_to_mean[range.clone()],
        "close_to_limits": &r.close_to_limits[range.clone()],
        "special_cause_flag": flag,
        "point_type": &r.point_type[range],
    })
}

fn xmr_full_simple(case: &Case) -> Result<Vec<Failure>, String> {
    let r = chart(&case.input)?;
    Ok(compare_fields(
        &case.id,
        "",
        &case.tolerance,
        &case.expected,
        &segment_view(&r, 0),
    ))
}

/// A whole chart from the NHSRplotthedots integration snapshot: the groups are the rebase groups
/// of one series. The snapshot dates from December 2021, whose rules differed from 0.2.x in two
/// ways (2-of-3 without the same-side condition, point type by the point's side of the mean); its
/// `special_cause_flag_v2021` and `point_type_v2021` are compared with the current rules' flags
/// and types, which must then agree with them on this data (they do: no point of either series
/// triggers a rule under either rule set).
fn xmr_full(case: &Case) -> Result<Vec<Failure>, String> {
    let groups = case
        .raw
        .get("groups")
        .and_then(Value::as_array)
        .ok_or("groups: expected an array")?;
    let mut values = Vec::new();
    let mut dates = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        if group.get("rebase_group").and_then(Value::as_u64) != Some(g as u64) {
            return Err(format!(
                "groups[{g}].rebase_group: expected {g} (groups in order)"
            ));
        }
        values.extend(numbers(group, "values")?);
        let group_dates = group
            .get("dates")
            .and_then(Value::as_array)
            .ok_or("dates: expected an array")?;
        dates.extend(
            group_dates
                .iter()
                .map(|d| d.as_str().unwrap_or_default().to_string()),
        );
    }
    let mut options = options(&case.input)?;
    if let Some(rebase) = case.input.get("rebase").and_then(Value::as_str) {
        let at = dates
            .iter()
            .position(|d| d == rebase)
            .ok_or_else(|| format!("input.rebase: {rebase} is not one of the dates"))?;
        options.rebase_at = vec![at];
    }
    let r = spc::xmr(&values, &options).map_err(|e| e.to_string())?;
    if r.segments.len() != groups.len() {
        return Ok(vec![Failure {
            id: case.id.clone(),
            field: "groups.len".into(),
            expected: groups.len().to_string(),
            actual: r.segments.len().to_string(),
        }]);
    }
    let mut failures = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        let expected = group.get("expected").ok_or("groups[].expected: missing")?;
        let mut actual = segment_view(&r, g);
        if let Some(view) = actual.as_object_mut() {
            let flags = view.get("special_cause_flag").cloned().unwrap_or(Value::Null);
            let flags01: Vec<u8> = flags
                .as_array()
                .map(|a| a.iter().map(|f| u8::from(f.as_bool() == Some(true))).collect())
                .unwrap_or_default();
            view.insert("special_cause_flag_v2021".into(), json!(flags01));
            let types = view.get("point_type").cloned().unwrap_or(Value::Null);
            view.insert("point_type_v2021".into(), types);
        }
        failures.extend(compare_fields(
            &case.id,
            &format!("groups[{g}]."),
            &case.tolerance,
            expected,
            &actual,
        ));
    }
    Ok(failures)
}

/// The vignette's University Hospitals Birmingham breaches: the longest run of consecutive
/// improvement points and the rule behind it.
fn xmr_point_type(input: &Value) -> Result<Value, String> {
    let r = chart(input)?;
    let (mut best, mut best_end, mut run) = (0usize, 0usize, 0usize);
    for (i, &t) in r.point_type.iter().enumerate() {
        run = if t == PointType::SpecialCauseImprovement {
            run + 1
        } else {
            0
        };
        if run > best {
            (best, best_end) = (run, i + 1);
        }
    }
    let causes: Vec<SpecialCause> = r.special_cause[best_end - best..best_end]
        .iter()
        .flatten()
        .copied()
        .collect();
    let rule = match causes.first() {
        Some(&first) if causes.iter().all(|&c| c == first) => describe(first),
        _ => "mixed rules".to_string(),
    };
    Ok(json!({"n_consecutive_special_cause_improvement": best, "rule": rule}))
}

/// The vignette's wording for each rule at the default run length.
fn describe(cause: SpecialCause) -> String {
    match cause {
        SpecialCause::AboveUpperLimit => "point above the upper process limit".into(),
        SpecialCause::BelowLowerLimit => "point below the lower process limit".into(),
        SpecialCause::IncreasingTrend => format!(">= {RUN} points increasing"),
        SpecialCause::DecreasingTrend => format!(">= {RUN} points decreasing"),
        SpecialCause::TwoOfThreeAbove => "2 of 3 points close to the upper limit".into(),
        SpecialCause::TwoOfThreeBelow => "2 of 3 points close to the lower limit".into(),
        SpecialCause::ShiftAbove => format!(">= {RUN} points on one side (above) of the mean"),
        SpecialCause::ShiftBelow => format!(">= {RUN} points on one side (below) of the mean"),
    }
}

fn shift_endpoints(input: &Value) -> Result<Value, String> {
    // NHSRplotthedots reports 1 for a run on either side; ours carries the side.
    let ends = spc::shift_endpoints(&signs(input, "relative_to_mean")?, RUN);
    Ok(json!({"flag": ends.iter().map(|e| e.abs()).collect::<Vec<_>>()}))
}

fn part_of_run(input: &Value) -> Result<Value, String> {
    let members = spc::run_members(&signs(input, "endpoint_flags")?, RUN);
    Ok(json!({"part_of_run": as_01(&members)}))
}

fn trend_endpoints(input: &Value) -> Result<Value, String> {
    Ok(json!({"trend": spc::trend_endpoints(&numbers(input, "y")?, RUN)}))
}

fn two_of_three(input: &Value, points_only: bool) -> Result<Value, String> {
    let close = flags(input, "close_to_limits")?;
    let rtm = signs(input, "relative_to_mean")?;
    Ok(if points_only {
        json!({"flag": as_01(&spc::two_of_three_points(&close, &rtm))})
    } else {
        json!({"in_window": as_01(&spc::two_of_three_windows(&close, &rtm))})
    })
}

fn assurance_column(input: &Value) -> Result<Vec<Option<spc::AssuranceIcon>>, String> {
    let (lpl, upl) = (numbers(input, "lpl")?, numbers(input, "upl")?);
    let (target, dir) = (optional_number(input, "target")?, direction(input)?);
    Ok(lpl
        .iter()
        .zip(&upl)
        .map(|(&l, &u)| spc::assurance(target, l, u, dir))
        .collect())
}

fn assurance_type(input: &Value) -> Result<Value, String> {
    if optional_number(input, "target")?.is_none() {
        return Ok(json!({"assurance_type": spc::assurance(None, 0.0, 0.0, direction(input)?)}));
    }
    Ok(json!({"assurance_type": assurance_column(input)?}))
}

fn assurance_last_point(input: &Value) -> Result<Value, String> {
    Ok(json!({"assurance_type": assurance_column(input)?.last().copied().flatten()}))
}

/// One chart per facet (or one for the whole series when `facet` is null), each with its icons.
fn spc_icons(input: &Value) -> Result<Value, String> {
    let values = numbers(input, "values")?;
    let facet_of: Vec<Value> = match input.get("facet") {
        None | Some(Value::Null) => vec![json!("no facet"); values.len()],
        Some(Value::Array(a)) if a.len() == values.len() => a.clone(),
        Some(_) => return Err("input.facet: expected null or one entry per value".into()),
    };
    let mut facets: Vec<Value> = Vec::new();
    for f in &facet_of {
        if !facets.contains(f) {
            facets.push(f.clone());
        }
    }
    let options = options(input)?;
    let (mut variation, mut assurance) = (Vec::new(), Vec::new());
    for f in &facets {
        let series: Vec<f64> = values
            .iter()
            .zip(&facet_of)
            .filter(|(_, g)| *g == f)
            .map(|(&v, _)| v)
            .collect();
        let r = spc::xmr(&series, &options).map_err(|e| format!("facet {f}: {e}"))?;
        variation.push(r.variation_icon);
        assurance.push(r.assurance_icon);
    }
    Ok(json!({"facets": facets, "variation_icon": variation, "assurance_icon": assurance}))
}
