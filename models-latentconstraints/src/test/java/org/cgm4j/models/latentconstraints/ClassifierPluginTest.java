package org.cgm4j.models.latentconstraints;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.ImageShape;
import org.cgm4j.api.data.UnconditionalTask;
import org.cgm4j.api.data.Split;
import org.cgm4j.api.eval.EvalContext;
import org.cgm4j.api.model.ModelWeights;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.nn.NetworkSpec;
import org.cgm4j.api.rng.Rng;
import org.cgm4j.api.testing.ModelPluginContract;
import org.cgm4j.api.testing.SyntheticImages;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The evaluation classifier: the plugin contract (its softmax cross-entropy is gradient-checked),
 * MLP and convolutional; learning, shifts.
 */
class ClassifierPluginTest extends ModelPluginContract {

    @Override
    protected List<Case> configurations() {
        return List.of(Case.of("classifier", ClassifierFactory.TYPE, new ClassifierConfig(List.of(8), Activation.TANH, 1), Map.of(ClassifierModel.CLASSIFICATION, 1.0)),
                Case.of("convClassifier", ClassifierFactory.TYPE, new ClassifierConfig(List.of(8), Activation.TANH, 1,
                        NetworkSpec.conv(List.of(3, 4), 3, 2, 1)), Map.of(ClassifierModel.CLASSIFICATION, 1.0)));
    }

    @Test
    void theTrainedEvaluationClassifierSeparatesTheSyntheticClasses() {
        DataSource data = SyntheticImages.source(128, 64, 8);
        EvaluationClassifier settings = new EvaluationClassifier(List.of(16), 20, 1e-2, 0);
        ClassifierModel c = settings.trained(data, 1);
        assertThat(settings.trained(data, 1)).as("kept per data source, settings and seed").isSameAs(c);
        assertThat(c.accuracy(data, Split.TEST, 50)).isGreaterThan(0.95);
        // The metric scores the model itself when it is a classifier.
        double own = new LatentConstraintsMetrics.ClassifierAccuracy(null)
                .compute(new EvalContext(c, data, Split.TEST, 50, 1)).get("classifierAccuracy");
        assertThat(own).isEqualTo(c.accuracy(data, Split.TEST, 50));
    }

    @Test
    void theEvaluationClassifierSeparatesColourClassesOfThreeChannelImages() {
        DataSource data = SyntheticImages.rgbSource(128, 64, 8, new UnconditionalTask());
        assertThat(data.spec().shape()).isEqualTo(new ImageShape(3, 8, 8));
        EvaluationClassifier settings = new EvaluationClassifier(List.of(16), 20, 1e-2, 1);
        ClassifierModel c = settings.trained(data, 1);
        assertThat(c.accuracy(data, Split.TEST, 50)).isGreaterThan(0.95);
    }

    @Test
    void aConvolutionalEvaluationClassifierSeparatesTheSyntheticClasses() {
        DataSource data = SyntheticImages.source(128, 64, 8);
        EvaluationClassifier settings = new EvaluationClassifier(List.of(16), 20, 1e-2, 0,
                NetworkSpec.conv(List.of(4), 3, 2, 1));
        ClassifierModel c = settings.trained(data, 1);
        assertThat(ModelWeights.of(c.graph()).get("classifier/conv0/W").shape()).containsExactly(3, 3, 1, 4);
        // 8 x 8 -> 4 x 4 x 4, then the MLP
        assertThat(ModelWeights.of(c.graph()).get("classifier/dense0/W").shape()).containsExactly(64, 16);
        assertThat(settings.trained(data, 1)).isSameAs(c);
        assertThat(new EvaluationClassifier(List.of(16), 20, 1e-2, 0).trained(data, 1)).isNotSameAs(c);
        assertThat(c.accuracy(data, Split.TEST, 50)).isGreaterThan(0.95);
    }

    @Test
    void aShiftMovesEveryChannelOfAnImageTogether() {
        ImageShape shape = new ImageShape(3, 5, 6);
        float[] img = new float[shape.size()];
        for (int ch = 0; ch < 3; ch++) {
            img[shape.index(ch, 2, 3)] = ch + 1; // one marked pixel, a different value per channel
        }
        INDArray shifted = ClassifierModel.shift(Nd4j.create(new float[][] {img, img, img, img, img, img}), shape, 1,
                new Rng(5));
        for (int i = 0; i < 6; i++) {
            float[] row = shifted.getRow(i).toFloatVector();
            int[] at = new int[3];
            for (int p = 0; p < row.length; p++) {
                if (row[p] != 0f) {
                    at[(int) row[p] - 1] = p;
                    assertThat(p / shape.plane()).as("value %s stays in its channel", row[p]).isEqualTo((int) row[p] - 1);
                }
            }
            assertThat(at[1] - at[0]).isEqualTo(shape.plane());
            assertThat(at[2] - at[1]).isEqualTo(shape.plane());
            assertThat(shifted.getRow(i).sumNumber().doubleValue()).isEqualTo(6.0);
        }
    }

    @Test
    void shiftsMoveImagesByWholePixelsWithZeroFill() {
        // One bright pixel at (row 2, col 3) of a 5 x 6 image.
        float[] img = new float[30];
        img[2 * 6 + 3] = 1f;
        INDArray images = Nd4j.create(new float[][] {img, img, img, img, img, img, img, img});
        INDArray shifted = ClassifierModel.shift(images, 5, 6, 1, new Rng(3));
        for (int i = 0; i < 8; i++) {
            float[] row = shifted.getRow(i).toFloatVector();
            int at = -1;
            for (int p = 0; p < row.length; p++) {
                if (row[p] == 1f) {
                    at = p;
                }
            }
            assertThat(at).isNotNegative();
            assertThat(Math.abs(at / 6 - 2)).isLessThanOrEqualTo(1);
            assertThat(Math.abs(at % 6 - 3)).isLessThanOrEqualTo(1);
            assertThat(shifted.getRow(i).sumNumber().doubleValue()).isEqualTo(1.0);
        }
        assertThat(ClassifierModel.shift(images, 5, 6, 0, new Rng(3))).isEqualTo(images);
        assertThat(shifted.dataType()).isEqualTo(DataType.FLOAT);
    }
}
