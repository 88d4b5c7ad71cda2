package org.cgm4j.experiments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The directory of one run: {@code <runs>/<experiment>/seed=<n>__<hash8>/}, where hash8 is the
 * start of the SHA-256 of the resolved definition, so that the same definition always maps to
 * the same directory (and a killed run is found again and resumed) while any change of config
 * gets a new one. A run is finished only when its {@link #COMPLETE} marker exists; the marker is
 * written last, atomically.
 */
public final class RunDirectory {
    /** The completion marker, written last. */
    public static final String COMPLETE = "COMPLETE";
    /** The fully resolved definition. */
    public static final String RESOLVED = "resolved.yaml";
    /** Provenance of the run. */
    public static final String PROVENANCE = "provenance.json";
    /** Every loss term per step. */
    public static final String HISTORY = "history.csv";
    /** Test metrics, deterministic for a seed and thread count. */
    public static final String METRICS = "metrics.json";
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
    /** The training curves. */
    public static final String LOSS_CURVE = "plots/loss.png";

    private final Path dir;

    private RunDirectory(Path dir) {
        this.dir = dir;
    }

    /** The run directory of {@code resolvedYaml} under {@code runsRoot}. */
    public static RunDirectory of(Path runsRoot, String experiment, long seed, String resolvedYaml) {
        return new RunDirectory(runsRoot.resolve(experiment).resolve("seed=" + seed + "__" + hash8(resolvedYaml)));
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

    /** Writes the completion marker: the last thing a run does. */
    public void markComplete(String summary) throws IOException {
        writeText(COMPLETE, summary);
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
