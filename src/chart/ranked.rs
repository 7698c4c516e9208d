//! The ranked comparison chart (a "caterpillar" plot): one point per organisation, sorted best to
//! worst, with thick 95% and thin 99.8% interval bars, the national value and the operational
//! standard as reference lines, and the focus organisation marked and labelled. Shape and colour
//! both say better, similar or worse than the national value at 99.8%. Each organisation's
//! tooltip and spoken summary, and the table, are put into words only when asked for.

use super::format::{capitalise, number, period_range, short_name, with_unit};
use super::layout::{Font, Frame, LABEL_SIZE, LegendEntry, PAD, Symbol, ViewOptions, text, y_axis};
use super::marks::{
    NATIONAL_STROKE, TARGET_STROKE, axis_line, comparison_point, comparison_style, focus_point,
    reference_line, rule_v,
};
use super::scale::{Band, Linear};
use super::scene::{Align, Baseline, Bounds, Highlight, Item, Mark, Scene, Stroke, Table, palette};
use super::text::{TextMeasure, truncate};
use super::view::{Drawn, Words};
use crate::benchmark::ranking::{Comparison, RankedModel, RankedOrg, Ranking, comparison_label};
use crate::data::Polarity;

/// The chart's message: the focus organisation's standing, or how many differ from the national value.
pub fn message_title(m: &RankedModel) -> String {
    let r = &m.ranking;
    let n = r.orgs.len();
    let national = with_unit(r.national, &m.metric.unit, 1);
    match r.focus.map(|i| &r.orgs[i]) {
        Some(o) => format!(
            "{} ranks {} of {n} {}: {}, {} {} ({national})",
            short_name(&o.name),
            o.rank,
            m.population,
            with_unit(o.value, &m.metric.unit, 1),
            comparison_style(o.vs_national).2,
            m.national_label
        ),
        None => {
            let worse = r.orgs.iter().filter(|o| o.vs_national == Comparison::Worse).count();
            format!("{worse} of {n} {} are worse than {} ({national})", m.population, m.national_label)
        }
    }
}

fn subtitle(m: &RankedModel) -> String {
    let r = &m.ranking;
    format!(
        "{}, {}. Each point is one of {} {}, ranked; thick bars are 95% and thin bars 99.8% Wilson score \
         intervals. Shape and colour compare each with {} at 99.8%.",
        m.metric.title,
        period_range(&r.from, &r.to),
        r.orgs.len(),
        m.population,
        m.national_label
    )
}

const ORDER: [Comparison; 6] = [
    Comparison::Better,
    Comparison::Similar,
    Comparison::Worse,
    Comparison::Higher,
    Comparison::Lower,
    Comparison::NotCompared,
];

fn count(r: &Ranking, c: Comparison) -> usize {
    r.orgs.iter().filter(|o| o.vs_national == c).count()
}

/// The comparisons present, with their counts, then the reference lines.
fn legend(m: &RankedModel) -> Vec<LegendEntry> {
    let r = &m.ranking;
    let mut legend: Vec<LegendEntry> = ORDER
        .iter()
        .filter(|&&c| count(r, c) > 0)
        .map(|&c| {
            let (shape, fill, words) = comparison_style(c);
            LegendEntry {
                symbol: Symbol::Marker { shape, fill, stroke: Some(Stroke::solid(palette::TEXT, 1.0)) },
                label: format!("{} {} ({})", capitalise(words), m.national_label, count(r, c)),
            }
        })
        .collect();
    legend.push(LegendEntry {
        symbol: Symbol::Line(NATIONAL_STROKE),
        label: format!("{} {}", m.national_label, with_unit(r.national, &m.metric.unit, 1)),
    });
    if let Some(t) = m.metric.target {
        legend.push(LegendEntry {
            symbol: Symbol::Line(TARGET_STROKE),
            label: format!("Standard {}", with_unit(t, &m.metric.unit, 0)),
        });
    }
    legend
}

/// Where the organisations and values go: the value scale, the plot and a band per organisation.
struct Layout {
    y: Linear,
    plot: Bounds,
    band: Band,
}

impl Layout {
    fn centre(&self, i: usize) -> f64 {
        self.band.centre(i)
    }

    /// The marker size: as large as fits the band, between 4 and 10 pixels.
    fn size(&self) -> f64 {
        (self.band.step() * 0.8).clamp(4.0, 10.0)
    }
}

/// The y axis over every 99.8% interval, the national value and the standard, rounded to ticks.
fn axes(
    marks: &mut Vec<Mark>,
    m: &RankedModel,
    band_y: (f64, f64),
    width: f64,
    measure: &dyn TextMeasure,
) -> Layout {
    let r = &m.ranking;
    let values = r.orgs.iter().flat_map(|o| [o.ci998.lower, o.ci998.upper]);
    let references = [Some(r.national), m.metric.target].into_iter().flatten().filter(|v| v.is_finite());
    let (lo, hi) = values
        .chain(references)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let unit = if m.metric.unit == "%" { "%" } else { "" };
    let (y, plot) = y_axis(marks, measure, (lo, hi), band_y, PAD, width - PAD, &|v, d| with_unit(v, unit, d));
    Layout { y, plot, band: Band { n: r.orgs.len(), range: (plot.x, plot.x + plot.w) } }
}

/// The focus organisation's column behind its marks, then every interval: thin 99.8%, thick 95%.
fn intervals(marks: &mut Vec<Mark>, r: &Ranking, l: &Layout) {
    let step = l.band.step();
    if let Some(f) = r.focus {
        let half = (step / 2.0).max(5.0);
        marks.push(Mark::Rect {
            x: l.centre(f) - half,
            y: l.plot.y,
            w: 2.0 * half,
            h: l.plot.h,
            fill: Some(palette::GREY_5),
            stroke: None,
        });
    }
    let thin = Stroke::solid(palette::GREY_2, 1.0);
    let thick = Stroke::solid(palette::GREY_1, (step * 0.5).clamp(1.0, 4.0));
    for (i, o) in r.orgs.iter().enumerate() {
        let x = l.centre(i);
        marks.push(rule_v(x, l.y.map(o.ci998.lower), l.y.map(o.ci998.upper), thin));
        marks.push(rule_v(x, l.y.map(o.ci95.lower), l.y.map(o.ci95.upper), thick));
    }
}

/// The national line and the standard over the bars, labelled at their right ends.
fn references(marks: &mut Vec<Mark>, m: &RankedModel, l: &Layout) {
    let r = &m.ranking;
    let national = format!("{} {}", m.national_label, with_unit(r.national, &m.metric.unit, 1));
    reference_line(marks, l.plot, l.y.map(r.national), NATIONAL_STROKE, &national);
    if let Some(t) = m.metric.target {
        let label = format!("Standard {}", with_unit(t, &m.metric.unit, 0));
        reference_line(marks, l.plot, l.y.map(t), TARGET_STROKE, &label);
    }
}

/// A point per organisation and the item a pointer or the keyboard reaches it by.
fn points(marks: &mut Vec<Mark>, r: &Ranking, l: &Layout) -> Vec<Item> {
    let (size, step) = (l.size(), l.band.step());
    let mut items = Vec::with_capacity(r.orgs.len());
    for (i, o) in r.orgs.iter().enumerate() {
        let (cx, cy) = (l.centre(i), l.y.map(o.value));
        marks.push(comparison_point(cx, cy, size, o.vs_national));
        items.push(Item {
            key: o.code.clone(),
            label: String::new(),
            hit: Bounds { x: cx - step / 2.0, y: l.plot.y, w: step, h: l.plot.h },
            anchor: (cx, cy),
            tooltip: Vec::new(),
            summary: String::new(),
            highlight: Highlight::Guide { size: size + 10.0, top: l.plot.y, bottom: l.plot.y + l.plot.h },
        });
    }
    items
}

/// The focus organisation: a bigger marker and its name beside it, clear of its interval (above
/// it, or below when there is no room) on a white backing, joined to the point by a leader.
fn focus_label(marks: &mut Vec<Mark>, m: &RankedModel, l: &Layout, measure: &dyn TextMeasure) {
    let r = &m.ranking;
    let Some(f) = r.focus else { return };
    let o = &r.orgs[f];
    let (cx, cy) = (l.centre(f), l.y.map(o.value));
    let (shape, color, _) = comparison_style(o.vs_national);
    marks.push(focus_point(cx, cy, l.size() + 6.0, shape, color));
    let size = LABEL_SIZE + 1.0;
    // The name gives way to the value: "University Hospit… 68.4%" in a phone-wide chart.
    let value = with_unit(o.value, &m.metric.unit, 1);
    let room = l.plot.w * 0.6 - measure.width(&format!(" {value}"), size, true);
    let name = truncate(measure, &short_name(&o.name), size, true, room.max(0.0));
    let label = if name.is_empty() { value } else { format!("{name} {value}") };
    let tw = measure.width(&label, size, true);
    let above = l.y.map(o.ci998.upper) - 16.0;
    let (top, leader_end) = if above - size - 4.0 > l.plot.y {
        (above - size - 2.0, above + 2.0)
    } else {
        let below = l.y.map(o.ci998.lower) + 16.0;
        (below, below - 2.0)
    };
    let x0 = if cx < l.plot.x + l.plot.w / 2.0 { cx - 6.0 } else { cx + 6.0 - tw };
    let x0 = x0.clamp(l.plot.x + 2.0, (l.plot.x + l.plot.w - tw - 2.0).max(l.plot.x + 2.0));
    marks.push(rule_v(cx, cy, leader_end, Stroke::solid(palette::DARK_BLUE, 1.0)));
    marks.push(Mark::Rect {
        x: x0 - 4.0,
        y: top - 2.0,
        w: tw + 8.0,
        h: size + 6.0,
        fill: Some(palette::WHITE.with_alpha(0.92)),
        stroke: Some(Stroke::solid(palette::DARK_BLUE, 1.0)),
    });
    marks.push(text(
        x0,
        top + 1.0,
        &label,
        Font(size, true, palette::DARK_BLUE, Align::Start, Baseline::Top),
    ));
}

/// The axis line and what the organisations along it are.
fn x_axis(marks: &mut Vec<Mark>, m: &RankedModel, plot: Bounds, measure: &dyn TextMeasure) {
    marks.push(axis_line(plot));
    let n = m.ranking.orgs.len();
    // The longest wording that fits: narrow charts drop "(left)" and "(right)" before cutting.
    let label = [
        format!("{n} {}, ranked from best (left) to worst (right)", m.population),
        format!("{n} {}, best to worst", m.population),
    ]
    .into_iter()
    .find(|l| measure.width(l, LABEL_SIZE, false) <= plot.w)
    .unwrap_or_else(|| format!("{n} {}, best to worst", m.population));
    marks.push(text(
        plot.x + plot.w / 2.0,
        plot.y + plot.h + 8.0,
        &truncate(measure, &label, LABEL_SIZE, false, plot.w),
        Font(LABEL_SIZE, false, palette::SECONDARY_TEXT, Align::Middle, Baseline::Top),
    ));
}

/// Builds the ranked chart's scene.
pub fn scene(m: &RankedModel, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
    let mut frame = Frame::new(view.width, view.height, measure);
    let title = view.title.clone().unwrap_or_else(|| message_title(m));
    let subtitle = subtitle(m);
    frame.heading(&title, &subtitle);
    frame.legend(&legend(m));
    let band_y = frame.source_and_plot_band(&view.source, LABEL_SIZE * 1.4 + 10.0);
    let (width, height) = (frame.width, frame.height);
    let mut marks = std::mem::take(&mut frame.marks);
    let layout = axes(&mut marks, m, band_y, width, measure);
    intervals(&mut marks, &m.ranking, &layout);
    references(&mut marks, m, &layout);
    let items = points(&mut marks, &m.ranking, &layout);
    focus_label(&mut marks, m, &layout, measure);
    x_axis(&mut marks, m, layout.plot, measure);
    Scene {
        width,
        height,
        marks,
        items,
        plot: layout.plot,
        title,
        subtitle,
        description: description(m),
        table: Table::default(),
        warnings: m.ranking.warnings.clone(),
    }
}

/// The text alternative: what the chart shows, the focus's standing and who meets the standard.
fn description(m: &RankedModel) -> String {
    let r = &m.ranking;
    let count_of = |k: Comparison| count(r, k);
    let mut description = format!(
        "Ranked chart of {} {} by {}, {}. {} value {}. At 99.8%, {} are better than {}, {} similar and {} worse.",
        r.orgs.len(),
        m.population,
        m.metric.title,
        period_range(&r.from, &r.to),
        m.national_label,
        with_unit(r.national, &m.metric.unit, 1),
        count_of(Comparison::Better) + count_of(Comparison::Higher),
        m.national_label,
        count_of(Comparison::Similar),
        count_of(Comparison::Worse) + count_of(Comparison::Lower),
    );
    if let Some(f) = r.focus {
        description.push(' ');
        description.push_str(&summary(&r.orgs[f], m));
    }
    if let Some(t) = m.metric.target {
        let lower_is_better = m.metric.polarity == Polarity::LowerIsBetter;
        let meeting =
            r.orgs.iter().filter(|o| if lower_is_better { o.value <= t } else { o.value >= t }).count();
        let standard = with_unit(t, &m.metric.unit, 0);
        description.push_str(&format!(" {meeting} of {} meet the standard of {standard}.", r.orgs.len()));
    }
    description
}

fn tooltip(o: &RankedOrg, m: &RankedModel) -> Vec<(String, String)> {
    let u = |v: f64| with_unit(v, &m.metric.unit, 1);
    let n = m.ranking.orgs.len();
    let mut lines = vec![
        ("Organisation".into(), format!("{} ({})", o.name, o.code)),
        ("Value".into(), u(o.value)),
        ("95% interval".into(), format!("{} to {}", u(o.ci95.lower), u(o.ci95.upper))),
        ("99.8% interval".into(), format!("{} to {}", u(o.ci998.lower), u(o.ci998.upper))),
        ("Denominator".into(), number(o.denominator, 0)),
        ("Rank".into(), format!("{} of {n}", o.rank)),
    ];
    if let Some(ri) = o.rank_interval {
        lines.push(("Rank, 95% interval".into(), format!("{} to {}", ri.lower, ri.upper)));
    }
    lines.push((
        format!("Compared with {}", m.national_label),
        format!("{} (99.8%)", comparison_label(o.vs_national)),
    ));
    lines
}

fn summary(o: &RankedOrg, m: &RankedModel) -> String {
    let u = |v: f64| with_unit(v, &m.metric.unit, 1);
    let uncertainty =
        o.rank_interval.map_or(String::new(), |ri| format!(" (95% interval {} to {})", ri.lower, ri.upper));
    format!(
        "{}, rank {} of {}{uncertainty}: {}, 95% interval {} to {}, {} {} at 99.8%.",
        o.name,
        o.rank,
        m.ranking.orgs.len(),
        u(o.value),
        u(o.ci95.lower),
        u(o.ci95.upper),
        comparison_style(o.vs_national).2,
        m.national_label
    )
}

fn table(m: &RankedModel) -> Table {
    let unit = if m.metric.unit == "%" { " (%)".to_string() } else { format!(" ({})", m.metric.unit) };
    let ranks = m.ranking.orgs.iter().any(|o| o.rank_interval.is_some());
    let mut columns: Vec<String> = ["Rank", "ODS code", "Organisation", "Region", "Numerator", "Denominator"]
        .map(String::from)
        .into_iter()
        .chain([format!("Value{unit}")])
        .chain(["95% lower", "95% upper", "99.8% lower", "99.8% upper"].map(String::from))
        .chain([format!("Compared with {} (99.8%)", m.national_label)])
        .collect();
    if ranks {
        columns.extend(["Rank 95% lower".to_string(), "Rank 95% upper".to_string()]);
    }
    let f2 = |v: f64| format!("{v:.2}");
    let rows = m
        .ranking
        .orgs
        .iter()
        .map(|o| {
            let mut row = vec![o.rank.to_string(), o.code.clone(), o.name.clone(), o.region.clone()];
            row.extend([format!("{}", o.numerator), format!("{}", o.denominator), f2(o.value)]);
            row.extend([f2(o.ci95.lower), f2(o.ci95.upper), f2(o.ci998.lower), f2(o.ci998.upper)]);
            row.push(comparison_label(o.vs_national).to_string());
            if ranks {
                let ri = o.rank_interval;
                row.extend([
                    ri.map_or(String::new(), |r| r.lower.to_string()),
                    ri.map_or(String::new(), |r| r.upper.to_string()),
                ]);
            }
            row
        })
        .collect();
    Table { columns, rows }
}

impl Drawn for RankedModel {
    fn scene(&self, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
        scene(self, view, measure)
    }

    /// Items are the organisations in rank order, so item `i` is `ranking.orgs[i]`.
    fn words(&self, _scene: &Scene, index: usize) -> Words {
        match self.ranking.orgs.get(index) {
            Some(o) => Words { tooltip: tooltip(o, self), summary: summary(o, self) },
            None => Words::default(),
        }
    }

    fn table(&self, _scene: &Scene) -> Table {
        table(self)
    }
}
