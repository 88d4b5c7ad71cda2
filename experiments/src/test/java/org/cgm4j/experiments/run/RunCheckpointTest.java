package org.cgm4j.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.api.train.Checkpoint;
import org.cgm4j.experiments.cli.CommandLineRun;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run and its checkpoint: a checkpoint of another run, a truncated one and one of another
 * architecture are refused in one line naming the file (exit 1, nothing lost); a run in use is one
 * line too; temporary files of killed writes are deleted; a run that fails before training leaves
 * no directory behind, and a dry run tells stubs from resumable runs.
 */
class RunCheckpointTest {
    private static String oneLine(CommandLineRun r) {
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as(r.err()).hasSize(1);
        return lines.get(0);
    }

    private static RunDirectory directoryOf(Path file, Path runs, String... overrides) {
        DefinitionLoader loader = new DefinitionLoader(PluginRegistry.discover());
        var resolved = loader.load(file, List.of(overrides));
        return RunDirectory.of(runs, resolved.definition().name(), resolved.definition().seed(),
                loader.toYaml(resolved));
    }

    /** An interrupted run: complete, then its completion marker removed (its checkpoint is at the end). */
    private static RunDirectory interrupted(Path file, Path runs, String... overrides) throws Exception {
        String[] args = Stream.concat(Stream.of("run", file.toString(), "--runs", runs.toString()),
                Arrays.stream(overrides).flatMap(o -> Stream.of("--set", o))).toArray(String[]::new);
        CommandLineRun r = CommandLineRun.of(args);
        assertThat(r.code()).as(r.err()).isZero();
        RunDirectory run = directoryOf(file, runs, overrides);
        Files.delete(run.file(RunDirectory.COMPLETE));
        return run;
    }

    @Test
    void aCheckpointOfAnotherRunATruncatedOneAndAnotherArchitecturesAreRefusedInOneLine(@TempDir Path dir)
            throws Exception {
        Path file = CommandLineRun.tinyDefinition(dir, "ck", "", 1);
        Path runs = dir.resolve("runs");
        RunDirectory one = interrupted(file, runs, "loss.kl=1");
        RunDirectory two = interrupted(file, runs, "loss.kl=2");
        Path ckpt = one.file(RunDirectory.CHECKPOINT);
        String sha1 = RunDirectory.sha256(Files.readString(one.file(RunDirectory.RESOLVED))).substring(0, 12);
        String sha2 = RunDirectory.sha256(Files.readString(two.file(RunDirectory.RESOLVED))).substring(0, 12);
        assertThat(Checkpoint.read(ckpt).owner()).isEqualTo(new Checkpoint.Owner("vae",
                RunDirectory.sha256(Files.readString(one.file(RunDirectory.RESOLVED)))));
        Files.copy(two.file(RunDirectory.CHECKPOINT), ckpt, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        byte[] foreign = Files.readAllBytes(ckpt);

        for (List<String> command : List.of(List.of("resume", one.path().toString()),
                List.of("run", file.toString(), "--runs", runs.toString(), "--set", "loss.kl=1"))) {
            CommandLineRun r = CommandLineRun.of(command.toArray(String[]::new));
            assertThat(r.code()).as(command.toString()).isEqualTo(1);
            assertThat(oneLine(r)).isEqualTo("error: " + ckpt + " was written for another run (model vae, resolved"
                    + " definition sha256 " + sha2 + ") than this one (model vae, resolved definition sha256 " + sha1
                    + "), so this run cannot continue from it; 'cgm4j resume --fresh " + one + "' trains the run"
                    + " again from the start in the same directory");
            assertThat(one.isComplete()).isFalse();
            assertThat(Files.readAllBytes(ckpt)).isEqualTo(foreign);
        }

        // truncated, reached through run: the same exit code and hint as resume
        Files.write(ckpt, Arrays.copyOf(foreign, foreign.length / 3));
        CommandLineRun truncated = CommandLineRun.of("run", file.toString(), "--runs", runs.toString(), "--set",
                "loss.kl=1");
        assertThat(truncated.code()).isEqualTo(1);
        assertThat(oneLine(truncated)).startsWith("error: cannot read " + ckpt + " (missing or corrupt): ")
                .endsWith("; 'cgm4j resume --fresh " + one + "' trains the run again from the start in the same"
                        + " directory");
        CommandLineRun resumeTruncated = CommandLineRun.of("resume", one.path().toString());
        assertThat(resumeTruncated.code()).isEqualTo(1);
        assertThat(oneLine(resumeTruncated)).contains("cannot be read").contains("resume --fresh");

        // another architecture, in a checkpoint recording no owner (an older one): the shapes, in one line
        RunDirectory narrow = interrupted(file, runs, "model.hidden=[8]");
        Checkpoint.Loaded wide = Checkpoint.read(two.file(RunDirectory.CHECKPOINT));
        Checkpoint.write(narrow.file(RunDirectory.CHECKPOINT), wide.state(), wide.weights(), wide.updaterStates());
        CommandLineRun shapes = CommandLineRun.of("run", file.toString(), "--runs", runs.toString(), "--set",
                "model.hidden=[8]");
        assertThat(shapes.code()).isEqualTo(1);
        assertThat(oneLine(shapes)).startsWith("error: " + narrow.file(RunDirectory.CHECKPOINT) + ": variable ")
                .contains("has shape").contains("resume --fresh");

        // an older checkpoint of the run itself (no owner recorded) is accepted
        Checkpoint.Loaded own = Checkpoint.read(two.file(RunDirectory.CHECKPOINT));
        Checkpoint.write(two.file(RunDirectory.CHECKPOINT), own.state(), own.weights(), own.updaterStates());
        CommandLineRun old = CommandLineRun.of("resume", two.path().toString());
        assertThat(old.code()).as(old.err()).isZero();
        assertThat(old.out()).contains("does not record the run it was written for");
        assertThat(two.isComplete()).isTrue();
    }

    @Test
    void aRunInUseIsOneLineWithExitCodeOne(@TempDir Path dir) throws Exception {
        Path file = CommandLineRun.tinyDefinition(dir, "busy", "", 1);
        Path runs = dir.resolve("runs");
        RunDirectory run = directoryOf(file, runs);
        try (RunDirectory.Lock held = run.lock()) {
            CommandLineRun r = CommandLineRun.of("run", file.toString(), "--runs", runs.toString());
            assertThat(r.code()).isEqualTo(1);
            assertThat(oneLine(r)).startsWith("error: run directory " + run + " is being written by another cgm4j"
                    + " process (pid " + ProcessHandle.current().pid() + " since ");
        }
    }

    @Test
    void temporaryFilesOfKilledWritesAreDeletedWhenARunResumes(@TempDir Path dir) throws Exception {
        Path file = CommandLineRun.tinyDefinition(dir, "tmp", "", 1);
        Path runs = dir.resolve("runs");
        RunDirectory run = interrupted(file, runs);
        Path stale = run.path().resolve("checkpoints/.last.ckpt.1234abcd89ef.tmp");
        Path staleMetrics = run.path().resolve(".metrics.json.ff.tmp");
        Path mine = run.path().resolve("notes.tmp");
        Files.write(stale, new byte[4096]);
        Files.writeString(staleMetrics, "{");
        Files.writeString(mine, "the user's");
        CommandLineRun r = CommandLineRun.of("run", file.toString(), "--runs", runs.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(run.isComplete()).isTrue();
        assertThat(stale).doesNotExist();
        assertThat(staleMetrics).doesNotExist();
        assertThat(mine).hasContent("the user's");
    }

    @Test
    void aRunThatFailsBeforeTrainingLeavesNoDirectoryAndADryRunNamesStubs(@TempDir Path dir) throws Exception {
        Path file = CommandLineRun.tinyDefinition(dir, "stub", "sweep: {seeds: [1, 2, 3]}", 1);
        Path runs = dir.resolve("runs");
        String[] badData = {"--set", "data.source=mnist", "--set", "data.dir=" + dir.resolve("absent")};
        CommandLineRun failed = CommandLineRun.of(Stream.concat(Stream.of("run", file.toString(), "--runs",
                runs.toString()), Arrays.stream(badData)).toArray(String[]::new));
        assertThat(failed.code()).isEqualTo(2);
        assertThat(failed.err()).contains("data.dir");
        assertThat(runs).isEmptyDirectory();

        // an empty folder that was there before the run stays
        Path other = dir.resolve("runs2");
        Files.createDirectories(other.resolve("stub"));
        CommandLineRun intoOther = CommandLineRun.of(Stream.concat(Stream.of("run", file.toString(), "--runs",
                other.toString()), Arrays.stream(badData)).toArray(String[]::new));
        assertThat(intoOther.code()).isEqualTo(2);
        assertThat(other.resolve("stub")).isEmptyDirectory();

        // a directory that held something before is left as it was, with what it held
        RunDirectory kept = directoryOf(file, runs, "data.source=mnist", "data.dir=" + dir.resolve("absent"));
        Files.createDirectories(kept.path());
        Files.writeString(kept.path().resolve("notes.txt"), "mine");
        CommandLineRun again = CommandLineRun.of(Stream.concat(Stream.of("run", file.toString(), "--runs",
                runs.toString()), Arrays.stream(badData)).toArray(String[]::new));
        assertThat(again.code()).isEqualTo(2);
        assertThat(kept.path().resolve("notes.txt")).hasContent("mine");

        // the sweep's dry run: a stub (a directory without a checkpoint) is told from a resumable run
        List<Path> dirs = new java.util.ArrayList<>();
        for (long seed = 1; seed <= 3; seed++) {
            dirs.add(directoryOf(file, runs, "seed=" + seed, "sweep=null", "report=null").path());
        }
        Files.createDirectories(dirs.get(0));
        Files.writeString(dirs.get(0).resolve(RunDirectory.RESOLVED), "x");
        Files.createDirectories(dirs.get(1).resolve("checkpoints"));
        Files.writeString(dirs.get(1).resolve(RunDirectory.CHECKPOINT), "x");
        CommandLineRun dry = CommandLineRun.of("sweep", file.toString(), "--runs", runs.toString(), "--dry-run");
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("stub       " + dirs.get(0) + "  (no checkpoint: trains from the start)")
                .contains("incomplete " + dirs.get(1) + "\n").contains("to run     " + dirs.get(2));
    }
}
