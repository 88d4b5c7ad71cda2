package org.cgm4j.experiments.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of a definition's {@code expect:} (or {@code check.expect:}) list: what a figure of
 * the definition's runs must be, checked by {@code cgm4j check} on the mean over seeds of each
 * configuration (variant x axis values). Exactly one of {@code within}, {@code ascending} and
 * {@code atMost}:
 *
 * <pre>
 * - {metric: test/negativeCll_importance, at: {variant: cvae, data.task.given: 1}, within: [60, 75]}
 * - {metric: test/negativeCll_importance, at: {data.task.given: [1, 2]}, ascending: [cvae, gsnn, baseline]}
 * - {metric: test/negativeCll_importance, at: {data.task.given: 1}, ascending: [cvae, baseline], margin: 5}
 * - {metric: test/negativeLogLikelihood_importance, atMost: test/negativeElbo}
 * </pre>
 *
 * @param metric a key of the runs' {@code metrics.json}
 * @param at the configurations it speaks of: {@code variant} and axis keys, each a value or a
 *     list of values; a dimension not named means every value. Empty: every configuration
 * @param within the band {@code [low, high]} that the mean must lie in, at every configuration of {@code at}
 * @param ascending variants whose means must increase in this order, at every setting of the axes in {@code at}
 * @param margin with {@code ascending}: by more than this much each (default 0)
 * @param atMost another metric that {@code metric}'s mean must not exceed, at every configuration of {@code at}
 */
public record Expectation(
        @JsonPropertyDescription("a key of the runs' metrics.json, e.g. test/negativeCll_importance") String metric,
        @JsonPropertyDescription("the configurations: variant and axis keys, each a value or a list of values")
                Map<String, JsonNode> at,
        @JsonPropertyDescription("[low, high]: the band the mean over seeds must lie in") List<Double> within,
        @JsonPropertyDescription("variants whose means must increase in this order") List<String> ascending,
        @JsonPropertyDescription("with ascending: by more than this much each (default 0)") Double margin,
        @JsonPropertyDescription("another metric that the mean must not exceed") String atMost) {
    /** Validates; messages name the key. */
    public Expectation {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("metric must name a key of the runs' metrics.json,"
                    + " e.g. test/negativeElbo");
        }
        at = at == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(at));
        int kinds = (within != null ? 1 : 0) + (ascending != null ? 1 : 0) + (atMost != null ? 1 : 0);
        if (kinds != 1) {
            throw new IllegalArgumentException("an expectation of '" + metric + "' needs exactly one of within: [low,"
                    + " high], ascending: [variants] and atMost: metric");
        }
        if (within != null && (within.size() != 2 || within.get(0) == null || within.get(1) == null
                || !(within.get(0) <= within.get(1)))) {
            throw new IllegalArgumentException("within must be [low, high] with low <= high, got " + within);
        }
        if (ascending != null && ascending.size() < 2) {
            throw new IllegalArgumentException("ascending must list at least two variants, got " + ascending);
        }
        if (margin != null && ascending == null) {
            throw new IllegalArgumentException("margin goes with ascending");
        }
        margin = margin == null ? 0.0 : margin;
        within = within == null ? null : List.copyOf(within);
        ascending = ascending == null ? null : List.copyOf(ascending);
    }
}
