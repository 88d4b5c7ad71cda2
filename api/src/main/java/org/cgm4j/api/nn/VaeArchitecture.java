package org.cgm4j.api.nn;

import java.util.List;

/**
 * The architecture of a VAE-style encoder/decoder pair ({@link EncoderDecoder}): what a config
 * record of such a model holds under {@code model:} and validates through this record, instead
 * of copying the fields' checks.
 *
 * @param latentDim width of z, >= 1
 * @param hidden hidden widths of the encoder, at least one; the decoder mirrors them
 * @param activation hidden nonlinearity
 * @param likelihood decoder likelihood p(x | z): {@code bernoulli}, {@code gaussian} or {@code
 *     sigmoidGaussian} (the gaussian with mean sigmoid(a), see {@link FixedSigmaGaussian})
 * @param sigmaX standard deviation of the gaussian likelihood, > 0
 * @param encoder the encoder's network below the hidden layers ({@code model.encoder}); null: {@link
 *     NetworkSpec#mlp()}
 * @param decoder the decoder's network after the hidden layers ({@code model.decoder}); null: the
 *     encoder's {@link NetworkSpec#mirrored() mirror}
 */
public record VaeArchitecture(int latentDim, List<Integer> hidden, Activation activation, String likelihood,
        double sigmaX, NetworkSpec encoder, NetworkSpec decoder) {
    /** What {@code latentDim} is, for a config record's {@code @JsonPropertyDescription}. */
    public static final String LATENT_DIM = "width of the latent code z, >= 1";
    /** What {@code hidden} is. */
    public static final String HIDDEN = "hidden layer widths of the encoder (the decoder mirrors them), at least one";
    /** What {@code activation} is. */
    public static final String ACTIVATION = "hidden nonlinearity: relu, tanh, elu or identity";
    /** What {@code likelihood} is. */
    public static final String LIKELIHOOD = "decoder likelihood p(x|z): bernoulli, gaussian or"
            + " sigmoidGaussian (mean sigmoid(output), in (0, 1) like pixels)";
    /** What {@code sigmaX} is. */
    public static final String SIGMA_X = "standard deviation of the gaussian likelihood, > 0 (Engel et al. use 0.1)";

    /** Validates; messages name the YAML key under {@code model.} and the allowed values. */
    public VaeArchitecture {
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
        if (!Bernoulli.NAME.equals(likelihood) && !FixedSigmaGaussian.NAME.equals(likelihood)
                && !FixedSigmaGaussian.SIGMOID_NAME.equals(likelihood)) {
            throw new IllegalArgumentException("model.likelihood must be bernoulli, gaussian or sigmoidGaussian, got '"
                    + likelihood + "'");
        }
        if (!(sigmaX > 0) || Double.isInfinite(sigmaX)) {
            throw new IllegalArgumentException("model.sigmaX must be > 0, got " + sigmaX);
        }
        if (encoder == null) {
            encoder = NetworkSpec.mlp();
        }
        if (decoder == null) {
            decoder = encoder.mirrored();
        }
    }

    /** Fully connected encoder and decoder: the architecture of a definition without {@code model.encoder} or {@code model.decoder}. */
    public VaeArchitecture(int latentDim, List<Integer> hidden, Activation activation, String likelihood,
            double sigmaX) {
        this(latentDim, hidden, activation, likelihood, sigmaX, null, null);
    }

    /** The decoder likelihood. */
    public Likelihood decoderLikelihood() {
        return Bernoulli.NAME.equals(likelihood) ? new Bernoulli()
                : new FixedSigmaGaussian(sigmaX, FixedSigmaGaussian.SIGMOID_NAME.equals(likelihood));
    }
}
