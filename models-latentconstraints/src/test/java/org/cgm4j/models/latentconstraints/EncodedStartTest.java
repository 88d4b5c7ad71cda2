package org.cgm4j.models.latentconstraints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.cgm4j.api.rng.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@code model.encodedFraction}: rows of the actors' batch that start from real codes, as an edit does. */
class EncodedStartTest {
    private static final int N = 40;
    private static final int D = 5;

    private static double[][] labels(Rng rng, LabelVectors lv) {
        double[][] out = new double[N][];
        for (int i = 0; i < N; i++) {
            out[i] = lv.random(rng);
        }
        return out;
    }

    @Test
    void everyRowStartsFromItsRealCodeAskedToFlipExactlyOneAttribute() {
        LabelVectors lv = LabelVectors.attributes(List.of("bold", "slanted", "wide"));
        Rng rng = new Rng(3);
        INDArray prior = Nd4j.rand(DataType.DOUBLE, N, D);
        INDArray real = Nd4j.rand(DataType.DOUBLE, N, D).addi(5);
        double[] raw = new double[N];
        Arrays.fill(raw, 1);
        double[][] labels = labels(rng, lv);
        double[][] target = labels(rng, lv);
        double[][] asked = labels.clone();

        LatentConstraintsModel.startFromRealCodes(prior, real, raw, labels, target, asked, lv, 1.0, rng);

        assertThat(prior).isEqualTo(real);
        assertThat(raw).containsOnly(0.0);
        for (int i = 0; i < N; i++) {
            int differ = 0;
            for (int j = 0; j < 3; j++) {
                differ += labels[i][j] != target[i][j] ? 1 : 0;
            }
            assertThat(differ).as("row %d", i).isEqualTo(1);
            assertThat(asked[i]).as("row %d asks for its target", i).isEqualTo(target[i]);
        }
    }

    @Test
    void aClassIsAskedToBecomeAnotherClassAndAFractionChangesOnlySomeRows() {
        LabelVectors lv = LabelVectors.classes(4);
        Rng rng = new Rng(5);
        INDArray prior = Nd4j.zeros(DataType.DOUBLE, N, D);
        INDArray real = Nd4j.ones(DataType.DOUBLE, N, D);
        double[] raw = new double[N];
        Arrays.fill(raw, 1);
        double[][] labels = labels(rng, lv);
        double[][] target = new double[N][];
        for (int i = 0; i < N; i++) {
            target[i] = labels[i].clone();
        }

        double[][] asked = labels.clone();
        LatentConstraintsModel.startFromRealCodes(prior, real, raw, labels, target, asked, lv, 0.5, rng);

        int started = 0;
        for (int i = 0; i < N; i++) {
            boolean fromReal = prior.getRow(i).sumNumber().doubleValue() == D;
            assertThat(raw[i]).isEqualTo(fromReal ? 0.0 : 1.0);
            assertThat(Arrays.equals(target[i], labels[i])).isEqualTo(!fromReal);
            assertThat(asked[i]).isEqualTo(fromReal ? target[i] : labels[i]);
            started += fromReal ? 1 : 0;
        }
        assertThat(started).isBetween(8, 32);
    }

    @Test
    void theFractionMustBeAProbability() {
        assertThatThrownBy(() -> withFraction(1.5)).hasMessageContaining("model.encodedFraction must be in [0, 1]");
        assertThat(withFraction(null).encoded()).isZero();
        assertThat(withFraction(0.25).encoded()).isEqualTo(0.25);
    }

    private static LatentConstraintsConfig withFraction(Double f) {
        LatentConstraintsConfig c = LatentConstraintsPluginTest.tiny(DistanceScale.STANDARDISED);
        return new LatentConstraintsConfig(c.vaeEpochs(), c.vae(), c.pairs(), c.actor(), c.critic(), c.activation(),
                c.labelEmbedding(), c.criticSteps(), c.rawPriorFraction(), c.gateBias(), c.distanceScale(), f);
    }
}
