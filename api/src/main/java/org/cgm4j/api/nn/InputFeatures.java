package org.cgm4j.api.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.cgm4j.api.data.ImageShape;
import org.cgm4j.api.rng.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The front of an encoder-side network (an encoder, a CVAE's prior, recognition or baseline
 * network, a classifier): how its inputs become the one flat row the fully connected layers read.
 * Every input arrives flat, {@code [n, width_i]}; an input is either an image ({@code C_i x H x W},
 * channel-planar, width {@code C_i H W}) or a vector.
 *
 * <p>With an {@code mlp} {@link NetworkSpec}, or when no input is an image, the inputs are joined
 * in their order: {@code [n, sum_i width_i]} (a single input is passed on as it is, without an
 * op). With a {@code conv} spec the image inputs, which must share H x W, are stacked as channels,
 * {@code [n, sum C_i, H, W]} (a CVAE's recognition network reads x with its hidden pixels and y as
 * two channels of one picture, so a convolution sees a given pixel beside the pixel to complete),
 * and run through one {@link Conv2d} per entry of {@code channels} ({@code <scope>/conv<i>}), each
 * followed by the hidden nonlinearity; the last feature map is flattened, {@code [n, c h w]}, and
 * the vector inputs (a one-hot class, say) are appended after it in their order: {@code [n, c h w
 * + sum_j v_j]}. The weights are drawn from the given stream in layer order, before anything the
 * caller creates next.
 */
public final class InputFeatures {
    /**
     * One input of the network.
     *
     * @param width its flat width
     * @param image its image shape, or null for a vector
     */
    public record Input(int width, ImageShape image) {
        /** Checks that an image's width is its size. */
        public Input {
            if (width < 1) {
                throw new IllegalArgumentException("an input needs a width >= 1, got " + width);
            }
            if (image != null && image.size() != width) {
                throw new IllegalArgumentException("an image input of " + image + " has width " + image.size()
                        + ", not " + width);
            }
        }

        /** A vector of {@code width} values. */
        public static Input vector(int width) {
            return new Input(width, null);
        }

        /** An image of {@code shape}. */
        public static Input image(ImageShape shape) {
            return new Input(shape.size(), shape);
        }
    }

    private final List<Input> inputs;
    private final List<Conv2d> convs;
    private final ImageShape stacked;
    private final ImageShape features;
    private final Activation activation;
    private final int width;

    /**
     * Creates the convolutions' variables (none for an {@code mlp} spec or without image inputs).
     *
     * @param scope the variable-name prefix, a role from {@link Scopes}
     * @param key the YAML key of the spec, for messages ({@code model.encoder})
     * @param inputs the inputs in the order {@link #apply} takes them, at least one
     * @throws IllegalArgumentException if the images do not share H x W or a convolution does not
     *     fit them (naming {@code key})
     */
    public InputFeatures(SameDiff sd, String scope, String key, NetworkSpec spec, List<Input> inputs,
            Activation activation, DataType type, Rng init) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException(scope + ": a network needs at least one input");
        }
        if (spec.upsample() != null) {
            throw new IllegalArgumentException(key + ": upsample chooses a conv decoder's upsampling layer; the " + scope
                    + " network reads its inputs with convolutions, so leave it out here");
        }
        this.inputs = List.copyOf(inputs);
        this.activation = activation;
        List<Input> images = inputs.stream().filter(i -> i.image() != null).toList();
        List<Conv2d> layers = new ArrayList<>();
        if (spec.isConv() && !images.isEmpty()) {
            ImageShape first = images.get(0).image();
            int channels = 0;
            for (Input in : images) {
                if (in.image().height() != first.height() || in.image().width() != first.width()) {
                    throw new IllegalArgumentException(key + ": type conv stacks the " + scope + " network's images as"
                            + " channels, so they must share height and width; got " + first + " and " + in.image());
                }
                channels += in.image().channels();
            }
            this.stacked = new ImageShape(channels, first.height(), first.width());
            ImageShape f = stacked;
            for (int i = 0; i < spec.channels().size(); i++) {
                int h = Conv2d.outputSize(f.height(), spec.kernel(), spec.stride(), spec.padding());
                int w = Conv2d.outputSize(f.width(), spec.kernel(), spec.stride(), spec.padding());
                if (h < 1 || w < 1) {
                    throw new IllegalArgumentException(key + ": convolution " + (i + 1) + " (kernel " + spec.kernel()
                            + ", stride " + spec.stride() + ", padding " + spec.padding() + ") does not fit its "
                            + f.height() + " x " + f.width() + " input (images " + stacked + "); use fewer channels"
                            + " entries, a smaller kernel or stride");
                }
                layers.add(new Conv2d(sd, Scopes.name(scope, "conv" + i), f.channels(), spec.channels().get(i),
                        spec.kernel(), spec.stride(), spec.padding(), type, init));
                f = new ImageShape(spec.channels().get(i), h, w);
            }
            this.features = f;
        } else {
            this.stacked = null;
            this.features = null;
        }
        this.convs = Collections.unmodifiableList(layers);
        int total = features == null ? 0 : features.size();
        for (Input in : inputs) {
            if (features == null || in.image() == null) {
                total += in.width();
            }
        }
        this.width = total;
    }

    /**
     * The flat features of {@code values} (one {@code [n, width_i]} per input, in the constructor's
     * order): {@code [n, }{@link #width()}{@code ]}.
     */
    public SDVariable apply(SameDiff sd, SDVariable... values) {
        if (values.length != inputs.size()) {
            throw new IllegalArgumentException("expected " + inputs.size() + " inputs, got " + values.length);
        }
        if (convs.isEmpty()) {
            return values.length == 1 ? values[0] : sd.concat(1, values);
        }
        List<SDVariable> images = new ArrayList<>();
        List<SDVariable> vectors = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            ImageShape s = inputs.get(i).image();
            if (s == null) {
                vectors.add(values[i]);
            } else {
                images.add(sd.reshape(values[i], -1, s.channels(), s.height(), s.width())); // [n, C_i, H, W]
            }
        }
        SDVariable h = images.size() == 1 ? images.get(0)
                : sd.concat(1, images.toArray(SDVariable[]::new)); // [n, sum C_i, H, W]
        for (Conv2d conv : convs) {
            h = activation.apply(sd, conv.apply(sd, h)); // [n, c_i, h_i, w_i]
        }
        SDVariable flat = sd.reshape(h, -1, features.size()); // [n, c h w]
        if (vectors.isEmpty()) {
            return flat;
        }
        vectors.add(0, flat);
        return sd.concat(1, vectors.toArray(SDVariable[]::new)); // [n, c h w + sum v_j]
    }

    /** The width of the features {@link #apply} returns. */
    public int width() {
        return width;
    }

    /** The convolutions, input first; empty when the inputs are joined flat. */
    public List<Conv2d> convolutions() {
        return convs;
    }

    /** The stacked images the first convolution reads, or null without convolutions. */
    public ImageShape stackedImages() {
        return stacked;
    }
}
