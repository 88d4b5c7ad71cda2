package org.cgm4j.api.model;

import org.cgm4j.api.rng.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model with an encoder q(z | y) and a decoder p(y | z) over a standard normal prior N(0, I):
 * the VAE family. Metrics and the latent constraints work through these functions only, never
 * through a model's internals. All arrays are in the model's data type; {@code y} is {@code
 * [batch, D]}, {@code z} is {@code [batch, latentDim]}.
 */
public interface LatentVariableModel extends ConditionalGenerativeModel {
    /** The width of z. */
    int latentDim();

    /** The posterior q(z | y): {@code {mean, logVar}}, each {@code [batch, latentDim]}. */
    INDArray[] encode(INDArray y);

    /** The decoder mean E[y | z], {@code [batch, D]}. */
    INDArray decode(INDArray z);

    /** log p(y | z) per example, {@code [batch]}, summed over the D dimensions of y. */
    INDArray logLikelihood(INDArray y, INDArray z);

    /**
     * The most rows one {@link #logLikelihood} or {@link #decode} call of an evaluation should take:
     * a metric that decodes more rows at once (the importance-weighted bound's K samples of each
     * example) splits them into calls of at most this many, so that a convolutional decoder's
     * working buffers stay bounded. The values are the same either way, row by row. Default 10,000.
     */
    default int decoderRowsPerCall() {
        return 10_000;
    }

    /** Decoder means of {@code n} draws from the prior N(0, I), {@code [n, D]}. */
    default INDArray samplePrior(int n, Rng rng) {
        return decode(rng.gaussian(dataType(), n, latentDim()));
    }
}
