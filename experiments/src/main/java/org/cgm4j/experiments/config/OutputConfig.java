package org.cgm4j.experiments.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * What a run writes besides its metrics, under {@code output:} in YAML.
 *
 * @param samples prior samples in the sample grid of a VAE (a square number reads best); for a
 *     conditional latent-variable model, rows of prior samples in {@code samples/predictions.png}
 *     (at most 3)
 * @param reconstructions test images shown with their reconstructions (a VAE), or with their
 *     inputs, truth and predictions in {@code samples/predictions.png} (a conditional model)
 */
public record OutputConfig(
        @JsonPropertyDescription("samples in the sample grid (for a conditional model: rows of prior samples in"
                        + " predictions.png, at most 3), 0 for none")
                int samples,
        @JsonPropertyDescription("test images shown beside their reconstructions, or with their inputs and"
                        + " predictions (conditional models), 0 for none")
                int reconstructions) {
    /** Validates. */
    public OutputConfig {
        if (samples < 0 || samples > 1024) {
            throw new IllegalArgumentException("output.samples must be in [0, 1024], got " + samples);
        }
        if (reconstructions < 0 || reconstructions > 256) {
            throw new IllegalArgumentException("output.reconstructions must be in [0, 256], got " + reconstructions);
        }
    }
}
