package org.cgm4j.executors.spark;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.cgm4j.api.UserError;
import org.cgm4j.experiments.run.RunDirectory;
import org.cgm4j.experiments.sweep.ProcessSweepExecutor;
import org.cgm4j.experiments.sweep.SweepExecutor;
import org.cgm4j.experiments.sweep.SweepOutcome;
import org.cgm4j.experiments.sweep.SweepPlan;
import org.cgm4j.experiments.sweep.SweepRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each run of a sweep as one Apache Spark task: the driver (this process) skips the complete
 * runs, submits one single-task job per remaining run, and reads each outcome back from the run
 * directory in the runs root, which must be one folder that the driver and every executor see (a
 * shared or network file system). The task ({@link RunTask}) starts {@code cgm4j sweep-worker} in a
 * child JVM, exactly as {@link ProcessSweepExecutor} does on one machine, its output going to the
 * same {@code <runs>/<experiment>/logs/<run>.log}.
 *
 * <p>Faults: a worker killed by a signal, or a lost executor (killed, or its machine gone), fails
 * the task, and Spark runs it again ({@code spark.task.maxFailures}, 4 by default on a cluster;
 * {@code local[N,F]} in local mode) on any executor: the new worker resumes the run from its
 * checkpoint. A run that fails by itself (a bad setting, a non-finite loss) is not retried and is
 * reported as the local executor reports it. A killed driver takes its executors, and with them the
 * workers, down (each worker stops when its standard input closes); the same command again skips the
 * complete runs and resumes the others. A run is complete only once its {@code COMPLETE} marker is
 * written, last, so no run is left looking complete when it is not.
 *
 * <p>A task that finished a run the driver cannot see complete means the runs folder is not shared:
 * that is an error naming the folder, as is an executor that does not see the file the driver put
 * there before the first task.
 */
public final class SparkSweepExecutor implements SweepExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(SparkSweepExecutor.class);
    private static final String JOB_GROUP = "cgm4j-sweep";

    private final SparkConf conf;
    private final List<String> jvmOptions;
    private final String ompNumThreads;
    private final List<String> command;
    private final boolean failFast;

    /**
     * @param conf the Spark configuration, master included
     * @param jvmOptions the JVM options of each run's worker (heap, garbage collector)
     * @param ompNumThreads {@code OMP_NUM_THREADS} of each worker; null to leave it unset
     * @param command the command line recorded in each run's provenance
     * @param failFast after the first failed run, cancel the others (they stay resumable)
     */
    public SparkSweepExecutor(SparkConf conf, List<String> jvmOptions, String ompNumThreads, List<String> command,
            boolean failFast) {
        this.conf = Objects.requireNonNull(conf, "conf");
        this.jvmOptions = List.copyOf(jvmOptions);
        this.ompNumThreads = ompNumThreads;
        this.command = List.copyOf(command);
        this.failFast = failFast;
    }

    @Override
    public List<SweepOutcome> execute(SweepPlan plan, Path runsRoot) throws IOException {
        Path root = runsRoot.toAbsolutePath().normalize();
        List<RunDirectory> dirs = new ArrayList<>();
        Map<Integer, RunTask> pending = new LinkedHashMap<>();
        Path logs = root.resolve(plan.experiment()).resolve(ProcessSweepExecutor.LOGS);
        Path probe = logs.resolve(".runs-folder-" + UUID.randomUUID());
        Path definition = plan.definition().toAbsolutePath().normalize();
        String cwd = Path.of("").toAbsolutePath().toString();
        for (int i = 0; i < plan.runs().size(); i++) {
            SweepRun run = plan.runs().get(i);
            RunDirectory dir = run.directory(root);
            dirs.add(dir);
            if (!dir.isComplete()) {
                pending.put(i, new RunTask(run.label(), definition.toString(), plan.baseOverrides(), root.toString(),
                        dir.path().toString(), ProcessSweepExecutor.logFile(root, plan.experiment(), dir).toString(),
                        probe.toString(), jvmOptions, ompNumThreads, cwd, command));
            }
        }
        SweepOutcome[] outcomes = new SweepOutcome[plan.runs().size()];
        for (int i = 0; i < outcomes.length; i++) {
            if (!pending.containsKey(i)) {
                outcomes[i] = new SweepOutcome(plan.runs().get(i), dirs.get(i), SweepOutcome.Status.SKIPPED, 0, null);
            }
        }
        if (pending.isEmpty()) {
            return List.of(outcomes);
        }
        Files.createDirectories(logs);
        Files.writeString(probe, "written by the cgm4j sweep driver; every executor must see this file\n",
                StandardCharsets.UTF_8);
        long contextStart = System.nanoTime();
        JavaSparkContext sc = new JavaSparkContext(conf);
        try {
            LOG.info("Spark context at {} started in {} s; {} runs to run, their logs go to {}", sc.master(),
                    String.format(Locale.ROOT, "%.1f", (System.nanoTime() - contextStart) / 1e9), pending.size(),
                    logs);
            sc.setJobGroup(JOB_GROUP, "cgm4j sweep " + plan.experiment(), true);
            Map<Integer, JavaFutureAction<List<TaskResult>>> jobs = new LinkedHashMap<>();
            Map<Integer, Long> submitted = new LinkedHashMap<>();
            for (Map.Entry<Integer, RunTask> e : pending.entrySet()) {
                submitted.put(e.getKey(), System.nanoTime());
                jobs.put(e.getKey(), sc.parallelize(List.of(e.getValue()), 1).map(new RunFunction()).collectAsync());
            }
            String stopReason = null;
            List<String> unseen = new ArrayList<>();
            while (!jobs.isEmpty()) {
                Integer done = null;
                for (Map.Entry<Integer, JavaFutureAction<List<TaskResult>>> e : jobs.entrySet()) {
                    if (e.getValue().isDone()) {
                        done = e.getKey();
                        break;
                    }
                }
                if (done == null) {
                    Thread.sleep(100);
                    continue;
                }
                Future<List<TaskResult>> job = jobs.remove(done);
                SweepRun run = plan.runs().get(done);
                RunDirectory dir = dirs.get(done);
                double jobSeconds = (System.nanoTime() - submitted.get(done)) / 1e9;
                SweepOutcome o = outcome(run, dir, job, jobSeconds, stopReason, unseen);
                outcomes[done] = o;
                if (o.status() == SweepOutcome.Status.FAILED && failFast && stopReason == null) {
                    stopReason = "stopped: an earlier run failed (--fail-fast); the run resumes from its checkpoint"
                            + " next time";
                    LOG.error("run {} failed; cancelling the other runs (--fail-fast)", run.label());
                    sc.cancelJobGroup(JOB_GROUP);
                }
            }
            if (!unseen.isEmpty()) {
                throw new UserError("the runs folder " + root + " is not shared: Spark tasks completed "
                        + String.join(", ", unseen) + ", but this driver does not see them complete there; put the"
                        + " runs folder (--runs) on a file system that the driver and every executor share");
            }
            return Arrays.asList(outcomes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sc.cancelJobGroup(JOB_GROUP);
            throw new InterruptedIOException("sweep interrupted; its Spark tasks were cancelled and their runs stay"
                    + " resumable");
        } finally {
            sc.stop();
            Files.deleteIfExists(probe);
        }
    }

    private SweepOutcome outcome(SweepRun run, RunDirectory dir, Future<List<TaskResult>> job, double jobSeconds,
            String stopReason, List<String> unseen) throws InterruptedException, IOException {
        try {
            TaskResult r = job.get().get(0);
            if (r.failure() != null) {
                LOG.error("sweep run {} failed on {}: {}", run.label(), r.host(), r.failure());
                return new SweepOutcome(run, dir, SweepOutcome.Status.FAILED, r.seconds(), r.failure());
            }
            if (!dir.isComplete()) {
                unseen.add(run.label() + " (on " + r.host() + ")");
                return new SweepOutcome(run, dir, SweepOutcome.Status.FAILED, r.seconds(), "completed on " + r.host()
                        + ", but not complete in " + dir + " as this driver sees it");
            }
            LOG.info("sweep run {} complete on {} ({} s in its task, {} s since its job was submitted)", run.label(),
                    r.host(), String.format(Locale.ROOT, "%.1f", r.seconds()),
                    String.format(Locale.ROOT, "%.1f", jobSeconds));
            return new SweepOutcome(run, dir, SweepOutcome.Status.RAN, r.seconds(), null);
        } catch (CancellationException e) {
            return stopped(run, dir, stopReason);
        } catch (ExecutionException e) {
            if (dir.isComplete()) {
                return new SweepOutcome(run, dir, SweepOutcome.Status.RAN, jobSeconds, null);
            }
            if (stopReason != null) {
                return stopped(run, dir, stopReason);
            }
            String failure = abortMessage(e.getCause(), ProcessSweepExecutor.logFile(dir.path().getParent().getParent(),
                    run.experiment(), dir));
            LOG.error("sweep run {} failed: {}", run.label(), failure);
            return new SweepOutcome(run, dir, SweepOutcome.Status.FAILED, jobSeconds, failure);
        }
    }

    private static SweepOutcome stopped(SweepRun run, RunDirectory dir, String reason) {
        return new SweepOutcome(run, dir, SweepOutcome.Status.FAILED, 0,
                reason == null ? "stopped (the sweep was stopped; the run resumes from its checkpoint next time)"
                        : reason);
    }

    /**
     * The failure of a run whose job Spark gave up on: the last attempt's reason (a killed worker, a
     * lost executor), what Spark says, and the last lines of the run's log.
     */
    static String abortMessage(Throwable cause, Path log) throws IOException {
        String spark = cause == null ? "the Spark job failed" : String.valueOf(cause.getMessage());
        String firstLine = spark.lines().findFirst().orElse(spark);
        String reason = null;
        int i = spark.indexOf(WorkerLostException.class.getName() + ": ");
        if (i >= 0) {
            reason = spark.substring(i + WorkerLostException.class.getName().length() + 2).lines().findFirst()
                    .orElse(null);
        }
        StringBuilder b = new StringBuilder(reason != null ? reason : "the run's Spark task failed")
                .append(" (Spark gave up: ").append(firstLine).append("; log ").append(log).append(")");
        for (String line : tail(log)) {
            b.append('\n').append(line);
        }
        return b.toString();
    }

    private static List<String> tail(Path log) throws IOException {
        // the same last lines as the local executor quotes, without its headline and exit code line
        String text = ProcessSweepExecutor.failure(0, log, "-");
        return text.lines().skip(1).toList();
    }

    /** The task body, a named class so that Spark serializes this and nothing of its caller. */
    static final class RunFunction implements Function<RunTask, TaskResult> {
        private static final long serialVersionUID = 1L;

        @Override
        public TaskResult call(RunTask task) throws Exception {
            return task.call();
        }
    }
}
