package org.cgm4j.api.data;

/**
 * The shape of one image, channels x height x width (PyTorch's CHW): pixels are stored channel
 * by channel ("planar"), all of channel 0 row by row, then all of channel 1, and so on. Grey
 * images have one channel, RGB images three (red, green, blue in that order).
 *
 * @param channels colour channels, >= 1
 * @param height rows of pixels, >= 1
 * @param width columns of pixels, >= 1
 */
public record ImageShape(int channels, int height, int width) {
    /** Checks that every size is positive and that an image has fewer than 2^31 values. */
    public ImageShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("an image shape needs positive channels, height and width, got "
                    + channels + " x " + height + " x " + width);
        }
        if ((long) channels * height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "an image of " + channels + " x " + height + " x " + width + " values is too large");
        }
    }

    /** A one-channel (grey) shape. */
    public static ImageShape grey(int height, int width) {
        return new ImageShape(1, height, width);
    }

    /** Values per image: {@code channels * height * width}. */
    public int size() {
        return channels * height * width;
    }

    /** Pixels per channel: {@code height * width}. */
    public int plane() {
        return height * width;
    }

    /**
     * The flat index of pixel ({@code row}, {@code col}) of channel {@code channel} in a
     * channel-planar image.
     */
    public int index(int channel, int row, int col) {
        return (channel * height + row) * width + col;
    }

    /** {@code C x H x W}, as the command line prints shapes. */
    @Override
    public String toString() {
        return channels + " x " + height + " x " + width;
    }
}
