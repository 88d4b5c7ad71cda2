package org.cgm4j.api.train;

import java.util.Map;

/**
 * The end of a training run.
 *
 * @param epochs epochs completed
 * @param iterations updates applied
 * @param examples training examples consumed since this process started (not counting a
 *     resumed run's earlier part)
 * @param seconds wall time of the updates in this process
 * @param stepExecution per update step run in this process, how its steps were computed:
 *     {@code planned}, or {@code session} / {@code recycled} with, for a graph a plan refused, why
 * @param bestEpoch with early stopping, the epoch (0-based) whose weights the model holds at the
 *     end; -1 without
 * @param bestValue with early stopping, the watched metric at that epoch; NaN without
 * @param stoppedEarly whether early stopping ended training before {@code train.epochs}
 */
public record TrainResult(int epochs, long iterations, long examples, double seconds,
        Map<String, String> stepExecution, int bestEpoch, double bestValue, boolean stoppedEarly) {
    /** Copies the map. */
    public TrainResult {
        stepExecution = Map.copyOf(stepExecution);
    }

    /** The end of a run without early stopping. */
    public TrainResult(int epochs, long iterations, long examples, double seconds, Map<String, String> stepExecution) {
        this(epochs, iterations, examples, seconds, stepExecution, -1, Double.NaN, false);
    }

    /** Examples per second in this process. */
    public double examplesPerSecond() {
        return seconds > 0 ? examples / seconds : 0;
    }
}
