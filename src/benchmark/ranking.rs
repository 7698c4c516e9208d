//! Ranking: every organisation's value for a proportion metric over a period, with Wilson 95% and
//! 99.8% intervals, its rank, and how it compares with the national value, as Fingertips does it
//! (PHE Technical Guide "Confidence intervals"; Fingertips "comparison with benchmark"): an
//! organisation is similar when the benchmark lies inside its 99.8% interval, otherwise better or
//! worse by the metric's polarity.

use crate::data::{Dataset, MetricKind, Organisation, Polarity};
use crate::stats::compare::{Comparison, compare};
use crate::stats::proportion::wilson_with_z;
use crate::stats::{Interval, z_for_confidence};
use serde::Serialize;
use std::fmt;

/// The words for a comparison, as a table or tooltip shows them.
pub fn comparison_label(c: Comparison) -> &'static str {
    match c {
        Comparison::Better => "Better",
        Comparison::Similar => "Similar",
        Comparison::Worse => "Worse",
        Comparison::Higher => "Higher",
        Comparison::Lower => "Lower",
        Comparison::NotCompared => "Not compared",
    }
}

/// One ranked organisation. Values and intervals are on the shown scale (x multiplier).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankedOrg {
    pub org: usize,
    pub code: String,
    pub name: String,
    pub region: String,
    pub numerator: f64,
    pub denominator: f64,
    pub value: f64,
    pub ci95: Interval,
    pub ci998: Interval,
    /// 1 is best (highest where higher is better); tied values share the better rank.
    pub rank: usize,
    pub vs_national: Comparison,
}

/// A ranked comparison of organisations with the national value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranking {
    pub metric: usize,
    pub from: String,
    pub to: String,
    /// Best first.
    pub orgs: Vec<RankedOrg>,
    /// All providers' numerators over all denominators, on the shown scale.
    pub national: f64,
    pub national_numerator: f64,
    pub national_denominator: f64,
    /// Index into `orgs` of the focus organisation, when it has data.
    pub focus: Option<usize>,
    pub warnings: Vec<String>,
}

/// Why a ranking could not be made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RankingError(pub String);

impl fmt::Display for RankingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RankingError {}

/// Ranks the organisations that `include` accepts on a proportion `metric` over periods
/// `from..=to` (indices into `dataset.periods`). The national value uses every provider with data,
/// included or not, as England totals do.
pub fn rank_proportion(
    dataset: &Dataset,
    metric: usize,
    from: usize,
    to: usize,
    include: &dyn Fn(&Organisation) -> bool,
    focus_code: Option<&str>,
) -> Result<Ranking, RankingError> {
    let m =
        dataset.metrics.get(metric).ok_or_else(|| RankingError(format!("no metric at index {metric}")))?;
    if m.kind != MetricKind::Proportion {
        return Err(RankingError(format!(
            "'{}' is not a proportion: the ranked chart with Wilson intervals needs a numerator and a denominator",
            m.title
        )));
    }
    let (Some(from_key), Some(to_key)) = (dataset.periods.get(from), dataset.periods.get(to)) else {
        return Err(RankingError("the period range is outside the data".into()));
    };
    let figures = dataset.aggregate(metric, from, to);
    let (z95, z998) = (
        z_for_confidence(0.95).map_err(|e| RankingError(e.to_string()))?,
        z_for_confidence(0.998).map_err(|e| RankingError(e.to_string()))?,
    );
    let mut national_num = 0.0;
    let mut national_den = 0.0;
    let mut orgs = Vec::new();
    let mut warnings = Vec::new();
    let scale = |i: Interval| Interval { lower: i.lower * m.multiplier, upper: i.upper * m.multiplier };
    for f in &figures {
        let (Some(num), Some(den)) = (f.numerator, f.denominator) else {
            continue;
        };
        if den <= 0.0 || num < 0.0 || num > den {
            warnings.push(format!(
                "{}: numerator {num} and denominator {den} cannot form a proportion; left out",
                dataset.organisations[f.org].code
            ));
            continue;
        }
        national_num += num;
        national_den += den;
        let o = &dataset.organisations[f.org];
        if !include(o) {
            continue;
        }
        let region = match o.attributes.get("region") {
            Some(crate::data::Attribute::Text(r)) => r.clone(),
            _ => String::new(),
        };
        orgs.push(RankedOrg {
            org: f.org,
            code: o.code.clone(),
            name: o.name.clone(),
            region,
            numerator: num,
            denominator: den,
            value: num / den * m.multiplier,
            ci95: scale(wilson_with_z(num, den, z95)),
            ci998: scale(wilson_with_z(num, den, z998)),
            rank: 0,
            vs_national: Comparison::NotCompared,
        });
    }
    if orgs.is_empty() {
        return Err(RankingError(format!(
            "no organisation has data for '{}' from {from_key} to {to_key}",
            m.title
        )));
    }
    let national = if national_den > 0.0 { national_num / national_den * m.multiplier } else { f64::NAN };
    for o in &mut orgs {
        o.vs_national = compare(Some(o.ci998.lower), Some(o.ci998.upper), Some(national), m.polarity);
    }
    let lower_first = m.polarity == Polarity::LowerIsBetter;
    orgs.sort_by(|a, b| {
        let ord = if lower_first { a.value.total_cmp(&b.value) } else { b.value.total_cmp(&a.value) };
        ord.then_with(|| a.code.cmp(&b.code))
    });
    for i in 0..orgs.len() {
        orgs[i].rank = if i > 0 && orgs[i].value == orgs[i - 1].value { orgs[i - 1].rank } else { i + 1 };
    }
    let focus = focus_code.and_then(|c| orgs.iter().position(|o| o.code.eq_ignore_ascii_case(c)));
    if let Some(code) = focus_code
        && focus.is_none()
    {
        warnings.push(format!("the focus organisation {code} has no data for this metric and period"));
    }
    Ok(Ranking {
        metric,
        from: from_key.clone(),
        to: to_key.clone(),
        orgs,
        national,
        national_numerator: national_num,
        national_denominator: national_den,
        focus,
        warnings,
    })
}

/// The ranked view of a peer comparison: the focus and its peers with data, best first, each
/// compared with the comparison's benchmark at 99.8% (Fingertips' higher level).
pub fn from_comparison(
    dataset: &Dataset,
    c: &super::compare::PeerComparison,
) -> Result<Ranking, RankingError> {
    use crate::stats::compare::TwoLevelComparison as T;
    let benchmark = c.benchmark.value.unwrap_or(f64::NAN);
    let mut orgs = Vec::with_capacity(c.points.len());
    for p in &c.points {
        let (Some(ci95), Some(ci998)) = (p.figure.ci95, p.figure.ci99_8) else { continue };
        let region = match dataset.organisations.get(p.org).and_then(|o| o.attributes.get("region")) {
            Some(crate::data::Attribute::Text(r)) => r.clone(),
            _ => String::new(),
        };
        let vs_national = match p.significance {
            T::Better998 => Comparison::Better,
            T::Worse998 => Comparison::Worse,
            T::Higher998 => Comparison::Higher,
            T::Lower998 => Comparison::Lower,
            T::NotCompared => Comparison::NotCompared,
            T::Better95 | T::Worse95 | T::Higher95 | T::Lower95 | T::Similar => Comparison::Similar,
        };
        orgs.push(RankedOrg {
            org: p.org,
            code: p.code.clone(),
            name: p.name.clone(),
            region,
            numerator: p.figure.numerator.unwrap_or(f64::NAN),
            denominator: p.figure.denominator.unwrap_or(f64::NAN),
            value: p.figure.value,
            ci95,
            ci998,
            rank: p.rank,
            vs_national,
        });
    }
    if orgs.is_empty() {
        return Err(RankingError("no organisation in the group has a value with an interval".into()));
    }
    let focus = orgs.iter().position(|o| o.code == c.points[c.focus].code);
    let (national_numerator, national_denominator) = match &c.national {
        Some(n) => (n.figure.numerator.unwrap_or(f64::NAN), n.figure.denominator.unwrap_or(f64::NAN)),
        None => (f64::NAN, f64::NAN),
    };
    Ok(Ranking {
        metric: dataset.metric_index(&c.metric.id).unwrap_or(0),
        from: c.periods.from.clone(),
        to: c.periods.to.clone(),
        orgs,
        national: benchmark,
        national_numerator,
        national_denominator,
        focus,
        // The comparison's notices are the caller's to show, once, beside whichever view it draws.
        warnings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Metric, Observations};
    use std::collections::BTreeMap;

    fn org(code: &str) -> Organisation {
        Organisation { code: code.into(), name: format!("Trust {code}"), attributes: BTreeMap::new() }
    }

    fn dataset(rows: &[(u32, f64, f64)]) -> Dataset {
        let mut observations = Observations::default();
        for &(o, n, d) in rows {
            observations.push(o, 0, 0, Some(n), Some(d), None);
        }
        Dataset {
            organisations: vec![org("A"), org("B"), org("C")],
            metrics: vec![Metric {
                id: "p".into(),
                title: "P".into(),
                unit: "%".into(),
                kind: MetricKind::Proportion,
                polarity: Polarity::HigherIsBetter,
                multiplier: 100.0,
                source: String::new(),
                target: None,
            }],
            periods: vec!["2019-01-01".into()],
            observations,
            ..Dataset::default()
        }
    }

    #[test]
    fn ranking_orders_best_first_and_compares_with_the_pooled_national_value() {
        // A 900/1000 = 90%, B 500/1000 = 50%, C 80/100 = 80%; national 1480/2100 = 70.476%.
        let d = dataset(&[(0, 900.0, 1000.0), (1, 500.0, 1000.0), (2, 80.0, 100.0)]);
        let r = rank_proportion(&d, 0, 0, 0, &|_| true, Some("C")).unwrap();
        assert_eq!(r.orgs.iter().map(|o| o.code.as_str()).collect::<Vec<_>>(), ["A", "C", "B"]);
        assert!((r.national - 1480.0 / 2100.0 * 100.0).abs() < 1e-12);
        assert_eq!(
            r.orgs.iter().map(|o| o.vs_national).collect::<Vec<_>>(),
            [Comparison::Better, Comparison::Similar, Comparison::Worse]
        );
        // C's 99.8% Wilson interval for 80/100 is about 64.8% to 89.5%, so it contains 70.5%.
        assert!(r.orgs[1].ci998.lower < 70.476 && r.orgs[1].ci998.upper > 70.476);
        assert_eq!(r.focus, Some(1));
        assert_eq!(r.orgs[2].rank, 3);
    }

    #[test]
    fn tied_values_share_the_better_rank() {
        let d = dataset(&[(0, 50.0, 100.0), (1, 50.0, 100.0), (2, 10.0, 100.0)]);
        let r = rank_proportion(&d, 0, 0, 0, &|_| true, None).unwrap();
        assert_eq!(r.orgs.iter().map(|o| o.rank).collect::<Vec<_>>(), [1, 1, 3]);
    }

    #[test]
    fn excluded_organisations_still_count_in_the_national_value() {
        let d = dataset(&[(0, 90.0, 100.0), (1, 10.0, 100.0)]);
        let r = rank_proportion(&d, 0, 0, 0, &|o| o.code == "A", Some("B")).unwrap();
        assert_eq!(r.orgs.len(), 1);
        assert!((r.national - 50.0).abs() < 1e-12);
        assert_eq!(r.focus, None);
        assert!(r.warnings[0].contains("B has no data"), "{:?}", r.warnings);
    }

    #[test]
    fn a_metric_without_data_in_the_period_is_an_error_not_an_empty_chart() {
        let d = dataset(&[]);
        let err = rank_proportion(&d, 0, 0, 0, &|_| true, None).unwrap_err();
        assert!(err.0.contains("no organisation has data"), "{err}");
    }
}
