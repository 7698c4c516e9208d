//! The frame every chart shares (Government Analysis Function guidance): a message title, a
//! statistical subtitle, a legend, the plot area and a source line, laid out top to bottom with
//! measured, wrapped text; and the y axis with its grid. Views build their marks inside the plot
//! area this gives them.

use super::scale::{Linear, decimals_for_step, tick_step};
use super::scene::{Align, Baseline, Bounds, Color, Mark, Shape, Stroke, palette};
use super::text::{TextMeasure, truncate, wrap};

pub const PAD: f64 = 16.0;
pub const TITLE_SIZE: f64 = 17.0;
pub const SUBTITLE_SIZE: f64 = 13.0;
pub const LABEL_SIZE: f64 = 12.0;
pub const SOURCE_SIZE: f64 = 11.0;
/// The most CSS pixels a chart is given a side (the spec's limit for `width` and `height`): a
/// `height="1e9"` attribute makes a chart this tall, not a billion pixels. A chart can still grow
/// past it to fit its rows.
pub const MAX_SIDE: f64 = 10_000.0;
/// The least height a plot gets; a chart grows taller rather than squash it.
pub const MIN_PLOT_HEIGHT: f64 = 160.0;

/// How a label is set: size, weight, colour and anchor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Font(pub f64, pub bool, pub Color, pub Align, pub Baseline);

impl Font {
    /// Axis and legend labels.
    pub const LABEL: Font = Font(LABEL_SIZE, false, palette::SECONDARY_TEXT, Align::Start, Baseline::Middle);

    pub fn align(self, align: Align, baseline: Baseline) -> Font {
        Font(self.0, self.1, self.2, align, baseline)
    }

    pub fn color(self, color: Color) -> Font {
        Font(self.0, self.1, color, self.3, self.4)
    }

    pub fn bold(self) -> Font {
        Font(self.0, true, self.2, self.3, self.4)
    }
}

/// A text mark.
pub fn text(x: f64, y: f64, t: &str, Font(size, bold, color, align, baseline): Font) -> Mark {
    Mark::Text { x, y, text: t.to_string(), size, bold, color, align, baseline, rotate: false }
}

/// What a legend entry shows beside its label.
#[derive(Debug, Clone, PartialEq)]
pub enum Symbol {
    Marker { shape: Shape, fill: Color, stroke: Option<Stroke> },
    Line(Stroke),
    Swatch(Color),
}

#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    pub symbol: Symbol,
    pub label: String,
}

/// A chart being laid out from the top down.
pub struct Frame<'a> {
    pub width: f64,
    pub height: f64,
    pub marks: Vec<Mark>,
    measure: &'a dyn TextMeasure,
    /// The next free y coordinate below what has been laid out.
    pub y: f64,
}

impl<'a> Frame<'a> {
    /// A white chart of at least 240 x 260 CSS pixels (a 320 px phone screen less margins) and
    /// at most [`MAX_SIDE`] a side; a size that is not a number is the least.
    pub fn new(width: f64, height: f64, measure: &'a dyn TextMeasure) -> Self {
        let side = |v: f64, least: f64| if v.is_nan() { least } else { v.clamp(least, MAX_SIDE) };
        let (width, height) = (side(width, 240.0), side(height, 260.0));
        let marks = vec![Mark::Rect {
            x: 0.0,
            y: 0.0,
            w: width,
            h: height,
            fill: Some(palette::WHITE),
            stroke: None,
        }];
        Self { width, height, marks, measure, y: PAD }
    }

    pub fn measure(&self) -> &'a dyn TextMeasure {
        self.measure
    }

    pub fn inner_width(&self) -> f64 {
        self.width - 2.0 * PAD
    }

    /// The message title (bold) and the statistical subtitle, wrapped to the width.
    pub fn heading(&mut self, title: &str, subtitle: &str) {
        let inner = self.inner_width();
        for line in wrap(self.measure, title, TITLE_SIZE, true, inner) {
            self.marks.push(text(
                PAD,
                self.y,
                &line,
                Font(TITLE_SIZE, true, palette::TEXT, Align::Start, Baseline::Top),
            ));
            self.y += TITLE_SIZE * 1.3;
        }
        self.y += 2.0;
        for line in wrap(self.measure, subtitle, SUBTITLE_SIZE, false, inner) {
            self.marks.push(text(
                PAD,
                self.y,
                &line,
                Font(SUBTITLE_SIZE, false, palette::SECONDARY_TEXT, Align::Start, Baseline::Top),
            ));
            self.y += SUBTITLE_SIZE * 1.35;
        }
        self.y += 6.0;
    }

    /// A legend that wraps onto as many rows as it needs.
    pub fn legend(&mut self, entries: &[LegendEntry]) {
        if entries.is_empty() {
            return;
        }
        let row_h = 20.0;
        let mut x = PAD;
        for e in entries {
            let label = truncate(self.measure, &e.label, LABEL_SIZE, false, self.inner_width() - 38.0);
            let item_w = 22.0 + self.measure.width(&label, LABEL_SIZE, false) + 16.0;
            if x + item_w > self.width - PAD && x > PAD {
                x = PAD;
                self.y += row_h;
            }
            let cy = self.y + row_h / 2.0;
            match &e.symbol {
                Symbol::Marker { shape, fill, stroke } => self.marks.push(Mark::Marker {
                    x: x + 8.0,
                    y: cy,
                    size: 10.0,
                    shape: *shape,
                    fill: *fill,
                    stroke: *stroke,
                }),
                Symbol::Line(stroke) => {
                    self.marks.push(Mark::Line { x1: x, y1: cy, x2: x + 18.0, y2: cy, stroke: *stroke })
                }
                Symbol::Swatch(c) => self.marks.push(Mark::Rect {
                    x: x + 2.0,
                    y: cy - 6.0,
                    w: 14.0,
                    h: 12.0,
                    fill: Some(*c),
                    stroke: Some(Stroke::solid(palette::GREY_1, 1.0)),
                }),
            }
            self.marks.push(text(x + 22.0, cy, &label, Font::LABEL.color(palette::TEXT)));
            x += item_w;
        }
        self.y += row_h + 10.0;
    }

    /// Lays out the source line at the bottom and returns the band left for the plot: from the
    /// current y down to above the source, less `below` pixels for x-axis labels.
    ///
    /// On a narrow screen the wrapped heading and legend can leave little room: the chart then
    /// grows taller so the plot keeps [`MIN_PLOT_HEIGHT`] (it reflows, WCAG 1.4.10, rather than
    /// squashing the plot under its own text). Read `height` after this call.
    pub fn source_and_plot_band(&mut self, source: &str, below: f64) -> (f64, f64) {
        let lines = wrap(self.measure, source, SOURCE_SIZE, false, self.inner_width());
        let source_h = lines.len() as f64 * SOURCE_SIZE * 1.3;
        let top = self.y + 6.0;
        let room = self.height - PAD - source_h - 8.0 - below - top;
        if room < MIN_PLOT_HEIGHT {
            self.height += MIN_PLOT_HEIGHT - room;
            if let Some(Mark::Rect { h, .. }) = self.marks.first_mut() {
                *h = self.height;
            }
        }
        let mut sy = self.height - PAD - source_h;
        let bottom = sy - 8.0 - below;
        for line in &lines {
            self.marks.push(text(
                PAD,
                sy,
                line,
                Font(SOURCE_SIZE, false, palette::SECONDARY_TEXT, Align::Start, Baseline::Top),
            ));
            sy += SOURCE_SIZE * 1.3;
        }
        (top, bottom)
    }
}

/// A y axis: nice ticks over `domain`, grid lines across the plot, labels left of it. Returns the
/// scale and the plot bounds (the left edge moved right of the widest label).
pub fn y_axis(
    marks: &mut Vec<Mark>,
    measure: &dyn TextMeasure,
    domain: (f64, f64),
    band: (f64, f64),
    left: f64,
    right: f64,
    label: &dyn Fn(f64, usize) -> String,
) -> (Linear, Bounds) {
    let (top, bottom) = band;
    // Round the domain out to its tick step until that no longer changes the step, so the ticks
    // the scale gives are the ones it was rounded to and both ends of the axis are labelled
    // (rounding 77..95.5 by 2s gives 76..96, whose own step is 5: the ends would go unlabelled).
    let mut scale = Linear::new(domain, (bottom, top)).nice(6);
    for _ in 0..4 {
        let again = scale.nice(6);
        if again == scale {
            break;
        }
        scale = again;
    }
    let ticks = scale.ticks(6);
    let decimals = decimals_for_step(tick_step(scale.domain.0, scale.domain.1, 6));
    let widest =
        ticks.iter().map(|t| measure.width(&label(*t, decimals), LABEL_SIZE, false)).fold(0.0, f64::max);
    let x = left + widest + 8.0;
    let plot = Bounds { x, y: top, w: (right - x).max(40.0), h: bottom - top };
    for t in &ticks {
        let ty = scale.map(*t);
        marks.push(Mark::Line {
            x1: plot.x,
            y1: ty,
            x2: plot.x + plot.w,
            y2: ty,
            stroke: Stroke::solid(palette::GREY_4, 1.0),
        });
        marks.push(text(
            plot.x - 6.0,
            ty,
            &label(*t, decimals),
            Font::LABEL.align(Align::End, Baseline::Middle),
        ));
    }
    (scale, plot)
}

/// An x axis along the bottom of `plot`: nice ticks over `domain` (as many as fit side by side),
/// vertical grid lines and labels under the axis line. Returns the scale.
pub fn x_axis(
    marks: &mut Vec<Mark>,
    measure: &dyn TextMeasure,
    domain: (f64, f64),
    plot: Bounds,
    label: &dyn Fn(f64, usize) -> String,
) -> Linear {
    let range = (plot.x, plot.x + plot.w);
    let (d0, d1) = Linear::new(domain, range).domain;
    // The step and the rounded ends come from the same count, so the axis ends on labelled ticks.
    let mut count = 8;
    let (scale, ticks, decimals) = loop {
        let step = tick_step(d0, d1, count);
        let (first, last) = ((d0 / step).floor() as i64, (d1 / step).ceil() as i64);
        let ticks: Vec<f64> = (first..=last).map(|i| i as f64 * step).collect();
        let decimals = decimals_for_step(step);
        let widest =
            ticks.iter().map(|t| measure.width(&label(*t, decimals), LABEL_SIZE, false)).fold(0.0, f64::max);
        if count <= 2 || ticks.len() as f64 * (widest + 16.0) <= plot.w {
            break (Linear::new((first as f64 * step, last as f64 * step), range), ticks, decimals);
        }
        count -= 1;
    };
    let bottom = plot.y + plot.h;
    let right = plot.x + plot.w;
    for t in &ticks {
        let tx = scale.map(*t);
        marks.push(Mark::Line {
            x1: tx,
            y1: plot.y,
            x2: tx,
            y2: bottom,
            stroke: Stroke::solid(palette::GREY_4, 1.0),
        });
        let words = label(*t, decimals);
        // A label centred on the last tick can run past the chart's edge ("400,00"): end it at
        // the tick instead when half of it would not fit beside the plot.
        let half = measure.width(&words, LABEL_SIZE, false) / 2.0;
        let align = if tx + half > right + 4.0 { Align::End } else { Align::Middle };
        marks.push(text(tx, bottom + 6.0, &words, Font::LABEL.align(align, Baseline::Top)));
    }
    scale
}

/// An axis domain kept within what a metric's values can be: a proportion lies between 0 and its
/// multiplier (0% and 100%), so padding round the values, or a 95% funnel limit at a small
/// denominator, never stretches the axis to 110%.
pub fn within_scale(metric: &crate::data::Metric, (lo, hi): (f64, f64)) -> (f64, f64) {
    if metric.kind != crate::data::MetricKind::Proportion
        || metric.multiplier.is_nan()
        || metric.multiplier <= 0.0
    {
        return (lo, hi);
    }
    let (lo, hi) = (lo.max(0.0), hi.min(metric.multiplier));
    if lo < hi { (lo, hi) } else { (0.0, metric.multiplier) }
}

/// Moves label centres `ys` (sorted top to bottom on return) apart so neighbours are at least
/// `gap` pixels apart, keeping them within `top..=bottom` where there is room; used for labels at
/// the ends of reference lines, which would otherwise print over each other.
pub fn spread_labels(ys: &mut [f64], gap: f64, top: f64, bottom: f64) {
    crate::order::sort_floats(ys);
    for i in 1..ys.len() {
        ys[i] = ys[i].max(ys[i - 1] + gap);
    }
    // Pushed past the bottom: shift the stack up, then re-space downwards from the top.
    if let Some(&last) = ys.last()
        && last > bottom
    {
        let shift = last - bottom;
        for y in ys.iter_mut() {
            *y -= shift;
        }
        for i in (0..ys.len().saturating_sub(1)).rev() {
            ys[i] = ys[i].min(ys[i + 1] - gap);
        }
    }
    if let Some(&first) = ys.first()
        && first < top
    {
        let shift = top - first;
        for y in ys.iter_mut() {
            *y += shift;
        }
    }
}

/// Presentation choices every view takes.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewOptions {
    pub width: f64,
    pub height: f64,
    /// Replaces the generated message title.
    pub title: Option<String>,
    /// The source line under the chart.
    pub source: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::text::ApproxMeasure;

    #[test]
    fn a_narrow_chart_grows_taller_instead_of_squashing_its_plot() {
        let mut f = Frame::new(240.0, 300.0, &ApproxMeasure);
        f.heading(
            "A long message title that wraps onto several lines on a narrow screen",
            "And a subtitle that explains the statistical method at some length, wrapping too",
        );
        let (top, bottom) = f.source_and_plot_band("Source: a long source line that also wraps", 20.0);
        assert!((bottom - top - MIN_PLOT_HEIGHT).abs() < 1e-9, "{top} {bottom}");
        assert!(f.height > 300.0);
        assert!(matches!(f.marks[0], Mark::Rect { h, .. } if h == f.height), "the background grows too");
    }

    #[test]
    fn a_chart_of_a_billion_infinite_or_undefined_pixels_is_given_a_bounded_size() {
        for (w, h) in [(720.0, 1e9), (f64::INFINITY, f64::INFINITY), (f64::NAN, f64::NAN), (-1.0, 0.0)] {
            let f = Frame::new(w, h, &ApproxMeasure);
            assert!(
                (240.0..=MAX_SIDE).contains(&f.width) && (260.0..=MAX_SIDE).contains(&f.height),
                "{w} {h}"
            );
        }
    }

    #[test]
    fn a_legend_label_longer_than_the_chart_is_cut_to_fit() {
        let mut f = Frame::new(400.0, 300.0, &ApproxMeasure);
        let swatch = Symbol::Swatch(palette::WHITE);
        f.legend(&[LegendEntry { symbol: swatch, label: "Organisation ".repeat(10_000) }]);
        let Some(Mark::Text { text, .. }) = f.marks.last() else { panic!("no label") };
        assert!(text.ends_with('…') && ApproxMeasure.width(text, LABEL_SIZE, false) <= 400.0 - 2.0 * PAD);
    }

    #[test]
    fn the_plot_band_sits_between_the_heading_and_the_source() {
        let mut f = Frame::new(600.0, 400.0, &ApproxMeasure);
        f.heading("A title", "A subtitle");
        let heading_end = f.y;
        let (top, bottom) = f.source_and_plot_band("Source: somewhere", 20.0);
        assert!(top > heading_end && bottom > top && bottom < 400.0 - PAD - 20.0, "{top} {bottom}");
    }

    #[test]
    fn x_axis_thins_its_ticks_until_the_labels_fit() {
        let mut marks = Vec::new();
        let plot = Bounds { x: 50.0, y: 10.0, w: 200.0, h: 100.0 };
        let scale = x_axis(&mut marks, &ApproxMeasure, (0.0, 251_000.0), plot, &|v, _| format!("{v:.0}"));
        let labels: Vec<String> = marks
            .iter()
            .filter_map(|m| if let Mark::Text { text, .. } = m { Some(text.clone()) } else { None })
            .collect();
        assert_eq!(labels, ["0", "100000", "200000", "300000"]);
        assert_eq!(scale.map(0.0), 50.0);
    }

    #[test]
    fn x_axis_ends_the_last_label_at_its_tick_so_it_stays_on_the_chart() {
        let mut marks = Vec::new();
        let plot = Bounds { x: 50.0, y: 10.0, w: 200.0, h: 100.0 };
        x_axis(&mut marks, &ApproxMeasure, (0.0, 251_000.0), plot, &|v, _| format!("{v:.0}"));
        let aligns: Vec<(f64, Align)> = marks
            .iter()
            .filter_map(|m| if let Mark::Text { x, align, .. } = m { Some((*x, *align)) } else { None })
            .collect();
        let (last_x, last_align) = *aligns.last().unwrap();
        assert_eq!((last_x, last_align), (250.0, Align::End));
        assert!(aligns[..aligns.len() - 1].iter().all(|(_, a)| *a == Align::Middle), "{aligns:?}");
    }

    #[test]
    fn spread_labels_keeps_the_gap_and_stays_in_bounds() {
        let mut ys = [100.0, 95.0, 99.0];
        spread_labels(&mut ys, 10.0, 0.0, 200.0);
        assert_eq!(ys, [95.0, 105.0, 115.0]);
        let mut ys = [198.0, 199.0];
        spread_labels(&mut ys, 10.0, 0.0, 200.0);
        assert_eq!(ys, [190.0, 200.0]);
    }

    #[test]
    fn y_axis_labels_every_tick_and_leaves_room_for_the_labels() {
        let mut marks = Vec::new();
        let (scale, plot) =
            y_axis(&mut marks, &ApproxMeasure, (61.0, 99.0), (50.0, 350.0), PAD, 584.0, &|v, d| {
                format!("{v:.d$}%")
            });
        assert_eq!(scale.domain, (60.0, 100.0));
        assert!(plot.x > PAD + 20.0);
        let labels: Vec<_> = marks
            .iter()
            .filter_map(|m| if let Mark::Text { text, .. } = m { Some(text.clone()) } else { None })
            .collect();
        assert_eq!(labels, ["60%", "65%", "70%", "75%", "80%", "85%", "90%", "95%", "100%"]);
    }

    #[test]
    fn y_axis_labels_both_ends_of_its_rounded_domain() {
        let mut marks = Vec::new();
        let (scale, _) =
            y_axis(&mut marks, &ApproxMeasure, (77.0, 95.5), (50.0, 350.0), PAD, 584.0, &|v, _| {
                format!("{v}")
            });
        let labels: Vec<_> = marks
            .iter()
            .filter_map(|m| if let Mark::Text { text, .. } = m { Some(text.clone()) } else { None })
            .collect();
        assert_eq!(scale.domain, (75.0, 100.0));
        assert_eq!(labels, ["75", "80", "85", "90", "95", "100"]);
    }
}
