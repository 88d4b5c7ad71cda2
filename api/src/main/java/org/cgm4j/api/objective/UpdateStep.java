package org.cgm4j.api.objective;

import java.util.List;

/**
 * One kind of parameter update: an objective, the variables it trains, and its optimiser. A VAE
 * has one step; the latent constraints alternate a critic step and an actor step on disjoint
 * variable sets, each with its own Adam settings.
 *
 * @param name the step's name, also the prefix of its log columns ({@code train/kl})
 * @param objective what the step minimises
 * @param trainable names of the graph variables it updates
 * @param updater its optimiser
 */
public record UpdateStep(String name, Objective objective, List<String> trainable, UpdaterConfig updater) {
    /** The name of a model's one update step when it has a single one (the log columns read {@code train/<term>}). */
    public static final String TRAIN = "train";

    /** Validates and copies. */
    public UpdateStep {
        if (name == null || name.isBlank() || name.contains("/")) {
            throw new IllegalArgumentException("an update step needs a plain name, got '" + name + "'");
        }
        if (trainable.isEmpty()) {
            throw new IllegalArgumentException("update step '" + name + "' trains no variable");
        }
        trainable = List.copyOf(trainable);
    }
}
