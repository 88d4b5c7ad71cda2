package org.cgm4j.api.data;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.function.IntFunction;
import org.cgm4j.api.rng.Rng;

/**
 * Partial observations in the manner of Sohn et al. (2015, Section 5.2): a square block of {@code
 * size x size} pixels of the image is hidden. x is the image with the block's pixels set to {@link
 * QuadrantsTask#HIDDEN} in every channel (the other pixels keep their value), y is the whole image,
 * and the mask scores only the hidden pixels of y.
 *
 * <p>The block's top-left corner is uniform over the positions where it fits. For training it is
 * drawn anew every epoch ({@link #variesByEpoch()}), from the run's seed, the epoch and the image
 * (so a resumed run draws the same blocks); for evaluation (test and validation images, and
 * {@link #apply(LabeledImages)} generally) each image's block is fixed by {@value #FIXED_SEED} and
 * the image's index, the same for every run whatever its seed, so that models are scored on the
 * same occluded images. YAML: {@code task: {type: occlusion, size: 14}}.
 *
 * @param size the block's side in pixels, from 1 to the image's shorter side
 */
@JsonClassDescription("x is the image with a square block hidden (-1; a new place every training epoch, a fixed one per evaluation image); only the block is scored")
public record OcclusionTask(
        @JsonPropertyDescription("side of the hidden square block in pixels, 1 to the image's shorter side")
                int size)
        implements TaskConfig, ExampleTask {
    /** The YAML type name. */
    public static final String TYPE = "occlusion";
    /** The seed of the blocks of evaluation images. */
    public static final long FIXED_SEED = 0x0CC1_0DE5L;

    /** Checks that the block has a side. */
    public OcclusionTask {
        if (size < 1) {
            throw new IllegalArgumentException("data.task.size must be >= 1, got " + size);
        }
    }

    /** This task: it needs no labels. */
    @Override
    public ExampleTask task(LabelSpace labels) {
        return this;
    }

    @Override
    public int xDim(ImageShape shape) {
        check(shape);
        return shape.size();
    }

    @Override
    public int yDim(ImageShape shape) {
        check(shape);
        return shape.size();
    }

    @Override
    public boolean variesByEpoch() {
        return true;
    }

    /** The examples with each image's block fixed by {@link #FIXED_SEED} and its index. */
    @Override
    public Examples apply(LabeledImages images) {
        return apply(images, i -> Rng.derive(FIXED_SEED, "occlusion/" + i));
    }

    /** The examples with the block of image i placed by two draws from {@code draws.apply(i)}: row, then column. */
    @Override
    public Examples apply(LabeledImages images, IntFunction<Rng> draws) {
        ImageShape shape = images.shape();
        check(shape);
        int d = shape.size();
        int n = images.count();
        float[] x = new float[n * d];
        float[] y = new float[n * d];
        float[] yMask = new float[n * d];
        byte[] p = images.pixels();
        for (int i = 0; i < n; i++) {
            Rng rng = draws.apply(i);
            int top = rng.nextInt(shape.height() - size + 1);
            int left = rng.nextInt(shape.width() - size + 1);
            int base = i * d;
            for (int j = 0; j < d; j++) {
                y[base + j] = (p[base + j] & 0xff) / 255f;
                x[base + j] = y[base + j];
            }
            for (int ch = 0; ch < shape.channels(); ch++) {
                for (int r = top; r < top + size; r++) {
                    for (int c = left; c < left + size; c++) {
                        int j = base + shape.index(ch, r, c);
                        x[j] = QuadrantsTask.HIDDEN;
                        yMask[j] = 1f;
                    }
                }
            }
        }
        return new Examples(n, d, d, x, y, yMask, images.labels());
    }

    private void check(ImageShape shape) {
        if (size > Math.min(shape.height(), shape.width())) {
            throw new IllegalArgumentException("data.task.size " + size + " does not fit in images of "
                    + shape.height() + " x " + shape.width() + " pixels; allowed: 1 to "
                    + Math.min(shape.height(), shape.width()));
        }
    }
}
