package org.cgm4j.api.train;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.cgm4j.api.objective.UpdaterConfig;

/**
 * How long and how to train, as written under {@code train:} in YAML.
 *
 * @param epochs passes over the training set
 * @param updater the default optimiser of the model's update steps
 * @param checkpointEvery write a checkpoint every this many iterations (and always at each
 *     epoch's end); 0 for epoch ends only
 */
public record TrainConfig(
        @JsonPropertyDescription("passes over the training set, >= 1") int epochs,
        @JsonPropertyDescription("the optimiser of the model's update steps") UpdaterConfig updater,
        @JsonPropertyDescription("iterations between checkpoints (0: at each epoch's end only)") int checkpointEvery) {
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
    }
}
