package org.cgm4j.api.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Failures of the file system (a full disk, a read-only or missing directory, a file where a
 * directory should be) as one line that names the file: what the command line prints for them.
 * Low-level writers often name no file ({@code No space left on device}, {@code IIOException: I/O
 * error writing PNG file!}); {@link #naming} attaches the file being written, which is what every
 * write through {@link AtomicFiles} does.
 */
public final class FileErrors {
    private FileErrors() {}

    /** A failed write of a file: its message is {@code cannot write <file>: <cause>}. */
    public static final class WriteFailed extends FileSystemException {
        private static final long serialVersionUID = 1L;

        /** {@code file} could not be written because of {@code cause}. */
        public WriteFailed(Path file, IOException cause) {
            super(file.toString(), null, rootMessage(cause));
            initCause(cause);
        }

        @Override
        public String getMessage() {
            return "cannot write " + getFile() + ": " + getReason();
        }
    }

    /**
     * {@code e} if it already names a file, else a {@link WriteFailed} naming {@code file}, caused by
     * {@code e}.
     */
    public static IOException naming(Path file, IOException e) {
        if (e instanceof FileSystemException fs && fs.getFile() != null) {
            return e;
        }
        return new WriteFailed(file, e);
    }

    /**
     * The one-line description of a file-system failure in {@code e} or its causes, or empty when
     * there is none (the failure is then not the file system's).
     */
    public static Optional<String> describe(Throwable e) {
        IOException io = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FileSystemException fs && fs.getFile() != null) {
                return Optional.of(describe(fs));
            }
            if (io == null && t instanceof IOException x) {
                io = x;
            }
        }
        if (io == null) {
            return Optional.empty();
        }
        // No file in the chain: the outermost message names it by this project's convention
        // ("cannot write <file>"), the innermost says why.
        String outer = e.getMessage();
        String root = rootMessage(io);
        if (outer == null || outer.isBlank()) {
            return Optional.of(root);
        }
        return Optional.of(outer.contains(root) ? outer : outer + ": " + root);
    }

    private static String describe(FileSystemException fs) {
        if (fs instanceof WriteFailed) {
            return fs.getMessage();
        }
        String reason = fs.getReason() != null ? fs.getReason()
                : fs instanceof NoSuchFileException ? "no such file or directory"
                : fs instanceof AccessDeniedException ? "permission denied"
                : fs instanceof NotDirectoryException ? "not a directory"
                : fs instanceof FileAlreadyExistsException ? "already exists"
                : fs instanceof DirectoryNotEmptyException ? "directory not empty"
                : fs.getClass().getSimpleName();
        String line = fs.getFile() + (fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile()) + ": " + reason;
        // "Not a directory" names the path being made, not the culprit: the file on its way.
        for (Path p = Path.of(fs.getFile()).toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    line += " (" + p + " is a file, not a directory)";
                }
                break;
            }
        }
        return line;
    }

    /** The message of the innermost cause that has one (the operating system's reason). */
    static String rootMessage(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message != null ? message : e.getClass().getSimpleName();
    }
}
