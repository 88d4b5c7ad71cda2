package org.cgm4j.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.cgm4j.experiments.cli.CommandLineRun;
import org.cgm4j.experiments.run.RunComparison;
import org.cgm4j.experiments.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep on worker processes whose worker is killed (SIGKILL) in the middle of training: no run
 * directory looks complete that is not, and the sweep started again skips the finished run, resumes
 * the killed one from its checkpoint and ends with metrics and weights identical to a sweep that was
 * never interrupted.
 */
class SweepKillTest {
    @Test
    void aSweepWhoseWorkerIsKilledMidRunFinishesOnRestartIdenticalToAnUninterruptedSweep(@TempDir Path dir)
            throws Exception {
        Path file = CommandLineRun.tinyDefinition(dir, "killed", "sweep: {seeds: [1, 2]}");
        Path runs = dir.resolve("runs");
        Path experiment = runs.resolve("killed");

        CompletableFuture<CommandLineRun> first = CompletableFuture.supplyAsync(
                () -> CommandLineRun.of("sweep", file.toString(), "--runs", runs.toString(), "--workers", "2"));
        RunDirectory victim = CommandLineRun.await(() -> CommandLineRun.midTraining(experiment),
                Duration.ofMinutes(5), "a run with a checkpoint and no weights");
        ProcessHandle worker = CommandLineRun.await(() -> workerOf(victim), Duration.ofMinutes(1),
                "the worker process of " + victim);
        assertThat(worker.destroyForcibly()).isTrue();
        CommandLineRun killed = first.get();

        assertThat(killed.code()).as(killed.out() + killed.err()).isEqualTo(1);
        assertThat(killed.out()).contains("running on 2 worker processes")
                .contains("1 ran, 0 skipped (complete), 1 failed")
                .contains("the worker was killed (signal 9) (exit code 137");
        assertThat(victim.isComplete()).isFalse();
        assertThat(victim.file(RunDirectory.METRICS)).doesNotExist();
        assertThat(victim.file(RunDirectory.CHECKPOINT)).isRegularFile();
        List<Path> dirs = runDirectories(experiment);
        assertThat(dirs).hasSize(2).contains(victim.path());
        // Whatever is complete is whole; the killed run is not complete.
        for (Path d : dirs) {
            RunDirectory r = RunDirectory.at(d);
            assertThat(r.isComplete()).as(d.toString()).isEqualTo(!d.equals(victim.path()));
            if (r.isComplete()) {
                assertThat(r.file(RunDirectory.METRICS)).isRegularFile();
                assertThat(r.file(RunDirectory.WEIGHTS)).isRegularFile();
            }
        }
        Path victimLog = ProcessSweepExecutor.logFile(runs, "killed", victim);
        assertThat(Files.readString(victimLog)).contains("worker for " + victim.path().getFileName()
                .toString().replaceAll("__[0-9a-f]{8}$", ""));
        CommandLineRun dry = CommandLineRun.of("sweep", file.toString(), "--runs", runs.toString(), "--dry-run");
        assertThat(dry.out()).contains("incomplete " + victim.path());

        CommandLineRun restarted = CommandLineRun.of("sweep", file.toString(), "--runs", runs.toString(),
                "--workers", "2");
        assertThat(restarted.code()).as(restarted.out() + restarted.err()).isZero();
        assertThat(restarted.out()).contains("1 ran, 1 skipped (complete), 0 failed");
        assertThat(victim.isComplete()).isTrue();
        assertThat(Files.readString(victimLog)).contains("resuming from");

        // The same sweep never interrupted, run in this JVM, lands in the same directory names.
        Path reference = dir.resolve("reference");
        CommandLineRun uninterrupted = CommandLineRun.of("sweep", file.toString(), "--runs", reference.toString(),
                "--in-process");
        assertThat(uninterrupted.code()).as(uninterrupted.err()).isZero();
        List<Path> refDirs = runDirectories(reference.resolve("killed"));
        assertThat(refDirs.stream().map(Path::getFileName).toList())
                .isEqualTo(dirs.stream().map(Path::getFileName).toList());
        for (int i = 0; i < dirs.size(); i++) {
            RunDirectory a = RunDirectory.at(dirs.get(i));
            RunDirectory b = RunDirectory.at(refDirs.get(i));
            assertThat(Files.readString(a.file(RunDirectory.METRICS)))
                    .isEqualTo(Files.readString(b.file(RunDirectory.METRICS)));
            assertThat(Files.readString(a.file(RunDirectory.HISTORY)))
                    .isEqualTo(Files.readString(b.file(RunDirectory.HISTORY)));
            RunComparison c = RunComparison.of(a, b);
            assertThat(c.identical()).as(c.differingArrays().toString()).isTrue();
        }
    }

    /** The live worker process whose command line names {@code run}'s directory. */
    private static Optional<ProcessHandle> workerOf(RunDirectory run) {
        String path = run.path().toAbsolutePath().toString();
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains("--expect=" + path)).orElse(false))
                .findFirst();
    }

    private static List<Path> runDirectories(Path experiment) throws IOException {
        try (Stream<Path> s = Files.list(experiment)) {
            return s.filter(p -> p.getFileName().toString().contains("seed=")).sorted().toList();
        }
    }
}
