package org.cgm4j.api.data;

/**
 * The sizes a model is built for: the input width {@code xDim} (0 for unconditional tasks), the
 * output width {@code yDim}, the image size behind them (for sample grids) and the number of
 * classes (for class-conditional models and classifiers).
 */
public record DataSpec(int xDim, int yDim, int rows, int cols, int numClasses) {
    /** Checks that sizes are not negative. */
    public DataSpec {
        if (xDim < 0 || yDim < 0 || rows < 0 || cols < 0 || numClasses < 0) {
            throw new IllegalArgumentException("data sizes must be >= 0, got xDim " + xDim + ", yDim " + yDim
                    + ", rows " + rows + ", cols " + cols + ", numClasses " + numClasses);
        }
    }
}
