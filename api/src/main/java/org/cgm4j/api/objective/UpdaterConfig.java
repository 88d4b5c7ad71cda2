package org.cgm4j.api.objective;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The optimiser of an update step, as written in YAML ({@code updater: {type: adam,
 * learningRate: 1.0e-3}}). Adam's beta1 = 0, beta2 = 0.9 is the latent constraints' setting.
 */
public record UpdaterConfig(
        @JsonPropertyDescription("optimiser: adam or sgd") String type,
        @JsonPropertyDescription("step size, > 0") double learningRate,
        @JsonPropertyDescription("Adam's first-moment decay, in [0, 1)") double beta1,
        @JsonPropertyDescription("Adam's second-moment decay, in [0, 1)") double beta2,
        @JsonPropertyDescription("Adam's epsilon, > 0") double epsilon) {
    /** Optimiser names. */
    public static final String ADAM = "adam";
    /** Plain stochastic gradient descent. */
    public static final String SGD = "sgd";

    /** Validates every field; messages name the YAML key. */
    public UpdaterConfig {
        if (!ADAM.equals(type) && !SGD.equals(type)) {
            throw new IllegalArgumentException("updater.type must be adam or sgd, got '" + type + "'");
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("updater.learningRate must be > 0, got " + learningRate);
        }
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("updater.beta1 must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("updater.beta2 must be in [0, 1), got " + beta2);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("updater.epsilon must be > 0, got " + epsilon);
        }
    }

    /** Adam with the usual moments (0.9, 0.999) and epsilon 1e-8. */
    public static UpdaterConfig adam(double learningRate) {
        return new UpdaterConfig(ADAM, learningRate, 0.9, 0.999, 1e-8);
    }

    /** The ND4J updater. */
    public IUpdater toNd4j() {
        return ADAM.equals(type) ? new Adam(learningRate, beta1, beta2, epsilon) : new Sgd(learningRate);
    }
}
