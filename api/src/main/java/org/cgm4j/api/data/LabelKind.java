package org.cgm4j.api.data;

/**
 * What a dataset says about each image: nothing, one class out of several, or a vector of binary
 * attributes (present or absent, e.g. "smiling", "glasses").
 */
public enum LabelKind {
    /** Images only. */
    NONE,
    /** One class index per image, 0 to {@code numClasses - 1}. */
    CLASS,
    /** A 0/1 value per attribute and image. */
    ATTRIBUTES;

    /** The name {@code cgm4j datasets} prints: none, class or attributes. */
    public String displayName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
