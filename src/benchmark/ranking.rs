//! Ranking: a peer comparison ([`super::compare`]) as the ranked chart draws it: every
//! organisation with a value and its 95% and 99.8% intervals, best first, its rank, and how it
//! compares with the benchmark at 99.8%, as Fingertips does it (PHE Technical Guide "Confidence
//! intervals"; Fingertips "comparison with benchmark"): similar when the benchmark lies inside
//! the 99.8% interval, otherwise better or worse by the metric's polarity.

use crate::data::Dataset;
use crate::stats::Interval;
pub use crate::stats::compare::Comparison;
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
    /// The rank's 95% interval by simulation, when the spec asks for it (`rankUncertainty`).
    pub rank_interval: Option<crate::stats::rank::RankInterval>,
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

/// What the ranked chart shows: the ranking, its metric and what to call the ranked
/// organisations and the benchmark.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankedModel {
    pub ranking: Ranking,
    pub metric: crate::data::Metric,
    /// What the ranked organisations are, in the plural ("NHS trusts").
    pub population: String,
    /// What the benchmark is called ("England").
    pub national_label: String,
}

/// The ranked chart of the selection: the comparison (with rank intervals when `rank` asks for
/// them) ranked best first.
pub fn model(
    s: &super::selection::Selection,
    rank: Option<&crate::stats::rank::RankOptions>,
) -> Result<(RankedModel, super::compare::PeerComparison), super::BenchmarkError> {
    let comparison = s.compare(rank)?;
    let ranking = from_comparison(s.data, &comparison)
        .map_err(|e| super::BenchmarkError::new(super::NoticeCode::NoInterval, e.0))?;
    let model = RankedModel {
        ranking,
        metric: s.metric().clone(),
        population: s.group_words(),
        national_label: comparison.benchmark.label.clone(),
    };
    Ok((model, comparison))
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
            rank_interval: p.rank_interval,
            vs_national,
        });
    }
    if orgs.is_empty() {
        return Err(RankingError(format!(
            "no organisation in the group has a value with an interval, which the ranked chart draws: \
             '{}' is a plain value here; the distribution and the spine show it, or choose a measure with a \
             numerator and denominator (a share)",
            c.metric.title
        )));
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
    use crate::benchmark::compare::{BenchmarkChoice, compare_resolved};
    use crate::benchmark::peers::{PeerGroupSpec, resolve_index};
    use crate::data::{Metric, MetricKind, Observations, Organisation, Polarity};
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

    /// The ranking of `focus` and its `peers` against the national value, as the chart makes it.
    fn rank(d: &Dataset, focus: usize, peers: &PeerGroupSpec) -> Result<Ranking, String> {
        let group = resolve_index(d, focus, peers).map_err(|e| e.to_string())?;
        let c = compare_resolved(d, 0, 0, 0, &group, &BenchmarkChoice::National {}, None)
            .map_err(|e| e.to_string())?;
        from_comparison(d, &c).map_err(|e| e.0)
    }

    #[test]
    fn ranking_orders_best_first_and_compares_with_the_pooled_national_value() {
        // A 900/1000 = 90%, B 500/1000 = 50%, C 80/100 = 80%; national 1480/2100 = 70.476%.
        let d = dataset(&[(0, 900.0, 1000.0), (1, 500.0, 1000.0), (2, 80.0, 100.0)]);
        let r = rank(&d, 2, &PeerGroupSpec::All {}).unwrap();
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
        let r = rank(&d, 0, &PeerGroupSpec::All {}).unwrap();
        assert_eq!(r.orgs.iter().map(|o| o.rank).collect::<Vec<_>>(), [1, 1, 3]);
    }

    #[test]
    fn organisations_outside_the_group_still_count_in_the_national_value() {
        // A 90/100 and C 50/100 are ranked; B 10/100 is not a peer but is in England's
        // (90 + 10 + 50) / 300 = 50%.
        let d = dataset(&[(0, 90.0, 100.0), (1, 10.0, 100.0), (2, 50.0, 100.0)]);
        let peers = PeerGroupSpec::List { name: None, codes: vec!["C".into()] };
        let r = rank(&d, 0, &peers).unwrap();
        assert_eq!(r.orgs.iter().map(|o| o.code.as_str()).collect::<Vec<_>>(), ["A", "C"]);
        assert!((r.national - 50.0).abs() < 1e-12);
    }

    #[test]
    fn a_metric_without_data_in_the_period_is_an_error_not_an_empty_chart() {
        let d = dataset(&[]);
        let err = rank(&d, 0, &PeerGroupSpec::All {}).unwrap_err();
        assert!(err.contains("no organisation has data"), "{err}");
    }
}
