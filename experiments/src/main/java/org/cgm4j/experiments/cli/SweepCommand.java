package org.cgm4j.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.config.ExecutionConfig;
import org.cgm4j.experiments.run.RunDirectory;
import org.cgm4j.experiments.run.RunsRoot;
import org.cgm4j.experiments.sweep.InProcessSweepExecutorFactory;
import org.cgm4j.experiments.sweep.LocalSweepExecutorFactory;
import org.cgm4j.experiments.sweep.ProcessSweepExecutor;
import org.cgm4j.experiments.sweep.SequentialSweepExecutor;
import org.cgm4j.experiments.sweep.SweepExecutor;
import org.cgm4j.experiments.sweep.SweepExecutorFactory;
import org.cgm4j.experiments.sweep.SweepExecutors;
import org.cgm4j.experiments.sweep.SweepOutcome;
import org.cgm4j.experiments.sweep.SweepPlan;
import org.cgm4j.experiments.sweep.SweepReport;
import org.cgm4j.experiments.sweep.SweepRun;
import org.cgm4j.experiments.sweep.WorkerJvm;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cgm4j sweep <definition.yaml> [--set a.b=c ...] [--runs DIR] [--workers N | --in-process]}:
 * expands the definition's {@code sweep:} block into its runs (all resolved and validated first),
 * runs those not complete yet, then writes {@code <runs>/<experiment>/summary/} ({@link SweepReport}):
 * {@code table.csv}, statistics over seeds, and, as the {@code report:} block asks, {@code
 * table.md}, pictures, ablation plots, and the HTML report {@code index.html}. The exit
 * code is 0 when every run is complete, 1 when some failed (the summary shows the others), 2 for
 * errors in the definition.
 *
 * <p>Runs execute in worker processes, {@code --workers} at a time ({@link ProcessSweepExecutor};
 * the default is what the machine allows, {@link ProcessSweepExecutor#defaultWorkers}); {@code
 * --workers 1} is one worker process running the runs one after the other. {@code --in-process}
 * runs them one after the other in this JVM instead ({@link SequentialSweepExecutor}: for
 * debugging, with no JVM start per run). Either way a sweep that was killed and is started again
 * skips the complete runs and resumes the others from their checkpoints.
 *
 * <p>Executors are plugins ({@link SweepExecutorFactory}, found by {@link SweepExecutors}): {@code
 * --executor NAME} (or the definition's {@code execution.executor}) chooses one, such as {@code spark}
 * from the {@code executors-spark} module with {@code --master URL}.
 */
@Command(name = "sweep", description = "Run every variant x axis value x seed of a definition's sweep, then write"
        + " the summary table and pictures.")
public final class SweepCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DEFINITION", description = "experiment definition (YAML) with a sweep: block")
    Path definition;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a key of every run before the"
            + " variant's and axes' keys, e.g. train.epochs=1, sweep.seeds=[1,2,3]")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--runs", paramLabel = "DIR", defaultValue = "runs", description = "root of run directories"
            + " (default: ${DEFAULT-VALUE})")
    Path runs;

    @Option(names = "--variant", paramLabel = "NAME", description = "run (and report) only this variant; repeat"
            + " for several")
    List<String> variants = new ArrayList<>();

    @Option(names = "--dry-run", description = "list the runs, their directories and whether they are complete,"
            + " incomplete (resume from a checkpoint), stubs (a directory without a checkpoint) or to run; run nothing")
    boolean dryRun;

    @Option(names = "--fail-fast", description = "stop at the first failed run instead of going on with the others")
    boolean failFast;

    @Option(names = "--workers", paramLabel = "N", description = "worker processes running at once (default: the"
            + " cores divided by a worker's threads, the larger of OMP_NUM_THREADS and the BLAS threads, capped by"
            + " memory at 1.5 GB a worker)")
    Integer workers;

    @Option(names = "--in-process", description = "run the runs one after the other in this JVM instead of in"
            + " worker processes (debugging); the same as --executor in-process")
    boolean inProcess;

    @Option(names = "--executor", paramLabel = "NAME", description = "where the runs execute: local (worker"
            + " processes, the default), in-process, or a plugin's such as spark; default: the definition's"
            + " execution.executor")
    String executorName;

    @Option(names = "--master", paramLabel = "URL", description = "the executor's master, for spark local[N] or"
            + " spark://host:7077; default: the definition's execution.master, else the engine's")
    String master;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        if (inProcess && executorName != null) {
            throw new IllegalArgumentException("--in-process is the in-process executor; it does not go with"
                    + " --executor");
        }
        if (inProcess && workers != null) {
            throw new IllegalArgumentException("--in-process runs the runs one after the other in this JVM; it does"
                    + " not take --workers");
        }
        if (workers != null && workers < 1) {
            throw new IllegalArgumentException("--workers must be >= 1, got " + workers);
        }
        PluginRegistry registry = PluginRegistry.discover();
        SweepPlan plan = SweepPlan.expand(new DefinitionLoader(registry), definition, overrides);
        if (!variants.isEmpty()) {
            plan = plan.withVariants(variants);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("sweep %s: %d runs (%d variants x %d settings x %d seeds) under %s%n", plan.experiment(),
                plan.runs().size(), plan.variants().size(), plan.sweep().combinations().size(), plan.seeds().size(),
                runs.resolve(plan.experiment()));
        ExecutionConfig execution = plan.execution().withCommandLine(inProcess ? InProcessSweepExecutorFactory.NAME
                : executorName, master, workers);
        String chosen = execution.executorOrDefault();
        if (workers != null && !chosen.equals(LocalSweepExecutorFactory.NAME)) {
            throw new IllegalArgumentException("--workers sets the local executor's worker processes; the executor"
                    + " here is " + chosen);
        }
        SweepExecutorFactory factory = SweepExecutors.discover().get(chosen);
        if (dryRun) {
            if (chosen.equals(LocalSweepExecutorFactory.NAME)) {
                int n = execution.workers() != null ? execution.workers()
                        : ProcessSweepExecutor.defaultWorkers(WorkerJvm.current());
                out.println("would run on " + n + " worker process" + (n == 1 ? "" : "es"));
            } else if (chosen.equals(InProcessSweepExecutorFactory.NAME)) {
                out.println("would run in this process");
            } else {
                out.println("would run on the " + chosen + " executor"
                        + (execution.master() == null ? "" : " at " + execution.master()));
            }
            for (SweepRun run : plan.runs()) {
                RunDirectory dir = run.directory(runs);
                out.printf("  %-10s %s%s%n", dir.isComplete() ? "complete"
                        : Files.isRegularFile(dir.file(RunDirectory.CHECKPOINT)) ? "incomplete"
                        : Files.isDirectory(dir.path()) ? "stub" : "to run", dir,
                        !dir.isComplete() && Files.isDirectory(dir.path())
                                && !Files.isRegularFile(dir.file(RunDirectory.CHECKPOINT))
                                ? "  (no checkpoint: trains from the start)"
                                : "");
            }
            out.flush();
            return 0;
        }
        out.flush();
        RunsRoot.prepare(runs);
        List<String> command = new ArrayList<>(List.of("cgm4j", "sweep", definition.toString()));
        overrides.forEach(o -> command.addAll(List.of("--set", o)));
        variants.forEach(v -> command.addAll(List.of("--variant", v)));
        if (executorName != null) {
            command.addAll(List.of("--executor", executorName));
        }
        if (master != null) {
            command.addAll(List.of("--master", master));
        }
        DatasetRegistry datasets = DatasetRegistry.defaults();
        SweepExecutor executor = factory.create(new SweepExecutorFactory.Settings(plan, runs, execution, command,
                failFast, registry, datasets, out));
        List<SweepOutcome> outcomes = executor.execute(plan, runs);

        SweepReport.Written report = new SweepReport(registry, datasets).write(plan, runs, command);

        long failed = outcomes.stream().filter(o -> o.status() == SweepOutcome.Status.FAILED).count();
        for (SweepOutcome o : outcomes) {
            List<String> failure = o.failure() == null ? List.of() : o.failure().lines().toList();
            out.printf(Locale.ROOT, "  %-8s %7.1f s  %s%s%n", o.status().name().toLowerCase(Locale.ROOT), o.seconds(),
                    o.directory(), failure.isEmpty() ? "" : "  (" + failure.get(0) + ")");
            failure.stream().skip(1).forEach(l -> out.println("             | " + l));
        }
        report.files().forEach(p -> out.println("wrote " + p));
        if (report.markdown() != null) {
            out.println();
            out.print(Files.readString(report.markdown()));
        }
        out.printf(Locale.ROOT, "%nsweep took %.1f s; %d ran, %d skipped (complete), %d failed%n",
                (System.nanoTime() - start) / 1e9,
                outcomes.stream().filter(o -> o.status() == SweepOutcome.Status.RAN).count(),
                outcomes.stream().filter(o -> o.status() == SweepOutcome.Status.SKIPPED).count(), failed);
        out.flush();
        return failed == 0 ? 0 : 1;
    }
}
