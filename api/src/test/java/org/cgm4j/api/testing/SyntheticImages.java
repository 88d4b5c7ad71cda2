package org.cgm4j.api.testing;

import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.LabeledImages;
import org.cgm4j.api.data.TaskConfig;
import org.cgm4j.api.data.UnconditionalTask;
import org.cgm4j.api.rng.Rng;

/**
 * Small labelled images for tests that must not depend on a dataset: class c is a bright
 * horizontal bar at a class-dependent row plus noise, so classes differ and models can learn.
 */
public final class SyntheticImages {
    private SyntheticImages() {}

    /** {@code n} images of {@code side x side} pixels in {@code classes} classes. */
    public static LabeledImages generate(int n, int side, int classes, long seed) {
        Rng rng = new Rng(seed);
        byte[] pixels = new byte[n * side * side];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            labels[i] = (byte) c;
            int row = (c * side) / classes;
            for (int r = 0; r < side; r++) {
                for (int col = 0; col < side; col++) {
                    double v = (r == row || r == (row + 1) % side) ? 0.9 : 0.05;
                    v += 0.1 * rng.nextDouble();
                    pixels[(i * side + r) * side + col] = (byte) Math.min(255, (int) Math.round(v * 255));
                }
            }
        }
        return new LabeledImages(n, side, side, pixels, labels);
    }

    /** A data source of synthetic images with the given task. */
    public static DataSource source(int train, int test, int side, TaskConfig task) {
        return DataSource.of("synthetic", generate(train, side, 4, 11), generate(test, side, 4, 12), task);
    }

    /** A data source of synthetic images for unconditional models. */
    public static DataSource source(int train, int test, int side) {
        return source(train, test, side, new UnconditionalTask());
    }
}
