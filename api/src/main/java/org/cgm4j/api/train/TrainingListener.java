package org.cgm4j.api.train;

import java.util.Map;

/**
 * Observes training: history writers, progress bars, evaluation at epoch ends. Listeners must not
 * draw from the trainer's random streams, or runs would depend on which listeners are attached.
 */
public interface TrainingListener {
    /** After each update. */
    default void onStep(StepRecord record) {}

    /** After each completed epoch (0-based), before its checkpoint is written. */
    default void onEpochEnd(int epoch, long iterations) {}

    /**
     * After the validation of epoch {@code epoch} ({@code train.validate}), with the iteration of
     * its last update, before its checkpoint is written.
     */
    default void onValidation(int epoch, long iteration, Map<String, Double> values) {}

    /** When training resumes from a checkpoint at this position. */
    default void onResume(int epoch, long iteration) {}
}
