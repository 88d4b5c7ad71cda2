package org.cgm4j.api.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Gaussian likelihood with a fixed standard deviation sigma: {@code log p(y|mu) = -0.5 * ((y -
 * mu)^2 / sigma^2 + log(2 pi sigma^2))} per dimension. A small sigma (0.1 in Engel et al. 2018)
 * weights reconstruction heavily against the KL term: sharp reconstructions, poorer prior samples.
 */
public final class FixedSigmaGaussian implements Likelihood {
    /** The YAML name. */
    public static final String NAME = "gaussian";

    private final double sigma;

    /** @param sigma the fixed standard deviation, positive */
    public FixedSigmaGaussian(double sigma) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be a positive finite number, got " + sigma);
        }
        this.sigma = sigma;
    }

    @Override
    public SDVariable logLikelihood(SameDiff sd, SDVariable mean, SDVariable target, SDVariable mask) {
        SDVariable d = target.sub(mean);
        SDVariable perDim = d.mul(d).mul(-0.5 / (sigma * sigma)).sub(0.5 * Math.log(2 * Math.PI * sigma * sigma));
        return Likelihood.sumMasked(perDim, mask);
    }

    @Override
    public SDVariable mean(SameDiff sd, SDVariable mean) {
        return mean;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The fixed standard deviation. */
    public double sigma() {
        return sigma;
    }
}
