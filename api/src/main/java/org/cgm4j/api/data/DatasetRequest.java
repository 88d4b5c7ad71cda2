package org.cgm4j.api.data;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link DatasetProvider} is asked to load: the dataset's name ({@code data.source}), the
 * directory the user named ({@code data.dir}, or null) and the provider's own options ({@code
 * data.options}, empty when not given). Two equal requests load the same data, so {@link
 * DatasetRegistry} keeps one result per request.
 */
public record DatasetRequest(String source, Path dir, Map<String, Object> options) {
    /** Normalises the directory to an absolute path and copies the options (null: none). */
    public DatasetRequest {
        Objects.requireNonNull(source, "source");
        dir = dir == null ? null : dir.toAbsolutePath().normalize();
        options = options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** The request of a {@code data:} block. */
    public static DatasetRequest of(DataConfig config) {
        return new DatasetRequest(config.source(), config.dir(), config.options());
    }

    /** The options, read with one-line errors naming {@code data.options.<key>}. */
    public DatasetOptions readOptions() {
        return new DatasetOptions(source, options);
    }
}
