package org.cgm4j.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.cgm4j.experiments.cli.CommandLineRun;
import org.cgm4j.experiments.run.RunDirectory;
import org.cgm4j.api.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep on real worker processes (the default executor) given {@code --set} and {@code --variant}:
 * the words of the user's command line reach each worker without being taken for its options.
 */
class SweepOnWorkersTest {
    @Test
    void aSweepWithSetAndVariantRunsEveryRunOnWorkersAndRecordsItsCommand(@TempDir Path dir) throws Exception {
        Path file = CommandLineRun.tinyDefinition(dir, "opts", "sweep: {variants: {a: {}, b: {loss.kl: 0.5}}}", 3);
        Path runs = dir.resolve("runs");
        // the README's --set sweep.seeds=[1,2,3] form, a plain --set, a --variant, and a word that looks like an option
        CommandLineRun r = CommandLineRun.of("sweep", file.toString(), "--runs", runs.toString(), "--set",
                "train.epochs=1", "--set", "sweep.seeds=[1,2]", "--variant", "b", "--set", "description=--run x",
                "--workers", "2");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("running on 2 worker processes").contains("2 ran, 0 skipped (complete), 0 failed");

        List<Path> dirs;
        try (Stream<Path> s = Files.list(runs.resolve("opts"))) {
            dirs = s.filter(p -> p.getFileName().toString().startsWith("b__seed=")).sorted().toList();
        }
        assertThat(dirs).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        for (Path d : dirs) {
            RunDirectory run = RunDirectory.at(d);
            assertThat(run.isComplete()).as(d.toString()).isTrue();
            assertThat(Files.readString(run.file(RunDirectory.RESOLVED))).contains("epochs: 1");
            JsonNode provenance = json.readTree(run.file(RunDirectory.PROVENANCE).toFile());
            List<String> command = new ArrayList<>();
            provenance.get("command").forEach(w -> command.add(w.asText()));
            String label = d.getFileName().toString().replaceAll("__[0-9a-f]{8}$", "");
            assertThat(command).containsExactly("cgm4j", "sweep", file.toString(), "--set", "train.epochs=1", "--set",
                    "sweep.seeds=[1,2]", "--set", "description=--run x", "--variant", "b", "# " + label);
            // two workers at once share the cores: each runs its plans on its share
            assertThat(provenance.path("nd4jEnvironment").path("plan.threads").asText()).isEqualTo(Integer.toString(
                    Math.max(1, Math.min(Trainer.planThreads(), Runtime.getRuntime().availableProcessors() / 2))));
        }
        assertThat(runs.resolve("opts")).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith("a__"));
    }

    @Test
    void theWorkersArgumentsCarryTheCommandAsOneValue() {
        List<String> command = List.of("cgm4j", "sweep", "x.yaml", "--set", "a=1", "--variant", "b", "--command=[]",
                "@file", "é");
        List<String> args = WorkerArguments.of(Path.of("x.yaml"), List.of("a=1"), Path.of("/r"), "b__seed=1",
                Path.of("/r/x/b__seed=1__01234567"), command);
        assertThat(args).containsExactly("sweep-worker", "--set=a=1", "--runs=/r", "--run=b__seed=1",
                "--expect=/r/x/b__seed=1__01234567", "--exit-with-parent",
                "--command=[\"cgm4j\",\"sweep\",\"x.yaml\",\"--set\",\"a=1\",\"--variant\",\"b\",\"--command=[]\","
                        + "\"@file\",\"\\u00E9\"]", "--", "x.yaml");
        String json = args.get(6).substring("--command=".length());
        assertThat(WorkerArguments.commandWords(json)).isEqualTo(command);
    }
}
