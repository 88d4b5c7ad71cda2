package org.cgm4j.api.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Gaussian likelihood with a fixed standard deviation sigma: {@code log p(y|mu) = -0.5 * ((y -
 * mu)^2 / sigma^2 + log(2 pi sigma^2))} per dimension. A small sigma (0.1 in Engel et al. 2018)
 * weights reconstruction heavily against the KL term: sharp reconstructions, poorer prior samples.
 *
 * <p>Two forms of the mean ({@value #NAME} and {@value #SIGMOID_NAME}): the network's output
 * itself, mu = a, unbounded; or mu = sigmoid(a), inside (0, 1) as pixel intensities are. The
 * unbounded mean of an image decoder wavers around 0 on the background, and a picture (or a
 * classifier) that clamps it to [0, 1] keeps the positive half of that noise: a faint haze that adds
 * ink and spreads it away from the strokes. The sigmoid mean is near 0 there without noise.
 */
public final class FixedSigmaGaussian implements Likelihood {
    /** The YAML name of the unbounded mean. */
    public static final String NAME = "gaussian";
    /** The YAML name of the mean sigmoid(a). */
    public static final String SIGMOID_NAME = "sigmoidGaussian";

    private final double sigma;
    private final boolean sigmoidMean;

    /** The unbounded mean ({@value #NAME}). @param sigma the fixed standard deviation, positive */
    public FixedSigmaGaussian(double sigma) {
        this(sigma, false);
    }

    /**
     * @param sigma the fixed standard deviation, positive
     * @param sigmoidMean whether the mean is sigmoid of the network's output ({@value #SIGMOID_NAME})
     */
    public FixedSigmaGaussian(double sigma, boolean sigmoidMean) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be a positive finite number, got " + sigma);
        }
        this.sigma = sigma;
        this.sigmoidMean = sigmoidMean;
    }

    /** params: the network's outputs a, {@code [batch, D]}; the mean is a or sigmoid(a). */
    @Override
    public SDVariable logLikelihood(SameDiff sd, SDVariable params, SDVariable target, SDVariable mask) {
        SDVariable d = target.sub(mean(sd, params));
        SDVariable perDim = d.mul(d).mul(-0.5 / (sigma * sigma)).sub(0.5 * Math.log(2 * Math.PI * sigma * sigma));
        return Likelihood.sumMasked(perDim, mask);
    }

    @Override
    public SDVariable mean(SameDiff sd, SDVariable params) {
        return sigmoidMean ? sd.nn().sigmoid(params) : params;
    }

    @Override
    public String name() {
        return sigmoidMean ? SIGMOID_NAME : NAME;
    }

    /** Whether the mean is sigmoid of the network's output. */
    public boolean sigmoidMean() {
        return sigmoidMean;
    }

    /** The fixed standard deviation. */
    public double sigma() {
        return sigma;
    }
}
