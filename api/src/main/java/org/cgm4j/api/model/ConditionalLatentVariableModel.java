package org.cgm4j.api.model;

import org.cgm4j.api.data.Batch;
import org.cgm4j.api.rng.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A conditional latent-variable model in the sense of Sohn et al. (2015): a prior network
 * p(z | x), a generation network p(y | x, z) and, unless it is a GSNN, a recognition network
 * q(z | x, y). Conditional log-likelihood metrics, prediction pictures and sample grids work
 * through these functions only. Arrays are in the model's data type; a batch of n examples gives
 * {@code [n, latentDim]} Gaussians and {@code [n]} log-likelihoods. Log-likelihoods count only the
 * pixels of y where the batch's mask is 1 (the hidden quadrants of the quadrant task).
 */
public interface ConditionalLatentVariableModel extends ConditionalGenerativeModel {
    /** The width of z. */
    int latentDim();

    /** The prior p(z | x): {@code {mean, logVar}}, each {@code [n, latentDim]}. */
    INDArray[] prior(Batch batch);

    /** Whether the model has a recognition network q(z | x, y) (a GSNN has none). */
    boolean hasRecognition();

    /** The recognition distribution q(z | x, y): {@code {mean, logVar}}; an error without one. */
    INDArray[] recognition(Batch batch);

    /** log p(y | x, z) per example over the counted pixels, {@code [n]}; z is {@code [n, latentDim]}. */
    INDArray logLikelihood(Batch batch, INDArray z);

    /** The mean E[y | x, z], {@code [n, yDim]}: a prediction or a sample to look at. */
    INDArray predict(Batch batch, INDArray z);

    /**
     * One draw z = mu + sigma * eps from the prior p(z | x) of each row, {@code [n, latentDim]},
     * eps {@code [n, latentDim]} from {@code rng}.
     */
    default INDArray drawPrior(Batch batch, Rng rng) {
        INDArray[] prior = prior(batch);
        INDArray eps = rng.gaussian(prior[0].dataType(), prior[0].size(0), prior[0].size(1));
        return prior[0].add(Transforms.exp(prior[1].mul(0.5), true).muli(eps));
    }
}
