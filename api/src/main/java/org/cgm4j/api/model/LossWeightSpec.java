package org.cgm4j.api.model;

/**
 * A loss weight a model accepts under {@code loss:}, with its allowed range. The default value
 * lives in the plugin's {@code defaults.yaml}, not here.
 *
 * @param name the key ({@code kl}, {@code alpha}, ...)
 * @param min smallest allowed value
 * @param max largest allowed value ({@code Double.POSITIVE_INFINITY} for none)
 * @param description what the weight does, for {@code cgm4j describe}
 */
public record LossWeightSpec(String name, double min, double max, String description) {
    /** A weight that must be >= 0. */
    public static LossWeightSpec nonNegative(String name, String description) {
        return new LossWeightSpec(name, 0, Double.POSITIVE_INFINITY, description);
    }

    /** The allowed range as text: {@code [0, 1]} or {@code >= 0}. */
    public String range() {
        return Double.isInfinite(max) ? ">= " + fmt(min) : "[" + fmt(min) + ", " + fmt(max) + "]";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
