package org.cgm4j.experiments.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A definition's {@code check:} block: a reduced budget that {@code cgm4j check --budget check}
 * (and the test suite) runs, with its own expectations, to catch drift in minutes rather than
 * reproduce the figures. Its runs go under the experiment's name with {@code -check} appended
 * unless {@code set} names one.
 *
 * @param set keys overridden as {@code --set} would, e.g. {@code {train.epochs: 2, data.limit: 2000}}
 * @param variants the variants run (default: all)
 * @param expect what the reduced runs' figures must be
 */
public record CheckConfig(
        @JsonPropertyDescription("dotted keys overridden as --set would, e.g. {train.epochs: 2}") Map<String, JsonNode> set,
        @JsonPropertyDescription("the variants run (default: all)") List<String> variants,
        @JsonPropertyDescription("what the reduced runs' figures must be") List<Expectation> expect) {
    /** Copies; the expectations are required. */
    public CheckConfig {
        set = set == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(set));
        variants = variants == null ? List.of() : List.copyOf(variants);
        if (expect == null || expect.isEmpty()) {
            throw new IllegalArgumentException("check.expect must list at least one expectation");
        }
        expect = List.copyOf(expect);
    }

    /** {@link #set} as {@code --set} arguments ({@code key=value}, the value as YAML flow text). */
    public List<String> overrides() {
        return set.entrySet().stream().map(e -> e.getKey() + "=" + FlowText.of(e.getValue())).toList();
    }
}
