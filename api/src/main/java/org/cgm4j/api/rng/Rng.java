package org.cgm4j.api.rng;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A seeded pseudo-random stream (xoshiro256**) whose whole state can be saved and restored, so
 * that a run resumed from a checkpoint draws exactly the numbers the uninterrupted run would
 * have drawn.
 *
 * <p>All randomness of training (weight initialisation, shuffling, reparameterisation noise,
 * masking) is drawn here on the Java side and fed to graphs as placeholders: in-graph random
 * ops of SameDiff are not reproducible for dynamic shapes, and this stream does not depend on
 * the native thread count. Independent streams for different purposes come from {@link
 * #derive(long, String)}.
 */
public final class Rng {
    private final long[] s = new long[4];
    private double spareGaussian;
    private boolean hasSpare;

    /** A stream seeded from {@code seed}. */
    public Rng(long seed) {
        long x = seed;
        for (int i = 0; i < 4; i++) {
            x += 0x9E3779B97F4A7C15L;
            s[i] = mix(x);
        }
    }

    private Rng(long[] state, boolean hasSpare, double spare) {
        System.arraycopy(state, 0, s, 0, 4);
        this.hasSpare = hasSpare;
        this.spareGaussian = spare;
    }

    /** An independent stream for one purpose ("init", "noise", "shuffle/3", ...) of a seeded run. */
    public static Rng derive(long seed, String purpose) {
        long h = seed * 0xBF58476D1CE4E5B9L;
        for (int i = 0; i < purpose.length(); i++) {
            h = mix(h ^ purpose.charAt(i));
        }
        return new Rng(h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Next 64 random bits. */
    public long nextLong() {
        long result = Long.rotateLeft(s[1] * 5, 7) * 9;
        long t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = Long.rotateLeft(s[3], 45);
        return result;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long r = (nextLong() >>> 1) % bound;
        return (int) r;
    }

    /** Standard normal (Marsaglia's polar method). */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u;
        double v;
        double q;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            q = u * u + v * v;
        } while (q >= 1 || q == 0);
        double f = Math.sqrt(-2 * Math.log(q) / q);
        spareGaussian = v * f;
        hasSpare = true;
        return u * f;
    }

    /** A {@code [rows, cols]} array of standard normal draws in the given type. */
    public INDArray gaussian(DataType type, long rows, long cols) {
        int n = Math.toIntExact(rows * cols);
        if (type == DataType.DOUBLE) {
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = nextGaussian();
            }
            return Nd4j.create(d, new long[] {rows, cols}, DataType.DOUBLE);
        }
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) nextGaussian();
        }
        return Nd4j.create(f, new long[] {rows, cols}, DataType.FLOAT).castTo(type);
    }

    /** A random permutation of 0..n-1 (Fisher-Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The whole state, for checkpoints: restore with {@link #fromState(long[])}. */
    public long[] state() {
        return new long[] {s[0], s[1], s[2], s[3], hasSpare ? 1 : 0, Double.doubleToRawLongBits(spareGaussian)};
    }

    /** A stream that continues exactly where the one whose {@link #state()} was taken stood. */
    public static Rng fromState(long[] state) {
        if (state.length != 6) {
            throw new IllegalArgumentException("an Rng state has 6 entries, got " + state.length);
        }
        return new Rng(Arrays.copyOf(state, 4), state[4] != 0, Double.longBitsToDouble(state[5]));
    }

    @Override
    public String toString() {
        return "Rng" + Arrays.toString(s);
    }
}
