package org.cgm4j.api.nn;

/**
 * The shape of one image, channels first: a flat data row of width {@code channels * rows * cols}
 * holds channel 0 row by row, then channel 1, and so on (index {@code (c rows + r) cols + q}),
 * which is how convolutional blocks reshape a {@code [batch, D]} batch to {@code [batch,
 * channels, rows, cols]}.
 *
 * @param channels C, >= 1
 * @param rows H, >= 1
 * @param cols W, >= 1
 */
public record ImageShape(int channels, int rows, int cols) {
    /** Checks that every size is positive. */
    public ImageShape {
        if (channels < 1 || rows < 1 || cols < 1) {
            throw new IllegalArgumentException("image sizes must be >= 1, got " + channels + " x " + rows + " x "
                    + cols);
        }
    }

    /**
     * The shape of data rows {@code dataDim} wide that hold {@code rows x cols} images: {@code
     * dataDim / (rows cols)} channels. Data that are not images ({@code rows} or {@code cols} 0, or
     * a width that is not a multiple of {@code rows cols}) are one row of {@code dataDim} pixels
     * with one channel: fine for fully connected networks, too thin for most convolutions.
     */
    public static ImageShape of(int dataDim, int rows, int cols) {
        if (rows > 0 && cols > 0 && dataDim % (rows * cols) == 0 && dataDim > 0) {
            return new ImageShape(dataDim / (rows * cols), rows, cols);
        }
        return new ImageShape(1, 1, dataDim);
    }

    /** D = C H W, the width of a flat data row. */
    public int size() {
        return channels * rows * cols;
    }

    @Override
    public String toString() {
        return channels + " x " + rows + " x " + cols;
    }
}
