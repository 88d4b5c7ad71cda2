package org.cgm4j.api.model;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The architecture settings of one model plugin: an immutable record that validates itself in
 * its compact constructor, written in YAML under {@code model:} and selected by {@code
 * model.type}. Each plugin registers its record under its type name (see {@code ModelPlugin});
 * loss weights live apart, under {@code loss:} (see {@link LossWeights}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
public interface ModelConfig {}
