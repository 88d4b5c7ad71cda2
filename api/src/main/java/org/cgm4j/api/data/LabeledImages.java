package org.cgm4j.api.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.cgm4j.api.rng.Rng;

/**
 * Images of one {@link ImageShape} (C x H x W unsigned-byte values, channel-planar within an image,
 * one image after another) and what is known about each: nothing, one class, or a vector of binary
 * attributes ({@link LabelKind}). Pixels stay bytes (a quarter of the memory of floats) until a
 * task turns them into examples. The arrays are shared, not copied: do not modify them.
 *
 * <p>The grey, class-labelled case of MNIST-like IDX files keeps its short constructor, {@code new
 * LabeledImages(count, rows, cols, pixels, labels)}; the factories {@link #withClasses}, {@link
 * #withAttributes} and {@link #unlabelled} take any shape.
 */
public final class LabeledImages {
    private final int count;
    private final ImageShape shape;
    private final byte[] pixels;
    private final LabelKind labelKind;
    private final int[] classes;
    private final List<String> classNames;
    private final int numClasses;
    private final byte[] attributes;
    private final List<String> attributeNames;

    private LabeledImages(int count, ImageShape shape, byte[] pixels, LabelKind labelKind, int[] classes,
            List<String> classNames, byte[] attributes, List<String> attributeNames) {
        if (count < 0) {
            throw new IllegalArgumentException("need count >= 0, got " + count);
        }
        Objects.requireNonNull(shape, "shape");
        if (pixels == null) {
            throw new IllegalArgumentException("pixels must not be null");
        }
        if (pixels.length != (long) count * shape.size()) {
            throw new IllegalArgumentException("pixels.length must be count * channels * rows * cols = " + count
                    + " * " + shape.channels() + " * " + shape.height() + " * " + shape.width() + " = "
                    + (long) count * shape.size() + ", got " + pixels.length);
        }
        this.count = count;
        this.shape = shape;
        this.pixels = pixels;
        this.labelKind = labelKind;
        this.classNames = List.copyOf(classNames);
        this.attributeNames = List.copyOf(attributeNames);
        this.classes = classes;
        this.attributes = attributes;
        int max = -1;
        if (labelKind == LabelKind.CLASS) {
            if (classes.length != count) {
                throw new IllegalArgumentException("labels.length must be count = " + count + ", got " + classes.length);
            }
            for (int i = 0; i < count; i++) {
                if (classes[i] < 0) {
                    throw new IllegalArgumentException("class labels must be >= 0, got " + classes[i] + " for image " + i);
                }
                if (!this.classNames.isEmpty() && classes[i] >= this.classNames.size()) {
                    throw new IllegalArgumentException("class " + classes[i] + " of image " + i + " has no name; "
                            + this.classNames.size() + " class names given");
                }
                max = Math.max(max, classes[i]);
            }
        }
        this.numClasses = labelKind == LabelKind.CLASS ? Math.max(max + 1, this.classNames.size()) : 0;
        if (labelKind == LabelKind.ATTRIBUTES) {
            int k = this.attributeNames.size();
            if (k == 0) {
                throw new IllegalArgumentException("attribute labels need at least one attribute name");
            }
            if (attributes.length != (long) count * k) {
                throw new IllegalArgumentException("attributes.length must be count * attributes = " + count + " * " + k
                        + " = " + (long) count * k + ", got " + attributes.length);
            }
            for (int i = 0; i < attributes.length; i++) {
                if (attributes[i] != 0 && attributes[i] != 1) {
                    throw new IllegalArgumentException("attribute values are 0 or 1, got " + attributes[i]
                            + " for image " + i / k + ", attribute " + this.attributeNames.get(i % k));
                }
            }
        }
    }

    /**
     * Grey images with one class label each, as stored in MNIST's IDX files: {@code count} images
     * of {@code rows x cols} pixels, row-major, and one unsigned-byte class per image.
     */
    public LabeledImages(int count, int rows, int cols, byte[] pixels, byte[] labels) {
        this(count, checkedGrey(count, rows, cols), pixels, LabelKind.CLASS, unsigned(labels, count), List.of(),
                null, List.of());
    }

    /**
     * Images of {@code shape} with one class each ({@code classes[i]} in [0, numClasses)); {@code
     * classNames} may be empty, else it names every class (its size is the number of classes).
     */
    public static LabeledImages withClasses(
            ImageShape shape, int count, byte[] pixels, int[] classes, List<String> classNames) {
        if (classes == null) {
            throw new IllegalArgumentException("classes must not be null");
        }
        return new LabeledImages(count, shape, pixels, LabelKind.CLASS, classes, classNames, null, List.of());
    }

    /**
     * Images of {@code shape} with a binary attribute vector each: {@code attributes} is {@code
     * [count, attributeNames.size()]} row-major, every value 0 or 1.
     */
    public static LabeledImages withAttributes(
            ImageShape shape, int count, byte[] pixels, byte[] attributes, List<String> attributeNames) {
        if (attributes == null) {
            throw new IllegalArgumentException("attributes must not be null");
        }
        return new LabeledImages(count, shape, pixels, LabelKind.ATTRIBUTES, null, List.of(), attributes,
                attributeNames);
    }

    /** Images of {@code shape} without labels. */
    public static LabeledImages unlabelled(ImageShape shape, int count, byte[] pixels) {
        return new LabeledImages(count, shape, pixels, LabelKind.NONE, null, List.of(), null, List.of());
    }

    private static ImageShape checkedGrey(int count, int rows, int cols) {
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException(
                    "need count >= 0 and positive rows and cols, got " + count + " x " + rows + " x " + cols);
        }
        return ImageShape.grey(rows, cols);
    }

    private static int[] unsigned(byte[] labels, int count) {
        if (labels == null) {
            throw new IllegalArgumentException("pixels and labels must not be null");
        }
        if (labels.length != count) {
            throw new IllegalArgumentException("labels.length must be count = " + count + ", got " + labels.length);
        }
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = labels[i] & 0xff;
        }
        return out;
    }

    /** The number of images. */
    public int count() {
        return count;
    }

    /** The shape of every image. */
    public ImageShape shape() {
        return shape;
    }

    /** Colour channels per image (1 for grey). */
    public int channels() {
        return shape.channels();
    }

    /** Image height. */
    public int rows() {
        return shape.height();
    }

    /** Image width. */
    public int cols() {
        return shape.width();
    }

    /** All pixels, {@code [count, channels, rows, cols]} flat (shared: do not modify). */
    public byte[] pixels() {
        return pixels;
    }

    /** Values per image: {@code channels * rows * cols}. */
    public int pixelsPerImage() {
        return shape.size();
    }

    /** Value {@code index} (channel-planar, row-major) of image {@code image}, scaled to [0, 1]. */
    public float pixel(int image, int index) {
        return (pixels[image * pixelsPerImage() + index] & 0xff) / 255f;
    }

    /** What the labels are. */
    public LabelKind labelKind() {
        return labelKind;
    }

    /** The class of image {@code image}, or -1 when the images have no classes. */
    public int label(int image) {
        return labelKind == LabelKind.CLASS ? classes[image] : -1;
    }

    /** The class of every image, -1 each when the images have no classes (a copy). */
    public int[] labels() {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = label(i);
        }
        return out;
    }

    /**
     * The number of classes: the size of {@link #classNames()} when given, else the largest label
     * plus one; 0 for images without classes (or no images).
     */
    public int numClasses() {
        return numClasses;
    }

    /** The classes' names by index, or empty when the dataset names none. */
    public List<String> classNames() {
        return classNames;
    }

    /** The number of binary attributes (0 unless {@link LabelKind#ATTRIBUTES}). */
    public int numAttributes() {
        return attributeNames.size();
    }

    /** The attributes' names, in the order of each image's vector (empty unless {@link LabelKind#ATTRIBUTES}). */
    public List<String> attributeNames() {
        return attributeNames;
    }

    /** Attribute {@code attribute} of image {@code image}: 0 or 1. */
    public int attribute(int image, int attribute) {
        if (labelKind != LabelKind.ATTRIBUTES) {
            throw new IllegalStateException("these images have no attributes (labels: " + labelKind.displayName() + ")");
        }
        return attributes[image * attributeNames.size() + attribute];
    }

    /**
     * {@code count} random binary {@code rows x cols} grey images, each pixel on (255) with
     * probability {@code density}, labelled 0, 1, ..., 9, 0, ... in turn: stand-in data where only
     * the sizes matter (benchmarks).
     */
    public static LabeledImages randomBinary(int count, int rows, int cols, double density, Rng rng) {
        byte[] pixels = new byte[count * rows * cols];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = rng.nextDouble() < density ? (byte) 255 : 0;
        }
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 10);
        }
        return new LabeledImages(count, rows, cols, pixels, labels);
    }

    /**
     * A subset of {@code n} images drawn without replacement by a fixed permutation (the same for
     * every run, whatever its seed), kept in their original order. Unlike {@link #head}, it
     * samples every class of a dataset stored sorted by label (mnist-10k is). {@code n >= count}
     * returns this.
     */
    public LabeledImages sample(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("sample(n) needs n >= 0, got " + n);
        }
        if (n >= count) {
            return this;
        }
        int[] chosen = Arrays.copyOf(new Rng(0x5EED_DA7AL).permutation(count), n);
        Arrays.sort(chosen);
        return select(chosen);
    }

    /**
     * The first {@code n} images (this object itself when {@code n >= count}). Takes a prefix,
     * not a sample: in a file sorted by class (as {@code mnist-10k} is) a small prefix holds few
     * classes.
     */
    public LabeledImages head(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("head(n) needs n >= 0, got " + n);
        }
        if (n >= count) {
            return this;
        }
        int[] first = new int[n];
        Arrays.setAll(first, i -> i);
        return select(first);
    }

    /**
     * The images at {@code indices}, in that order, with their labels; class and attribute names
     * are kept, so a subset has as many classes as the whole.
     */
    public LabeledImages select(int[] indices) {
        int ppi = pixelsPerImage();
        int n = indices.length;
        byte[] p = new byte[n * ppi];
        for (int k = 0; k < n; k++) {
            System.arraycopy(pixels, indices[k] * ppi, p, k * ppi, ppi);
        }
        return switch (labelKind) {
            case NONE -> unlabelled(shape, n, p);
            case CLASS -> {
                int[] c = new int[n];
                for (int k = 0; k < n; k++) {
                    c[k] = classes[indices[k]];
                }
                yield withClasses(shape, n, p, c, classNames);
            }
            case ATTRIBUTES -> {
                int a = attributeNames.size();
                byte[] v = new byte[n * a];
                for (int k = 0; k < n; k++) {
                    System.arraycopy(attributes, indices[k] * a, v, k * a, a);
                }
                yield withAttributes(shape, n, p, v, attributeNames);
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabeledImages other
                && count == other.count
                && shape.equals(other.shape)
                && labelKind == other.labelKind
                && Arrays.equals(pixels, other.pixels)
                && Arrays.equals(classes, other.classes)
                && classNames.equals(other.classNames)
                && Arrays.equals(attributes, other.attributes)
                && attributeNames.equals(other.attributeNames);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(classes) * 31 + Arrays.hashCode(attributes)) * 31 + shape.hashCode();
    }

    @Override
    public String toString() {
        String labels = switch (labelKind) {
            case NONE -> "no labels";
            case CLASS -> numClasses + " classes";
            case ATTRIBUTES -> numAttributes() + " attributes";
        };
        return "LabeledImages[" + count + " x " + shape + ", " + labels + "]";
    }
}
