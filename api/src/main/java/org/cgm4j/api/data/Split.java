package org.cgm4j.api.data;

/** Which part of a dataset: the training split (shuffled each epoch) or the held-out test split. */
public enum Split {
    /** The training split. */
    TRAIN,
    /** The held-out test split. */
    TEST
}
