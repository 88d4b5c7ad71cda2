package org.cgm4j.api.model;

import java.util.List;

/**
 * Builds one kind of model from its config: what a plugin registers under its type name.
 *
 * @param <C> the plugin's config record
 */
public interface ModelFactory<C extends ModelConfig> {
    /** The name used as {@code model.type} in YAML. */
    String type();

    /** The plugin's config record. */
    Class<C> configType();

    /** One line on what the model is, for {@code cgm4j models}. */
    String description();

    /** The loss weights the model accepts under {@code loss:}. */
    List<LossWeightSpec> lossWeights();

    /**
     * The classpath resource with the plugin's defaults: a YAML fragment with {@code model:} and
     * {@code loss:} blocks, the lowest layer of every definition that uses this type.
     */
    String defaultsResource();

    /** Builds a freshly initialised model. */
    ConditionalGenerativeModel create(C config, ModelContext context);

    /** {@link #create} for a config known only as {@link ModelConfig}; the type is checked. */
    default ConditionalGenerativeModel createUnchecked(ModelConfig config, ModelContext context) {
        if (!configType().isInstance(config)) {
            throw new IllegalArgumentException("model type '" + type() + "' expects " + configType().getSimpleName()
                    + ", got " + config.getClass().getSimpleName());
        }
        return create(configType().cast(config), context);
    }
}
