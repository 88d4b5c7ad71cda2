package org.cgm4j.models.iwae;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import org.cgm4j.api.model.ModelConfig;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.nn.NetworkSpec;
import org.cgm4j.api.nn.VaeArchitecture;

/**
 * The settings of the IWAE ({@code model.type: iwae}): the VAE's architecture, validated by
 * {@link VaeArchitecture}, and the number of importance samples K.
 *
 * @param latentDim width of z
 * @param hidden hidden widths of the encoder; the decoder mirrors them
 * @param activation hidden nonlinearity
 * @param likelihood decoder likelihood: bernoulli or gaussian
 * @param sigmaX the fixed standard deviation of the gaussian likelihood
 * @param samples K, importance samples per example in the bound
 * @param encoder the encoder network ({@code mlp} or {@code conv}); absent (null): mlp
 * @param decoder the decoder network; absent (null): the encoder's mirror
 */
public record IwaeConfig(
        @JsonPropertyDescription(VaeArchitecture.LATENT_DIM) int latentDim,
        @JsonPropertyDescription(VaeArchitecture.HIDDEN) List<Integer> hidden,
        @JsonPropertyDescription(VaeArchitecture.ACTIVATION) Activation activation,
        @JsonPropertyDescription(VaeArchitecture.LIKELIHOOD) String likelihood,
        @JsonPropertyDescription(VaeArchitecture.SIGMA_X) double sigmaX,
        @JsonPropertyDescription("K: importance samples per example in the bound, >= 1 (1 is the VAE's ELBO)")
                int samples,
        @JsonPropertyDescription(NetworkSpec.ENCODER) NetworkSpec encoder,
        @JsonPropertyDescription(NetworkSpec.DECODER) NetworkSpec decoder)
        implements ModelConfig {
    /** Validates; messages name the YAML key and the allowed values. */
    public IwaeConfig {
        hidden = new VaeArchitecture(latentDim, hidden, activation, likelihood, sigmaX, encoder, decoder).hidden();
        if (samples < 1) {
            throw new IllegalArgumentException("model.samples must be >= 1, got " + samples);
        }
    }

    /** Fully connected encoder and decoder (no {@code model.encoder} or {@code model.decoder}). */
    public IwaeConfig(int latentDim, List<Integer> hidden, Activation activation, String likelihood, double sigmaX,
            int samples) {
        this(latentDim, hidden, activation, likelihood, sigmaX, samples, null, null);
    }

    /** The encoder/decoder architecture. */
    public VaeArchitecture architecture() {
        return new VaeArchitecture(latentDim, hidden, activation, likelihood, sigmaX, encoder, decoder);
    }
}
