package org.cgm4j.api.eval;

import java.util.Map;

/**
 * A quantity computed from a trained model through its sampling and encoding functions (never
 * its internals), over one split of the data. Returns named values: the figure itself and, for
 * averages over examples, its standard error under {@code <name>_se}.
 */
public interface Metric {
    /** Short name, the prefix of its values' keys in metrics.json. */
    String name();

    /** Computes the metric. */
    Map<String, Double> compute(EvalContext context);
}
