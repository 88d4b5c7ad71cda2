package org.cgm4j.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cgm4j.api.nn.Graphs;
import org.cgm4j.api.nn.SubpixelConv2d;
import org.cgm4j.api.rng.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The conv VAE's four convolution layers one at a time (bench case {@code convvae}: 28 x 28 x 1
 * -> 14 x 14 x 32 -> 7 x 7 x 64 and back, 4 x 4 kernels, stride 2, padding 1, batch 128), forward
 * ({@code conv2d} / {@code deconv2d}) and forward plus backward ({@code calculateGradients} of a
 * weighted sum of the output for the input, weights and bias: {@code conv2d_bp} / {@code
 * deconv2d_bp}), in channels-first (NCHW, what the layers use) and channels-last (NHWC) layout;
 * and {@link #gemm} the matrix product the layer's im2col formulation does, {@code [batch h' w',
 * k k in] x [k k in, out]}, to tell the product from the rest of the op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class ConvBenchmark {
    /** Batch of the bench case. */
    static final int BATCH = 128;

    /**
     * {@code enc0}: conv 1 -> 32 at 28 x 28; {@code enc1}: conv 32 -> 64 at 14 x 14; {@code dec0}:
     * deconv 64 -> 32 at 7 x 7; {@code dec1}: deconv 32 -> 1 at 14 x 14; {@code sub0}, {@code sub1}:
     * the sub-pixel convolutions in their place ({@link SubpixelConv2d}: a 3 x 3 conv to 4 times the
     * channels and depth_to_space; NCHW only).
     */
    @Param({"enc0", "enc1", "dec0", "dec1", "sub0", "sub1"})
    public String layer;

    /** {@code NCHW} or {@code NHWC}. */
    @Param({"NCHW", "NHWC"})
    public String format;

    private SameDiff sd;
    private Map<String, INDArray> feed;
    private List<String> variables;
    private String output;
    private INDArray gemmA;
    private INDArray gemmB;
    private INDArray gemmC;

    /** Builds the one-layer graph and the operands of its matrix product. */
    @Setup
    public void setUp() {
        boolean deconv = layer.startsWith("dec") || layer.startsWith("sub");
        int in;
        int out;
        int side; // input side
        switch (layer) {
            case "enc0" -> { in = 1; out = 32; side = 28; }
            case "enc1" -> { in = 32; out = 64; side = 14; }
            case "dec0", "sub0" -> { in = 64; out = 32; side = 7; }
            case "dec1", "sub1" -> { in = 32; out = 1; side = 14; }
            default -> throw new IllegalArgumentException(layer);
        }
        boolean nchw = format.equals("NCHW");
        Rng rng = Rng.derive(1, "benchmarks/conv");
        sd = Graphs.create();
        long[] inShape = nchw ? new long[] {BATCH, in, side, side} : new long[] {BATCH, side, side, in};
        SDVariable x = sd.var("x", rng.gaussian(DataType.FLOAT, 1, BATCH * in * side * side).reshape(inShape));
        SDVariable b = sd.var("b", Nd4j.zeros(DataType.FLOAT, out));
        SDVariable y;
        int outSide;
        if (layer.startsWith("sub")) {
            if (!nchw) {
                throw new IllegalArgumentException("the sub-pixel layers run NCHW only: -p format=NCHW");
            }
            SubpixelConv2d sub = new SubpixelConv2d(sd, "sub", in, out, 4, 2, 1, DataType.FLOAT, rng);
            y = sub.apply(sd, x);
            outSide = 2 * side;
        } else if (deconv) {
            SDVariable w = sd.var("W", rng.gaussian(DataType.FLOAT, 1, 16 * in * out).reshape(4, 4, out, in).mul(0.1));
            y = sd.cnn().deconv2d(x, w, b, DeConv2DConfig.builder().kH(4).kW(4).sH(2).sW(2).pH(1).pW(1).dH(1).dW(1)
                    .isSameMode(false).dataFormat(format).build());
            outSide = 2 * side;
        } else {
            SDVariable w = sd.var("W", rng.gaussian(DataType.FLOAT, 1, 16 * in * out).reshape(4, 4, in, out).mul(0.1));
            y = sd.cnn().conv2d(x, w, b, Conv2DConfig.builder().kH(4).kW(4).sH(2).sW(2).pH(1).pW(1).dH(1).dW(1)
                    .paddingMode(PaddingMode.VALID).dataFormat(format).weightsFormat(WeightsFormat.YXIO).build());
            outSide = side / 2;
        }
        long[] outShape = nchw ? new long[] {BATCH, out, outSide, outSide} : new long[] {BATCH, outSide, outSide, out};
        INDArray r = rng.gaussian(DataType.FLOAT, 1, BATCH * out * outSide * outSide).reshape(outShape);
        SDVariable loss = y.mul(sd.constant("r", r)).sum().rename("loss");
        sd.setLossVariables(loss);
        output = y.name();
        feed = Map.of();
        variables = layer.startsWith("sub") ? List.of("x", "sub/W", "sub/b") : List.of("x", "W", "b");
        sd.calculateGradients(feed, variables);
        // The im2col product of the convolution (for a transposed one, of the convolution it
        // inverts; for a sub-pixel one, its 3 x 3 convolution to 4 out channels).
        boolean sub = layer.startsWith("sub");
        int pixels = deconv ? BATCH * side * side : BATCH * outSide * outSide;
        int k = sub ? 9 * in : 16 * (deconv ? out : in);
        int n = sub ? 4 * out : deconv ? in : out;
        gemmA = rng.gaussian(DataType.FLOAT, pixels, k);
        gemmB = rng.gaussian(DataType.FLOAT, k, n);
        gemmC = Nd4j.create(DataType.FLOAT, pixels, n);
    }

    /** Forward only. */
    @Benchmark
    public Object forward() {
        return sd.output(feed, output);
    }

    /** Forward and backward (input, weights, bias). */
    @Benchmark
    public Object forwardBackward() {
        return sd.calculateGradients(feed, variables);
    }

    /** The im2col matrix product alone. */
    @Benchmark
    public Object gemm() {
        return Nd4j.gemm(gemmA, gemmB, gemmC, false, false, 1.0, 0.0);
    }
}
