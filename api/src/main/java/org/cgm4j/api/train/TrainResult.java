package org.cgm4j.api.train;

/**
 * The end of a training run.
 *
 * @param epochs epochs completed
 * @param iterations updates applied
 * @param examples training examples consumed since this process started (not counting a
 *     resumed run's earlier part)
 * @param seconds wall time of the updates in this process
 */
public record TrainResult(int epochs, long iterations, long examples, double seconds) {
    /** Examples per second in this process. */
    public double examplesPerSecond() {
        return seconds > 0 ? examples / seconds : 0;
    }
}
