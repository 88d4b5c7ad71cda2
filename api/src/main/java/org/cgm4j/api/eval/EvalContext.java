package org.cgm4j.api.eval;

import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.Split;
import org.cgm4j.api.model.ConditionalGenerativeModel;
import org.cgm4j.api.rng.Rng;

/**
 * What a metric is computed on: the model, the data and split, the batch size, and the seed from
 * which each metric derives its own random stream (so results do not depend on metric order).
 */
public record EvalContext(ConditionalGenerativeModel model, DataSource data, Split split, int batchSize, long seed) {
    /** The random stream of the metric called {@code metric}. */
    public Rng rng(String metric) {
        return Rng.derive(seed, "eval/" + metric);
    }
}
