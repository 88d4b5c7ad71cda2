package org.cgm4j.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.experiments.cli.CommandLineRun;
import org.cgm4j.experiments.config.DefinitionException;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.config.ResolvedDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run with the training protocol's keys: validation split, validation, early stopping, schedules, clipping. */
class ProtocolRunTest {
    static PluginRegistry registry;
    static DefinitionLoader loader;

    @BeforeAll
    static void setUp() {
        registry = PluginRegistry.discover();
        loader = new DefinitionLoader(registry);
    }

    private static Path definition(Path dir, String train) throws Exception {
        Path file = dir.resolve("protocol.yaml");
        Files.writeString(file, """
                extends: %s
                name: protocol
                data: {limit: 400, testLimit: 32, batchSize: 32, validation: 0.2}
                model: {hidden: [32], latentDim: 2}
                train: %s
                evaluate: [{type: elbo}]
                output: {samples: 4, reconstructions: 4}
                """.formatted(CommandLineRun.VAE, train));
        return file;
    }

    @Test
    void aRunValidatesStopsEarlyLogsItsSchedulesAndRecordsItsValidationSplit(@TempDir Path dir) throws Exception {
        ResolvedDefinition def = loader.load(definition(dir, """
                {epochs: 6, validate: {metrics: [{type: elbo}]},
                 earlyStopping: {metric: validation/negativeElbo, mode: max, patience: 2},
                 learningRate: {type: cosine, length: 60, warmup: 5},
                 lossWeights: {kl: {type: linear, from: 0, to: 1, length: 1, unit: epoch}},
                 clipNorm: 1000}"""), List.of());
        ExperimentRunner runner = new ExperimentRunner(registry, DatasetRegistry.defaults());
        RunDirectory run = runner.run(def, dir.resolve("runs"), false, List.of("test")).directory();

        // mode max on a negative ELBO that falls: the first validation is the best, patience 2 stops after epoch 2
        Map<String, Double> metrics = runner.run(def, dir.resolve("runs"), false, List.of("test")).metrics();
        assertThat(metrics).containsEntry("train/bestEpoch", 0.0).containsEntry("train/epochsTrained", 3.0)
                .containsEntry("train/stoppedEarly", 1.0);
        List<String> validation = Files.readAllLines(run.file(RunDirectory.VALIDATION));
        assertThat(validation.get(0)).startsWith("epoch,iteration,validation/negativeElbo,");
        assertThat(validation).hasSize(1 + 3);
        assertThat(validation.get(1)).startsWith("0,9,"); // about 320 training images: 10 batches of 32
        assertThat(metrics.get("train/best_validation/negativeElbo"))
                .isEqualTo(Double.parseDouble(validation.get(1).split(",")[2]));

        assertThat(Files.readAllLines(run.file(RunDirectory.HISTORY)).get(0)).isEqualTo(
                "epoch,iteration,step,train/reconstruction,train/kl,train/loss,train/weight_kl,train/lrFactor,"
                        + "train/gradNorm");
        assertThat(Files.readAllLines(run.file(RunDirectory.HISTORY))).hasSize(1 + 3 * 10);
        assertThat(run.file(RunDirectory.LOSS_CURVE)).isRegularFile();

        JsonNode provenance = new ObjectMapper().readTree(run.file(RunDirectory.PROVENANCE).toFile());
        // a fifth of each class, rounded per class
        assertThat(Integer.parseInt(provenance.at("/validationSplit/images").asText())).isBetween(75, 85);
        assertThat(provenance.at("/validationSplit/indicesSha256").asText()).hasSize(64);
    }

    @Test
    void definitionsWithoutTheNewKeysResolveToTheSameYamlAndTheKeysAreChecked(@TempDir Path dir) throws Exception {
        String yaml = loader.toYaml(loader.load(CommandLineRun.VAE, List.of()));
        for (String key : List.of("validation", "validate", "earlyStopping", "lossWeights", "clipNorm", "\nexpect:",
                "\ncheck:")) {
            assertThat(yaml).as(key).doesNotContain(key);
        }
        assertThatThrownBy(() -> loader.load(CommandLineRun.VAE, List.of("train.validate={metrics: [{type: elbo}]}")))
                .isInstanceOf(DefinitionException.class).hasMessageContaining("data.validation");
        assertThatThrownBy(() -> loader.load(CommandLineRun.VAE, List.of("train.lossWeights={beta: {type: constant}}")))
                .isInstanceOf(DefinitionException.class).hasMessageContaining("train.lossWeights.beta")
                .hasMessageContaining("allowed: reconstruction, kl");
        assertThatThrownBy(() -> loader.load(CommandLineRun.VAE, List.of("data.validation=0.1",
                "train.validate={metrics: [{type: elbo}]}", "train.earlyStopping={metric: negativeElbo, patience: 3}")))
                .isInstanceOf(DefinitionException.class).hasMessageContaining("validation/<key");
        assertThatThrownBy(() -> loader.load(CommandLineRun.VAE, List.of("data.validation=0.9")))
                .isInstanceOf(DefinitionException.class).hasMessageContaining("data.validation must be in [0, 0.5]");
        assertThatThrownBy(() -> loader.load(CommandLineRun.VAE, List.of("train.learningRate={type: cosine}")))
                .isInstanceOf(DefinitionException.class).hasMessageContaining("length");
    }
}
