package org.cgm4j.api.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.model.ConditionalLatentVariableModel;
import org.cgm4j.api.model.DeterministicPredictor;
import org.cgm4j.api.rng.Rng;
import org.cgm4j.api.train.StepMemory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The negative conditional log-likelihood -log p(y | x) of test pairs, in nats per example over
 * the pixels of y that count (the hidden quadrants), the figure of Sohn, Lee and Yan (2015,
 * Table 1). Two estimators with S samples per example, both averaged with log-sum-exp in double:
 *
 * <ul>
 *   <li>{@value #MONTE_CARLO}: {@code -log (1/S) sum_s p(y | x, z_s)}, z_s ~ p(z | x). Under-estimates
 *       log p(y | x) in expectation (Jensen), so the negative CLL comes out too high, and needs many
 *       samples;
 *   <li>{@value #IMPORTANCE}: {@code -log (1/S) sum_s p(y | x, z_s) p(z_s | x) / q(z_s | x, y)}, z_s ~
 *       q(z | x, y). With S = 1 its expectation is the negative ELBO; it tightens towards -log p(y|x)
 *       as S grows. For a model without a recognition network (a GSNN) the proposal is the prior
 *       itself, and the estimator is then exactly the Monte Carlo one.
 * </ul>
 *
 * <p>For a {@link DeterministicPredictor} (the baseline network) the value is exact, -log p(y | x),
 * whatever the estimator and S.
 *
 * <p>Samples for many examples are drawn at once: about 5,000 rows (examples x S) per call of the
 * model's log-likelihood (laid out as {@link Batch#repeat}: row {@code s n + i} is sample s of example i), so
 * S = 100 over 2,000 test pairs is 40 graph calls; 10,000 rows per call were no faster and took 260 MB
 * more memory at the peak. Noise comes from the context's stream {@code
 * eval/conditionalLogLikelihood/<estimator>} (the {@value #MONTE_CARLO} stream for a model without
 * recognition network, so that both estimators then give the same value).
 *
 * <p>Values: {@code negativeCll_<estimator>}, its standard error over examples {@code
 * negativeCll_<estimator>_se}, and {@code cllSamples_<estimator>} = S.
 *
 * @param estimator {@value #IMPORTANCE} or {@value #MONTE_CARLO}
 * @param samples S, >= 1
 */
public record ConditionalLogLikelihood(String estimator, int samples) implements SelfMetric {
    /** The metric's type name. */
    public static final String TYPE = "conditionalLogLikelihood";
    /** Importance sampling from q(z | x, y). */
    public static final String IMPORTANCE = "importance";
    /** Plain Monte Carlo from p(z | x). */
    public static final String MONTE_CARLO = "monteCarlo";
    /** Rows of z scored per graph call. */
    static final int ROWS_PER_CALL = 5_000;

    /** Validates; messages name the key and the allowed values. */
    public ConditionalLogLikelihood {
        if (!IMPORTANCE.equals(estimator) && !MONTE_CARLO.equals(estimator)) {
            throw new IllegalArgumentException(TYPE + ".estimator must be " + IMPORTANCE + " or " + MONTE_CARLO
                    + ", got " + (estimator == null ? "nothing" : "'" + estimator + "'"));
        }
        if (samples < 1) {
            throw new IllegalArgumentException(TYPE + ".samples must be >= 1, got " + samples);
        }
    }

    @Override
    public String name() {
        return TYPE;
    }

    /** The key of the mean negative CLL: {@code negativeCll_<estimator>}. */
    public String key() {
        return "negativeCll_" + estimator;
    }

    @Override
    public Map<String, Double> compute(EvalContext ctx) {
        RunningMean nll = new RunningMean();
        if (ctx.model() instanceof DeterministicPredictor m) {
            for (int[] idx : ctx.data().sequentialBatches(ctx.split(), Math.max(1, ctx.batchSize()))) {
                Batch b = ctx.data().batch(ctx.split(), idx, m.dataType());
                for (double ll : m.logLikelihood(b).castTo(DataType.DOUBLE).toDoubleVector()) {
                    nll.add(-ll);
                }
            }
        } else if (ctx.model() instanceof ConditionalLatentVariableModel m) {
            sampled(ctx, m, nll);
        } else {
            throw new IllegalArgumentException("metric '" + TYPE + "' needs a conditional latent-variable model or a"
                    + " deterministic predictor; model type '" + ctx.model().type() + "' is neither");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(key(), nll.mean());
        out.put(key() + "_se", nll.standardError());
        out.put("cllSamples_" + estimator, (double) samples);
        return out;
    }

    private void sampled(EvalContext ctx, ConditionalLatentVariableModel m, RunningMean nll) {
        boolean importance = IMPORTANCE.equals(estimator) && m.hasRecognition();
        // Without a recognition network both estimators are one computation: one stream, equal values.
        Rng rng = ctx.rng(TYPE + "/" + (importance ? IMPORTANCE : MONTE_CARLO));
        int per = Math.max(1, ROWS_PER_CALL / samples);
        // Every output is copied out (flat) within its chunk, so the graph's arrays can serve the next chunk.
        StepMemory memory = new StepMemory();
        memory.attachForOutputs(m.graph());
        Batch stacked = null; // the previous chunk's S-fold batch, whose arrays the next one reuses
        try {
            for (int[] idx : ctx.data().sequentialBatches(ctx.split(), per)) {
                memory.recycle();
                stacked = chunk(ctx, m, idx, importance, rng, nll, stacked);
            }
        } finally {
            memory.detach();
            if (stacked != null) {
                stacked.release();
            }
        }
    }

    /**
     * The estimates of the examples {@code idx}, S samples each, added to {@code nll}.
     *
     * @param reuse the S-fold batch of the previous chunk (its arrays are overwritten), or null
     * @return this chunk's S-fold batch, for the next
     */
    private Batch chunk(EvalContext ctx, ConditionalLatentVariableModel m, int[] idx, boolean importance, Rng rng,
            RunningMean nll, Batch reuse) {
        int d = m.latentDim();
        Batch b = ctx.data().batch(ctx.split(), idx, m.dataType());
        int n = idx.length;
        INDArray[] p = m.prior(b);
        double[] muP = flat(p[0]);
        double[] lvP = flat(p[1]);
        double[] muQ = muP;
        double[] lvQ = lvP;
        if (importance) {
            INDArray[] q = m.recognition(b);
            muQ = flat(q[0]);
            lvQ = flat(q[1]);
        }
        // Row s * n + i holds sample s of example i, as Batch.repeat lays the examples out.
        double[] sdQ = new double[n * d];
        for (int k = 0; k < sdQ.length; k++) {
            sdQ[k] = Math.exp(0.5 * lvQ[k]);
        }
        double[] zFlat = new double[n * samples * d];
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < n; i++) {
                int base = (s * n + i) * d;
                for (int j = 0; j < d; j++) {
                    zFlat[base + j] = muQ[i * d + j] + sdQ[i * d + j] * rng.nextGaussian();
                }
            }
        }
        INDArray zArr = Nd4j.create(zFlat, new long[] {(long) n * samples, d}, DataType.DOUBLE)
                .castTo(m.dataType());
        // The densities are taken at the codes the model scores, after rounding to its type.
        double[] z = flat(zArr);
        Batch stacked = b.repeat(samples, reuse);
        double[] ll = flat(m.logLikelihood(stacked, zArr));
        // Freed or reused now, not left to the collector: fresh memory costs a page fault per
        // 4 KB on first touch, and the S-fold batch is about 47 MB at 5,000 rows.
        b.release();
        zArr.close();
        double[] invVarP = importance ? inverseVariances(lvP) : null;
        double[] invVarQ = importance ? inverseVariances(lvQ) : null;
        double[] logw = new double[samples];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < samples; s++) {
                int r = s * n + i;
                logw[s] = ll[r];
                if (importance) {
                    // log p(z|x) - log q(z|x,y); the 2 pi terms cancel.
                    logw[s] += logDensity(z, r * d, muP, lvP, invVarP, i * d, d)
                            - logDensity(z, r * d, muQ, lvQ, invVarQ, i * d, d);
                }
            }
            nll.add(-LatentMath.logMeanExp(logw));
        }
        return stacked;
    }

    /** The values of {@code a} in row-major order as doubles: one bulk copy ({@code toDoubleMatrix} goes row by row). */
    static double[] flat(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    private static double[] inverseVariances(double[] lv) {
        double[] out = new double[lv.length];
        for (int k = 0; k < lv.length; k++) {
            out[k] = Math.exp(-lv[k]);
        }
        return out;
    }

    /** log N(z; mu, exp(lv)) + (d/2) log 2 pi, summed over the d dimensions at the given offsets of flat arrays. */
    private static double logDensity(double[] z, int zOff, double[] mu, double[] lv, double[] invVar, int off, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            double diff = z[zOff + j] - mu[off + j];
            s += diff * diff * invVar[off + j] + lv[off + j];
        }
        return -0.5 * s;
    }
}
