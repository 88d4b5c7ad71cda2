package org.cgm4j.models.cvae;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import org.cgm4j.api.model.ModelConfig;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.nn.Bernoulli;
import org.cgm4j.api.nn.FixedSigmaGaussian;
import org.cgm4j.api.nn.Likelihood;
import org.cgm4j.api.nn.NetworkSpec;

/**
 * The architecture of the conditional VAE ({@code model.type: cvae}), and of the GSNN ({@code gsnn})
 * and the hybrid ({@code hybrid}) built from the same networks, so the three types share one record
 * and one set of keys (the GSNN has no recognition network). The KL weight (1 + beta), the hybrid's
 * alpha and the multi-scale weights are loss weights ({@code loss.kl}, {@code loss.alpha}, {@code
 * loss.reconstruction2x}, ...), not settings here.
 *
 * @param latentDim width of z
 * @param hidden hidden widths of the recognition (if any), prior and baseline networks (generation mirrors them)
 * @param activation hidden nonlinearity
 * @param likelihood p(y | x, z): bernoulli or gaussian
 * @param sigmaY standard deviation of the gaussian likelihood
 * @param samples L, reparameterised samples per example in the training loss
 * @param baseline train a baseline network y_hat = f(x) first and feed it to the prior and recognition (if any) networks
 * @param baselineEpochs epochs of the baseline's pretraining stage
 * @param inputNoise zero a random square block of x in every training example
 * @param encoder the network the recognition, prior and baseline networks read their inputs with
 *     ({@code model.encoder}: {@code mlp} or {@code conv}, see {@link CvaeGraph}); absent (null):
 *     mlp
 * @param decoder the network the generation and baseline networks end in ({@code model.decoder});
 *     absent (null): the encoder's {@link NetworkSpec#mirrored() mirror}
 */
public record CvaeConfig(
        @JsonPropertyDescription("width of the latent code z, >= 1") int latentDim,
        @JsonPropertyDescription("hidden layer widths of the recognition (if any), prior and baseline networks"
                        + " (the generation network mirrors them), at least one")
                List<Integer> hidden,
        @JsonPropertyDescription("hidden nonlinearity: relu, tanh, elu or identity") Activation activation,
        @JsonPropertyDescription("likelihood p(y|x,z): bernoulli or gaussian") String likelihood,
        @JsonPropertyDescription("standard deviation of the gaussian likelihood, > 0") double sigmaY,
        @JsonPropertyDescription("L: reparameterised samples of z per example in the training loss, >= 1")
                int samples,
        @JsonPropertyDescription("train a deterministic baseline y_hat = f(x) first (Sohn et al. Fig. 1d); the"
                        + " prior and recognition (if any) networks then also see y_hat")
                boolean baseline,
        @JsonPropertyDescription("epochs of the baseline's pretraining stage, >= 1 when baseline is true;"
                        + " the model trains for the remaining train.epochs")
                int baselineEpochs,
        @JsonPropertyDescription("input omission noise: during training, zero a random square block of x (side"
                        + " below 40% of the image side)")
                boolean inputNoise,
        @JsonPropertyDescription(ENCODER) NetworkSpec encoder,
        @JsonPropertyDescription(DECODER) NetworkSpec decoder)
        implements ModelConfig {
    /** What {@code model.encoder} is for the CVAE family. */
    static final String ENCODER = "network the recognition, prior and baseline networks read x (and y) with: {type:"
            + " mlp} (absent: mlp) or {type: conv, channels: [32, 64], kernel: 4, stride: 2, padding: 1} (images"
            + " stacked as channels) below the hidden layers";
    /** What {@code model.decoder} is for the CVAE family. */
    static final String DECODER = "network the generation and baseline networks end in: {type: mlp} or {type: conv,"
            + " channels: [64, 32], kernel: 4, stride: 2, padding: 1} (transposed convolutions to y's image after"
            + " the hidden layers); absent: mirrors the encoder";

    /** Validates; messages name the YAML key and the allowed values. */
    public CvaeConfig {
        if (latentDim < 1) {
            throw new IllegalArgumentException("model.latentDim must be >= 1, got " + latentDim);
        }
        hidden = validateOutput(hidden, activation, likelihood, sigmaY);
        if (samples < 1) {
            throw new IllegalArgumentException("model.samples must be >= 1, got " + samples);
        }
        if (baselineEpochs < 0) {
            throw new IllegalArgumentException("model.baselineEpochs must be >= 0, got " + baselineEpochs);
        }
        if (baseline && baselineEpochs < 1) {
            throw new IllegalArgumentException(
                    "model.baselineEpochs must be >= 1 when model.baseline is true, got " + baselineEpochs);
        }
    }

    /** Fully connected networks (no {@code model.encoder} or {@code model.decoder}). */
    public CvaeConfig(int latentDim, List<Integer> hidden, Activation activation, String likelihood, double sigmaY,
            int samples, boolean baseline, int baselineEpochs, boolean inputNoise) {
        this(latentDim, hidden, activation, likelihood, sigmaY, samples, baseline, baselineEpochs, inputNoise, null,
                null);
    }

    /** The likelihood object for {@link #likelihood()}. */
    public Likelihood outputLikelihood() {
        return likelihoodOf(likelihood, sigmaY);
    }

    /** The encoder-side network: {@link #encoder()}, or mlp when absent. */
    public NetworkSpec encoderNetwork() {
        return encoderOf(encoder);
    }

    /** The decoder-side network: {@link #decoder()}, or the encoder's mirror when absent. */
    public NetworkSpec decoderNetwork() {
        return decoderOf(encoder, decoder);
    }

    /** {@code encoder}, or mlp when null. */
    static NetworkSpec encoderOf(NetworkSpec encoder) {
        return encoder == null ? NetworkSpec.mlp() : encoder;
    }

    /** {@code decoder}, or the mirror of the encoder when null. */
    static NetworkSpec decoderOf(NetworkSpec encoder, NetworkSpec decoder) {
        return decoder == null ? encoderOf(encoder).mirrored() : decoder;
    }

    /** This config with the networks {@code encoder} and {@code decoder} (null: their defaults). */
    public CvaeConfig withNetworks(NetworkSpec encoder, NetworkSpec decoder) {
        return new CvaeConfig(latentDim, hidden, activation, likelihood, sigmaY, samples, baseline, baselineEpochs,
                inputNoise, encoder, decoder);
    }

    /** {@code bernoulli} or a {@link FixedSigmaGaussian} of standard deviation {@code sigma}. */
    static Likelihood likelihoodOf(String name, double sigma) {
        return Bernoulli.NAME.equals(name) ? new Bernoulli() : new FixedSigmaGaussian(sigma);
    }

    /** The checks of the hidden widths, activation and likelihood (shared with the baseline model). */
    static List<Integer> validateOutput(List<Integer> hidden, Activation activation, String likelihood, double sigmaY) {
        if (hidden == null || hidden.isEmpty() || hidden.stream().anyMatch(w -> w == null || w < 1)) {
            throw new IllegalArgumentException("model.hidden must be a non-empty list of widths >= 1, got " + hidden);
        }
        if (activation == null) {
            throw new IllegalArgumentException("model.activation is missing; allowed: relu, tanh, elu, identity");
        }
        if (!Bernoulli.NAME.equals(likelihood) && !FixedSigmaGaussian.NAME.equals(likelihood)) {
            throw new IllegalArgumentException(
                    "model.likelihood must be bernoulli or gaussian, got '" + likelihood + "'");
        }
        if (!(sigmaY > 0) || Double.isInfinite(sigmaY)) {
            throw new IllegalArgumentException("model.sigmaY must be > 0, got " + sigmaY);
        }
        return List.copyOf(hidden);
    }

    /** Bernoulli likelihood, one sample, no baseline, no input noise. */
    public static CvaeConfig of(int latentDim, List<Integer> hidden) {
        return new CvaeConfig(latentDim, hidden, Activation.RELU, "bernoulli", 1.0, 1, false, 0, false);
    }
}
