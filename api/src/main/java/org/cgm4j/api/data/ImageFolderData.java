package org.cgm4j.api.data;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A folder of images as {@link ImageFolderReader} read it: training and test images of one size
 * {@code channels x height x width}, their labels (class indices, binary attribute vectors, or
 * none), the SHA-256s of what was read and a one-line account of how it was read, for provenance.
 *
 * @param channels 1 (grey) or 3 (RGB)
 * @param height image height in pixels
 * @param width image width in pixels
 * @param kind what the labels are
 * @param classNames the class names, index = class label ({@link LabelKind#CLASS}); else empty
 * @param attributeNames the attribute names, in column order ({@link LabelKind#ATTRIBUTES}); else empty
 * @param train the training images
 * @param test the test images
 * @param sha256 {@code images}: the SHA-256 over every image file read (relative path, length and
 *     bytes, in sorted path order); plus one entry per labels or partition file, keyed by its name
 * @param description how the folder was read: folder, sizes, labels, split and resize filter
 */
public record ImageFolderData(
        int channels,
        int height,
        int width,
        LabelKind kind,
        List<String> classNames,
        List<String> attributeNames,
        Part train,
        Part test,
        Map<String, String> sha256,
        String description) {

    /** Checks that both parts match the size and the label kind. */
    public ImageFolderData {
        Objects.requireNonNull(kind, "kind");
        classNames = List.copyOf(classNames);
        attributeNames = List.copyOf(attributeNames);
        sha256 = Collections.unmodifiableMap(new TreeMap<>(sha256));
        Objects.requireNonNull(description, "description");
        for (Part p : List.of(train, test)) {
            if (p.pixels().length != (long) p.count() * channels * height * width) {
                throw new IllegalArgumentException("a part of " + p.count() + " images needs " + channels + " x "
                        + height + " x " + width + " pixels each, got " + p.pixels().length + " in all");
            }
            if ((kind == LabelKind.CLASS) != (p.classes() != null)
                    || (kind == LabelKind.ATTRIBUTES) != (p.attributes() != null)) {
                throw new IllegalArgumentException("a part's labels do not match the label kind " + kind);
            }
            if (p.attributes() != null && p.attributes().length != (long) p.count() * attributeNames.size()) {
                throw new IllegalArgumentException("a part of " + p.count() + " images needs " + attributeNames.size()
                        + " attributes each, got " + p.attributes().length + " in all");
            }
        }
    }

    /**
     * One split's images, in sorted path order. The arrays are shared, not copied: do not modify them.
     *
     * @param files each image's path relative to the folder, with {@code /} separators
     * @param pixels {@code [count, channels, height, width]} unsigned bytes, row-major
     * @param classes each image's class index, or {@code null} when the labels are not classes
     * @param attributes {@code [count, attributes]} of 0 or 1, or {@code null} when the labels are not
     *     attributes
     */
    public record Part(List<String> files, byte[] pixels, int[] classes, byte[] attributes) {
        /** Keeps an unmodifiable copy of the names; checks the label counts. */
        public Part {
            files = List.copyOf(files);
            Objects.requireNonNull(pixels, "pixels");
            if (classes != null && classes.length != files.size()) {
                throw new IllegalArgumentException(files.size() + " images but " + classes.length + " classes");
            }
        }

        /** The number of images. */
        public int count() {
            return files.size();
        }
    }
}
