package org.cgm4j.models.gsnn;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.models.cvae.CvaeNetworkConfig;

/**
 * The architecture of the GSNN (Gaussian stochastic neural network) of Sohn, Lee and Yan (2015) ({@code model.type: gsnn}): the same keys as the CVAE's
 * ({@link org.cgm4j.models.cvae.CvaeConfig}), validated by the same checks.
 *
 * @param latentDim width of z
 * @param hidden hidden widths of the prior and baseline networks (generation mirrors them)
 * @param activation hidden nonlinearity
 * @param likelihood p(y | x, z): bernoulli or gaussian
 * @param sigmaY standard deviation of the gaussian likelihood
 * @param samples L, reparameterised samples per example in the training loss
 * @param baseline train a baseline network y_hat = f(x) first and feed it to the prior network
 * @param baselineEpochs epochs of the baseline's pretraining stage
 * @param inputNoise zero a random square block of x in every training example
 */
public record GsnnConfig(
        @JsonPropertyDescription("width of the latent code z, >= 1") int latentDim,
        @JsonPropertyDescription("hidden layer widths of the prior and baseline networks (the"
                        + " generation network mirrors them), at least one")
                List<Integer> hidden,
        @JsonPropertyDescription("hidden nonlinearity: relu, tanh, elu or identity") Activation activation,
        @JsonPropertyDescription("likelihood p(y|x,z): bernoulli or gaussian") String likelihood,
        @JsonPropertyDescription("standard deviation of the gaussian likelihood, > 0") double sigmaY,
        @JsonPropertyDescription("L: reparameterised samples of z per example in the training loss, >= 1")
                int samples,
        @JsonPropertyDescription("train a deterministic baseline y_hat = f(x) first (Sohn et al. Fig. 1d); the"
                        + " prior network then also sees y_hat")
                boolean baseline,
        @JsonPropertyDescription("epochs of the baseline's pretraining stage, >= 1 when baseline is true;"
                        + " the model trains for the remaining train.epochs")
                int baselineEpochs,
        @JsonPropertyDescription("input omission noise: during training, zero a random square block of x (side"
                        + " below 40% of the image side)")
                boolean inputNoise)
        implements CvaeNetworkConfig {
    /** Validates; messages name the YAML key and the allowed values. */
    public GsnnConfig {
        hidden = CvaeNetworkConfig.validate(latentDim, hidden, activation, likelihood, sigmaY, samples, baseline,
                baselineEpochs);
    }

    /** Bernoulli likelihood, one sample, no baseline, no input noise. */
    public static GsnnConfig of(int latentDim, List<Integer> hidden) {
        return new GsnnConfig(latentDim, hidden, Activation.RELU, "bernoulli", 1.0, 1, false, 0, false);
    }
}
