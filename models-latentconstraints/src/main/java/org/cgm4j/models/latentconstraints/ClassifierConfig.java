package org.cgm4j.models.latentconstraints;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import org.cgm4j.api.model.ModelConfig;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.nn.NetworkSpec;

/**
 * The pixel-space classifier ({@code model.type: classifier}) that scores the latent constraints'
 * samples. Its one loss weight is {@code loss.classification}.
 *
 * @param hidden hidden widths of the fully connected layers
 * @param activation hidden nonlinearity
 * @param maxShift training images are shifted by up to this many pixels in each direction (zero
 *     fill), a cheap augmentation that matters with 8,000 training digits
 * @param encoder the network the images are read with below the hidden layers ({@code
 *     model.encoder}: {@code mlp} or {@code conv}); absent (null): mlp
 */
public record ClassifierConfig(
        @JsonPropertyDescription("hidden layer widths, at least one") List<Integer> hidden,
        @JsonPropertyDescription("hidden nonlinearity: relu, tanh, elu or identity") Activation activation,
        @JsonPropertyDescription("random shift of training images, in pixels, >= 0 (0: none)") int maxShift,
        @JsonPropertyDescription(ENCODER) NetworkSpec encoder)
        implements ModelConfig {
    /** What {@code model.encoder} is for the classifier. */
    static final String ENCODER = "network the images are read with: {type: mlp} (absent: mlp) or {type: conv,"
            + " channels: [32, 64], kernel: 3, stride: 2, padding: 1} below the hidden layers";

    /** Validates; messages name the YAML key. */
    public ClassifierConfig {
        if (hidden == null || hidden.isEmpty() || hidden.stream().anyMatch(h -> h == null || h < 1)) {
            throw new IllegalArgumentException("model.hidden must be a non-empty list of widths >= 1, got " + hidden);
        }
        hidden = List.copyOf(hidden);
        if (activation == null) {
            throw new IllegalArgumentException("model.activation is missing; allowed: relu, tanh, elu, identity");
        }
        if (maxShift < 0) {
            throw new IllegalArgumentException("model.maxShift must be >= 0, got " + maxShift);
        }
    }

    /** A fully connected classifier (no {@code model.encoder}). */
    public ClassifierConfig(List<Integer> hidden, Activation activation, int maxShift) {
        this(hidden, activation, maxShift, null);
    }

    /** The network the images are read with: {@link #encoder()}, or mlp when absent. */
    public NetworkSpec encoderNetwork() {
        return encoder == null ? NetworkSpec.mlp() : encoder;
    }
}
