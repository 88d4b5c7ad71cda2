package org.cgm4j.api.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Reductions that are safe over an axis of length 1, and a numerically safe log-mean-exp.
 *
 * <p>Why: in ND4J/SameDiff 1.0.0-M2.1 every reduction ({@code sum}, {@code mean}, {@code max},
 * ...) over an axis of length 1 fails when the graph is executed (not when it is built) with a
 * bare {@code NullPointerException} in {@code BaseReduceOp.noOp}: {@code sd.reshape(v, 1,
 * -1).sum(0)} does, and so does {@code p.sum(0)} on a {@code [-1, 3]} placeholder fed one row. The
 * methods here take the axis length as known when the graph is built and, when it is 1, remove
 * the axis with a reshape instead of reducing over it (the value is the same: the one element).
 * An axis whose length is only known from a placeholder (the batch) cannot be guarded this way:
 * reduce the batch with a whole-array {@code mean()}, which has no such problem.
 */
public final class Reductions {
    private Reductions() {}

    /**
     * The sum of {@code x} {@code [n, m]} over {@code axis} (0 or 1), whose length is {@code
     * length}: {@code [m]} or {@code [n]}.
     */
    public static SDVariable sum(SameDiff sd, SDVariable x, int axis, long length) {
        return length == 1 ? dropAxis(sd, x, axis) : x.sum(axis);
    }

    /** The mean of {@code x} {@code [n, m]} over {@code axis} (0 or 1) of length {@code length}. */
    public static SDVariable mean(SameDiff sd, SDVariable x, int axis, long length) {
        return length == 1 ? dropAxis(sd, x, axis) : x.mean(axis);
    }

    /**
     * {@code log((1/K) sum_k exp(x_k))} over axis 0 of {@code x} {@code [K, batch]}, {@code
     * [batch]}: shifted by the maximum over k, {@code m + log((1/K) sum_k exp(x_k - m))}, so that
     * no term overflows and at least one is exactly 1 (the log of the sum cannot underflow to
     * log 0). The gradient through {@code m} cancels analytically (it is the softmax weights'
     * sum minus 1). At K = 1 it is {@code x} itself, without a reduction.
     *
     * @param k the length K of axis 0, as known when the graph is built
     */
    public static SDVariable logMeanExp(SameDiff sd, SDVariable x, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("log-mean-exp needs K >= 1, got " + k);
        }
        if (k == 1) {
            return dropAxis(sd, x, 0);
        }
        SDVariable m = x.max(0);                                             // [batch]
        SDVariable shifted = sd.math().exp(x.sub(m));                        // [K, batch], <= 1
        return sd.math().log(shifted.mean(0)).add(m);                        // [batch]
    }

    /** {@code [n, m]} without {@code axis}, which has length 1: a reshape to a vector. */
    private static SDVariable dropAxis(SameDiff sd, SDVariable x, int axis) {
        if (axis != 0 && axis != 1) {
            throw new IllegalArgumentException("axis must be 0 or 1 of a matrix, got " + axis);
        }
        return sd.reshape(x, -1);
    }
}
