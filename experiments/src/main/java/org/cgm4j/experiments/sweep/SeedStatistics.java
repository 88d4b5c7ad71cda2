package org.cgm4j.experiments.sweep;

import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * Statistics of a metric over the seeds of one configuration, and the comparison of two
 * configurations: the mean, the sample standard deviation, the standard error of the mean and a
 * 95% confidence interval from Student's t with n - 1 degrees of freedom; Welch's unequal-variance
 * t-test between two samples (Commons Math). Figures that a sample cannot give (a spread of one
 * value, a test without variance) are NaN, and {@link Summary#note()} or {@link Comparison#note()}
 * says why.
 */
public final class SeedStatistics {
    /** The confidence level of the intervals. */
    public static final double CONFIDENCE = 0.95;

    private SeedStatistics() {}

    /**
     * A sample summarised.
     *
     * @param n values in the sample
     * @param mean their mean (NaN for none)
     * @param sd the sample standard deviation, n - 1 in the denominator (NaN for n < 2)
     * @param se the standard error of the mean, sd / sqrt(n) (NaN for n < 2)
     * @param ciLow the lower end of the 95% interval, mean - t(0.975, n - 1) * se (NaN for n < 2)
     * @param ciHigh the upper end (NaN for n < 2)
     * @param note why sd, se and the interval are missing; empty when they are there
     */
    public record Summary(int n, double mean, double sd, double se, double ciLow, double ciHigh, String note) {
        /** Checks. */
        public Summary {
            Objects.requireNonNull(note, "note");
        }

        /** Whether the sample gives a spread and an interval (n >= 2). */
        public boolean hasInterval() {
            return n >= 2;
        }

        /** Half the interval's width (NaN without an interval). */
        public double halfWidth() {
            return (ciHigh - ciLow) / 2;
        }
    }

    /**
     * A comparison of one sample with a reference sample.
     *
     * @param difference the mean minus the reference's mean (NaN when either is empty)
     * @param t Welch's t statistic (NaN when not defined)
     * @param p the two-sided p-value of Welch's test (NaN when not defined)
     * @param note why the test is missing; empty when it is there
     */
    public record Comparison(double difference, double t, double p, String note) {
        /** Checks. */
        public Comparison {
            Objects.requireNonNull(note, "note");
        }
    }

    /** Summarises {@code values} (in any order; none is allowed and gives n = 0). */
    public static Summary summarize(double[] values) {
        int n = values.length;
        if (n == 0) {
            return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, "no value");
        }
        double mean = mean(values);
        if (n == 1) {
            return new Summary(1, mean, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    "one value: no spread or interval");
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double se = sd / Math.sqrt(n);
        double t = criticalT(n - 1);
        return new Summary(n, mean, sd, se, mean - t * se, mean + t * se, "");
    }

    /** The two-sided {@value #CONFIDENCE} critical value of Student's t with {@code df} degrees of freedom. */
    public static double criticalT(int df) {
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom must be at least 1, got " + df);
        }
        return new TDistribution(null, df).inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
    }

    /**
     * Welch's test of {@code values} against {@code reference}: both need at least two values, and
     * at least one of them some spread (two constant samples give no test; their difference is
     * still reported).
     */
    public static Comparison welch(double[] values, double[] reference) {
        if (values.length == 0 || reference.length == 0) {
            return new Comparison(Double.NaN, Double.NaN, Double.NaN, "no value");
        }
        double difference = mean(values) - mean(reference);
        if (values.length < 2 || reference.length < 2) {
            return new Comparison(difference, Double.NaN, Double.NaN, "needs two or more values on each side");
        }
        if (isConstant(values) && isConstant(reference)) {
            return new Comparison(difference, Double.NaN, Double.NaN, "no spread on either side");
        }
        TTest test = new TTest();
        return new Comparison(difference, test.t(values, reference), test.tTest(values, reference), "");
    }

    private static boolean isConstant(double[] values) {
        return Arrays.stream(values).allMatch(v -> v == values[0]);
    }

    private static double mean(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s / values.length;
    }
}
