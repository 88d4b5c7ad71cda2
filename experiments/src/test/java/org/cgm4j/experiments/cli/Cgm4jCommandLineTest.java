package org.cgm4j.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.cgm4j.experiments.run.RunDirectory;
import org.cgm4j.experiments.sweep.WorkerArguments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line's listings and its error reporting. */
class Cgm4jCommandLineTest {
    private static CommandLineRun run(String... args) {
        return CommandLineRun.of(args);
    }

    @Test
    void theSweepsWorkerCommandLineNamesThisMainClassAndItsWorkerCommand() {
        assertThat(WorkerArguments.MAIN_CLASS).isEqualTo(Cgm4j.class.getName());
        Object worker = new CommandLine(new Cgm4j()).getSubcommands().get(WorkerArguments.NAME).getCommand();
        assertThat(worker).isInstanceOf(SweepWorkerCommand.class);
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
    void datasetsListsEachProviderWithShapeLabelsAndWhereItsFilesComeFrom() {
        CommandLineRun r = run("datasets");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .containsPattern("mnist-10k\\s+1 x 28 x 28\\s+class\\s+10,000 real MNIST digits")
                .containsPattern("fashion-mnist\\s+1 x 28 x 28\\s+class")
                .containsPattern("mnist-10k-attributes\\s+1 x 28 x 28\\s+attributes\\s+the mnist-10k digits labelled")
                .contains("computed from mnist-10k: embedded")
                .containsPattern("idx\\s+from files\\s+from files\\s+any directory of IDX files")
                .containsPattern("imageFolder\\s+from files\\s+from files\\s+a folder of PNG or JPEG images")
                .contains("files: embedded in the cgm4j-api jar")
                .contains("files: data.dir (required)")
                .contains("/usr/share/datasets/fashion-mnist")
                .contains("plugin org.cgm4j.api.data.CoreDatasetsPlugin");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void tasksListsEachRegisteredTaskTypeWithItsKeysAndPlugin() {
        CommandLineRun r = run("tasks");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .containsPattern("(?m)^  unconditional\\s")
                .containsPattern("(?m)^  quadrants\\s")
                .containsPattern("(?m)^  occlusion\\s")
                .containsPattern("(?m)^  classConditional\\s")
                .containsPattern("(?m)^  attributes\\s")
                .containsPattern("key given\\s+int")
                .containsPattern("key size\\s+int")
                .contains("plugin org.cgm4j.api.data.CoreTasksPlugin");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void describeShowsEachSettingWithItsDefaultAndDescription() {
        CommandLineRun r = run("describe", "vae");
        assertThat(r.code()).isZero();
        assertThat(r.out()).containsPattern("latentDim\\s+int\\s+32\\s+width of the latent code")
                .containsPattern("kl\\s+>= 0\\s+1.0\\s+beta");
    }

    @Test
    void describeNamesThePaperOfEachTypeOfTheCvaeFamily() {
        for (String type : List.of("cvae", "gsnn", "hybrid")) {
            CommandLineRun r = run("describe", type);
            assertThat(r.code()).as(type).isZero();
            assertThat(r.out()).as(type).containsPattern("(?m)^paper: .*Sohn").contains("latentDim")
                    .contains("loss:");
        }
        assertThat(run("describe", "hybrid").out()).containsPattern("alpha\\s+\\[\\S+, 1\\S*\\]\\s+0.5");
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

    /** The error of a command that failed on the file system: exit 2, one line naming {@code path}, no trace. */
    private static void assertOneLineNaming(CommandLineRun r, String... parts) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        List<String> errors = r.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertThat(errors).as(r.err()).hasSize(1);
        assertThat(errors.get(0)).contains(parts);
        assertThat(r.err()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void runsUnderARegularFileIsOneLineNamingTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("afile"), "x");
        Path def = CommandLineRun.tinyDefinition(dir, "t", "sweep: {axes: {loss.kl: [1, 2]}}", 1);
        String runs = file.resolve("runs").toString();
        assertOneLineNaming(run("run", def.toString(), "--runs", runs), "--runs " + runs, file + " is a file");
        assertOneLineNaming(run("sweep", def.toString(), "--runs", runs, "--in-process"), "--runs " + runs,
                file + " is a file");
    }

    @Test
    void runsInAReadOnlyDirectoryIsOneLineNamingIt(@TempDir Path dir) throws Exception {
        Path ro = Files.createDirectories(dir.resolve("ro"));
        Path def = CommandLineRun.tinyDefinition(dir, "t", "sweep: {axes: {loss.kl: [1, 2]}}", 1);
        try (Mount m = readOnly(ro)) {
            String runs = ro.resolve("runs").toString();
            CommandLineRun r = run("run", def.toString(), "--runs", runs);
            assertOneLineNaming(r, "--runs " + runs);
            assertThat(r.err()).containsAnyOf("Read-only file system", "permission denied");
            assertOneLineNaming(run("sweep", def.toString(), "--runs", runs, "--in-process"), "--runs " + runs);
        }
    }

    @Test
    void aFullDiskIsOneLineNamingTheFileAndLeavesNothingLookingComplete(@TempDir Path dir) throws Exception {
        Path small = Files.createDirectories(dir.resolve("small"));
        Path def = CommandLineRun.tinyDefinition(dir, "t", "", 1);
        try (Mount m = Mount.tmpfs(small, "size=128k")) {
            CommandLineRun r = run("run", def.toString(), "--runs", small.toString());
            assertOneLineNaming(r, "cannot write " + small, "No space left on device");
            try (var files = Files.walk(small)) {
                assertThat(files.map(Path::toString).toList())
                        .noneMatch(f -> f.endsWith(RunDirectory.COMPLETE))
                        .noneMatch(f -> f.endsWith(".tmp"));
            }
        }
    }

    /** A read-only directory: by permissions, or (as root, whom they do not stop) a read-only mount. */
    private static Mount readOnly(Path dir) throws Exception {
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
        } catch (java.io.IOException e) {
            return () -> Files.setPosixFilePermissions(dir,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return Mount.tmpfs(dir, "ro,size=64k");
    }

    /** A tmpfs mounted for a test (root only); skips the test where mounting is not permitted. */
    @FunctionalInterface
    private interface Mount extends AutoCloseable {
        @Override
        void close() throws Exception;

        static Mount tmpfs(Path dir, String options) throws Exception {
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0,
                    "cannot mount a tmpfs here (needs root): " + out.strip());
            return () -> new ProcessBuilder("umount", dir.toString()).inheritIO().start().waitFor();
        }
    }
}
