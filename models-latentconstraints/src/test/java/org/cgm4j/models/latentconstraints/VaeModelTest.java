package org.cgm4j.models.latentconstraints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.Split;
import org.cgm4j.api.eval.EvalContext;
import org.cgm4j.api.eval.LatentVariableMetrics;
import org.cgm4j.api.model.LossWeights;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.objective.UpdaterConfig;
import org.cgm4j.api.rng.Rng;
import org.cgm4j.api.testing.SyntheticImages;
import org.cgm4j.api.train.TrainConfig;
import org.cgm4j.api.train.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class VaeModelTest {
    private static final DataSource DATA = SyntheticImages.source(256, 64, 8);
    private static VaeModel trained;
    private static Map<String, Double> before;

    private static VaeModel build(double beta) {
        VaeFactory f = new VaeFactory();
        return f.create(new VaeConfig(4, List.of(32), Activation.RELU, "bernoulli", 1.0),
                new ModelContext(DATA.spec(), LossWeights.of(Map.of("reconstruction", 1.0, "kl", beta), f.lossWeights()),
                        UpdaterConfig.adam(3e-3), 1, DataType.FLOAT));
    }

    private static EvalContext eval(VaeModel m) {
        return new EvalContext(m, DATA, Split.TEST, 32, 9);
    }

    @BeforeAll
    static void train() {
        trained = build(1.0);
        before = new LatentVariableMetrics.Elbo().compute(eval(trained));
        new Trainer(new TrainConfig(15, UpdaterConfig.adam(3e-3), 0), 32, 3, null).fit(trained, DATA, List.of(), false);
    }

    @Test
    void trainingLowersTheTestNegativeElbo() {
        Map<String, Double> after = new LatentVariableMetrics.Elbo().compute(eval(trained));
        assertThat(after.get("negativeElbo")).isLessThan(before.get("negativeElbo") - 2);
        assertThat(after.get("negativeElbo"))
                .isCloseTo(after.get("reconstruction") + after.get("kl"), within(1e-9));
    }

    @Test
    void importanceWeightedNllLiesBelowTheNegativeElboAndTightensWithMoreSamples() {
        double elbo = new LatentVariableMetrics.Elbo().compute(eval(trained)).get("negativeElbo");
        double iw1 = new LatentVariableMetrics.ImportanceWeighted(1).compute(eval(trained)).get("importanceWeightedNll");
        double iw50 = new LatentVariableMetrics.ImportanceWeighted(50).compute(eval(trained)).get("importanceWeightedNll");
        // With one sample the estimator is the ELBO itself (up to sampling noise).
        assertThat(iw1).isCloseTo(elbo, within(0.05 * Math.abs(elbo)));
        assertThat(iw50).isLessThan(elbo).isLessThan(iw1);
    }

    @Test
    void activeUnitsCountsAtMostTheLatentWidth() {
        Map<String, Double> au = new LatentVariableMetrics.ActiveUnits(0.01).compute(eval(trained));
        assertThat(au.get("activeUnits")).isBetween(1.0, 4.0);
        assertThat(au.get("klPerDim_0")).isGreaterThanOrEqualTo(0.0);
        Map<String, Double> none = new LatentVariableMetrics.ActiveUnits(1e9).compute(eval(trained));
        assertThat(none.get("activeUnits")).isZero();
    }

    @Test
    void encodeDecodeAndLikelihoodHaveTheDocumentedShapes() {
        INDArray y = DATA.batch(Split.TEST, new int[] {0, 1, 2}, DataType.FLOAT).y();
        INDArray[] q = trained.encode(y);
        assertThat(q[0].shape()).containsExactly(3, 4);
        assertThat(q[1].shape()).containsExactly(3, 4);
        INDArray x = trained.samplePrior(5, new Rng(1));
        assertThat(x.shape()).containsExactly(5, 64);
        assertThat(x.minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
        assertThat(x.maxNumber().doubleValue()).isLessThanOrEqualTo(1.0);
        assertThat(trained.logLikelihood(y, q[0]).shape()).containsExactly(3);
    }

    @Test
    void aNegativeBetaIsRejectedNamingTheKey() {
        assertThatThrownBy(() -> build(-1.0)).hasMessageContaining("loss.kl").hasMessageContaining(">= 0");
    }
}
