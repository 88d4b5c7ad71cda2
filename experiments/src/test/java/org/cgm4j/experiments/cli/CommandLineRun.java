package org.cgm4j.experiments.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.cgm4j.experiments.run.RunDirectory;
import org.cgm4j.experiments.sweep.WorkerJvm;

/** Test helpers: the command line run in this JVM with its output captured; waiting for a run mid-training. */
public record CommandLineRun(int code, String out, String err) {
    /** The shipped VAE definition that tiny test definitions extend. */
    public static final Path VAE = Path.of("definitions/vae/mnist-10k.yaml").toAbsolutePath();

    /** Runs {@code cgm4j args} in this JVM. */
    public static CommandLineRun of(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Cgm4j.execute(args);
            return new CommandLineRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /**
     * A tiny VAE definition in {@code dir}, long enough (in iterations, with a checkpoint every 4)
     * that a run can be caught between its first checkpoint and the end of its training.
     */
    public static Path tinyDefinition(Path dir, String name, String extra) throws IOException {
        return tinyDefinition(dir, name, extra, 2);
    }

    /** {@link #tinyDefinition(Path, String, String)} training for {@code epochs} epochs of 32 batches. */
    public static Path tinyDefinition(Path dir, String name, String extra, int epochs) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, """
                extends: %s
                name: %s
                data: {limit: 512, testLimit: 32, batchSize: 16}
                model: {hidden: [32], latentDim: 2}
                train: {epochs: %d, checkpointEvery: 4}
                evaluate: [{type: elbo}]
                output: {samples: 4, reconstructions: 4}
                %s
                """.formatted(VAE, name, epochs, extra));
        return file;
    }

    /** Starts {@code cgm4j <args>} in a child JVM with this one's class path, its output in {@code log}. */
    public static Process startChild(Path log, String... args) throws IOException {
        return WorkerJvm.current()
                .configure(Cgm4j.class.getName(), List.of(args))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** A run directory under {@code experimentDir} that has a checkpoint but no trained weights yet. */
    public static Optional<RunDirectory> midTraining(Path experimentDir) {
        if (!Files.isDirectory(experimentDir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(experimentDir)) {
            return s.map(RunDirectory::at)
                    .filter(r -> Files.isRegularFile(r.file(RunDirectory.CHECKPOINT)))
                    .filter(r -> !Files.exists(r.file(RunDirectory.WEIGHTS)) && !r.isComplete())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty(); // a directory appearing or vanishing while listed: look again
        }
    }

    /** Polls {@code probe} every few milliseconds until it gives a value; fails after {@code limit}. */
    public static <T> T await(Supplier<Optional<T>> probe, Duration limit, String what) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            Optional<T> v = probe.get();
            if (v.isPresent()) {
                return v.get();
            }
            Thread.sleep(5);
        }
        throw new AssertionError("gave up waiting for " + what + " after " + limit);
    }
}
