package org.cgm4j.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.Split;
import org.cgm4j.api.eval.ConditionalLogLikelihood;
import org.cgm4j.api.eval.EvalContext;
import org.cgm4j.models.cvae.CvaeModel;
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
 * The importance-sampled conditional log-likelihood (S = 100) of the reference CVAE over a small
 * test set of {@code pairs} pairs (100 pairs x 100 samples = 10,000 rows, scored in two graph calls
 * of 5,000 rows).
 * Seconds per 2,000 pairs = time x 2000 / pairs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class ConditionalLogLikelihoodBenchmark {
    /** Test pairs. */
    @Param({"100"})
    public int pairs;

    /** S. */
    @Param({"100"})
    public int samples;

    private EvalContext context;
    private ConditionalLogLikelihood metric;

    /** Builds the model and the test set. */
    @Setup
    public void setUp() {
        DataSource data = Fixtures.quadrants(Fixtures.BATCH, pairs);
        CvaeModel model = Fixtures.cvae(data);
        context = new EvalContext(model, data, Split.TEST, 250, 1);
        metric = new ConditionalLogLikelihood(ConditionalLogLikelihood.IMPORTANCE, samples);
    }

    /** The metric over every test pair. */
    @Benchmark
    public Map<String, Double> importanceCll() {
        return metric.compute(context);
    }
}
