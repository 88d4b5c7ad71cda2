package org.cgm4j.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Statistics over seeds against figures worked out by hand. */
class SeedStatisticsTest {
    @Test
    void twoValuesGiveTheCauchyQuantileInterval() {
        // {10, 12}: mean 11, sd sqrt(2), se 1; t(0.975, 1 df) = tan(0.475 pi) (Student's t with one
        // degree of freedom is the Cauchy distribution)
        SeedStatistics.Summary s = SeedStatistics.summarize(new double[] {10, 12});
        double t = Math.tan(0.475 * Math.PI);
        assertThat(s.n()).isEqualTo(2);
        assertThat(s.mean()).isEqualTo(11.0);
        assertThat(s.sd()).isCloseTo(Math.sqrt(2), within(1e-12));
        assertThat(s.se()).isCloseTo(1.0, within(1e-12));
        assertThat(s.ciLow()).isCloseTo(11 - t, within(1e-6));
        assertThat(s.ciHigh()).isCloseTo(11 + t, within(1e-6));
        assertThat(s.halfWidth()).isCloseTo(12.7062, within(1e-4));
        assertThat(s.note()).isEmpty();
    }

    @Test
    void threeValuesUseTwoDegreesOfFreedom() {
        // {1, 2, 6}: mean 3, squares 4 + 1 + 9 = 14, sd sqrt(7), se sqrt(7/3); with 2 df the
        // quantile is (2p - 1) / sqrt(2 p (1 - p)) at p = 0.975
        SeedStatistics.Summary s = SeedStatistics.summarize(new double[] {1, 2, 6});
        double p = 0.975;
        double t = (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
        assertThat(s.mean()).isCloseTo(3.0, within(1e-12));
        assertThat(s.sd()).isCloseTo(Math.sqrt(7), within(1e-12));
        assertThat(s.se()).isCloseTo(Math.sqrt(7.0 / 3), within(1e-12));
        assertThat(s.halfWidth()).isCloseTo(t * Math.sqrt(7.0 / 3), within(1e-6));
        assertThat(SeedStatistics.criticalT(2)).isCloseTo(4.302653, within(1e-6));
    }

    @Test
    void identicalValuesHaveNoSpreadAndAnIntervalOfZeroWidth() {
        SeedStatistics.Summary s = SeedStatistics.summarize(new double[] {5, 5, 5});
        assertThat(s.mean()).isEqualTo(5.0);
        assertThat(s.sd()).isZero();
        assertThat(s.se()).isZero();
        assertThat(s.ciLow()).isEqualTo(5.0);
        assertThat(s.ciHigh()).isEqualTo(5.0);
    }

    @Test
    void oneValueGivesAMeanButNoSpreadOrInterval() {
        SeedStatistics.Summary s = SeedStatistics.summarize(new double[] {7.5});
        assertThat(s.n()).isEqualTo(1);
        assertThat(s.mean()).isEqualTo(7.5);
        assertThat(s.sd()).isNaN();
        assertThat(s.se()).isNaN();
        assertThat(s.ciLow()).isNaN();
        assertThat(s.ciHigh()).isNaN();
        assertThat(s.hasInterval()).isFalse();
        assertThat(s.note()).contains("one value");
        assertThat(SeedStatistics.summarize(new double[0]).n()).isZero();
    }

    @Test
    void welchWithTwoDegreesOfFreedomMatchesTheClosedForm() {
        // {0, 2} vs {4, 6}: variances 2 each, se^2 = 2/2 + 2/2 = 2, t = -4 / sqrt(2); Welch's df =
        // 2^2 / (1^2 / 1 + 1^2 / 1) = 2, and for 2 df the two-sided p is 1 - |t| / sqrt(2 + t^2)
        SeedStatistics.Comparison c = SeedStatistics.welch(new double[] {0, 2}, new double[] {4, 6});
        double t = -4 / Math.sqrt(2);
        assertThat(c.difference()).isEqualTo(-4.0);
        assertThat(c.t()).isCloseTo(t, within(1e-12));
        assertThat(c.p()).isCloseTo(1 - Math.abs(t) / Math.sqrt(2 + t * t), within(1e-9));
        assertThat(c.note()).isEmpty();
    }

    @Test
    void welchIsSymmetricAndOneForIdenticalSamples() {
        double[] a = {1, 2, 3, 4};
        double[] b = {2, 4, 6};
        SeedStatistics.Comparison ab = SeedStatistics.welch(a, b);
        SeedStatistics.Comparison ba = SeedStatistics.welch(b, a);
        assertThat(ab.p()).isBetween(0.0, 1.0).isCloseTo(ba.p(), within(1e-12));
        assertThat(ab.t()).isCloseTo(-ba.t(), within(1e-12));
        assertThat(ab.difference()).isEqualTo(-ba.difference());
        assertThat(SeedStatistics.welch(a, a.clone()).p()).isCloseTo(1.0, within(1e-12));
        assertThat(SeedStatistics.welch(a, a.clone()).t()).isZero();
    }

    @Test
    void welchNeedsTwoValuesOnEachSideAndSomeSpread() {
        SeedStatistics.Comparison one = SeedStatistics.welch(new double[] {1}, new double[] {2, 3});
        assertThat(one.p()).isNaN();
        assertThat(one.difference()).isEqualTo(-1.5);
        assertThat(one.note()).contains("two or more");
        SeedStatistics.Comparison flat = SeedStatistics.welch(new double[] {1, 1}, new double[] {2, 2});
        assertThat(flat.p()).isNaN();
        assertThat(flat.difference()).isEqualTo(-1.0);
        assertThat(flat.note()).contains("no spread");
        assertThat(SeedStatistics.welch(new double[0], new double[] {1, 2}).difference()).isNaN();
    }
}
