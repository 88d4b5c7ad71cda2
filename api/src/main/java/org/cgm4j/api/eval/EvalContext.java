package org.cgm4j.api.eval;

import java.nio.file.Path;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.Split;
import org.cgm4j.api.model.ConditionalGenerativeModel;
import org.cgm4j.api.rng.Rng;

/**
 * What a metric is computed on: the model, the data and split, the batch size, the seed from
 * which each metric derives its own random stream (so results do not depend on metric order),
 * and the run directory where a metric may write artefacts (null when there is none).
 */
public record EvalContext(ConditionalGenerativeModel model, DataSource data, Split split, int batchSize, long seed,
        Path outputDir) {
    /** A context without an output directory. */
    public EvalContext(ConditionalGenerativeModel model, DataSource data, Split split, int batchSize, long seed) {
        this(model, data, split, batchSize, seed, null);
    }

    /** The random stream of the metric called {@code metric}. */
    public Rng rng(String metric) {
        return Rng.derive(seed, "eval/" + metric);
    }
}
