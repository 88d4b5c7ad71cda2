package org.cgm4j.api.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.LabeledImages;
import org.cgm4j.api.data.QuadrantsTask;
import org.cgm4j.api.data.Split;
import org.cgm4j.api.model.ConditionalLatentVariableModel;
import org.cgm4j.api.model.DeterministicPredictor;
import org.cgm4j.api.model.ModelConfig;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.objective.TrainingSchedule;
import org.cgm4j.api.rng.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The conditional log-likelihood metric on a linear-Gaussian model whose log p(y | x) is known in
 * closed form: z ~ N(0, 1), and each of the k counted pixels y_j | z ~ N(z, sigma^2), so that y ~
 * N(0, sigma^2 I + 1 1^T) and the exact posterior is N(sum y / (sigma^2 + k), sigma^2 / (sigma^2 +
 * k)).
 */
class ConditionalLogLikelihoodTest {
    private static final double SIGMA = 0.5;
    /** 4 x 4 images with one quadrant given: 12 counted pixels. */
    private static final DataSource DATA = source();

    private static DataSource source() {
        Rng rng = new Rng(3);
        int n = 40;
        byte[] pixels = new byte[n * 16];
        byte[] labels = new byte[n];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) rng.nextInt(256);
        }
        LabeledImages img = new LabeledImages(n, 4, 4, pixels, labels);
        return DataSource.of("random", img, img, new QuadrantsTask(1));
    }

    private static EvalContext ctx(Object model) {
        return new EvalContext((org.cgm4j.api.model.ConditionalGenerativeModel) model, DATA, Split.TEST, 16, 7);
    }

    /** The exact -log p(y | x) per test example, averaged. */
    private static double exactNegativeCll() {
        Batch b = DATA.batch(Split.TEST, DATA.sequentialBatches(Split.TEST, 1000).get(0), DataType.DOUBLE);
        double[][] y = b.y().toDoubleMatrix();
        double[][] m = b.yMask().toDoubleMatrix();
        double s2 = SIGMA * SIGMA;
        RunningMean mean = new RunningMean();
        for (int i = 0; i < y.length; i++) {
            int k = 0;
            double sum = 0;
            double sq = 0;
            for (int j = 0; j < y[i].length; j++) {
                if (m[i][j] != 0) {
                    k++;
                    sum += y[i][j];
                    sq += y[i][j] * y[i][j];
                }
            }
            double logDet = k * Math.log(s2) + Math.log(1 + k / s2);
            double quad = (sq - sum * sum / (s2 + k)) / s2;
            mean.add(0.5 * (k * Math.log(2 * Math.PI) + logDet + quad));
        }
        return mean.mean();
    }

    @Test
    void importanceSamplingWithTheExactPosteriorIsExactForAnyS() {
        double exact = exactNegativeCll();
        for (int s : new int[] {1, 7}) {
            Map<String, Double> r = new ConditionalLogLikelihood("importance", s).compute(ctx(new LinearGaussian(0, 1)));
            assertThat(r.get("negativeCll_importance")).isCloseTo(exact, within(1e-9));
            assertThat(r.get("cllSamples_importance")).isEqualTo(s);
            assertThat(r).containsKey("negativeCll_importance_se");
        }
    }

    @Test
    void aPoorProposalIsAnUpperBoundThatTightensWithMoreSamples() {
        double exact = exactNegativeCll();
        LinearGaussian poor = new LinearGaussian(0.15, 3.0);
        double s1 = new ConditionalLogLikelihood("importance", 1).compute(ctx(poor)).get("negativeCll_importance");
        double s100 = new ConditionalLogLikelihood("importance", 100).compute(ctx(poor)).get("negativeCll_importance");
        assertThat(s1).isGreaterThan(s100);
        assertThat(s1).isGreaterThan(exact + 0.3);
        assertThat(s100).isGreaterThan(exact - 0.02).isLessThan(exact + 0.1);
    }

    @Test
    void monteCarloOverestimatesTheNegativeCllWithFewSamplesAndConvergesWithMany() {
        double exact = exactNegativeCll();
        LinearGaussian m = new LinearGaussian(0, 1);
        double few = new ConditionalLogLikelihood("monteCarlo", 2).compute(ctx(m)).get("negativeCll_monteCarlo");
        double many = new ConditionalLogLikelihood("monteCarlo", 2000).compute(ctx(m)).get("negativeCll_monteCarlo");
        assertThat(few).isGreaterThan(exact + 0.5);
        assertThat(many).isGreaterThan(exact - 0.02).isLessThan(few);
        assertThat(Math.abs(many - exact)).isLessThan(0.1 * (few - exact));
    }

    @Test
    void withoutRecognitionTheImportanceEstimatorIsTheMonteCarloOne() {
        LinearGaussian noRecognition = new LinearGaussian(0, 1).withoutRecognition();
        double is = new ConditionalLogLikelihood("importance", 5).compute(ctx(noRecognition)).get("negativeCll_importance");
        double mc = new ConditionalLogLikelihood("monteCarlo", 5).compute(ctx(noRecognition)).get("negativeCll_monteCarlo");
        assertThat(is).isEqualTo(mc);
    }

    @Test
    void aDeterministicPredictorIsScoredExactly() {
        Map<String, Double> r = new ConditionalLogLikelihood("importance", 100).compute(ctx(new Deterministic()));
        // log N(y; 0.5, 1) per counted pixel, 12 pixels.
        Batch b = DATA.batch(Split.TEST, DATA.sequentialBatches(Split.TEST, 1000).get(0), DataType.DOUBLE);
        double[] ll = new Deterministic().logLikelihood(b).toDoubleVector();
        RunningMean mean = new RunningMean();
        for (double v : ll) {
            mean.add(-v);
        }
        assertThat(r.get("negativeCll_importance")).isCloseTo(mean.mean(), within(1e-12));
        assertThat(r.get("negativeCll_importance_se")).isCloseTo(mean.standardError(), within(1e-12));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "mc", "Importance"})
    void anUnknownEstimatorIsRejectedNamingTheKeyAndTheAllowedValues(String estimator) {
        assertThatThrownBy(() -> new ConditionalLogLikelihood(estimator, 10))
                .hasMessageContaining("conditionalLogLikelihood.estimator")
                .hasMessageContaining("importance")
                .hasMessageContaining("monteCarlo");
    }

    @Test
    void samplesMustBePositive() {
        assertThatThrownBy(() -> new ConditionalLogLikelihood("importance", 0))
                .hasMessageContaining("conditionalLogLikelihood.samples")
                .hasMessageContaining(">= 1");
    }

    /** Shared do-nothing parts of the test models. */
    private abstract static class Stub {
        public ModelConfig config() {
            return null;
        }

        public ModelContext context() {
            return null;
        }

        public SameDiff graph() {
            return SameDiff.create();
        }

        public TrainingSchedule schedule() {
            throw new UnsupportedOperationException();
        }

        public Map<String, INDArray> feed(Batch batch, Rng rng, boolean training) {
            throw new UnsupportedOperationException();
        }

        public DataType dataType() {
            return DataType.DOUBLE;
        }

        /** sum_j mask_j log N(y_j; mean_j, SIGMA^2) per row. */
        static double[] gaussianLogLik(Batch b, double[] mean, double sigma) {
            double[] y = ConditionalLogLikelihood.flat(b.y());
            double[] m = ConditionalLogLikelihood.flat(b.yMask());
            int cols = (int) b.y().size(1);
            double[] out = new double[b.size()];
            for (int i = 0; i < out.length; i++) {
                for (int j = 0; j < cols; j++) {
                    double d = y[i * cols + j] - mean[i * cols + j];
                    out[i] += m[i * cols + j] * (-0.5 * (d * d / (sigma * sigma) + Math.log(2 * Math.PI * sigma * sigma)));
                }
            }
            return out;
        }
    }

    /** z ~ N(0, 1); y_j | z ~ N(z, SIGMA^2); q is the exact posterior shifted by {@code shift}, variance times {@code widen}. */
    private static final class LinearGaussian extends Stub implements ConditionalLatentVariableModel {
        private final double shift;
        private final double widen;
        private boolean recognition = true;

        LinearGaussian(double shift, double widen) {
            this.shift = shift;
            this.widen = widen;
        }

        LinearGaussian withoutRecognition() {
            recognition = false;
            return this;
        }

        @Override
        public String type() {
            return "linearGaussian";
        }

        @Override
        public int latentDim() {
            return 1;
        }

        @Override
        public INDArray[] prior(Batch batch) {
            return new INDArray[] {Nd4j.zeros(DataType.DOUBLE, batch.size(), 1), Nd4j.zeros(DataType.DOUBLE, batch.size(), 1)};
        }

        @Override
        public boolean hasRecognition() {
            return recognition;
        }

        @Override
        public INDArray[] recognition(Batch batch) {
            double[][] y = batch.y().toDoubleMatrix();
            double[][] m = batch.yMask().toDoubleMatrix();
            double s2 = SIGMA * SIGMA;
            double[] mu = new double[y.length];
            double[] lv = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                int k = 0;
                double sum = 0;
                for (int j = 0; j < y[i].length; j++) {
                    if (m[i][j] != 0) {
                        k++;
                        sum += y[i][j];
                    }
                }
                mu[i] = sum / (s2 + k) + shift;
                lv[i] = Math.log(widen * s2 / (s2 + k));
            }
            return new INDArray[] {Nd4j.create(mu, new long[] {y.length, 1}, DataType.DOUBLE),
                Nd4j.create(lv, new long[] {y.length, 1}, DataType.DOUBLE)};
        }

        @Override
        public INDArray logLikelihood(Batch batch, INDArray z) {
            double[] zs = z.toDoubleVector();
            int cols = (int) batch.y().size(1);
            double[] mean = new double[zs.length * cols];
            for (int i = 0; i < zs.length; i++) {
                java.util.Arrays.fill(mean, i * cols, (i + 1) * cols, zs[i]);
            }
            return Nd4j.create(gaussianLogLik(batch, mean, SIGMA), new long[] {zs.length}, DataType.DOUBLE);
        }

        @Override
        public INDArray predict(Batch batch, INDArray z) {
            return Nd4j.tile(z, 1, (int) batch.y().size(1));
        }
    }

    /** p(y_j | x) = N(0.5, 1) on every counted pixel. */
    private static final class Deterministic extends Stub implements DeterministicPredictor {
        @Override
        public String type() {
            return "deterministic";
        }

        @Override
        public INDArray logLikelihood(Batch batch) {
            double[] mean = new double[batch.size() * (int) batch.y().size(1)];
            java.util.Arrays.fill(mean, 0.5);
            return Nd4j.create(gaussianLogLik(batch, mean, 1.0), new long[] {batch.size()}, DataType.DOUBLE);
        }

        @Override
        public INDArray predict(Batch batch) {
            return Nd4j.valueArrayOf(batch.y().shape(), 0.5);
        }
    }
}
