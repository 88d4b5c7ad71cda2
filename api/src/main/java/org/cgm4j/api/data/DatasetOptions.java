package org.cgm4j.api.data;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.cgm4j.api.UserText;

/**
 * A provider's {@code data.options:} block, read with one-line errors: each names the key as
 * written in YAML ({@code data.options.<key>}), what was given and what is allowed, so that the
 * definition loader can point at the line.
 */
public final class DatasetOptions {
    private static final String PREFIX = "data.options.";

    private final String dataset;
    private final Map<String, Object> options;

    /** The options of {@code dataset} ({@code data.source}); null means none. */
    public DatasetOptions(String dataset, Map<String, Object> options) {
        this.dataset = dataset;
        this.options = options == null ? Map.of() : options;
    }

    /**
     * Refuses every key not in {@code allowed}.
     *
     * @throws IllegalArgumentException naming the first unknown key and the allowed ones
     */
    public DatasetOptions allowOnly(Collection<String> allowed) {
        for (String key : new TreeSet<>(options.keySet())) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(PREFIX + key + ": unknown option of dataset '" + dataset + "'; "
                        + (allowed.isEmpty() ? "it takes no options"
                                : "allowed: " + String.join(", ", new TreeSet<>(allowed))));
            }
        }
        return this;
    }

    /** Whether {@code key} is given. */
    public boolean has(String key) {
        return options.containsKey(key);
    }

    /** A text option, or {@code defaultValue} when absent. */
    public String string(String key, String defaultValue) {
        Object v = options.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof String s)) {
            throw wrong(key, v, "a string");
        }
        return s;
    }

    /** A text option out of {@code allowed}, or {@code defaultValue} when absent. */
    public String choice(String key, String defaultValue, List<String> allowed) {
        String s = string(key, defaultValue);
        if (s != null && !allowed.contains(s)) {
            throw wrong(key, s, "one of " + String.join(", ", allowed));
        }
        return s;
    }

    /** A true/false option, or {@code defaultValue} when absent. */
    public boolean bool(String key, boolean defaultValue) {
        Object v = options.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Boolean b)) {
            throw wrong(key, v, "true or false");
        }
        return b;
    }

    /** An integer option in [{@code min}, {@code max}], or {@code defaultValue} when absent. */
    public int integer(String key, int defaultValue, int min, int max) {
        Object v = options.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Integer i) || i < min || i > max) {
            throw wrong(key, v, "an integer in [" + min + ", " + max + "]");
        }
        return i;
    }

    /** A path option, or null when absent (relative paths stay relative: to the working directory). */
    public Path path(String key) {
        String s = string(key, null);
        return s == null ? null : Path.of(s);
    }

    private IllegalArgumentException wrong(String key, Object value, String expected) {
        String given = value instanceof String s ? "'" + UserText.clip(s) + "'"
                : value instanceof Map<?, ?> ? "a mapping"
                : value instanceof Collection<?> ? "a list"
                : UserText.clip(String.valueOf(value));
        return new IllegalArgumentException(PREFIX + key + ": expected " + expected + ", got " + given
                + " (dataset '" + dataset + "')");
    }
}
