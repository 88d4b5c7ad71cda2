package org.cgm4j.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.cgm4j.api.rng.Rng;
import org.cgm4j.experiments.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The path a user takes with a folder of their own pictures: {@code cgm4j run <yaml>} with {@code
 * data.source: imageFolder}, on a small RGB PNG folder written here, for one tiny epoch of each
 * model; and a bad file in the folder stopping the run with one line naming it.
 */
class ImageFolderRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /**
     * Three classes (red, green, blue blobs on grey) of 8 noisy 12x12 RGB PNGs each, in
     * {@code <folder>/<class>/<k>.png}.
     */
    static Path writeFolder(Path folder) throws IOException {
        Rng rng = new Rng(5);
        String[] classes = {"blue", "green", "red"};
        for (int c = 0; c < classes.length; c++) {
            Path dir = Files.createDirectories(folder.resolve(classes[c]));
            for (int k = 0; k < 8; k++) {
                BufferedImage im = new BufferedImage(12, 12, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 12; y++) {
                    for (int x = 0; x < 12; x++) {
                        int[] rgb = {90, 90, 90};
                        if (Math.abs(x - 4 - c) + Math.abs(y - 6) < 4) {
                            rgb[2 - c] = 230;
                        }
                        int noise = rng.nextInt(21) - 10;
                        im.setRGB(x, y, (clamp(rgb[0] + noise) << 16) | (clamp(rgb[1] + noise) << 8)
                                | clamp(rgb[2] + noise));
                    }
                }
                ImageIO.write(im, "png", dir.resolve(k + ".png").toFile());
            }
        }
        return folder;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** A definition a user could write: nothing but YAML, the folder in data.dir. */
    private Path definition(String name, Path folder, String task, String model, String evaluate) throws IOException {
        Path file = tmp.resolve(name + ".yaml");
        Files.writeString(file, """
                name: %s
                seed: 1
                data:
                  source: imageFolder
                  dir: %s
                  options:
                    size: [3, 12, 12]
                    resize: {filter: bilinear}
                    split: {by: fraction, test: 0.25, seed: 1}
                  task: %s
                  batchSize: 8
                model: %s
                train: {epochs: 1, updater: {type: adam, learningRate: 1.0e-3}}
                evaluate: [%s]
                output: {samples: 4, reconstructions: 4}
                """.formatted(name, folder, task, model, evaluate));
        return file;
    }

    /** Runs the definition; returns its one run directory, checked complete with finite metrics. */
    private Path runComplete(Path definition, Path runs, String name) throws IOException {
        CommandLineRun r = CommandLineRun.of("run", definition.toString(), "--runs", runs.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(runs.resolve(name))) {
            dirs = s.filter(Files::isDirectory).toList();
        }
        assertThat(dirs).hasSize(1);
        RunDirectory run = RunDirectory.at(dirs.get(0));
        assertThat(run.isComplete()).isTrue();
        for (String f : List.of(RunDirectory.RESOLVED, RunDirectory.PROVENANCE, RunDirectory.HISTORY,
                RunDirectory.METRICS, RunDirectory.WEIGHTS, RunDirectory.DATA_SPEC)) {
            assertThat(run.file(f)).as(f).isRegularFile();
        }
        JsonNode metrics = JSON.readTree(run.file(RunDirectory.METRICS).toFile());
        assertThat(metrics.size()).isPositive();
        metrics.fields().forEachRemaining(e -> assertThat(Double.isFinite(e.getValue().asDouble()))
                .as(e.getKey() + " = " + e.getValue())
                .isTrue());
        JsonNode provenance = JSON.readTree(run.file(RunDirectory.PROVENANCE).toFile());
        assertThat(provenance.path("datasetSha256").path("images").asText()).hasSize(64);
        assertThat(provenance.path("datasetOrigin").asText())
                .contains("25 images of 3x12x12")
                .contains("resize: bilinear (pixel centres, edges clamped), 1 of 25 images resized");
        JsonNode spec = JSON.readTree(run.file(RunDirectory.DATA_SPEC).toFile());
        assertThat(spec.path("channels").asInt()).isEqualTo(3);
        return run.path();
    }

    @Test
    void vaeAndCvaeOnQuadrantsAndClassesTrainOnAnRgbPngFolderFromAYamlFile() throws IOException {
        Path folder = writeFolder(tmp.resolve("blobs"));
        // One larger picture, resized by the filter the definitions name.
        BufferedImage big = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(big, "png", folder.resolve("red/big.png").toFile());
        Path runs = tmp.resolve("runs");

        Path vae = runComplete(definition("folder-vae", folder, "{type: unconditional}",
                "{type: vae, latentDim: 2, hidden: [16]}", "{type: elbo}"), runs, "folder-vae");
        assertThat(JSON.readTree(vae.resolve(RunDirectory.METRICS).toFile()).has("test/negativeElbo")).isTrue();
        assertThat(vae.resolve(RunDirectory.SAMPLES)).isRegularFile();

        Path cvae = runComplete(definition("folder-cvae-quadrants", folder, "{type: quadrants, given: 1}",
                "{type: cvae, latentDim: 2, hidden: [16]}",
                "{type: conditionalLogLikelihood, estimator: importance, samples: 4}"), runs,
                "folder-cvae-quadrants");
        assertThat(JSON.readTree(cvae.resolve(RunDirectory.METRICS).toFile()).has("test/negativeCll_importance"))
                .isTrue();

        // Pictures of a requested class: x is the one-hot class from the folder's sub-folders.
        Path conditional = runComplete(definition("folder-cvae-classes", folder, "{type: classConditional}",
                "{type: cvae, latentDim: 2, hidden: [16]}",
                "{type: conditionalLogLikelihood, estimator: importance, samples: 4}"), runs,
                "folder-cvae-classes");
        JsonNode spec = JSON.readTree(conditional.resolve(RunDirectory.DATA_SPEC).toFile());
        assertThat(spec.path("xDim").asInt()).isEqualTo(3);
        assertThat(spec.path("classNames").toString()).isEqualTo("[\"blue\",\"green\",\"red\"]");
        assertThat(JSON.readTree(conditional.resolve(RunDirectory.METRICS).toFile())
                        .has("test/negativeCll_importance"))
                .isTrue();
    }

    @Test
    void aBadImageStopsTheRunWithOneLineNamingItAndNoCompleteRun() throws IOException {
        Path folder = writeFolder(tmp.resolve("blobs"));
        Path bad = folder.resolve("green/3.png");
        Files.writeString(bad, "not a picture");
        Path runs = tmp.resolve("runs");
        Path file = definition("folder-bad", folder, "{type: unconditional}",
                "{type: vae, latentDim: 2, hidden: [16]}", "{type: elbo}");

        CommandLineRun r = CommandLineRun.of("run", file.toString(), "--runs", runs.toString());
        assertThat(r.code()).isNotZero();
        List<String> errors = r.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertThat(errors).as(r.err()).hasSize(1);
        assertThat(errors.get(0)).contains(bad.toString()).contains("not an image");
        assertThat(r.err()).as("no stack trace").doesNotContain("\tat ");
        assertNoRunLeft(runs.resolve("folder-bad"));
    }

    @Test
    void aBadLabelRowStopsTheRunWithOneLineNamingTheFileAndLine() throws IOException {
        Path folder = writeFolder(tmp.resolve("blobs"));
        Path labels = folder.resolve("labels.csv");
        Files.writeString(labels, "file,label\nred/0.png,red\nred/0.png,blue\n");
        Path runs = tmp.resolve("runs");
        Path file = definition("folder-bad-labels", folder, "{type: unconditional}",
                "{type: vae, latentDim: 2, hidden: [16]}", "{type: elbo}");
        Files.writeString(file, Files.readString(file).replace("    size:", "    labels: labels.csv\n    size:"));

        CommandLineRun r = CommandLineRun.of("run", file.toString(), "--runs", runs.toString());
        assertThat(r.code()).isNotZero();
        List<String> errors = r.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertThat(errors).as(r.err()).hasSize(1);
        assertThat(errors.get(0)).contains(labels + " line 3: duplicate row for 'red/0.png' (first on line 2)");
        assertNoRunLeft(runs.resolve("folder-bad-labels"));
    }

    @Test
    void aBadOptionIsRefusedWhenTheDefinitionLoads() throws IOException {
        Path folder = writeFolder(tmp.resolve("blobs"));
        Path runs = tmp.resolve("runs");
        Path file = definition("folder-bad-option", folder, "{type: unconditional}",
                "{type: vae, latentDim: 2, hidden: [16]}", "{type: elbo}");
        Files.writeString(file, Files.readString(file).replace("{filter: bilinear}", "{filter: cubic}"));

        CommandLineRun r = CommandLineRun.of("run", file.toString(), "--runs", runs.toString());
        assertThat(r.code()).isNotZero();
        List<String> errors = r.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertThat(errors).as(r.err()).hasSize(1);
        assertThat(errors.get(0)).contains(file.toString())
                .contains("data.options.resize.filter must be one of bilinear, nearest, area, got 'cubic'");
        assertThat(runs).doesNotExist();
    }

    private static void assertNoRunLeft(Path experiment) throws IOException {
        if (!Files.exists(experiment)) {
            return;
        }
        try (Stream<Path> s = Files.walk(experiment)) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .doesNotContain(RunDirectory.COMPLETE, RunDirectory.METRICS, "weights.zip");
        }
    }
}
