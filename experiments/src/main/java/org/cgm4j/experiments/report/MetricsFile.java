package org.cgm4j.experiments.report;

import org.cgm4j.api.io.AtomicFiles;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Reads and writes a run's {@code metrics.json}: metric name to value, keys sorted, pretty printed.
 *
 * <p>Values are written in {@link Double#toString(double)}'s shortest form, which reads back to the
 * same double, so {@code cgm4j reproduce} can compare metrics exactly. NaN and the infinities are
 * written as the strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"} (plain JSON has
 * no such numbers) and read back as those values.
 */
public final class MetricsFile {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private MetricsFile() {}

    /**
     * Writes the metrics atomically.
     *
     * @param metrics name to value; no null names or values
     * @param json the file to write, usually {@code <run>/metrics.json}
     */
    public static void write(Map<String, Double> metrics, Path json) throws IOException {
        Objects.requireNonNull(metrics, "metrics");
        Map<String, Double> sorted = new TreeMap<>();
        metrics.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException("metric " + k + " = " + v + ": names and values must not be null");
            }
            sorted.put(k, v);
        });
        byte[] bytes = JSON.writeValueAsBytes(sorted);
        AtomicFiles.write(json, out -> {
            out.write(bytes);
            out.write('\n');
        });
    }

    /** Reads a file written by {@link #write}: an unmodifiable map with sorted keys. */
    public static Map<String, Double> read(Path json) throws IOException {
        TreeMap<String, Double> m = JSON.readValue(json.toFile(), new TypeReference<TreeMap<String, Double>>() {});
        if (m == null) {
            throw new IOException(json + " holds no metrics object");
        }
        for (Map.Entry<String, Double> e : m.entrySet()) {
            if (e.getValue() == null) {
                throw new IOException(json + ": metric '" + e.getKey() + "' is null");
            }
        }
        return Collections.unmodifiableMap(m);
    }
}
