package org.cgm4j.executors.spark;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.spark.TaskContext;
import org.cgm4j.experiments.run.RunDirectory;
import org.cgm4j.experiments.sweep.ProcessSweepExecutor;
import org.cgm4j.experiments.sweep.WorkerArguments;
import org.cgm4j.experiments.sweep.WorkerJvm;

/**
 * What a Spark task needs to run one run of a sweep on an executor, and the code that does it
 * ({@link #call()}): a child JVM running {@code cgm4j sweep-worker} with the driver's heap and
 * thread settings, the executor's class path, its output appended to the run's log in the shared
 * runs folder. Everything here is plain data that Java serialization carries to the executor.
 *
 * <p>Why a child JVM and not the executor's own: a run then has the heap, garbage collector and
 * {@code OMP_NUM_THREADS} of a local worker (results repeat bit for bit only at the same thread
 * count), ND4J's native memory goes back to the system when the run ends, a crash of native code
 * takes one run down instead of the executor, and the executor JVM, with Spark's class path and
 * memory settings, never loads ND4J at all.
 *
 * @param label the run's label in the sweep
 * @param definition the definition file (absolute; it and the files it extends must be visible to
 *     every executor)
 * @param baseOverrides the sweep's {@code --set} overrides, in order
 * @param runsRoot the runs root (absolute, shared)
 * @param expected the run's directory (absolute)
 * @param log the run's log file
 * @param probe a file the driver wrote into the runs folder: an executor that cannot see it does not
 *     share the folder
 * @param jvmOptions the driver's JVM options for runs (heap, garbage collector)
 * @param ompNumThreads the driver's {@code OMP_NUM_THREADS}, null when unset
 * @param workingDirectory the driver's working directory, used when it exists on the executor
 * @param commandWords the sweep's command line, recorded in the run's provenance and at the head of the task's lines in its log
 */
record RunTask(String label, String definition, List<String> baseOverrides, String runsRoot, String expected,
        String log, String probe, List<String> jvmOptions, String ompNumThreads, String workingDirectory,
        List<String> commandWords) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How long a task waits for a run's lock, held by a worker of a lost executor that has not yet stopped. */
    static final Duration LOCK_WAIT = Duration.ofSeconds(60);

    /** Checks and copies. */
    RunTask {
        Objects.requireNonNull(label, "label");
        baseOverrides = List.copyOf(baseOverrides);
        jvmOptions = List.copyOf(jvmOptions);
        commandWords = List.copyOf(commandWords);
    }

    /**
     * Runs the run and says how it ended. A run that ended by itself (complete, or failed with an
     * error of its own) gives a result; a worker killed by a signal throws, so that Spark runs the
     * task again (up to {@code spark.task.maxFailures}), and the next attempt resumes the run from
     * its checkpoint.
     *
     * @throws WorkerLostException when the worker process was killed: Spark retries the task
     */
    TaskResult call() throws IOException, InterruptedException {
        String host = hostName();
        long start = System.nanoTime();
        RunDirectory dir = RunDirectory.at(Path.of(expected));
        if (!Files.isRegularFile(Path.of(probe))) {
            return TaskResult.failed(label, host, 0, "the executor on " + host + " does not see the runs folder "
                    + runsRoot + " (no " + probe + "): the runs folder must be a file system shared by the driver"
                    + " and every executor");
        }
        if (dir.isComplete()) {
            // an earlier attempt finished the run, but its executor was lost before it reported
            return TaskResult.ran(label, host, seconds(start));
        }
        waitForLock(dir);
        // The same arguments as a local worker's: the sweep's command line is recorded in the run's
        // provenance, as one value that sweep-worker cannot take for its own options.
        List<String> args = WorkerArguments.of(Path.of(definition), baseOverrides, Path.of(runsRoot), label,
                Path.of(expected), commandWords);
        WorkerJvm jvm = new WorkerJvm(Path.of(System.getProperty("java.home"), "bin", "java"), classPath(),
                jvmOptions);
        ProcessBuilder pb = jvm.configure(WorkerArguments.MAIN_CLASS, args);
        if (ompNumThreads != null) {
            pb.environment().put("OMP_NUM_THREADS", ompNumThreads);
        } else {
            pb.environment().remove("OMP_NUM_THREADS");
        }
        Path cwd = workingDirectory == null ? null : Path.of(workingDirectory);
        pb.directory((cwd != null && Files.isDirectory(cwd) ? cwd : Path.of(runsRoot)).toFile());
        Path logFile = Path.of(log);
        Files.createDirectories(logFile.getParent());
        TaskContext tc = TaskContext.get();
        String attempt = tc == null ? "" : " (task attempt " + (tc.attemptNumber() + 1) + ")";
        Files.writeString(logFile, "=== " + Instant.now() + " spark task for " + label + " on " + host + attempt
                + " of '" + String.join(" ", commandWords) + "': " + String.join(" ", pb.command()) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Process p = pb.start();
        int code;
        try {
            code = p.waitFor();
        } catch (InterruptedException e) {
            // Spark cancelled the task (the sweep stops): stop the worker; the run stays resumable
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("run " + label + " was stopped");
        } finally {
            p.getOutputStream().close(); // the worker's standard input: its end tells it to stop
        }
        double seconds = seconds(start);
        if (code == 0 && dir.isComplete()) {
            return TaskResult.ran(label, host, seconds);
        }
        if (code > 128) {
            throw new WorkerLostException(ProcessSweepExecutor.failure(code, logFile, null).lines().findFirst()
                    .orElse("the worker was killed") + " on " + host + "; Spark runs the task again, resuming the"
                    + " run from its checkpoint");
        }
        return TaskResult.failed(label, host, seconds, ProcessSweepExecutor.failure(code, logFile,
                code == 0 ? "the worker exited without completing the run" : null));
    }

    /**
     * Waits until no process holds the run's lock: after an executor is lost, its worker notices
     * (its standard input closes) and stops, but perhaps only after Spark has started the retry.
     */
    private static void waitForLock(RunDirectory dir) throws IOException, InterruptedException {
        long end = System.nanoTime() + LOCK_WAIT.toNanos();
        while (true) {
            try (RunDirectory.Lock held = dir.lock()) {
                return;
            } catch (RunDirectory.RunInUseException e) {
                if (System.nanoTime() > end) {
                    return; // the worker reports the run in use, with its holder
                }
                Thread.sleep(200);
            }
        }
    }

    /**
     * The executor's class path as files: the jars Spark gave the task (shipped with {@code
     * spark.jars}, in the task's class loader), then the executor JVM's own class path.
     */
    static List<Path> classPath() {
        Set<Path> out = new LinkedHashSet<>();
        for (ClassLoader cl = Thread.currentThread().getContextClassLoader(); cl != null; cl = cl.getParent()) {
            if (cl instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    try {
                        URI uri = url.toURI();
                        if ("file".equals(uri.getScheme())) {
                            out.add(Path.of(uri).toAbsolutePath().normalize());
                        }
                    } catch (Exception e) {
                        // not a local file: the executor's class path has what the worker needs
                    }
                }
            }
        }
        out.addAll(WorkerJvm.current().classPath());
        return List.copyOf(out);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName() + " (pid " + ProcessHandle.current().pid() + ")";
        } catch (IOException e) {
            return "pid " + ProcessHandle.current().pid();
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** The class path separator, for messages. */
    static String separator() {
        return File.pathSeparator;
    }
}
