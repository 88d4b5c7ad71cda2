package org.cgm4j.experiments.trained;

import org.cgm4j.api.UserError;

/**
 * A run directory that cannot give a trained model (missing files, an unfinished run, weights that
 * do not fit the graph), or a capability the model does not have: one line naming the directory
 * and the file, array or capability.
 */
public final class TrainedModelException extends UserError {
    private static final long serialVersionUID = 1L;

    /** An error with its one-line message. */
    public TrainedModelException(String message) {
        super(message);
    }

    /** An error with its one-line message, caused by a lower-level failure. */
    public TrainedModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
