package org.cgm4j.api.data;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Image completion from quadrants, the protocol of Pyro's reproduction of Sohn et al. (2015): the
 * image is cut into four equal quadrants; with {@code given = 1} the bottom-left quadrant is
 * given, with 2 also the top-left, with 3 also the top-right. x is the image with every hidden
 * pixel set to {@link #HIDDEN} (given pixels keep their value), y is the whole image, and the
 * mask scores only the hidden pixels of y. Works for any image with even sides (14 x 14 quadrants
 * on 28 x 28 MNIST) and any number of channels: a pixel is given or hidden in all of its channels.
 * YAML: {@code task: {type: quadrants, given: 1}}.
 */
public record QuadrantsTask(
        @JsonPropertyDescription("how many quadrants of the image are given as input: 1 (bottom-left),"
                        + " 2 (+ top-left) or 3 (+ top-right)")
                int given)
        implements TaskConfig, ExampleTask {
    /** The YAML type name. */
    public static final String TYPE = "quadrants";
    /** The value of hidden pixels in x, outside the [0, 1] range of real pixels so it cannot be mistaken for one. */
    public static final float HIDDEN = -1f;

    /** Checks that 1 to 3 quadrants are given. */
    public QuadrantsTask {
        if (given < 1 || given > 3) {
            throw new IllegalArgumentException("data.task.given must be 1, 2 or 3, got " + given);
        }
    }

    @Override
    public ExampleTask task() {
        return this;
    }

    @Override
    public int xDim(ImageShape shape) {
        checkEven(shape.height(), shape.width());
        return shape.size();
    }

    @Override
    public int yDim(ImageShape shape) {
        checkEven(shape.height(), shape.width());
        return shape.size();
    }

    /** Whether pixel ({@code row}, {@code col}) of a {@code rows x cols} image is given. */
    public boolean isGiven(int rows, int cols, int row, int col) {
        boolean top = row < rows / 2;
        boolean left = col < cols / 2;
        if (!top && left) {
            return true; // bottom-left: given from 1 quadrant up
        }
        if (top && left) {
            return given >= 2;
        }
        if (top) {
            return given >= 3; // top-right
        }
        return false; // bottom-right is never given
    }

    /** {@code [rows * cols]}, row-major: 1 on hidden pixels (the ones scored), 0 on given ones. */
    public float[] hiddenMask(int rows, int cols) {
        return hiddenMask(ImageShape.grey(rows, cols));
    }

    /**
     * {@code [channels * rows * cols]}, channel-planar: 1 on the values of hidden pixels (the ones
     * scored), 0 on given ones; a pixel is given or hidden in every channel alike.
     */
    public float[] hiddenMask(ImageShape shape) {
        int rows = shape.height();
        int cols = shape.width();
        checkEven(rows, cols);
        float[] mask = new float[shape.size()];
        for (int ch = 0; ch < shape.channels(); ch++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    mask[shape.index(ch, r, c)] = isGiven(rows, cols, r, c) ? 0f : 1f;
                }
            }
        }
        return mask;
    }

    @Override
    public Examples apply(LabeledImages images) {
        float[] hidden = hiddenMask(images.shape());
        int d = images.pixelsPerImage();
        int n = images.count();
        float[] x = new float[n * d];
        float[] y = new float[n * d];
        float[] yMask = new float[n * d];
        byte[] p = images.pixels();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int base = i * d;
            for (int j = 0; j < d; j++) {
                float v = (p[base + j] & 0xff) / 255f;
                y[base + j] = v;
                x[base + j] = hidden[j] != 0f ? HIDDEN : v;
            }
            System.arraycopy(hidden, 0, yMask, base, d);
            labels[i] = images.label(i);
        }
        return new Examples(n, d, d, x, y, yMask, labels);
    }

    private static void checkEven(int rows, int cols) {
        if (rows <= 0 || cols <= 0 || rows % 2 != 0 || cols % 2 != 0) {
            throw new IllegalArgumentException(
                    "the quadrants task needs images with even, positive sides, got " + rows + " x " + cols);
        }
    }
}
