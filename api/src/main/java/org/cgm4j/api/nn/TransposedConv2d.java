package org.cgm4j.api.nn;

import org.cgm4j.api.rng.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A 2-D transposed convolution (the gradient of {@link Conv2d} with respect to its input, used to
 * upsample) over channels-first batches: {@code [batch, inChannels, h, w] -> [batch, outChannels,
 * h', w']} with a square kernel k, stride s and padding p, so {@code h' = (h - 1) s - 2p + k}
 * (likewise w'): the inverse of the sizes of a {@link Conv2d} with the same k, s and p whenever
 * that one divides exactly. Its variables are {@code <prefix>/W} {@code [k, k, outChannels,
 * inChannels]} (the layout SameDiff's {@code deconv2d} reads) and {@code <prefix>/b} {@code
 * [outChannels]}; weights are drawn from Glorot's uniform distribution with fan-in {@code
 * inChannels k^2} and fan-out {@code outChannels k^2} on the Java side, biases start at zero.
 *
 * <p>Built on SameDiff's {@code deconv2d} op (NCHW, explicit padding); its values are checked
 * against a direct sum and its gradient with respect to input, weights and bias against finite
 * differences in double precision ({@code ConvolutionGradientTest}).
 */
public final class TransposedConv2d implements Upsampling {
    private final SDVariable weight;
    private final SDVariable bias;
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;

    /**
     * Creates the layer's variables in {@code sd}.
     *
     * @param kernel k, >= 1
     * @param stride s, >= 1
     * @param padding p, >= 0 and < k
     */
    public TransposedConv2d(SameDiff sd, String prefix, int inChannels, int outChannels, int kernel, int stride,
            int padding, DataType type, Rng rng) {
        Conv2d.checkGeometry(prefix, inChannels, outChannels, kernel, stride, padding);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.weight = sd.var(prefix + Scopes.SEPARATOR + "W",
                Conv2d.glorot(new long[] {kernel, kernel, outChannels, inChannels}, inChannels * kernel * kernel,
                        outChannels * kernel * kernel, type, rng));
        this.bias = sd.var(prefix + Scopes.SEPARATOR + "b", Nd4j.zeros(type, outChannels));
    }

    /** {@code [batch, inChannels, h, w] -> [batch, outChannels, (h - 1) s - 2p + k, (w - 1) s - 2p + k]}, linear. */
    @Override
    public SDVariable apply(SameDiff sd, SDVariable in) {
        DeConv2DConfig conf = DeConv2DConfig.builder()
                .kH(kernel).kW(kernel).sH(stride).sW(stride).pH(padding).pW(padding).dH(1).dW(1)
                .isSameMode(false).dataFormat(DeConv2DConfig.NCHW)
                .build();
        return sd.cnn().deconv2d(in, weight, bias, conf);
    }

    /** The output side length for an input side length {@code in}: {@code (in - 1) s - 2p + k}. */
    @Override
    public int outputSize(int in) {
        return outputSize(in, kernel, stride, padding);
    }

    /** {@code (in - 1) stride - 2 padding + kernel}. */
    public static int outputSize(int in, int kernel, int stride, int padding) {
        return (in - 1) * stride - 2 * padding + kernel;
    }

    /**
     * {@code outChannels k^2 h w}: {@code deconv2d} computes its output as a matrix product into a
     * {@code [batch, outChannels, k, k, h, w]} column buffer, scattered into the output by col2im.
     */
    @Override
    public long workingElements(int h, int w) {
        return (long) outChannels * kernel * kernel * h * w;
    }

    /** The number of input channels. */
    @Override
    public int inChannels() {
        return inChannels;
    }

    /** The number of output channels. */
    @Override
    public int outChannels() {
        return outChannels;
    }

    /** The weight variable, {@code [k, k, outChannels, inChannels]}. */
    public SDVariable weight() {
        return weight;
    }

    /** The bias variable, {@code [outChannels]}. */
    public SDVariable bias() {
        return bias;
    }
}
