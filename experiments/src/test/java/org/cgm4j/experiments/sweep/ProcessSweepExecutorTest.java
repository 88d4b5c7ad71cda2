package org.cgm4j.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.experiments.cli.CommandLineRun;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker-process executor's parts that need no worker: counts, class path, failure text, the worker's checks. */
class ProcessSweepExecutorTest {
    private static final long GIB = 1L << 30;

    @Test
    void workersShareTheCoresForTheirPlansAtMostAtTheLaunchersSetting() {
        assertThat(ProcessSweepExecutor.workerPlanThreads(2, 2, 2)).isEqualTo(1);
        assertThat(ProcessSweepExecutor.workerPlanThreads(2, 1, 2)).isEqualTo(2);
        assertThat(ProcessSweepExecutor.workerPlanThreads(16, 2, 4)).isEqualTo(4);
        assertThat(ProcessSweepExecutor.workerPlanThreads(16, 4, 8)).isEqualTo(4);
        assertThat(ProcessSweepExecutor.workerPlanThreads(2, 4, 2)).isEqualTo(1);
    }

    @Test
    void theDefaultWorkerCountIsCoresOverThreadsCappedByMemoryAndAtLeastOne() {
        assertThat(ProcessSweepExecutor.defaultWorkers(8, null, null, 64 * GIB, GIB)).isEqualTo(8);
        assertThat(ProcessSweepExecutor.defaultWorkers(8, "2", null, 64 * GIB, GIB)).isEqualTo(4);
        assertThat(ProcessSweepExecutor.defaultWorkers(8, "16", null, 64 * GIB, GIB)).isEqualTo(1);
        assertThat(ProcessSweepExecutor.defaultWorkers(8, "many", null, 64 * GIB, GIB)).isEqualTo(8);
        // 1.5 GiB a worker at a 1 GiB heap, heap + 0.5 GiB above that
        assertThat(ProcessSweepExecutor.defaultWorkers(8, "1", null, 6 * GIB, GIB)).isEqualTo(4);
        assertThat(ProcessSweepExecutor.defaultWorkers(8, "1", null, 6 * GIB, 4 * GIB)).isEqualTo(1);
        assertThat(ProcessSweepExecutor.defaultWorkers(8, "1", null, GIB, GIB)).isEqualTo(1);
        assertThat(ProcessSweepExecutor.defaultWorkers(8, "1", null, -1, GIB)).isEqualTo(8);
        assertThat(ProcessSweepExecutor.defaultWorkers(1, null, null, 64 * GIB, GIB)).isEqualTo(1);
        // OpenBLAS's threads count as well: the larger of the two is what a worker keeps busy.
        assertThat(ProcessSweepExecutor.defaultWorkers(8, "1", "4", 64 * GIB, GIB)).isEqualTo(2);
        assertThat(ProcessSweepExecutor.defaultWorkers(8, "2", "1", 64 * GIB, GIB)).isEqualTo(4);
        assertThat(ProcessSweepExecutor.defaultWorkers(2, "1", "2", 64 * GIB, GIB)).isEqualTo(1);
        assertThat(ProcessSweepExecutor.defaultWorkers(2, "1", "1", 64 * GIB, GIB)).isEqualTo(2);
        assertThat(ProcessSweepExecutor.defaultWorkers(8, null, "x", 64 * GIB, GIB)).isEqualTo(8);
        assertThatThrownBy(() -> new ProcessSweepExecutor(0, WorkerJvm.current(), List.of(), false))
                .hasMessageContaining("--workers must be >= 1");
    }

    @Test
    void aManifestOnlyJarIsExpandedIntoTheEntriesOfItsClassPath(@TempDir Path dir) throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, "lib/a.jar " + classes.toUri() + " ../b.jar");
        Path booter = dir.resolve("booter.jar");
        try (OutputStream out = Files.newOutputStream(booter); JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.flush();
        }
        List<Path> cp = WorkerJvm.expand(booter + java.io.File.pathSeparator + classes);
        assertThat(cp).containsExactly(booter, lib.resolve("a.jar"), classes, dir.getParent().resolve("b.jar"));
        assertThat(WorkerJvm.parseSize("1g")).isEqualTo(GIB);
        assertThat(WorkerJvm.parseSize("512m")).isEqualTo(GIB / 2);
        assertThat(WorkerJvm.parseSize("x")).isEqualTo(-1);
        WorkerJvm jvm = new WorkerJvm(Path.of("java"), cp, List.of("-Xms64m", "-Xmx2g"));
        assertThat(jvm.maxHeapBytes(1)).isEqualTo(2 * GIB);
        ProcessBuilder pb = jvm.configure("Main", List.of("x"));
        assertThat(pb.command()).containsExactly("java", "-Xms64m", "-Xmx2g", "Main", "x");
        assertThat(pb.environment()).containsEntry("CLASSPATH", jvm.classPathString());
    }

    @Test
    void aFailureQuotesTheErrorLineTheExitCodeAndTheLogsTail(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("w.log");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            text.append("line ").append(i).append('\n');
        }
        text.append("error: loss term 'kl' is NaN\n");
        Files.writeString(log, text);
        String failure = ProcessSweepExecutor.failure(2, log, null);
        List<String> lines = failure.lines().toList();
        assertThat(lines.get(0)).isEqualTo("loss term 'kl' is NaN (exit code 2; log " + log + ")");
        assertThat(lines).hasSize(1 + ProcessSweepExecutor.TAIL_LINES).endsWith("error: loss term 'kl' is NaN")
                .doesNotContain("line 0");
        Files.writeString(log, "training\n");
        assertThat(ProcessSweepExecutor.failure(137, log, null))
                .startsWith("the worker was killed (signal 9) (exit code 137;");
    }

    @Test
    void aWorkerRunsNothingWhenItsRunWouldLandElsewhereThanExpected(@TempDir Path dir) throws Exception {
        Path file = CommandLineRun.tinyDefinition(dir, "worker", "sweep: {seeds: [1, 2]}");
        Path runs = dir.resolve("runs");
        CommandLineRun wrong = CommandLineRun.of("sweep-worker", file.toString(), "--runs", runs.toString(), "--run",
                "seed=2", "--expect", runs.resolve("worker/seed=2__00000000").toString());
        assertThat(wrong.code()).isEqualTo(WorkerArguments.WRONG_DIRECTORY);
        assertThat(wrong.err()).contains("run seed=2 resolves to " + runs.resolve("worker").toAbsolutePath()
                + "/seed=2__").contains("but the sweep expects");
        assertThat(runs).doesNotExist();

        CommandLineRun unknown = CommandLineRun.of("sweep-worker", file.toString(), "--runs", runs.toString(),
                "--run", "seed=3", "--expect", runs.toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("has no run 'seed=3'; its runs: seed=1, seed=2");
        assertThat(CommandLineRun.of("--help").out()).doesNotContain("sweep-worker");
    }

    @Test
    void inProcessTakesNoWorkerCountAndADryRunSaysHowItWouldRun(@TempDir Path dir) throws Exception {
        Path file = CommandLineRun.tinyDefinition(dir, "dry", "sweep: {seeds: [1, 2]}");
        CommandLineRun both = CommandLineRun.of("sweep", file.toString(), "--in-process", "--workers", "2");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("--in-process").contains("--workers");
        CommandLineRun dry = CommandLineRun.of("sweep", file.toString(), "--runs", dir.resolve("r").toString(),
                "--workers", "3", "--dry-run");
        assertThat(dry.code()).isZero();
        assertThat(dry.out()).contains("would run on 3 worker processes").contains("to run");
    }

    /**
     * A stand-in for the worker JVM: {@code sh -c script}, which sees the worker's arguments as
     * {@code $1 ...}, so tests of the executor's bookkeeping start no JVM.
     */
    private static WorkerJvm fakeWorker(String script) {
        return new WorkerJvm(Path.of("/bin/sh"), List.of(Path.of(".")), List.of("-c", script));
    }

    private static SweepPlan twoRuns(Path dir) throws Exception {
        Path file = CommandLineRun.tinyDefinition(dir, "fake", "sweep: {seeds: [1, 2]}");
        return SweepPlan.expand(new DefinitionLoader(PluginRegistry.discover()), file, List.of());
    }

    @Test
    void failedWorkersGiveFailedOutcomesInPlanOrderAndFailFastStartsNoMoreRuns(@TempDir Path dir) throws Exception {
        SweepPlan plan = twoRuns(dir);
        Path runs = dir.resolve("runs");
        WorkerJvm failing = fakeWorker("echo \"working on $*\"; echo 'error: boom' >&2; exit 3");
        List<SweepOutcome> outcomes = new ProcessSweepExecutor(2, failing, List.of("cgm4j"), false).execute(plan, runs);
        assertThat(outcomes).extracting(o -> o.run().label()).containsExactly("seed=1", "seed=2");
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(SweepOutcome.Status.FAILED);
            assertThat(o.failure()).startsWith("boom (exit code 3; log "
                    + ProcessSweepExecutor.logFile(runs, "fake", o.directory()) + ")");
            assertThat(o.failure()).contains("--run=" + o.run().label()).contains("--expect=" + o.directory().path());
        });

        List<SweepOutcome> fast = new ProcessSweepExecutor(1, failing, List.of("cgm4j"), true).execute(plan, runs);
        assertThat(fast.get(0).failure()).startsWith("boom");
        assertThat(fast.get(1).failure()).isEqualTo("not started: an earlier run failed (--fail-fast)");

        // exit code 0 without the completion marker is a failure too
        List<SweepOutcome> silent = new ProcessSweepExecutor(1, fakeWorker("exit 0"), List.of(), false)
                .execute(plan, runs);
        assertThat(silent).allSatisfy(o -> assertThat(o.failure())
                .startsWith("the worker exited without completing the run (exit code 0;"));
    }

    @Test
    void failFastStopsTheRunningWorkersAndAnInterruptedSweepStopsAllOfThem(@TempDir Path dir) throws Exception {
        SweepPlan plan = twoRuns(dir);
        Path runs = dir.resolve("runs");
        WorkerJvm worker = fakeWorker("case \"$*\" in *seed=1*) sleep 1; echo 'error: boom' >&2; exit 3;;"
                + " *) exec sleep 600;; esac");
        List<SweepOutcome> fast = new ProcessSweepExecutor(2, worker, List.of(), true).execute(plan, runs);
        assertThat(fast.get(0).failure()).startsWith("boom");
        assertThat(fast.get(1).failure()).startsWith("stopped (the sweep was stopped;");

        ProcessSweepExecutor sleepy = new ProcessSweepExecutor(2, fakeWorker("exec sleep 600"), List.of(), false);
        AtomicReference<Exception> thrown = new AtomicReference<>();
        Thread executing = new Thread(() -> {
            try {
                sleepy.execute(plan, runs);
            } catch (Exception e) {
                thrown.set(e);
            }
        });
        executing.start();
        List<ProcessHandle> workers = CommandLineRun.await(() -> sleepy.liveWorkers().size() == 2
                ? Optional.of(List.copyOf(sleepy.liveWorkers().values())) : Optional.empty(), Duration.ofMinutes(1),
                "two live workers");
        assertThat(sleepy.liveWorkers()).containsOnlyKeys("seed=1", "seed=2");
        executing.interrupt();
        executing.join();
        assertThat(thrown.get()).isInstanceOf(InterruptedIOException.class)
                .hasMessageContaining("its workers were stopped");
        for (ProcessHandle w : workers) {
            w.onExit().join();
            assertThat(w.isAlive()).isFalse();
        }
        assertThat(sleepy.liveWorkers()).isEmpty();
    }
}
