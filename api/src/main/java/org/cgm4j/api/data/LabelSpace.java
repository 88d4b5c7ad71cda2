package org.cgm4j.api.data;

import java.util.List;
import java.util.Objects;

/**
 * What a task may use of a dataset's labels besides the images: their kind, and the classes or
 * attributes of the whole dataset (before limits, so a limit cannot change the width of a
 * class-conditional model's x).
 *
 * @param kind none, class or attributes
 * @param numClasses the number of classes (0 unless {@link LabelKind#CLASS})
 * @param classNames the classes' names by index, or empty
 * @param attributeNames the attributes' names in the order of each image's vector (empty unless
 *     {@link LabelKind#ATTRIBUTES})
 */
public record LabelSpace(LabelKind kind, int numClasses, List<String> classNames, List<String> attributeNames) {
    /** Checks for nulls and negative sizes; copies the lists. */
    public LabelSpace {
        Objects.requireNonNull(kind, "kind");
        if (numClasses < 0) {
            throw new IllegalArgumentException("numClasses must be >= 0, got " + numClasses);
        }
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
        attributeNames = attributeNames == null ? List.of() : List.copyOf(attributeNames);
    }

    /** The labels of a whole dataset as loaded. */
    public static LabelSpace of(DatasetSplits full) {
        return new LabelSpace(full.labelKind(), full.labelKind() == LabelKind.CLASS ? full.numClasses() : 0,
                full.train().classNames(), full.train().attributeNames());
    }

    /**
     * The labels a model was built for, from its sizes ({@code model/data-spec.json}): classes when
     * it has any, else attributes when it has any, else none.
     */
    public static LabelSpace of(DataSpec spec) {
        LabelKind kind = spec.numClasses() > 0 ? LabelKind.CLASS
                : spec.numAttributes() > 0 ? LabelKind.ATTRIBUTES : LabelKind.NONE;
        return new LabelSpace(kind, spec.numClasses(), spec.classNames(), spec.attributeNames());
    }

    /** The number of binary attributes. */
    public int numAttributes() {
        return attributeNames.size();
    }

    /** The caption of class {@code k}: its name, or the index when the dataset names none. */
    public String className(int k) {
        return k < classNames.size() ? classNames.get(k) : Integer.toString(k);
    }
}
