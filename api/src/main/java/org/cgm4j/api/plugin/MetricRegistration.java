package org.cgm4j.api.plugin;

import org.cgm4j.api.eval.MetricConfig;

/**
 * A metric type as a plugin registers it: the {@code type} name used in an experiment's
 * {@code evaluate:} list and the config record bound from YAML.
 */
public record MetricRegistration(String type, Class<? extends MetricConfig> configType, Class<?> plugin) {}
