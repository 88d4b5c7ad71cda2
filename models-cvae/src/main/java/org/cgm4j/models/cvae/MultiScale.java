package org.cgm4j.models.cvae;

import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import org.cgm4j.api.data.ImageShape;
import org.cgm4j.api.model.LossWeights;
import org.cgm4j.api.nn.Bernoulli;
import org.cgm4j.api.nn.FixedSigmaGaussian;
import org.cgm4j.api.nn.Likelihood;
import org.cgm4j.api.objective.Objective;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Multi-scale prediction of Sohn et al. (2015, Section 4.2): extra likelihood terms on f x f
 * average-pooled targets and predictions (f = 2, 4). Pooling is done in the graph with reshape
 * and mean ops on row-major images, {@code [m, rows * cols] -> [m, rows/f, f, cols/f, f] -> mean
 * over axes 2 and 4 -> [m, (rows/f) * (cols/f)]}, channel by channel for images of several
 * channels ({@code [m, C * rows * cols] -> [m, C, rows/f, f, cols/f, f] -> mean over axes 3 and 5
 * -> [m, C * (rows/f) * (cols/f)]}); the mask is pooled the same way and weights each pooled
 * pixel by the fraction of its window that counts.
 *
 * <p>What is pooled is the mean prediction: for a Bernoulli likelihood the pixel probabilities
 * (then a Bernoulli cross-entropy against the pooled target, with probabilities squeezed into
 * {@code [1e-6, 1 - 1e-6]} so the log stays finite), for a fixed-sigma Gaussian the means (with
 * the same sigma). All from basic ops, so gradients are right.
 */
public final class MultiScale {
    /** Probabilities are kept at least this far from 0 and 1 before taking logs. */
    static final double SQUEEZE = 1e-6;

    /** The pooling factors of the multi-scale terms, after the full-resolution term. */
    private static final int[] FACTORS = {2, 4};

    private MultiScale() {}

    /**
     * Adds a likelihood term at full resolution ({@code name}) and on 2x and 4x average-pooled
     * images ({@code name2x}, {@code name4x}), each weighted by its loss weight times {@code scale}.
     * A pooled term is left out when the images do not pool by its factor; its weight must then be 0.
     *
     * @param fits whether the images pool by a factor (2 or 4)
     * @param nll the term at a factor (1, then each factor that fits, in that order): a scalar, the
     *     batch mean of a negative log-likelihood
     */
    public static void addTerms(Objective.Builder b, SameDiff sd, LossWeights w, double scale, IntPredicate fits,
            IntFunction<SDVariable> nll, String name, String name2x, String name4x) {
        b.add(sd, name, nll.apply(1), scale * w.get(name));
        String[] names = {name2x, name4x};
        for (int k = 0; k < FACTORS.length; k++) {
            if (fits.test(FACTORS[k])) {
                b.add(sd, names[k], nll.apply(FACTORS[k]), scale * w.get(names[k]));
            } else if (w.get(names[k]) != 0) {
                throw new IllegalArgumentException("loss." + names[k] + " must be 0 for this data: its images do not"
                        + " pool by " + FACTORS[k]);
            }
        }
    }

    /** Whether y is an image of {@code shape} ({@code yDim} values) whose sides divide by {@code factor}. */
    public static boolean fits(ImageShape shape, int yDim, int factor) {
        return shape.size() == yDim && shape.height() % factor == 0 && shape.width() % factor == 0;
    }

    /** Average pooling of grey row-major images, {@code [m, rows * cols] -> [m, (rows/f) * (cols/f)]}. */
    public static SDVariable pool(SameDiff sd, SDVariable images, int rows, int cols, int factor) {
        return pool(sd, images, ImageShape.grey(rows, cols), factor);
    }

    /**
     * Average pooling of each channel of channel-planar images, {@code [m, C * rows * cols] -> [m,
     * C * (rows/f) * (cols/f)]}.
     */
    public static SDVariable pool(SameDiff sd, SDVariable images, ImageShape shape, int factor) {
        if (factor == 1) {
            return images;
        }
        int r = shape.height() / factor;
        int c = shape.width() / factor;
        if (shape.channels() == 1) {
            // the grey graph as it always was, so grey runs train bit for bit as before
            return images.reshape(-1, r, factor, c, factor).mean(2, 4).reshape(-1, r * c);
        }
        int ch = shape.channels();
        return images.reshape(-1, ch, r, factor, c, factor).mean(3, 5).reshape(-1, ch * r * c);
    }

    /**
     * log p(pool(target) | pool(mean prediction)) per example, {@code [m]}, weighted by the pooled
     * mask. {@code params} are the network outputs ({@code [m, C * rows * cols]}: Bernoulli logits
     * or Gaussian means).
     */
    public static SDVariable logLikelihood(SameDiff sd, Likelihood likelihood, SDVariable params, SDVariable target,
            SDVariable mask, ImageShape shape, int factor) {
        SDVariable meanPooled = pool(sd, likelihood.mean(sd, params), shape, factor);
        SDVariable targetPooled = pool(sd, target, shape, factor);
        SDVariable maskPooled = pool(sd, mask, shape, factor);
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
