package org.cgm4j.api.eval;

/** Mean and standard error of a stream of per-example values, accumulated in double (Welford). */
public final class RunningMean {
    private long n;
    private double mean;
    private double m2;

    /** Adds one value. */
    public void add(double x) {
        n++;
        double d = x - mean;
        mean += d / n;
        m2 += d * (x - mean);
    }

    /** Values seen. */
    public long count() {
        return n;
    }

    /** Their mean (NaN when empty). */
    public double mean() {
        return n == 0 ? Double.NaN : mean;
    }

    /** Standard error of the mean (0 with fewer than two values). */
    public double standardError() {
        return n < 2 ? 0 : Math.sqrt(m2 / (n - 1) / n);
    }
}
