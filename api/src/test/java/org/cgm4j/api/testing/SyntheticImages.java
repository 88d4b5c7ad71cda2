package org.cgm4j.api.testing;

import java.util.List;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.ImageShape;
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

    /**
     * {@code n} colour images of {@code 3 x side x side} values in {@code classes} classes: class c
     * is a bar at a class-dependent row, bright in channel {@code c % 3} only, over dim noise in
     * every channel, so the classes differ by colour as well as by place.
     */
    public static LabeledImages rgb(int n, int side, int classes, long seed) {
        Rng rng = new Rng(seed);
        ImageShape shape = new ImageShape(3, side, side);
        byte[] pixels = new byte[n * shape.size()];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            labels[i] = c;
            int row = (c * side) / classes;
            for (int ch = 0; ch < 3; ch++) {
                for (int r = 0; r < side; r++) {
                    for (int col = 0; col < side; col++) {
                        boolean bar = ch == c % 3 && (r == row || r == (row + 1) % side);
                        double v = (bar ? 0.9 : 0.05) + 0.1 * rng.nextDouble();
                        pixels[i * shape.size() + shape.index(ch, r, col)] =
                                (byte) Math.min(255, (int) Math.round(v * 255));
                    }
                }
            }
        }
        return LabeledImages.withClasses(shape, n, pixels, labels, List.of());
    }

    /** A data source of synthetic 3 x side x side colour images ({@link #rgb}) with the given task. */
    public static DataSource rgbSource(int train, int test, int side, TaskConfig task) {
        return DataSource.of("synthetic-rgb", rgb(train, side, 4, 11), rgb(test, side, 4, 12), task);
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
