package org.cgm4j.api;

/**
 * An error a user can fix (a definition, a data file, a run directory, a checkpoint, an option):
 * its message is one complete line that names the file or key, what is wrong and what is allowed.
 * The command line prints that line alone, without a stack trace, and exits with {@link #exitCode()}.
 * Failures that are the framework's own fault stay ordinary exceptions and keep their trace.
 */
public class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Exit code of a user error unless a subclass says otherwise (picocli's usage-error code). */
    public static final int DEFAULT_EXIT_CODE = 2;

    private final int exitCode;

    /** A user error with the default exit code. */
    public UserError(String message) {
        this(message, null, DEFAULT_EXIT_CODE);
    }

    /** A user error with the default exit code, caused by a lower-level failure. */
    public UserError(String message, Throwable cause) {
        this(message, cause, DEFAULT_EXIT_CODE);
    }

    /** A user error with its own exit code. */
    public UserError(String message, Throwable cause, int exitCode) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The process exit code the command line returns for this error (never 0). */
    public int exitCode() {
        return exitCode;
    }
}
