package org.cgm4j.models.cvae;

import org.cgm4j.api.data.ImageShape;
import org.cgm4j.api.rng.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Input omission noise of Sohn et al. (2015, Section 4.2): during training, a random square block
 * of the input image x is set to 0. The masks are drawn here, on the Java side from the feed's
 * {@link Rng}, and multiplied into x in the graph through a placeholder, so runs stay
 * reproducible; at evaluation the mask is all ones.
 *
 * <p>Per example: the block side s is uniform on {@code {0, ..., maxSide}} with {@code maxSide}
 * the largest integer strictly below 40% of the shorter image side (11 on 28 x 28 MNIST; s = 0
 * leaves the example intact), and the block's top-left corner is uniform over the positions where
 * it fits inside the image.
 */
public final class InputNoise {
    /** The block side stays strictly below this fraction of the image side. */
    public static final double MAX_FRACTION = 0.4;

    private InputNoise() {}

    /** The largest block side strictly below 40% of {@code side} (0 for tiny images). */
    public static int maxSide(int side) {
        return Math.max(0, (int) Math.ceil(MAX_FRACTION * side) - 1);
    }

    /**
     * {@code [n, rows * cols]} row-major masks of 0/1 in {@code type}: 0 inside each example's block.
     */
    public static INDArray masks(Rng rng, int n, int rows, int cols, DataType type) {
        return masks(rng, n, ImageShape.grey(rows, cols), type);
    }

    /**
     * {@code [n, channels * rows * cols]} channel-planar masks of 0/1 in {@code type}: 0 inside each
     * example's block, in every channel (a block hides the whole pixel, as in a grey image). The
     * draws are those of a grey image of the same sides.
     */
    public static INDArray masks(Rng rng, int n, ImageShape shape, DataType type) {
        int rows = shape.height();
        int cols = shape.width();
        int d = shape.size();
        int max = maxSide(Math.min(rows, cols));
        double[] m = new double[n * d];
        java.util.Arrays.fill(m, 1.0);
        for (int i = 0; i < n; i++) {
            int s = rng.nextInt(max + 1);
            int r0 = rng.nextInt(rows - s + 1);
            int c0 = rng.nextInt(cols - s + 1);
            for (int ch = 0; ch < shape.channels(); ch++) {
                for (int r = r0; r < r0 + s; r++) {
                    for (int c = c0; c < c0 + s; c++) {
                        m[i * d + shape.index(ch, r, c)] = 0.0;
                    }
                }
            }
        }
        return Nd4j.create(m, new long[] {n, d}, DataType.DOUBLE).castTo(type);
    }

    /** {@code [n, d]} of ones: the mask at evaluation. */
    public static INDArray none(int n, int d, DataType type) {
        return Nd4j.ones(type, n, d);
    }
}
