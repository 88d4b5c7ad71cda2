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
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Outputs of repeated {@code sd.output} calls read back per element through every Java-side path
 * the metrics use ({@code castTo(DOUBLE).toDoubleMatrix()}, {@code toDoubleMatrix()}, {@code
 * getDouble(i, j)}), against a double-precision reference computed in Java. SameDiff's own
 * session memory hands out, from the second call on, Dense outputs flagged 'f' with 'c' strides,
 * which the bulk readers copied scrambled (see {@link Graphs}).
 */
class DenseOutputLayoutTest {
    private static final int BATCH = 3;
    private static final int IN = 4;
    private static final int OUT = 5;

    @Test
    void twoDenseLayersOnOneInputReadBackPerElementOnEveryCall() {
        SameDiff sd = Graphs.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, IN);
        Rng rng = new Rng(7);
        Dense first = new Dense(sd, "first", IN, OUT, DataType.FLOAT, rng);
        Dense second = new Dense(sd, "second", IN, OUT, DataType.FLOAT, rng);
        // Non-zero biases, so that a row mix-up cannot hide behind a symmetric layout.
        first.bias().getArr().assign(Nd4j.linspace(DataType.FLOAT, 1, OUT, 1));
        second.bias().getArr().assign(Nd4j.linspace(DataType.FLOAT, -2, OUT, 1));
        first.apply(sd, x).rename("first_out");
        // The second layer's output is an intermediate: released after exp reads it, its array is
        // the one SameDiff hands out again for the first layer's output on the next call.
        sd.math().exp(second.apply(sd, x)).rename("second_out");

        for (int call = 0; call < 4; call++) {
            double[][] in = new double[BATCH][IN];
            for (int i = 0; i < BATCH; i++) {
                for (int k = 0; k < IN; k++) {
                    in[i][k] = 0.5 * (i + 1) + 0.25 * k - 0.3 * call;
                }
            }
            Map<String, INDArray> out = sd.output(Map.of("x", Nd4j.create(in).castTo(DataType.FLOAT)),
                    "first_out", "second_out");
            for (var layer : List.of(Map.entry("first_out", first), Map.entry("second_out", second))) {
                INDArray a = out.get(layer.getKey());
                double[][] ref = reference(in, layer.getValue(), layer.getKey().equals("second_out"));
                double[][] viaDouble = a.castTo(DataType.DOUBLE).toDoubleMatrix();
                double[][] direct = a.toDoubleMatrix();
                for (int i = 0; i < BATCH; i++) {
                    for (int j = 0; j < OUT; j++) {
                        String where = layer.getKey() + " call " + call + " [" + i + "," + j + "]";
                        assertThat(a.getDouble(i, j)).as(where + " getDouble").isCloseTo(ref[i][j], within(1e-4));
                        assertThat(viaDouble[i][j]).as(where + " castTo(DOUBLE).toDoubleMatrix")
                                .isCloseTo(ref[i][j], within(1e-4));
                        assertThat(direct[i][j]).as(where + " toDoubleMatrix").isCloseTo(ref[i][j], within(1e-4));
                    }
                }
            }
        }
    }

    /** {@code in W + b} (or its exp) in double from the layer's own weights. */
    private static double[][] reference(double[][] in, Dense layer, boolean exp) {
        double[][] w = layer.weight().getArr().castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] b = layer.bias().getArr().castTo(DataType.DOUBLE).toDoubleVector();
        double[][] r = new double[in.length][b.length];
        for (int i = 0; i < in.length; i++) {
            for (int j = 0; j < b.length; j++) {
                double s = b[j];
                for (int k = 0; k < in[i].length; k++) {
                    s += in[i][k] * w[k][j];
                }
                r[i][j] = exp ? Math.exp(s) : s;
            }
        }
        return r;
    }
}
