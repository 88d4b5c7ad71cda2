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
 * The back of a decoder-side network (a VAE's decoder, a CVAE's generation or baseline network):
 * from a flat row to the output's likelihood parameters, {@code [n, nIn] -> [n, C H W]}, the
 * output flat whichever network is chosen.
 *
 * <p>With an {@code mlp} {@link NetworkSpec} it is an {@link Mlp} ({@code <scope>/dense<i>}) with
 * the given hidden widths and a linear output of the output's width. With a {@code conv} spec the
 * MLP ends instead in a feature map of {@code channels[0]} channels, {@code [n, channels[0] h_0
 * w_0]}, which goes through the hidden nonlinearity, is reshaped to {@code [n, channels[0], h_0,
 * w_0]} and upsampled by one {@link Upsampling} layer per entry of {@code channels} ({@code
 * <scope>/deconv<i>}: {@code channels[i] -> channels[i+1]}, the last to the output's C channels,
 * linear; the others followed by the nonlinearity) to {@code [n, C, H, W]}, flattened back to
 * {@code [n, C H W]}: a {@link TransposedConv2d}, or with the spec's {@code upsample: subpixel} a
 * {@link SubpixelConv2d} of the same kernel, stride and padding (whose variables keep the {@code
 * deconv<i>} names). {@code h_0 x w_0} is the output's size taken back through every layer, each of
 * which must invert exactly.
 */
public final class ImageOutput {
    private final Mlp mlp;
    private final ImageShape output;
    private final ImageShape start;
    private final List<Upsampling> deconvs;
    private final Activation activation;

    /**
     * Creates the variables, the fully connected layers first.
     *
     * @param scope the variable-name prefix, a role from {@link Scopes}
     * @param key the YAML key of the spec, for messages ({@code model.decoder})
     * @param output the shape of one output; a vector output is {@code 1 x 1 x width} (fine for an
     *     mlp spec; a conv one then says it does not fit)
     * @throws IllegalArgumentException if the transposed convolutions cannot end at exactly the
     *     output's size (naming {@code key})
     */
    public ImageOutput(SameDiff sd, String scope, String key, NetworkSpec spec, int nIn, List<Integer> hidden,
            ImageShape output, Activation activation, DataType type, Rng init) {
        this.output = output;
        this.activation = activation;
        if (spec.isConv()) {
            this.start = start(key, spec, output);
            this.mlp = new Mlp(sd, scope, nIn, hidden, start.size(), activation, type, init);
            List<Upsampling> layers = new ArrayList<>();
            List<Integer> ch = spec.channels();
            for (int i = 0; i < ch.size(); i++) {
                int out = i + 1 < ch.size() ? ch.get(i + 1) : output.channels();
                String name = Scopes.name(scope, "deconv" + i);
                layers.add(spec.isSubpixel()
                        ? new SubpixelConv2d(sd, name, ch.get(i), out, spec.kernel(), spec.stride(), spec.padding(),
                                type, init)
                        : new TransposedConv2d(sd, name, ch.get(i), out, spec.kernel(), spec.stride(),
                                spec.padding(), type, init));
            }
            this.deconvs = Collections.unmodifiableList(layers);
        } else {
            this.start = null;
            this.mlp = new Mlp(sd, scope, nIn, hidden, output.size(), activation, type, init);
            this.deconvs = List.of();
        }
    }

    /**
     * The feature map the first transposed convolution reads: the output's size taken back through
     * every layer, each of which must invert exactly ({@code (in - 1) s - 2p + k = out}).
     */
    private static ImageShape start(String key, NetworkSpec dec, ImageShape image) {
        int h = image.height();
        int w = image.width();
        for (int i = dec.channels().size() - 1; i >= 0; i--) {
            int hIn = Conv2d.outputSize(h, dec.kernel(), dec.stride(), dec.padding());
            int wIn = Conv2d.outputSize(w, dec.kernel(), dec.stride(), dec.padding());
            if (hIn < 1 || wIn < 1 || TransposedConv2d.outputSize(hIn, dec.kernel(), dec.stride(), dec.padding()) != h
                    || TransposedConv2d.outputSize(wIn, dec.kernel(), dec.stride(), dec.padding()) != w) {
                throw new IllegalArgumentException(key + ": " + dec.channels().size() + " transposed convolutions with"
                        + " kernel " + dec.kernel() + ", stride " + dec.stride() + " and padding " + dec.padding()
                        + " cannot end at exactly the " + image.height() + " x " + image.width() + " images (layer "
                        + (i + 1) + " would have to give " + h + " x " + w + "); choose kernel, stride and padding"
                        + " with (in - 1) * stride - 2 * padding + kernel = out, e.g. kernel 4, stride 2, padding 1"
                        + " for sizes divisible by 2 per layer");
            }
            h = hIn;
            w = wIn;
        }
        return new ImageShape(dec.channels().get(0), h, w);
    }

    /** {@code [n, nIn] -> [n, C H W]}: the output's likelihood parameters, linear. */
    public SDVariable apply(SameDiff sd, SDVariable in) {
        SDVariable out = mlp.apply(sd, in);
        if (deconvs.isEmpty()) {
            return out;
        }
        SDVariable h = sd.reshape(activation.apply(sd, out), -1, start.channels(), start.height(), start.width());
        for (int i = 0; i < deconvs.size(); i++) {
            h = deconvs.get(i).apply(sd, h); // [n, channels[i+1] or C, ...]
            if (i < deconvs.size() - 1) {
                h = activation.apply(sd, h);
            }
        }
        return sd.reshape(h, -1, output.size()); // [n, C H W], linear
    }

    /**
     * The elements of the largest working buffer an upsampling layer allocates per row ({@link
     * Upsampling#workingElements}); 0 without upsampling layers.
     */
    public long workingElementsPerRow() {
        long most = 0;
        int h = deconvs.isEmpty() ? 0 : start.height();
        int w = deconvs.isEmpty() ? 0 : start.width();
        for (Upsampling layer : deconvs) {
            most = Math.max(most, layer.workingElements(h, w));
            h = layer.outputSize(h);
            w = layer.outputSize(w);
        }
        return most;
    }

    /** The fully connected layers (before the upsampling layers, for a conv spec). */
    public Mlp mlp() {
        return mlp;
    }

    /** The upsampling layers, coarse first; empty for an mlp spec. */
    public List<Upsampling> convolutions() {
        return deconvs;
    }
}
