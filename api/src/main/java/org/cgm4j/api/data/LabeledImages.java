package org.cgm4j.api.data;

import java.util.Arrays;
import org.cgm4j.api.rng.Rng;

/**
 * Grey-scale images with one class label each, as stored in IDX files: {@code count} images of
 * {@code rows x cols} unsigned-byte pixels, row-major, one image after another, and one
 * unsigned-byte label per image. Pixels stay bytes (a quarter of the memory of floats) until a
 * task turns them into examples. The arrays are shared, not copied: do not modify them.
 */
public record LabeledImages(int count, int rows, int cols, byte[] pixels, byte[] labels) {
    /** Checks that the array lengths match the sizes. */
    public LabeledImages {
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException(
                    "need count >= 0 and positive rows and cols, got " + count + " x " + rows + " x " + cols);
        }
        if (pixels == null || labels == null) {
            throw new IllegalArgumentException("pixels and labels must not be null");
        }
        if (pixels.length != (long) count * rows * cols) {
            throw new IllegalArgumentException("pixels.length must be count * rows * cols = " + count + " * " + rows
                    + " * " + cols + " = " + (long) count * rows * cols + ", got " + pixels.length);
        }
        if (labels.length != count) {
            throw new IllegalArgumentException("labels.length must be count = " + count + ", got " + labels.length);
        }
    }

    /** {@code rows * cols}. */
    public int pixelsPerImage() {
        return rows * cols;
    }

    /** Pixel {@code index} (row-major) of image {@code image}, scaled to [0, 1]. */
    public float pixel(int image, int index) {
        return (pixels[image * pixelsPerImage() + index] & 0xff) / 255f;
    }

    /** The class label of image {@code image}. */
    public int label(int image) {
        return labels[image] & 0xff;
    }

    /**
     * {@code count} random binary {@code rows x cols} images, each pixel on (255) with probability
     * {@code density}, labelled 0, 1, ..., 9, 0, ... in turn: stand-in data where only the sizes
     * matter (benchmarks).
     */
    public static LabeledImages randomBinary(int count, int rows, int cols, double density, Rng rng) {
        byte[] pixels = new byte[count * rows * cols];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = rng.nextDouble() < density ? (byte) 255 : 0;
        }
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 10);
        }
        return new LabeledImages(count, rows, cols, pixels, labels);
    }

    /**
     * A subset of {@code n} images drawn without replacement by a fixed permutation (the same for
     * every run, whatever its seed), kept in their original order. Unlike {@link #head}, it
     * samples every class of a dataset stored sorted by label (mnist-10k is). {@code n >= count}
     * returns this.
     */
    public LabeledImages sample(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("sample(n) needs n >= 0, got " + n);
        }
        if (n >= count) {
            return this;
        }
        int[] chosen = java.util.Arrays.copyOf(new org.cgm4j.api.rng.Rng(0x5EED_DA7AL).permutation(count), n);
        java.util.Arrays.sort(chosen);
        int ppi = rows * cols;
        byte[] p = new byte[n * ppi];
        byte[] l = new byte[n];
        for (int k = 0; k < n; k++) {
            System.arraycopy(pixels, chosen[k] * ppi, p, k * ppi, ppi);
            l[k] = labels[chosen[k]];
        }
        return new LabeledImages(n, rows, cols, p, l);
    }

    /**
     * The first {@code n} images (this object itself when {@code n >= count}). Takes a prefix,
     * not a sample: in a file sorted by class (as {@code mnist-10k} is) a small prefix holds few
     * classes.
     */
    public LabeledImages head(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("head(n) needs n >= 0, got " + n);
        }
        if (n >= count) {
            return this;
        }
        byte[] p = new byte[n * pixelsPerImage()];
        System.arraycopy(pixels, 0, p, 0, p.length);
        byte[] l = new byte[n];
        System.arraycopy(labels, 0, l, 0, n);
        return new LabeledImages(n, rows, cols, p, l);
    }

    /** The largest label plus one (0 when there are no images). */
    public int numClasses() {
        int max = -1;
        for (byte b : labels) {
            max = Math.max(max, b & 0xff);
        }
        return max + 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabeledImages other
                && count == other.count
                && rows == other.rows
                && cols == other.cols
                && Arrays.equals(pixels, other.pixels)
                && Arrays.equals(labels, other.labels);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(labels) * 31 + rows * 7 + cols;
    }

    @Override
    public String toString() {
        return "LabeledImages[" + count + " x " + rows + " x " + cols + ", " + numClasses() + " classes]";
    }
}
