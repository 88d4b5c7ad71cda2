package org.cgm4j.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.nn.Dense;
import org.cgm4j.api.nn.Graphs;
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
 * A {@link Dense} layer with ReLU in a SameDiff graph, forward and backward ({@code
 * calculateGradients} of the summed output for W and b) on a batch of 100, at the CVAE's layer
 * shapes: the per-op overhead of SameDiff next to the GEMMs of {@link GemmBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class DenseBenchmark {
    /** {@code nIn:nOut}. */
    @Param({"1568:500", "500:500", "500:784"})
    public String shape;

    private SameDiff sd;
    private Map<String, INDArray> feed;
    private List<String> variables;
    private String output;

    /** Builds the graph and its gradient function. */
    @Setup
    public void setUp() {
        int[] layer = Fixtures.layerShape(shape);
        int nIn = layer[0];
        int nOut = layer[1];
        Rng rng = Rng.derive(1, "benchmarks/dense");
        sd = Graphs.create();
        SDVariable in = sd.placeHolder("in", DataType.FLOAT, -1, nIn);
        Dense dense = new Dense(sd, "dense", nIn, nOut, DataType.FLOAT, rng);
        SDVariable loss = Activation.RELU.apply(sd, dense.apply(sd, in)).sum().rename("loss");
        sd.setLossVariables(loss);
        output = loss.name();
        feed = Map.of("in", rng.gaussian(DataType.FLOAT, Fixtures.BATCH, nIn));
        variables = List.of(dense.weight().name(), dense.bias().name());
        sd.calculateGradients(feed, variables);
    }

    /** Forward only. */
    @Benchmark
    public Object forward() {
        return sd.output(feed, output);
    }

    /** Forward and backward. */
    @Benchmark
    public Object forwardBackward() {
        return sd.calculateGradients(feed, variables);
    }
}
