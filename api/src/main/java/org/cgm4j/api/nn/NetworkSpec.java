package org.cgm4j.api.nn;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which network an encoder or decoder is, as written under {@code model.encoder} / {@code
 * model.decoder}: {@code {type: mlp}} (fully connected layers only, the default when the key is
 * absent) or {@code {type: conv, channels: [32, 64], kernel: 4, stride: 2, padding: 1}}.
 *
 * <p>A conv encoder runs one {@link Conv2d} per entry of {@code channels} (each followed by the
 * hidden nonlinearity) over the image, flattens the last feature map and puts the fully connected
 * {@code hidden} layers and the Gaussian head on it. A conv decoder maps z through the fully
 * connected layers (the {@code hidden} widths reversed) to a feature map of {@code channels[0]}
 * channels, then runs one {@link TransposedConv2d} per entry ({@code channels[i] ->
 * channels[i+1]}, the last one to the image's channels, linear), so its channels read coarse to
 * fine, the encoder's in reverse. Every layer has the same kernel, stride and padding.
 *
 * @param type {@code mlp} or {@code conv}
 * @param channels conv only: the feature-map channels, each >= 1, at least one
 * @param kernel conv only: the square kernel's side, >= 1
 * @param stride conv only: the stride, >= 1
 * @param padding conv only: zero padding on every side, 0 <= padding < kernel
 */
public record NetworkSpec(
        @JsonPropertyDescription("mlp or conv") String type,
        @JsonPropertyDescription("conv: feature-map channels per layer, at least one") List<Integer> channels,
        @JsonPropertyDescription("conv: kernel side, >= 1") Integer kernel,
        @JsonPropertyDescription("conv: stride, >= 1") Integer stride,
        @JsonPropertyDescription("conv: zero padding per side, 0 <= padding < kernel") Integer padding) {
    /** The fully connected network's type name. */
    public static final String MLP = "mlp";
    /** The convolutional network's type name. */
    public static final String CONV = "conv";
    /** What {@code model.encoder} is, for a config record's {@code @JsonPropertyDescription}. */
    public static final String ENCODER = "encoder network: {type: mlp} (absent: mlp) or {type: conv, channels: [32, 64],"
            + " kernel: 4, stride: 2, padding: 1} below the hidden layers";
    /** What {@code model.decoder} is. */
    public static final String DECODER = "decoder network: {type: mlp} or {type: conv, channels: [64, 32], kernel: 4,"
            + " stride: 2, padding: 1} (transposed convolutions after the hidden layers); absent: mirrors the encoder";

    /** Validates; messages name the key under the network's block and the allowed values. */
    public NetworkSpec {
        if (MLP.equals(type)) {
            if (channels != null || kernel != null || stride != null || padding != null) {
                throw new IllegalArgumentException("type mlp takes no channels, kernel, stride or padding (those are for"
                        + " type conv)");
            }
        } else if (CONV.equals(type)) {
            if (channels == null || channels.isEmpty() || channels.stream().anyMatch(c -> c == null || c < 1)) {
                throw new IllegalArgumentException("channels must be a non-empty list of channel counts >= 1, got "
                        + channels);
            }
            channels = List.copyOf(channels);
            if (kernel == null || kernel < 1) {
                throw new IllegalArgumentException("kernel must be an integer >= 1, got " + kernel);
            }
            if (stride == null || stride < 1) {
                throw new IllegalArgumentException("stride must be an integer >= 1, got " + stride);
            }
            if (padding == null || padding < 0 || padding >= kernel) {
                throw new IllegalArgumentException("padding must be an integer with 0 <= padding < kernel (" + kernel
                        + "), got " + padding);
            }
        } else {
            throw new IllegalArgumentException("type must be mlp or conv, got " + (type == null ? "nothing" : "'" + type
                    + "'"));
        }
    }

    /** The fully connected network. */
    public static NetworkSpec mlp() {
        return new NetworkSpec(MLP, null, null, null, null);
    }

    /** A convolutional network. */
    public static NetworkSpec conv(List<Integer> channels, int kernel, int stride, int padding) {
        return new NetworkSpec(CONV, channels, kernel, stride, padding);
    }

    /** Whether this is a convolutional network. */
    @JsonIgnore // not a YAML key
    public boolean isConv() {
        return CONV.equals(type);
    }

    /** The decoder that mirrors this encoder: the same type, channels reversed, the same kernel, stride and padding. */
    public NetworkSpec mirrored() {
        if (!isConv()) {
            return this;
        }
        List<Integer> reversed = new ArrayList<>(channels);
        Collections.reverse(reversed);
        return conv(reversed, kernel, stride, padding);
    }
}
