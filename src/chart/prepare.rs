//! From loaded data and a resolved spec to each view's input: the step between analysis and
//! drawing. The population of the funnel and the distribution is every organisation of the
//! default group (all NHS trusts) with data; the spec's peer group is what they ring, and the
//! focus is what they name.

use super::distribution_view::{DistributionInput, DistributionOrg};
use super::funnel_view::{FunnelInput, FunnelOrg};
use super::spc_view::{SpcInput, improvement_direction};
use crate::benchmark::compare::{PeerComparison, figures};
use crate::data::Dataset;
use crate::spec::{Resolved, SpcSpec};
use crate::stats::StatsError;
use crate::stats::spc::SpcOptions;

/// The peers' codes to ring: none for the default group (every trust is its own peer there).
fn ringed(comparison: &PeerComparison, default_group: bool) -> Vec<String> {
    if default_group {
        Vec::new()
    } else {
        comparison.peer_group.members.iter().map(|m| m.code.clone()).collect()
    }
}

/// The funnel plot's input: every organisation's pooled counts over the range (every NHS trust,
/// for the bundled data).
pub fn funnel(
    data: &Dataset,
    r: &Resolved,
    comparison: &PeerComparison,
    population: &str,
    default_group: bool,
) -> FunnelInput {
    let figs = figures(data, r.metric, r.from, r.to);
    let in_population = crate::spec::population_filter(data);
    let orgs = data
        .organisations
        .iter()
        .zip(&figs)
        .filter(|(o, _)| in_population(o))
        .filter_map(|(o, f)| {
            let f = f.as_ref()?;
            Some(FunnelOrg {
                code: o.code.clone(),
                name: o.name.clone(),
                numerator: f.numerator?,
                denominator: f.denominator?,
            })
        })
        .collect();
    let metric = data.metrics[r.metric].clone();
    let denominator_label = match metric.id.as_str() {
        id if id.contains("type1") => "Type 1 attendances".to_string(),
        _ => "Attendances".to_string(),
    };
    FunnelInput {
        metric,
        from: data.periods[r.from].clone(),
        to: data.periods[r.to].clone(),
        population: population.to_string(),
        baseline_label: "England".into(),
        denominator_label,
        orgs,
        focus: r.focus.clone(),
        peers: ringed(comparison, default_group),
    }
}

/// The distribution's input: every organisation's value over the range.
pub fn distribution(
    data: &Dataset,
    r: &Resolved,
    comparison: &PeerComparison,
    population: &str,
    default_group: bool,
) -> DistributionInput {
    let figs = figures(data, r.metric, r.from, r.to);
    let in_population = crate::spec::population_filter(data);
    let orgs = data
        .organisations
        .iter()
        .zip(&figs)
        .filter(|(o, _)| in_population(o))
        .filter_map(|(o, f)| {
            Some(DistributionOrg { code: o.code.clone(), name: o.name.clone(), value: f.as_ref()?.value })
        })
        .collect();
    DistributionInput {
        metric: data.metrics[r.metric].clone(),
        from: data.periods[r.from].clone(),
        to: data.periods[r.to].clone(),
        population: population.to_string(),
        orgs,
        focus: r.focus.clone(),
        peers: ringed(comparison, default_group),
    }
}

/// The focus organisation's series, one value per period from `from` to `to`, and the XmR
/// chart of it. Periods without data are left out and counted in the returned number.
pub fn spc(
    data: &Dataset,
    r: &Resolved,
    focus: usize,
    spc: &SpcSpec,
) -> Result<(SpcInput, usize), StatsError> {
    let metric = &data.metrics[r.metric];
    let org = &data.organisations[focus];
    let mut periods = Vec::new();
    let mut values = Vec::new();
    let mut missing = 0;
    for p in r.from..=r.to {
        let value = figures_for(data, r.metric, p, focus);
        match value {
            Some(v) => {
                periods.push(data.periods[p].clone());
                values.push(v);
            }
            None => missing += 1,
        }
    }
    let mut rebase_at = Vec::new();
    for key in &spc.rebase {
        match periods.iter().position(|p| p == key) {
            Some(i) if i > 0 => rebase_at.push(i),
            _ => {
                return Err(StatsError::new(
                    "spc.rebase",
                    format!(
                        "'{key}' is not a period after the first in the chart ({} to {})",
                        r_first(&periods),
                        r_last(&periods)
                    ),
                ));
            }
        }
    }
    rebase_at.sort_unstable();
    rebase_at.dedup();
    let run = spc.run_length.unwrap_or(crate::stats::spc::DEFAULT_RUN_LENGTH);
    let options = SpcOptions {
        improvement_direction: improvement_direction(metric.polarity),
        target: metric.target,
        fix_after_n_points: spc.fix_after,
        rebase_at,
        screen_outliers: spc.screen_outliers.unwrap_or(true),
        trend_length: run,
        shift_length: run,
    };
    let input =
        SpcInput::compute(periods, values, &metric.unit, &metric.title, (&org.name, &org.code), options)?;
    Ok((input, missing))
}

fn r_first(p: &[String]) -> &str {
    p.first().map_or("", String::as_str)
}

fn r_last(p: &[String]) -> &str {
    p.last().map_or("", String::as_str)
}

/// One organisation's value for one period on the shown scale.
fn figures_for(data: &Dataset, metric: usize, period: usize, org: usize) -> Option<f64> {
    let m = &data.metrics[metric];
    let f = data.aggregate(metric, period, period).into_iter().find(|f| f.org == org)?;
    match (f.numerator, f.denominator, f.value) {
        (Some(n), Some(d), _) if d > 0.0 => Some(n / d * m.multiplier),
        (_, _, Some(v)) => Some(v),
        _ => None,
    }
}
