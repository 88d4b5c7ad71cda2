package org.cgm4j.experiments.bench;

/**
 * How much each case measures.
 *
 * @param warmup training iterations run and discarded before timing (the first builds the
 *     gradient function), >= 1
 * @param iterations training iterations per timed repeat, >= 1
 * @param repeats timed repeats of a training case; the median is reported with the spread, >= 1
 * @param cllPairs test pairs of the conditional log-likelihood case (at most the test split)
 * @param cllSamples S, importance samples per test pair
 * @param gemmRepeats timed repeats per GEMM shape, >= 1
 * @param gemmMillis the least time of one GEMM repeat, in milliseconds
 * @param synthetic train on random binary images instead of mnist-10k
 * @param seed the seed of the models, data order and noise
 */
public record BenchSettings(
        int warmup,
        int iterations,
        int repeats,
        int cllPairs,
        int cllSamples,
        int gemmRepeats,
        int gemmMillis,
        boolean synthetic,
        long seed) {
    /** Validates. */
    public BenchSettings {
        if (warmup < 1 || iterations < 1 || repeats < 1 || cllPairs < 1 || cllSamples < 1 || gemmRepeats < 1
                || gemmMillis < 1) {
            throw new IllegalArgumentException("bench settings must be >= 1 (warmup, iterations, repeats, cll"
                    + " pairs and samples, GEMM repeats and milliseconds), got " + this);
        }
    }

    /**
     * The full run: 150 warm-up iterations, 4 repeats of 50, every test pair (1,996 of mnist-10k), S = 100;
     * about 5 minutes on 2 idle cores, most of it the CVAE with SameDiff's defaults and the CLL. The
     * warm-up is long because the JVM's compilers are still at work for about the first 100 steps of a
     * training case (its steps take 1.5-2x the steady state's); the PyTorch peer gets the same counts.
     */
    public static BenchSettings full() {
        return new BenchSettings(150, 50, 4, 2000, 100, 5, 100, false, 1);
    }

    /** A quick run for a loaded machine or a smoke test: fewer iterations and 400 test pairs. */
    public static BenchSettings quick() {
        return new BenchSettings(8, 15, 3, 400, 100, 3, 40, false, 1);
    }

    /** A copy with other training iteration counts. */
    public BenchSettings withIterations(int warmupIterations, int timedIterations, int timedRepeats) {
        return new BenchSettings(warmupIterations, timedIterations, timedRepeats, cllPairs, cllSamples, gemmRepeats,
                gemmMillis, synthetic, seed);
    }

    /** A copy with another number of conditional log-likelihood pairs. */
    public BenchSettings withCllPairs(int pairs) {
        return new BenchSettings(warmup, iterations, repeats, pairs, cllSamples, gemmRepeats, gemmMillis, synthetic,
                seed);
    }

    /** A copy that trains on synthetic images. */
    public BenchSettings withSynthetic(boolean syntheticData) {
        return new BenchSettings(warmup, iterations, repeats, cllPairs, cllSamples, gemmRepeats, gemmMillis,
                syntheticData, seed);
    }
}
