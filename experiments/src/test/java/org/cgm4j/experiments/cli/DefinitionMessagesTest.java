package org.cgm4j.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Definition errors through the command line: one line naming file:line:column and key, values cut short, no trace. */
class DefinitionMessagesTest {
    /** The one error line of a failed command, after checking exit code 2 and no stack trace. */
    private static String oneErrorLine(CommandLineRun r) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        List<String> errors = r.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertThat(errors).as(r.err()).hasSize(1);
        assertThat(r.err()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
        return errors.get(0);
    }

    @Test
    void aDefinitionNotInUtf8SaysWhereItIsNot(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, "name: x\ndescription: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        String line = oneErrorLine(CommandLineRun.of("run", file.toString(), "--runs", dir.resolve("runs").toString()));
        assertThat(line).contains(file + ":2:17").contains("not UTF-8").contains("byte 0xe9 at byte offset 24");
    }

    @Test
    void anUnknownDataSourceNamesTheKeyAndAllowedValuesBeforeAnyRunFolder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("d.yaml");
        Files.writeString(file, "extends: " + CommandLineRun.VAE + "\ndata:\n  source: mnist-11k\n");
        Path runs = dir.resolve("runs");
        String line = oneErrorLine(CommandLineRun.of("run", file.toString(), "--runs", runs.toString()));
        assertThat(line).contains(file + ":3:11").contains("data.source").contains("'mnist-11k'")
                .contains("fashion-mnist, idx, mnist, mnist-10k");
        assertThat(runs).doesNotExist();
    }

    @Test
    void anOptionTheDatasetDoesNotTakeIsBlamedOnItsLineBeforeAnyRunFolder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("d.yaml");
        Files.writeString(file, "extends: " + CommandLineRun.VAE + "\ndata:\n  options:\n    colour: rgb\n");
        Path runs = dir.resolve("runs");
        String line = oneErrorLine(CommandLineRun.of("run", file.toString(), "--runs", runs.toString()));
        assertThat(line).contains(file + ":4:13").contains("data.options.colour")
                .contains("unknown option of dataset 'mnist-10k'").contains("it takes no options");
        assertThat(runs).doesNotExist();
    }

    @Test
    void anUnknownKeyOfASweepAxisOrVariantIsBlamedOnItsEntry(@TempDir Path dir) throws Exception {
        Path axes = dir.resolve("axes.yaml");
        Files.writeString(axes, "extends: " + CommandLineRun.VAE + "\nsweep:\n  axes:\n    model.latentDimz: [1, 2]\n");
        String line = oneErrorLine(CommandLineRun.of("sweep", axes.toString(), "--dry-run"));
        assertThat(line).contains(axes + ":4:5").contains("unknown key 'model.latentDimz'").doesNotContain("--set");

        Path variants = dir.resolve("variants.yaml");
        Files.writeString(variants, "extends: " + CommandLineRun.VAE
                + "\nsweep:\n  variants:\n    small:\n      model.latentDimz: 2\n");
        line = oneErrorLine(CommandLineRun.of("sweep", variants.toString(), "--dry-run"));
        assertThat(line).contains(variants + ":5:7").contains("unknown key 'model.latentDimz'")
                .doesNotContain("--set");
    }

    @Test
    void echoedValuesAreCutShort(@TempDir Path dir) throws Exception {
        String digits = "9".repeat(100_000);
        String line = oneErrorLine(CommandLineRun.of("run", CommandLineRun.VAE.toString(), "--set",
                "train.epochs=" + digits, "--runs", dir.resolve("runs").toString()));
        assertThat(line).hasSizeLessThan(400).contains("train.epochs").contains("(100000 characters)");

        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "Some prose, not a definition. ".repeat(1200));
        Path file = dir.resolve("e.yaml");
        Files.writeString(file, "extends: notes.txt\nname: e\n");
        line = oneErrorLine(CommandLineRun.of("run", file.toString(), "--runs", dir.resolve("runs").toString()));
        assertThat(line).hasSizeLessThan(400).contains("notes.txt");
    }
}
