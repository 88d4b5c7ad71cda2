package org.cgm4j.api.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.cgm4j.api.testing.GradientCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DensitiesTest {
    private static final DataType D = DataType.DOUBLE;
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private static INDArray matrix(int rows, double... v) {
        return Nd4j.create(v, new long[] {rows, v.length / rows}, D);
    }

    @Test
    void standardNormalMatchesTheClosedForm() {
        SameDiff sd = SameDiff.create();
        double[] got = Densities.standardNormal(sd, sd.constant(matrix(2, 0, 0, 1, -2)), 2).eval().toDoubleVector();
        assertThat(got[0]).isCloseTo(-LOG_2PI, within(1e-12));
        assertThat(got[1]).isCloseTo(-LOG_2PI - 2.5, within(1e-12));
    }

    @Test
    void oneDimensionalCodesAreSafe() {
        SameDiff sd = SameDiff.create();
        double[] got = Densities.standardNormal(sd, sd.constant(matrix(3, 0, 1, 2)), 1).eval().toDoubleVector();
        assertThat(got).containsExactly(-0.5 * LOG_2PI, -0.5 * LOG_2PI - 0.5, -0.5 * LOG_2PI - 2);
    }

    @Test
    void normalMatchesTheUnivariateClosedFormAndTheStandardNormal() {
        // log N(z; mu, s^2) = -log s - (z - mu)^2 / (2 s^2) - log(2 pi) / 2, per dimension.
        SameDiff sd = SameDiff.create();
        double s = 0.5;
        DiagonalGaussian q = new DiagonalGaussian(sd.constant(matrix(1, 1.0, 0.0)),
                sd.constant(matrix(1, Math.log(s * s), 0.0)));
        double got = Densities.normal(sd, sd.constant(matrix(1, 2.0, 0.3)), q, 2).eval().getDouble(0);
        double expected = -Math.log(s) - 1 / (2 * s * s) - 0.5 * LOG_2PI + (-0.09 / 2 - 0.5 * LOG_2PI);
        assertThat(got).isCloseTo(expected, within(1e-12));
        SameDiff sd2 = SameDiff.create();
        INDArray z = matrix(2, 0.4, -1.1, 2.0, 0.0);
        DiagonalGaussian std = new DiagonalGaussian(sd2.constant(Nd4j.zeros(D, 2, 2)), sd2.constant(Nd4j.zeros(D, 2, 2)));
        assertThat(Densities.normal(sd2, sd2.constant(z), std, 2).eval().toDoubleVector())
                .containsExactly(Densities.standardNormal(sd2, sd2.constant(z), 2).eval().toDoubleVector());
    }

    @Test
    void densitiesHaveFiniteDifferenceGradients() {
        // A fixed draw: Nd4j's global stream is seeded by the clock, and a rare draw exceeds the bound.
        Nd4j.getRandom().setSeed(20_151_207L);
        SameDiff sd = SameDiff.create();
        SDVariable z = sd.var("z", Nd4j.randn(D, 3, 4));
        SDVariable mu = sd.var("mu", Nd4j.randn(D, 3, 4));
        SDVariable lv = sd.var("lv", Nd4j.randn(D, 3, 4).muli(0.5));
        SDVariable total = Densities.normal(sd, z, new DiagonalGaussian(mu, lv), 4)
                .add(Densities.standardNormal(sd, z, 4).mul(0.7));
        sd.identity("loss", total.mul(sd.constant(Nd4j.create(new double[] {1, -0.5, 2}, new long[] {3}, D))).sum());
        GradientCheck.Result r = GradientCheck.check(sd, Map.of(), "loss", List.of("z", "mu", "lv"), 4);
        assertThat(r.checked()).isEqualTo(3);
        assertThat(r.worstRelativeError()).as(r.worstVariable()).isLessThan(1e-7);
    }
}
