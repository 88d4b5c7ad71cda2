package org.cgm4j.experiments.sweep;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicInteger;
import org.cgm4j.api.train.Trainer;
import org.cgm4j.experiments.run.RunDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each run of a sweep in its own worker JVM ({@code cgm4j sweep-worker}, see {@link
 * WorkerArguments}), at most {@code workers} at a time, and returns the outcomes in plan order.
 *
 * <p>A worker starts with this process's java executable, class path (in {@code CLASSPATH}) and
 * memory options ({@link WorkerJvm#current()}), in this process's working directory and with its environment, so {@code
 * OMP_NUM_THREADS} (and with it the results, which repeat bit for bit only at the same thread count)
 * passes through; {@code CGM4J_PLAN_THREADS} is set to the cores shared among the workers ({@link
 * #workerPlanThreads}), which changes speed, not results. It re-expands the same definition with the same overrides, runs the one run named by
 * its label and refuses to run when that run's directory is not the one this executor expects.
 * Complete runs are skipped without starting a worker; an incomplete run resumes from its checkpoint
 * inside its worker. Each worker's standard output and error are appended to {@code
 * <runs>/<experiment>/logs/<run-directory-name>.log}; a worker that exits with a non-zero code, or
 * leaves its run without the completion marker, gives a {@link SweepOutcome.Status#FAILED} outcome
 * whose failure text is the error line of the log, its exit code and the log's last lines.
 *
 * <p>Killing is safe at any moment: a run is complete only once its {@code COMPLETE} marker is
 * written, last and atomically, and every other file a run writes is written atomically too. When
 * this process is interrupted (its executing thread, or the JVM by SIGINT/SIGTERM through a shutdown
 * hook) it stops its workers; when it is killed outright, each worker sees its standard input close
 * and halts. Running the sweep again then skips the complete runs and resumes the others.
 *
 * <p>Another engine (a cluster scheduler) can implement {@link SweepExecutor} the same way: start
 * {@code cgm4j sweep-worker} with the arguments of {@link WorkerArguments#of} wherever it
 * likes on a file system shared with this process, and read each run's outcome back from its run directory (the {@code COMPLETE} marker).
 */
public final class ProcessSweepExecutor implements SweepExecutor {
    /** The folder under {@code <runs>/<experiment>/} that worker logs go to. */
    public static final String LOGS = "logs";
    /** Memory counted for each worker when choosing the default number of workers. */
    public static final long MIN_BYTES_PER_WORKER = 3L << 29; // 1.5 GiB
    /** Lines of a failed worker's log quoted in its outcome. */
    static final int TAIL_LINES = 15;

    private static final Logger LOG = LoggerFactory.getLogger(ProcessSweepExecutor.class);

    private final int workers;
    private final WorkerJvm jvm;
    private final List<String> command;
    private final boolean failFast;
    private final Map<String, Process> live = new ConcurrentHashMap<>();

    /**
     * @param workers the most workers running at once, >= 1
     * @param jvm how to start a worker
     * @param command the command line recorded in each run's provenance (with {@code "# <label>"} added)
     * @param failFast after the first failed run, start no more runs and stop the running ones
     *     (they stay resumable; their outcomes say they were stopped)
     */
    public ProcessSweepExecutor(int workers, WorkerJvm jvm, List<String> command, boolean failFast) {
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be >= 1, got " + workers);
        }
        this.workers = workers;
        this.jvm = Objects.requireNonNull(jvm, "jvm");
        this.command = List.copyOf(command);
        this.failFast = failFast;
    }

    /**
     * The number of workers this machine allows: its cores divided by the threads each worker uses,
     * and no more than its physical memory holds at {@code max(1.5 GiB, worker heap + 0.5 GiB)}
     * each; at least 1. A worker's threads are the larger of libnd4j's OpenMP threads ({@code
     * OMP_NUM_THREADS}) and OpenBLAS's ({@code OPENBLAS_NUM_THREADS}, which the launcher exports
     * with {@code ND4J_SKIP_BLAS_THREADS}; without that, ND4J gives OpenBLAS {@code
     * OMP_NUM_THREADS} threads): a matrix product and the other ops do not run at once, so each
     * worker keeps that many cores busy. Unset or unreadable values count as 1.
     */
    public static int defaultWorkers(WorkerJvm jvm) {
        long physical = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            physical = os.getTotalMemorySize();
        }
        String blas = System.getenv("ND4J_SKIP_BLAS_THREADS") != null ? System.getenv("OPENBLAS_NUM_THREADS") : null;
        return defaultWorkers(Runtime.getRuntime().availableProcessors(), System.getenv("OMP_NUM_THREADS"), blas,
                physical, jvm.maxHeapBytes(Runtime.getRuntime().maxMemory()));
    }

    /**
     * {@link #defaultWorkers(WorkerJvm)} for the given machine.
     *
     * @param cores available processors
     * @param ompNumThreads the variable's value, null when unset (an unreadable value counts as 1)
     * @param blasThreads OpenBLAS's threads as the workers will have them, null when ND4J sets them
     *     to {@code ompNumThreads} (an unreadable value counts as 1)
     * @param physicalBytes physical memory, <= 0 when unknown (no memory cap then)
     * @param heapBytes the heap of one worker
     */
    static int defaultWorkers(int cores, String ompNumThreads, String blasThreads, long physicalBytes,
            long heapBytes) {
        int threads = Math.max(threads(ompNumThreads), threads(blasThreads));
        int n = Math.max(1, cores / threads);
        if (physicalBytes > 0) {
            long perWorker = Math.max(MIN_BYTES_PER_WORKER, heapBytes + (1L << 29));
            n = (int) Math.min(n, Math.max(1, physicalBytes / perWorker));
        }
        return n;
    }

    /**
     * The plan threads of each worker ({@link Trainer#planThreads}): the cores shared among the
     * workers running at once, at most this process's setting, at least 1. Workers running side by
     * side already keep the cores busy; more threads each would only contend.
     */
    static int workerPlanThreads(int cores, int workers, int own) {
        return Math.max(1, Math.min(own, cores / workers));
    }

    /** A thread-count variable's value: 1 when unset or unreadable. */
    private static int threads(String value) {
        if (value == null) {
            return 1;
        }
        try {
            return Math.max(1, Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** The worker processes running now, by the label of their run (a snapshot). */
    public Map<String, ProcessHandle> liveWorkers() {
        Map<String, ProcessHandle> m = new LinkedHashMap<>();
        live.forEach((label, p) -> m.put(label, p.toHandle()));
        return Collections.unmodifiableMap(m);
    }

    /** The log file of the run in {@code dir}. */
    public static Path logFile(Path runsRoot, String experiment, RunDirectory dir) {
        return runsRoot.resolve(experiment).resolve(LOGS).resolve(dir.path().getFileName() + ".log");
    }

    @Override
    public List<SweepOutcome> execute(SweepPlan plan, Path runsRoot) throws IOException {
        Path logs = runsRoot.resolve(plan.experiment()).resolve(LOGS);
        Files.createDirectories(logs);
        AtomicReference<String> stopping = new AtomicReference<>(); // why the sweep stops; null while it goes on
        Set<String> stopped = ConcurrentHashMap.newKeySet();
        AtomicInteger started = new AtomicInteger();
        List<RunDirectory> dirs = new ArrayList<>();
        List<Boolean> complete = new ArrayList<>();
        for (SweepRun run : plan.runs()) {
            RunDirectory dir = run.directory(runsRoot);
            dirs.add(dir);
            complete.add(dir.isComplete());
        }
        int pending = (int) complete.stream().filter(c -> !c).count();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(workers, pending)), r -> {
            Thread t = new Thread(r, "sweep-worker-wait");
            t.setDaemon(true);
            return t;
        });
        Thread hook = new Thread(() -> {
            stopping.compareAndSet(null, "not started: the sweep was stopped");
            stopAll(stopped);
        }, "sweep-stop-workers");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            List<Future<SweepOutcome>> futures = new ArrayList<>();
            for (int i = 0; i < plan.runs().size(); i++) {
                SweepRun run = plan.runs().get(i);
                RunDirectory dir = dirs.get(i);
                if (complete.get(i)) {
                    futures.add(java.util.concurrent.CompletableFuture.completedFuture(new SweepOutcome(run, dir,
                            SweepOutcome.Status.SKIPPED, 0, null)));
                    continue;
                }
                futures.add(pool.submit(() -> {
                    String reason = stopping.get();
                    if (reason != null) {
                        return new SweepOutcome(run, dir, SweepOutcome.Status.FAILED, 0, reason);
                    }
                    LOG.info("sweep run {}/{} on a worker: {}", started.incrementAndGet(), pending, run.label());
                    SweepOutcome o = runWorker(plan, run, runsRoot, dir, stopping, stopped);
                    if (o.status() == SweepOutcome.Status.FAILED && failFast
                            && stopping.compareAndSet(null, "not started: an earlier run failed (--fail-fast)")) {
                        LOG.error("run {} failed; stopping the other workers (--fail-fast)", run.label());
                        stopAll(stopped);
                    }
                    return o;
                }));
            }
            List<SweepOutcome> outcomes = new ArrayList<>();
            for (Future<SweepOutcome> f : futures) {
                outcomes.add(f.get());
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping.compareAndSet(null, "not started: the sweep was interrupted");
            stopAll(stopped);
            throw new InterruptedIOException("sweep interrupted; its workers were stopped and their runs stay"
                    + " resumable");
        } catch (ExecutionException e) {
            stopping.compareAndSet(null, "not started: the sweep failed");
            stopAll(stopped);
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs (or ran) anyway
            }
        }
    }

    private SweepOutcome runWorker(SweepPlan plan, SweepRun run, Path runsRoot, RunDirectory dir,
            AtomicReference<String> stopping, Set<String> stopped) throws IOException, InterruptedException {
        Path log = logFile(runsRoot, plan.experiment(), dir);
        List<String> args = WorkerArguments.of(plan.definition(), plan.baseOverrides(), runsRoot,
                run.label(), dir.path(), command);
        ProcessBuilder pb = jvm.configure(WorkerArguments.MAIN_CLASS, args);
        pb.environment().put(Trainer.PLAN_THREADS_VARIABLE, Integer.toString(
                workerPlanThreads(Runtime.getRuntime().availableProcessors(), workers, Trainer.planThreads())));
        Files.writeString(log, "=== " + Instant.now() + " worker for " + run.label() + ": "
                + String.join(" ", pb.command()) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        pb.directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        long start = System.nanoTime();
        Process p = pb.start();
        live.put(run.label(), p);
        if (stopping.get() != null) {
            // the sweep began stopping while this worker started, after it stopped the live ones
            stopped.add(run.label());
            p.destroy();
        }
        int code;
        try {
            code = p.waitFor();
        } finally {
            live.remove(run.label());
            // the worker's standard input: closing it tells a still-running worker to stop
            p.getOutputStream().close();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (code == 0 && dir.isComplete()) {
            LOG.info("sweep run {} complete ({} s)", run.label(), String.format("%.1f", seconds));
            return new SweepOutcome(run, dir, SweepOutcome.Status.RAN, seconds, null);
        }
        String failure = stopped.contains(run.label())
                ? "stopped (the sweep was stopped; the run resumes from its checkpoint next time)"
                : failure(code, log, code == 0 ? "the worker exited without completing the run" : null);
        LOG.error("sweep run {} failed: {}", run.label(), failure);
        return new SweepOutcome(run, dir, SweepOutcome.Status.FAILED, seconds, failure);
    }

    /** The error line of the log (or {@code headline}), the exit code and the log's last lines. */
    public static String failure(int code, Path log, String headline) throws IOException {
        List<String> tail = tail(log, TAIL_LINES);
        String line = headline;
        if (line == null) {
            for (int i = tail.size() - 1; i >= 0 && line == null; i--) {
                if (tail.get(i).startsWith("error: ")) {
                    line = tail.get(i).substring("error: ".length());
                }
            }
        }
        if (line == null) {
            line = code > 128 ? "the worker was killed (signal " + (code - 128) + ")" : "the worker failed";
        }
        StringBuilder b = new StringBuilder(line).append(" (exit code ").append(code).append("; log ").append(log)
                .append(")");
        tail.forEach(t -> b.append('\n').append(t));
        return b.toString();
    }

    /** The last {@code n} lines of a text file (at most its last 64 KiB). */
    static List<String> tail(Path file, int n) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        byte[] bytes;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            int size = (int) Math.min(len, 64 * 1024);
            bytes = new byte[size];
            f.seek(len - size);
            f.readFully(bytes);
        }
        List<String> lines = new ArrayList<>(new String(bytes, StandardCharsets.UTF_8).lines()
                .filter(l -> !l.isBlank()).toList());
        return List.copyOf(lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** Stops every live worker: politely, then after a few seconds forcibly. */
    private void stopAll(Set<String> stopped) {
        List<Process> ps = new ArrayList<>();
        live.forEach((label, p) -> {
            stopped.add(label);
            ps.add(p);
            p.destroy();
        });
        for (Process p : ps) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
