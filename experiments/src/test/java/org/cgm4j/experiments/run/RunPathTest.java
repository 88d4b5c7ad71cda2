package org.cgm4j.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.cgm4j.api.UserError;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.experiments.cli.CommandLineRun;
import org.cgm4j.experiments.config.DefinitionException;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every run lands two levels below its runs root: experiment names made of dots and names too long
 * for a file system are definition errors, and no run directory name outgrows its limit.
 */
class RunPathTest {
    /** The one line a user error prints, checked to be the only line on standard error. */
    private static String oneLine(CommandLineRun r) {
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as(r.err()).hasSize(1);
        return lines.get(0);
    }

    private static List<String> listing(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void namesOfDotsAndOverlongNamesAreDefinitionErrorsAndNothingIsWritten(@TempDir Path dir) throws Exception {
        Path file = CommandLineRun.tinyDefinition(dir, "dots", "");
        Path runs = dir.resolve("nest/runs");
        for (String name : List.of("..", ".", "...")) {
            for (String command : List.of("run", "sweep")) {
                CommandLineRun r = CommandLineRun.of(command, file.toString(), "--runs", runs.toString(), "--set",
                        "name=" + name, "--set", "train.epochs=1");
                assertThat(r.code()).as(command + " " + name).isEqualTo(2);
                assertThat(oneLine(r)).startsWith("error: --set name=" + name + ": ")
                        .contains("name must be a word of 1 to 100 letters, digits, '.', '_' or '-', not made of"
                                + " dots alone").contains("got '" + name + "'");
            }
            CommandLineRun dry = CommandLineRun.of("sweep", file.toString(), "--runs", runs.toString(), "--set",
                    "name=" + name, "--dry-run");
            assertThat(dry.code()).isEqualTo(2);
            assertThat(dry.out()).doesNotContain("to run");
        }
        String longName = "x".repeat(300);
        CommandLineRun tooLong = CommandLineRun.of("run", file.toString(), "--runs", runs.toString(), "--set",
                "name=" + longName);
        assertThat(tooLong.code()).isEqualTo(2);
        assertThat(oneLine(tooLong)).contains("got '" + "x".repeat(40) + "...' (300 characters)");
        assertThat(listing(dir)).containsExactly("dots.yaml"); // nothing written, runs root or above

        // written in the file: the error names its line
        Path inFile = dir.resolve("up.yaml");
        Files.writeString(inFile, "extends: " + file + "\nname: ..\n");
        CommandLineRun r = CommandLineRun.of("run", inFile.toString(), "--runs", runs.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(oneLine(r)).startsWith("error: " + inFile + ":2:");
        assertThat(CommandLineRun.of("run", file.toString(), "--runs", runs.toString(), "--set",
                "name=" + "y".repeat(100), "--dry-run").err()).doesNotContain("name must be");
    }

    @Test
    void aResolvedYamlNamingDotsIsNoRunDirectory(@TempDir Path dir) throws Exception {
        DefinitionLoader loader = new DefinitionLoader(PluginRegistry.discover());
        Path file = CommandLineRun.tinyDefinition(dir, "edited", "");
        String yaml = loader.toYaml(loader.load(file, List.of()));
        assertThat(yaml).contains("name: edited");
        Path run = dir.resolve("runs/edited/seed=1__0123abcd");
        Files.createDirectories(run);
        Files.writeString(run.resolve(RunDirectory.RESOLVED), yaml.replace("name: edited", "name: .."));
        assertThatThrownBy(() -> ExistingRun.open(run, loader)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("not made of dots alone");
    }

    @Test
    void runDirectoriesStayTwoLevelsBelowTheRootAndUnderTheNameLimit(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("runs");
        assertThat(RunDirectory.of(root, "exp", "v__a=1", 1, "x").path())
                .isEqualTo(root.resolve("exp").resolve("v__a=1__seed=1__" + RunDirectory.hash8("x")));
        for (String experiment : List.of("..", ".", "", "a/..", "../x")) {
            assertThatThrownBy(() -> RunDirectory.of(root, experiment, 1, "x")).as(experiment)
                    .isInstanceOf(UserError.class).hasMessageContaining("not a folder of a folder of the runs root");
        }
        String label = "v".repeat(RunDirectory.MAX_NAME_LENGTH);
        assertThatThrownBy(() -> RunDirectory.of(root, "exp", label, 1, "x")).isInstanceOf(UserError.class)
                .hasMessageContaining("over the limit of 200");

        // a sweep whose variant name and axis values make too long a name: one line naming the file, even dry
        Path file = CommandLineRun.tinyDefinition(dir, "wide", "sweep: {variants: {" + "w".repeat(120)
                + ": {}}, axes: {model.hidden: [[" + "32, ".repeat(20) + "32]]}}");
        CommandLineRun dry = CommandLineRun.of("sweep", file.toString(), "--runs", root.toString(), "--dry-run");
        assertThat(dry.code()).isEqualTo(2);
        assertThat(oneLine(dry)).startsWith("error: " + file + ": sweep run " + "w".repeat(60) + "...: the run"
                + " directory name ").contains("over the limit of 200");
        assertThat(root).doesNotExist();
    }
}
