package org.cgm4j.api.train;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * {@code train.earlyStopping}: stop when a validation metric has not improved for
 * {@code patience} validations in a row, and keep the weights of its best validation.
 *
 * @param metric a key the validation metrics produce, e.g. {@code validation/negativeElbo}
 * @param mode min (smaller is better) or max
 * @param patience validations without improvement that stop training, >= 1
 * @param minDelta how much a value must beat the best to count as an improvement, >= 0 (default 0)
 */
public record EarlyStoppingConfig(
        @JsonPropertyDescription("the validation metric watched, e.g. validation/negativeElbo") String metric,
        @JsonPropertyDescription("min (smaller is better) or max") String mode,
        @JsonPropertyDescription("validations without improvement that stop training, >= 1") int patience,
        @JsonPropertyDescription("least change that counts as an improvement, >= 0 (default 0)") Double minDelta) {
    /** Validates; messages name the YAML key. */
    public EarlyStoppingConfig {
        if (metric == null || !metric.startsWith("validation/") || metric.length() == "validation/".length()) {
            throw new IllegalArgumentException("train.earlyStopping.metric must name a validation metric,"
                    + " validation/<key of a train.validate metric>, e.g. validation/negativeElbo; got "
                    + (metric == null ? "nothing" : "'" + metric + "'"));
        }
        mode = mode == null ? "min" : mode;
        if (!mode.equals("min") && !mode.equals("max")) {
            throw new IllegalArgumentException("train.earlyStopping.mode must be min or max, got '" + mode + "'");
        }
        if (patience < 1) {
            throw new IllegalArgumentException("train.earlyStopping.patience must be >= 1, got " + patience);
        }
        minDelta = minDelta == null ? 0.0 : minDelta;
        if (!(minDelta >= 0) || !Double.isFinite(minDelta)) {
            throw new IllegalArgumentException("train.earlyStopping.minDelta must be >= 0, got " + minDelta);
        }
    }

    /** Whether {@code value} improves on {@code best} (any finite value improves on NaN, the start). */
    public boolean improves(double value, double best) {
        if (!Double.isFinite(value)) {
            return false;
        }
        if (Double.isNaN(best)) {
            return true;
        }
        return mode.equals("min") ? value < best - minDelta : value > best + minDelta;
    }
}
