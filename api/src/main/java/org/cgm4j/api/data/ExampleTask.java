package org.cgm4j.api.data;

import java.util.function.IntFunction;
import org.cgm4j.api.rng.Rng;

/**
 * Turns labelled images into (x, y) pairs for a conditional generative model p(y | x): what is
 * given (x), what is generated (y) and which values of y are scored. Built from a {@link
 * TaskConfig} for a dataset's labels; applied once per split when a {@link DataSource} is
 * created. Images are C x H x W, channel-planar (see {@link ImageShape}); x and y are flat rows of
 * such values.
 *
 * <p>A task may draw part of each example at random (the occlusion task's block): {@link
 * #apply(LabeledImages)} then gives the examples with draws fixed per image (the same in every
 * run, for evaluation), and {@link #variesByEpoch()} asks the trainer for new draws every epoch
 * through {@link #apply(LabeledImages, IntFunction)}, from streams that {@link DataSource} derives
 * from the run's seed, the epoch and the image, as it derives its shuffles.
 */
public interface ExampleTask {
    /** The width of x for images of this shape (0 when nothing is given). */
    int xDim(ImageShape shape);

    /** The width of y for images of this shape. */
    int yDim(ImageShape shape);

    /** The examples of every image, in the images' order (with fixed draws, for a task that draws). */
    Examples apply(LabeledImages images);

    /**
     * Whether the training examples are drawn anew every epoch ({@link DataSource#trainingBatch});
     * false: the examples of {@link #apply(LabeledImages)} serve every epoch.
     */
    default boolean variesByEpoch() {
        return false;
    }

    /**
     * The examples of {@code images} with the random choices of image i drawn from {@code
     * draws.apply(i)}; a task that draws nothing ignores the streams.
     */
    default Examples apply(LabeledImages images, IntFunction<Rng> draws) {
        return apply(images);
    }
}
