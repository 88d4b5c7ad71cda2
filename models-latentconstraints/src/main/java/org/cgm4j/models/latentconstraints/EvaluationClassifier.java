package org.cgm4j.models.latentconstraints;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.model.LossWeights;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.nn.NetworkSpec;
import org.cgm4j.api.objective.UpdaterConfig;
import org.cgm4j.api.train.TrainConfig;
import org.cgm4j.api.train.Trainer;
import org.nd4j.linalg.api.buffer.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the latent constraints' metrics get their pixel-space classifier: a {@link ClassifierModel}
 * trained on the training split of the run's data, from the run's seed, by the ordinary {@link
 * Trainer}, so a metric needs nothing but its own settings and the same run always scores with the
 * same classifier. Trained classifiers are kept per data source, settings and seed for the life
 * of the data source, so the metrics of one run train it once.
 *
 * <p>Why not a separate run of {@code model.type: classifier} whose weights a metric loads: that
 * ties one run's metrics to another run's directory; training here keeps a run self-contained and
 * reproducible at the cost of about a minute on mnist-10k. The classifier stays a plugin too, so
 * it can be trained and examined on its own.
 *
 * @param hidden hidden widths of the fully connected layers
 * @param epochs training epochs
 * @param learningRate Adam's learning rate
 * @param maxShift random shift of training images in pixels
 * @param encoder the network the images are read with ({@code mlp} or {@code conv}, as a classifier's
 *     {@code model.encoder}); absent (null): mlp
 */
public record EvaluationClassifier(
        @JsonPropertyDescription("hidden widths of the classifier's MLP") List<Integer> hidden,
        @JsonPropertyDescription("training epochs, >= 1") int epochs,
        @JsonPropertyDescription("Adam's learning rate, > 0") double learningRate,
        @JsonPropertyDescription("random shift of training images in pixels, >= 0") int maxShift,
        @JsonPropertyDescription("network below the hidden layers: {type: mlp} (absent) or {type: conv, channels:"
                + " [32, 64], kernel: 3, stride: 2, padding: 1}") NetworkSpec encoder) {
    /** The settings used when a metric names none: a 512-512 ReLU MLP, 30 epochs, Adam 1e-3, shifts of 2 pixels. */
    public static final EvaluationClassifier DEFAULT = new EvaluationClassifier(List.of(512, 512), 30, 1e-3, 2);

    private static final Logger LOG = LoggerFactory.getLogger(EvaluationClassifier.class);
    private static final int BATCH = 128;
    private static final Map<DataSource, Map<Object, ClassifierModel>> TRAINED = new WeakHashMap<>();
    private static final Map<DataSource, Map<Object, AttributeClassifierModel>> ATTRIBUTES = new WeakHashMap<>();

    /** Validates. */
    public EvaluationClassifier {
        if (hidden == null || hidden.isEmpty() || hidden.stream().anyMatch(h -> h == null || h < 1)) {
            throw new IllegalArgumentException("classifier.hidden must be a non-empty list of widths >= 1, got "
                    + hidden);
        }
        hidden = List.copyOf(hidden);
        if (epochs < 1) {
            throw new IllegalArgumentException("classifier.epochs must be >= 1, got " + epochs);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("classifier.learningRate must be > 0, got " + learningRate);
        }
        if (maxShift < 0) {
            throw new IllegalArgumentException("classifier.maxShift must be >= 0, got " + maxShift);
        }
    }

    /** A fully connected classifier (no {@code encoder}). */
    public EvaluationClassifier(List<Integer> hidden, int epochs, double learningRate, int maxShift) {
        this(hidden, epochs, learningRate, maxShift, null);
    }

    /** {@code settings}, or {@link #DEFAULT} when null. */
    public static EvaluationClassifier orDefault(EvaluationClassifier settings) {
        return settings == null ? DEFAULT : settings;
    }

    /** The classifier of these settings trained on {@code data} from {@code seed} (trained on first use). */
    public ClassifierModel trained(DataSource data, long seed) {
        record Key(EvaluationClassifier settings, long seed) {}
        synchronized (TRAINED) {
            Map<Object, ClassifierModel> byKey = TRAINED.computeIfAbsent(data, k -> new HashMap<>());
            ClassifierModel m = byKey.get(new Key(this, seed));
            if (m == null) {
                m = train(data, seed);
                byKey.put(new Key(this, seed), m);
            }
            return m;
        }
    }

    /**
     * The multi-label {@link AttributeClassifierModel} of these settings for data labelled by binary
     * attributes, trained on {@code data} from {@code seed} like {@link #trained} (and kept alike).
     */
    public AttributeClassifierModel trainedAttributes(DataSource data, long seed) {
        record Key(EvaluationClassifier settings, long seed, String kind) {}
        synchronized (TRAINED) {
            Map<Object, AttributeClassifierModel> attributes = ATTRIBUTES.computeIfAbsent(data, k -> new HashMap<>());
            AttributeClassifierModel m = attributes.get(new Key(this, seed, "attributes"));
            if (m == null) {
                UpdaterConfig adam = UpdaterConfig.adam(learningRate);
                ClassifierFactory f = new ClassifierFactory();
                ModelContext ctx = new ModelContext(data.spec(),
                        LossWeights.of(Map.of(ClassifierModel.CLASSIFICATION, 1.0), f.lossWeights()), adam, seed,
                        DataType.FLOAT);
                m = new AttributeClassifierModel(new ClassifierConfig(hidden, Activation.RELU, maxShift), ctx);
                long t0 = System.nanoTime();
                new Trainer(new TrainConfig(epochs, adam, 0), BATCH, seed, null).fit(m, data, List.of(), false);
                LOG.info("evaluation attribute classifier {} trained for {} epochs in {} s", hidden, epochs,
                        String.format("%.1f", (System.nanoTime() - t0) / 1e9));
                attributes.put(new Key(this, seed, "attributes"), m);
            }
            return m;
        }
    }

    private ClassifierModel train(DataSource data, long seed) {
        UpdaterConfig adam = UpdaterConfig.adam(learningRate);
        ClassifierFactory f = new ClassifierFactory();
        ModelContext ctx = new ModelContext(data.spec(),
                LossWeights.of(Map.of(ClassifierModel.CLASSIFICATION, 1.0), f.lossWeights()), adam, seed,
                DataType.FLOAT);
        ClassifierModel m = f.create(new ClassifierConfig(hidden, Activation.RELU, maxShift, encoder), ctx);
        long t0 = System.nanoTime();
        new Trainer(new TrainConfig(epochs, adam, 0), BATCH, seed, null).fit(m, data, List.of(), false);
        LOG.info("evaluation classifier {}{} trained for {} epochs in {} s", encoder == null || !encoder.isConv()
                ? "" : "conv " + encoder.channels() + " + ", hidden, epochs,
                String.format("%.1f", (System.nanoTime() - t0) / 1e9));
        return m;
    }
}
