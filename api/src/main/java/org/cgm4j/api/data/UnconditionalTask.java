package org.cgm4j.api.data;

/**
 * Nothing given, the whole image generated: x is empty ({@code xDim == 0}) and y is the image
 * with every value (all channels) scored, as for a VAE or beta-VAE. YAML: {@code task: {type: unconditional}}.
 */
public record UnconditionalTask() implements TaskConfig, ExampleTask {
    /** The YAML type name. */
    public static final String TYPE = "unconditional";

    private static final float[] NO_X = new float[0];

    @Override
    public ExampleTask task() {
        return this;
    }

    @Override
    public int xDim(ImageShape shape) {
        return 0;
    }

    @Override
    public int yDim(ImageShape shape) {
        return shape.size();
    }

    @Override
    public Examples apply(LabeledImages images) {
        int d = images.pixelsPerImage();
        float[] y = new float[images.count() * d];
        byte[] p = images.pixels();
        for (int i = 0; i < y.length; i++) {
            y[i] = (p[i] & 0xff) / 255f;
        }
        int[] labels = new int[images.count()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = images.label(i);
        }
        return new Examples(images.count(), 0, d, NO_X, y, null, labels);
    }
}
