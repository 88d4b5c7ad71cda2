package org.cgm4j.api.plugin;

import org.cgm4j.api.data.TaskConfig;

/**
 * A task type as a plugin registers it: the {@code data.task.type} name, the config record bound
 * from YAML and the plugin class that registered it (named in the error when two plugins claim one
 * name).
 */
public record TaskRegistration(String type, Class<? extends TaskConfig> configType, Class<?> plugin) {}
