package org.cgm4j.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cgm4j.api.data.ImageShape;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.nn.EncoderDecoder;
import org.cgm4j.api.nn.Graphs;
import org.cgm4j.api.nn.NetworkSpec;
import org.cgm4j.api.nn.VaeArchitecture;
import org.cgm4j.api.rng.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
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
 * The conv VAE's decoder log-likelihood {@code log p(x | z)} as the importance-weighted bound
 * evaluates it ({@code sd.output} of one call over {@code rows} rows of z: 10,000 rows per call
 * is what the metric's chunks gave with K = 100), with transposed or sub-pixel convolutions,
 * against the MLP VAE's, per call: whether the
 * cost per row grows with the rows of a call. {@link #main} runs one setting for a peak-RSS
 * measurement ({@code /usr/bin/time -v}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class ConvDecodeBenchmark {
    /** Rows of z per call. */
    @Param({"500", "2000", "10000"})
    public int rows;

    /**
     * {@code conv} (the conv VAE's decoder with transposed convolutions), {@code subpixel} (the same
     * with sub-pixel convolutions, {@code upsample: subpixel}) or {@code mlp} (500-500).
     */
    @Param({"conv", "subpixel", "mlp"})
    public String network;

    private SameDiff sd;
    private Map<String, INDArray> feed;
    private String output;

    /** Builds the decoder and its log-likelihood for 28 x 28 grey images. */
    @Setup
    public void setUp() {
        ImageShape image = ImageShape.grey(28, 28);
        NetworkSpec encoder = NetworkSpec.conv(List.of(32, 64), 4, 2, 1);
        VaeArchitecture arch = switch (network) {
            case "conv" -> new VaeArchitecture(32, List.of(256), Activation.RELU, "bernoulli", 1.0, encoder, null);
            case "subpixel" -> new VaeArchitecture(32, List.of(256), Activation.RELU, "bernoulli", 1.0, encoder,
                    encoder.mirrored().withUpsample(NetworkSpec.SUBPIXEL));
            case "mlp" -> new VaeArchitecture(32, List.of(500, 500), Activation.RELU, "bernoulli", 1.0);
            default -> throw new IllegalArgumentException("network: conv, subpixel or mlp, got " + network);
        };
        Rng rng = Rng.derive(1, "benchmarks/decode");
        sd = Graphs.create();
        EncoderDecoder nets = new EncoderDecoder(sd, arch, image, DataType.FLOAT, rng);
        SDVariable z = sd.placeHolder("z", DataType.FLOAT, -1, 32);
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, image.size());
        output = sd.identity("ll", nets.logLikelihood(sd, z, x)).name();
        INDArray xs = rng.gaussian(DataType.FLOAT, rows, image.size()).gt(0.5).castTo(DataType.FLOAT);
        feed = Map.of("z", rng.gaussian(DataType.FLOAT, rows, 32), "x", xs);
    }

    /** One call over {@code rows} rows. */
    @Benchmark
    public Object logLikelihood() {
        return sd.output(feed, output);
    }

    /**
     * {@code network rows calls}: builds the graph and runs {@code calls} calls, printing the time
     * per row (for {@code /usr/bin/time -v}'s peak RSS of one setting).
     */
    public static void main(String[] args) {
        ConvDecodeBenchmark b = new ConvDecodeBenchmark();
        b.network = args[0];
        b.rows = Integer.parseInt(args[1]);
        int calls = Integer.parseInt(args[2]);
        b.setUp();
        b.logLikelihood();
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            b.logLikelihood();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s rows %d: %.3f s per call, %.1f us per row%n", b.network, b.rows, s / calls,
                1e6 * s / calls / b.rows);
    }
}
