package org.cgm4j.models.latentconstraints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.PixelAttributes;
import org.cgm4j.api.data.Split;
import org.cgm4j.api.eval.EvalContext;
import org.cgm4j.api.model.LossWeights;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.objective.UpdaterConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The attribute pair on binary attribute vectors trained at tiny size, and the {@link
 * AttributeEdits} metric on it: its figures are rates and distances of the right kind, the
 * baselines are what they claim (the source's own distance is 0; a random image with the target
 * attributes is another image), a seed gives identical figures, and the labelled picture is written.
 */
class AttributeEditsTest {
    private static final EvaluationClassifier TINY_CLASSIFIER = new EvaluationClassifier(List.of(16), 3, 3e-3, 1);

    private static DataSource data;
    private static LatentConstraintsModel trained;

    @BeforeAll
    static void trainTwoEpochs() {
        data = LatentConstraintsPluginTest.attributeData();
        LatentConstraintsFactory f = new LatentConstraintsFactory();
        trained = f.create(LatentConstraintsPluginTest.tiny(DistanceScale.STANDARDISED), new ModelContext(data.spec(),
                LossWeights.of(LatentConstraintsPluginTest.weights(), f.lossWeights()), UpdaterConfig.adam(3e-3), 5,
                DataType.FLOAT));
        LatentConstraintsModelTest.train(trained, data, 2, null);
    }

    @Test
    void theModelConditionsOnTheAttributeVectors() {
        assertThat(trained.labelVectors().oneHot()).isFalse();
        assertThat(trained.labelVectors().names()).isEqualTo(PixelAttributes.NAMES);
        assertThat(trained.statistics().attributes()).hasDimensions(64, 3);
        assertThat(trained.classConditional(LatentConstraintsModel.ATTRIBUTE)).isFalse();
        assertThatThrownBy(() -> trained.transform(LatentConstraintsModel.ATTRIBUTE,
                org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT, 1, 3), new int[] {0}))
                .hasMessageContaining("attribute vectors");
    }

    @Test
    void theMetricGivesRatesDistancesAndBaselinesReproduciblyWithALabelledPicture(@TempDir Path dir)
            throws Exception {
        AttributeEdits metric = new AttributeEdits(12, 6, TINY_CLASSIFIER);
        Map<String, Double> a = metric.compute(new EvalContext(trained, data, Split.TEST, 10, 5, dir));
        Map<String, Double> b = metric.compute(new EvalContext(trained, data, Split.TEST, 10, 5));
        assertThat(a).isEqualTo(b);
        for (String rate : List.of("sampleAttributeAccuracy", "priorAttributeAccuracy", "editSuccess",
                "editSuccess_bold", "sourceSuccess", "reconstructionSuccess")) {
            assertThat(a.get(rate)).as(rate).isBetween(0.0, 1.0);
        }
        assertThat(a).containsKeys("sampleAttributeAccuracy_bold", "sampleAttributeAccuracy_slanted",
                "sampleAttributeAccuracy_wide", "editSuccess_slanted", "editSuccess_wide", "editMove");
        assertThat(a.get("editDistance")).isPositive();
        assertThat(a.get("reconstructionDistance")).isPositive();
        assertThat(a.get("randomRows")).isBetween(1.0, 12.0);
        // another image, so a positive distance; its true attributes are the target, so the
        // classifier's verdict on it is what a perfect edit of the attributes could get
        assertThat(a.get("randomDistance")).isPositive();
        assertThat(a.get("randomSuccess")).isBetween(0.0, 1.0);
        java.awt.image.BufferedImage png = ImageIO.read(dir.resolve(AttributeEdits.PICTURE).toFile());
        // four columns of 8 x 8 images drawn at least twice their size, and a caption margin
        assertThat(png.getWidth()).isGreaterThan(4 * 17);
        assertThat(png.getHeight()).isGreaterThan(6 * 17);
    }

    @Test
    void theCeilingIsTheClassifiersAccuracyOnSourcesAndReconstructions() {
        Map<String, Double> a = new AttributeEdits(12, 0, TINY_CLASSIFIER)
                .compute(new EvalContext(trained, data, Split.TEST, 10, 5));
        for (String what : List.of("sourceKept", "reconstructionKept")) {
            assertThat(a.get(what)).as(what).isBetween(0.0, 1.0);
            // every attribute right implies each one right: the joint rate is at most each attribute's
            for (String name : PixelAttributes.NAMES) {
                assertThat(a.get(what)).as(what + "_" + name).isLessThanOrEqualTo(a.get(what + "_" + name));
            }
        }
        // a source asked for its own attributes with one flipped is never read as all asked when it
        // is read as all its own: the two rates cannot sum above 1
        assertThat(a.get("sourceKept") + a.get("sourceSuccess")).isLessThanOrEqualTo(1.0);
    }

    @Test
    void strengthScalesTheLatentMoveAndOneIsTheActorsOwnEdit() {
        EvalContext ctx = new EvalContext(trained, data, Split.TEST, 10, 5);
        Map<String, Double> plain = new AttributeEdits(12, 0, TINY_CLASSIFIER).compute(ctx);
        Map<String, Double> one = new AttributeEdits(12, 0, TINY_CLASSIFIER, 1.0)
                .compute(new EvalContext(trained, data, Split.TEST, 10, 5));
        Map<String, Double> twice = new AttributeEdits(12, 0, TINY_CLASSIFIER, 2.0)
                .compute(new EvalContext(trained, data, Split.TEST, 10, 5));
        assertThat(one).isEqualTo(plain);
        // the move |z' - z| / sigma_bar is linear in the factor
        assertThat(twice.get("editMove")).isCloseTo(2 * plain.get("editMove"), within(1e-4 * plain.get("editMove")));
        assertThat(twice.get("editDistance")).isNotEqualTo(plain.get("editDistance"));
        // the baselines do not depend on the edit
        assertThat(twice.get("randomSuccess")).isEqualTo(plain.get("randomSuccess"));
        assertThat(twice.get("reconstructionKept")).isEqualTo(plain.get("reconstructionKept"));
        assertThatThrownBy(() -> new AttributeEdits(12, 0, TINY_CLASSIFIER, 0.0))
                .hasMessageContaining("attributeEdits.strength must be > 0, got 0.0");
    }

    @Test
    void theL2DistanceIsEuclidean() {
        assertThat(AttributeEdits.l2(new float[] {0, 0, 1}, new float[] {3, 4, 1})).isCloseTo(5.0, within(1e-9));
    }

    @Test
    void classMetricsRefuseAttributeModelsAndAttributeEditsRefusesClassModels() {
        assertThatThrownBy(() -> new LatentConstraintsMetrics.AttributeAccuracy(2, TINY_CLASSIFIER)
                        .compute(new EvalContext(trained, data, Split.TEST, 10, 5)))
                .hasMessageContaining("attributeEdits");
        DataSource classes = LatentConstraintsModelTest.data();
        LatentConstraintsModel m = LatentConstraintsModelTest.build(classes, 5);
        assertThatThrownBy(() -> new AttributeEdits(2, 0, TINY_CLASSIFIER)
                        .compute(new EvalContext(m, classes, Split.TEST, 10, 5)))
                .hasMessageContaining("data.task: {type: attributes}");
    }
}
