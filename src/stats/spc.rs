//! Statistical process control: the XmR chart of NHS England's "Making Data Count" programme, as
//! the NHS-R community package NHSRplotthedots (0.2.x) draws it. A series is cut into segments at
//! rebase points; each segment gets a mean and process limits at mean ± 2.66 × the mean moving
//! range, and every point is tested against four special-cause rules (a point outside the limits,
//! a run-length trend, two of three points close to a limit on one side, a run-length shift on one
//! side of the mean). The rule that fired and the improvement direction make each point's type
//! (improvement, concern, neutral or common cause); the last point gives the variation icon and the
//! latest limits against a target give the assurance icon.
//!
//! References: NHS England and NHS Improvement, "Making Data Count" (2019) and "Making Data Count:
//! getting started" (2019); NHSRplotthedots 0.2.x (`ptd_spc_standard`, `ptd_calculate_point_type`,
//! `ptd_calculate_assurance_type`, `ptd_add_short_group_warnings`); Wheeler D.J., "Understanding
//! Variation" (2000) for 2.66 (= 3 / d2, d2 = 1.128) and 3.267 (= D4 for ranges of two).

use super::StatsError;
use serde::{Deserialize, Serialize};

/// Process limits sit this many mean moving ranges from the mean: 3 / d2 with d2 = 1.128, so the
/// limits are the mean ± 3 sigma estimated from the moving range.
pub const LIMIT_FACTOR: f64 = 2.66;

/// Moving ranges at or above this many mean moving ranges (D4 = 3.267 for ranges of two points)
/// are screened out before the limits are recomputed.
pub const SCREENING_FACTOR: f64 = 3.267;

/// The run length of the trend and shift rules in NHSRplotthedots and "Making Data Count"
/// guidance; the NHS England Excel tool lets users choose 6.
pub const DEFAULT_RUN_LENGTH: usize = 7;

/// Segments with fewer points than this have trial limits (NHSRplotthedots warns about
/// `n < 12`; its tests set the threshold at 12, so a segment of exactly 12 points is not warned).
pub const TRIAL_LIMIT_POINTS: usize = 12;

/// Which way is better for the measure: it decides whether a signal is an improvement or a concern.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImprovementDirection {
    /// Higher is better (NHSRplotthedots' default).
    #[default]
    Increase,
    /// Lower is better.
    Decrease,
    /// Neither: signals are only "high" or "low".
    Neutral,
}

impl ImprovementDirection {
    /// +1 for increase, -1 for decrease, 0 for neutral (NHSRplotthedots' integer coding).
    pub fn sign(self) -> i8 {
        match self {
            Self::Increase => 1,
            Self::Decrease => -1,
            Self::Neutral => 0,
        }
    }
}

/// How to compute the chart. `Default` is NHSRplotthedots' default: improvement is an increase,
/// no target, limits from every point, no rebasing, moving ranges screened, runs of 7.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct SpcOptions {
    pub improvement_direction: ImprovementDirection,
    /// The target the assurance icon compares the latest limits with.
    pub target: Option<f64>,
    /// Compute each segment's limits from its first `n` points only (a baseline), then hold them.
    /// A value at or above the segment's length uses every point. At least 2.
    pub fix_after_n_points: Option<usize>,
    /// Indices of the points where a new segment (with its own limits) starts, strictly
    /// increasing, each from 1 to `len - 1`. A date-based rebase is the index of that date.
    pub rebase_at: Vec<usize>,
    /// Drop moving ranges of at least 3.267 × the mean moving range before computing the limits.
    pub screen_outliers: bool,
    /// Points in a run of strictly increasing (or decreasing) values that makes a trend (2 or more).
    pub trend_length: usize,
    /// Points in a run on one side of the mean that makes a shift (2 or more).
    pub shift_length: usize,
}

impl Default for SpcOptions {
    fn default() -> Self {
        Self {
            improvement_direction: ImprovementDirection::Increase,
            target: None,
            fix_after_n_points: None,
            rebase_at: Vec::new(),
            screen_outliers: true,
            trend_length: DEFAULT_RUN_LENGTH,
            shift_length: DEFAULT_RUN_LENGTH,
        }
    }
}

/// The special-cause rule a point triggers, after the priority order of NHSRplotthedots: outside
/// the limits, then trend, then two of three close to a limit, then shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpecialCause {
    /// Above the upper process limit.
    AboveUpperLimit,
    /// Below the lower process limit.
    BelowLowerLimit,
    /// Part of a run of strictly increasing points.
    IncreasingTrend,
    /// Part of a run of strictly decreasing points.
    DecreasingTrend,
    /// Close to the upper limit in a window of three points above the mean, two of them close.
    TwoOfThreeAbove,
    /// Close to the lower limit in a window of three points below the mean, two of them close.
    TwoOfThreeBelow,
    /// Part of a run of points above the mean.
    ShiftAbove,
    /// Part of a run of points below the mean.
    ShiftBelow,
}

impl SpecialCause {
    /// +1 when the signal points up (above, increasing), -1 when it points down.
    pub fn direction(self) -> i8 {
        match self {
            Self::AboveUpperLimit | Self::IncreasingTrend | Self::TwoOfThreeAbove | Self::ShiftAbove => 1,
            Self::BelowLowerLimit | Self::DecreasingTrend | Self::TwoOfThreeBelow | Self::ShiftBelow => -1,
        }
    }

    /// A short description for tooltips and table views.
    pub fn label(self, options: &SpcOptions) -> String {
        match self {
            Self::AboveUpperLimit => "above the upper process limit".into(),
            Self::BelowLowerLimit => "below the lower process limit".into(),
            Self::IncreasingTrend => {
                format!("part of {} or more points in a row going up", options.trend_length)
            }
            Self::DecreasingTrend => {
                format!("part of {} or more points in a row going down", options.trend_length)
            }
            Self::TwoOfThreeAbove => "2 of 3 points close to the upper limit".into(),
            Self::TwoOfThreeBelow => "2 of 3 points close to the lower limit".into(),
            Self::ShiftAbove => {
                format!("part of {} or more points in a row above the mean", options.shift_length)
            }
            Self::ShiftBelow => {
                format!("part of {} or more points in a row below the mean", options.shift_length)
            }
        }
    }
}

/// What a point means, the colour it is drawn in ("Making Data Count": grey for common cause,
/// blue for improvement, orange for concern, purple for neutral).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PointType {
    CommonCause,
    SpecialCauseImprovement,
    SpecialCauseConcern,
    SpecialCauseNeutralHigh,
    SpecialCauseNeutralLow,
}

impl PointType {
    /// The type of a point with `cause` (or none) when improvement is `direction`.
    pub fn of(cause: Option<SpecialCause>, direction: ImprovementDirection) -> Self {
        let Some(cause) = cause else {
            return Self::CommonCause;
        };
        let up = cause.direction();
        match direction.sign() {
            0 if up > 0 => Self::SpecialCauseNeutralHigh,
            0 => Self::SpecialCauseNeutralLow,
            d if up * d > 0 => Self::SpecialCauseImprovement,
            _ => Self::SpecialCauseConcern,
        }
    }
}

/// The "Making Data Count" variation icon, from the type of the latest point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VariationIcon {
    CommonCause,
    ImprovementHigh,
    ImprovementLow,
    ConcernHigh,
    ConcernLow,
    NeutralHigh,
    NeutralLow,
}

impl VariationIcon {
    /// The icon for a latest point of type `point_type` (NHSRplotthedots `ptd_get_icons`): an
    /// improvement is "high" when improvement is an increase, a concern is then "low".
    pub fn of(point_type: PointType, direction: ImprovementDirection) -> Self {
        let increase = direction != ImprovementDirection::Decrease;
        match point_type {
            PointType::CommonCause => Self::CommonCause,
            PointType::SpecialCauseNeutralHigh => Self::NeutralHigh,
            PointType::SpecialCauseNeutralLow => Self::NeutralLow,
            PointType::SpecialCauseImprovement if increase => Self::ImprovementHigh,
            PointType::SpecialCauseImprovement => Self::ImprovementLow,
            PointType::SpecialCauseConcern if increase => Self::ConcernLow,
            PointType::SpecialCauseConcern => Self::ConcernHigh,
        }
    }
}

/// The "Making Data Count" assurance icon: will the process meet its target?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssuranceIcon {
    /// The target lies beyond the limits on the worse side: the process passes every time.
    ConsistentPass,
    /// The target lies beyond the limits on the better side: the process fails every time.
    ConsistentFail,
    /// The target lies within the limits (or on one): sometimes pass, sometimes fail.
    Inconsistent,
}

/// The assurance icon for `target` against limits `lpl`..`upl` (NHSRplotthedots
/// `ptd_calculate_assurance_type`): `None` when there is no target or the direction is neutral.
/// A target exactly on a limit is inconsistent.
pub fn assurance(
    target: Option<f64>,
    lpl: f64,
    upl: f64,
    direction: ImprovementDirection,
) -> Option<AssuranceIcon> {
    let target = target?;
    let increase = match direction {
        ImprovementDirection::Increase => true,
        ImprovementDirection::Decrease => false,
        ImprovementDirection::Neutral => return None,
    };
    Some(if target > upl {
        if increase { AssuranceIcon::ConsistentFail } else { AssuranceIcon::ConsistentPass }
    } else if target < lpl {
        if increase { AssuranceIcon::ConsistentPass } else { AssuranceIcon::ConsistentFail }
    } else {
        AssuranceIcon::Inconsistent
    })
}

/// One stretch of the series with its own limits.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SpcSegment {
    /// Index of the first point.
    pub start: usize,
    /// Index one past the last point.
    pub end: usize,
    /// Points the limits were computed from (the first `fix_after_n_points`, or all).
    pub baseline_points: usize,
    pub mean: f64,
    /// Mean moving range after screening.
    pub mean_moving_range: f64,
    /// Moving ranges dropped by screening.
    pub moving_ranges_screened: usize,
    /// Lower process limit.
    pub lpl: f64,
    /// Upper process limit.
    pub upl: f64,
    /// Two thirds of the way from the mean to the lower limit (the "2 sigma" line).
    pub near_lpl: f64,
    /// Two thirds of the way from the mean to the upper limit.
    pub near_upl: f64,
    /// Fewer than [`TRIAL_LIMIT_POINTS`] points: the limits are provisional.
    pub trial_limits: bool,
}

/// Something the reader of the chart should know; the page shows these beside it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SpcWarning {
    /// A segment shorter than [`TRIAL_LIMIT_POINTS`] has trial limits.
    TrialLimits { segment: usize, start: usize, points: usize },
    /// Every moving range in a segment's baseline is zero, so its limits sit on the mean.
    NoVariation { segment: usize, start: usize },
}

impl SpcWarning {
    /// The warning as a sentence for the page.
    pub fn message(&self) -> String {
        match self {
            Self::TrialLimits { start, points, .. } => format!(
                "The limits from point {} have only {points} points (fewer than {TRIAL_LIMIT_POINTS}): \
                 they are trial limits and will change as points are added.",
                start + 1
            ),
            Self::NoVariation { start, .. } => format!(
                "The values from point {} do not vary, so the process limits equal the mean.",
                start + 1
            ),
        }
    }
}

/// An XmR chart: segments, one entry per point in every per-point column, and the icons.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SpcResult {
    pub segments: Vec<SpcSegment>,
    /// Each point's segment mean.
    pub mean: Vec<f64>,
    /// Each point's lower process limit.
    pub lpl: Vec<f64>,
    /// Each point's upper process limit.
    pub upl: Vec<f64>,
    /// Sign of the point minus its mean: 1 above, -1 below, 0 on the mean.
    pub relative_to_mean: Vec<i8>,
    /// Strictly above the upper or below the lower limit.
    pub outside_limits: Vec<bool>,
    /// Not outside, but beyond two thirds of the way to a limit.
    pub close_to_limits: Vec<bool>,
    /// The rule the point triggers, if any.
    pub special_cause: Vec<Option<SpecialCause>>,
    pub point_type: Vec<PointType>,
    /// From the latest point.
    pub variation_icon: VariationIcon,
    /// From the latest segment's limits and the target; `None` without a target or when neutral.
    pub assurance_icon: Option<AssuranceIcon>,
    pub warnings: Vec<SpcWarning>,
}

impl SpcResult {
    /// Number of points.
    pub fn len(&self) -> usize {
        self.mean.len()
    }

    /// Never true: an XmR chart needs at least two points.
    pub fn is_empty(&self) -> bool {
        self.mean.is_empty()
    }

    /// Whether point `i` triggers a special-cause rule.
    pub fn is_special_cause(&self, i: usize) -> bool {
        self.special_cause.get(i).is_some_and(Option::is_some)
    }
}

/// The XmR chart of `values` (in time order, no gaps) per "Making Data Count" as NHSRplotthedots
/// 0.2.x computes it, per segment:
/// - mean = mean of the baseline (the first `fix_after_n_points` points, or all);
/// - moving ranges MRᵢ = |yᵢ - yᵢ₋₁| within the baseline, mean MR = their mean; with screening,
///   MRs ≥ 3.267 × mean MR are dropped and the mean MR recomputed;
/// - limits = mean ∓ 2.66 × mean MR; "close" = beyond mean ∓ (2/3 × 2.66) × mean MR, not outside;
/// - rules in priority order: outside the limits; a trend of `trend_length` strictly rising or
///   falling points (a tie breaks it; every point of the run flagged); two of three consecutive
///   points close to a limit with all three on the same side of the mean (only the close points
///   flagged); a shift of `shift_length` points on one side (a point on the mean breaks it).
///
/// Two deliberate departures from the R package, both in cases it leaves undefined or mislabels:
/// a segment whose moving ranges are all zero gets limits on the mean (R screens every range
/// out and returns NaN limits), with a [`SpcWarning::NoVariation`]; and a trend point takes the
/// direction of the latest trend it belongs to (R takes the direction of the step to the next
/// point when that point is in a trend too, which mislabels a point that ends one trend when a
/// tie or a turn separates it from the next).
///
/// Errors: an empty or one-point series, a non-finite value (with its index), run lengths below
/// 2, `fix_after_n_points` below 2, a non-finite target, and rebase indices that are out of range,
/// not strictly increasing or that leave a one-point segment (with their index in `rebase_at`).
pub fn xmr(values: &[f64], options: &SpcOptions) -> Result<SpcResult, StatsError> {
    let bounds = validate(values, options)?;
    let n = values.len();
    let mut result = SpcResult {
        segments: Vec::with_capacity(bounds.len()),
        mean: Vec::with_capacity(n),
        lpl: Vec::with_capacity(n),
        upl: Vec::with_capacity(n),
        relative_to_mean: Vec::with_capacity(n),
        outside_limits: Vec::with_capacity(n),
        close_to_limits: Vec::with_capacity(n),
        special_cause: Vec::with_capacity(n),
        point_type: Vec::with_capacity(n),
        variation_icon: VariationIcon::CommonCause,
        assurance_icon: None,
        warnings: Vec::new(),
    };
    for (index, &(start, end)) in bounds.iter().enumerate() {
        let segment = segment_limits(values, start, end, options);
        if segment.trial_limits {
            result.warnings.push(SpcWarning::TrialLimits { segment: index, start, points: end - start });
        }
        if segment.mean_moving_range == 0.0 {
            result.warnings.push(SpcWarning::NoVariation { segment: index, start });
        }
        for &y in &values[start..end] {
            let outside = y > segment.upl || y < segment.lpl;
            result.mean.push(segment.mean);
            result.lpl.push(segment.lpl);
            result.upl.push(segment.upl);
            result.relative_to_mean.push(sign(y - segment.mean));
            result.outside_limits.push(outside);
            result.close_to_limits.push(!outside && (y < segment.near_lpl || y > segment.near_upl));
        }
        classify_segment(values, start, end, options, &mut result);
        result.segments.push(segment);
    }
    for &cause in &result.special_cause {
        result.point_type.push(PointType::of(cause, options.improvement_direction));
    }
    // `validate` guarantees at least two points, so there is a last point and a last segment.
    if let (Some(&last_type), Some(last_segment)) = (result.point_type.last(), result.segments.last()) {
        result.variation_icon = VariationIcon::of(last_type, options.improvement_direction);
        result.assurance_icon =
            assurance(options.target, last_segment.lpl, last_segment.upl, options.improvement_direction);
    }
    Ok(result)
}

/// Checks the input and returns the segments as `(start, end)` index pairs.
fn validate(values: &[f64], options: &SpcOptions) -> Result<Vec<(usize, usize)>, StatsError> {
    let n = values.len();
    if n == 0 {
        return Err(StatsError::new("values", "the series is empty: an XmR chart needs at least 2 points"));
    }
    if let Some(i) = values.iter().position(|v| !v.is_finite()) {
        return Err(StatsError::new("values", format!("must be a finite number, got {}", values[i])).at(i));
    }
    if n < 2 {
        return Err(StatsError::new(
            "values",
            "has only 1 point: an XmR chart needs at least 2 points for a moving range",
        ));
    }
    for (field, length) in [("trend_length", options.trend_length), ("shift_length", options.shift_length)] {
        if length < 2 {
            return Err(StatsError::new(field, format!("a run needs at least 2 points, got {length}")));
        }
    }
    if let Some(k) = options.fix_after_n_points
        && k < 2
    {
        return Err(StatsError::new(
            "fix_after_n_points",
            format!("limits need at least 2 points for a moving range, got {k}"),
        ));
    }
    if let Some(t) = options.target
        && !t.is_finite()
    {
        return Err(StatsError::new("target", format!("must be a finite number, got {t}")));
    }
    let mut bounds = Vec::with_capacity(options.rebase_at.len() + 1);
    let mut start = 0;
    for (k, &at) in options.rebase_at.iter().enumerate() {
        if at == 0 || at >= n {
            return Err(StatsError::new(
                "rebase_at",
                format!(
                    "{at} is not a point where a new segment can start: use 1 to {} for {n} points",
                    n - 1
                ),
            )
            .at(k));
        }
        if at <= start {
            return Err(StatsError::new(
                "rebase_at",
                format!("{at} does not come after the previous rebase point {start}: list them in increasing order"),
            )
            .at(k));
        }
        if at - start < 2 {
            return Err(StatsError::new(
                "rebase_at",
                format!(
                    "{at} leaves a segment of 1 point (point {start}): a segment needs at least 2 points"
                ),
            )
            .at(k));
        }
        bounds.push((start, at));
        start = at;
    }
    if n - start < 2 {
        return Err(StatsError::new(
            "rebase_at",
            format!("{start} leaves a last segment of 1 point: a segment needs at least 2 points"),
        )
        .at(options.rebase_at.len() - 1));
    }
    bounds.push((start, n));
    Ok(bounds)
}

/// Mean, limits and screening of one segment.
fn segment_limits(values: &[f64], start: usize, end: usize, options: &SpcOptions) -> SpcSegment {
    let baseline_points = options.fix_after_n_points.map_or(end - start, |k| k.min(end - start));
    let baseline = &values[start..start + baseline_points];
    let mean = accurate_mean(baseline.iter().copied(), baseline_points);
    let ranges = || baseline.windows(2).map(|w| (w[1] - w[0]).abs());
    let mut mean_moving_range = accurate_mean(ranges(), baseline_points - 1);
    let mut moving_ranges_screened = 0;
    // With every moving range zero the screening rule (keep MR < 3.267 × 0) would drop them all;
    // there is nothing to screen, so the mean moving range stays 0.
    if options.screen_outliers && mean_moving_range > 0.0 {
        let cut = SCREENING_FACTOR * mean_moving_range;
        let kept = ranges().filter(|&mr| mr < cut).count();
        moving_ranges_screened = baseline_points - 1 - kept;
        // `kept` is 0 only when every range is infinite (values near ±f64::MAX): keep the mean.
        if moving_ranges_screened > 0 && kept > 0 {
            mean_moving_range = accurate_mean(ranges().filter(|&mr| mr < cut), kept);
        }
    }
    // The same operations, in the same order, as NHSRplotthedots, so limits agree to the last bit
    // or two: `limitclose <- 2 * (limit / 3)`.
    let close_factor = 2.0 * (LIMIT_FACTOR / 3.0);
    SpcSegment {
        start,
        end,
        baseline_points,
        mean,
        mean_moving_range,
        moving_ranges_screened,
        lpl: mean - LIMIT_FACTOR * mean_moving_range,
        upl: mean + LIMIT_FACTOR * mean_moving_range,
        near_lpl: mean - close_factor * mean_moving_range,
        near_upl: mean + close_factor * mean_moving_range,
        trial_limits: end - start < TRIAL_LIMIT_POINTS,
    }
}

/// The mean of `count` values by R's two-pass method (the sum divided by the count, then the mean
/// of the residuals added back), which is accurate to about one ulp. Values so large that the
/// sum (or a residual) overflows fall back to summing `value / count`, which cannot overflow.
/// `count` is at least 1 here: every segment and baseline has 2 points or more.
fn accurate_mean(values: impl Iterator<Item = f64> + Clone, count: usize) -> f64 {
    let n = count as f64;
    let first = values.clone().sum::<f64>() / n;
    if !first.is_finite() {
        return values.map(|v| v / n).sum();
    }
    let refined = first + values.map(|v| v - first).sum::<f64>() / n;
    if refined.is_finite() { refined } else { first }
}

/// Applies the four rules within one segment and pushes each point's special cause.
fn classify_segment(values: &[f64], start: usize, end: usize, options: &SpcOptions, result: &mut SpcResult) {
    let y = &values[start..end];
    let rtm = &result.relative_to_mean[start..end];
    let outside = &result.outside_limits[start..end];
    let close = &result.close_to_limits[start..end];
    let trend = trend_directions(y, options.trend_length);
    let two_of_three = two_of_three_points(close, rtm);
    let shift = run_members(&shift_endpoints(rtm, options.shift_length), options.shift_length);
    for i in 0..y.len() {
        let cause = if outside[i] {
            Some(if rtm[i] > 0 { SpecialCause::AboveUpperLimit } else { SpecialCause::BelowLowerLimit })
        } else if trend[i] > 0 {
            Some(SpecialCause::IncreasingTrend)
        } else if trend[i] < 0 {
            Some(SpecialCause::DecreasingTrend)
        } else if two_of_three[i] {
            Some(if rtm[i] > 0 { SpecialCause::TwoOfThreeAbove } else { SpecialCause::TwoOfThreeBelow })
        } else if shift[i] {
            Some(if rtm[i] > 0 { SpecialCause::ShiftAbove } else { SpecialCause::ShiftBelow })
        } else {
            None
        };
        result.special_cause.push(cause);
    }
}

/// -1, 0 or 1; 0 for zero (and for NaN, which `xmr` never passes).
fn sign(x: f64) -> i8 {
    if x > 0.0 {
        1
    } else if x < 0.0 {
        -1
    } else {
        0
    }
}

/// Shift rule endpoints: at `i`, the side (1 above, -1 below) when points `i - run_length + 1`
/// to `i` all lie on that side of the mean, else 0. `relative_to_mean` is the sign of each point
/// minus the mean; a 0 (a point on the mean) breaks a run. NHSRplotthedots
/// `ptd_seven_point_one_side_mean` (which reports 1 for either side).
pub fn shift_endpoints(relative_to_mean: &[i8], run_length: usize) -> Vec<i8> {
    let mut out = Vec::with_capacity(relative_to_mean.len());
    let mut run = 0usize;
    let mut side = 0i8;
    for &s in relative_to_mean {
        let s = s.signum();
        if s != 0 && s == side {
            run += 1;
        } else {
            side = s;
            run = usize::from(s != 0);
        }
        out.push(if run >= run_length { side } else { 0 });
    }
    out
}

/// Trend rule endpoints: at `i`, 1 when points `i - run_length + 1` to `i` each rise strictly
/// from the one before, -1 when each falls strictly, else 0. A tie (or a NaN) breaks a trend.
/// NHSRplotthedots `ptd_seven_point_trend`.
pub fn trend_endpoints(values: &[f64], run_length: usize) -> Vec<i8> {
    let mut out = Vec::with_capacity(values.len());
    let mut steps = 0usize;
    let mut direction = 0i8;
    for (i, &y) in values.iter().enumerate() {
        let step = if i == 0 { 0 } else { sign(y - values[i - 1]) };
        if step != 0 && step == direction {
            steps += 1;
        } else {
            direction = step;
            steps = usize::from(step != 0);
        }
        // `run_length` points make `run_length - 1` steps.
        out.push(if steps + 1 >= run_length { direction } else { 0 });
    }
    out
}

/// Back-fills runs from their endpoints: a point is in a run when it or one of the next
/// `run_length - 1` points is an endpoint. NHSRplotthedots `ptd_part_of_seven_trend`.
pub fn run_members(endpoints: &[i8], run_length: usize) -> Vec<bool> {
    let mut out = vec![false; endpoints.len()];
    let mut reach = 0usize;
    // Walking backwards, `reach` counts how many more points the latest endpoint seen covers.
    for i in (0..endpoints.len()).rev() {
        if endpoints[i] != 0 {
            reach = run_length;
        }
        if reach > 0 {
            out[i] = true;
            reach -= 1;
        }
    }
    out
}

/// Each point's trend direction: that of the latest run of `run_length` strictly rising or falling
/// points it belongs to (1 or -1), or 0 when it is in none.
fn trend_directions(values: &[f64], run_length: usize) -> Vec<i8> {
    let ends = trend_endpoints(values, run_length);
    let mut out = vec![0i8; values.len()];
    for (j, &d) in ends.iter().enumerate() {
        if d != 0 {
            // A run ends at j, so it starts at j + 1 - run_length (endpoints need that many points).
            for slot in &mut out[j + 1 - run_length..=j] {
                *slot = d;
            }
        }
    }
    out
}

/// The "2 of 3" windows: a point is flagged when some window of three consecutive points that
/// contains it has at least two points close to a limit and all three on the same side of the
/// mean. NHSRplotthedots `ptd_two_in_three`. `close` and `relative_to_mean` have equal lengths
/// (extra entries of the longer one are ignored).
pub fn two_of_three_windows(close: &[bool], relative_to_mean: &[i8]) -> Vec<bool> {
    let n = close.len().min(relative_to_mean.len());
    let mut out = vec![false; n];
    for w in 0..n.saturating_sub(2) {
        let closes = close[w..w + 3].iter().filter(|&&c| c).count();
        let side: i32 = relative_to_mean[w..w + 3].iter().map(|&s| i32::from(s.signum())).sum();
        if closes >= 2 && side.abs() == 3 {
            out[w..w + 3].iter_mut().for_each(|f| *f = true);
        }
    }
    out
}

/// The points the "2 of 3" rule flags: those close to a limit in a qualifying window
/// (NHSRplotthedots `ptd_part_of_two_in_three`).
pub fn two_of_three_points(close: &[bool], relative_to_mean: &[i8]) -> Vec<bool> {
    let windows = two_of_three_windows(close, relative_to_mean);
    windows.iter().zip(close).map(|(&w, &c)| w && c).collect()
}

/// The input of [`xmr`] as JSON or JavaScript gives it: `{values, options}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct XmrInput {
    pub values: Vec<f64>,
    #[serde(default)]
    pub options: SpcOptions,
}

impl XmrInput {
    pub fn run(&self) -> Result<SpcResult, StatsError> {
        xmr(&self.values, &self.options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn opts() -> SpcOptions {
        SpcOptions::default()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1.0)
    }

    #[test]
    fn screening_drops_the_two_moving_ranges_around_a_spike() {
        // y = 10 11 10 11 30 11 10 11 10: MRs 1 1 1 19 19 1 1 1, mean MR 44/8 = 5.5.
        // 3.267 × 5.5 = 17.97, so both 19s go and the mean MR is 6/6 = 1.
        // mean = 114/9 = 12.6667; limits 12.6667 ∓ 2.66.
        let y = [10.0, 11.0, 10.0, 11.0, 30.0, 11.0, 10.0, 11.0, 10.0];
        let r = xmr(&y, &opts()).unwrap();
        let s = &r.segments[0];
        assert!(close(s.mean, 114.0 / 9.0));
        assert_eq!(s.moving_ranges_screened, 2);
        assert!(close(s.mean_moving_range, 1.0));
        assert!(close(s.upl, 114.0 / 9.0 + 2.66));
        assert!(r.outside_limits[4]);
        assert_eq!(r.special_cause[4], Some(SpecialCause::AboveUpperLimit));
        assert_eq!(r.point_type[4], PointType::SpecialCauseImprovement);
    }

    #[test]
    fn without_screening_the_spike_widens_the_limits() {
        let y = [10.0, 11.0, 10.0, 11.0, 30.0, 11.0, 10.0, 11.0, 10.0];
        let r = xmr(&y, &SpcOptions { screen_outliers: false, ..opts() }).unwrap();
        let s = &r.segments[0];
        assert_eq!(s.moving_ranges_screened, 0);
        assert!(close(s.mean_moving_range, 5.5));
        assert!(close(s.upl, 114.0 / 9.0 + 2.66 * 5.5));
        assert!(r.outside_limits[4], "30 > 12.67 + 14.63 = 27.30 still");
    }

    #[test]
    fn fix_after_n_points_takes_the_limits_from_the_baseline_only() {
        // Baseline 1 2 3: mean 2, MRs 1 1, limits 2 ∓ 2.66; the later points lie above.
        let y = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
        let r = xmr(&y, &SpcOptions { fix_after_n_points: Some(3), ..opts() }).unwrap();
        assert_eq!(r.segments[0].baseline_points, 3);
        assert_eq!(r.mean, vec![2.0; 8]);
        assert_eq!(r.outside_limits, [false, false, false, false, true, true, true, true]);
    }

    #[test]
    fn rebasing_gives_each_segment_its_own_limits_and_rules() {
        // Two flat-ish stretches at 10 and at 20: one chart would call the jump special cause.
        let mut y: Vec<f64> = (0..12).map(|i| 10.0 + f64::from(i % 2)).collect();
        y.extend((0..12).map(|i| 20.0 + f64::from(i % 2)));
        let r = xmr(&y, &SpcOptions { rebase_at: vec![12], ..opts() }).unwrap();
        assert_eq!(r.segments.len(), 2);
        assert_eq!((r.segments[1].start, r.segments[1].end), (12, 24));
        assert!(close(r.mean[0], 10.5) && close(r.mean[23], 20.5));
        assert!(r.point_type.iter().all(|&t| t == PointType::CommonCause));
        let single = xmr(&y, &opts()).unwrap();
        assert!(single.point_type.iter().any(|&t| t != PointType::CommonCause));
    }

    #[test]
    fn a_six_point_trend_needs_the_excel_tools_run_length_of_six() {
        // 6 rising points in the middle of a steady series: not a trend at 7, a trend at 6.
        let y = [5.0, 4.0, 5.0, 4.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 5.0, 4.0, 5.0, 4.0];
        let seven = xmr(&y, &opts()).unwrap();
        assert!(!seven.special_cause.contains(&Some(SpecialCause::IncreasingTrend)));
        let six = xmr(&y, &SpcOptions { trend_length: 6, ..opts() }).unwrap();
        let rising: Vec<usize> =
            (0..y.len()).filter(|&i| six.special_cause[i] == Some(SpecialCause::IncreasingTrend)).collect();
        assert_eq!(rising, [4, 5, 6, 7, 8, 9]);
    }

    #[test]
    fn a_shift_of_six_is_flagged_only_with_shift_length_six() {
        // Mean of 13 points; 6 in a row above it (12s) between points below (10s, 11s).
        let y = [10.0, 11.0, 10.0, 12.0, 12.1, 12.0, 12.1, 12.0, 12.1, 10.0, 11.0, 10.0, 11.0];
        let seven = xmr(&y, &opts()).unwrap();
        assert!(seven.special_cause.iter().all(Option::is_none), "{:?}", seven.special_cause);
        let six = xmr(&y, &SpcOptions { shift_length: 6, ..opts() }).unwrap();
        for i in 3..9 {
            assert_eq!(six.special_cause[i], Some(SpecialCause::ShiftAbove), "point {i}");
        }
        assert_eq!(six.special_cause[2], None);
    }

    #[test]
    fn the_rules_are_applied_in_priority_order() {
        // 1..8 with limits from the first 3 points: 5..8 are outside (rule 1 wins), 1..4 are
        // only in the trend.
        let y = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
        let r = xmr(&y, &SpcOptions { fix_after_n_points: Some(3), ..opts() }).unwrap();
        assert_eq!(r.special_cause[0], Some(SpecialCause::IncreasingTrend));
        assert_eq!(r.special_cause[3], Some(SpecialCause::IncreasingTrend));
        assert_eq!(r.special_cause[4], Some(SpecialCause::AboveUpperLimit));
    }

    #[test]
    fn a_peak_between_two_trends_takes_the_direction_of_the_later_one() {
        // Up for 7 points to the peak at index 6, then down for 7 points from it.
        let y = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0];
        let dirs = trend_directions(&y, 7);
        assert_eq!(dirs, [1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1]);
    }

    #[test]
    fn a_point_ending_a_trend_before_a_tie_keeps_its_trends_direction() {
        // Rising to index 6, a tie, then rising again from index 7: index 6 is in the first trend
        // only. (NHSRplotthedots would label it "decreasing" from the zero step to index 7.)
        let y = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0];
        let dirs = trend_directions(&y, 7);
        assert_eq!(dirs, [1; 14]);
    }

    #[test]
    fn two_of_three_needs_all_three_points_on_one_side() {
        assert_eq!(two_of_three_points(&[true, false, true], &[1, 1, 1]), [true, false, true]);
        assert_eq!(two_of_three_points(&[true, false, true], &[1, -1, 1]), [false, false, false]);
        assert_eq!(two_of_three_windows(&[false, true, true], &[1, 1, 1]), [true, true, true]);
        assert!(two_of_three_windows(&[], &[]).is_empty());
    }

    #[test]
    fn special_cause_labels_name_the_configured_run_length() {
        let six = SpcOptions { shift_length: 6, ..opts() };
        assert_eq!(SpecialCause::ShiftBelow.label(&six), "part of 6 or more points in a row below the mean");
        assert_eq!(SpecialCause::IncreasingTrend.label(&six), "part of 7 or more points in a row going up");
        assert_eq!(SpecialCause::BelowLowerLimit.direction(), -1);
    }

    #[test]
    fn shift_endpoints_carry_the_side_and_a_point_on_the_mean_breaks_the_run() {
        assert_eq!(shift_endpoints(&[-1, -1, -1], 3), [0, 0, -1]);
        assert_eq!(shift_endpoints(&[1, 1, 0, 1, 1, 1], 3), [0, 0, 0, 0, 0, 1]);
    }

    #[test]
    fn neutral_signals_are_high_or_low_and_have_no_assurance() {
        let y = [10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 2.0];
        let r = xmr(
            &y,
            &SpcOptions { improvement_direction: ImprovementDirection::Neutral, target: Some(5.0), ..opts() },
        )
        .unwrap();
        assert_eq!(r.point_type[12], PointType::SpecialCauseNeutralLow);
        assert_eq!(r.variation_icon, VariationIcon::NeutralLow);
        assert_eq!(r.assurance_icon, None);
    }

    #[test]
    fn a_low_last_point_is_a_concern_when_higher_is_better_and_an_improvement_when_lower_is() {
        let y = [10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 2.0];
        let up = xmr(&y, &opts()).unwrap();
        assert_eq!(up.point_type[12], PointType::SpecialCauseConcern);
        assert_eq!(up.variation_icon, VariationIcon::ConcernLow);
        let down =
            xmr(&y, &SpcOptions { improvement_direction: ImprovementDirection::Decrease, ..opts() }).unwrap();
        assert_eq!(down.point_type[12], PointType::SpecialCauseImprovement);
        assert_eq!(down.variation_icon, VariationIcon::ImprovementLow);
    }

    #[test]
    fn assurance_compares_the_target_with_the_latest_limits() {
        use AssuranceIcon::*;
        use ImprovementDirection::*;
        assert_eq!(assurance(Some(4.0), 1.0, 3.0, Increase), Some(ConsistentFail));
        assert_eq!(assurance(Some(4.0), 1.0, 3.0, Decrease), Some(ConsistentPass));
        assert_eq!(assurance(Some(4.0), 5.0, 7.0, Increase), Some(ConsistentPass));
        assert_eq!(assurance(Some(4.0), 5.0, 7.0, Decrease), Some(ConsistentFail));
        assert_eq!(assurance(Some(3.0), 1.0, 3.0, Increase), Some(Inconsistent), "on a limit");
        assert_eq!(assurance(None, 1.0, 3.0, Increase), None);
        // A chart uses the last segment: limits 5..7 here would pass, the latest 1..3 fail.
        let y = [6.0, 6.5, 6.0, 6.5, 2.0, 2.5, 2.0, 2.5];
        let r = xmr(&y, &SpcOptions { rebase_at: vec![4], target: Some(4.0), ..opts() }).unwrap();
        assert_eq!(r.assurance_icon, Some(ConsistentFail));
    }

    #[test]
    fn segments_of_fewer_than_twelve_points_warn_of_trial_limits() {
        let y: Vec<f64> = (0..20).map(|i| f64::from(i % 3)).collect();
        let r = xmr(&y, &SpcOptions { rebase_at: vec![12], ..opts() }).unwrap();
        assert_eq!(r.warnings, [SpcWarning::TrialLimits { segment: 1, start: 12, points: 8 }]);
        assert!(!r.segments[0].trial_limits && r.segments[1].trial_limits);
        assert!(r.warnings[0].message().contains("only 8 points"));
    }

    #[test]
    fn a_constant_series_has_limits_on_the_mean_and_a_warning() {
        let r = xmr(&[4.0; 15], &opts()).unwrap();
        assert_eq!((r.segments[0].lpl, r.segments[0].upl), (4.0, 4.0));
        assert_eq!(r.relative_to_mean, vec![0; 15]);
        assert!(r.special_cause.iter().all(Option::is_none));
        assert_eq!(r.warnings, [SpcWarning::NoVariation { segment: 0, start: 0 }]);
    }

    #[test]
    fn bad_input_is_an_error_naming_the_index_and_the_rule() {
        let e = xmr(&[], &opts()).unwrap_err();
        assert_eq!((e.field, e.index), ("values", None));
        assert!(e.rule.contains("empty"));
        let e = xmr(&[1.0, f64::NAN, 2.0], &opts()).unwrap_err();
        assert_eq!((e.field, e.index), ("values", Some(1)));
        assert!(e.rule.contains("finite"));
        assert_eq!(xmr(&[1.0], &opts()).unwrap_err().field, "values");
        let y = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(xmr(&y, &SpcOptions { trend_length: 1, ..opts() }).unwrap_err().field, "trend_length");
        assert_eq!(xmr(&y, &SpcOptions { shift_length: 0, ..opts() }).unwrap_err().field, "shift_length");
        let e = xmr(&y, &SpcOptions { fix_after_n_points: Some(1), ..opts() }).unwrap_err();
        assert_eq!(e.field, "fix_after_n_points");
        let e = xmr(&y, &SpcOptions { target: Some(f64::INFINITY), ..opts() }).unwrap_err();
        assert_eq!(e.field, "target");
        let e = xmr(&y, &SpcOptions { rebase_at: vec![2, 5], ..opts() }).unwrap_err();
        assert_eq!((e.field, e.index), ("rebase_at", Some(1)));
        assert!(e.rule.contains("1 to 4"), "{e}");
        let e = xmr(&y, &SpcOptions { rebase_at: vec![3, 2], ..opts() }).unwrap_err();
        assert_eq!(e.index, Some(1));
        assert!(e.rule.contains("increasing"), "{e}");
        let e = xmr(&y, &SpcOptions { rebase_at: vec![2, 3], ..opts() }).unwrap_err();
        assert!(e.rule.contains("1 point"), "{e}");
        let e = xmr(&y, &SpcOptions { rebase_at: vec![4], ..opts() }).unwrap_err();
        assert_eq!(e.index, Some(0));
        assert!(e.rule.contains("last segment of 1 point"), "{e}");
        assert_eq!(xmr(&y, &SpcOptions { rebase_at: vec![0], ..opts() }).unwrap_err().index, Some(0));
    }

    #[test]
    fn enums_and_warnings_serialise_with_stable_snake_case_names() {
        let v = serde_json::to_value((
            PointType::SpecialCauseNeutralHigh,
            VariationIcon::ConcernLow,
            AssuranceIcon::ConsistentPass,
            SpecialCause::TwoOfThreeBelow,
            SpcWarning::TrialLimits { segment: 0, start: 0, points: 5 },
        ))
        .unwrap();
        assert_eq!(
            v,
            serde_json::json!([
                "special_cause_neutral_high",
                "concern_low",
                "consistent_pass",
                "two_of_three_below",
                {"kind": "trial_limits", "segment": 0, "start": 0, "points": 5}
            ])
        );
    }

    #[test]
    fn options_deserialise_with_defaults_and_reject_unknown_fields() {
        let o: SpcOptions =
            serde_json::from_str(r#"{"improvementDirection": "decrease", "trendLength": 6}"#).unwrap();
        assert_eq!(o.improvement_direction, ImprovementDirection::Decrease);
        assert_eq!((o.trend_length, o.shift_length, o.screen_outliers), (6, 7, true));
        assert!(serde_json::from_str::<SpcOptions>(r#"{"trendLenght": 6}"#).is_err());
        assert!(
            serde_json::from_str::<SpcOptions>(r#"{"trend_length": 6}"#).is_err(),
            "the JS API is camelCase"
        );
    }

    #[test]
    fn huge_finite_values_give_finite_means_and_ordered_limits() {
        let y = [f64::MAX, -f64::MAX, f64::MAX, -f64::MAX * 0.5];
        let r = xmr(&y, &opts()).unwrap();
        assert!(r.mean[0].is_finite());
        assert!(r.lpl[0] <= r.mean[0] && r.mean[0] <= r.upl[0]);
    }

    fn finite() -> impl Strategy<Value = f64> {
        prop_oneof![
            8 => -1.0e6..1.0e6f64,
            1 => any::<f64>().prop_filter("finite", |v| v.is_finite()),
            1 => prop::sample::select(vec![0.0, 1.0, -1.0]),
        ]
    }

    fn any_options() -> impl Strategy<Value = SpcOptions> {
        (
            prop::sample::select(vec![
                ImprovementDirection::Increase,
                ImprovementDirection::Decrease,
                ImprovementDirection::Neutral,
            ]),
            prop::option::of(-10.0..10.0f64),
            prop::option::of(0usize..30),
            prop::collection::vec(0usize..70, 0..4),
            any::<bool>(),
            0usize..10,
            0usize..10,
        )
            .prop_map(|(d, target, fix, mut rebase_at, screen, trend, shift)| {
                rebase_at.sort_unstable();
                SpcOptions {
                    improvement_direction: d,
                    target,
                    fix_after_n_points: fix,
                    rebase_at,
                    screen_outliers: screen,
                    trend_length: trend,
                    shift_length: shift,
                }
            })
    }

    proptest! {
        #[test]
        fn xmr_never_panics_and_keeps_lpl_below_mean_below_upl(
            values in prop::collection::vec(finite(), 0..60),
            options in any_options(),
        ) {
            if let Ok(r) = xmr(&values, &options) {
                let n = values.len();
                prop_assert_eq!(r.len(), n);
                prop_assert_eq!(r.point_type.len(), n);
                prop_assert_eq!(r.special_cause.len(), n);
                prop_assert_eq!(r.segments.last().map(|s| s.end), Some(n));
                for i in 0..n {
                    prop_assert!(r.lpl[i] <= r.mean[i] && r.mean[i] <= r.upl[i],
                        "point {}: {} {} {}", i, r.lpl[i], r.mean[i], r.upl[i]);
                    prop_assert!(!(r.outside_limits[i] && r.close_to_limits[i]));
                }
            }
        }

        #[test]
        fn xmr_never_panics_on_any_input_at_all(
            values in prop::collection::vec(any::<f64>(), 0..20),
            rebase_at in prop::collection::vec(any::<usize>(), 0..4),
            fix in prop::option::of(any::<usize>()),
            trend in any::<usize>(),
        ) {
            let options = SpcOptions { rebase_at, fix_after_n_points: fix, trend_length: trend, ..SpcOptions::default() };
            let _ = xmr(&values, &options);
        }
    }
}
