package org.cgm4j.api.data;

/**
 * Turns labelled images into (x, y) pairs for a conditional generative model p(y | x): what is
 * given (x), what is generated (y) and which values of y are scored. Built from a {@link
 * TaskConfig}; applied once per split when a {@link DataSource} is created. Images are C x H x W,
 * channel-planar (see {@link ImageShape}); x and y are flat rows of such values.
 */
public interface ExampleTask {
    /** The width of x for images of this shape (0 when nothing is given). */
    int xDim(ImageShape shape);

    /** The width of y for images of this shape. */
    int yDim(ImageShape shape);

    /** The examples of every image, in the images' order. */
    Examples apply(LabeledImages images);
}
