package org.cgm4j.api.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The validated {@code loss:} block of an experiment: every loss weight in one place, so that an
 * ablation edits one key. Built against the model's {@link LossWeightSpec}s: an unknown key or a
 * value out of range is an error naming the key and what is allowed; every accepted key must be
 * given (the plugin's defaults supply them).
 */
public final class LossWeights {
    private final Map<String, Double> values;
    private final Set<String> scheduled;

    private LossWeights(Map<String, Double> values, Set<String> scheduled) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.scheduled = Collections.unmodifiableSet(new TreeSet<>(scheduled));
    }

    /** Validates {@code values} against {@code specs}. */
    public static LossWeights of(Map<String, Double> values, List<LossWeightSpec> specs) {
        Map<String, LossWeightSpec> byName = new LinkedHashMap<>();
        specs.forEach(s -> byName.put(s.name(), s));
        for (Map.Entry<String, Double> e : values.entrySet()) {
            LossWeightSpec spec = byName.get(e.getKey());
            if (spec == null) {
                throw new IllegalArgumentException("unknown loss weight 'loss." + e.getKey() + "'; allowed: "
                        + describe(specs));
            }
            Double v = e.getValue();
            if (v == null || !(v >= spec.min() && v <= spec.max())) {
                throw new IllegalArgumentException("loss." + e.getKey() + " must be " + spec.range() + ", got " + v);
            }
        }
        for (LossWeightSpec s : specs) {
            if (!values.containsKey(s.name())) {
                throw new IllegalArgumentException("loss." + s.name() + " is missing; allowed: " + describe(specs));
            }
        }
        return new LossWeights(values, Set.of());
    }

    /**
     * These weights with the named ones scheduled ({@code train.lossWeights}): the model multiplies
     * each such term by a scalar placeholder that the trainer feeds before every update (see
     * {@code TrainingSchedule.install(SameDiff, DataType, Set)}), so the weight changes without
     * rebuilding the graph.
     *
     * @throws IllegalArgumentException naming an unknown weight and the allowed ones
     */
    public LossWeights withScheduled(Set<String> names) {
        for (String n : names) {
            if (!values.containsKey(n)) {
                throw new IllegalArgumentException("train.lossWeights." + n + " schedules no loss weight of the model;"
                        + " allowed: " + String.join(", ", values.keySet()));
            }
        }
        return new LossWeights(values, names);
    }

    /** The names of the weights whose factor is scheduled over training (sorted; empty for none). */
    public Set<String> scheduled() {
        return scheduled;
    }

    private static String describe(List<LossWeightSpec> specs) {
        return specs.stream().map(s -> s.name() + " " + s.range()).collect(Collectors.joining(", "));
    }

    /** The weight called {@code name}. */
    public double get(String name) {
        Double v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no loss weight '" + name + "'; have " + values.keySet());
        }
        return v;
    }

    /** All weights, in the order given. */
    public Map<String, Double> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return scheduled.isEmpty() ? values.toString() : values + " scheduled " + scheduled;
    }
}
