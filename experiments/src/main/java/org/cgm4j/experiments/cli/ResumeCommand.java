package org.cgm4j.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.api.train.Checkpoint;
import org.cgm4j.api.train.CheckpointException;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.report.MetricsFile;
import org.cgm4j.experiments.run.ExistingRun;
import org.cgm4j.experiments.run.ExperimentRunner;
import org.cgm4j.experiments.run.RunDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cgm4j resume <run-dir> [--fresh]}: continues an interrupted run from its last checkpoint,
 * with the definition in its own {@code resolved.yaml}, into the same directory; the result is
 * identical to a run never interrupted (same seed, same thread count).
 *
 * <ul>
 *   <li>A complete run is left alone: its metrics are printed and the exit code is 0.
 *   <li>A run killed before its first checkpoint has no progress to keep: it trains from the start,
 *       and says so.
 *   <li>An unreadable checkpoint is an error (exit 1) rather than a silent start over, since the
 *       progress it held would be lost; {@code --fresh} trains the run again from the start in the
 *       same directory.
 *   <li>A directory that is not a run directory, or whose name does not fit its {@code
 *       resolved.yaml}, is an error (exit 2).
 * </ul>
 */
@Command(name = "resume", description = "Continue an interrupted run from its last checkpoint, in its own directory"
        + " with its own resolved.yaml.")
public final class ResumeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "the run directory")
    Path directory;

    @Option(names = "--fresh", description = "train the run again from the start in the same directory (when its"
            + " checkpoint is unreadable)")
    boolean fresh;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PluginRegistry registry = PluginRegistry.discover();
        ExistingRun existing = ExistingRun.open(directory, new DefinitionLoader(registry));
        RunDirectory run = existing.directory();
        PrintWriter out = spec.commandLine().getOut();
        if (run.isComplete()) {
            out.println(run + " is complete already; nothing to resume" + (fresh ? " (cgm4j reproduce reruns it"
                    + " elsewhere)" : "") + ". Its metrics:");
            printMetrics(out, MetricsFile.read(run.file(RunDirectory.METRICS)));
            out.flush();
            return 0;
        }
        Path checkpoint = run.file(RunDirectory.CHECKPOINT);
        if (fresh) {
            out.println("training " + run + " again from the start (--fresh)");
        } else if (!Files.exists(checkpoint)) {
            out.println(run + " has no checkpoint (it stopped before writing its first one): training it from"
                    + " the start");
        } else {
            Checkpoint.State state;
            try {
                state = Checkpoint.read(checkpoint).state();
            } catch (RuntimeException e) {
                throw ExperimentRunner.withFreshHint(new CheckpointException("the checkpoint of " + run
                        + " cannot be read, so the run cannot continue from it: " + e.getMessage(), e), run);
            }
            out.printf("resuming %s from its checkpoint: epoch %d, batch %d, iteration %d%n", run, state.epoch(),
                    state.batch(), state.iteration());
        }
        out.flush();
        List<String> command = new ArrayList<>(List.of("cgm4j", "resume", directory.toString()));
        if (fresh) {
            command.add("--fresh");
        }
        ExperimentRunner.RunResult r = new ExperimentRunner(registry, DatasetRegistry.defaults())
                .runInto(existing.resolved(), run, fresh, command);
        printResult(out, r);
        out.flush();
        return 0;
    }

    /** What {@code run} and {@code resume} print when a run is done: its directory, then its metrics. */
    static void printResult(PrintWriter out, ExperimentRunner.RunResult r) {
        out.println("run directory: " + r.directory());
        printMetrics(out, r.metrics());
    }

    /** A run's metrics one per line, as {@code run} and {@code resume} print them (per-dimension KLs left out). */
    static void printMetrics(PrintWriter out, Map<String, Double> metrics) {
        metrics.forEach((k, v) -> {
            if (!k.contains("klPerDim")) {
                out.printf("  %-36s %.4f%n", k, v);
            }
        });
    }
}
