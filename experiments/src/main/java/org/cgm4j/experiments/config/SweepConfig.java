package org.cgm4j.experiments.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The {@code sweep:} block of an experiment definition: what {@code cgm4j sweep} expands the
 * definition into. Every run is one (variant, combination of axis values, seed), resolved as the
 * definition with the variant's keys, then the axis values, then the seed applied as overrides.
 *
 * <pre>{@code
 * sweep:
 *   axes: {data.task.given: [1, 2, 3]}          # outer product, first key slowest
 *   variants:                                   # name -> dotted key -> value; {} is the definition as is
 *     baseline: {model.type: baseline}
 *     cvae: {}
 *     hybrid: {model.type: hybrid, loss.alpha: 0.5}
 *   seeds: [1, 2, 3]                            # default: the definition's seed
 * }</pre>
 *
 * <p>Keys are dotted keys as for {@code --set} ({@code model.hidden}, {@code data.task.given}).
 * A variant that sets {@code model.type} starts from that plugin's defaults (see {@link
 * org.cgm4j.experiments.config.DefinitionLoader}): its {@code model.type} is applied first, then its
 * other keys. A variant may not set a key that is also an axis (the axis would silently win), and
 * neither may set {@code name}, {@code seed}, {@code extends}, {@code sweep} or {@code report}.
 *
 * <p>Like every mapping of a definition, a sweep block merges with the one of the file it {@code
 * extends} and with {@code --set} overrides: a child's variants and axes are added to its parent's,
 * and one of the same key is replaced (its list of values, or its mapping merged). So {@code --set
 * sweep.axes={data.task.given: [1]}} narrows an axis and {@code --set sweep.seeds=[1,2,3]} sets the
 * seeds, but neither can remove an axis or a variant; {@code cgm4j sweep --variant NAME} runs a
 * subset of the variants.
 *
 * @param axes dotted key to the values it takes, in order; empty for none
 * @param variants variant name to its overrides (dotted key to value), in order; empty for one
 *     unnamed variant, the definition as is
 * @param seeds the seeds every (variant, axis values) runs with; null for the definition's seed
 */
public record SweepConfig(
        @JsonPropertyDescription("dotted key -> list of values; runs take their outer product, first key slowest")
                Map<String, List<JsonNode>> axes,
        @JsonPropertyDescription("variant name -> {dotted key: value} overrides; {} is the definition as is")
                Map<String, Map<String, JsonNode>> variants,
        @JsonPropertyDescription("seeds each (variant, axis values) runs with; default: the definition's seed")
                List<Long> seeds) {
    /** A dotted key: words of letters, digits, '_' or '-', joined by dots. */
    static final Pattern DOTTED_KEY = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    /** A variant name: letters, digits, '.', '_' and '-', starting with a letter or digit, no "__". */
    static final Pattern VARIANT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** The top-level keys a sweep may not change. */
    static final Set<String> RESERVED = Set.of("name", "seed", "extends", "sweep", "report");

    /** The name of the variant dimension where a report names rows or columns. */
    public static final String VARIANT_KEY = "variant";

    /** The dotted key that selects a model's plugin; a variant applies it before its other keys. */
    public static final String MODEL_TYPE = "model.type";

    /** Validates and copies, keeping the order written. */
    public SweepConfig {
        Map<String, List<JsonNode>> a = new LinkedHashMap<>();
        if (axes != null) {
            for (Map.Entry<String, List<JsonNode>> e : axes.entrySet()) {
                String key = e.getKey();
                checkKey("sweep.axes", key);
                List<JsonNode> values = e.getValue();
                if (values == null || values.isEmpty()) {
                    throw new IllegalArgumentException("sweep.axes." + key + " must be a non-empty list of values");
                }
                Set<String> seen = new HashSet<>();
                List<JsonNode> copy = new ArrayList<>();
                for (JsonNode v : values) {
                    JsonNode value = v == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : v;
                    if (!seen.add(FlowText.of(value))) {
                        throw new IllegalArgumentException("sweep.axes." + key + " lists the value "
                                + FlowText.of(value) + " twice");
                    }
                    copy.add(value.deepCopy());
                }
                a.put(key, Collections.unmodifiableList(copy));
            }
        }
        for (String k1 : a.keySet()) {
            for (String k2 : a.keySet()) {
                if (!k1.equals(k2) && isUnder(k2, k1)) {
                    throw new IllegalArgumentException("sweep.axes: " + k2 + " lies inside " + k1
                            + "; the axis " + k1 + " would overwrite it");
                }
            }
        }
        Map<String, Map<String, JsonNode>> v = new LinkedHashMap<>();
        if (variants != null) {
            for (Map.Entry<String, Map<String, JsonNode>> e : variants.entrySet()) {
                String name = e.getKey();
                if (!VARIANT_NAME.matcher(name).matches() || name.contains("__")) {
                    throw new IllegalArgumentException("sweep.variants: '" + name + "' is not a variant name; use"
                            + " letters, digits, '.', '_' and '-' (no '__'), starting with a letter or digit");
                }
                Map<String, JsonNode> overrides = new LinkedHashMap<>();
                if (e.getValue() != null) {
                    for (Map.Entry<String, JsonNode> o : e.getValue().entrySet()) {
                        String key = o.getKey();
                        checkKey("sweep.variants." + name, key);
                        for (String axis : a.keySet()) {
                            if (isUnder(key, axis) || isUnder(axis, key)) {
                                throw new IllegalArgumentException("sweep.variants." + name + " sets " + key
                                        + ", which the axis " + axis + " also sets; an axis wins over a variant,"
                                        + " so set it in one place only");
                            }
                        }
                        JsonNode value = o.getValue() == null
                                ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : o.getValue();
                        overrides.put(key, value.deepCopy());
                    }
                }
                v.put(name, Collections.unmodifiableMap(overrides));
            }
        }
        List<Long> s = null;
        if (seeds != null) {
            if (seeds.isEmpty()) {
                throw new IllegalArgumentException("sweep.seeds must list at least one seed (or be left out for the"
                        + " definition's seed)");
            }
            Set<Long> seen = new HashSet<>();
            for (Long seed : seeds) {
                if (seed == null) {
                    throw new IllegalArgumentException("sweep.seeds must be integers, got null");
                }
                if (!seen.add(seed)) {
                    throw new IllegalArgumentException("sweep.seeds lists " + seed + " twice");
                }
            }
            s = List.copyOf(seeds);
        }
        axes = Collections.unmodifiableMap(a);
        variants = Collections.unmodifiableMap(v);
        seeds = s;
    }

    private static void checkKey(String where, String key) {
        if (!DOTTED_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException(where + ": '" + key + "' is not a dotted key such as model.hidden");
        }
        String top = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
        if (RESERVED.contains(top)) {
            throw new IllegalArgumentException(where + ": a sweep cannot set '" + key + "'"
                    + (top.equals("seed") ? "; list seeds under sweep.seeds" : ""));
        }
    }

    /** Whether dotted key {@code key} is {@code prefix} or lies inside it. */
    static boolean isUnder(String key, String prefix) {
        return key.equals(prefix) || key.startsWith(prefix + ".");
    }

    /** The seeds to run: {@link #seeds()}, or {@code definitionSeed} when none are listed. */
    public List<Long> seedsOr(long definitionSeed) {
        return seeds == null ? List.of(definitionSeed) : seeds;
    }

    /**
     * Every combination of axis values, in outer-product order (the first axis slowest, like nested
     * loops in key order); one empty combination when there are no axes.
     */
    public List<Map<String, JsonNode>> combinations() {
        return combinations(List.copyOf(axes.keySet()), axes::get).stream().map(Collections::unmodifiableMap).toList();
    }

    /**
     * Every combination of one value per key, in outer-product order (the first key slowest, like
     * nested loops in the order of {@code keys}); one empty combination when there are no keys.
     *
     * @param keys the keys, in order
     * @param values the values a key takes, in order
     * @return the combinations, each a mapping of every key to one of its values, in key order
     */
    public static <V> List<Map<String, V>> combinations(List<String> keys, Function<String, List<V>> values) {
        List<Map<String, V>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (String key : keys) {
            List<Map<String, V>> next = new ArrayList<>();
            for (Map<String, V> prefix : out) {
                for (V value : values.apply(key)) {
                    Map<String, V> c = new LinkedHashMap<>(prefix);
                    c.put(key, value);
                    next.add(c);
                }
            }
            out = next;
        }
        return out;
    }
}
