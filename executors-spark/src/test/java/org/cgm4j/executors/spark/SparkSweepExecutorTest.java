package org.cgm4j.executors.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.cgm4j.experiments.cli.Cgm4j;
import org.cgm4j.experiments.run.RunComparison;
import org.cgm4j.experiments.run.RunDirectory;
import org.cgm4j.experiments.sweep.ProcessSweepExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cgm4j sweep --executor spark} on a real standalone Spark cluster on 127.0.0.1 (a master and
 * two workers of one core, child JVMs): a tiny sweep gives metrics, history and weights bit for bit
 * equal to the same sweep on the local executor, also when a run's worker process is SIGKILLed in
 * the middle of training (Spark retries its task, which resumes the run from its checkpoint).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkSweepExecutorTest {
    private static final Path VAE = Path.of("../experiments/definitions/vae/mnist-10k.yaml").toAbsolutePath()
            .normalize();

    private Path dir;
    private StandaloneCluster cluster;
    private Path definition;
    private Path reference;

    @BeforeAll
    void startClusterAndRunTheReference(@TempDir Path tmp) throws Exception {
        dir = tmp;
        cluster = StandaloneCluster.start(dir.resolve("cluster"), 2);
        definition = dir.resolve("tiny.yaml");
        Files.writeString(definition, """
                extends: %s
                name: tiny
                data: {limit: 512, testLimit: 32, batchSize: 16}
                model: {hidden: [32], latentDim: 2}
                train: {epochs: 2, checkpointEvery: 4}
                evaluate: [{type: elbo}]
                output: {samples: 4, reconstructions: 4}
                sweep: {seeds: [1, 2]}
                execution: {conf: {spark.ui.enabled: "false"}}
                """.formatted(VAE));
        reference = dir.resolve("local");
        Result local = sweep("--runs", reference.toString(), "--workers", "2");
        assertThat(local.code()).as(local.out()).isZero();
        assertThat(runDirectories(reference)).hasSize(2);
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aSweepOnAStandaloneClusterIsBitIdenticalToTheLocalExecutor() throws Exception {
        Path runs = dir.resolve("spark");
        Result r = sweep("--runs", runs.toString(), "--executor", "spark", "--master", cluster.masterUrl());
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("running on Spark at " + cluster.masterUrl())
                .contains("2 ran, 0 skipped (complete), 0 failed");
        assertIdentical(runs);
        assertThat(runs.resolve("tiny/summary/table.csv")).isRegularFile();
        assertThat(runs.resolve("tiny/summary/index.html")).isRegularFile();

        Result again = sweep("--runs", runs.toString(), "--executor", "spark", "--master", cluster.masterUrl());
        assertThat(again.out()).contains("0 ran, 2 skipped (complete), 0 failed");
    }

    @Test
    void aRunWhoseWorkerIsKilledMidTrainingIsRetriedBySparkAndResumesToIdenticalResults() throws Exception {
        Path runs = dir.resolve("killed");
        CompletableFuture<Result> sweep = CompletableFuture.supplyAsync(() -> sweep("--runs", runs.toString(),
                "--set", "execution.executor=spark", "--set", "execution.master=" + cluster.masterUrl()));
        RunDirectory victim = await(() -> midTraining(runs.resolve("tiny")), "a run with a checkpoint and no weights");
        ProcessHandle worker = await(() -> workerOf(victim), "the worker process of " + victim);
        assertThat(worker.destroyForcibly()).isTrue();
        Result r = sweep.get();

        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("2 ran, 0 skipped (complete), 0 failed");
        String log = Files.readString(ProcessSweepExecutor.logFile(runs, "tiny", victim));
        assertThat(log).contains("(task attempt 2)").contains("resuming from its checkpoint");
        assertIdentical(runs);
    }

    private void assertIdentical(Path runs) throws IOException {
        List<Path> dirs = runDirectories(runs);
        List<Path> refDirs = runDirectories(reference);
        assertThat(dirs.stream().map(Path::getFileName).toList())
                .isEqualTo(refDirs.stream().map(Path::getFileName).toList());
        for (int i = 0; i < dirs.size(); i++) {
            RunDirectory a = RunDirectory.at(dirs.get(i));
            RunDirectory b = RunDirectory.at(refDirs.get(i));
            assertThat(a.isComplete()).isTrue();
            assertThat(Files.readString(a.file(RunDirectory.METRICS)))
                    .isEqualTo(Files.readString(b.file(RunDirectory.METRICS)));
            assertThat(Files.readString(a.file(RunDirectory.HISTORY)))
                    .isEqualTo(Files.readString(b.file(RunDirectory.HISTORY)));
            RunComparison c = RunComparison.of(a, b);
            assertThat(c.identical()).as(c.differingArrays().toString()).isTrue();
        }
    }

    /** The output and exit code of {@code cgm4j sweep <definition> <args>} in this JVM. */
    private Result sweep(String... args) {
        String[] all = Stream.concat(Stream.of("sweep", definition.toString()), Stream.of(args)).toArray(String[]::new);
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        synchronized (SparkSweepExecutorTest.class) {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            try {
                int code = Cgm4j.execute(all);
                return new Result(code, buf.toString(StandardCharsets.UTF_8));
            } finally {
                System.setOut(saved);
            }
        }
    }

    private record Result(int code, String out) {}

    private static List<Path> runDirectories(Path runs) throws IOException {
        try (Stream<Path> s = Files.list(runs.resolve("tiny"))) {
            return s.filter(p -> p.getFileName().toString().contains("seed=")).sorted().toList();
        }
    }

    private static Optional<RunDirectory> midTraining(Path experiment) {
        if (!Files.isDirectory(experiment)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(experiment)) {
            return s.filter(p -> p.getFileName().toString().contains("seed=")).map(RunDirectory::at)
                    .filter(r -> Files.isRegularFile(r.file(RunDirectory.CHECKPOINT)))
                    .filter(r -> !Files.exists(r.file(RunDirectory.WEIGHTS)) && !r.isComplete())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The live sweep-worker process (a grandchild of a Spark worker) whose command line names {@code run}. */
    private static Optional<ProcessHandle> workerOf(RunDirectory run) {
        String path = run.path().toAbsolutePath().toString();
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains("--expect=" + path)).orElse(false))
                .findFirst();
    }

    private static <T> T await(java.util.function.Supplier<Optional<T>> probe, String what)
            throws InterruptedException {
        long end = System.nanoTime() + 5L * 60 * 1_000_000_000L;
        while (System.nanoTime() < end) {
            Optional<T> v = probe.get();
            if (v.isPresent()) {
                return v.get();
            }
            Thread.sleep(5);
        }
        throw new AssertionError("gave up waiting for " + what);
    }
}
