package org.cgm4j.models.gsnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.QuadrantsTask;
import org.cgm4j.api.data.Split;
import org.cgm4j.api.eval.ConditionalLogLikelihood;
import org.cgm4j.api.eval.EvalContext;
import org.cgm4j.api.model.ConditionalGenerativeModel;
import org.cgm4j.api.model.LossWeights;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.ModelFactory;
import org.cgm4j.api.model.ModelWeights;
import org.cgm4j.api.nn.Scopes;
import org.cgm4j.api.objective.TermNames;
import org.cgm4j.api.objective.UpdaterConfig;
import org.cgm4j.api.rng.Rng;
import org.cgm4j.api.testing.SyntheticImages;
import org.cgm4j.api.train.TrainConfig;
import org.cgm4j.api.train.Trainer;
import org.cgm4j.models.cvae.CvaeConfig;
import org.cgm4j.models.cvae.CvaeFactory;
import org.cgm4j.models.cvae.CvaeGraph;
import org.cgm4j.models.cvae.CvaeModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The GSNN and the hybrid: both ends of alpha against the CVAE's and the GSNN's losses on the same
 * batch and weights, the hybrid's unweighted terms, the GSNN's term against its definition, its
 * missing recognition network, and learning.
 */
class GsnnModelTest {
    private static final DataSource DATA = SyntheticImages.source(256, 128, 8, new QuadrantsTask(1));
    private static final Map<String, Double> CVAE_WEIGHTS = Map.of(CvaeModel.RECONSTRUCTION, 1.0, CvaeModel.KL, 1.0,
            CvaeModel.RECONSTRUCTION_2X, 0.0, CvaeModel.RECONSTRUCTION_4X, 0.0);

    private static <C extends org.cgm4j.api.model.ModelConfig> ConditionalGenerativeModel build(ModelFactory<C> f,
            C config, Map<String, Double> weights, DataType type) {
        return f.create(config, new ModelContext(DATA.spec(), LossWeights.of(weights, f.lossWeights()),
                UpdaterConfig.adam(3e-3), 11, type));
    }

    private static GsnnModel gsnn(DataType type) {
        return (GsnnModel) build(new GsnnFactory(), CvaeConfig.of(4, List.of(16)),
                GsnnPluginTest.gsnnWeights(1.0, 0.0, 0.0), type);
    }

    private static HybridModel hybrid(double alpha, DataType type) {
        return (HybridModel) build(new HybridFactory(), CvaeConfig.of(4, List.of(16)),
                GsnnPluginTest.hybridWeights(alpha, 0.0), type);
    }

    private static CvaeModel cvae(DataType type) {
        return (CvaeModel) build(new CvaeFactory(), CvaeConfig.of(4, List.of(16)), CVAE_WEIGHTS, type);
    }

    /** Copies the weights of {@code from} into {@code to} wherever the names coincide. */
    private static void copyShared(ConditionalGenerativeModel from, ConditionalGenerativeModel to) {
        Map<String, INDArray> src = ModelWeights.of(from.graph());
        Map<String, INDArray> shared = new LinkedHashMap<>(ModelWeights.of(to.graph()));
        shared.replaceAll((name, arr) -> src.containsKey(name) ? src.get(name) : arr);
        ModelWeights.assign(to.graph(), shared, "test");
    }

    /** The placeholders of {@code feed} that {@code m}'s graph has. */
    private static Map<String, INDArray> restrict(Map<String, INDArray> feed, ConditionalGenerativeModel m) {
        Map<String, INDArray> out = new LinkedHashMap<>(feed);
        out.keySet().retainAll(m.graph().inputs());
        return out;
    }

    private static double output(ConditionalGenerativeModel m, Map<String, INDArray> feed, String name) {
        return m.graph().output(restrict(feed, m), name).get(name).getDouble(0);
    }

    private static Batch batch(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return DATA.batch(Split.TRAIN, idx, DataType.DOUBLE);
    }

    @Test
    void alphaOneIsTheCvaeLossAndAlphaZeroTheGsnnLoss() {
        CvaeModel cvae = cvae(DataType.DOUBLE);
        GsnnModel gsnn = gsnn(DataType.DOUBLE);
        HybridModel one = hybrid(1.0, DataType.DOUBLE);
        HybridModel zero = hybrid(0.0, DataType.DOUBLE);
        copyShared(cvae, gsnn);
        ModelWeights.assign(one.graph(), ModelWeights.of(cvae.graph()), "cvae");
        ModelWeights.assign(zero.graph(), ModelWeights.of(cvae.graph()), "cvae");
        // One feed with both noises: the CVAE reads eps/recognition, the GSNN eps/prior.
        Map<String, INDArray> feed = one.feed(batch(16), new Rng(4), true);
        assertThat(feed).containsKeys(CvaeGraph.EPS_RECOGNITION, CvaeGraph.EPS_PRIOR);
        double cvaeLoss = output(cvae, feed, TermNames.LOSS);
        double gsnnLoss = output(gsnn, feed, TermNames.LOSS);
        assertThat(cvaeLoss).isNotCloseTo(gsnnLoss, within(1e-3));
        assertThat(output(one, feed, TermNames.LOSS)).isEqualTo(cvaeLoss);
        assertThat(output(zero, feed, TermNames.LOSS)).isEqualTo(gsnnLoss);
    }

    @Test
    void theHybridLogsEveryTermUnweightedAndWeighsThemByAlpha() {
        double alpha = 0.3;
        HybridModel h = hybrid(alpha, DataType.DOUBLE);
        Map<String, INDArray> feed = h.feed(batch(8), new Rng(5), true);
        double rec = output(h, feed, TermNames.variable(CvaeModel.RECONSTRUCTION));
        double kl = output(h, feed, TermNames.variable(CvaeModel.KL));
        double g = output(h, feed, TermNames.variable(GsnnModel.GSNN));
        assertThat(h.schedule().steps().get(0).objective().termNames()).containsExactly(CvaeModel.RECONSTRUCTION,
                CvaeModel.RECONSTRUCTION_2X, CvaeModel.RECONSTRUCTION_4X, CvaeModel.KL, GsnnModel.GSNN,
                GsnnModel.GSNN_2X, GsnnModel.GSNN_4X);
        assertThat(output(h, feed, TermNames.LOSS)).isCloseTo(alpha * (rec + kl) + (1 - alpha) * g, within(1e-9));
        // The hybrid's terms are the CVAE's and the GSNN's on the same weights and noise.
        CvaeModel cvae = cvae(DataType.DOUBLE);
        ModelWeights.assign(cvae.graph(), ModelWeights.of(h.graph()), "hybrid");
        assertThat(output(cvae, feed, TermNames.variable(CvaeModel.KL))).isEqualTo(kl);
        GsnnModel gsnn = gsnn(DataType.DOUBLE);
        copyShared(h, gsnn);
        assertThat(output(gsnn, feed, TermNames.variable(GsnnModel.GSNN))).isEqualTo(g);
    }

    @Test
    void theGsnnTermScoresCodesDrawnFromThePrior() {
        GsnnModel m = gsnn(DataType.DOUBLE);
        Batch b = batch(6);
        Map<String, INDArray> feed = m.feed(b, new Rng(6), true);
        assertThat(feed).doesNotContainKey(CvaeGraph.EPS_RECOGNITION);
        INDArray[] p = m.prior(b);
        INDArray z = p[0].add(Nd4j.math().exp(p[1].mul(0.5)).mul(feed.get(CvaeGraph.EPS_PRIOR)));
        double expected = -m.logLikelihood(b, z).meanNumber().doubleValue();
        assertThat(output(m, feed, TermNames.variable(GsnnModel.GSNN))).isCloseTo(expected, within(1e-9));
    }

    @Test
    void theGsnnHasNoRecognitionNetworkAndItsImportanceEstimateIsMonteCarlo() {
        GsnnModel m = gsnn(DataType.FLOAT);
        assertThat(m.hasRecognition()).isFalse();
        assertThatThrownBy(() -> m.recognition(batch(2))).hasMessageContaining("no recognition network");
        assertThat(ModelWeights.of(m.graph()).keySet()).noneMatch(v -> Scopes.inScope(v, Scopes.RECOGNITION));
        EvalContext ctx = new EvalContext(m, DATA, Split.TEST, 64, 3);
        assertThat(new ConditionalLogLikelihood("importance", 4).compute(ctx).get("negativeCll_importance"))
                .isEqualTo(new ConditionalLogLikelihood("monteCarlo", 4).compute(ctx).get("negativeCll_monteCarlo"));
    }

    @Test
    void theHybridTrainsEveryNetworkAndTheGsnnNoRecognition() {
        assertThat(hybrid(0.5, DataType.FLOAT).schedule().steps().get(0).trainable())
                .anyMatch(v -> Scopes.inScope(v, Scopes.RECOGNITION))
                .anyMatch(v -> Scopes.inScope(v, Scopes.PRIOR))
                .anyMatch(v -> Scopes.inScope(v, Scopes.GENERATION));
    }

    @Test
    void trainingLowersTheGsnnsAndTheHybridsNegativeCll() {
        for (ConditionalGenerativeModel m : List.of(gsnn(DataType.FLOAT), hybrid(0.5, DataType.FLOAT))) {
            EvalContext ctx = new EvalContext(m, DATA, Split.TEST, 64, 3);
            ConditionalLogLikelihood cll = new ConditionalLogLikelihood("importance", 10);
            double before = cll.compute(ctx).get("negativeCll_importance");
            new Trainer(new TrainConfig(10, UpdaterConfig.adam(3e-3), 0), 32, 3, null).fit(m, DATA, List.of(), false);
            assertThat(cll.compute(ctx).get("negativeCll_importance")).as(m.type()).isLessThan(before - 5);
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1.5})
    void alphaOutsideZeroOneIsRejectedNamingTheKey(double alpha) {
        assertThatThrownBy(() -> hybrid(alpha, DataType.FLOAT))
                .hasMessageContaining("loss.alpha")
                .hasMessageContaining("[0, 1]");
    }
}
