package org.cgm4j.experiments.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsEveryDoubleExactly() throws IOException {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("test/cll", 0.1 + 0.2);
        metrics.put("test/third", 1.0 / 3);
        metrics.put("tiny", Double.MIN_VALUE);
        metrics.put("huge", -Double.MAX_VALUE);
        metrics.put("negativeZero", -0.0);
        metrics.put("integer", 42.0);
        metrics.put("diverged", Double.NaN);
        metrics.put("unbounded", Double.NEGATIVE_INFINITY);
        Path json = dir.resolve("run/metrics.json");
        MetricsFile.write(metrics, json);

        Map<String, Double> read = MetricsFile.read(json);
        assertThat(read).containsOnlyKeys(metrics.keySet());
        metrics.forEach((k, v) -> assertThat(Double.doubleToRawLongBits(read.get(k)))
                .as(k)
                .isEqualTo(Double.doubleToRawLongBits(v)));
        assertThat(read.get("test/cll")).isNotEqualTo(0.3);
    }

    @Test
    void keysAreSortedAndPrettyPrinted() throws IOException {
        Map<String, Double> metrics = new HashMap<>();
        metrics.put("b", 2.0);
        metrics.put("a", 1.5);
        metrics.put("c/x", 0.30000000000000004);
        Path json = dir.resolve("metrics.json");
        MetricsFile.write(metrics, json);
        String text = Files.readString(json);
        assertThat(text).contains("\n");
        assertThat(text.indexOf("\"a\"")).isLessThan(text.indexOf("\"b\"")).isLessThan(text.indexOf("\"c/x\""));
        assertThat(text).contains("0.30000000000000004");
        assertThat(MetricsFile.read(json).keySet()).containsExactly("a", "b", "c/x");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("metrics.json");
        }
    }

    @Test
    void nullValuesAreRejected() {
        Map<String, Double> metrics = new HashMap<>();
        metrics.put("x", null);
        assertThatThrownBy(() -> MetricsFile.write(metrics, dir.resolve("m.json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x");
        assertThat(dir.resolve("m.json")).doesNotExist();
    }
}
