package org.cgm4j.models.latentconstraints;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.cgm4j.api.model.ModelConfig;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.nn.Likelihood;
import org.cgm4j.api.nn.NetworkSpec;
import org.cgm4j.api.nn.VaeArchitecture;

/**
 * The architecture of the VAE / beta-VAE ({@code model.type: vae}). The KL weight beta is {@code
 * loss.kl}, with the other loss weights.
 *
 * @param latentDim width of z
 * @param hidden hidden widths of the encoder; the decoder mirrors them
 * @param activation hidden nonlinearity
 * @param likelihood decoder likelihood: bernoulli, gaussian or sigmoidGaussian
 * @param sigmaX the fixed standard deviation of the gaussian likelihood
 * @param encoder the encoder network ({@code mlp} or {@code conv}); absent (null): mlp
 * @param decoder the decoder network; absent (null): the encoder's mirror
 */
// The default implementation lets the record also stand inside another model's config (the
// latent constraints' model.vae) without a type key; under model: the type still selects it.
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type",
        defaultImpl = VaeConfig.class)
public record VaeConfig(
        @JsonPropertyDescription(VaeArchitecture.LATENT_DIM) int latentDim,
        @JsonPropertyDescription(VaeArchitecture.HIDDEN) List<Integer> hidden,
        @JsonPropertyDescription(VaeArchitecture.ACTIVATION) Activation activation,
        @JsonPropertyDescription(VaeArchitecture.LIKELIHOOD) String likelihood,
        @JsonPropertyDescription(VaeArchitecture.SIGMA_X) double sigmaX,
        @JsonPropertyDescription(NetworkSpec.ENCODER) NetworkSpec encoder,
        @JsonPropertyDescription(NetworkSpec.DECODER) NetworkSpec decoder)
        implements ModelConfig {
    /**
     * Validates through {@link VaeArchitecture}; messages name the YAML key and the allowed values.
     * {@code encoder} and {@code decoder} stay null when absent, so that the record reads back as
     * the definition was written.
     */
    public VaeConfig {
        hidden = new VaeArchitecture(latentDim, hidden, activation, likelihood, sigmaX, encoder, decoder).hidden();
    }

    /** Fully connected encoder and decoder (no {@code model.encoder} or {@code model.decoder}). */
    public VaeConfig(int latentDim, List<Integer> hidden, Activation activation, String likelihood, double sigmaX) {
        this(latentDim, hidden, activation, likelihood, sigmaX, null, null);
    }

    /** The encoder/decoder architecture these settings describe. */
    public VaeArchitecture architecture() {
        return new VaeArchitecture(latentDim, hidden, activation, likelihood, sigmaX, encoder, decoder);
    }

    /** The decoder likelihood. */
    public Likelihood decoderLikelihood() {
        return architecture().decoderLikelihood();
    }
}
