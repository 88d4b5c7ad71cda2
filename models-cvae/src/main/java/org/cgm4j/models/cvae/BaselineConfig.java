package org.cgm4j.models.cvae;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import org.cgm4j.api.model.ModelConfig;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.nn.Likelihood;
import org.cgm4j.api.nn.NetworkSpec;

/**
 * The architecture of the deterministic baseline network ({@code model.type: baseline}), the
 * "NN" row of Sohn et al. (2015): a network y_hat = f(x) trained with the likelihood p(y | x), an
 * MLP unless {@code model.encoder} / {@code model.decoder} choose convolutions (the network is then
 * that of a CVAE's baseline, see {@link CvaeGraph}).
 *
 * @param hidden hidden widths
 * @param activation hidden nonlinearity
 * @param likelihood p(y | x): bernoulli or gaussian
 * @param sigmaY standard deviation of the gaussian likelihood
 * @param inputNoise zero a random square block of x in every training example
 * @param encoder the network x is read with ({@code model.encoder}); absent (null): mlp
 * @param decoder the network the prediction ends in ({@code model.decoder}); absent (null): the
 *     encoder's mirror
 */
public record BaselineConfig(
        @JsonPropertyDescription("hidden layer widths, at least one") List<Integer> hidden,
        @JsonPropertyDescription("hidden nonlinearity: relu, tanh, elu or identity") Activation activation,
        @JsonPropertyDescription("likelihood p(y|x): bernoulli or gaussian") String likelihood,
        @JsonPropertyDescription("standard deviation of the gaussian likelihood, > 0") double sigmaY,
        @JsonPropertyDescription("input omission noise: during training, zero a random square block of x (side"
                        + " below 40% of the image side)")
                boolean inputNoise,
        @JsonPropertyDescription(CvaeConfig.ENCODER) NetworkSpec encoder,
        @JsonPropertyDescription(CvaeConfig.DECODER) NetworkSpec decoder)
        implements ModelConfig {
    /** Validates; messages name the YAML key and the allowed values. */
    public BaselineConfig {
        hidden = CvaeConfig.validateOutput(hidden, activation, likelihood, sigmaY);
    }

    /** Fully connected (no {@code model.encoder} or {@code model.decoder}). */
    public BaselineConfig(List<Integer> hidden, Activation activation, String likelihood, double sigmaY,
            boolean inputNoise) {
        this(hidden, activation, likelihood, sigmaY, inputNoise, null, null);
    }

    /** The encoder-side network: {@link #encoder()}, or mlp when absent. */
    public NetworkSpec encoderNetwork() {
        return CvaeConfig.encoderOf(encoder);
    }

    /** The decoder-side network: {@link #decoder()}, or the encoder's mirror when absent. */
    public NetworkSpec decoderNetwork() {
        return CvaeConfig.decoderOf(encoder, decoder);
    }

    /** The likelihood object for {@link #likelihood()}. */
    public Likelihood outputLikelihood() {
        return CvaeConfig.likelihoodOf(likelihood, sigmaY);
    }
}
