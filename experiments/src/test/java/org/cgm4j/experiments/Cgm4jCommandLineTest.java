package org.cgm4j.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line's listings and its error reporting. */
class Cgm4jCommandLineTest {
    private static CommandLineRun run(String... args) {
        return CommandLineRun.of(args);
    }

    @Test
    void everySubcommandPrintsItsHelpAndExitsZero() {
        Set<String> names = new CommandLine(new Cgm4j()).getSubcommands().keySet();
        assertThat(names).contains("run", "sweep", "bench");
        for (String name : names) {
            for (String flag : List.of("--help", "-h")) {
                CommandLineRun r = run(name, flag);
                assertThat(r.code()).as("cgm4j %s %s: %s", name, flag, r.err()).isZero();
                assertThat(r.out()).as("cgm4j %s %s", name, flag).startsWith("Usage: cgm4j " + name);
                assertThat(r.err()).as("cgm4j %s %s", name, flag).isEmpty();
            }
        }
    }

    @Test
    void modelsListsTheRegisteredPluginsAndMetrics() {
        CommandLineRun r = run("models");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("vae").contains("LatentConstraintsPlugin").contains("importanceWeighted");
    }

    @Test
    void describeShowsEachSettingWithItsDefaultAndDescription() {
        CommandLineRun r = run("describe", "vae");
        assertThat(r.code()).isZero();
        assertThat(r.out()).containsPattern("latentDim\\s+int\\s+32\\s+width of the latent code")
                .containsPattern("kl\\s+>= 0\\s+1.0\\s+beta");
    }

    @Test
    void anUnknownModelTypeIsAnErrorListingTheRegisteredOnes() {
        CommandLineRun r = run("describe", "nope");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown model type 'nope'").contains("vae");
    }

    @Test
    void aDefinitionErrorNamesTheFileLineAndAllowedKeysAndWritesNoRun(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("bad.yaml");
        Files.writeString(yaml, "name: bad\nmodel:\n  type: vae\n  latentDimm: 3\n");
        CommandLineRun r = run("run", yaml.toString(), "--runs", dir.resolve("runs").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("bad.yaml:4").contains("latentDimm").contains("latentDim");
        assertThat(dir.resolve("runs")).doesNotExist();
    }

    @Test
    void aMissingDefinitionFileIsNamed(@TempDir Path dir) {
        CommandLineRun r = run("run", dir.resolve("missing.yaml").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("missing.yaml");
    }
}
