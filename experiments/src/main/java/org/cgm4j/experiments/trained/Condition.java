package org.cgm4j.experiments.trained;

import java.util.Objects;
import org.cgm4j.api.data.Batch;

/**
 * What samples of a trained model are conditioned on: nothing (prior samples of a VAE), a class
 * (the class-conditional editor of the latent constraints), or given inputs x (the quadrant models
 * of Sohn et al. 2015, a {@link Batch} as {@link TrainedModel#examples} builds it from whole images).
 */
public sealed interface Condition {
    /** No condition. */
    static Condition none() {
        return None.INSTANCE;
    }

    /** Samples of class {@code label}. */
    static Condition ofClass(int label) {
        return new ClassLabel(label);
    }

    /** Samples given the inputs of {@code batch}: one row (repeated for every sample) or one row per sample. */
    static Condition given(Batch batch) {
        return new Given(batch);
    }

    /** No condition. */
    enum None implements Condition {
        /** The one instance. */
        INSTANCE
    }

    /**
     * A target class.
     *
     * @param label the class, {@code 0..K-1}
     */
    record ClassLabel(int label) implements Condition {
        /** Checks the label is not negative. */
        public ClassLabel {
            if (label < 0) {
                throw new IllegalArgumentException("a class is >= 0, got " + label);
            }
        }
    }

    /**
     * Given inputs.
     *
     * @param batch x {@code [m, xDim]} (with y and its mask, as the task derives them), m = 1 or n
     */
    record Given(Batch batch) implements Condition {
        /** Checks the batch is there. */
        public Given {
            Objects.requireNonNull(batch, "batch");
        }
    }
}
