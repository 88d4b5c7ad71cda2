/**
 * Trained models as objects: {@link org.cgm4j.experiments.trained.TrainedModel} rebuilds the model
 * of a run directory to sample, predict, encode, decode, edit and re-score it; {@link org.cgm4j.experiments.trained.Reevaluations} scores it with other metrics. The commands
 * {@code cgm4j sample}, {@code cgm4j evaluate} and {@code cgm4j explore} build on it.
 */
package org.cgm4j.experiments.trained;
