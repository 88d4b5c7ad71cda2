package org.cgm4j.experiments;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The directory of one run: {@code <runs>/<experiment>/seed=<n>__<hash8>/}, or {@code
 * <runs>/<experiment>/<label>__seed=<n>__<hash8>/} for a run of a sweep, whose label names its
 * variant and axis values ({@code cvae__given=1}); hash8 is the
 * start of the SHA-256 of the resolved definition, so that the same definition always maps to
 * the same directory (and a killed run is found again and resumed) while any change of config
 * gets a new one. A run is finished only when its {@link #COMPLETE} marker exists; the marker is
 * written last, atomically.
 */
public final class RunDirectory {
    /** The completion marker, written last. */
    public static final String COMPLETE = "COMPLETE";
    /** The lock file of {@link #lock()}: held while a process writes the run. */
    public static final String LOCK = ".lock";
    /** The fully resolved definition. */
    public static final String RESOLVED = "resolved.yaml";
    /** Provenance of the run. */
    public static final String PROVENANCE = "provenance.json";
    /** Every loss term per step. */
    public static final String HISTORY = "history.csv";
    /** Test metrics, deterministic for a seed and thread count. */
    public static final String METRICS = "metrics.json";
    /** Validation metrics per validated epoch ({@code train.validate}). */
    public static final String VALIDATION = "validation.csv";
    /** Throughput and memory, which vary from run to run. */
    public static final String PERFORMANCE = "performance.json";
    /** The last training checkpoint. */
    public static final String CHECKPOINT = "checkpoints/last.ckpt";
    /** The trained weights. */
    public static final String WEIGHTS = "model/weights.zip";
    /** Prior samples. */
    public static final String SAMPLES = "samples/samples.png";
    /** Test images above their reconstructions. */
    public static final String RECONSTRUCTIONS = "samples/reconstructions.png";
    /** Test inputs, their truth and the model's predictions (conditional models). */
    public static final String PREDICTIONS = "samples/predictions.png";
    /** The training curves. */
    public static final String LOSS_CURVE = "plots/loss.png";

    private final Path dir;

    private RunDirectory(Path dir) {
        this.dir = dir;
    }

    /** The run directory of {@code resolvedYaml} under {@code runsRoot}. */
    public static RunDirectory of(Path runsRoot, String experiment, long seed, String resolvedYaml) {
        return of(runsRoot, experiment, "", seed, resolvedYaml);
    }

    /**
     * The run directory of {@code resolvedYaml} under {@code runsRoot}, its name starting with
     * {@code label} (empty for none): {@code <label>__seed=<n>__<hash8>}.
     *
     * @param label letters, digits and {@code . _ + - =}; empty for a run outside a sweep
     */
    public static RunDirectory of(Path runsRoot, String experiment, String label, long seed, String resolvedYaml) {
        String prefix = label == null ? "" : label;
        if (!prefix.isEmpty() && !prefix.matches("[A-Za-z0-9._+=-]+")) {
            throw new IllegalArgumentException("a run label is made of letters, digits and . _ + - =, got '"
                    + prefix + "'");
        }
        String name = (prefix.isEmpty() ? "" : prefix + "__") + "seed=" + seed + "__" + hash8(resolvedYaml);
        return new RunDirectory(runsRoot.resolve(experiment).resolve(name));
    }

    /** An existing run directory. */
    public static RunDirectory at(Path dir) {
        return new RunDirectory(dir);
    }

    static String hash8(String text) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The directory. */
    public Path path() {
        return dir;
    }

    /** A file of the run, by its relative name (one of the constants). */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Whether the run finished. */
    public boolean isComplete() {
        return Files.isRegularFile(file(COMPLETE));
    }

    /** Writes a text file atomically (temp file, then rename). */
    public void writeText(String name, String text) throws IOException {
        Path target = file(name);
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                // createTempFile makes owner-only files; run files are for everyone who can read the directory.
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep its defaults
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The exclusive right to write this run, held by one process at a time: two sweeps over the
     * same runs, or a run started while a sweep runs it, would otherwise train the same run twice
     * into one directory. The lock is the operating system's (released when the process ends,
     * killed or not) on the run's {@link #LOCK} file, which records the holder's process id and
     * start time and stays when the lock is released ({@code --fresh} deletes everything else).
     *
     * @throws RunInUseException if another process, or this one, holds it
     */
    public Lock lock() throws IOException {
        Path file = file(LOCK);
        Files.createDirectories(dir);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String holder = "";
            try {
                holder = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                // the message goes without the holder
            }
            channel.close();
            throw new RunInUseException(dir, file, holder);
        }
        byte[] me = ("pid " + ProcessHandle.current().pid() + " since " + Instant.now() + "\n")
                .getBytes(StandardCharsets.UTF_8);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(me), 0);
        return new Lock(channel, lock);
    }

    /** A held {@link #lock()}; closing releases it. */
    public static final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Lock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    /** Thrown when another process (or this one) is writing the run. */
    public static final class RunInUseException extends org.cgm4j.api.UserError {
        private static final long serialVersionUID = 1L;

        RunInUseException(Path run, Path lockFile, String holder) {
            super("run directory " + run + " is being written by another cgm4j process"
                    + (holder.isEmpty() ? "" : " (" + holder + ")") + ", which holds " + lockFile
                    + "; wait for it to finish or stop it, then run again (a stopped run resumes from its checkpoint)",
                    null, 1);
        }
    }

    /** Writes the completion marker: the last thing a run does. */
    public void markComplete(String summary) throws IOException {
        writeText(COMPLETE, summary);
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
