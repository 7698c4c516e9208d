//! Distribution functions the interval methods are built on. Each is accurate to near double
//! precision, so our intervals match R's `qnorm`, `qchisq` and `qt` (which PHEindicatormethods,
//! FunnelPlotR and NHSRplotthedots call) to the digits published in their tests.

/// The standard normal quantile Φ⁻¹(p), by Wichura's algorithm AS 241 (PPND16, Applied
/// Statistics 37(3), 1988), relative accuracy about 1e-16: the algorithm R's `qnorm` uses.
/// Returns -inf at 0, +inf at 1 and NaN outside [0, 1].
pub fn normal_quantile(p: f64) -> f64 {
    if p.is_nan() || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        return q
            * (((((((r * 2509.080_928_730_122_7 + 33430.575_583_588_128) * r
                + 67265.770_927_008_700_853)
                * r
                + 45921.953_931_549_871_457)
                * r
                + 13731.693_765_509_461_125)
                * r
                + 1971.590_950_306_551_442_7)
                * r
                + 133.141_667_891_784_377_02)
                * r
                + 3.387_132_872_796_366_608)
            / (((((((r * 5226.495_278_852_545_925 + 28729.085_735_721_942_674) * r
                + 39307.895_800_092_710_61)
                * r
                + 21213.794_301_586_595_867)
                * r
                + 5394.196_021_424_751_077_1)
                * r
                + 687.187_007_492_057_908_95)
                * r
                + 42.313_330_701_600_911_252)
                * r
                + 1.0);
    }
    let mut r = if q < 0.0 { p } else { 1.0 - p };
    r = (-r.ln()).sqrt();
    let val = if r <= 5.0 {
        r -= 1.6;
        (((((((r * 7.745_450_142_783_414_076_4e-4 + 0.022_723_844_989_269_184_083_5) * r
            + 0.241_780_725_177_450_611_77)
            * r
            + 1.270_458_252_452_368_382_58)
            * r
            + 3.647_848_324_763_204_605_04)
            * r
            + 5.769_497_221_460_691_405_5)
            * r
            + 4.630_337_846_156_545_295_9)
            * r
            + 1.423_437_110_749_683_577_34)
            / (((((((r * 1.050_750_071_644_416_843_24e-9 + 5.475_938_084_995_344_946e-4) * r
                + 0.015_198_666_563_616_457_2)
                * r
                + 0.148_103_976_427_480_074_59)
                * r
                + 0.689_767_334_985_100_004_55)
                * r
                + 1.676_384_830_183_803_849_4)
                * r
                + 2.053_191_626_637_758_821_87)
                * r
                + 1.0)
    } else {
        r -= 5.0;
        (((((((r * 2.010_334_399_292_288_132_65e-7 + 2.711_555_568_743_487_578_87e-5) * r
            + 0.001_242_660_947_388_078_438_6)
            * r
            + 0.026_532_189_526_576_123_093)
            * r
            + 0.296_560_571_828_504_891_23)
            * r
            + 1.784_826_539_917_291_335_8)
            * r
            + 5.463_784_911_164_114_369_9)
            * r
            + 6.657_904_643_501_103_777_2)
            / (((((((r * 2.044_263_103_389_939_785_79e-15 + 1.421_511_758_316_445_887_86e-7) * r
                + 1.846_318_317_510_054_681_9e-5)
                * r
                + 7.868_691_311_456_132_591e-4)
                * r
                + 0.014_875_361_290_850_614_852_5)
                * r
                + 0.136_929_880_922_735_805_31)
                * r
                + 0.599_832_206_555_887_937_69)
                * r
                + 1.0)
    };
    if q < 0.0 { -val } else { val }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_quantile_matches_r_qnorm_at_the_phe_levels() {
        // R: qnorm(0.975) = 1.959963984540054, qnorm(0.999) = 3.090232306167813
        assert!((normal_quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-15);
        assert!((normal_quantile(0.999) - 3.090_232_306_167_813).abs() < 1e-14);
        // R: qnorm(1e-10) = -6.361340902404056 (the far tail branch)
        assert!((normal_quantile(1e-10) + 6.361_340_902_404_056).abs() < 1e-13);
    }

    #[test]
    fn normal_quantile_is_nan_outside_the_unit_interval() {
        assert!(normal_quantile(-0.1).is_nan());
        assert!(normal_quantile(1.5).is_nan());
        assert_eq!(normal_quantile(0.0), f64::NEG_INFINITY);
    }
}
