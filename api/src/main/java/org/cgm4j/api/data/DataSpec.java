package org.cgm4j.api.data;

import java.util.List;

/**
 * The sizes a model is built for: the input width {@code xDim} (0 for unconditional tasks), the
 * output width {@code yDim}, the image shape behind them ({@code channels x rows x cols},
 * channel-planar: for pictures, convolutions and classifiers), and the labels: the number of
 * classes and their names (for class-conditional models and classifiers) or the number of binary
 * attributes and their names.
 *
 * <p>Written as {@code model/data-spec.json}; a file written before {@code channels} and the
 * names existed reads with {@code channels} 0, which means 1 (grey), and empty names.
 *
 * @param xDim width of x, {@code [batch, xDim]}
 * @param yDim width of y, {@code [batch, yDim]}
 * @param channels colour channels of the images (1 grey, 3 RGB)
 * @param rows image height
 * @param cols image width
 * @param numClasses number of classes (0 without classes)
 * @param numAttributes number of binary attributes (0 without attributes)
 * @param classNames names of the classes by index, or empty
 * @param attributeNames names of the attributes, or empty
 */
public record DataSpec(int xDim, int yDim, int channels, int rows, int cols, int numClasses, int numAttributes,
        List<String> classNames, List<String> attributeNames) {
    /** Checks that sizes are not negative; a missing channel count means one channel. */
    public DataSpec {
        channels = channels == 0 ? 1 : channels;
        if (xDim < 0 || yDim < 0 || channels < 0 || rows < 0 || cols < 0 || numClasses < 0 || numAttributes < 0) {
            throw new IllegalArgumentException("data sizes must be >= 0, got xDim " + xDim + ", yDim " + yDim
                    + ", channels " + channels + ", rows " + rows + ", cols " + cols + ", numClasses " + numClasses
                    + ", numAttributes " + numAttributes);
        }
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
        attributeNames = attributeNames == null ? List.of() : List.copyOf(attributeNames);
        if (!classNames.isEmpty() && classNames.size() != numClasses) {
            throw new IllegalArgumentException(
                    classNames.size() + " class names for " + numClasses + " classes; expected one name a class");
        }
        if (!attributeNames.isEmpty() && attributeNames.size() != numAttributes) {
            throw new IllegalArgumentException(attributeNames.size() + " attribute names for " + numAttributes
                    + " attributes; expected one name an attribute");
        }
    }

    /** Grey images with classes and no names: the sizes of MNIST-like data. */
    public DataSpec(int xDim, int yDim, int rows, int cols, int numClasses) {
        this(xDim, yDim, 1, rows, cols, numClasses, 0, List.of(), List.of());
    }

    /** The image shape, {@code channels x rows x cols}. */
    public ImageShape shape() {
        return new ImageShape(channels, rows, cols);
    }

    /** Values per image: {@code channels * rows * cols}. */
    public int pixelsPerImage() {
        return channels * rows * cols;
    }
}
