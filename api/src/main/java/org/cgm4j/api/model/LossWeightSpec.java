package org.cgm4j.api.model;

/**
 * A loss weight a model accepts under {@code loss:}: its key, its default, its allowed range and
 * what it does. This is the one place a weight is declared: the definition loader takes the
 * {@code loss:} defaults of a model type from here ({@link ModelFactory#lossDefaults()}), {@code
 * cgm4j describe} lists them, and {@link LossWeights} validates against them.
 *
 * @param name the key ({@code kl}, {@code alpha}, ...)
 * @param defaultValue the value a definition gets when it does not set the key; within the range
 * @param min smallest allowed value
 * @param max largest allowed value ({@code Double.POSITIVE_INFINITY} for none)
 * @param description what the weight does, for {@code cgm4j describe}
 */
public record LossWeightSpec(String name, double defaultValue, double min, double max, String description) {
    /** Refuses a default outside the allowed range (a plugin bug, caught when the plugin loads). */
    public LossWeightSpec {
        if (!(defaultValue >= min && defaultValue <= max)) {
            throw new IllegalArgumentException("the default of loss weight '" + name + "' is " + defaultValue
                    + ", outside its range " + range(min, max));
        }
    }

    /** A weight that must be >= 0. */
    public static LossWeightSpec nonNegative(String name, double defaultValue, String description) {
        return new LossWeightSpec(name, defaultValue, 0, Double.POSITIVE_INFINITY, description);
    }

    /** The allowed range as text: {@code [0, 1]} or {@code >= 0}. */
    public String range() {
        return range(min, max);
    }

    private static String range(double min, double max) {
        return Double.isInfinite(max) ? ">= " + fmt(min) : "[" + fmt(min) + ", " + fmt(max) + "]";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
