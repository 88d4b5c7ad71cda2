package org.cgm4j.api.data;

/**
 * A dataset file (or download, or classpath resource) is missing, malformed or not the file it
 * should be. Messages name the file or URL, what is wrong and what was expected, because the
 * usual fix (delete a cache entry, install a package, point {@code data.dir} elsewhere) depends on
 * which file it was.
 */
public final class DataFileException extends org.cgm4j.api.UserError {
    private static final long serialVersionUID = 1L;

    /** An error with a message that names the file. */
    public DataFileException(String message) {
        super(message);
    }

    /** An error with a message that names the file, caused by a lower-level failure. */
    public DataFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
