package org.cgm4j.api.train;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A value that changes over training, as written in YAML: a learning-rate factor
 * ({@code train.learningRate}) or a loss-weight factor ({@code train.lossWeights.kl}). It is
 * evaluated before every update from the global update count t (0-based); lengths are in
 * updates, or in epochs with {@code unit: epoch} (then multiplied by the updates per epoch).
 *
 * <ul>
 *   <li>{@code constant}: {@code from};
 *   <li>{@code linear}: from {@code from} to {@code to} over {@code length}, then {@code to};
 *   <li>{@code step}: {@code from * factor^floor(t / every)};
 *   <li>{@code exponential}: {@code from * factor^(t / every)};
 *   <li>{@code cosine}: from {@code from} to {@code to} along half a cosine over {@code length}, then {@code to}.
 * </ul>
 *
 * With {@code warmup > 0} the value rises linearly, {@code (t + 1) / warmup} times the schedule's
 * start, over the first {@code warmup} updates, and the schedule proper starts after them.
 *
 * @param type constant, linear, step, exponential or cosine
 * @param from the value at the start (default 1)
 * @param to the value at the end of a linear or cosine schedule (default 0)
 * @param length the length of a linear or cosine schedule, >= 1
 * @param every the period of a step or exponential schedule, >= 1
 * @param factor the factor per period of a step or exponential schedule, > 0
 * @param warmup linear warm-up length, >= 0 (default 0)
 * @param unit step (default) or epoch: what length, every and warmup count
 */
public record ScheduleConfig(
        @JsonPropertyDescription("constant, linear, step, exponential or cosine") String type,
        @JsonPropertyDescription("value at the start (default 1)") Double from,
        @JsonPropertyDescription("value at the end of a linear or cosine schedule (default 0)") Double to,
        @JsonPropertyDescription("length of a linear or cosine schedule, >= 1") Integer length,
        @JsonPropertyDescription("period of a step or exponential schedule, >= 1") Integer every,
        @JsonPropertyDescription("factor per period of a step or exponential schedule, > 0") Double factor,
        @JsonPropertyDescription("linear warm-up length, >= 0 (default 0)") Integer warmup,
        @JsonPropertyDescription("what length, every and warmup count: step (default) or epoch") String unit) {
    /** Schedule names. */
    public static final String CONSTANT = "constant";
    /** Linear from {@code from} to {@code to}. */
    public static final String LINEAR = "linear";
    /** Piecewise constant, multiplied by {@code factor} every {@code every}. */
    public static final String STEP = "step";
    /** {@code factor} per {@code every}, continuously. */
    public static final String EXPONENTIAL = "exponential";
    /** Half a cosine from {@code from} to {@code to}. */
    public static final String COSINE = "cosine";

    /** Validates and fills defaults; messages name the key below the schedule's own. */
    public ScheduleConfig {
        if (type == null) {
            throw new IllegalArgumentException("type is missing; allowed: constant, linear, step, exponential, cosine");
        }
        from = from == null ? 1.0 : from;
        to = to == null ? 0.0 : to;
        warmup = warmup == null ? 0 : warmup;
        unit = unit == null ? "step" : unit;
        if (!unit.equals("step") && !unit.equals("epoch")) {
            throw new IllegalArgumentException("unit must be step or epoch, got '" + unit + "'");
        }
        if (!Double.isFinite(from) || !Double.isFinite(to)) {
            throw new IllegalArgumentException("from and to must be finite numbers");
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("warmup must be >= 0, got " + warmup);
        }
        switch (type) {
            case CONSTANT -> { }
            case LINEAR, COSINE -> {
                if (length == null || length < 1) {
                    throw new IllegalArgumentException("a " + type + " schedule needs length >= 1, got " + length);
                }
            }
            case STEP, EXPONENTIAL -> {
                if (every == null || every < 1) {
                    throw new IllegalArgumentException("a " + type + " schedule needs every >= 1, got " + every);
                }
                if (factor == null || !(factor > 0) || !Double.isFinite(factor)) {
                    throw new IllegalArgumentException("a " + type + " schedule needs factor > 0, got " + factor);
                }
            }
            default -> throw new IllegalArgumentException("type must be constant, linear, step, exponential or"
                    + " cosine, got '" + type + "'");
        }
    }

    /** A linear schedule over {@code length} updates. */
    public static ScheduleConfig linear(double from, double to, int length) {
        return new ScheduleConfig(LINEAR, from, to, length, null, null, 0, "step");
    }

    /**
     * The value before update {@code t} (0-based global count).
     *
     * @param updatesPerEpoch updates in one epoch, for {@code unit: epoch}
     */
    public double at(long t, long updatesPerEpoch) {
        long scale = unit.equals("epoch") ? Math.max(1, updatesPerEpoch) : 1;
        long w = warmup * scale;
        double start = valueAfterWarmup(0, scale);
        if (t < w) {
            return start * (t + 1) / (double) w;
        }
        return valueAfterWarmup(t - w, scale);
    }

    private double valueAfterWarmup(long t, long scale) {
        return switch (type) {
            case LINEAR -> {
                double p = Math.min(1.0, t / (double) (length * scale));
                yield from + (to - from) * p;
            }
            case COSINE -> {
                double p = Math.min(1.0, t / (double) (length * scale));
                yield to + (from - to) * 0.5 * (1 + Math.cos(Math.PI * p));
            }
            case STEP -> from * Math.pow(factor, Math.floorDiv(t, every * scale));
            case EXPONENTIAL -> from * Math.pow(factor, t / (double) (every * scale));
            default -> from;
        };
    }
}
