package org.cgm4j.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.cgm4j.experiments.run.RunComparison;
import org.cgm4j.experiments.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cgm4j resume}: a run killed mid-training (SIGKILL of its JVM) resumes to the uninterrupted result. */
class ResumeCommandTest {
    @Test
    void aRunKilledMidTrainingResumesToMetricsAndWeightsIdenticalToAnUninterruptedRun(@TempDir Path dir)
            throws Exception {
        Path file = CommandLineRun.tinyDefinition(dir, "resumed", "");
        Path runs = dir.resolve("runs");
        Process child = CommandLineRun.startChild(dir.resolve("child.log"), "run", file.toString(), "--runs",
                runs.toString());
        RunDirectory run;
        try {
            run = CommandLineRun.await(() -> CommandLineRun.midTraining(runs.resolve("resumed")),
                    Duration.ofMinutes(5), "a run with a checkpoint and no weights");
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        assertThat(run.isComplete()).isFalse();
        assertThat(run.file(RunDirectory.CHECKPOINT)).isRegularFile();
        assertThat(run.file(RunDirectory.METRICS)).doesNotExist();

        CommandLineRun resumed = CommandLineRun.of("resume", run.path().toString());
        assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out()).containsPattern("resuming .* from its checkpoint: epoch \\d, batch \\d+, iteration"
                + " [1-9]\\d*").contains("run directory: " + run.path());
        assertThat(run.isComplete()).isTrue();

        CommandLineRun reference = CommandLineRun.of("run", file.toString(), "--runs", dir.resolve("ref").toString());
        assertThat(reference.code()).as(reference.err()).isZero();
        RunDirectory ref = RunDirectory.at(dir.resolve("ref").resolve("resumed").resolve(run.path().getFileName()));
        assertThat(Files.readString(run.file(RunDirectory.METRICS)))
                .isEqualTo(Files.readString(ref.file(RunDirectory.METRICS)));
        assertThat(Files.readString(run.file(RunDirectory.HISTORY)))
                .isEqualTo(Files.readString(ref.file(RunDirectory.HISTORY)));
        RunComparison c = RunComparison.of(ref, run);
        assertThat(c.identical()).as(c.differingArrays().toString()).isTrue();

        // complete: nothing to do, its metrics are shown
        CommandLineRun again = CommandLineRun.of("resume", run.path().toString());
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("is complete already; nothing to resume").contains("test/negativeElbo");

        // an unreadable checkpoint is refused; --fresh trains again from the start, to the same result
        Files.delete(ref.file(RunDirectory.COMPLETE));
        Files.writeString(ref.file(RunDirectory.CHECKPOINT), "not an archive");
        CommandLineRun corrupt = CommandLineRun.of("resume", ref.path().toString());
        assertThat(corrupt.code()).isEqualTo(1);
        assertThat(corrupt.err()).contains("cannot be read").contains("resume --fresh");
        assertThat(ref.isComplete()).isFalse();
        CommandLineRun fresh = CommandLineRun.of("resume", ref.path().toString(), "--fresh");
        assertThat(fresh.code()).as(fresh.err()).isZero();
        assertThat(Files.readString(ref.file(RunDirectory.METRICS)))
                .isEqualTo(Files.readString(run.file(RunDirectory.METRICS)));
    }

    @Test
    void whatIsNotARunDirectoryOrDoesNotFitItsDefinitionIsAnError(@TempDir Path dir) throws Exception {
        CommandLineRun missing = CommandLineRun.of("resume", dir.resolve("nowhere").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("is not a run directory: no such directory");

        CommandLineRun empty = CommandLineRun.of("resume", dir.toString());
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("is not a run directory: it has no resolved.yaml");

        // a definition's resolved.yaml moved to a directory whose hash is not its own
        Path file = CommandLineRun.tinyDefinition(dir, "moved", "");
        String yaml = new org.cgm4j.experiments.config.DefinitionLoader(org.cgm4j.api.plugin.PluginRegistry.discover())
                .toYaml(new org.cgm4j.experiments.config.DefinitionLoader(
                        org.cgm4j.api.plugin.PluginRegistry.discover()).load(file, List.of()));
        Path renamed = dir.resolve("runs/moved/seed=1__00000000");
        Files.createDirectories(renamed);
        Files.writeString(renamed.resolve(RunDirectory.RESOLVED), yaml);
        CommandLineRun wrong = CommandLineRun.of("resume", renamed.toString());
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).contains("does not fit its resolved.yaml").contains("belongs in "
                + RunDirectory.of(dir.resolve("runs"), "moved", 1, yaml));
    }
}
