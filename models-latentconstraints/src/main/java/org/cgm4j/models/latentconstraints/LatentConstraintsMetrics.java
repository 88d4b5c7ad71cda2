package org.cgm4j.models.latentconstraints;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.IdxFile;
import org.cgm4j.api.data.ImageShape;
import org.cgm4j.api.eval.EvalContext;
import org.cgm4j.api.eval.LatentMath;
import org.cgm4j.api.eval.RunningMean;
import org.cgm4j.api.eval.SelfMetric;
import org.cgm4j.api.io.ImageGrid;
import org.cgm4j.api.rng.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The evaluation of the latent constraints (Engel, Hoffman and Roberts 2018, Section 5), computed
 * through the model's encode/decode and its pairs' actors and critics, with a pixel-space
 * classifier trained by {@link EvaluationClassifier}:
 *
 * <ul>
 *   <li>{@code attributeAccuracy}: decoded conditional samples decode(G(z_p, y)), z_p ~ N(0, I),
 *       classified as the requested y; beside it the same for raw prior samples decode(z_p) (the
 *       chance level the actor starts from). Writes the samples and their requested labels as IDX
 *       files and a picture with one row per class into the run directory;
 *   <li>{@code classifierAccuracy}: the classifier's own accuracy on the split;
 *   <li>{@code realismScore}: the realism critic's mean sigmoid(D) of G(z_p) against raw z_p (and
 *       of posterior samples of the split); writes raw prior samples beside G(prior) samples;
 *   <li>{@code latentMove}: mean |z' - z| / sigma_bar_z of each actor on prior draws and on the
 *       split's posterior means;
 *   <li>{@code identityEdits}: test images edited towards every class, by latent optimisation
 *       without an actor and by the attribute actor, with their classifier accuracy and move;
 *       writes both edit grids.
 * </ul>
 *
 * The attribute pair on binary attribute vectors has its own metric, {@link AttributeEdits}; the
 * class metrics above refuse it. All random draws come from the context's stream for the metric,
 * so a seed gives identical values.
 */
public final class LatentConstraintsMetrics {
    /** Writes a picture of grid rows of images (the metric's outputs; a failed write names the file). */
    static void picture(List<float[][]> rows, ImageShape shape, Path file) {
        try {
            ImageGrid.writeRows(rows, shape, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decoded codes per graph call. */
    private static final int CHUNK = 500;
    /** Pixel scale of the pictures. */

    private LatentConstraintsMetrics() {}

    /** As {@link #model}, and the attribute pair must be class-conditional. */
    static LatentConstraintsModel classModel(EvalContext ctx, String metric) {
        LatentConstraintsModel m = model(ctx, metric, LatentConstraintsModel.ATTRIBUTE);
        if (!m.labelVectors().oneHot()) {
            throw new IllegalArgumentException("metric '" + metric + "' needs class labels; the attribute pair is"
                    + " conditioned on binary attributes " + m.labelVectors().names() + ": use metric '"
                    + AttributeEdits.TYPE + "'");
        }
        return m;
    }

    static LatentConstraintsModel model(EvalContext ctx, String metric, String pair) {
        if (!(ctx.model() instanceof LatentConstraintsModel m)) {
            throw new IllegalArgumentException("metric '" + metric + "' needs model type '"
                    + LatentConstraintsFactory.TYPE + "'; got '" + ctx.model().type() + "'");
        }
        if (pair != null && !m.pairs().containsKey(pair)) {
            throw new IllegalArgumentException("metric '" + metric + "' needs the " + pair + " pair; model.pairs is "
                    + m.pairs().keySet());
        }
        return m;
    }

    /** Decoder means of {@code z}, clamped to [0, 1] (what the classifier and the pictures see). */
    static INDArray decodeClamped(LatentConstraintsModel m, INDArray z) {
        List<INDArray> parts = new ArrayList<>();
        long n = z.size(0);
        for (long from = 0; from < n; from += CHUNK) {
            INDArray zc = z.get(NDArrayIndex.interval(from, Math.min(n, from + CHUNK)), NDArrayIndex.all());
            parts.add(m.decode(zc));
        }
        INDArray x = parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(INDArray[]::new));
        return Nd4j.math().clipByValue(x, 0.0, 1.0);
    }

    /** z' = G(z, y) of {@code pair} in chunks. */
    static INDArray transform(LatentConstraintsModel m, String pair, INDArray z, int[] labels) {
        List<INDArray> parts = new ArrayList<>();
        int n = (int) z.size(0);
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            parts.add(m.transform(pair, z.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()),
                    Arrays.copyOfRange(labels, from, to)));
        }
        return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(INDArray[]::new));
    }

    /** z' = G(z, y) of {@code pair} for label vectors {@code labels} ({@code [n, K]}) in chunks. */
    static INDArray transformVectors(LatentConstraintsModel m, String pair, INDArray z, INDArray labels) {
        List<INDArray> parts = new ArrayList<>();
        long n = z.size(0);
        for (long from = 0; from < n; from += CHUNK) {
            long to = Math.min(n, from + CHUNK);
            parts.add(m.transformVectors(pair, z.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()),
                    labels.get(NDArrayIndex.interval(from, to), NDArrayIndex.all())));
        }
        return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(INDArray[]::new));
    }

    /** The fraction of rows the classifier puts in their requested class, with its binomial standard error. */
    static double[] accuracy(ClassifierModel c, INDArray pixels, int[] labels) {
        int[] p = c.predict(pixels);
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            right += p[i] == labels[i] ? 1 : 0;
        }
        double a = (double) right / labels.length;
        return new double[] {a, Math.sqrt(a * (1 - a) / labels.length)};
    }

    /** Mean over rows and dimensions of |z'_ij - z_ij| / sigma_bar_j, and its standard error over rows. */
    static double[] move(INDArray zPrime, INDArray z, double[] sigmaBar) {
        double[][] a = zPrime.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] b = z.castTo(DataType.DOUBLE).toDoubleMatrix();
        RunningMean rows = new RunningMean();
        for (int i = 0; i < a.length; i++) {
            double s = 0;
            for (int j = 0; j < sigmaBar.length; j++) {
                s += Math.abs(a[i][j] - b[i][j]) / sigmaBar[j];
            }
            rows.add(s / sigmaBar.length);
        }
        return new double[] {rows.mean(), rows.standardError()};
    }

    /** Evenly spaced indices of {@code count} examples of a split of {@code size}. */
    static int[] spread(int size, int count) {
        int n = Math.min(size, count);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = (int) ((long) i * size / n);
        }
        return idx;
    }

    private static double sigmoidMean(INDArray logits) {
        RunningMean m = new RunningMean();
        for (double l : logits.castTo(DataType.DOUBLE).toDoubleVector()) {
            m.add(1 / (1 + Math.exp(-l)));
        }
        return m.mean();
    }

    /**
     * Attribute accuracy of decoded conditional samples: {@code samplesPerClass} prior draws per
     * class through the attribute actor, decoded and classified.
     */
    public record AttributeAccuracy(
            @JsonPropertyDescription("conditional samples per class, >= 1") int samplesPerClass,
            @JsonPropertyDescription("the evaluation classifier (default: EvaluationClassifier.DEFAULT)")
                    EvaluationClassifier classifier)
            implements SelfMetric {
        /** The metric's type name. */
        public static final String TYPE = "attributeAccuracy";
        /** The IDX file of the decoded samples, {@code [n, rows, cols]} bytes. */
        public static final String IMAGES_FILE = "attribute-samples-images.idx";
        /** The IDX file of the requested labels, {@code [n]} bytes. */
        public static final String LABELS_FILE = "attribute-samples-labels.idx";
        /** The picture: one row per class. */
        public static final String PICTURE = "attribute-samples.png";

        /** Validates. */
        public AttributeAccuracy {
            if (samplesPerClass < 1) {
                throw new IllegalArgumentException("attributeAccuracy.samplesPerClass must be >= 1, got "
                        + samplesPerClass);
            }
            classifier = EvaluationClassifier.orDefault(classifier);
        }

        @Override
        public String name() {
            return TYPE;
        }

        @Override
        public Map<String, Double> compute(EvalContext ctx) {
            LatentConstraintsModel m = classModel(ctx, TYPE);
            ClassifierModel c = classifier.trained(ctx.data(), ctx.seed());
            int k = m.numClasses();
            int n = k * samplesPerClass;
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = i / samplesPerClass;
            }
            Rng rng = ctx.rng(TYPE);
            INDArray z = rng.gaussian(m.dataType(), n, m.latentDim());
            INDArray samples = decodeClamped(m, transform(m, LatentConstraintsModel.ATTRIBUTE, z, labels));
            double[] acc = accuracy(c, samples, labels);
            double[] prior = accuracy(c, decodeClamped(m, z), labels);
            Map<String, Double> out = new LinkedHashMap<>();
            out.put("attributeAccuracy", acc[0]);
            out.put("attributeAccuracy_se", acc[1]);
            out.put("priorAttributeAccuracy", prior[0]);
            out.put("priorAttributeAccuracy_se", prior[1]);
            int[] pred = c.predict(samples);
            for (int cls = 0; cls < k; cls++) {
                int right = 0;
                for (int i = cls * samplesPerClass; i < (cls + 1) * samplesPerClass; i++) {
                    right += pred[i] == cls ? 1 : 0;
                }
                out.put("attributeAccuracy_class" + cls, (double) right / samplesPerClass);
            }
            Path dir = ctx.outputDir();
            if (dir != null) {
                ImageShape shape = ctx.data().spec().shape();
                float[][] all = samples.castTo(DataType.FLOAT).toFloatMatrix();
                IdxFile.writeImages(dir.resolve(IMAGES_FILE), all, shape);
                IdxFile.writeLabels(dir.resolve(LABELS_FILE), labels);
                List<float[][]> rows = new ArrayList<>();
                int shown = Math.min(samplesPerClass, 12);
                for (int cls = 0; cls < k; cls++) {
                    rows.add(Arrays.copyOfRange(all, cls * samplesPerClass, cls * samplesPerClass + shown));
                }
                picture(rows, shape, dir.resolve(PICTURE));
            }
            return out;
        }
    }

    /** The evaluation classifier's accuracy on the split (the model's own when it is a classifier). */
    public record ClassifierAccuracy(
            @JsonPropertyDescription("the evaluation classifier (default: EvaluationClassifier.DEFAULT)")
                    EvaluationClassifier classifier)
            implements SelfMetric {
        /** The metric's type name. */
        public static final String TYPE = "classifierAccuracy";

        /** Fills in the default classifier. */
        public ClassifierAccuracy {
            classifier = EvaluationClassifier.orDefault(classifier);
        }

        @Override
        public String name() {
            return TYPE;
        }

        @Override
        public Map<String, Double> compute(EvalContext ctx) {
            ClassifierModel c = ctx.model() instanceof ClassifierModel own
                    ? own
                    : classifier.trained(ctx.data(), ctx.seed());
            double a = c.accuracy(ctx.data(), ctx.split(), ctx.batchSize());
            int n = ctx.data().size(ctx.split());
            Map<String, Double> out = new LinkedHashMap<>();
            out.put("classifierAccuracy", a);
            out.put("classifierAccuracy_se", Math.sqrt(a * (1 - a) / n));
            return out;
        }
    }

    /** The realism critic's mean score of prior draws before and after the realism actor. */
    public record RealismScore(@JsonPropertyDescription("prior draws, >= 1") int samples)
            implements SelfMetric {
        /** The metric's type name. */
        public static final String TYPE = "realismScore";
        /** The picture: rows of raw prior samples, each above the same codes after the realism actor. */
        public static final String PICTURE = "realism-samples.png";

        /** Validates. */
        public RealismScore {
            if (samples < 1) {
                throw new IllegalArgumentException("realismScore.samples must be >= 1, got " + samples);
            }
        }

        @Override
        public String name() {
            return TYPE;
        }

        @Override
        public Map<String, Double> compute(EvalContext ctx) {
            String pair = LatentConstraintsModel.REALISM;
            LatentConstraintsModel m = model(ctx, TYPE, pair);
            Rng rng = ctx.rng(TYPE);
            INDArray z = rng.gaussian(m.dataType(), samples, m.latentDim());
            int[] none = new int[samples];
            INDArray moved = transform(m, pair, z, none);
            Map<String, Double> out = new LinkedHashMap<>();
            double prior = sigmoidMean(m.criticLogit(pair, z, none));
            double transformed = sigmoidMean(m.criticLogit(pair, moved, none));
            out.put("realismCriticPrior", prior);
            out.put("realismCriticTransformed", transformed);
            int[] idx = spread(ctx.data().size(ctx.split()), samples);
            INDArray[] q = m.encode(ctx.data().batch(ctx.split(), idx, m.dataType()).y());
            INDArray eps = rng.gaussian(m.dataType(), idx.length, m.latentDim());
            INDArray posterior = LatentMath.sample(q[0], q[1], eps);
            out.put("realismCriticPosterior", sigmoidMean(m.criticLogit(pair, posterior, new int[idx.length])));
            Path dir = ctx.outputDir();
            if (dir != null) {
                ImageShape shape = ctx.data().spec().shape();
                int perRow = Math.min(12, samples);
                List<float[][]> rows = new ArrayList<>();
                float[][] raw = decodeClamped(m, z).castTo(DataType.FLOAT).toFloatMatrix();
                float[][] real = decodeClamped(m, moved).castTo(DataType.FLOAT).toFloatMatrix();
                for (int from = 0; from + perRow <= Math.min(samples, 3 * perRow); from += perRow) {
                    rows.add(Arrays.copyOfRange(raw, from, from + perRow));
                    rows.add(Arrays.copyOfRange(real, from, from + perRow));
                }
                picture(rows, shape, dir.resolve(PICTURE));
            }
            return out;
        }
    }

    /** How far each actor moves codes, in units of sigma_bar_z. */
    public record LatentMove(@JsonPropertyDescription("prior draws and posterior codes, >= 1") int samples)
            implements SelfMetric {
        /** The metric's type name. */
        public static final String TYPE = "latentMove";

        /** Validates. */
        public LatentMove {
            if (samples < 1) {
                throw new IllegalArgumentException("latentMove.samples must be >= 1, got " + samples);
            }
        }

        @Override
        public String name() {
            return TYPE;
        }

        @Override
        public Map<String, Double> compute(EvalContext ctx) {
            LatentConstraintsModel m = model(ctx, TYPE, null);
            double[] sigma = m.ensureStatistics(ctx.data()).sigmaBar();
            Rng rng = ctx.rng(TYPE);
            LabelVectors lv = m.labelVectors();
            INDArray z = rng.gaussian(m.dataType(), samples, m.latentDim());
            double[][] labels = new double[samples][];
            for (int i = 0; i < samples; i++) {
                labels[i] = lv.random(rng);
            }
            int[] idx = spread(ctx.data().size(ctx.split()), samples);
            INDArray posterior = m.encode(ctx.data().batch(ctx.split(), idx, m.dataType()).y())[0];
            double[][] targets = new double[idx.length][];
            for (int i = 0; i < idx.length; i++) {
                targets[i] = lv.random(rng);
            }
            INDArray labelRows = lv.rows(labels, m.dataType());
            INDArray targetRows = lv.rows(targets, m.dataType());
            Map<String, Double> out = new LinkedHashMap<>();
            for (String pair : m.pairs().keySet()) {
                double[] prior = move(transformVectors(m, pair, z, labelRows), z, sigma);
                double[] post = move(transformVectors(m, pair, posterior, targetRows), posterior, sigma);
                out.put("meanMove_" + pair, prior[0]);
                out.put("meanMove_" + pair + "_se", prior[1]);
                out.put("meanMovePosterior_" + pair, post[0]);
                out.put("meanMovePosterior_" + pair + "_se", post[1]);
            }
            return out;
        }
    }

    /**
     * Identity-preserving edits of {@code images} test images towards every class: by latent
     * optimisation ({@link LatentConstraintsModel#optimiseLatent}: {@code steps} Adam steps of
     * {@code learningRate} on the attribute critic's loss plus {@code distance} times the distance
     * penalty) and by the attribute actor.
     */
    public record IdentityEdits(
            @JsonPropertyDescription("test images to edit, >= 1") int images,
            @JsonPropertyDescription("latent optimisation steps, >= 1") int steps,
            @JsonPropertyDescription("latent optimisation learning rate, > 0") double learningRate,
            @JsonPropertyDescription("weight of the distance penalty in the optimisation, >= 0") double distance,
            @JsonPropertyDescription("the evaluation classifier (default: EvaluationClassifier.DEFAULT)")
                    EvaluationClassifier classifier)
            implements SelfMetric {
        /** The metric's type name. */
        public static final String TYPE = "identityEdits";
        /** The picture of optimisation edits: per image, the original, its reconstruction, an edit per class. */
        public static final String PICTURE = "identity-edits.png";
        /** The same with the attribute actor's edits. */
        public static final String ACTOR_PICTURE = "actor-edits.png";

        /** Validates. */
        public IdentityEdits {
            if (images < 1 || steps < 1 || !(learningRate > 0) || !(distance >= 0)) {
                throw new IllegalArgumentException("identityEdits needs images >= 1, steps >= 1, learningRate > 0 and"
                        + " distance >= 0; got " + images + ", " + steps + ", " + learningRate + ", " + distance);
            }
            classifier = EvaluationClassifier.orDefault(classifier);
        }

        @Override
        public String name() {
            return TYPE;
        }

        @Override
        public Map<String, Double> compute(EvalContext ctx) {
            String pair = LatentConstraintsModel.ATTRIBUTE;
            LatentConstraintsModel m = classModel(ctx, TYPE);
            double[] sigma = m.ensureStatistics(ctx.data()).sigmaBar();
            ClassifierModel c = classifier.trained(ctx.data(), ctx.seed());
            DataSource data = ctx.data();
            int[] idx = spread(data.size(ctx.split()), images);
            Batch b = data.batch(ctx.split(), idx, m.dataType());
            INDArray z0 = m.encode(b.y())[0];
            int k = m.numClasses();
            int n = idx.length;
            // Row c * n + i: image i edited towards class c.
            INDArray zRep = Nd4j.tile(z0, k, 1);
            int[] labels = new int[n * k];
            for (int r = 0; r < labels.length; r++) {
                labels[r] = r / n;
            }
            INDArray optimised = m.optimiseLatent(pair, zRep, labels, steps, learningRate, distance);
            INDArray acted = transform(m, pair, zRep, labels);
            INDArray xOpt = decodeClamped(m, optimised);
            INDArray xAct = decodeClamped(m, acted);
            double[] accOpt = accuracy(c, xOpt, labels);
            double[] accAct = accuracy(c, xAct, labels);
            double[] moveOpt = move(optimised, zRep, sigma);
            double[] moveAct = move(acted, zRep, sigma);
            Map<String, Double> out = new LinkedHashMap<>();
            out.put("editAccuracy", accOpt[0]);
            out.put("editAccuracy_se", accOpt[1]);
            out.put("editMove", moveOpt[0]);
            out.put("actorEditAccuracy", accAct[0]);
            out.put("actorEditAccuracy_se", accAct[1]);
            out.put("actorEditMove", moveAct[0]);
            Path dir = ctx.outputDir();
            if (dir != null) {
                ImageShape shape = data.spec().shape();
                float[][] originals = b.y().castTo(DataType.FLOAT).toFloatMatrix();
                float[][] recon = decodeClamped(m, z0).castTo(DataType.FLOAT).toFloatMatrix();
                picture(editRows(originals, recon, xOpt, n, k), shape, dir.resolve(PICTURE));
                picture(editRows(originals, recon, xAct, n, k), shape, dir.resolve(ACTOR_PICTURE));
            }
            return out;
        }

        private static List<float[][]> editRows(float[][] originals, float[][] recon, INDArray edits, int n, int k) {
            float[][] e = edits.castTo(DataType.FLOAT).toFloatMatrix();
            List<float[][]> rows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                float[][] row = new float[k + 2][];
                row[0] = originals[i];
                row[1] = recon[i];
                for (int c = 0; c < k; c++) {
                    row[2 + c] = e[c * n + i];
                }
                rows.add(row);
            }
            return rows;
        }
    }
}
