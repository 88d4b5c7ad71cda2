package org.cgm4j.api.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.cgm4j.api.rng.Rng;
import org.cgm4j.api.testing.GradientCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link Conv2d}, {@link TransposedConv2d} and {@link SubpixelConv2d} in double precision: their
 * outputs equal a direct sum over the stated weight layouts, and the gradients of a nonlinear loss
 * of their outputs with respect to input, weights and bias equal central finite differences, for
 * stride 1 and 2, with and without padding, on non-square images (so rows and columns cannot be
 * swapped unnoticed). A sub-pixel convolution given the weights of a transposed convolution of the
 * same geometry computes exactly what that one computes.
 */
class ConvolutionGradientTest {
    private static final int BATCH = 2;
    private static final int IN_C = 2;
    private static final int OUT_C = 3;
    private static final int H = 6;
    private static final int W = 5;

    @ParameterizedTest(name = "k={0} s={1} p={2}")
    @CsvSource({"3, 1, 1", "3, 1, 0", "4, 2, 1", "3, 2, 0", "2, 2, 0"})
    void convolutionMatchesDirectSumAndFiniteDifferences(int k, int s, int p) {
        SameDiff sd = Graphs.create();
        INDArray x0 = new Rng(1).gaussian(DataType.DOUBLE, BATCH * IN_C * H * W, 1).reshape(BATCH, IN_C, H, W);
        SDVariable x = sd.var("x", x0.dup());
        Conv2d conv = new Conv2d(sd, "conv", IN_C, OUT_C, k, s, p, DataType.DOUBLE, new Rng(2));
        // Non-zero bias, so the check sees its gradient move the loss
        sd.getArrForVarName("conv/b").assign(new Rng(3).gaussian(DataType.DOUBLE, 1, OUT_C).reshape(OUT_C));
        SDVariable out = conv.apply(sd, x);
        int oh = conv.outputSize(H);
        int ow = conv.outputSize(W);

        INDArray got = sd.output(Map.<String, INDArray>of(), out.name()).get(out.name());
        assertThat(got.shape()).containsExactly(BATCH, OUT_C, oh, ow);
        INDArray w = sd.getArrForVarName("conv/W");
        INDArray b = sd.getArrForVarName("conv/b");
        for (int n = 0; n < BATCH; n++) {
            for (int o = 0; o < OUT_C; o++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double sum = b.getDouble(o);
                        for (int c = 0; c < IN_C; c++) {
                            for (int u = 0; u < k; u++) {
                                for (int v = 0; v < k; v++) {
                                    int r = i * s - p + u;
                                    int q = j * s - p + v;
                                    if (r >= 0 && r < H && q >= 0 && q < W) {
                                        sum += w.getDouble(u, v, c, o) * x0.getDouble(n, c, r, q);
                                    }
                                }
                            }
                        }
                        assertThat(got.getDouble(n, o, i, j)).as("out[%d,%d,%d,%d]", n, o, i, j)
                                .isCloseTo(sum, within(1e-12));
                    }
                }
            }
        }
        checkGradients(sd, out, List.of("x", "conv/W", "conv/b"));
    }

    @ParameterizedTest(name = "k={0} s={1} p={2}")
    @CsvSource({"3, 1, 1", "3, 1, 0", "4, 2, 1", "3, 2, 0", "2, 2, 0"})
    void transposedConvolutionMatchesDirectSumAndFiniteDifferences(int k, int s, int p) {
        SameDiff sd = Graphs.create();
        INDArray x0 = new Rng(4).gaussian(DataType.DOUBLE, BATCH * IN_C * H * W, 1).reshape(BATCH, IN_C, H, W);
        SDVariable x = sd.var("x", x0.dup());
        TransposedConv2d deconv = new TransposedConv2d(sd, "deconv", IN_C, OUT_C, k, s, p, DataType.DOUBLE,
                new Rng(5));
        sd.getArrForVarName("deconv/b").assign(new Rng(6).gaussian(DataType.DOUBLE, 1, OUT_C).reshape(OUT_C));
        SDVariable out = deconv.apply(sd, x);
        int oh = deconv.outputSize(H);
        int ow = deconv.outputSize(W);

        INDArray got = sd.output(Map.<String, INDArray>of(), out.name()).get(out.name());
        assertThat(got.shape()).containsExactly(BATCH, OUT_C, oh, ow);
        // The transposed convolution scatters each input pixel (i, j) through the kernel to
        // output (i s - p + u, j s - p + v).
        double[][][][] expected = new double[BATCH][OUT_C][oh][ow];
        INDArray w = sd.getArrForVarName("deconv/W");
        INDArray b = sd.getArrForVarName("deconv/b");
        for (int n = 0; n < BATCH; n++) {
            for (int o = 0; o < OUT_C; o++) {
                for (int r = 0; r < oh; r++) {
                    for (int q = 0; q < ow; q++) {
                        expected[n][o][r][q] = b.getDouble(o);
                    }
                }
                for (int c = 0; c < IN_C; c++) {
                    for (int i = 0; i < H; i++) {
                        for (int j = 0; j < W; j++) {
                            for (int u = 0; u < k; u++) {
                                for (int v = 0; v < k; v++) {
                                    int r = i * s - p + u;
                                    int q = j * s - p + v;
                                    if (r >= 0 && r < oh && q >= 0 && q < ow) {
                                        expected[n][o][r][q] += w.getDouble(u, v, o, c) * x0.getDouble(n, c, i, j);
                                    }
                                }
                            }
                        }
                    }
                }
                for (int r = 0; r < oh; r++) {
                    for (int q = 0; q < ow; q++) {
                        assertThat(got.getDouble(n, o, r, q)).as("out[%d,%d,%d,%d]", n, o, r, q)
                                .isCloseTo(expected[n][o][r][q], within(1e-12));
                    }
                }
            }
        }
        checkGradients(sd, out, List.of("x", "deconv/W", "deconv/b"));
    }

    @ParameterizedTest(name = "k={0} s={1} p={2}")
    @CsvSource({"4, 2, 1", "2, 2, 0", "3, 1, 1", "6, 2, 2", "5, 3, 1"})
    void subpixelConvolutionMatchesDirectSumAndFiniteDifferences(int k, int s, int p) {
        SameDiff sd = Graphs.create();
        INDArray x0 = new Rng(8).gaussian(DataType.DOUBLE, BATCH * IN_C * H * W, 1).reshape(BATCH, IN_C, H, W);
        SDVariable x = sd.var("x", x0.dup());
        SubpixelConv2d up = new SubpixelConv2d(sd, "up", IN_C, OUT_C, k, s, p, DataType.DOUBLE, new Rng(9));
        int blocks = OUT_C * s * s;
        sd.getArrForVarName("up/b").assign(new Rng(10).gaussian(DataType.DOUBLE, 1, blocks).reshape(blocks));
        SDVariable out = up.apply(sd, x);
        int kc = up.convolutionKernel();
        int h = (kc - 1) / 2;
        assertThat(kc).isEqualTo(2 * SubpixelConv2d.halfWidth(k, s, p) + 1);
        assertThat(up.outputSize(H)).isEqualTo(TransposedConv2d.outputSize(H, k, s, p));

        INDArray got = sd.output(Map.<String, INDArray>of(), out.name()).get(out.name());
        assertThat(got.shape()).containsExactly(BATCH, OUT_C, s * H, s * W);
        // Output pixel (s m + a, s l + b) of channel o is channel (a s + b) C + o of a stride-1
        // convolution with padding h at (m, l).
        INDArray w = sd.getArrForVarName("up/W");
        INDArray b = sd.getArrForVarName("up/b");
        assertThat(w.shape()).containsExactly(kc, kc, IN_C, blocks);
        for (int n = 0; n < BATCH; n++) {
            for (int o = 0; o < OUT_C; o++) {
                for (int r = 0; r < s * H; r++) {
                    for (int q = 0; q < s * W; q++) {
                        int m = r / s;
                        int l = q / s;
                        int ch = ((r % s) * s + q % s) * OUT_C + o;
                        double sum = b.getDouble(ch);
                        for (int c = 0; c < IN_C; c++) {
                            for (int u = 0; u < kc; u++) {
                                for (int v = 0; v < kc; v++) {
                                    int i = m - h + u;
                                    int j = l - h + v;
                                    if (i >= 0 && i < H && j >= 0 && j < W) {
                                        sum += w.getDouble(u, v, c, ch) * x0.getDouble(n, c, i, j);
                                    }
                                }
                            }
                        }
                        assertThat(got.getDouble(n, o, r, q)).as("out[%d,%d,%d,%d]", n, o, r, q)
                                .isCloseTo(sum, within(1e-12));
                    }
                }
            }
        }
        checkGradients(sd, out, List.of("x", "up/W", "up/b"));
    }

    @ParameterizedTest(name = "k={0} s={1} p={2}")
    @CsvSource({"4, 2, 1", "2, 2, 0", "3, 1, 1", "6, 2, 2", "5, 3, 1"})
    void subpixelConvolutionComputesAnyTransposedConvolutionOfItsGeometry(int k, int s, int p) {
        SameDiff sd = Graphs.create();
        INDArray x0 = new Rng(12).gaussian(DataType.DOUBLE, BATCH * IN_C * H * W, 1).reshape(BATCH, IN_C, H, W);
        SDVariable x = sd.var("x", x0.dup());
        TransposedConv2d deconv = new TransposedConv2d(sd, "deconv", IN_C, OUT_C, k, s, p, DataType.DOUBLE,
                new Rng(13));
        SubpixelConv2d up = new SubpixelConv2d(sd, "up", IN_C, OUT_C, k, s, p, DataType.DOUBLE, new Rng(14));
        INDArray bt = new Rng(15).gaussian(DataType.DOUBLE, 1, OUT_C).reshape(OUT_C);
        sd.getArrForVarName("deconv/b").assign(bt);
        // The transposed convolution's output s m + a reads input m + d through kernel index
        // a + p - d s: copy each such weight to the sub-pixel kernel's offset d, zero elsewhere.
        INDArray wt = sd.getArrForVarName("deconv/W");
        INDArray ws = sd.getArrForVarName("up/W");
        INDArray bs = sd.getArrForVarName("up/b");
        int h = (up.convolutionKernel() - 1) / 2;
        ws.assign(0);
        for (int a = 0; a < s; a++) {
            for (int bb = 0; bb < s; bb++) {
                for (int o = 0; o < OUT_C; o++) {
                    int ch = (a * s + bb) * OUT_C + o;
                    bs.putScalar(ch, bt.getDouble(o));
                    for (int d = -h; d <= h; d++) {
                        for (int e = -h; e <= h; e++) {
                            int u = a + p - d * s;
                            int v = bb + p - e * s;
                            if (u >= 0 && u < k && v >= 0 && v < k) {
                                for (int c = 0; c < IN_C; c++) {
                                    ws.putScalar(new long[] {d + h, e + h, c, ch}, wt.getDouble(u, v, o, c));
                                }
                            }
                        }
                    }
                }
            }
        }
        SDVariable a = deconv.apply(sd, x);
        SDVariable b = up.apply(sd, x);
        Map<String, INDArray> got = sd.output(Map.<String, INDArray>of(), a.name(), b.name());
        INDArray expected = got.get(a.name());
        INDArray actual = got.get(b.name());
        assertThat(actual.shape()).containsExactly(expected.shape());
        double worst = Transforms.abs(actual.sub(expected)).maxNumber().doubleValue();
        assertThat(worst).isLessThan(1e-12);
        assertThat(Transforms.abs(expected).maxNumber().doubleValue()).isGreaterThan(0.1);
    }

    @ParameterizedTest(name = "k={0} s={1} p={2}")
    @CsvSource({"3, 2, 1", "4, 2, 0", "4, 1, 1"})
    void subpixelConvolutionRefusesGeometriesThatDoNotUpsampleByTheStride(int k, int s, int p) {
        SameDiff sd = Graphs.create();
        assertThatThrownBy(() -> new SubpixelConv2d(sd, "up", IN_C, OUT_C, k, s, p, DataType.DOUBLE, new Rng(1)))
                .hasMessageContaining("up: a sub-pixel convolution upsamples by exactly its stride");
    }

    /** L = sum(tanh(out) * R) for fixed R: every output element weighs differently. */
    private static void checkGradients(SameDiff sd, SDVariable out, List<String> variables) {
        long[] shape = out.eval().shape();
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        INDArray r = new Rng(7).gaussian(DataType.DOUBLE, 1, (int) n).reshape(shape);
        SDVariable loss = sd.math().tanh(out).mul(sd.constant("r", r)).sum().rename("loss");
        for (long seed = 11; seed < 14; seed++) {
            GradientCheck.Result result = GradientCheck.check(sd, Map.of(), loss.name(), variables, seed);
            assertThat(result.checked()).isEqualTo(variables.size());
            assertThat(result.worstRelativeError()).as(result.worstVariable()).isLessThan(1e-6);
        }
    }
}
