package org.cgm4j.api.nn;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
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
 * fine, the encoder's in reverse. Every layer has the same kernel, stride and padding. A conv
 * decoder's {@code upsample} key chooses the layer: {@code transposed} (the default) or {@code
 * subpixel}, a {@link SubpixelConv2d} in the place of the transposed convolution of the same
 * kernel, stride and padding (which must then satisfy {@code kernel - 2 padding = stride}).
 *
 * @param type {@code mlp} or {@code conv}
 * @param channels conv only: the feature-map channels, each >= 1, at least one
 * @param kernel conv only: the square kernel's side, >= 1
 * @param stride conv only: the stride, >= 1
 * @param padding conv only: zero padding on every side, 0 <= padding < kernel
 * @param upsample conv decoders only: {@code transposed} or {@code subpixel}; null: transposed
 */
public record NetworkSpec(
        @JsonPropertyDescription("mlp or conv") String type,
        @JsonPropertyDescription("conv: feature-map channels per layer, at least one") List<Integer> channels,
        @JsonPropertyDescription("conv: kernel side, >= 1") Integer kernel,
        @JsonPropertyDescription("conv: stride, >= 1") Integer stride,
        @JsonPropertyDescription("conv: zero padding per side, 0 <= padding < kernel") Integer padding,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @JsonPropertyDescription("conv decoder: upsampling layer, transposed (default) or subpixel")
        String upsample) {
    /** The fully connected network's type name. */
    public static final String MLP = "mlp";
    /** The convolutional network's type name. */
    public static final String CONV = "conv";
    /** The transposed convolution, the default upsampling layer of a conv decoder. */
    public static final String TRANSPOSED = "transposed";
    /** The sub-pixel convolution ({@link SubpixelConv2d}). */
    public static final String SUBPIXEL = "subpixel";
    /** What {@code model.encoder} is, for a config record's {@code @JsonPropertyDescription}. */
    public static final String ENCODER = "encoder network: {type: mlp} (absent: mlp) or {type: conv, channels: [32, 64],"
            + " kernel: 4, stride: 2, padding: 1} below the hidden layers";
    /** What {@code model.decoder} is. */
    public static final String DECODER = "decoder network: {type: mlp} or {type: conv, channels: [64, 32], kernel: 4,"
            + " stride: 2, padding: 1, upsample: transposed} (transposed convolutions after the hidden layers, or"
            + " upsample: subpixel for sub-pixel convolutions); absent: mirrors the encoder";

    /** Validates; messages name the key under the network's block and the allowed values. */
    @JsonCreator
    public NetworkSpec {
        if (MLP.equals(type)) {
            if (channels != null || kernel != null || stride != null || padding != null || upsample != null) {
                throw new IllegalArgumentException("type mlp takes no channels, kernel, stride, padding or upsample"
                        + " (those are for type conv)");
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
            if (upsample != null && !TRANSPOSED.equals(upsample) && !SUBPIXEL.equals(upsample)) {
                throw new IllegalArgumentException("upsample must be transposed or subpixel, got '" + upsample + "'");
            }
            if (SUBPIXEL.equals(upsample) && kernel - 2 * padding != stride) {
                throw new IllegalArgumentException("upsample subpixel needs kernel - 2 * padding = stride (it upsamples"
                        + " by exactly the stride), got kernel " + kernel + ", stride " + stride + ", padding " + padding
                        + "; e.g. kernel 4, stride 2, padding 1");
            }
        } else {
            throw new IllegalArgumentException("type must be mlp or conv, got " + (type == null ? "nothing" : "'" + type
                    + "'"));
        }
    }

    /** Without {@code upsample} (a conv decoder then upsamples with transposed convolutions). */
    public NetworkSpec(String type, List<Integer> channels, Integer kernel, Integer stride, Integer padding) {
        this(type, channels, kernel, stride, padding, null);
    }

    /** The fully connected network. */
    public static NetworkSpec mlp() {
        return new NetworkSpec(MLP, null, null, null, null);
    }

    /** A convolutional network (as a decoder, with transposed convolutions). */
    public static NetworkSpec conv(List<Integer> channels, int kernel, int stride, int padding) {
        return new NetworkSpec(CONV, channels, kernel, stride, padding);
    }

    /** This network with the decoder's upsampling layer {@code upsample} ({@code transposed} or {@code subpixel}). */
    public NetworkSpec withUpsample(String upsample) {
        return new NetworkSpec(type, channels, kernel, stride, padding, upsample);
    }

    /** Whether a conv decoder of this spec upsamples with sub-pixel convolutions. */
    @JsonIgnore // not a YAML key
    public boolean isSubpixel() {
        return SUBPIXEL.equals(upsample);
    }

    /** Whether this is a convolutional network. */
    @JsonIgnore // not a YAML key
    public boolean isConv() {
        return CONV.equals(type);
    }

    /**
     * The decoder that mirrors this encoder: the same type, channels reversed, the same kernel,
     * stride and padding, upsampling with transposed convolutions.
     */
    public NetworkSpec mirrored() {
        if (!isConv()) {
            return this;
        }
        List<Integer> reversed = new ArrayList<>(channels);
        Collections.reverse(reversed);
        return conv(reversed, kernel, stride, padding);
    }
}
