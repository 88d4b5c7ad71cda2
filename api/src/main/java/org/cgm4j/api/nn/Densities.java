package org.cgm4j.api.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Log-densities of Gaussians over {@code [batch, d]} codes, summed over the d dimensions and
 * returned per example ({@code [batch]}, nats), built from basic ops. The sum over d goes through
 * {@link Reductions#sum} so that d = 1 is safe.
 */
public final class Densities {
    /** log(2 pi). */
    public static final double LOG_2PI = Math.log(2 * Math.PI);

    private Densities() {}

    /** log N(z; 0, I) = {@code -0.5 * sum_j (z_j^2 + log 2 pi)}, {@code [batch]}; {@code z} is {@code [batch, d]}. */
    public static SDVariable standardNormal(SameDiff sd, SDVariable z, int d) {
        return Reductions.sum(sd, z.mul(z).add(LOG_2PI), 1, d).mul(-0.5);
    }

    /**
     * log N(z; mean, diag exp(logVar)) = {@code -0.5 * sum_j ((z_j - mu_j)^2 / exp(lv_j) + lv_j +
     * log 2 pi)}, {@code [batch]}; {@code z}, {@code mean} and {@code logVar} are {@code [batch, d]}.
     */
    public static SDVariable normal(SameDiff sd, SDVariable z, DiagonalGaussian q, int d) {
        SDVariable diff = z.sub(q.mean());
        SDVariable perDim = diff.mul(diff).div(sd.math().exp(q.logVar())).add(q.logVar()).add(LOG_2PI);
        return Reductions.sum(sd, perDim, 1, d).mul(-0.5);
    }
}
