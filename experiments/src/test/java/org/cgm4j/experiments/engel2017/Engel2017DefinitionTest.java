package org.cgm4j.experiments.engel2017;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.data.IdxFile;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.experiments.ExperimentRunner;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.config.ResolvedDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The latent constraints definition through the runner with both stages (the shipped-definitions
 * smoke test trains one epoch, which is the VAE stage only): the actor and critic steps run, the
 * metrics are finite, and the conditional samples land in the run directory as IDX files.
 */
class Engel2017DefinitionTest {
    @Test
    void bothStagesRunAndTheConditionalSamplesAreWritten(@TempDir Path runs) throws Exception {
        PluginRegistry registry = PluginRegistry.discover();
        // Two batches per epoch: one critic and one actor step in stage 1.
        ResolvedDefinition resolved = new DefinitionLoader(registry).load(
                Path.of("definitions/engel2017/mnist-10k.yaml"),
                List.of("train.epochs=2", "model.vaeEpochs=1", "model.criticSteps=1", "data.limit=256",
                        "data.testLimit=64", "output.samples=4", "output.reconstructions=2"));
        ExperimentRunner.RunResult r = new ExperimentRunner(registry, DatasetRegistry.defaults())
                .run(resolved, runs, false, List.of("test"));
        Path dir = r.directory().path();
        assertThat(r.directory().isComplete()).isTrue();
        assertThat(r.metrics()).containsKeys("test/attributeAccuracy", "test/classifierAccuracy",
                "test/realismCriticTransformed", "test/meanMove_attribute", "test/editAccuracy");
        assertThat(r.metrics().values()).allSatisfy(v -> assertThat(v).isFinite());
        String history = Files.readString(dir.resolve("history.csv"));
        assertThat(history).contains(",critic,").contains(",actor,");
        IdxFile.IdxArray images = IdxFile.read(dir.resolve("attribute-samples-images.idx"));
        IdxFile.IdxArray labels = IdxFile.read(dir.resolve("attribute-samples-labels.idx"));
        assertThat(images.dim(0)).isEqualTo(labels.dim(0)).isPositive();
        assertThat(images.dim(1)).isEqualTo(28);
        assertThat(dir.resolve("attribute-samples.png")).isRegularFile();
        assertThat(dir.resolve("identity-edits.png")).isRegularFile();
    }
}
