package org.cgm4j.api.train;

import org.cgm4j.api.UserError;

/**
 * A checkpoint that a run cannot continue from: unreadable (truncated, not a checkpoint), written
 * for another run (another definition, model type or seed), or not fitting the model. The message
 * names the checkpoint file and the cause in one line; the exit code is 1, since the progress the
 * file may hold must not be thrown away silently (training again from the start is the user's
 * choice).
 */
public class CheckpointException extends UserError {
    private static final long serialVersionUID = 1L;

    /** Exit code of a checkpoint a run cannot continue from. */
    public static final int EXIT_CODE = 1;

    /** A checkpoint error with its one-line message. */
    public CheckpointException(String message, Throwable cause) {
        super(message, cause, EXIT_CODE);
    }
}
