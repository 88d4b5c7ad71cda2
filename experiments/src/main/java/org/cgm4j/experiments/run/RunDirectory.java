package org.cgm4j.experiments.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.cgm4j.api.io.AtomicFiles;
import org.cgm4j.api.UserError;

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
    /**
     * The data sizes the model was built for ({@link org.cgm4j.api.data.DataSpec} as JSON), so that
     * a trained model can be rebuilt without loading its data; runs of older versions lack it.
     */
    public static final String DATA_SPEC = "model/data-spec.json";
    /** Re-evaluations of the trained model, one folder per metric list: {@code evaluations/<hash8>/}. */
    public static final String EVALUATIONS = "evaluations";
    /** Prior samples. */
    public static final String SAMPLES = "samples/samples.png";
    /** Test images above their reconstructions. */
    public static final String RECONSTRUCTIONS = "samples/reconstructions.png";
    /** Test inputs, their truth and the model's predictions (conditional models). */
    public static final String PREDICTIONS = "samples/predictions.png";
    /** The training curves. */
    public static final String LOSS_CURVE = "plots/loss.png";

    /**
     * The longest run directory name ({@code <label>__seed=<n>__<hash8>}): under the file system's
     * 255 bytes with room for the {@code .log} of its sweep log and the {@code .reproduced-<n>} of
     * its reproductions.
     */
    public static final int MAX_NAME_LENGTH = 200;

    /** Attempts at {@link #lock()} when the lock file keeps being removed under it. */
    private static final int MAX_LOCK_ATTEMPTS = 100;

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
        if (name.length() > MAX_NAME_LENGTH) {
            throw new UserError("the run directory name " + name.substring(0, 60) + "... is " + name.length()
                    + " characters long, over the limit of " + MAX_NAME_LENGTH + " (a file name has at most 255"
                    + " bytes, and logs and reproductions add to it): shorten the sweep's variant names or axis values");
        }
        return new RunDirectory(under(runsRoot, experiment, name));
    }

    /**
     * {@code <runsRoot>/<experiment>/<name>}, checked to lie two levels below the runs root: a
     * run is never written into the root itself or outside it, whatever the experiment's name.
     */
    private static Path under(Path runsRoot, String experiment, String name) {
        Path dir = runsRoot.resolve(experiment).resolve(name);
        Path root = runsRoot.toAbsolutePath().normalize();
        Path normal = dir.toAbsolutePath().normalize();
        if (experiment.isEmpty() || experiment.matches("\\.+") || !normal.startsWith(root)
                || normal.getNameCount() != root.getNameCount() + 2) {
            throw new UserError("the run directory of experiment '" + experiment + "' would be " + normal
                    + ", which is not a folder of a folder of the runs root " + root + "; an experiment's name is a"
                    + " word of letters, digits, '.', '_' or '-', not made of dots alone");
        }
        return dir;
    }

    /** An existing run directory. */
    public static RunDirectory at(Path dir) {
        return new RunDirectory(dir);
    }

    /** The first 8 hex digits of the SHA-256 of {@code text} (UTF-8): the hash in run and evaluation names. */
    public static String hash8(String text) {
        return sha256(text).substring(0, 8);
    }

    /** The SHA-256 (hex) of {@code text} as UTF-8; a run directory's name ends with its first 8 digits. */
    public static String sha256(String text) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h);
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

    /** Writes a text file atomically ({@link AtomicFiles}: a temporary file, then a rename). */
    public void writeText(String name, String text) throws IOException {
        AtomicFiles.writeString(file(name), text);
    }

    /**
     * Deletes the temporary files that writes killed halfway left in this run ({@link
     * AtomicFiles#isTemporary}; a checkpoint's is as large as the checkpoint). Only for the holder of
     * the run's {@link #lock()}: no other process is writing the run then.
     *
     * @return the files deleted
     */
    public List<Path> deleteStaleTemporaries(Lock held) throws IOException {
        Objects.requireNonNull(held, "held");
        List<Path> stale;
        try (Stream<Path> s = Files.walk(dir)) {
            stale = s.filter(p -> AtomicFiles.isTemporary(p) && Files.isRegularFile(p)).toList();
        }
        for (Path p : stale) {
            Files.deleteIfExists(p);
        }
        return stale;
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
        for (int attempt = 1; ; attempt++) {
            Files.createDirectories(dir);
            FileChannel channel;
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
            } catch (NoSuchFileException e) {
                if (attempt >= MAX_LOCK_ATTEMPTS) {
                    throw e;
                }
                continue; // the folder was removed (by a run that failed before training) since it was created
            }
            Object opened = fileKey(file);
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
            // A run that failed before training deletes its directory, lock file included, while holding
            // the lock: a process that opened the file before then would lock a deleted file. Only the
            // file still at the path is the lock: the same file (by its key, from stat, which opens no
            // descriptor; closing any descriptor of the file would drop this process's lock) as at the open.
            Object locked = fileKey(file);
            if (opened == null ? locked == null && Files.exists(file) : opened.equals(locked)) {
                byte[] me = ("pid " + ProcessHandle.current().pid() + " since " + Instant.now() + "\n")
                        .getBytes(StandardCharsets.UTF_8);
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(me), 0);
                return new Lock(channel, lock);
            }
            lock.release();
            channel.close();
            if (attempt >= MAX_LOCK_ATTEMPTS) {
                throw new IOException("could not lock " + file + ": it was replaced " + attempt + " times while locked");
            }
        }
    }

    /** The file's identity (device and inode on Unix), or null when it is gone or the system has none. */
    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
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
