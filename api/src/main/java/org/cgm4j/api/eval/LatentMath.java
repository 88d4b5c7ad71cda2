package org.cgm4j.api.eval;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Closed forms over diagonal Gaussians in double precision, on the Java side: what metrics need
 * after the graph has produced means, log-variances and log-likelihoods. Rows are examples.
 */
public final class LatentMath {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private LatentMath() {}

    /**
     * The reparameterised posterior sample {@code mean + exp(logVar / 2) * eps}, each {@code [n,
     * d]}, as arrays (the graph-side twin is {@link org.cgm4j.api.nn.DiagonalGaussian#sample}).
     */
    public static INDArray sample(INDArray mean, INDArray logVar, INDArray eps) {
        return mean.add(Nd4j.math().exp(logVar.mul(0.5)).mul(eps));
    }

    /** KL(N(mu, exp(lv)) || N(0, I)) summed over dimensions. */
    public static double klToStandardNormal(double[] mu, double[] lv) {
        double s = 0;
        for (int j = 0; j < mu.length; j++) {
            s += Math.exp(lv[j]) + mu[j] * mu[j] - 1 - lv[j];
        }
        return 0.5 * s;
    }

    /** KL(N(muQ, exp(lvQ)) || N(muP, exp(lvP))) summed over dimensions. */
    public static double kl(double[] muQ, double[] lvQ, double[] muP, double[] lvP) {
        double s = 0;
        for (int j = 0; j < muQ.length; j++) {
            double d = muQ[j] - muP[j];
            s += lvP[j] - lvQ[j] + (Math.exp(lvQ[j]) + d * d) / Math.exp(lvP[j]) - 1;
        }
        return 0.5 * s;
    }

    /** log N(z; mu, exp(lv)) summed over dimensions. */
    public static double logNormal(double[] z, double[] mu, double[] lv) {
        double s = 0;
        for (int j = 0; j < z.length; j++) {
            double d = z[j] - mu[j];
            s += d * d / Math.exp(lv[j]) + lv[j] + LOG_2PI;
        }
        return -0.5 * s;
    }

    /** log N(z; 0, I) summed over dimensions. */
    public static double logStandardNormal(double[] z) {
        double s = 0;
        for (double v : z) {
            s += v * v + LOG_2PI;
        }
        return -0.5 * s;
    }

    /** log((1/n) sum_i exp(a_i)), stable. */
    public static double logMeanExp(double[] a) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            max = Math.max(max, v);
        }
        if (Double.isInfinite(max)) {
            return max;
        }
        double s = 0;
        for (double v : a) {
            s += Math.exp(v - max);
        }
        return max + Math.log(s / a.length);
    }
}
