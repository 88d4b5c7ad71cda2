package org.cgm4j.api.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link DatasetProvider} may use besides the request: the cache directory that downloads
 * go to ({@code <cacheDir>/<dataset>/}) and mirror URLs that override a provider's download
 * location, by dataset name.
 */
public record DatasetContext(Path cacheDir, Map<String, URI> mirrors) {
    /** Normalises the cache directory and copies the mirrors. */
    public DatasetContext {
        Objects.requireNonNull(cacheDir, "the dataset cache directory must not be null");
        cacheDir = cacheDir.toAbsolutePath().normalize();
        mirrors = Map.copyOf(mirrors == null ? Map.of() : mirrors);
    }

    /** The mirror set for {@code dataset}, or null. */
    public URI mirror(String dataset) {
        return mirrors.get(dataset);
    }
}
