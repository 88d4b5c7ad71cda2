package org.cgm4j.api.data;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import java.util.List;

/**
 * Images from their binary attributes: x is the image's attribute vector (0 or 1 for each of the
 * dataset's attributes, in its order), y is the whole image with every value scored; for CVAEs
 * conditioned on attributes (smiling, glasses, ...). Needs a dataset labelled by attributes. YAML:
 * {@code task: {type: attributes}}.
 */
@JsonClassDescription("x is the image's binary attribute vector, y the whole image (needs attribute labels)")
public record AttributesTask() implements TaskConfig {
    /** The YAML type name. */
    public static final String TYPE = "attributes";

    /** The attribute task for the dataset's attributes; an error when it has none. */
    @Override
    public Vector task(LabelSpace labels) {
        if (labels.kind() != LabelKind.ATTRIBUTES || labels.numAttributes() < 1) {
            throw new IllegalArgumentException("data.task " + TYPE + " needs a dataset labelled by binary attributes;"
                    + " the dataset's labels are " + labels.kind().displayName());
        }
        return new Vector(labels.attributeNames());
    }

    /**
     * The attribute-conditional examples of a dataset with these attributes.
     *
     * @param attributeNames the attributes, in the order of x
     */
    public record Vector(List<String> attributeNames) implements ExampleTask {
        /** Checks that there is at least one attribute. */
        public Vector {
            if (attributeNames == null || attributeNames.isEmpty()) {
                throw new IllegalArgumentException("the attributes task needs at least one attribute");
            }
            attributeNames = List.copyOf(attributeNames);
        }

        @Override
        public int xDim(ImageShape shape) {
            return attributeNames.size();
        }

        @Override
        public int yDim(ImageShape shape) {
            return shape.size();
        }

        @Override
        public Examples apply(LabeledImages images) {
            if (!images.attributeNames().equals(attributeNames)) {
                throw new IllegalArgumentException("the images have attributes " + images.attributeNames()
                        + " but the task was built for " + attributeNames);
            }
            int n = images.count();
            int d = images.pixelsPerImage();
            int k = attributeNames.size();
            float[] x = new float[n * k];
            float[] y = new float[n * d];
            byte[] p = images.pixels();
            for (int i = 0; i < y.length; i++) {
                y[i] = (p[i] & 0xff) / 255f;
            }
            for (int i = 0; i < n; i++) {
                for (int a = 0; a < k; a++) {
                    x[i * k + a] = images.attribute(i, a);
                }
            }
            return new Examples(n, k, d, x, y, null, images.labels());
        }
    }
}
