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
    void sigmoidGaussianIsTheGaussianOfTheSquashedMeanAndStaysInsideTheUnitInterval() {
        double[] a = {-40, -3, 0, 0.8, 25};
        double[] target = {0, 0.05, 0.5, 1, 1};
        double sigma = 0.1;
        SameDiff sd = SameDiff.create();
        SDVariable params = sd.constant(Nd4j.create(a, new long[] {1, 5}, D));
        FixedSigmaGaussian g = new FixedSigmaGaussian(sigma, true);
        double got = g.logLikelihood(sd, params, sd.constant(Nd4j.create(target, new long[] {1, 5}, D)), null)
                .eval().getDouble(0);
        double expected = 0;
        for (int i = 0; i < a.length; i++) {
            double mu = 1 / (1 + Math.exp(-a[i]));
            expected += -0.5 * Math.log(2 * Math.PI * sigma * sigma) - (target[i] - mu) * (target[i] - mu) / (2 * sigma * sigma);
        }
        assertThat(got).isCloseTo(expected, within(1e-9));
        double[] mean = g.mean(sd, params).eval().toDoubleVector();
        for (int i = 0; i < a.length; i++) {
            assertThat(mean[i]).isCloseTo(1 / (1 + Math.exp(-a[i])), within(1e-12)).isBetween(0.0, 1.0);
        }
        assertThat(g.name()).isEqualTo("sigmoidGaussian");
        assertThat(new FixedSigmaGaussian(sigma).name()).isEqualTo("gaussian");
        assertThat(new VaeArchitecture(2, List.of(4), Activation.RELU, "sigmoidGaussian", 0.1).decoderLikelihood())
                .isInstanceOfSatisfying(FixedSigmaGaussian.class, f -> assertThat(f.sigmoidMean()).isTrue());
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new VaeArchitecture(2, List.of(4), Activation.RELU, "poisson", 0.1))
                .hasMessageContaining("model.likelihood").hasMessageContaining("sigmoidGaussian");
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
        new FixedSigmaGaussian(0.1, true).logLikelihood(sd, l, y, mask).neg().mean().mul(0.7).rename("sigmoidGaussian");
        for (String loss : List.of("bernoulli", "gaussian", "sigmoidGaussian")) {
            GradientCheck.Result r = GradientCheck.check(sd, Map.of(), loss, List.of("params"), 5);
            assertThat(r.worstRelativeError()).as(loss + ": " + r.worstVariable()).isLessThan(1e-6);
        }
    }

    /** Extreme logits and targets 0, 0.3 and 1 in every combination, {@code [3, 6]}. */
    private static final double[] EXTREME_LOGITS = {-1e4, -100, -30, 30, 100, 1e4};
    private static final double[] TARGETS = {0, 0.3, 1};

    private static INDArray grid(DataType type, boolean logits) {
        double[] v = new double[TARGETS.length * EXTREME_LOGITS.length];
        for (int i = 0; i < TARGETS.length; i++) {
            for (int j = 0; j < EXTREME_LOGITS.length; j++) {
                v[i * EXTREME_LOGITS.length + j] = logits ? EXTREME_LOGITS[j] : TARGETS[i];
            }
        }
        return Nd4j.create(v, new long[] {TARGETS.length, EXTREME_LOGITS.length}, DataType.DOUBLE).castTo(type);
    }

    @Test
    void bernoulliAtExtremeLogitsIsFiniteAndExactWithAFiniteCorrectGradient() {
        // The value: -log p = max(l, 0) - l y + log(1 + e^-|l|), in double on the Java side.
        double[] expected = new double[TARGETS.length];
        for (int i = 0; i < TARGETS.length; i++) {
            for (double l : EXTREME_LOGITS) {
                expected[i] -= Math.max(l, 0) - l * TARGETS[i] + Math.log1p(Math.exp(-Math.abs(l)));
            }
        }
        for (DataType type : List.of(D, DataType.FLOAT)) {
            SameDiff sd = SameDiff.create();
            SDVariable l = sd.var("logits", grid(type, true));
            SDVariable y = sd.constant(grid(type, false));
            new Bernoulli().logLikelihood(sd, l, y, null).neg().mean().mul(2.5).rename("loss");
            INDArray value = sd.output(Map.of(), "loss").get("loss");
            assertThat(value.getDouble(0)).as(type.toString()).isFinite();
            sd.setLossVariables("loss");
            INDArray g = sd.calculateGradients(Map.of(), List.of("logits")).get("logits");
            assertThat(java.util.Arrays.stream(g.ravel().toDoubleVector()).allMatch(Double::isFinite)).as(type + " gradient").isTrue();
            // d(-log p)/dl = sigmoid(l) - y: 0 - y or 1 - y at these logits, scaled by 2.5 / batch.
            for (int i = 0; i < TARGETS.length; i++) {
                for (int j = 0; j < EXTREME_LOGITS.length; j++) {
                    double sigmoid = EXTREME_LOGITS[j] > 0 ? 1 : 0;
                    assertThat(g.getDouble(i, j)).isCloseTo(2.5 / TARGETS.length * (sigmoid - TARGETS[i]), within(1e-6));
                }
            }
        }
        SameDiff sd = SameDiff.create();
        SDVariable l = sd.constant(grid(D, true));
        INDArray perExample = new Bernoulli().logLikelihood(sd, l, sd.constant(grid(D, false)), null).eval();
        assertThat(perExample.toDoubleVector()).containsExactly(expected, within(1e-9));
    }

    @Test
    void gradientsAtExtremeLogitsMatchFiniteDifferences() {
        // Logits near the extremes but not on a kink of max(l, 0) or |l|, in double precision.
        Rng rng = new Rng(6);
        SameDiff sd = SameDiff.create();
        INDArray l0 = grid(D, true).add(rng.gaussian(D, TARGETS.length, EXTREME_LOGITS.length));
        SDVariable l = sd.var("params", l0);
        SDVariable y = sd.constant(grid(D, false));
        new Bernoulli().logLikelihood(sd, l, y, null).neg().mean().mul(2.5).rename("bernoulli");
        new FixedSigmaGaussian(0.1).logLikelihood(sd, l, y, null).neg().sum().mul(0.1).rename("gaussian");
        for (String loss : List.of("bernoulli", "gaussian")) {
            assertThat(sd.output(Map.of(), loss).get(loss).getDouble(0)).as(loss).isFinite();
            GradientCheck.Result r = GradientCheck.check(sd, Map.of(), loss, List.of("params"), 7);
            // 1e-5, not 1e-6: a loss of order 1e4 leaves about 1e-6 of rounding in a difference at h = 1e-6.
            assertThat(r.worstRelativeError()).as(loss + ": " + r.worstVariable()).isLessThan(1e-5);
        }
    }
}
