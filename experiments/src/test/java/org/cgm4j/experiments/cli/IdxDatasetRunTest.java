package org.cgm4j.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cgm4j.api.data.IdxFile;
import org.cgm4j.api.rng.Rng;
import org.cgm4j.experiments.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs on a user's IDX directory ({@code data.source: idx}) through the command line. */
class IdxDatasetRunTest {
    /** Writes random grey 8 x 8 images with 3 classes: {@code train} and {@code test} of them. */
    private static void writeIdx(Path dir, int train, int test) throws Exception {
        Files.createDirectories(dir);
        Rng rng = new Rng(3);
        for (String split : new String[] {"train", "test"}) {
            int n = split.equals("train") ? train : test;
            byte[] pixels = new byte[n * 64];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = rng.nextDouble() < 0.3 ? (byte) 255 : 0;
            }
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                labels[i] = (byte) (i % 3);
            }
            IdxFile.writeUnsignedBytes(dir.resolve(split + "-images-idx3-ubyte"), new int[] {n, 8, 8}, pixels, false);
            IdxFile.writeUnsignedBytes(dir.resolve(split + "-labels-idx1-ubyte.gz"), new int[] {n}, labels, true);
        }
    }

    private static String sha256OfPayload(Path file) throws Exception {
        IdxFile.IdxArray a = IdxFile.read(file);
        return a.sha256();
    }

    @Test
    void aVaeTrainsOnAnIdxDirectoryAndItsProvenanceHoldsTheHashesOfWhatWasRead(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("my data");
        writeIdx(data, 48, 16);
        Path file = CommandLineRun.tinyDefinition(dir, "idx-vae", "", 1);
        Path runs = dir.resolve("runs");
        CommandLineRun r = CommandLineRun.of("run", file.toString(), "--runs", runs.toString(), "--set",
                "data.source=idx", "--set", "data.dir=" + data);
        assertThat(r.code()).as(r.err()).isZero();
        RunDirectory run;
        try (var s = Files.list(runs.resolve("idx-vae"))) {
            run = RunDirectory.at(s.filter(Files::isDirectory).findFirst().orElseThrow());
        }
        assertThat(run.isComplete()).isTrue();
        JsonNode provenance = new ObjectMapper().readTree(run.file(RunDirectory.PROVENANCE).toFile());
        JsonNode hashes = provenance.get("datasetSha256");
        assertThat(hashes.get("train-images-idx3-ubyte").asText())
                .isEqualTo(sha256OfPayload(data.resolve("train-images-idx3-ubyte")));
        assertThat(hashes.get("test-labels-idx1-ubyte.gz").asText())
                .isEqualTo(sha256OfPayload(data.resolve("test-labels-idx1-ubyte.gz")));
        assertThat(hashes.size()).isEqualTo(4);
    }

    @Test
    void aBadLabelFileIsNamedAndLeavesNoRunDirectory(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        writeIdx(data, 48, 16);
        Path labels = data.resolve("test-labels-idx1-ubyte.gz");
        IdxFile.writeUnsignedBytes(labels, new int[] {15}, new byte[15], true);
        Path file = CommandLineRun.tinyDefinition(dir, "idx-bad", "", 1);
        Path runs = dir.resolve("runs");
        CommandLineRun r = CommandLineRun.of("run", file.toString(), "--runs", runs.toString(), "--set",
                "data.source=idx", "--set", "data.dir=" + data);
        assertThat(r.code()).isNotZero();
        assertThat(r.err().lines().filter(l -> l.startsWith("error:")).toList()).singleElement().asString()
                .contains(labels.toString()).contains("[16]").contains("got [15]");
        assertThat(r.err()).doesNotContain("\tat ");
        assertThat(runs.resolve("idx-bad")).satisfiesAnyOf(
                p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
    }

    @Test
    void idxWithoutADirectoryIsADefinitionErrorBeforeAnyRunFolder(@TempDir Path dir) throws Exception {
        Path file = CommandLineRun.tinyDefinition(dir, "idx-nodir", "", 1);
        Path runs = dir.resolve("runs");
        CommandLineRun r = CommandLineRun.of("run", file.toString(), "--runs", runs.toString(), "--set",
                "data.source=idx");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("data.dir: dataset 'idx' reads the IDX files of a directory you name")
                .contains("--set data.source=idx:");
        assertThat(runs).doesNotExist();

        // a key under data.options the dataset needs is blamed on the dataset chosen, not on the
        // data key set last
        CommandLineRun folder = CommandLineRun.of("run", file.toString(), "--runs", runs.toString(), "--set",
                "data.source=imageFolder", "--set", "data.dir=" + dir.resolve("none"));
        assertThat(folder.code()).isEqualTo(2);
        assertThat(folder.err().lines().filter(l -> l.startsWith("error:")).toList()).singleElement().asString()
                .startsWith("error: --set data.source=imageFolder: data.options.size must be");
        assertThat(runs).doesNotExist();
    }

    /** Writes random 3 x 8 x 8 colour images ([n, 3, 8, 8] IDX) with 3 classes. */
    private static void writeRgbIdx(Path dir, int train, int test) throws Exception {
        Files.createDirectories(dir);
        Rng rng = new Rng(5);
        for (String split : new String[] {"train", "test"}) {
            int n = split.equals("train") ? train : test;
            byte[] pixels = new byte[n * 192];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = rng.nextDouble() < 0.3 ? (byte) 255 : 0;
            }
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                labels[i] = (byte) (i % 3);
            }
            IdxFile.writeUnsignedBytes(dir.resolve(split + "-images"), new int[] {n, 3, 8, 8}, pixels, false);
            IdxFile.writeUnsignedBytes(dir.resolve(split + "-labels"), new int[] {n}, labels, false);
        }
    }

    private static RunDirectory onlyRun(Path experiment) throws Exception {
        try (var s = Files.list(experiment)) {
            return RunDirectory.at(s.filter(Files::isDirectory).findFirst().orElseThrow());
        }
    }

    private static boolean isRgb(Path png) throws Exception {
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
        return img.getColorModel().getNumColorComponents() == 3;
    }

    @Test
    void aVaeAndAQuadrantCvaeTrainOnColourImagesWithRgbPicturesAndTheCll(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("rgb");
        writeRgbIdx(data, 48, 16);
        Path runs = dir.resolve("runs");
        Path vae = CommandLineRun.tinyDefinition(dir, "rgb-vae", "", 1);
        CommandLineRun r = CommandLineRun.of("run", vae.toString(), "--runs", runs.toString(), "--set",
                "data.source=idx", "--set", "data.dir=" + data);
        assertThat(r.code()).as(r.err()).isZero();
        RunDirectory vaeRun = onlyRun(runs.resolve("rgb-vae"));
        assertThat(vaeRun.isComplete()).isTrue();
        assertThat(isRgb(vaeRun.file(RunDirectory.SAMPLES))).as("samples.png is RGB").isTrue();
        assertThat(isRgb(vaeRun.file(RunDirectory.RECONSTRUCTIONS))).isTrue();
        JsonNode spec = new ObjectMapper().readTree(vaeRun.file(RunDirectory.DATA_SPEC).toFile());
        assertThat(spec.get("channels").asInt()).isEqualTo(3);
        assertThat(spec.get("yDim").asInt()).isEqualTo(192);

        Path cvae = dir.resolve("rgb-cvae.yaml");
        Files.writeString(cvae, """
                name: rgb-cvae
                seed: 1
                data: {source: idx, dir: "%s", task: {type: quadrants, given: 1}, batchSize: 16}
                model: {type: cvae, latentDim: 2, hidden: [16], likelihood: bernoulli}
                loss: {reconstruction: 1.0, kl: 1.0}
                train: {epochs: 1, updater: {type: adam, learningRate: 1.0e-3}}
                evaluate: [{type: conditionalLogLikelihood, estimator: importance, samples: 5}]
                output: {samples: 2, reconstructions: 4}
                """.formatted(data));
        CommandLineRun c = CommandLineRun.of("run", cvae.toString(), "--runs", runs.toString());
        assertThat(c.code()).as(c.err()).isZero();
        RunDirectory cvaeRun = onlyRun(runs.resolve("rgb-cvae"));
        JsonNode metrics = new ObjectMapper().readTree(cvaeRun.file(RunDirectory.METRICS).toFile());
        assertThat(metrics.get("test/negativeCll_importance").asDouble()).isFinite().isPositive();
        assertThat(isRgb(cvaeRun.file(RunDirectory.PREDICTIONS))).as("predictions.png is RGB").isTrue();
    }
}
