//! Comparison with a benchmark, as Fingertips shows it: a value is significantly higher or lower
//! than the benchmark (England, the region, the peer group's pooled value) when the benchmark lies
//! outside the value's confidence interval, and similar when it lies inside or on a limit. Polarity
//! turns higher/lower into better/worse. (PHE Fingertips technical guidance, "Comparing indicator
//! values with a benchmark"; the two-level form uses the 95% and 99.8% intervals together.)

use super::Polarity;
use super::StatsError;
use serde::{Deserialize, Serialize};

/// The outcome of comparing one value's interval with a benchmark at one confidence level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Comparison {
    /// Significantly better (polarity known).
    Better,
    /// The benchmark lies inside the interval (limits included).
    Similar,
    /// Significantly worse (polarity known).
    Worse,
    /// Significantly higher, where no direction is better.
    Higher,
    /// Significantly lower, where no direction is better.
    Lower,
    /// No value, no interval or no benchmark to compare with.
    NotCompared,
}

/// The outcome at two levels together: significant at 99.8% (about 3 standard deviations), only
/// at 95% (about 2), or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TwoLevelComparison {
    Better998,
    Better95,
    Similar,
    Worse95,
    Worse998,
    Higher998,
    Higher95,
    Lower95,
    Lower998,
    NotCompared,
}

/// Which side of the benchmark an interval lies on, before polarity: `Some(Greater)` when the
/// whole interval is above it, `Some(Less)` when below, `Some(Equal)` when it contains it.
fn side(lower: Option<f64>, upper: Option<f64>, benchmark: Option<f64>) -> Option<std::cmp::Ordering> {
    let b = benchmark.filter(|b| b.is_finite())?;
    let (l, u) = (lower.filter(|x| !x.is_nan())?, upper.filter(|x| !x.is_nan())?);
    Some(if l > b {
        std::cmp::Ordering::Greater
    } else if u < b {
        std::cmp::Ordering::Less
    } else {
        std::cmp::Ordering::Equal
    })
}

fn judge(ordering: Option<std::cmp::Ordering>, polarity: Polarity) -> Comparison {
    use std::cmp::Ordering::*;
    match (ordering, polarity) {
        (None, _) => Comparison::NotCompared,
        (Some(Equal), _) => Comparison::Similar,
        (Some(Greater), Polarity::HigherIsBetter) | (Some(Less), Polarity::LowerIsBetter) => {
            Comparison::Better
        }
        (Some(Less), Polarity::HigherIsBetter) | (Some(Greater), Polarity::LowerIsBetter) => {
            Comparison::Worse
        }
        (Some(Greater), Polarity::NoJudgement) => Comparison::Higher,
        (Some(Less), Polarity::NoJudgement) => Comparison::Lower,
    }
}

/// Compares an interval [lower, upper] with `benchmark`: higher when the benchmark is below the
/// lower limit, lower when above the upper limit, similar otherwise; better/worse by `polarity`.
/// Any missing input gives [`Comparison::NotCompared`].
pub fn compare(
    lower: Option<f64>,
    upper: Option<f64>,
    benchmark: Option<f64>,
    polarity: Polarity,
) -> Comparison {
    judge(side(lower, upper, benchmark), polarity)
}

/// The two-level comparison from the 95% and 99.8% intervals: significant at 99.8% takes
/// precedence, then at 95%, otherwise similar (or not compared when the 95% interval is missing).
pub fn compare_two_level(
    limits95: (Option<f64>, Option<f64>),
    limits998: (Option<f64>, Option<f64>),
    benchmark: Option<f64>,
    polarity: Polarity,
) -> TwoLevelComparison {
    use TwoLevelComparison as T;
    let at998 = compare(limits998.0, limits998.1, benchmark, polarity);
    let at95 = compare(limits95.0, limits95.1, benchmark, polarity);
    match (at998, at95) {
        (Comparison::Better, _) => T::Better998,
        (Comparison::Worse, _) => T::Worse998,
        (Comparison::Higher, _) => T::Higher998,
        (Comparison::Lower, _) => T::Lower998,
        (_, Comparison::Better) => T::Better95,
        (_, Comparison::Worse) => T::Worse95,
        (_, Comparison::Higher) => T::Higher95,
        (_, Comparison::Lower) => T::Lower95,
        (_, Comparison::Similar) => T::Similar,
        (_, Comparison::NotCompared) => T::NotCompared,
    }
}

/// [`compare`] for a batch of intervals against one benchmark.
pub fn compare_all(
    lower: &[Option<f64>],
    upper: &[Option<f64>],
    benchmark: Option<f64>,
    polarity: Polarity,
) -> Result<Vec<Comparison>, StatsError> {
    super::check_same_length("upper", upper.len(), lower.len())?;
    Ok(lower.iter().zip(upper).map(|(&l, &u)| compare(l, u, benchmark, polarity)).collect())
}

/// The input of a batch comparison as JSON or JavaScript gives it: the 95% limits, optionally the
/// 99.8% limits (then the result is two-level), one benchmark and the polarity.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CompareInput {
    pub lower95: Vec<Option<f64>>,
    pub upper95: Vec<Option<f64>>,
    #[serde(default)]
    pub lower998: Option<Vec<Option<f64>>>,
    #[serde(default)]
    pub upper998: Option<Vec<Option<f64>>>,
    pub benchmark: Option<f64>,
    pub polarity: Polarity,
}

/// One comparison per row: one-level or two-level as the input asked.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum CompareOutput {
    OneLevel(Vec<Comparison>),
    TwoLevel(Vec<TwoLevelComparison>),
}

impl CompareInput {
    pub fn run(&self) -> Result<CompareOutput, StatsError> {
        let n = self.lower95.len();
        super::check_same_length("upper95", self.upper95.len(), n)?;
        match (&self.lower998, &self.upper998) {
            (None, None) => Ok(CompareOutput::OneLevel(compare_all(
                &self.lower95,
                &self.upper95,
                self.benchmark,
                self.polarity,
            )?)),
            (Some(l3), Some(u3)) => {
                super::check_same_length("lower998", l3.len(), n)?;
                super::check_same_length("upper998", u3.len(), n)?;
                Ok(CompareOutput::TwoLevel(
                    (0..n)
                        .map(|i| {
                            compare_two_level(
                                (self.lower95[i], self.upper95[i]),
                                (l3[i], u3[i]),
                                self.benchmark,
                                self.polarity,
                            )
                        })
                        .collect(),
                ))
            }
            _ => Err(StatsError::new("lower998", "give both lower998 and upper998, or neither")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn benchmark_on_a_limit_counts_as_similar() {
        assert_eq!(compare(Some(1.0), Some(2.0), Some(2.0), Polarity::HigherIsBetter), Comparison::Similar);
        assert_eq!(compare(Some(1.0), Some(2.0), Some(1.0), Polarity::HigherIsBetter), Comparison::Similar);
    }

    #[test]
    fn polarity_turns_higher_into_better_or_worse() {
        let above = (Some(5.0), Some(6.0), Some(4.0));
        assert_eq!(compare(above.0, above.1, above.2, Polarity::HigherIsBetter), Comparison::Better);
        assert_eq!(compare(above.0, above.1, above.2, Polarity::LowerIsBetter), Comparison::Worse);
        assert_eq!(compare(above.0, above.1, above.2, Polarity::NoJudgement), Comparison::Higher);
        assert_eq!(compare(Some(1.0), Some(2.0), Some(4.0), Polarity::NoJudgement), Comparison::Lower);
    }

    #[test]
    fn missing_interval_or_benchmark_is_not_compared() {
        assert_eq!(compare(None, Some(2.0), Some(1.0), Polarity::HigherIsBetter), Comparison::NotCompared);
        assert_eq!(compare(Some(1.0), Some(2.0), None, Polarity::HigherIsBetter), Comparison::NotCompared);
        assert_eq!(
            compare(Some(1.0), Some(2.0), Some(f64::NAN), Polarity::HigherIsBetter),
            Comparison::NotCompared
        );
    }

    #[test]
    fn two_level_comparison_prefers_the_stronger_level() {
        let p = Polarity::LowerIsBetter;
        // Below the benchmark at 95% but not at 99.8%: better at 95% only.
        let t = compare_two_level((Some(1.0), Some(2.0)), (Some(0.5), Some(3.5)), Some(3.0), p);
        assert_eq!(t, TwoLevelComparison::Better95);
        let t = compare_two_level((Some(1.0), Some(2.0)), (Some(0.5), Some(2.5)), Some(3.0), p);
        assert_eq!(t, TwoLevelComparison::Better998);
        let t = compare_two_level((Some(1.0), Some(4.0)), (Some(0.5), Some(5.0)), Some(3.0), p);
        assert_eq!(t, TwoLevelComparison::Similar);
    }

    #[test]
    fn comparisons_serialise_in_camel_case() {
        assert_eq!(serde_json::to_string(&Comparison::NotCompared).unwrap(), "\"notCompared\"");
        assert_eq!(serde_json::to_string(&TwoLevelComparison::Better998).unwrap(), "\"better998\"");
    }
}
