package org.cgm4j.api.train;

import java.util.Map;

/**
 * Evaluates the model being trained on the validation split, at the end of an epoch
 * ({@code train.validate}). It must not draw from the trainer's random streams (metrics draw from
 * their own, derived from the run's seed), so that validating does not change training.
 */
@FunctionalInterface
public interface Validator {
    /**
     * The metrics after epoch {@code epoch} (0-based), keyed as logged, e.g. {@code validation/negativeElbo}.
     */
    Map<String, Double> validate(int epoch);
}
