package org.cgm4j.api.train;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;
import java.util.TreeMap;
import org.cgm4j.api.objective.UpdaterConfig;

/**
 * How long and how to train, as written under {@code train:} in YAML.
 *
 * <p>The protocol keys ({@code validate}, {@code earlyStopping}, {@code learningRate},
 * {@code lossWeights}, {@code clipNorm}) are absent from the framework defaults: a definition
 * without them resolves to the same YAML, and trains bit for bit as, before they existed.
 *
 * @param epochs passes over the training set (the most, with early stopping)
 * @param updater the default optimiser of the model's update steps
 * @param checkpointEvery write a checkpoint every this many iterations (and always at each
 *     epoch's end); 0 for epoch ends only
 * @param validate metrics evaluated on the validation split during training; null for none
 * @param earlyStopping stop when a validation metric stops improving, keeping the best weights; null for none
 * @param learningRate a factor of every update step's learning rate over training; null for 1
 * @param lossWeights per loss weight name, a factor of {@code loss.<name>} over training (e.g. KL
 *     warm-up); empty for none
 * @param clipNorm the largest global L2 norm of a step's gradients (scaled down to it when
 *     larger); null for no clipping
 */
public record TrainConfig(
        @JsonPropertyDescription("passes over the training set, >= 1 (the most, with early stopping)") int epochs,
        @JsonPropertyDescription("the optimiser of the model's update steps") UpdaterConfig updater,
        @JsonPropertyDescription("iterations between checkpoints (0: at each epoch's end only)") int checkpointEvery,
        @JsonPropertyDescription("metrics on the validation split during training: {every: 1, metrics: [...]}")
                ValidateConfig validate,
        @JsonPropertyDescription("stop when a validation metric stops improving: {metric, mode: min, patience}")
                EarlyStoppingConfig earlyStopping,
        @JsonPropertyDescription("a schedule of the learning rate's factor: {type: cosine, length: N, warmup: W}")
                ScheduleConfig learningRate,
        @JsonPropertyDescription("per loss weight, a schedule of its factor: {kl: {type: linear, from: 0, to: 1,"
                        + " length: 10, unit: epoch}}")
                Map<String, ScheduleConfig> lossWeights,
        @JsonPropertyDescription("largest global L2 norm of a step's gradients, > 0; absent: no clipping")
                Double clipNorm) {
    /** Validates; messages name the YAML key. */
    public TrainConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("train.epochs must be >= 1, got " + epochs);
        }
        if (updater == null) {
            throw new IllegalArgumentException("train.updater is missing");
        }
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("train.checkpointEvery must be >= 0, got " + checkpointEvery);
        }
        if (earlyStopping != null && validate == null) {
            throw new IllegalArgumentException("train.earlyStopping needs train.validate (the metric it watches),"
                    + " e.g. validate: {metrics: [{type: elbo}]}");
        }
        lossWeights = lossWeights == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(lossWeights));
        if (clipNorm != null && !(clipNorm > 0 && Double.isFinite(clipNorm))) {
            throw new IllegalArgumentException("train.clipNorm must be > 0, got " + clipNorm);
        }
    }

    /** Epochs, optimiser and checkpoints alone: no validation, schedules or clipping. */
    public TrainConfig(int epochs, UpdaterConfig updater, int checkpointEvery) {
        this(epochs, updater, checkpointEvery, null, null, null, null, null);
    }

    /** This configuration with {@code epochs} epochs. */
    public TrainConfig withEpochs(int e) {
        return new TrainConfig(e, updater, checkpointEvery, validate, earlyStopping, learningRate, lossWeights,
                clipNorm);
    }
}
