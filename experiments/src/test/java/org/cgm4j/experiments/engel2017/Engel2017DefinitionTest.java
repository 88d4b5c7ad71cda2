package org.cgm4j.experiments.engel2017;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.data.IdxFile;
import org.cgm4j.api.eval.MetricConfig;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.experiments.cli.ExploreCommand;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.config.ResolvedDefinition;
import org.cgm4j.experiments.run.ExperimentRunner;
import org.cgm4j.experiments.trained.Condition;
import org.cgm4j.experiments.trained.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

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

        // opened as a trained model: the metrics that need the encoder statistics (computed again
        // from the training split) reproduce, class samples go through the attribute actor, and
        // explore draws the edits to every class
        TrainedModel trained = TrainedModel.open(dir);
        List<MetricConfig> some = resolved.definition().evaluate().stream()
                .filter(m -> List.of("latentMove", "attributeAccuracy").contains(m.create().name())).toList();
        assertThat(some).hasSize(2);
        Map<String, Double> again = trained.evaluate(some);
        assertThat(again).isNotEmpty();
        again.forEach((k, v) -> assertThat(v).as(k).isEqualTo(r.metrics().get(k)));
        assertThat(trained.sample(3, Condition.ofClass(7), 1).shape()).containsExactly(3, 784);
        INDArray z = trained.encode(trained.sample(2, Condition.none(), 2))[0];
        assertThat(trained.transform(z, new int[] {1, 2}).shape()).containsExactly(2, trained.latentDim());
        List<Path> pictures = ExploreCommand.write(trained, runs.resolve("explore"), 3, 3, 2);
        assertThat(pictures).extracting(p -> p.getFileName().toString())
                .containsExactly(ExploreCommand.TRAVERSALS, ExploreCommand.INTERPOLATIONS, ExploreCommand.EDITS);
        // source, reconstruction and one column per class: wider than 12 cells of 2 x 28 + 1 pixels
        assertThat(ImageIO.read(pictures.get(2).toFile()).getWidth()).isGreaterThan(12 * 57);
    }

    @Test
    void theAttributeDefinitionTrainsBothStagesOnAttributeVectorsAndWritesTheLabelledEdits(@TempDir Path runs)
            throws Exception {
        PluginRegistry registry = PluginRegistry.discover();
        ResolvedDefinition resolved = new DefinitionLoader(registry).load(
                Path.of("definitions/engel2017/mnist-10k-attributes.yaml"),
                List.of("train.epochs=2", "model.vaeEpochs=1", "model.criticSteps=1", "data.limit=256",
                        "data.testLimit=64", "output.samples=4", "output.reconstructions=2",
                        "evaluate=[{type: attributeEdits, images: 40, shown: 4,"
                                + " classifier: {hidden: [32], epochs: 2, learningRate: 1.0e-3, maxShift: 1}}]"));
        assertThat(resolved.definition().data().source()).isEqualTo("mnist-10k-attributes");
        assertThat(resolved.definition().sweep().axes()).containsOnlyKeys("loss.distance");
        ExperimentRunner.RunResult r = new ExperimentRunner(registry, DatasetRegistry.defaults())
                .run(resolved, runs, false, List.of("test"));
        Path dir = r.directory().path();
        assertThat(r.directory().isComplete()).isTrue();
        assertThat(r.metrics()).containsKeys("test/editSuccess", "test/editSuccess_bold", "test/editDistance",
                "test/randomDistance", "test/sourceSuccess", "test/reconstructionDistance",
                "test/sampleAttributeAccuracy_slanted");
        assertThat(r.metrics().values()).allSatisfy(v -> assertThat(v).isFinite());
        assertThat(Files.readString(dir.resolve("history.csv"))).contains(",critic,").contains(",actor,");
        assertThat(dir.resolve("attribute-edits.png")).isRegularFile();
    }
}
