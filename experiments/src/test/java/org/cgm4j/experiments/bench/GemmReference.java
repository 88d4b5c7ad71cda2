package org.cgm4j.experiments.bench;

import java.util.ArrayList;
import java.util.List;
import org.cgm4j.api.rng.Rng;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's matrix products, through the {@code matmul} op the dense layers run, against a plain
 * double-precision product in Java: the normwise relative error {@code ||C - C_ref||_F / ||C_ref||_F}
 * of each product, in single precision (what training runs) and in double.
 */
final class GemmReference {
    private GemmReference() {}

    /** One product's errors. */
    record Error(LayerShapes.Gemm gemm, double single, double dbl) {}

    /** The errors of every product, on Gaussian operands drawn from {@code seed}. */
    static List<Error> check(List<LayerShapes.Gemm> gemms, long seed) {
        Rng rng = Rng.derive(seed, "test/gemm-reference");
        List<Error> out = new ArrayList<>();
        for (LayerShapes.Gemm g : gemms) {
            // Operands as stored: A is [k, m] when transposed, B is [n, k] when transposed.
            INDArray a = g.transposeA() ? rng.gaussian(DataType.DOUBLE, g.k(), g.m())
                    : rng.gaussian(DataType.DOUBLE, g.m(), g.k());
            INDArray b = g.transposeB() ? rng.gaussian(DataType.DOUBLE, g.n(), g.k())
                    : rng.gaussian(DataType.DOUBLE, g.k(), g.n());
            double[][] ref = reference(a.toDoubleMatrix(), b.toDoubleMatrix(), g);
            double single = relativeError(product(a.castTo(DataType.FLOAT), b.castTo(DataType.FLOAT), g), ref);
            double dbl = relativeError(product(a, b, g), ref);
            out.add(new Error(g, single, dbl));
        }
        return out;
    }

    private static INDArray product(INDArray a, INDArray b, LayerShapes.Gemm g) {
        INDArray c = Nd4j.createUninitialized(a.dataType(), g.m(), g.n());
        Nd4j.exec(new Mmul(a, b, c, MMulTranspose.builder().transposeA(g.transposeA()).transposeB(g.transposeB())
                .build()));
        return c;
    }

    /** {@code op(A) op(B)} in double: rows of op(A) times rows of op(B) transposed. */
    private static double[][] reference(double[][] a, double[][] b, LayerShapes.Gemm g) {
        double[][] opA = new double[g.m()][g.k()];
        double[][] opBt = new double[g.n()][g.k()];
        for (int p = 0; p < g.k(); p++) {
            for (int i = 0; i < g.m(); i++) {
                opA[i][p] = g.transposeA() ? a[p][i] : a[i][p];
            }
            for (int j = 0; j < g.n(); j++) {
                opBt[j][p] = g.transposeB() ? b[j][p] : b[p][j];
            }
        }
        double[][] c = new double[g.m()][g.n()];
        for (int i = 0; i < g.m(); i++) {
            for (int j = 0; j < g.n(); j++) {
                double s = 0;
                for (int p = 0; p < g.k(); p++) {
                    s += opA[i][p] * opBt[j][p];
                }
                c[i][j] = s;
            }
        }
        return c;
    }

    private static double relativeError(INDArray c, double[][] ref) {
        double[][] v = c.toDoubleMatrix();
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < ref.length; i++) {
            for (int j = 0; j < ref[i].length; j++) {
                double d = v[i][j] - ref[i][j];
                diff += d * d;
                norm += ref[i][j] * ref[i][j];
            }
        }
        return Math.sqrt(diff / norm);
    }
}
