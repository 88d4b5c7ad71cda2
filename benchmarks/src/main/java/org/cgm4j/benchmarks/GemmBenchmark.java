package org.cgm4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.cgm4j.api.rng.Rng;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
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
 * ND4J's {@code matmul} op at the CVAE's layer shapes on a batch of 100, into a preallocated
 * output: the forward product {@code [100, nIn] x [nIn, nOut]} and the backward pass's weight
 * gradient {@code X^T dY} and input gradient {@code dY W^T}. GFLOP/s = {@code 2 m k n / time}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class GemmBenchmark {
    /** {@code nIn:nOut} of the layer. */
    @Param({"1568:500", "784:500", "984:500", "500:500", "500:200", "500:784"})
    public String shape;

    /** forward, weightGradient or inputGradient. */
    @Param({"forward", "weightGradient", "inputGradient"})
    public String op;

    private Mmul mmul;

    /** Allocates the operands and the output. */
    @Setup
    public void setUp() {
        int[] layer = Fixtures.layerShape(shape);
        int nIn = layer[0];
        int nOut = layer[1];
        int m = Fixtures.BATCH;
        Rng rng = Rng.derive(1, "benchmarks/gemm");
        INDArray a;
        INDArray b;
        INDArray c;
        boolean ta = false;
        boolean tb = false;
        switch (op) {
            case "forward" -> {
                a = rng.gaussian(DataType.FLOAT, m, nIn);
                b = rng.gaussian(DataType.FLOAT, nIn, nOut);
                c = Nd4j.createUninitialized(DataType.FLOAT, m, nOut);
            }
            case "weightGradient" -> {
                a = rng.gaussian(DataType.FLOAT, m, nIn);
                b = rng.gaussian(DataType.FLOAT, m, nOut);
                c = Nd4j.createUninitialized(DataType.FLOAT, nIn, nOut);
                ta = true;
            }
            case "inputGradient" -> {
                a = rng.gaussian(DataType.FLOAT, m, nOut);
                b = rng.gaussian(DataType.FLOAT, nIn, nOut);
                c = Nd4j.createUninitialized(DataType.FLOAT, m, nIn);
                tb = true;
            }
            default -> throw new IllegalArgumentException("op must be forward, weightGradient or inputGradient, got "
                    + op);
        }
        mmul = new Mmul(a, b, c, MMulTranspose.builder().transposeA(ta).transposeB(tb).build());
    }

    /** One product. */
    @Benchmark
    public Object gemm() {
        return Nd4j.exec(mmul);
    }
}
