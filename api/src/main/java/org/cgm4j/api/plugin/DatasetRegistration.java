package org.cgm4j.api.plugin;

import org.cgm4j.api.data.DatasetProvider;

/**
 * A dataset as a plugin registers it: the {@code data.source} name, the provider that loads it
 * and the plugin class that registered it (named in the error when two plugins claim one name).
 */
public record DatasetRegistration(String name, DatasetProvider provider, Class<?> plugin) {}
