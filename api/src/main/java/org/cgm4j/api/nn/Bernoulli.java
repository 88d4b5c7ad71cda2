package org.cgm4j.api.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Bernoulli likelihood over pixels in [0, 1] with logits l: {@code log p(y|l) = -(relu(l) - l y +
 * softplus(-|l|))}, the numerically stable form of the sigmoid cross-entropy. SameDiff's own
 * {@code sigmoidCrossEntropy} is not used: in 1.0.0-M2.1 its backward pass ignores the incoming
 * gradient, so any weighting or averaging after it gives silently wrong gradients.
 */
public final class Bernoulli implements Likelihood {
    /** The YAML name. */
    public static final String NAME = "bernoulli";

    @Override
    public SDVariable logLikelihood(SameDiff sd, SDVariable logits, SDVariable target, SDVariable mask) {
        SDVariable nll = sd.nn().relu(logits, 0)
                .sub(logits.mul(target))
                .add(sd.nn().softplus(sd.math().abs(logits).neg()));
        return Likelihood.sumMasked(nll, mask).neg();
    }

    @Override
    public SDVariable mean(SameDiff sd, SDVariable logits) {
        return sd.nn().sigmoid(logits);
    }

    @Override
    public String name() {
        return NAME;
    }
}
