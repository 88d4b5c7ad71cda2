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
 */
public record TrainResult(int epochs, long iterations, long examples, double seconds,
        Map<String, String> stepExecution) {
    /** Copies the map. */
    public TrainResult {
        stepExecution = Map.copyOf(stepExecution);
    }

    /** Examples per second in this process. */
    public double examplesPerSecond() {
        return seconds > 0 ? examples / seconds : 0;
    }
}
