package org.cgm4j.api.data;

/**
 * Turns labelled images into (x, y) pairs for a conditional generative model p(y | x): what is
 * given (x), what is generated (y) and which pixels of y are scored. Built from a {@link
 * TaskConfig}; applied once per split when a {@link DataSource} is created.
 */
public interface ExampleTask {
    /** The width of x for images of this size (0 when nothing is given). */
    int xDim(int rows, int cols);

    /** The width of y for images of this size. */
    int yDim(int rows, int cols);

    /** The examples of every image, in the images' order. */
    Examples apply(LabeledImages images);
}
