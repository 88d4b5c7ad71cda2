package org.cgm4j.models.cvae;

import org.cgm4j.api.nn.Bernoulli;
import org.cgm4j.api.nn.FixedSigmaGaussian;
import org.cgm4j.api.nn.Likelihood;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Multi-scale prediction of Sohn et al. (2015, Section 4.2): extra likelihood terms on f x f
 * average-pooled targets and predictions (f = 2, 4). Pooling is done in the graph with reshape
 * and mean ops on row-major images, {@code [m, rows * cols] -> [m, rows/f, f, cols/f, f] -> mean
 * over axes 2 and 4 -> [m, (rows/f) * (cols/f)]}; the mask is pooled the same way and weights
 * each pooled pixel by the fraction of its window that counts.
 *
 * <p>What is pooled is the mean prediction: for a Bernoulli likelihood the pixel probabilities
 * (then a Bernoulli cross-entropy against the pooled target, with probabilities squeezed into
 * {@code [1e-6, 1 - 1e-6]} so the log stays finite), for a fixed-sigma Gaussian the means (with
 * the same sigma). All from basic ops, so gradients are right.
 */
public final class MultiScale {
    /** Probabilities are kept at least this far from 0 and 1 before taking logs. */
    static final double SQUEEZE = 1e-6;

    private MultiScale() {}

    /** Whether {@code rows x cols} images pool by {@code factor} (both sides divisible). */
    public static boolean fits(int rows, int cols, int yDim, int factor) {
        return rows > 0 && cols > 0 && rows * cols == yDim && rows % factor == 0 && cols % factor == 0;
    }

    /** Average pooling of row-major images, {@code [m, rows * cols] -> [m, (rows/f) * (cols/f)]}. */
    public static SDVariable pool(SameDiff sd, SDVariable images, int rows, int cols, int factor) {
        if (factor == 1) {
            return images;
        }
        int r = rows / factor;
        int c = cols / factor;
        return images.reshape(-1, r, factor, c, factor).mean(2, 4).reshape(-1, r * c);
    }

    /**
     * log p(pool(target) | pool(mean prediction)) per example, {@code [m]}, weighted by the pooled
     * mask. {@code params} are the network outputs ({@code [m, rows * cols]}: Bernoulli logits or
     * Gaussian means).
     */
    public static SDVariable logLikelihood(SameDiff sd, Likelihood likelihood, SDVariable params, SDVariable target,
            SDVariable mask, int rows, int cols, int factor) {
        SDVariable meanPooled = pool(sd, likelihood.mean(sd, params), rows, cols, factor);
        SDVariable targetPooled = pool(sd, target, rows, cols, factor);
        SDVariable maskPooled = pool(sd, mask, rows, cols, factor);
        if (likelihood instanceof FixedSigmaGaussian g) {
            return g.logLikelihood(sd, meanPooled, targetPooled, maskPooled);
        }
        if (likelihood instanceof Bernoulli) {
            SDVariable p = meanPooled.mul(1 - 2 * SQUEEZE).add(SQUEEZE);
            SDVariable perDim = targetPooled.mul(sd.math().log(p))
                    .add(targetPooled.rsub(1.0).mul(sd.math().log(p.rsub(1.0))));
            return Likelihood.sumMasked(perDim, maskPooled);
        }
        throw new IllegalArgumentException("multi-scale terms support bernoulli and gaussian likelihoods, not "
                + likelihood.name());
    }
}
