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
import org.cgm4j.api.data.ImageShape;
import org.cgm4j.api.eval.EvalContext;
import org.cgm4j.api.eval.RunningMean;
import org.cgm4j.api.eval.SelfMetric;
import org.cgm4j.api.io.ImageGrid;
import org.cgm4j.api.rng.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The attribute pair of a latent-constraints model on data labelled by binary attributes ({@code
 * data.task: {type: attributes}}), judged by the multi-label evaluation classifier ({@link
 * EvaluationClassifier#trainedAttributes}, trained on the run's training images from its seed):
 *
 * <ul>
 *   <li>conditional samples: {@code images} prior draws z_p, each with a uniformly drawn attribute
 *       vector a, decoded from G(z_p, a): {@code sampleAttributeAccuracy} (every attribute as
 *       asked), per attribute {@code sampleAttributeAccuracy_<name>}, and the same for the raw
 *       prior draws, {@code priorAttributeAccuracy} (the chance level the actor starts from);
 *   <li>identity-preserving edits (Engel et al., Section 5): {@code images} test images, evenly
 *       spread over the split, each asked to change one attribute (attribute i mod K of image i
 *       flipped from its true value, the others kept), edited as decode(G(mu(x), target)) with mu
 *       the encoder's mean (with {@code strength} s: decode(z + s (G(z, target) - z)), z = mu(x),
 *       the move lengthened or shortened along its direction). {@code editSuccess}: the fraction
 *       whose classified attribute vector is the target (all K attributes), {@code
 *       editSuccess_<name>}: the fraction of the edits that
 *       flip {@code name} in which it reads flipped. {@code editDistance}: the mean pixel-space
 *       Euclidean distance ||x' - x|| between edit and source image (pixels in [0, 1]); {@code
 *       editMove}: the mean latent move |z' - z| / sigma_bar_z per dimension.
 *   <li>baselines, on the same rows and targets: the source image itself ({@code sourceSuccess},
 *       distance 0) and its reconstruction decode(mu(x)) ({@code reconstructionSuccess}, {@code
 *       reconstructionDistance}: how far the VAE alone moves an image); and a random other test
 *       image whose true attribute vector is the target ({@code randomSuccess}, {@code
 *       randomDistance}; rows without such an image are left out, {@code randomRows} counts the
 *       rest). An edit that keeps identity beats the random image on distance.
 *   <li>the ceiling: how often the classifier reads an image's own attribute vector, on the sources
 *       ({@code sourceKept}, the classifier's accuracy on real test images) and on their
 *       reconstructions ({@code reconstructionKept}): an edit is a decoded image, so what the VAE
 *       loses in decoding an edit starts without. Per attribute {@code sourceKept_<name>}, {@code
 *       reconstructionKept_<name>}.
 * </ul>
 *
 * Distances come with their standard errors over images ({@code _se}). Writes {@value #PICTURE}:
 * for {@code shown} edits spread over the rows, the source, its reconstruction, the edit and the
 * random image with the target attributes (column "random"), each row captioned with the source's
 * attributes and the target's.
 *
 * @param images test images to edit and prior draws to sample, >= 1
 * @param shown edits in the picture, >= 0
 * @param classifier the evaluation classifier's settings
 * @param strength the factor of the edit's latent move, > 0; absent (null): 1, the actor's own edit
 */
public record AttributeEdits(
        @JsonPropertyDescription("test images to edit and prior draws to sample, >= 1") int images,
        @JsonPropertyDescription("edits in the picture, >= 0") int shown,
        @JsonPropertyDescription("the evaluation classifier (default: EvaluationClassifier.DEFAULT)")
                EvaluationClassifier classifier,
        @JsonPropertyDescription("the edit's latent move G(z, a) - z scaled by this, > 0 (default 1)")
                Double strength)
        implements SelfMetric {
    /** The metric's type name. */
    public static final String TYPE = "attributeEdits";
    /** The labelled picture of edits. */
    public static final String PICTURE = "attribute-edits.png";
    /** The picture's column captions. */
    public static final List<String> COLUMNS = List.of("source", "reconstruction", "edit", "random");

    /** Validates; fills in the default classifier. */
    public AttributeEdits {
        if (images < 1 || shown < 0) {
            throw new IllegalArgumentException(TYPE + " needs images >= 1 and shown >= 0; got " + images + ", " + shown);
        }
        if (strength != null && !(strength > 0)) {
            throw new IllegalArgumentException(TYPE + ".strength must be > 0, got " + strength);
        }
        classifier = EvaluationClassifier.orDefault(classifier);
    }

    /** One application of the actor at full strength. */
    public AttributeEdits(int images, int shown, EvaluationClassifier classifier) {
        this(images, shown, classifier, null);
    }

    @Override
    public String name() {
        return TYPE;
    }

    @Override
    public Map<String, Double> compute(EvalContext ctx) {
        String pair = LatentConstraintsModel.ATTRIBUTE;
        LatentConstraintsModel m = LatentConstraintsMetrics.model(ctx, TYPE, pair);
        LabelVectors lv = m.labelVectors();
        if (lv.oneHot()) {
            throw new IllegalArgumentException("metric '" + TYPE + "' needs data labelled by binary attributes under"
                    + " data.task: {type: attributes}; for classes use identityEdits and attributeAccuracy");
        }
        DataSource data = ctx.data();
        AttributeClassifierModel c = classifier.trainedAttributes(data, ctx.seed());
        double[] sigma = m.ensureStatistics(data).sigmaBar();
        Rng rng = ctx.rng(TYPE);
        int k = lv.width();
        DataType type = m.dataType();
        Map<String, Double> out = new LinkedHashMap<>();

        // Conditional samples from the prior.
        double[][] asked = new double[images][];
        for (int i = 0; i < images; i++) {
            asked[i] = lv.random(rng);
        }
        INDArray zp = rng.gaussian(type, images, m.latentDim());
        INDArray samples = LatentConstraintsMetrics.decodeClamped(m,
                LatentConstraintsMetrics.transformVectors(m, pair, zp, lv.rows(asked, type)));
        Agreement sampled = agreement(c.predict(samples), asked, null);
        out.put("sampleAttributeAccuracy", sampled.all().mean());
        out.put("sampleAttributeAccuracy_se", binomialSe(sampled.all().mean(), images));
        for (int a = 0; a < k; a++) {
            out.put("sampleAttributeAccuracy_" + lv.names().get(a), sampled.perAttribute()[a].mean());
        }
        Agreement prior = agreement(c.predict(LatentConstraintsMetrics.decodeClamped(m, zp)), asked, null);
        out.put("priorAttributeAccuracy", prior.all().mean());

        // Identity-preserving edits of test images.
        int[] idx = LatentConstraintsMetrics.spread(data.size(ctx.split()), images);
        int n = idx.length;
        Batch b = data.batch(ctx.split(), idx, type);
        double[][] truth = b.x().castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] target = new double[n][];
        int[] flipped = new int[n];
        for (int i = 0; i < n; i++) {
            flipped[i] = i % k;
            target[i] = LabelVectors.flipped(truth[i], flipped[i]);
        }
        INDArray z0 = m.encode(b.y())[0];
        INDArray zEdit = LatentConstraintsMetrics.transformVectors(m, pair, z0, lv.rows(target, type));
        if (strength != null && strength != 1) {
            zEdit = z0.add(zEdit.sub(z0).mul(strength));
        }
        INDArray xEdit = LatentConstraintsMetrics.decodeClamped(m, zEdit);
        INDArray xRec = LatentConstraintsMetrics.decodeClamped(m, z0);
        INDArray x = b.y();
        int[][] readSource = c.predict(x);
        int[][] readReconstruction = c.predict(xRec);
        putEdit(out, "edit", agreement(c.predict(xEdit), target, flipped), lv, distances(xEdit, x), n);
        double[] move = LatentConstraintsMetrics.move(zEdit, z0, sigma);
        out.put("editMove", move[0]);
        out.put("editMove_se", move[1]);
        putEdit(out, "source", agreement(readSource, target, flipped), lv, null, n);
        putEdit(out, "reconstruction", agreement(readReconstruction, target, flipped), lv, distances(xRec, x), n);
        // How often the classifier reads an image's own attributes: the ceiling an edit decoded by
        // this VAE starts from (reconstructions) against the one of real images (sources).
        putRates(out, "sourceKept", agreement(readSource, truth, null), lv, n);
        putRates(out, "reconstructionKept", agreement(readReconstruction, truth, null), lv, n);

        // A random other test image with the target's attributes.
        int all = data.size(ctx.split());
        Batch everything = data.batch(ctx.split(), LatentConstraintsMetrics.spread(all, all), type);
        double[][] attrs = everything.x().castTo(DataType.DOUBLE).toDoubleMatrix();
        float[][] pixels = everything.y().castTo(DataType.FLOAT).toFloatMatrix();
        float[][] sources = x.castTo(DataType.FLOAT).toFloatMatrix();
        int[] random = new int[n];
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Integer> candidates = new ArrayList<>();
            for (int j = 0; j < all; j++) {
                if (j != idx[i] && Arrays.equals(attrs[j], target[i])) {
                    candidates.add(j);
                }
            }
            random[i] = candidates.isEmpty() ? -1 : candidates.get(rng.nextInt(candidates.size()));
            if (random[i] >= 0) {
                rows.add(i);
            }
        }
        float[][] randomPixels = new float[rows.size()][];
        double[][] randomTargets = new double[rows.size()][];
        int[] randomFlipped = new int[rows.size()];
        RunningMean randomDistance = new RunningMean();
        for (int r = 0; r < rows.size(); r++) {
            int i = rows.get(r);
            randomPixels[r] = pixels[random[i]];
            randomTargets[r] = target[i];
            randomFlipped[r] = flipped[i];
            randomDistance.add(l2(pixels[random[i]], sources[i]));
        }
        out.put("randomRows", (double) rows.size());
        if (!rows.isEmpty()) {
            INDArray xRandom = Nd4j.create(randomPixels).castTo(type);
            putEdit(out, "random", agreement(c.predict(xRandom), randomTargets, randomFlipped), lv, randomDistance,
                    rows.size());
        }

        Path dir = ctx.outputDir();
        if (dir != null && shown > 0) {
            ImageShape shape = data.spec().shape();
            float[][] edits = xEdit.castTo(DataType.FLOAT).toFloatMatrix();
            float[][] recon = xRec.castTo(DataType.FLOAT).toFloatMatrix();
            float[] blank = new float[shape.size()];
            List<float[][]> grid = new ArrayList<>();
            List<String> captions = new ArrayList<>();
            // rows spread over the edits: the split may be sorted by class, the flips go round
            for (int i : LatentConstraintsMetrics.spread(n, Math.min(shown, n))) {
                grid.add(new float[][] {sources[i], recon[i], edits[i], random[i] >= 0 ? pixels[random[i]] : blank});
                captions.add(lv.caption(truth[i]) + " -> " + lv.caption(target[i]));
            }
            try {
                ImageGrid.writeLabelled(grid, captions, COLUMNS, shape, dir.resolve(PICTURE));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /**
     * How predictions agree with targets: {@code all} over rows (every attribute right), {@code
     * perAttribute} per attribute over the rows that flip it ({@code flipped[i]}), or over all rows
     * when {@code flipped} is null.
     */
    record Agreement(RunningMean all, RunningMean[] perAttribute) {}

    static Agreement agreement(int[][] predicted, double[][] target, int[] flipped) {
        int k = target.length == 0 ? 0 : target[0].length;
        RunningMean all = new RunningMean();
        RunningMean[] per = new RunningMean[k];
        Arrays.setAll(per, a -> new RunningMean());
        for (int i = 0; i < target.length; i++) {
            boolean every = true;
            for (int a = 0; a < k; a++) {
                boolean right = predicted[i][a] == (int) target[i][a];
                every &= right;
                if (flipped == null || flipped[i] == a) {
                    per[a].add(right ? 1 : 0);
                }
            }
            all.add(every ? 1 : 0);
        }
        return new Agreement(all, per);
    }

    private static void putEdit(Map<String, Double> out, String what, Agreement agreement, LabelVectors lv,
            RunningMean distance, int n) {
        putRates(out, what + "Success", agreement, lv, n);
        if (distance != null) {
            out.put(what + "Distance", distance.mean());
            out.put(what + "Distance_se", distance.standardError());
        }
    }

    /** {@code key}: the rate of rows with every attribute right, its binomial SE and {@code key_<name>} per attribute. */
    private static void putRates(Map<String, Double> out, String key, Agreement agreement, LabelVectors lv, int n) {
        double rate = agreement.all().mean();
        out.put(key, rate);
        out.put(key + "_se", binomialSe(rate, n));
        for (int a = 0; a < lv.width(); a++) {
            out.put(key + "_" + lv.names().get(a), agreement.perAttribute()[a].mean());
        }
    }

    private static RunningMean distances(INDArray a, INDArray b) {
        float[][] x = a.castTo(DataType.FLOAT).toFloatMatrix();
        float[][] y = b.castTo(DataType.FLOAT).toFloatMatrix();
        RunningMean m = new RunningMean();
        for (int i = 0; i < x.length; i++) {
            m.add(l2(x[i], y[i]));
        }
        return m;
    }

    /** Euclidean distance of two images. */
    static double l2(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    private static double binomialSe(double p, int n) {
        return Math.sqrt(p * (1 - p) / n);
    }
}
