package org.cgm4j.api.train;

/**
 * Training stopped because a loss term became NaN or infinite. The weights of that step were not
 * applied, and the last checkpoint on disk is the last good state.
 */
public final class NonFiniteLossException extends org.cgm4j.api.UserError {
    private final long iteration;

    /** @param message says where (epoch, iteration, step, term) and where the last good checkpoint is */
    public NonFiniteLossException(String message, long iteration) {
        super(message);
        this.iteration = iteration;
    }

    /** The global iteration whose loss was not finite. */
    public long iteration() {
        return iteration;
    }
}
