package org.cgm4j.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.data.IdxFile;
import org.cgm4j.api.data.ImageShape;
import org.cgm4j.api.io.ImageGrid;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.config.ResolvedDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped class-conditional CVAE at a tiny budget: it trains on the one-hot classes unchanged,
 * draws one picture row per class, and writes its scored samples with their requested labels as
 * IDX files.
 */
class ClassConditionalRunTest {
    private static final Path DEFINITION = Path.of("definitions/cvae/mnist-10k-class-conditional.yaml");

    @Test
    void trainsAndWritesOneRowPerClassAndTheSamplesAsIdx(@TempDir Path runs) throws Exception {
        PluginRegistry registry = PluginRegistry.discover();
        ResolvedDefinition resolved = new DefinitionLoader(registry).load(DEFINITION, List.of(
                "train.epochs=1", "data.limit=300", "data.testLimit=50", "model.hidden=[32]", "model.latentDim=4",
                "output.samples=4", "output.reconstructions=2",
                "evaluate=[{type: sampleClassAccuracy, samplesPerClass: 3,"
                        + " classifier: {hidden: [16], epochs: 1, learningRate: 0.001, maxShift: 0}}]"));
        ExperimentRunner.RunResult r = new ExperimentRunner(registry, DatasetRegistry.defaults())
                .run(resolved, runs, false, List.of("test"));
        assertThat(r.directory().isComplete()).isTrue();
        assertThat(r.metrics().get("test/sampleClassAccuracy")).isBetween(0.0, 1.0);
        assertThat(r.metrics().get("test/classifierAccuracy")).isBetween(0.0, 1.0);
        assertThat(r.metrics()).containsKeys("test/sampleClassAccuracy_class0", "test/sampleClassAccuracy_class9");

        IdxFile.IdxArray images = IdxFile.read(r.directory().path().resolve("class-samples-images.idx"));
        IdxFile.IdxArray labels = IdxFile.read(r.directory().path().resolve("class-samples-labels.idx"));
        assertThat(images.dims()).containsExactly(30, 28, 28);
        assertThat(labels.dims()).containsExactly(30);
        for (int i = 0; i < 30; i++) {
            assertThat(labels.data()[i]).isEqualTo((byte) (i / 3));
        }

        // samples.png is a captioned grid of 10 rows (classes) of 4 samples: the size of such a grid
        BufferedImage samples = ImageIO.read(r.directory().file(RunDirectory.SAMPLES).toFile());
        List<float[][]> rows = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            rows.add(new float[4][28 * 28]);
            captions.add(Integer.toString(k));
        }
        Path expected = runs.resolve("expected.png");
        ImageGrid.writeLabelled(rows, captions, List.of(), ImageShape.grey(28, 28), expected);
        BufferedImage grid = ImageIO.read(expected.toFile());
        assertThat(samples.getWidth()).isEqualTo(grid.getWidth());
        assertThat(samples.getHeight()).isEqualTo(grid.getHeight());
    }
}
