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

    /**
     * Where a network's log-variance leaves the identity for a logarithmic tail: +-30, variances
     * from about 1e-13 to 1e13. Beyond it exp(logVar) would soon overflow float32 (at 88.7) and
     * turn the sample, the KL and the decoder's logits into inf and then NaN, as one Adam step at
     * learning rate 0.1 does (it moves every weight by about 0.1, which sends a 500-500 encoder's
     * log-variances into the thousands).
     */
    public static final double LOG_VAR_BOUND = 30;

    /**
     * The Gaussian a network describes with its raw log-variance output {@code rawLogVar} ({@code
     * [batch, d]}): the log-variance is {@code rawLogVar} itself within {@link #LOG_VAR_BOUND}, and
     * grows only logarithmically beyond it, {@code +-(B + log(1 + |raw| - B))}. So exp(logVar) is
     * finite for any finite input (at most about e^39 for |raw| = 1e4, e^119 never), its gradient
     * never vanishes (1 / (1 + |raw| - B) in the tails, so a KL can still pull it back), and inside
     * the bound values and gradients are bit for bit those of the raw output: clip, then add
     * log1p(relu(.)) terms that are exactly 0 there with a zero gradient.
     */
    public static DiagonalGaussian fromNetwork(SameDiff sd, SDVariable mean, SDVariable rawLogVar) {
        SDVariable above = sd.math().log1p(sd.nn().relu(rawLogVar.sub(LOG_VAR_BOUND), 0));
        SDVariable below = sd.math().log1p(sd.nn().relu(rawLogVar.neg().sub(LOG_VAR_BOUND), 0));
        SDVariable logVar = sd.math().clipByValue(rawLogVar, -LOG_VAR_BOUND, LOG_VAR_BOUND).add(above).sub(below);
        return new DiagonalGaussian(mean, logVar);
    }

    /** The reparameterised sample {@code mean + exp(logVar / 2) * eps}, {@code [batch, d]}. */
    public SDVariable sample(SameDiff sd, SDVariable eps) {
        return mean.add(sd.math().exp(logVar.mul(0.5)).mul(eps));
    }

    /**
     * KL(this || other) in closed form, summed over dimensions, {@code [batch]}:
     * {@code 0.5 * sum_j [lvP - lvQ + exp(lvQ - lvP) + (muQ - muP)^2 exp(-lvP) - 1]}.
     */
    public SDVariable kl(SameDiff sd, DiagonalGaussian other) {
        SDVariable d = mean.sub(other.mean);
        // exp(lvQ - lvP) + d^2 exp(-lvP) rather than (exp(lvQ) + d^2) / exp(lvP): the backward pass of
        // a division forms a / b^2, which overflows float32 at lvQ - 2 lvP > 88 (lvQ = 30, lvP = -30)
        // although the gradient itself is finite.
        SDVariable precisionP = sd.math().exp(other.logVar.neg());
        return other.logVar.sub(logVar)
                .add(sd.math().exp(logVar.sub(other.logVar)).add(d.mul(d).mul(precisionP)))
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
        // d^2 exp(-lv), not d^2 / exp(lv): see kl() on the backward pass of a division.
        return d.mul(d).mul(sd.math().exp(logVar.neg())).add(logVar).add(LOG_2PI).sum(1).mul(-0.5);
    }
}
