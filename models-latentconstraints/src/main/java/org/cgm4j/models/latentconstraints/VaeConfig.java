package org.cgm4j.models.latentconstraints;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.cgm4j.api.model.ModelConfig;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.nn.Bernoulli;
import org.cgm4j.api.nn.FixedSigmaGaussian;
import org.cgm4j.api.nn.Likelihood;

/**
 * The architecture of the VAE / beta-VAE ({@code model.type: vae}). The KL weight beta is {@code
 * loss.kl}, with the other loss weights.
 *
 * @param latentDim width of z
 * @param hidden hidden widths of the encoder; the decoder mirrors them
 * @param activation hidden nonlinearity
 * @param likelihood decoder likelihood: bernoulli or gaussian
 * @param sigmaX the fixed standard deviation of the gaussian likelihood
 */
// The default implementation lets the record also stand inside another model's config (the
// latent constraints' model.vae) without a type key; under model: the type still selects it.
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type",
        defaultImpl = VaeConfig.class)
public record VaeConfig(
        @JsonPropertyDescription("width of the latent code z, >= 1") int latentDim,
        @JsonPropertyDescription("hidden layer widths of the encoder (the decoder mirrors them), at least one")
                List<Integer> hidden,
        @JsonPropertyDescription("hidden nonlinearity: relu, tanh, elu or identity") Activation activation,
        @JsonPropertyDescription("decoder likelihood p(x|z): bernoulli or gaussian") String likelihood,
        @JsonPropertyDescription("standard deviation of the gaussian likelihood, > 0 (Engel et al. use 0.1)")
                double sigmaX)
        implements ModelConfig {
    /** Validates; messages name the YAML key and the allowed values. */
    public VaeConfig {
        if (latentDim < 1) {
            throw new IllegalArgumentException("model.latentDim must be >= 1, got " + latentDim);
        }
        if (hidden == null || hidden.isEmpty() || hidden.stream().anyMatch(h -> h == null || h < 1)) {
            throw new IllegalArgumentException("model.hidden must be a non-empty list of widths >= 1, got " + hidden);
        }
        hidden = List.copyOf(hidden);
        if (activation == null) {
            throw new IllegalArgumentException("model.activation is missing; allowed: relu, tanh, elu, identity");
        }
        if (!Bernoulli.NAME.equals(likelihood) && !FixedSigmaGaussian.NAME.equals(likelihood)) {
            throw new IllegalArgumentException("model.likelihood must be bernoulli or gaussian, got '" + likelihood + "'");
        }
        if (!(sigmaX > 0) || Double.isInfinite(sigmaX)) {
            throw new IllegalArgumentException("model.sigmaX must be > 0, got " + sigmaX);
        }
    }

    /** The decoder likelihood. */
    public Likelihood decoderLikelihood() {
        return Bernoulli.NAME.equals(likelihood) ? new Bernoulli() : new FixedSigmaGaussian(sigmaX);
    }
}
