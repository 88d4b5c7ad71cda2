package org.cgm4j.api.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.cgm4j.api.testing.GradientCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ReductionsTest {
    private static final DataType D = DataType.DOUBLE;

    private static INDArray matrix(int rows, double... v) {
        return Nd4j.create(v, new long[] {rows, v.length / rows}, D);
    }

    private static INDArray logMeanExp(INDArray x) {
        SameDiff sd = SameDiff.create();
        return Reductions.logMeanExp(sd, sd.constant(x), (int) x.size(0)).eval();
    }

    @Test
    void sameDiffFailsOnAReductionOverAnAxisOfLengthOne() {
        // The reason Reductions exists: if this starts passing, ND4J has fixed it.
        SameDiff sd = SameDiff.create();
        SDVariable v = sd.constant(Nd4j.create(new double[] {1, 2, 3}, new long[] {3}, D));
        SDVariable s = sd.reshape(v, 1, -1).sum(0);
        assertThatThrownBy(s::eval).isInstanceOf(NullPointerException.class);
    }

    @Test
    void sumAndMeanOverAnAxisOfLengthOneAreTheElementsThemselves() {
        SameDiff sd = SameDiff.create();
        SDVariable row = sd.constant(matrix(1, 1, 2, 3));
        SDVariable col = sd.constant(matrix(3, 4, 5, 6));
        assertThat(Reductions.sum(sd, row, 0, 1).eval().toDoubleVector()).containsExactly(1, 2, 3);
        assertThat(Reductions.mean(sd, row, 0, 1).eval().toDoubleVector()).containsExactly(1, 2, 3);
        assertThat(Reductions.sum(sd, col, 1, 1).eval().toDoubleVector()).containsExactly(4, 5, 6);
        assertThat(Reductions.sum(sd, sd.constant(matrix(2, 1, 2, 3, 4)), 0, 2).eval().toDoubleVector())
                .containsExactly(4, 6);
    }

    @Test
    void logMeanExpAtOneSampleIsTheInput() {
        assertThat(logMeanExp(matrix(1, -3.5, 0.25, 700)).toDoubleVector()).containsExactly(-3.5, 0.25, 700);
    }

    @Test
    void logMeanExpMatchesClosedForms() {
        // columns: log of (1 + 3) / 2 = log 2; equal entries a give a; log((e^0 + e^1 + e^2) / 3).
        double[] got = logMeanExp(matrix(3, 0, 5, 0, Math.log(3), 5, 1, Math.log(2), 5, 2)).toDoubleVector();
        assertThat(got[0]).isCloseTo(Math.log((1 + 3 + 2) / 3.0), within(1e-12));
        assertThat(got[1]).isCloseTo(5, within(1e-12));
        assertThat(got[2]).isCloseTo(Math.log((1 + Math.E + Math.E * Math.E) / 3), within(1e-12));
    }

    @Test
    void logMeanExpNeitherOverflowsNorUnderflows() {
        double[] got = logMeanExp(matrix(2, 1000, -1000, 1000 + Math.log(3), -1000 + Math.log(3))).toDoubleVector();
        assertThat(got[0]).isCloseTo(1000 + Math.log(2), within(1e-9));
        assertThat(got[1]).isCloseTo(-1000 + Math.log(2), within(1e-9));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5})
    void logMeanExpHasFiniteDifferenceGradients(int k) {
        SameDiff sd = SameDiff.create();
        INDArray init = Nd4j.rand(D, k, 4).muli(6).subi(3);
        SDVariable x = sd.var("x", init);
        SDVariable lme = Reductions.logMeanExp(sd, x, k);
        sd.identity("loss", lme.mul(sd.constant(Nd4j.create(new double[] {1, -2, 0.5, 3}, new long[] {4}, D))).sum());
        GradientCheck.Result r = GradientCheck.check(sd, Map.of(), "loss", List.of("x"), 3);
        assertThat(r.worstRelativeError()).as(r.worstVariable()).isLessThan(1e-7);
        // and the analytic gradient is the softmax over k, weighted
        Map<String, INDArray> g = sd.calculateGradients(Map.of(), "x");
        double[] col0 = g.get("x").getColumn(0).toDoubleVector();
        double norm = 0;
        for (int i = 0; i < k; i++) {
            norm += Math.exp(init.getDouble(i, 0));
        }
        for (int i = 0; i < k; i++) {
            assertThat(col0[i]).isCloseTo(Math.exp(init.getDouble(i, 0)) / norm, within(1e-12));
        }
    }
}
