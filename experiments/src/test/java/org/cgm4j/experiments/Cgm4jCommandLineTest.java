package org.cgm4j.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's listings and its error reporting. */
class Cgm4jCommandLineTest {
    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Cgm4j.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void modelsListsTheRegisteredPluginsAndMetrics() {
        Result r = run("models");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("vae").contains("LatentConstraintsPlugin").contains("importanceWeighted");
    }

    @Test
    void describeShowsEachSettingWithItsDefaultAndDescription() {
        Result r = run("describe", "vae");
        assertThat(r.code()).isZero();
        assertThat(r.out()).containsPattern("latentDim\\s+int\\s+32\\s+width of the latent code")
                .containsPattern("kl\\s+>= 0\\s+1.0\\s+beta");
    }

    @Test
    void anUnknownModelTypeIsAnErrorListingTheRegisteredOnes() {
        Result r = run("describe", "nope");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown model type 'nope'").contains("vae");
    }

    @Test
    void aDefinitionErrorNamesTheFileLineAndAllowedKeysAndWritesNoRun(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("bad.yaml");
        Files.writeString(yaml, "name: bad\nmodel:\n  type: vae\n  latentDimm: 3\n");
        Result r = run("run", yaml.toString(), "--runs", dir.resolve("runs").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("bad.yaml:4").contains("latentDimm").contains("latentDim");
        assertThat(dir.resolve("runs")).doesNotExist();
    }

    @Test
    void aMissingDefinitionFileIsNamed(@TempDir Path dir) {
        Result r = run("run", dir.resolve("missing.yaml").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("missing.yaml");
    }
}
