package org.cgm4j.api.data;

/**
 * Which part of a dataset: the training split (shuffled each epoch), the validation split held out
 * of the training images ({@code data.validation}; empty when none) or the held-out test split.
 */
public enum Split {
    /** The training split. */
    TRAIN,
    /** The held-out test split. */
    TEST,
    /** The part of the training images held out for validation during training. */
    VALIDATION
}
