package org.cgm4j.api.data;

import java.util.Arrays;

/**
 * (x, y) pairs derived from labelled images by an {@link ExampleTask}, as flat row-major float
 * arrays: {@code x} is {@code [count, xDim]} (a zero-length array when {@code xDim == 0}), {@code
 * y} is {@code [count, yDim]}, {@code yMask} is {@code [count, yDim]} with 1 where a pixel of y
 * counts in the loss and 0 where it does not, or null when every pixel counts; {@code labels}
 * keeps each image's class. The arrays are shared, not copied: do not modify them.
 */
public record Examples(int count, int xDim, int yDim, float[] x, float[] y, float[] yMask, int[] labels) {
    /** Checks that the array lengths match the sizes. */
    public Examples {
        if (count < 0 || xDim < 0 || yDim < 0) {
            throw new IllegalArgumentException(
                    "count, xDim and yDim must be >= 0, got " + count + ", " + xDim + ", " + yDim);
        }
        if (x == null || y == null || labels == null) {
            throw new IllegalArgumentException("x, y and labels must not be null (x is empty when xDim is 0)");
        }
        checkLength("x", x.length, count, xDim);
        checkLength("y", y.length, count, yDim);
        if (yMask != null) {
            checkLength("yMask", yMask.length, count, yDim);
        }
        if (labels.length != count) {
            throw new IllegalArgumentException("labels.length must be count = " + count + ", got " + labels.length);
        }
    }

    private static void checkLength(String what, int length, int count, int dim) {
        if (length != (long) count * dim) {
            throw new IllegalArgumentException(what + ".length must be count * dim = " + count + " * " + dim + " = "
                    + (long) count * dim + ", got " + length);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Examples e
                && count == e.count
                && xDim == e.xDim
                && yDim == e.yDim
                && Arrays.equals(x, e.x)
                && Arrays.equals(y, e.y)
                && Arrays.equals(yMask, e.yMask)
                && Arrays.equals(labels, e.labels);
    }

    @Override
    public int hashCode() {
        return ((count * 31 + xDim) * 31 + yDim) * 31 + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "Examples[count=" + count + ", xDim=" + xDim + ", yDim=" + yDim + ", masked=" + (yMask != null) + "]";
    }
}
