package org.cgm4j.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.experiments.cli.CommandLineRun;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.config.ResolvedDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One process at a time writes a run: a second {@code cgm4j run} of a run in progress stops with a clear error. */
class RunLockTest {
    @Test
    void aRunInProgressElsewhereIsRefusedWithoutTouchingIt(@TempDir Path dir) throws Exception {
        // Long enough (100 epochs of 32 batches) that the first process is still training when checked.
        Path file = CommandLineRun.tinyDefinition(dir, "locked", "", 100);
        Path runs = dir.resolve("runs");
        Process first = CommandLineRun.startChild(dir.resolve("first.log"), "run", file.toString(), "--runs",
                runs.toString());
        RunDirectory run;
        try {
            run = CommandLineRun.await(() -> CommandLineRun.midTraining(runs.resolve("locked")),
                    Duration.ofMinutes(5), "a run with a checkpoint and no weights");

            // Another process holds it: refused, naming the directory and the holder; even --fresh
            // deletes nothing.
            CommandLineRun second = CommandLineRun.of("run", file.toString(), "--runs", runs.toString(), "--fresh");
            assertThat(second.code()).isNotZero();
            assertThat(second.err()).contains("run directory " + run.path())
                    .contains("being written by another cgm4j process").contains("pid " + first.pid());
            assertThat(run.file(RunDirectory.CHECKPOINT)).isRegularFile();
            assertThatThrownBy(run::lock).isInstanceOf(RunDirectory.RunInUseException.class);
        } finally {
            first.destroyForcibly();
            first.waitFor();
        }

        // The killed process's lock is gone with it; one held in this process refuses a run here too.
        try (RunDirectory.Lock held = run.lock()) {
            PluginRegistry registry = PluginRegistry.discover();
            ResolvedDefinition resolved = new DefinitionLoader(registry).load(file, List.of());
            assertThatThrownBy(() -> new ExperimentRunner(registry, DatasetRegistry.defaults())
                    .runInto(resolved, run, false, List.of("test")))
                    .isInstanceOf(RunDirectory.RunInUseException.class)
                    .hasMessageContaining(run.path().toString());
        }
        assertThat(run.isComplete()).isFalse();
        assertThat(run.file(RunDirectory.CHECKPOINT)).isRegularFile();
    }
}
