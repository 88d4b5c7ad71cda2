package org.cgm4j.api.data;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One dataset as loaded: its training and test images (one shape, one kind of labels), the SHA-256 of each file's uncompressed
 * payload (keyed by file name without {@code .gz}, e.g. {@code train-images-idx3-ubyte}), for
 * run provenance, and where it came from ({@code embedded}, a directory or a cache path).
 */
public record DatasetSplits(
        String name, LabeledImages train, LabeledImages test, Map<String, String> sha256, String origin) {
    /** Checks for nulls; keeps the hashes as a sorted, unmodifiable copy so provenance is stable. */
    public DatasetSplits {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(origin, "origin");
        if (!train.shape().equals(test.shape())) {
            throw new IllegalArgumentException(name + ": train images are " + train.shape()
                    + " but test images are " + test.shape() + "; expected one shape");
        }
        if (train.labelKind() != test.labelKind() || !train.attributeNames().equals(test.attributeNames())
                || !train.classNames().equals(test.classNames())) {
            throw new IllegalArgumentException(name + ": train images are labelled " + labels(train)
                    + " but test images " + labels(test) + "; expected the same labels");
        }
        sha256 = Collections.unmodifiableMap(new TreeMap<>(sha256 == null ? Map.of() : sha256));
    }

    /** The split's images: training or test (a validation split is cut by {@link DataSource}). */
    public LabeledImages get(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case TEST -> test;
            case VALIDATION -> throw new IllegalArgumentException(
                    "the validation split is cut from the training images by DataSource, not stored with the dataset");
        };
    }

    private static String labels(LabeledImages images) {
        return switch (images.labelKind()) {
            case NONE -> "not at all";
            case CLASS -> "by class" + (images.classNames().isEmpty() ? "" : " " + images.classNames());
            case ATTRIBUTES -> "by attributes " + images.attributeNames();
        };
    }

    /** The shape of every image. */
    public ImageShape shape() {
        return train.shape();
    }

    /** What the images' labels are. */
    public LabelKind labelKind() {
        return train.labelKind();
    }

    /** The number of classes over both splits. */
    public int numClasses() {
        return Math.max(train.numClasses(), test.numClasses());
    }
}
