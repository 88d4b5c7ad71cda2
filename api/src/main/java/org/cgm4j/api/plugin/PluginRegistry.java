package org.cgm4j.api.plugin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Injector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cgm4j.api.data.DatasetProvider;
import org.cgm4j.api.model.ConditionalGenerativeModel;
import org.cgm4j.api.model.ModelConfig;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.ModelFactory;

/**
 * The registered models, metrics and datasets by name, built once from all installed {@link ModelPlugin}s.
 * Two plugins claiming one name is an error at start-up that names both.
 *
 * <p>Models are keyed by their {@code model.type} alone: several types may share one config record
 * (the GSNN and the hybrid take the CVAE's), so a model is always built from its type name and
 * its config, never from the config's class.
 */
public final class PluginRegistry {
    private final SortedMap<String, ModelRegistration> models = new TreeMap<>();
    private final SortedMap<String, MetricRegistration> metrics = new TreeMap<>();
    private final SortedMap<String, DatasetRegistration> datasets = new TreeMap<>();

    /** A registry of models and metrics without datasets. */
    public PluginRegistry(Set<ModelRegistration> modelRegistrations, Set<MetricRegistration> metricRegistrations) {
        this(modelRegistrations, metricRegistrations, Set.of());
    }

    /** Built by Guice from the multibound registrations. */
    @Inject
    public PluginRegistry(Set<ModelRegistration> modelRegistrations, Set<MetricRegistration> metricRegistrations,
            Set<DatasetRegistration> datasetRegistrations) {
        for (ModelRegistration r : modelRegistrations) {
            ModelRegistration prev = models.putIfAbsent(r.type(), r);
            if (prev != null) {
                throw new DuplicatePluginException("model type '" + r.type() + "' is registered by both "
                        + prev.plugin().getName() + " and " + r.plugin().getName());
            }
        }
        for (MetricRegistration r : metricRegistrations) {
            MetricRegistration prev = metrics.putIfAbsent(r.type(), r);
            if (prev != null) {
                throw new DuplicatePluginException("metric type '" + r.type() + "' is registered by both "
                        + prev.plugin().getName() + " and " + r.plugin().getName());
            }
        }
        for (DatasetRegistration r : datasetRegistrations) {
            DatasetRegistration prev = datasets.putIfAbsent(r.name(), r);
            if (prev != null) {
                throw new DuplicatePluginException("dataset '" + r.name() + "' is registered by both "
                        + prev.plugin().getName() + " and " + r.plugin().getName());
            }
        }
    }

    /** The registry of every plugin on the class path (found with {@link ServiceLoader}). */
    public static PluginRegistry discover() {
        List<ModelPlugin> plugins = new ArrayList<>();
        ServiceLoader.load(ModelPlugin.class).forEach(plugins::add);
        return of(plugins);
    }

    /** The registry of the given plugins, installed into one injector. */
    public static PluginRegistry of(List<? extends ModelPlugin> plugins) {
        Injector injector;
        try {
            injector = Guice.createInjector(plugins);
        } catch (com.google.inject.CreationException e) {
            throw new DuplicatePluginException("cannot install plugins: " + e.getMessage());
        }
        try {
            return injector.getInstance(PluginRegistry.class);
        } catch (com.google.inject.ProvisionException e) {
            if (e.getCause() instanceof DuplicatePluginException d) {
                throw d;
            }
            throw e;
        }
    }

    /** The registered model types, sorted. */
    public SortedMap<String, ModelRegistration> models() {
        return Collections.unmodifiableSortedMap(models);
    }

    /** The registered metric types, sorted. */
    public SortedMap<String, MetricRegistration> metrics() {
        return Collections.unmodifiableSortedMap(metrics);
    }

    /** The registered datasets by {@code data.source} name, sorted. */
    public SortedMap<String, DatasetRegistration> datasets() {
        return Collections.unmodifiableSortedMap(datasets);
    }

    /** The providers of the registered datasets, by name. */
    public List<DatasetProvider> datasetProviders() {
        return datasets.values().stream().map(DatasetRegistration::provider).toList();
    }

    /** The factory of {@code type}; an unknown type is an error listing the known ones. */
    public ModelFactory<?> factory(String type) {
        ModelRegistration r = models.get(type);
        if (r == null) {
            throw new IllegalArgumentException("unknown model type '" + type + "'; registered: " + models.keySet());
        }
        return r.factory();
    }

    /**
     * Builds a model of the registered {@code type} from {@code config}; a config of another
     * record than the type's is an error.
     */
    public ConditionalGenerativeModel create(String type, ModelConfig config, ModelContext context) {
        return factory(type).createUnchecked(config, context);
    }

    /**
     * Registers every model config and metric config as a named subtype, for YAML binding: a
     * record shared by several model types is bound under each of their names.
     */
    public ObjectMapper registerSubtypes(ObjectMapper mapper) {
        models.forEach((name, r) -> mapper.registerSubtypes(new NamedType(r.factory().configType(), name)));
        metrics.forEach((name, r) -> mapper.registerSubtypes(new NamedType(r.configType(), name)));
        return mapper;
    }
}
