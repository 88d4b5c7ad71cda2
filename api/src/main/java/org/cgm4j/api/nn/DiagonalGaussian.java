package org.cgm4j.api.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A diagonal Gaussian N(mean, diag exp(logVar)) over a {@code [batch, d]} batch of latent codes,
 * as graph variables. Every method returns per-example values ({@code [batch]}) built from basic
 * ops, never from SameDiff's built-in losses (whose backward pass ignores the incoming gradient
 * in 1.0.0-M2.1).
 *
 * @param mean {@code [batch, d]}
 * @param logVar {@code [batch, d]}, the log of the variances
 */
public record DiagonalGaussian(SDVariable mean, SDVariable logVar) {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /** The reparameterised sample {@code mean + exp(logVar / 2) * eps}, {@code [batch, d]}. */
    public SDVariable sample(SameDiff sd, SDVariable eps) {
        return mean.add(sd.math().exp(logVar.mul(0.5)).mul(eps));
    }

    /**
     * KL(this || other) in closed form, summed over dimensions, {@code [batch]}:
     * {@code 0.5 * sum_j [lvP - lvQ + (exp(lvQ) + (muQ - muP)^2) / exp(lvP) - 1]}.
     */
    public SDVariable kl(SameDiff sd, DiagonalGaussian other) {
        SDVariable d = mean.sub(other.mean);
        return other.logVar.sub(logVar)
                .add(sd.math().exp(logVar).add(d.mul(d)).div(sd.math().exp(other.logVar)))
                .sub(1.0)
                .sum(1)
                .mul(0.5);
    }

    /** KL(this || N(0, I)) = {@code 0.5 * sum_j (exp(lv) + mu^2 - 1 - lv)}, {@code [batch]}. */
    public SDVariable klToStandardNormal(SameDiff sd) {
        return sd.math().exp(logVar).add(mean.mul(mean)).sub(1.0).sub(logVar).sum(1).mul(0.5);
    }

    /** log N(z; mean, exp(logVar)) summed over dimensions, {@code [batch]}. */
    public SDVariable logDensity(SameDiff sd, SDVariable z) {
        SDVariable d = z.sub(mean);
        return d.mul(d).div(sd.math().exp(logVar)).add(logVar).add(LOG_2PI).sum(1).mul(-0.5);
    }
}
