package org.cgm4j.api.plugin;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import org.cgm4j.api.data.DatasetProvider;
import org.cgm4j.api.eval.MetricConfig;
import org.cgm4j.api.model.ModelFactory;

/**
 * The one class through which a module joins cgm4j: a Guice module whose {@link #configure}
 * registers model factories, metrics and datasets by name. List the subclass in {@code
 * META-INF/services/org.cgm4j.api.plugin.ModelPlugin}; {@link PluginRegistry#discover()} finds it
 * with {@link java.util.ServiceLoader}, so adding a model is adding a jar.
 *
 * <p>Registrations go into Guice multibinders of {@link ModelRegistration}, {@link
 * MetricRegistration} and {@link DatasetRegistration}; {@link PluginRegistry} builds the name maps and fails at start-up, naming
 * both plugins, when two claim one name.
 */
public abstract class ModelPlugin extends AbstractModule {
    /** Registers a model type under {@code factory.type()}. */
    protected final void registerModel(ModelFactory<?> factory) {
        Multibinder.newSetBinder(binder(), ModelRegistration.class)
                .addBinding()
                .toInstance(new ModelRegistration(factory.type(), factory, getClass()));
    }

    /** Registers a metric type for {@code evaluate:} lists. */
    protected final void registerMetric(String type, Class<? extends MetricConfig> configType) {
        Multibinder.newSetBinder(binder(), MetricRegistration.class)
                .addBinding()
                .toInstance(new MetricRegistration(type, configType, getClass()));
    }

    /** Registers a dataset under {@code provider.name()}, for {@code data.source}. */
    protected final void registerDataset(DatasetProvider provider) {
        Multibinder.newSetBinder(binder(), DatasetRegistration.class)
                .addBinding()
                .toInstance(new DatasetRegistration(provider.name(), provider, getClass()));
    }

    /** Makes sure the multibinders exist even for a plugin that registers nothing of a kind. */
    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), ModelRegistration.class);
        Multibinder.newSetBinder(binder(), MetricRegistration.class);
        Multibinder.newSetBinder(binder(), DatasetRegistration.class);
        register();
    }

    /** Registers this plugin's models, metrics and datasets. */
    protected abstract void register();
}
