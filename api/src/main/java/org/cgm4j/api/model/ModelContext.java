package org.cgm4j.api.model;

import org.cgm4j.api.data.DataSpec;
import org.cgm4j.api.objective.UpdaterConfig;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What a {@link ModelFactory} needs besides the model's own config to build a model: the shapes
 * of the data, the loss weights, the experiment's optimiser, the seed of weight initialisation
 * and the graph's floating-point type (FLOAT for training, DOUBLE for gradient checks).
 */
public record ModelContext(DataSpec data, LossWeights loss, UpdaterConfig updater, long seed, DataType dataType) {}
