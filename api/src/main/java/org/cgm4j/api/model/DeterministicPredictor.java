package org.cgm4j.api.model;

import org.cgm4j.api.data.Batch;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model that predicts y from x without a latent variable, with a likelihood p(y | x): the
 * baseline network of Sohn et al. (2015). Its conditional log-likelihood is exact, no sampling.
 */
public interface DeterministicPredictor extends ConditionalGenerativeModel {
    /** log p(y | x) per example over the counted pixels, {@code [n]}. */
    INDArray logLikelihood(Batch batch);

    /** The mean E[y | x], {@code [n, yDim]}. */
    INDArray predict(Batch batch);
}
