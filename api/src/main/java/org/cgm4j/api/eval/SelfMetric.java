package org.cgm4j.api.eval;

/**
 * A metric whose settings record is the metric itself: the common case, where the YAML entry
 * ({@code {type: elbo}}) holds everything the computation needs. Implement this instead of both
 * {@link MetricConfig} and {@link Metric}.
 */
public interface SelfMetric extends MetricConfig, Metric {
    @Override
    default Metric create() {
        return this;
    }
}
