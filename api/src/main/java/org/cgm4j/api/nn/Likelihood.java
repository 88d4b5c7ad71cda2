package org.cgm4j.api.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * An observation model p(y | params) over {@code [batch, D]} targets whose parameters a network
 * outputs ({@code [batch, D]}: Bernoulli logits, or Gaussian means). Log-likelihoods are summed
 * over the D dimensions (optionally only where a mask is 1) and returned per example, {@code
 * [batch]}, in nats. Built from basic ops; see {@link Bernoulli} for why.
 */
public interface Likelihood {
    /** log p(target | params) per example, {@code [batch]}; {@code mask} ({@code [batch, D]} of 0/1) may be null. */
    SDVariable logLikelihood(SameDiff sd, SDVariable params, SDVariable target, SDVariable mask);

    /** The mean E[y | params], {@code [batch, D]}: what a picture of a prediction shows. */
    SDVariable mean(SameDiff sd, SDVariable params);

    /** The YAML name ("bernoulli", "gaussian"). */
    String name();

    /** Sums {@code perDim} ({@code [batch, D]}) over D, only where {@code mask} is 1 when there is one. */
    static SDVariable sumMasked(SDVariable perDim, SDVariable mask) {
        return (mask == null ? perDim : perDim.mul(mask)).sum(1);
    }
}
