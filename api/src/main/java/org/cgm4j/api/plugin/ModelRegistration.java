package org.cgm4j.api.plugin;

import org.cgm4j.api.model.ModelFactory;

/**
 * A model type as a plugin registers it.
 *
 * @param type the {@code model.type} name
 * @param factory builds the model
 * @param plugin the plugin class that registered it (named in duplicate-name errors)
 */
public record ModelRegistration(String type, ModelFactory<?> factory, Class<?> plugin) {}
