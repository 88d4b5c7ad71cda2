package org.cgm4j.api.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cgm4j.api.plugin.PluginRegistry;

/**
 * Loads datasets by name through their {@link DatasetProvider}s (the registered plugins', see
 * {@code ModelPlugin.registerDataset}), with the cache directory and mirrors they may download
 * to and from, and keeps what it loaded per request ({@link DatasetRequest}: name, directory,
 * options), so loading one dataset for each run of a sweep reads it once per JVM; {@link
 * #defaults()} hands out one shared registry for that.
 */
public final class DatasetRegistry {
    /** MNIST, 60,000 training and 10,000 test digits (LeCun et al.). */
    public static final String MNIST = MnistFormatProvider.MNIST;
    /** Fashion-MNIST, 60,000 + 10,000 images of clothing in MNIST's format (Xiao et al., 2017). */
    public static final String FASHION_MNIST = MnistFormatProvider.FASHION_MNIST;
    /** 8,004 + 1,996 MNIST-like digits embedded in the cgm4j-api jar, for tests and runs without a download. */
    public static final String MNIST_10K = MnistFormatProvider.MNIST_10K;

    /** Environment variable naming the cache directory (downloaded datasets go below it). */
    public static final String CACHE_ENV = "CGM4J_CACHE";

    private static volatile DatasetRegistry defaults;

    private final SortedMap<String, DatasetProvider> providers = new TreeMap<>();
    private final DatasetContext context;
    private final Map<DatasetRequest, DatasetSplits> loaded = new HashMap<>();

    /**
     * A registry of the datasets of every plugin on the class path, caching downloads under {@code
     * cacheDir}, with mirrors from the environment or the providers' defaults.
     */
    public DatasetRegistry(Path cacheDir) {
        this(cacheDir, Map.of());
    }

    /**
     * As {@link #DatasetRegistry(Path)}, downloading dataset {@code name} from {@code
     * mirrors.get(name)} when given (a base URL the file names resolve against: http, https or
     * file).
     */
    public DatasetRegistry(Path cacheDir, Map<String, URI> mirrors) {
        this(PluginRegistry.discover().datasetProviders(), cacheDir, mirrors);
    }

    /** For tests: the built-in providers with other expected hashes (per dataset, per file) and system directories. */
    DatasetRegistry(
            Path cacheDir,
            Map<String, URI> mirrors,
            Map<String, Map<String, String>> payloadSha256,
            Map<String, Path> systemDirs) {
        this(CoreDatasetsPlugin.providers(MnistFormatProvider.all(payloadSha256, systemDirs)), cacheDir, mirrors);
    }

    /**
     * A registry of {@code providers} (one per name), caching downloads under {@code cacheDir};
     * every key of {@code mirrors} must name one of them.
     */
    public DatasetRegistry(Collection<? extends DatasetProvider> providers, Path cacheDir, Map<String, URI> mirrors) {
        if (cacheDir == null) {
            throw new IllegalArgumentException("the dataset cache directory must not be null");
        }
        for (DatasetProvider p : providers) {
            DatasetProvider prev = this.providers.putIfAbsent(p.name(), p);
            if (prev != null) {
                throw new IllegalArgumentException("dataset '" + p.name() + "' is provided by both "
                        + prev.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        for (String name : mirrors.keySet()) {
            provider(name);
        }
        this.context = new DatasetContext(cacheDir, mirrors);
    }

    /**
     * The registry of this JVM: the plugins' datasets, cache directory from {@value #CACHE_ENV}
     * when set, else {@code ~/.cache/cgm4j/datasets}; mirrors from the environment or the
     * defaults. One instance, so datasets loaded through it stay loaded.
     */
    public static DatasetRegistry defaults() {
        DatasetRegistry r = defaults;
        if (r == null) {
            synchronized (DatasetRegistry.class) {
                r = defaults;
                if (r == null) {
                    r = new DatasetRegistry(defaultCacheDir());
                    defaults = r;
                }
            }
        }
        return r;
    }

    /** {@value #CACHE_ENV} when set, else {@code ~/.cache/cgm4j/datasets}. */
    public static Path defaultCacheDir() {
        String env = System.getenv(CACHE_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "cgm4j", "datasets");
    }

    /** The names {@link #load} accepts, sorted. */
    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(providers.keySet()));
    }

    /** The providers by name, sorted. */
    public SortedMap<String, DatasetProvider> providers() {
        return Collections.unmodifiableSortedMap(providers);
    }

    /** The provider of {@code name}; an unknown name is an error listing the known ones. */
    public DatasetProvider provider(String name) {
        DatasetProvider p = name == null ? null : providers.get(name);
        if (p == null) {
            throw new IllegalArgumentException(
                    "unknown dataset '" + name + "'; expected one of " + String.join(", ", names()));
        }
        return p;
    }

    /** Where downloads go (one subdirectory per dataset). */
    public Path cacheDir() {
        return context.cacheDir();
    }

    /** As {@link #load(DatasetRequest)} for {@code name} from {@code dir} (null: the provider's own places), no options. */
    public DatasetSplits load(String name, Path dir) {
        return load(new DatasetRequest(name, dir, Map.of()));
    }

    /** As {@link #load(DatasetRequest)} for the dataset of a {@code data:} block. */
    public DatasetSplits load(DataConfig config) {
        return load(DatasetRequest.of(config));
    }

    /**
     * Loads and verifies a dataset through its provider. The result is kept for later calls with
     * an equal request.
     *
     * @throws IllegalArgumentException for an unknown name (the message lists the known ones) or
     *     options the provider refuses
     * @throws DataFileException when a file is missing, malformed, fails its checksum or cannot be
     *     downloaded; the message names the file or URL
     */
    public synchronized DatasetSplits load(DatasetRequest request) {
        DatasetProvider provider = provider(request.source());
        DatasetSplits splits = loaded.get(request);
        if (splits == null) {
            provider.validate(request);
            splits = provider.load(request, context);
            loaded.put(request, splits);
        }
        return splits;
    }
}
