package org.cgm4j.api.data;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Images from their class: x is the one-hot class {@code [numClasses]} (the classes of the whole
 * dataset), y is the whole image with every value scored. A CVAE trained on it samples digits of a
 * requested class; {@link OneHot#batch} makes the inputs of a class without an image. Needs a
 * dataset with class labels. YAML: {@code task: {type: classConditional}}.
 */
@JsonClassDescription("x is the one-hot class of the image, y the whole image (needs class labels)")
public record ClassConditionalTask() implements TaskConfig {
    /** The YAML type name. */
    public static final String TYPE = "classConditional";

    /** The one-hot task for the dataset's classes; an error when it has none. */
    @Override
    public OneHot task(LabelSpace labels) {
        if (labels.kind() != LabelKind.CLASS || labels.numClasses() < 2) {
            throw new IllegalArgumentException("data.task " + TYPE + " needs a dataset labelled by class (at least"
                    + " 2 classes); the dataset's labels are " + (labels.kind() == LabelKind.CLASS
                            ? labels.numClasses() + " class" : labels.kind().displayName()));
        }
        return new OneHot(labels.numClasses(), labels.classNames());
    }

    /**
     * The class-conditional examples of a dataset with {@code numClasses} classes.
     *
     * @param numClasses the width of x
     * @param classNames the classes' names by index, or empty (captions are then the indices)
     */
    public record OneHot(int numClasses, List<String> classNames) implements ExampleTask {
        /** Checks the sizes. */
        public OneHot {
            if (numClasses < 1) {
                throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
            }
            classNames = classNames == null ? List.of() : List.copyOf(classNames);
        }

        @Override
        public int xDim(ImageShape shape) {
            return numClasses;
        }

        @Override
        public int yDim(ImageShape shape) {
            return shape.size();
        }

        @Override
        public Examples apply(LabeledImages images) {
            int n = images.count();
            int d = images.pixelsPerImage();
            float[] x = new float[n * numClasses];
            float[] y = new float[n * d];
            byte[] p = images.pixels();
            for (int i = 0; i < y.length; i++) {
                y[i] = (p[i] & 0xff) / 255f;
            }
            int[] labels = images.labels();
            for (int i = 0; i < n; i++) {
                checkClass(labels[i]);
                x[i * numClasses + labels[i]] = 1f;
            }
            return new Examples(n, numClasses, d, x, y, null, labels);
        }

        /** The caption of class {@code k}: its name, or its index. */
        public String caption(int k) {
            checkClass(k);
            return k < classNames.size() ? classNames.get(k) : Integer.toString(k);
        }

        /**
         * Inputs of the requested {@code classes} without images, for sampling: x the one-hot
         * classes {@code [n, numClasses]}, y zeros {@code [n, yDim]} (a model given only x does not
         * read it), no mask, labels the requested classes.
         */
        public Batch batch(int[] classes, int yDim, DataType type) {
            float[] x = new float[classes.length * numClasses];
            for (int i = 0; i < classes.length; i++) {
                checkClass(classes[i]);
                x[i * numClasses + classes[i]] = 1f;
            }
            return new Batch(Nd4j.create(x, new long[] {classes.length, numClasses}, 'c').castTo(type),
                    Nd4j.zeros(type, classes.length, yDim), null, classes.clone());
        }

        private void checkClass(int k) {
            if (k < 0 || k >= numClasses) {
                throw new IllegalArgumentException("class " + k + " is outside the " + numClasses + " classes 0.."
                        + (numClasses - 1));
            }
        }
    }
}
