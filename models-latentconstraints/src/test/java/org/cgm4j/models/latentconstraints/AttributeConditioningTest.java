package org.cgm4j.models.latentconstraints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.Split;
import org.cgm4j.api.model.LossWeights;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.objective.TermNames;
import org.cgm4j.api.objective.UpdateStep;
import org.cgm4j.api.objective.UpdaterConfig;
import org.cgm4j.api.rng.Rng;
import org.cgm4j.api.testing.GradientCheck;
import org.cgm4j.api.testing.SyntheticImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The pieces that let the attribute pair take binary attribute vectors: the label values
 * ({@link LabelVectors}), each form of the distance penalty ({@link DistanceScale}) in closed form
 * with its derivative, and the multi-label evaluation classifier's loss in closed form and against
 * finite differences.
 */
class AttributeConditioningTest {
    private static final DataType T = DataType.DOUBLE;

    @Test
    void mismatchedAttributeVectorsAreNeverTheTrueOneAndCoverTheOthers() {
        LabelVectors lv = LabelVectors.attributes(List.of("a", "b"));
        Rng rng = new Rng(1);
        double[] truth = {1, 0};
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 300; i++) {
            double[] m = lv.mismatched(truth, rng);
            assertThat(m).isNotEqualTo(truth);
            for (double v : m) {
                assertThat(v).isIn(0.0, 1.0);
            }
            seen.add(Arrays.toString(m));
        }
        assertThat(seen).hasSize(3);
        assertThat(lv.caption(new double[] {1, 1})).isEqualTo("a b");
        assertThat(lv.caption(new double[] {0, 0})).isEqualTo("none");
        assertThatThrownBy(() -> lv.ofClass(0)).hasMessageContaining("attribute vectors");
    }

    @Test
    void classLabelsAreOneHotVectorsDrawnAsBefore() {
        LabelVectors lv = LabelVectors.classes(4);
        Rng a = new Rng(9);
        Rng b = new Rng(9);
        for (int i = 0; i < 50; i++) {
            // the same draws as the class labels' nextInt(K), so class-labelled runs keep their figures
            assertThat(lv.random(a)).isEqualTo(lv.ofClass(b.nextInt(4)));
            int t = i % 4;
            assertThat(lv.mismatched(lv.ofClass(t), a)).isEqualTo(lv.ofClass((t + 1 + b.nextInt(3)) % 4));
        }
        assertThat(lv.rows(new double[][] {lv.ofClass(2)}, T)).isEqualTo(
                Nd4j.create(new double[] {0, 0, 1, 0}, new long[] {1, 4}, T));
    }

    @ParameterizedTest
    @EnumSource(DistanceScale.class)
    void everyDistancePenaltyMatchesItsClosedFormAndDerivative(DistanceScale scale) {
        int n = 3;
        int d = 4;
        SameDiff sd = SameDiff.create();
        SDVariable zPrime = sd.placeHolder("zPrime", T, -1, d);
        SDVariable z = sd.placeHolder("z", T, -1, d);
        SDVariable sigma = sd.placeHolder("sigma", T, 1, d);
        sd.identity("dist", scale.penalty(sd, zPrime, z, sigma));
        double[] s = scale.effectiveSigma(new double[] {0.05, 0.1, 0.5, 2.0});
        if (scale == DistanceScale.AVERAGED) {
            for (double v : s) {
                assertThat(v).isCloseTo(0.6625, within(1e-15));
            }
        }
        INDArray zv = new Rng(2).gaussian(T, n, d);
        INDArray zp = new Rng(3).gaussian(T, n, d);
        double expected = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double delta = zp.getDouble(i, j) - zv.getDouble(i, j);
                double closed = scale == DistanceScale.STANDARDISED
                        ? Math.log(1 + delta * delta / (s[j] * s[j]))
                        : Math.log(1 + delta * delta) / (s[j] * s[j]);
                assertThat(scale.value(delta, s[j])).isCloseTo(closed, within(1e-12 * Math.max(1, closed)));
                double h = 1e-6;
                double fd = (scale.value(delta + h, s[j]) - scale.value(delta - h, s[j])) / (2 * h);
                assertThat(scale.derivative(delta, s[j])).isCloseTo(fd, within(1e-5 * Math.max(1, Math.abs(fd))));
                expected += closed;
            }
        }
        expected /= n * d;
        INDArray sv = Nd4j.create(s, new long[] {1, d}, T);
        double got = sd.output(Map.of("zPrime", zp, "z", zv, "sigma", sv), "dist").get("dist").getDouble(0);
        assertThat(got).isCloseTo(expected, within(1e-12 * Math.max(1, expected)));
        assertThat(sd.output(Map.of("zPrime", zv, "z", zv, "sigma", sv), "dist").get("dist").getDouble(0)).isZero();
    }

    @Test
    void theMultiLabelLossIsTheSummedSigmoidCrossEntropy() {
        SameDiff sd = SameDiff.create();
        SDVariable l = sd.placeHolder("l", T, -1, 3);
        SDVariable a = sd.placeHolder("a", T, -1, 3);
        sd.identity("nll", AttributeClassifierModel.multiLabelNll(sd, l, a));
        double[][] logits = {{2.0, -1.0, 0.0}, {-30.0, 40.0, 0.5}};
        double[][] targets = {{1, 0, 1}, {1, 1, 0}};
        double expected = 0;
        for (int i = 0; i < 2; i++) {
            for (int k = 0; k < 3; k++) {
                double p = 1 / (1 + Math.exp(-logits[i][k]));
                // -log p for target 1, -log(1 - p) for 0; for l = -30 use the stable form 30 + log1p(e^-30)
                double term = targets[i][k] == 1
                        ? (logits[i][k] < -20 ? -logits[i][k] + Math.log1p(Math.exp(logits[i][k])) : -Math.log(p))
                        : -Math.log(1 - p);
                expected += term;
            }
        }
        expected /= 2;
        double got = sd.output(Map.of("l", Nd4j.create(logits), "a", Nd4j.create(targets)), "nll").get("nll")
                .getDouble(0);
        assertThat(got).isCloseTo(expected, within(1e-9));
    }

    @Test
    void theAttributeClassifiersLossHasFiniteDifferenceGradientsAndItPredictsAVectorPerImage() {
        DataSource data = LatentConstraintsPluginTest.attributeData();
        ClassifierFactory f = new ClassifierFactory();
        AttributeClassifierModel m = new AttributeClassifierModel(new ClassifierConfig(List.of(6), Activation.TANH, 1),
                new ModelContext(data.spec(), LossWeights.of(Map.of(ClassifierModel.CLASSIFICATION, 1.0),
                        f.lossWeights()), UpdaterConfig.adam(1e-3), 3, T));
        Batch batch = data.batch(Split.TRAIN, new int[] {0, 1, 2, 3, 4}, T);
        for (UpdateStep step : m.schedule().steps()) {
            Map<String, INDArray> ph = new LinkedHashMap<>(m.feed(batch, new Rng(6), false));
            ph.putAll(m.schedule().selectors(step, T));
            GradientCheck.Result r = GradientCheck.check(m.graph(), ph, TermNames.LOSS, step.trainable(), 8);
            assertThat(r.checked()).isEqualTo(step.trainable().size());
            assertThat(r.worstRelativeError()).as(r.worstVariable()).isLessThan(1e-5);
        }
        int[][] predicted = m.predict(batch.y());
        assertThat(predicted).hasNumberOfRows(5);
        assertThat(predicted[0]).hasSize(m.numAttributes());
        for (int[] row : predicted) {
            for (int v : row) {
                assertThat(v).isIn(0, 1);
            }
        }
        // class-labelled data is refused with the task it needs
        assertThatThrownBy(() -> new AttributeClassifierModel(new ClassifierConfig(List.of(6), Activation.TANH, 1),
                new ModelContext(SyntheticImages.source(8, 4, 8).spec(), LossWeights.of(
                        Map.of(ClassifierModel.CLASSIFICATION, 1.0), f.lossWeights()), UpdaterConfig.adam(1e-3), 3, T)))
                .hasMessageContaining("data.task: {type: attributes}");
    }
}
