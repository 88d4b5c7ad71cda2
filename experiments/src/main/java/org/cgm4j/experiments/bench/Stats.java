package org.cgm4j.experiments.bench;

import java.util.Arrays;

/**
 * The median and spread of repeated measurements.
 *
 * @param values the measurements in the order taken
 * @param median their median
 * @param min the smallest
 * @param max the largest
 * @param spread {@code (max - min) / median}, the relative range
 */
public record Stats(double[] values, double median, double min, double max, double spread) {
    /** The statistics of {@code values} (at least one). */
    public static Stats of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
        double min = sorted[0];
        double max = sorted[n - 1];
        return new Stats(values.clone(), median, min, max, median == 0 ? 0 : (max - min) / median);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Stats s && Arrays.equals(values, s.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return String.format("%.4g [%.4g, %.4g]", median, min, max);
    }
}
