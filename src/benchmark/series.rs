//! A series: the focus organisation's value period by period, and its XmR chart (NHS England's
//! Making Data Count: mean ± 2.66 × mean moving range, the four special-cause rules, variation
//! and assurance icons; [`crate::stats::spc::xmr`]). The model holds the values and the result,
//! so the chart only draws them.

use super::selection::Selection;
use crate::data::{Dataset, Polarity};
use crate::stats::StatsError;
pub use crate::stats::spc::{
    AssuranceIcon, ImprovementDirection, PointType, SpcOptions, SpcResult, SpcSegment, SpecialCause,
    VariationIcon,
};
use crate::stats::spc::{DEFAULT_RUN_LENGTH, xmr};

/// The SPC choices a spec makes (NHS England Making Data Count).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SeriesOptions {
    /// Periods where the process changed (e.g. a merger): each starts new limits.
    pub rebase: Vec<String>,
    /// Points that make a trend or a shift: 7 (NHSRplotthedots) or 6 (the NHS England tool).
    pub run_length: Option<usize>,
    /// Compute limits from the first n points of each segment only (a baseline).
    pub fix_after: Option<usize>,
    /// Screen out moving ranges above 3.267 × their mean (default true).
    pub screen_outliers: Option<bool>,
}

/// One organisation's series and its XmR chart.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesModel {
    /// Period keys in time order ("2018-04-01"), one per value.
    pub periods: Vec<String>,
    /// The values on the shown scale (percentages for a proportion with multiplier 100).
    pub values: Vec<f64>,
    /// The unit values are shown in ("%", "attendances").
    pub unit: String,
    pub metric_title: String,
    pub org_name: String,
    pub org_code: String,
    /// The options `result` was computed with: improvement direction, target (on the shown
    /// scale), rebase points and run lengths.
    pub options: SpcOptions,
    pub result: SpcResult,
    /// Periods in the range without data, left out of the series.
    pub missing: usize,
}

impl SeriesModel {
    /// Computes the XmR chart of `values` with `options` and keeps both for drawing. Errors name
    /// the field: periods and values of different lengths, or whatever [`xmr`] rejects.
    pub fn compute(
        periods: Vec<String>,
        values: Vec<f64>,
        unit: &str,
        metric_title: &str,
        org: (&str, &str),
        options: SpcOptions,
    ) -> Result<Self, StatsError> {
        if periods.len() != values.len() {
            return Err(StatsError::new(
                "periods",
                format!(
                    "has {} periods for {} values: give one period per value",
                    periods.len(),
                    values.len()
                ),
            ));
        }
        let result = xmr(&values, &options)?;
        Ok(Self {
            periods,
            values,
            unit: unit.to_string(),
            metric_title: metric_title.to_string(),
            org_name: org.0.to_string(),
            org_code: org.1.to_string(),
            options,
            result,
            missing: 0,
        })
    }
}

impl SeriesModel {
    /// The number of points the chart draws: the shortest of the periods, the values and the
    /// result, so a mismatched model draws what lines up rather than indexing past an end.
    pub fn drawn(&self) -> usize {
        self.periods.len().min(self.values.len()).min(self.result.len())
    }

    /// The result's warnings as sentences, and one saying so when not every point can be drawn.
    pub fn warnings(&self) -> Vec<String> {
        let n = self.drawn();
        let mut warnings: Vec<String> = self.result.warnings.iter().map(|w| w.message()).collect();
        if n != self.values.len() || n != self.periods.len() || n != self.result.len() {
            warnings.push(format!(
                "The series has {} periods, {} values and {} charted points: only the first {n} are drawn.",
                self.periods.len(),
                self.values.len(),
                self.result.len()
            ));
        }
        warnings
    }

    /// The segments that start among the drawn points, in time order: the first, then one per
    /// rebase.
    pub fn drawn_segments(&self) -> impl Iterator<Item = &SpcSegment> {
        let n = self.drawn();
        self.result.segments.iter().take_while(move |s| s.start < n)
    }

    /// The position of point `i`'s segment, counting from 1 (0 for a point in none).
    pub fn segment_number(&self, i: usize) -> usize {
        self.result.segments.iter().position(|s| (s.start..s.end).contains(&i)).map_or(0, |k| k + 1)
    }

    /// Whether point `i`'s limits are trial limits (its segment is too short for firm ones).
    pub fn trial_limits_at(&self, i: usize) -> bool {
        self.result.segments.iter().any(|s| s.trial_limits && (s.start..s.end).contains(&i))
    }

    /// How many of the drawn points are of each kind.
    pub fn counts(&self) -> PointCounts {
        let mut c = PointCounts::default();
        for t in &self.result.point_type[..self.drawn()] {
            match t {
                PointType::CommonCause => c.common_cause += 1,
                PointType::SpecialCauseImprovement => c.improvement += 1,
                PointType::SpecialCauseConcern => c.concern += 1,
                PointType::SpecialCauseNeutralHigh | PointType::SpecialCauseNeutralLow => c.neutral += 1,
            }
        }
        c
    }
}

/// How many points of a chart are of each kind; high and low neutral signals count together.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PointCounts {
    pub common_cause: usize,
    pub improvement: usize,
    pub concern: usize,
    pub neutral: usize,
}

/// The improvement direction for a metric's polarity.
pub fn improvement_direction(polarity: Polarity) -> ImprovementDirection {
    match polarity {
        Polarity::HigherIsBetter => ImprovementDirection::Increase,
        Polarity::LowerIsBetter => ImprovementDirection::Decrease,
        Polarity::NoJudgement => ImprovementDirection::Neutral,
    }
}

/// The focus organisation's value in each period of the selection's range. Periods without data
/// are left out and counted in the model's `missing`.
pub fn model(s: &Selection, options: &SeriesOptions) -> Result<SeriesModel, StatsError> {
    let (data, c) = (s.data, &s.choice);
    let metric = s.metric();
    let org = &data.organisations[s.focus];
    let mut periods = Vec::new();
    let mut values = Vec::new();
    let mut missing = 0;
    for p in c.from..=c.to {
        match value_in(data, c.metric, p, s.focus) {
            Some(v) => {
                periods.push(data.periods[p].clone());
                values.push(v);
            }
            None => missing += 1,
        }
    }
    let rebase_at = rebase_points(&options.rebase, &periods)?;
    let run = options.run_length.unwrap_or(DEFAULT_RUN_LENGTH);
    let spc = SpcOptions {
        improvement_direction: improvement_direction(metric.polarity),
        target: metric.target,
        fix_after_n_points: options.fix_after,
        rebase_at,
        screen_outliers: options.screen_outliers.unwrap_or(true),
        trend_length: run,
        shift_length: run,
    };
    let mut model =
        SeriesModel::compute(periods, values, &metric.unit, &metric.title, (&org.name, &org.code), spc)?;
    model.missing = missing;
    Ok(model)
}

/// The positions of the rebase periods in the series; each must be a period after the first.
fn rebase_points(rebase: &[String], periods: &[String]) -> Result<Vec<usize>, StatsError> {
    let mut at = Vec::new();
    for key in rebase {
        match periods.iter().position(|p| p == key) {
            Some(i) if i > 0 => at.push(i),
            _ => {
                let first = periods.first().map_or("", String::as_str);
                let last = periods.last().map_or("", String::as_str);
                return Err(StatsError::new(
                    "spc.rebase",
                    format!("'{key}' is not a period after the first in the chart ({first} to {last})"),
                ));
            }
        }
    }
    crate::order::sort(&mut at);
    at.dedup();
    Ok(at)
}

/// One organisation's value for one period on the shown scale.
fn value_in(data: &Dataset, metric: usize, period: usize, org: usize) -> Option<f64> {
    let m = &data.metrics[metric];
    let f = data.aggregate(metric, period, period).into_iter().find(|f| f.org == org)?;
    match (f.numerator, f.denominator, f.value) {
        (Some(n), Some(d), _) if d > 0.0 => Some(n / d * m.multiplier),
        (_, _, Some(v)) => Some(v),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rebased_series_numbers_its_segments_and_counts_each_kind_of_point() {
        // Twelve points alternating 10 and 11 with a spike of 30 at point 5 (above the upper
        // limit once the spike's moving ranges are screened out), then a rebase and six points
        // alternating 20 and 21: fewer than 12, so the second segment's limits are trial ones.
        let values: Vec<f64> = (0..18)
            .map(|i| match i {
                5 => 30.0,
                0..12 => 10.0 + (i % 2) as f64,
                _ => 20.0 + (i % 2) as f64,
            })
            .collect();
        let periods = (0..18).map(|i| format!("2019-{:02}-01", i % 12 + 1)).collect();
        let options = SpcOptions { rebase_at: vec![12], ..SpcOptions::default() };
        let m = SeriesModel::compute(periods, values, "%", "m", ("o", "O"), options).unwrap();
        assert_eq!(m.drawn(), 18);
        assert_eq!(m.drawn_segments().map(|s| s.start).collect::<Vec<_>>(), [0, 12]);
        assert_eq!((m.segment_number(11), m.segment_number(12), m.segment_number(17)), (1, 2, 2));
        assert!(!m.trial_limits_at(11) && m.trial_limits_at(12));
        assert_eq!(m.result.point_type[5], PointType::SpecialCauseImprovement);
        let c = m.counts();
        let of = |kinds: &[PointType]| m.result.point_type.iter().filter(|t| kinds.contains(t)).count();
        assert_eq!(c.improvement, of(&[PointType::SpecialCauseImprovement]));
        assert_eq!(c.concern, of(&[PointType::SpecialCauseConcern]));
        assert_eq!(c.common_cause, of(&[PointType::CommonCause]));
        assert_eq!(c.common_cause + c.improvement + c.concern + c.neutral, 18);
        assert!(m.warnings().iter().any(|w| w.contains("trial limits")), "{:?}", m.warnings());
    }

    #[test]
    fn a_model_longer_than_its_result_draws_what_lines_up_and_says_so() {
        let periods = (1..=4).map(|i| format!("2019-0{i}-01")).collect();
        let mut m = SeriesModel::compute(
            periods,
            vec![1.0, 2.0, 1.0, 2.0],
            "%",
            "m",
            ("o", "O"),
            SpcOptions::default(),
        )
        .unwrap();
        m.periods.push("2019-05-01".into());
        assert_eq!(m.drawn(), 4);
        let warnings = m.warnings();
        assert!(warnings[0].contains("only 4 points"), "the result's own warning first: {warnings:?}");
        assert_eq!(
            warnings[1..],
            ["The series has 5 periods, 4 values and 4 charted points: only the first 4 are drawn."]
        );
    }

    #[test]
    fn polarity_sets_the_improvement_direction() {
        assert_eq!(improvement_direction(Polarity::LowerIsBetter), ImprovementDirection::Decrease);
        assert_eq!(improvement_direction(Polarity::NoJudgement), ImprovementDirection::Neutral);
    }
}
