package org.cgm4j.api.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** The loss weights the model accepts under {@code loss:}, with their defaults, in YAML order. */
    List<LossWeightSpec> lossWeights();

    /**
     * The {@code loss:} block of the plugin's defaults: every weight of {@link #lossWeights()} at
     * its default, in the same order.
     */
    default Map<String, Double> lossDefaults() {
        Map<String, Double> defaults = new LinkedHashMap<>();
        lossWeights().forEach(w -> defaults.put(w.name(), w.defaultValue()));
        return defaults;
    }

    /**
     * The classpath resource with the plugin's {@code model:} defaults: a YAML fragment with a
     * {@code model:} block only, the lowest layer of every definition that uses this type (the
     * {@code loss:} defaults come from {@link #lossDefaults()}).
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
