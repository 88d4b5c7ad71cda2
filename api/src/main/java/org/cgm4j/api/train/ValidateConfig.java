package org.cgm4j.api.train;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import org.cgm4j.api.eval.MetricConfig;

/**
 * {@code train.validate}: evaluate metrics on the validation split during training.
 *
 * @param every epochs between validations, >= 1 (default 1); the last epoch is always validated
 * @param metrics the metrics, as in {@code evaluate:}; their keys are logged as
 *     {@code validation/<key>}
 */
public record ValidateConfig(
        @JsonPropertyDescription("epochs between validations, >= 1 (default 1)") Integer every,
        @JsonPropertyDescription("metrics evaluated on the validation split, as in evaluate:")
                List<MetricConfig> metrics) {
    /** Validates and copies. */
    public ValidateConfig {
        every = every == null ? 1 : every;
        if (every < 1) {
            throw new IllegalArgumentException("train.validate.every must be >= 1, got " + every);
        }
        if (metrics == null || metrics.isEmpty()) {
            throw new IllegalArgumentException("train.validate.metrics must list at least one metric,"
                    + " e.g. [{type: elbo}]");
        }
        metrics = List.copyOf(metrics);
    }
}
