package org.cgm4j.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.objective.UpdaterConfig;
import org.cgm4j.api.train.TrainConfig;
import org.cgm4j.api.train.Trainer;
import org.cgm4j.models.cvae.CvaeModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of the reference CVAE (500-500, z 200, batch 100, Adam 1e-3, 1 quadrant)
 * through {@link Trainer#fit}: one epoch of {@value #STEPS} batches per invocation, reported per
 * step. The trainer's per-fit set-up (the optimiser state, and the compiled plan of the step,
 * whose compilation runs the first step and allocates every array) is spread over the steps.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class CvaeTrainingStepBenchmark {
    /** Steps per invocation: one epoch of this many batches. */
    static final int STEPS = 50;

    private DataSource data;
    private CvaeModel model;
    private Trainer trainer;

    /** Builds the model and a training set of exactly {@value #STEPS} batches. */
    @Setup
    public void setUp() {
        data = Fixtures.quadrants(STEPS * Fixtures.BATCH, Fixtures.BATCH);
        model = Fixtures.cvae(data);
        trainer = new Trainer(new TrainConfig(1, UpdaterConfig.adam(1e-3), 0), Fixtures.BATCH, 1, null);
        trainer.fit(model, data, List.of(), false); // builds the gradient function
    }

    /** {@value #STEPS} steps. */
    @Benchmark
    @OperationsPerInvocation(STEPS)
    public Object trainerStep() {
        return trainer.fit(model, data, List.of(), false);
    }
}
