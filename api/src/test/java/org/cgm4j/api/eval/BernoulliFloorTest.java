package org.cgm4j.api.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.LabeledImages;
import org.cgm4j.api.data.QuadrantsTask;
import org.cgm4j.api.data.Split;
import org.cgm4j.api.data.UnconditionalTask;
import org.cgm4j.api.model.ConditionalGenerativeModel;
import org.cgm4j.api.model.ModelConfig;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.objective.TrainingSchedule;
import org.cgm4j.api.rng.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Bernoulli floor in closed form: binary pictures have floor 0, and a picture with grey
 * levels v / 255 has floor sum H_b(v / 255); no Bernoulli probability scores a grey pixel below
 * its entropy.
 */
class BernoulliFloorTest {
    /** The model is only asked for its data type. */
    private static final class Typed implements ConditionalGenerativeModel {
        private final DataType type;

        Typed(DataType type) {
            this.type = type;
        }

        @Override
        public String type() {
            return "typed";
        }

        @Override
        public ModelConfig config() {
            return null;
        }

        @Override
        public ModelContext context() {
            return null;
        }

        @Override
        public SameDiff graph() {
            return SameDiff.create();
        }

        @Override
        public TrainingSchedule schedule() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, INDArray> feed(Batch batch, Rng rng, boolean training) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DataType dataType() {
            return type;
        }
    }

    private static double hb(double y) {
        return -y * Math.log(y) - (1 - y) * Math.log(1 - y);
    }

    /** Three 2 x 2 test images: binary; two pixels at 51 (0.2) and two at 0; all four at 153 (0.6). */
    private static DataSource data(org.cgm4j.api.data.TaskConfig task) {
        byte[] pixels = {0, (byte) 255, (byte) 255, 0, 51, 0, 51, 0, (byte) 153, (byte) 153, (byte) 153, (byte) 153};
        LabeledImages img = new LabeledImages(3, 2, 2, pixels, new byte[3]);
        return DataSource.of("grey", img, img, task);
    }

    @Test
    void theFloorIsTheMeanOfThePixelsBinaryEntropies() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            EvalContext ctx = new EvalContext(new Typed(type), data(new UnconditionalTask()), Split.TEST, 2, 1);
            Map<String, Double> m = new BernoulliFloor().compute(ctx);
            double[] perImage = {0, 2 * hb(0.2), 4 * hb(0.6)};
            double mean = (perImage[0] + perImage[1] + perImage[2]) / 3;
            assertThat(m.get("bernoulliFloor")).as("%s", type).isCloseTo(mean, within(1e-6));
            double var = 0;
            for (double v : perImage) {
                var += (v - mean) * (v - mean) / 2;
            }
            assertThat(m.get("bernoulliFloor_se")).isCloseTo(Math.sqrt(var / 3), within(1e-6));
        }
        assertThat(BernoulliFloor.binaryEntropy(0)).isZero();
        assertThat(BernoulliFloor.binaryEntropy(1)).isZero();
        assertThat(BernoulliFloor.binaryEntropy(0.5)).isCloseTo(Math.log(2), within(1e-15));
        // Gibbs: the cross-entropy of a grey pixel under any p is at least its entropy, equal at p = y
        for (double p = 0.05; p < 1; p += 0.05) {
            double ce = -(0.2 * Math.log(p) + 0.8 * Math.log(1 - p));
            assertThat(ce).isGreaterThanOrEqualTo(BernoulliFloor.binaryEntropy(0.2) - 1e-15);
        }
    }

    @Test
    void aConditionalTasksTargetIsTheWholeImage() {
        // the quadrants task's x marks hidden pixels with -1; its y is the image, in [0, 1]
        EvalContext quadrants = new EvalContext(new Typed(DataType.DOUBLE), data(new QuadrantsTask(1)), Split.TEST, 2,
                1);
        EvalContext whole = new EvalContext(new Typed(DataType.DOUBLE), data(new UnconditionalTask()), Split.TEST, 2, 1);
        assertThat(new BernoulliFloor().compute(quadrants)).isEqualTo(new BernoulliFloor().compute(whole));
    }
}
