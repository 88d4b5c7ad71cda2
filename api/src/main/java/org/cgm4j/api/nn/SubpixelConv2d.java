package org.cgm4j.api.nn;

import org.cgm4j.api.rng.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.DataFormat;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A sub-pixel convolution (Shi et al. 2016, "Real-Time Single Image and Video Super-Resolution
 * Using an Efficient Sub-Pixel Convolutional Neural Network", eq. 4): upsampling by an integer
 * factor s as a stride-1 {@link Conv2d} at the input's resolution to {@code outChannels s^2}
 * channels, whose channels are then rearranged into s x s blocks of pixels (SameDiff's {@code
 * depth_to_space}, NCHW): {@code [batch, inChannels, h, w] -> [batch, outChannels s^2, h, w] ->
 * [batch, outChannels, s h, s w]}. Output pixel {@code (s m + a, s l + b)} of channel o is channel
 * {@code (a s + b) outChannels + o} of the convolution at {@code (m, l)}.
 *
 * <p>It takes the place of a {@link TransposedConv2d} with the same kernel k, stride s and padding
 * p, which must upsample by exactly s ({@code k - 2p = s}, e.g. k 4, s 2, p 1). Output pixel {@code
 * s m + a} of that layer reads input pixels {@code m + d} with {@code k > a + p - d s >= 0}; the
 * convolution here has the odd kernel side {@code 2h + 1} and padding h that cover every such d
 * ({@code h = max(-d_min, d_max)}: 3 x 3 for k 4, s 2, p 1; 1 x 1 for k 2, s 2, p 0). So every
 * transposed convolution of that geometry is a sub-pixel convolution with some weights zero and
 * the bias repeated per block position: the layer is at least as expressive, and it runs as an
 * im2col matrix product where the transposed convolution scatters through col2im, whose buffer of
 * {@code [batch, outChannels, k, k, h, w]} dominated the conv decoder's time and memory
 * (docs/PERFORMANCE.md). Its variables are those of the convolution, {@code <prefix>/W} {@code [2h
 * + 1, 2h + 1, inChannels, outChannels s^2]} and {@code <prefix>/b} {@code [outChannels s^2]}
 * (Glorot-uniform weights, zero biases, as {@link Conv2d}).
 *
 * <p>Values are checked against a direct sum and against the transposed convolution whose weights
 * it is given, and gradients with respect to input, weights and bias against finite differences
 * in double precision ({@code ConvolutionGradientTest}).
 */
public final class SubpixelConv2d implements Upsampling {
    private final Conv2d conv;
    private final int outChannels;
    private final int factor;

    /**
     * Creates the layer's variables in {@code sd}.
     *
     * @param kernel k of the transposed convolution replaced, >= 1
     * @param stride s, the upscale factor, >= 1
     * @param padding p of the transposed convolution replaced, with {@code k - 2p = s}
     * @throws IllegalArgumentException if {@code k - 2p != s}
     */
    public SubpixelConv2d(SameDiff sd, String prefix, int inChannels, int outChannels, int kernel, int stride,
            int padding, DataType type, Rng rng) {
        Conv2d.checkGeometry(prefix, inChannels, outChannels, kernel, stride, padding);
        if (kernel - 2 * padding != stride) {
            throw new IllegalArgumentException(prefix + ": a sub-pixel convolution upsamples by exactly its stride,"
                    + " which needs kernel - 2 * padding = stride; got kernel " + kernel + ", stride " + stride
                    + ", padding " + padding + " (e.g. kernel 4, stride 2, padding 1)");
        }
        this.outChannels = outChannels;
        this.factor = stride;
        int h = halfWidth(kernel, stride, padding);
        this.conv = new Conv2d(sd, prefix, inChannels, outChannels * stride * stride, 2 * h + 1, 1, h, type, rng);
    }

    /**
     * h: the largest |d| over the input offsets d a transposed convolution (k, s, p) reads for any
     * output pixel, {@code d} from {@code ceil((p - k + 1) / s)} to {@code floor((s - 1 + p) / s)}.
     */
    static int halfWidth(int kernel, int stride, int padding) {
        int lo = Math.floorDiv(padding - kernel + 1 + stride - 1, stride); // ceil((p - k + 1) / s)
        int hi = Math.floorDiv(stride - 1 + padding, stride);
        return Math.max(Math.max(-lo, hi), 0);
    }

    /** {@code [batch, inChannels, h, w] -> [batch, outChannels, s h, s w]}, linear. */
    @Override
    public SDVariable apply(SameDiff sd, SDVariable in) {
        SDVariable features = conv.apply(sd, in); // [batch, outChannels s^2, h, w]
        return factor == 1 ? features : sd.cnn().depthToSpace(features, factor, DataFormat.NCHW);
    }

    /** {@code s in}. */
    @Override
    public int outputSize(int in) {
        return factor * in;
    }

    /**
     * {@code inChannels (2h + 1)^2 h w}: {@code conv2d}'s im2col buffer, {@code [batch, inChannels,
     * 2h + 1, 2h + 1, h, w]}, the largest of its arrays.
     */
    @Override
    public long workingElements(int height, int width) {
        long k = conv.kernel();
        return Math.max((long) conv.inChannels() * k * k, (long) conv.outChannels()) * height * width;
    }

    @Override
    public int inChannels() {
        return conv.inChannels();
    }

    @Override
    public int outChannels() {
        return outChannels;
    }

    /** The upscale factor s. */
    public int factor() {
        return factor;
    }

    /** The convolution's kernel side, {@code 2h + 1}. */
    public int convolutionKernel() {
        return conv.kernel();
    }

    /** The convolution before the rearrangement, {@code inChannels -> outChannels s^2} at the input's resolution. */
    public Conv2d convolution() {
        return conv;
    }
}
