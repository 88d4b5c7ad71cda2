package org.cgm4j.api.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.cgm4j.api.rng.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** {@link GaussianHead}'s log-variance is the network's raw output inside the bound and bounded beyond it. */
class GaussianHeadTest {
    @Test
    void logVarianceIsRawInsideTheBoundAndLogarithmicBeyondIt() {
        SameDiff sd = Graphs.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3);
        // Identity activations and zero biases: the raw log-variance is linear in x, so scaling the
        // input by 1e5 scales it by 1e5, far beyond the bound.
        GaussianHead head = new GaussianHead(sd, "q", 3, List.of(8), 2, Activation.IDENTITY, DataType.FLOAT,
                new Rng(3));
        head.apply(sd, x).logVar().rename("lv");
        double[][] in = {{0.1, -0.2, 0.3}, {-0.4, 0.5, 0.05}};
        double[][] small = sd.output(Map.of("x", Nd4j.create(in).castTo(DataType.FLOAT)), "lv").get("lv")
                .castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] scaled = new double[in.length][];
        for (int i = 0; i < in.length; i++) {
            scaled[i] = new double[in[i].length];
            for (int k = 0; k < in[i].length; k++) {
                scaled[i][k] = in[i][k] * 1e5;
            }
        }
        double[][] large = sd.output(Map.of("x", Nd4j.create(scaled).castTo(DataType.FLOAT)), "lv").get("lv")
                .castTo(DataType.DOUBLE).toDoubleMatrix();
        double bound = DiagonalGaussian.LOG_VAR_BOUND;
        for (int i = 0; i < in.length; i++) {
            for (int j = 0; j < small[i].length; j++) {
                assertThat(Math.abs(small[i][j])).as("raw log-variance inside the bound").isLessThan(bound);
                double raw = small[i][j] * 1e5;
                assertThat(Math.abs(raw)).as("scaled raw log-variance beyond the bound").isGreaterThan(10 * bound);
                double expected = Math.signum(raw) * (bound + Math.log1p(Math.abs(raw) - bound));
                assertThat(large[i][j]).as("[%d,%d] for raw %.1f", i, j, raw).isCloseTo(expected, within(1e-3));
            }
        }
    }
}
