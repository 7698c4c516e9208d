//! Scales map data to CSS pixels and invert pixels back to data, so hover asks the scale rather
//! than redrawing (the plotters `CoordTranslate` + `ReverseCoordTranslate` pair). Ticks are "nice"
//! steps of 1, 2 or 5 times a power of ten.

/// A linear map from a data domain to a pixel range (the range may run backwards, as a y axis does).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Linear {
    pub domain: (f64, f64),
    pub range: (f64, f64),
}

impl Linear {
    /// A scale over `domain`; an empty or degenerate domain is widened by one unit either side so
    /// the map stays finite.
    pub fn new(domain: (f64, f64), range: (f64, f64)) -> Self {
        let (mut d0, mut d1) = domain;
        if !(d0.is_finite() && d1.is_finite()) {
            (d0, d1) = (0.0, 1.0);
        }
        if d0 == d1 {
            (d0, d1) = (d0 - 1.0, d1 + 1.0);
        }
        Self { domain: (d0, d1), range }
    }

    pub fn map(&self, v: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        r0 + (v - d0) / (d1 - d0) * (r1 - r0)
    }

    pub fn invert(&self, px: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        if r1 == r0 {
            return d0;
        }
        d0 + (px - r0) / (r1 - r0) * (d1 - d0)
    }

    /// Extends the domain outward to multiples of the tick step, so the axis starts and ends on a
    /// labelled tick.
    pub fn nice(self, count: usize) -> Self {
        let step = tick_step(self.domain.0, self.domain.1, count);
        let lo = (self.domain.0 / step).floor() * step;
        let hi = (self.domain.1 / step).ceil() * step;
        Self::new((lo, hi), self.range)
    }

    /// About `count` tick values inside the domain.
    pub fn ticks(&self, count: usize) -> Vec<f64> {
        let (lo, hi) = (self.domain.0.min(self.domain.1), self.domain.0.max(self.domain.1));
        let step = tick_step(lo, hi, count);
        let first = (lo / step).ceil() as i64;
        let last = (hi / step).floor() as i64;
        (first..=last).map(|i| i as f64 * step).collect()
    }
}

/// The tick step for about `count` ticks over `[lo, hi]`: 1, 2 or 5 times a power of ten.
pub fn tick_step(lo: f64, hi: f64, count: usize) -> f64 {
    let span = (hi - lo).abs();
    if span == 0.0 || !span.is_finite() {
        return 1.0;
    }
    let raw = span / count.max(1) as f64;
    let power = 10f64.powf(raw.log10().floor());
    let err = raw / power;
    let factor = if err >= 7.07 {
        10.0
    } else if err >= 3.16 {
        5.0
    } else if err >= 1.41 {
        2.0
    } else {
        1.0
    };
    factor * power
}

/// Decimal places that show a tick step without trailing noise (0 for 5, 1 for 0.5).
pub fn decimals_for_step(step: f64) -> usize {
    if step >= 1.0 || step <= 0.0 || !step.is_finite() { 0 } else { (-step.log10().floor()) as usize }
}

/// Equal bands for `n` categories across a pixel range, with padding between them as a fraction
/// of the band.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    pub n: usize,
    pub range: (f64, f64),
}

impl Band {
    pub fn step(&self) -> f64 {
        (self.range.1 - self.range.0) / self.n.max(1) as f64
    }

    /// The centre of band `i`.
    pub fn centre(&self, i: usize) -> f64 {
        self.range.0 + (i as f64 + 0.5) * self.step()
    }

    /// The band under a pixel, if any.
    pub fn invert(&self, px: f64) -> Option<usize> {
        if self.n == 0 || px < self.range.0 || px > self.range.1 {
            return None;
        }
        let i = ((px - self.range.0) / self.step()).floor() as usize;
        Some(i.min(self.n - 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_scale_maps_and_inverts_a_reversed_y_axis() {
        let s = Linear::new((60.0, 100.0), (400.0, 0.0));
        assert_eq!(s.map(60.0), 400.0);
        assert_eq!(s.map(100.0), 0.0);
        assert_eq!(s.map(80.0), 200.0);
        assert!((s.invert(100.0) - 90.0).abs() < 1e-12);
    }

    #[test]
    fn nice_ticks_are_round_steps_covering_the_domain() {
        let s = Linear::new((61.3, 98.2), (0.0, 100.0)).nice(5);
        assert_eq!(s.domain, (60.0, 100.0));
        assert_eq!(s.ticks(5), vec![60.0, 70.0, 80.0, 90.0, 100.0]);
        assert_eq!(tick_step(0.0, 1.0, 5), 0.2);
        assert_eq!(decimals_for_step(0.2), 1);
    }

    #[test]
    fn degenerate_domains_stay_finite() {
        let s = Linear::new((5.0, 5.0), (0.0, 10.0));
        assert_eq!(s.map(5.0), 5.0);
        let s = Linear::new((f64::NAN, 1.0), (0.0, 10.0));
        assert!(s.map(0.5).is_finite());
    }

    #[test]
    fn band_inverts_pixels_to_the_band_under_them() {
        let b = Band { n: 4, range: (100.0, 500.0) };
        assert_eq!(b.centre(0), 150.0);
        assert_eq!(b.invert(149.0), Some(0));
        assert_eq!(b.invert(499.9), Some(3));
        assert_eq!(b.invert(99.0), None);
        assert_eq!(Band { n: 0, range: (0.0, 1.0) }.invert(0.5), None);
    }
}
