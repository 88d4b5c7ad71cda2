package org.cgm4j.models.latentconstraints;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cgm4j.api.data.ClassConditionalTask;
import org.cgm4j.api.data.IdxFile;
import org.cgm4j.api.eval.ClassSamples;
import org.cgm4j.api.eval.EvalContext;
import org.cgm4j.api.eval.SelfMetric;
import org.cgm4j.api.rng.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How often samples of a class-conditional model are of the class they were asked for: {@code
 * samplesPerClass} samples of every class ({@link ClassSamples#draw}: z from the prior p(z | x) of
 * the one-hot class), each classified by the pixel-space classifier of {@link
 * EvaluationClassifier}, trained on the run's training images from its seed. Gives {@code
 * sampleClassAccuracy} (with its binomial standard error and the figure of each class) and the
 * classifier's own accuracy on the split, {@code classifierAccuracy}, which bounds what the samples
 * can reach. Writes the samples and their requested labels as IDX files ({@value #IMAGES_FILE},
 * {@value #LABELS_FILE}) into the run directory, so that any other classifier can score them.
 * Needs {@code data.task: {type: classConditional}}.
 *
 * @param samplesPerClass samples of each class
 * @param classifier the evaluation classifier's settings
 */
public record ClassSampleAccuracy(
        @JsonPropertyDescription("samples of each class, >= 1") int samplesPerClass,
        @JsonPropertyDescription("the evaluation classifier (default: EvaluationClassifier.DEFAULT)")
                EvaluationClassifier classifier)
        implements SelfMetric {
    /** The metric's type name. */
    public static final String TYPE = "sampleClassAccuracy";
    /** The IDX file of the samples, {@code [n, rows, cols]} (or {@code [n, channels, rows, cols]}) bytes. */
    public static final String IMAGES_FILE = "class-samples-images.idx";
    /** The IDX file of the requested labels, {@code [n]} bytes. */
    public static final String LABELS_FILE = "class-samples-labels.idx";

    /** Validates; fills in the default classifier. */
    public ClassSampleAccuracy {
        if (samplesPerClass < 1) {
            throw new IllegalArgumentException(TYPE + ".samplesPerClass must be >= 1, got " + samplesPerClass);
        }
        classifier = EvaluationClassifier.orDefault(classifier);
    }

    @Override
    public String name() {
        return TYPE;
    }

    @Override
    public Map<String, Double> compute(EvalContext ctx) {
        ClassConditionalTask.OneHot task = ClassSamples.task(ctx.data(), "metric '" + TYPE + "'");
        int k = task.numClasses();
        int[] labels = ClassSamples.labels(k, samplesPerClass);
        INDArray samples = ClassSamples.draw(ctx.model(), task, labels, ctx.rng(TYPE));
        ClassifierModel c = classifier.trained(ctx.data(), ctx.seed());
        double[] acc = LatentConstraintsMetrics.accuracy(c, samples, labels);
        int[] predicted = c.predict(samples);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("sampleClassAccuracy", acc[0]);
        out.put("sampleClassAccuracy_se", acc[1]);
        for (int cls = 0; cls < k; cls++) {
            int right = 0;
            for (int i = cls * samplesPerClass; i < (cls + 1) * samplesPerClass; i++) {
                right += predicted[i] == cls ? 1 : 0;
            }
            out.put("sampleClassAccuracy_class" + cls, (double) right / samplesPerClass);
        }
        double own = c.accuracy(ctx.data(), ctx.split(), ctx.batchSize());
        int n = ctx.data().size(ctx.split());
        out.put("classifierAccuracy", own);
        out.put("classifierAccuracy_se", Math.sqrt(own * (1 - own) / n));
        Path dir = ctx.outputDir();
        if (dir != null) {
            IdxFile.writeImages(dir.resolve(IMAGES_FILE), samples.castTo(DataType.FLOAT).toFloatMatrix(),
                    ctx.data().spec().shape());
            IdxFile.writeLabels(dir.resolve(LABELS_FILE), labels);
        }
        return out;
    }
}
