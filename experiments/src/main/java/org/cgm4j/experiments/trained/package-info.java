/**
 * Trained models as objects: {@link org.cgm4j.experiments.trained.TrainedModel} rebuilds the model
 * of a run directory to sample, predict, encode, decode, edit and re-score it, and the commands
 * {@code cgm4j sample}, {@code cgm4j evaluate} and {@code cgm4j explore} built on it.
 */
package org.cgm4j.experiments.trained;
