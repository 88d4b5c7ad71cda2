package org.cgm4j.models.cvae;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import org.cgm4j.api.model.ModelConfig;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.nn.Likelihood;

/**
 * The architecture of the deterministic baseline network ({@code model.type: baseline}), the
 * "NN" row of Sohn et al. (2015): an MLP y_hat = f(x) trained with the likelihood p(y | x).
 *
 * @param hidden hidden widths
 * @param activation hidden nonlinearity
 * @param likelihood p(y | x): bernoulli or gaussian
 * @param sigmaY standard deviation of the gaussian likelihood
 * @param inputNoise zero a random square block of x in every training example
 */
public record BaselineConfig(
        @JsonPropertyDescription("hidden layer widths, at least one") List<Integer> hidden,
        @JsonPropertyDescription("hidden nonlinearity: relu, tanh, elu or identity") Activation activation,
        @JsonPropertyDescription("likelihood p(y|x): bernoulli or gaussian") String likelihood,
        @JsonPropertyDescription("standard deviation of the gaussian likelihood, > 0") double sigmaY,
        @JsonPropertyDescription("input omission noise: during training, zero a random square block of x (side"
                        + " below 40% of the image side)")
                boolean inputNoise)
        implements ModelConfig {
    /** Validates; messages name the YAML key and the allowed values. */
    public BaselineConfig {
        hidden = CvaeConfig.validateOutput(hidden, activation, likelihood, sigmaY);
    }

    /** The likelihood object for {@link #likelihood()}. */
    public Likelihood outputLikelihood() {
        return CvaeConfig.likelihoodOf(likelihood, sigmaY);
    }
}
