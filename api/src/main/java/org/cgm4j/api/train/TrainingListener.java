package org.cgm4j.api.train;

/**
 * Observes training: history writers, progress bars, evaluation at epoch ends. Listeners must not
 * draw from the trainer's random streams, or runs would depend on which listeners are attached.
 */
public interface TrainingListener {
    /** After each update. */
    default void onStep(StepRecord record) {}

    /** After each completed epoch (0-based), before its checkpoint is written. */
    default void onEpochEnd(int epoch, long iterations) {}

    /** When training resumes from a checkpoint at this position. */
    default void onResume(int epoch, long iteration) {}
}
