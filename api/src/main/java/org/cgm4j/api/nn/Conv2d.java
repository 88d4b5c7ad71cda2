package org.cgm4j.api.nn;

import org.cgm4j.api.rng.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A 2-D convolution over channels-first batches: {@code [batch, inChannels, h, w] -> [batch,
 * outChannels, h', w']} with a square kernel k, stride s and zero padding p on every side, so
 * {@code h' = (h + 2p - k) / s + 1} (rounded down; likewise w'). Its variables are {@code
 * <prefix>/W} {@code [k, k, inChannels, outChannels]} and {@code <prefix>/b} {@code
 * [outChannels]}; weights are drawn from Glorot's uniform distribution with fan-in {@code
 * inChannels k^2} and fan-out {@code outChannels k^2} on the Java side (identical across thread
 * counts), biases start at zero.
 *
 * <p>Built on SameDiff's {@code conv2d} op (NCHW, weights YXIO, explicit padding); its values are
 * checked against a direct sum and its gradient with respect to input, weights and bias against
 * finite differences in double precision ({@code ConvolutionGradientTest}). The weights stay in
 * the op's default YXIO layout: with OIYX weights the forward op is right but its gradient op
 * ({@code conv2d_bp}) fails its shape validation in 1.0.0-M2.1.
 */
public final class Conv2d {
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
    public Conv2d(SameDiff sd, String prefix, int inChannels, int outChannels, int kernel, int stride, int padding,
            DataType type, Rng rng) {
        checkGeometry(prefix, inChannels, outChannels, kernel, stride, padding);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.weight = sd.var(prefix + Scopes.SEPARATOR + "W",
                glorot(new long[] {kernel, kernel, inChannels, outChannels}, inChannels * kernel * kernel,
                        outChannels * kernel * kernel, type, rng));
        this.bias = sd.var(prefix + Scopes.SEPARATOR + "b", Nd4j.zeros(type, outChannels));
    }

    /** {@code [batch, inChannels, h, w] -> [batch, outChannels, h', w']}, linear. */
    public SDVariable apply(SameDiff sd, SDVariable in) {
        Conv2DConfig conf = Conv2DConfig.builder()
                .kH(kernel).kW(kernel).sH(stride).sW(stride).pH(padding).pW(padding).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID) // VALID with pH/pW: the explicit padding, not "same"
                .dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.YXIO)
                .build();
        return sd.cnn().conv2d(in, weight, bias, conf);
    }

    /** The output side length for an input side length {@code in}: {@code (in + 2p - k) / s + 1}; < 1 if the kernel does not fit. */
    public int outputSize(int in) {
        return outputSize(in, kernel, stride, padding);
    }

    /** {@code (in + 2 padding - kernel) / stride + 1}, rounded down; < 1 if the kernel does not fit. */
    public static int outputSize(int in, int kernel, int stride, int padding) {
        int span = in + 2 * padding - kernel;
        return span < 0 ? 0 : span / stride + 1;
    }

    /** The number of input channels. */
    public int inChannels() {
        return inChannels;
    }

    /** The number of output channels. */
    public int outChannels() {
        return outChannels;
    }

    /** The kernel side k. */
    public int kernel() {
        return kernel;
    }

    /** The weight variable, {@code [k, k, inChannels, outChannels]}. */
    public SDVariable weight() {
        return weight;
    }

    /** The bias variable, {@code [outChannels]}. */
    public SDVariable bias() {
        return bias;
    }

    static void checkGeometry(String prefix, int inChannels, int outChannels, int kernel, int stride, int padding) {
        if (inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException(prefix + ": channel counts must be >= 1, got " + inChannels + " -> "
                    + outChannels);
        }
        if (kernel < 1 || stride < 1 || padding < 0 || padding >= kernel) {
            throw new IllegalArgumentException(prefix + ": need kernel >= 1, stride >= 1 and 0 <= padding < kernel,"
                    + " got kernel " + kernel + ", stride " + stride + ", padding " + padding);
        }
    }

    /** Glorot-uniform weights of {@code shape}, drawn in double and cast, as {@link Dense} draws them. */
    static INDArray glorot(long[] shape, int fanIn, int fanOut, DataType type, Rng rng) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] w = new double[Math.toIntExact(n)];
        for (int i = 0; i < w.length; i++) {
            w[i] = (2 * rng.nextDouble() - 1) * limit;
        }
        return Nd4j.create(w, shape, DataType.DOUBLE).castTo(type);
    }
}
