package org.cgm4j.api.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.cgm4j.api.rng.Rng;
import org.cgm4j.api.testing.GradientCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LikelihoodTest {
    private static final DataType D = DataType.DOUBLE;

    @Test
    void bernoulliMatchesTheDirectFormulaEvenForLargeLogits() {
        double[] logits = {-30, -2, 0, 1.5, 40};
        double[] target = {0, 0.3, 1, 0.7, 1};
        SameDiff sd = SameDiff.create();
        SDVariable l = sd.constant(Nd4j.create(logits, new long[] {1, 5}, D));
        SDVariable y = sd.constant(Nd4j.create(target, new long[] {1, 5}, D));
        double got = new Bernoulli().logLikelihood(sd, l, y, null).eval().getDouble(0);
        double expected = 0;
        for (int i = 0; i < 5; i++) {
            // log sigmoid(l) = -log(1 + e^-l), log(1 - sigmoid(l)) = -log(1 + e^l)
            expected += target[i] * -Math.log1p(Math.exp(-logits[i])) + (1 - target[i]) * -Math.log1p(Math.exp(logits[i]));
        }
        assertThat(got).isCloseTo(expected, within(1e-9));
    }

    @Test
    void gaussianMatchesTheDensityAndTheMaskSelectsDimensions() {
        SameDiff sd = SameDiff.create();
        INDArray mu = Nd4j.create(new double[] {0.2, 0.5, 0.9}, new long[] {1, 3}, D);
        INDArray y = Nd4j.create(new double[] {0.1, 0.5, 1.0}, new long[] {1, 3}, D);
        INDArray mask = Nd4j.create(new double[] {1, 0, 1}, new long[] {1, 3}, D);
        double sigma = 0.1;
        FixedSigmaGaussian g = new FixedSigmaGaussian(sigma);
        double all = g.logLikelihood(sd, sd.constant(mu), sd.constant(y), null).eval().getDouble(0);
        double masked = g.logLikelihood(sd, sd.constant(mu), sd.constant(y), sd.constant(mask)).eval().getDouble(0);
        double c = -0.5 * Math.log(2 * Math.PI * sigma * sigma);
        double[] d = {-0.1, 0, 0.1};
        double expectedAll = 0;
        for (double v : d) {
            expectedAll += c - v * v / (2 * sigma * sigma);
        }
        assertThat(all).isCloseTo(expectedAll, within(1e-9));
        assertThat(masked).isCloseTo(expectedAll - c, within(1e-9));
    }

    @Test
    void gradientsMatchFiniteDifferencesWhenScaledAndReduced() {
        Rng rng = new Rng(2);
        SameDiff sd = SameDiff.create();
        SDVariable l = sd.var("params", rng.gaussian(D, 6, 10).mul(2));
        INDArray t = Nd4j.rand(D, 6, 10);
        SDVariable y = sd.constant(t);
        SDVariable mask = sd.constant(Nd4j.rand(D, 6, 10).gt(0.3).castTo(D));
        new Bernoulli().logLikelihood(sd, l, y, mask).neg().mean().mul(2.5).rename("bernoulli");
        new FixedSigmaGaussian(0.3).logLikelihood(sd, l, y, null).neg().sum().mul(0.1).rename("gaussian");
        for (String loss : List.of("bernoulli", "gaussian")) {
            GradientCheck.Result r = GradientCheck.check(sd, Map.of(), loss, List.of("params"), 5);
            assertThat(r.worstRelativeError()).as(loss + ": " + r.worstVariable()).isLessThan(1e-6);
        }
    }
}
