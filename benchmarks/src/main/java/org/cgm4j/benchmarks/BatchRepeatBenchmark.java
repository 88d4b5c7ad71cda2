package org.cgm4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.Split;
import org.nd4j.linalg.api.buffer.DataType;
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
 * {@link Batch#repeat}: a 1-quadrant batch (x, y and mask, 784 wide) stacked {@code times} times,
 * as sampling S codes per example lays it out (100 rows x 100 = 10,000 rows, the rows the
 * conditional log-likelihood scores per graph call).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class BatchRepeatBenchmark {
    /** Rows of the batch. */
    @Param({"100"})
    public int rows;

    /** Copies. */
    @Param({"10", "100"})
    public int times;

    private Batch batch;

    /** Builds the batch. */
    @Setup
    public void setUp() {
        DataSource data = Fixtures.quadrants(rows, rows);
        int[] idx = new int[rows];
        for (int i = 0; i < rows; i++) {
            idx[i] = i;
        }
        batch = data.batch(Split.TEST, idx, DataType.FLOAT);
    }

    /** The stacked batch. */
    @Benchmark
    public Batch repeat() {
        return batch.repeat(times);
    }
}
