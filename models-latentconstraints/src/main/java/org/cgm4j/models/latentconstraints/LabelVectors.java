package org.cgm4j.models.latentconstraints;

import java.util.Arrays;
import java.util.List;
import org.cgm4j.api.rng.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The values the label vector y of a conditional pair takes: one class out of K as a one-hot
 * vector, or K binary attributes (any vector in {0, 1}^K). Actors and critics take both alike,
 * through a linear embedding of the vector; what differs is only which vectors exist, hence how
 * the training feed draws the labels that are not the data's:
 *
 * <ul>
 *   <li>{@link #random}: a target of the actor on real codes, uniform over the values (a class,
 *       or each attribute 0 or 1 with probability 1/2);
 *   <li>{@link #mismatched}: the critic's wrong label for a real code (Engel et al.'s
 *       mismatched-attribute fakes), uniform over the values other than the true one.
 * </ul>
 *
 * @param width K
 * @param oneHot whether the values are one-hot classes (else attribute vectors)
 * @param names the attributes' names (empty for classes)
 */
public record LabelVectors(int width, boolean oneHot, List<String> names) {
    /** Checks the width. */
    public LabelVectors {
        if (width < 1) {
            throw new IllegalArgumentException("label vectors need width >= 1, got " + width);
        }
        names = List.copyOf(names);
    }

    /** One-hot classes 0..k-1. */
    public static LabelVectors classes(int k) {
        return new LabelVectors(k, true, List.of());
    }

    /** Binary attributes of these names. */
    public static LabelVectors attributes(List<String> names) {
        return new LabelVectors(names.size(), false, names);
    }

    /** The one-hot vector of class {@code k}. */
    public double[] ofClass(int k) {
        if (!oneHot) {
            throw new IllegalArgumentException("these labels are binary attribute vectors " + names
                    + ", not classes");
        }
        if (k < 0 || k >= width) {
            throw new IllegalArgumentException("label " + k + " is outside [0, " + width + ")");
        }
        double[] v = new double[width];
        v[k] = 1;
        return v;
    }

    /** A uniform draw: one {@code nextInt(K)} for classes, K {@code nextDouble()}s for attributes. */
    public double[] random(Rng rng) {
        if (oneHot) {
            return ofClass(rng.nextInt(width));
        }
        double[] v = new double[width];
        for (int a = 0; a < width; a++) {
            v[a] = rng.nextDouble() < 0.5 ? 1 : 0;
        }
        return v;
    }

    /**
     * A uniform draw among the values other than {@code truth}: for classes another class (one
     * {@code nextInt(K - 1)}; with a single class, that class), for attributes a uniform vector
     * drawn again while it equals {@code truth}.
     */
    public double[] mismatched(double[] truth, Rng rng) {
        if (oneHot) {
            int t = argMax(truth);
            return ofClass(width < 2 ? 0 : (t + 1 + rng.nextInt(width - 1)) % width);
        }
        double[] v;
        do {
            v = random(rng);
        } while (Arrays.equals(v, truth));
        return v;
    }

    /** A copy of attribute vector {@code truth} with attribute {@code a} flipped: an edit's target. */
    public static double[] flipped(double[] truth, int a) {
        double[] v = truth.clone();
        v[a] = 1 - v[a];
        return v;
    }

    /**
     * A random edit's target: for attributes {@code truth} with one attribute flipped (one {@code
     * nextInt(K)}), for classes another class ({@link #mismatched}).
     */
    public double[] edited(double[] truth, Rng rng) {
        return oneHot ? mismatched(truth, rng) : flipped(truth, rng.nextInt(width));
    }

    /** Rows as an {@code [n, K]} array of {@code type}. */
    public INDArray rows(double[][] rows, DataType type) {
        double[] flat = new double[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != width) {
                throw new IllegalArgumentException("label vector " + i + " has " + rows[i].length
                        + " entries, expected " + width);
            }
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return Nd4j.create(flat, new long[] {rows.length, width}, DataType.DOUBLE).castTo(type);
    }

    /** A short caption of an attribute vector: the names of the attributes that are 1, or "none". */
    public String caption(double[] v) {
        if (oneHot) {
            return Integer.toString(argMax(v));
        }
        StringBuilder b = new StringBuilder();
        for (int a = 0; a < width; a++) {
            if (v[a] > 0.5) {
                b.append(b.length() == 0 ? "" : " ").append(names.get(a));
            }
        }
        return b.length() == 0 ? "none" : b.toString();
    }

    private static int argMax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
