package org.cgm4j.api.train;

import java.util.Map;

/**
 * What one update did: where in training it ran, which step, and every term of the step's
 * objective unweighted plus the weighted total (key {@code loss}).
 *
 * @param epoch 0-based epoch
 * @param iteration 0-based global iteration
 * @param step the update step's name
 * @param values term name to value, in the objective's order, then {@code loss}
 * @param batchSize examples in the batch
 */
public record StepRecord(int epoch, long iteration, String step, Map<String, Double> values, int batchSize) {}
