package org.cgm4j.api.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.model.LatentVariableModel;
import org.cgm4j.api.rng.Rng;
import org.cgm4j.api.train.StepMemory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The diagnostics of a VAE-family model ({@link LatentVariableModel}, prior N(0, I)), all in nats
 * per example and accumulated in double:
 *
 * <ul>
 *   <li>{@code elbo}: negative ELBO = reconstruction + KL, with one reparameterised sample;
 *   <li>{@code importanceWeighted}: -log p(y) estimated with k importance samples from q(z|y)
 *       (Burda et al. 2016), an upper bound on -log p(y) that tightens as k grows and lies below
 *       the negative ELBO on average;
 *   <li>{@code activeUnits}: latent dimensions whose posterior mean varies over the data by more
 *       than a threshold (0.01 in Burda et al. 2016), plus the mean KL per dimension.
 * </ul>
 */
public final class LatentVariableMetrics {
    private LatentVariableMetrics() {}

    /** The model as a {@link LatentVariableModel}, or an error naming the metric. */
    static LatentVariableModel latent(EvalContext ctx, String metric) {
        if (ctx.model() instanceof LatentVariableModel m) {
            return m;
        }
        throw new IllegalArgumentException("metric '" + metric + "' needs a model with an encoder and a decoder;"
                + " model type '" + ctx.model().type() + "' has none");
    }

    static double[][] rows(INDArray a) {
        return a.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    /** Negative ELBO, reconstruction and KL on the context's split. */
    public record Elbo() implements SelfMetric {
        /** The metric's type name. */
        public static final String TYPE = "elbo";

        @Override
        public String name() {
            return TYPE;
        }

        @Override
        public Map<String, Double> compute(EvalContext ctx) {
            LatentVariableModel m = latent(ctx, TYPE);
            Rng rng = ctx.rng(TYPE);
            RunningMean nelbo = new RunningMean();
            RunningMean rec = new RunningMean();
            RunningMean kl = new RunningMean();
            for (int[] idx : ctx.data().sequentialBatches(ctx.split(), ctx.batchSize())) {
                Batch b = ctx.data().batch(ctx.split(), idx, m.dataType());
                INDArray[] q = m.encode(b.y());
                INDArray eps = rng.gaussian(m.dataType(), idx.length, m.latentDim());
                INDArray z = LatentMath.sample(q[0], q[1], eps);
                double[] ll = m.logLikelihood(b.y(), z).castTo(DataType.DOUBLE).toDoubleVector();
                double[][] mu = rows(q[0]);
                double[][] lv = rows(q[1]);
                for (int i = 0; i < idx.length; i++) {
                    double k = LatentMath.klToStandardNormal(mu[i], lv[i]);
                    rec.add(-ll[i]);
                    kl.add(k);
                    nelbo.add(k - ll[i]);
                }
            }
            Map<String, Double> out = new LinkedHashMap<>();
            out.put("negativeElbo", nelbo.mean());
            out.put("negativeElbo_se", nelbo.standardError());
            out.put("reconstruction", rec.mean());
            out.put("kl", kl.mean());
            return out;
        }
    }

    /**
     * -log p(y) by importance sampling with {@code samples} draws from q(z|y) per example:
     * {@code -log (1/k) sum_k p(y|z_k) p(z_k) / q(z_k|y)}.
     */
    public record ImportanceWeighted(int samples) implements SelfMetric {
        /** The metric's type name. */
        public static final String TYPE = "importanceWeighted";

        /** Validates. */
        public ImportanceWeighted {
            if (samples < 1) {
                throw new IllegalArgumentException("importanceWeighted.samples must be >= 1, got " + samples);
            }
        }

        @Override
        public String name() {
            return TYPE;
        }

        @Override
        public Map<String, Double> compute(EvalContext ctx) {
            LatentVariableModel m = latent(ctx, TYPE);
            Rng rng = ctx.rng(TYPE);
            RunningMean nll = new RunningMean();
            // About 10k decoder rows per chunk: batch * samples rows are drawn at once, then decoded
            // in calls of at most the model's decoderRowsPerCall (fewer for a conv decoder).
            int per = Math.max(1, Math.min(ctx.batchSize(), 10_000 / samples));
            // Every output is copied out within its chunk, so the graph's arrays can serve the next
            // chunk, and the chunk's own arrays are freed at once: otherwise each chunk's 100 MB
            // waits for the collector and a run's peak RSS grows past 1.5 GB.
            StepMemory memory = new StepMemory();
            memory.attachForOutputs(m.graph());
            try {
                for (int[] idx : ctx.data().sequentialBatches(ctx.split(), per)) {
                    memory.recycle();
                    chunk(ctx, m, rng, idx, nll);
                }
            } finally {
                memory.detach();
            }
            Map<String, Double> out = new LinkedHashMap<>();
            out.put("importanceWeightedNll", nll.mean());
            out.put("importanceWeightedNll_se", nll.standardError());
            out.put("importanceSamples", (double) samples);
            return out;
        }

        /** The estimates of the examples {@code idx}, added to {@code nll}. */
        private void chunk(EvalContext ctx, LatentVariableModel m, Rng rng, int[] idx, RunningMean nll) {
            int d = m.latentDim();
            Batch b = ctx.data().batch(ctx.split(), idx, m.dataType());
            int n = idx.length;
            INDArray[] q = m.encode(b.y());
            double[][] mu = rows(q[0]);
            double[][] lv = rows(q[1]);
            // Row s * n + i holds sample s of example i.
            double[][] z = new double[n * samples][d];
            for (int s = 0; s < samples; s++) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < d; j++) {
                        z[s * n + i][j] = mu[i][j] + Math.exp(0.5 * lv[i][j]) * rng.nextGaussian();
                    }
                }
            }
            INDArray zArr = Nd4j.create(z).castTo(m.dataType());
            // Only y is decoded: x and yMask are not stacked.
            INDArray yStacked = new Batch(null, b.y(), null, b.labels()).repeat(samples).y();
            double[] ll = logLikelihood(m, yStacked, zArr);
            for (int i = 0; i < n; i++) {
                double[] logw = new double[samples];
                for (int s = 0; s < samples; s++) {
                    double[] zr = z[s * n + i];
                    logw[s] = ll[s * n + i] + LatentMath.logStandardNormal(zr) - LatentMath.logNormal(zr, mu[i], lv[i]);
                }
                nll.add(-LatentMath.logMeanExp(logw));
            }
            b.release();
            yStacked.close(); // with one sample, b's own y: already freed
            zArr.close();
        }
    }

    /**
     * log p(y | z) of every row, in calls of at most {@link LatentVariableModel#decoderRowsPerCall}
     * rows of nearly equal size (a conv decoder's working buffers grow with the rows of a call).
     */
    static double[] logLikelihood(LatentVariableModel m, INDArray y, INDArray z) {
        long rows = z.rows();
        int most = Math.max(1, m.decoderRowsPerCall());
        if (rows <= most) {
            return m.logLikelihood(y, z).castTo(DataType.DOUBLE).toDoubleVector();
        }
        long calls = (rows + most - 1) / most;
        long per = (rows + calls - 1) / calls;
        double[] out = new double[Math.toIntExact(rows)];
        for (long from = 0; from < rows; from += per) {
            long to = Math.min(rows, from + per);
            INDArray ys = y.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup();
            INDArray zs = z.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup();
            double[] part = m.logLikelihood(ys, zs).castTo(DataType.DOUBLE).toDoubleVector();
            System.arraycopy(part, 0, out, (int) from, part.length);
            ys.close();
            zs.close();
        }
        return out;
    }

    /** Active units: dimensions whose posterior mean has variance over the data above {@code threshold}. */
    public record ActiveUnits(double threshold) implements SelfMetric {
        /** The metric's type name. */
        public static final String TYPE = "activeUnits";

        /** Validates. */
        public ActiveUnits {
            if (!(threshold >= 0)) {
                throw new IllegalArgumentException("activeUnits.threshold must be >= 0, got " + threshold);
            }
        }

        @Override
        public String name() {
            return TYPE;
        }

        @Override
        public Map<String, Double> compute(EvalContext ctx) {
            LatentVariableModel m = latent(ctx, TYPE);
            int d = m.latentDim();
            RunningMean[] means = new RunningMean[d];
            RunningMean[] klPerDim = new RunningMean[d];
            for (int j = 0; j < d; j++) {
                means[j] = new RunningMean();
                klPerDim[j] = new RunningMean();
            }
            for (int[] idx : ctx.data().sequentialBatches(ctx.split(), ctx.batchSize())) {
                INDArray[] q = m.encode(ctx.data().batch(ctx.split(), idx, m.dataType()).y());
                double[][] mu = rows(q[0]);
                double[][] lv = rows(q[1]);
                for (double[] row : mu) {
                    for (int j = 0; j < d; j++) {
                        means[j].add(row[j]);
                    }
                }
                for (int i = 0; i < mu.length; i++) {
                    for (int j = 0; j < d; j++) {
                        klPerDim[j].add(0.5 * (Math.exp(lv[i][j]) + mu[i][j] * mu[i][j] - 1 - lv[i][j]));
                    }
                }
            }
            int active = 0;
            for (int j = 0; j < d; j++) {
                double n = means[j].count();
                double var = n > 1 ? Math.pow(means[j].standardError(), 2) * n : 0;
                if (var > threshold) {
                    active++;
                }
            }
            Map<String, Double> out = new LinkedHashMap<>();
            out.put("activeUnits", (double) active);
            out.put("latentDim", (double) d);
            for (int j = 0; j < d; j++) {
                out.put("klPerDim_" + j, klPerDim[j].mean());
            }
            return out;
        }
    }
}
