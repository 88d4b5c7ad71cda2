package org.cgm4j.experiments.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.run.ExperimentRunner;
import org.cgm4j.experiments.run.RunDirectory;
import org.cgm4j.experiments.sweep.SweepPlan;
import org.cgm4j.experiments.sweep.SweepRun;
import org.cgm4j.experiments.sweep.WorkerArguments;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cgm4j sweep-worker} (hidden): the entry point of one worker process of {@link
 * ProcessSweepExecutor} (and of every other executor; {@link WorkerArguments} builds its command line). It expands the same definition with the same overrides as its parent,
 * picks the one run named by {@code --run}, checks that the run's directory is the one its parent
 * expects (so that a worker never writes a run where the parent will not look for it), and runs it
 * (resuming it from its checkpoint when it has one).
 *
 * <p>Exit codes: 0 when the run is complete, {@value WorkerArguments#WRONG_DIRECTORY} when the run would land in
 * another directory than {@code --expect}, {@value WorkerArguments#PARENT_GONE} when the parent went away (its end
 * of standard input closed) while {@code --exit-with-parent} was given, and the command line's
 * codes otherwise (2 for an error, with its message on standard error).
 */
@Command(name = WorkerArguments.NAME, hidden = true, description = "Run one run of a sweep (started by 'cgm4j sweep').")
public final class SweepWorkerCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DEFINITION", description = "the sweep's definition")
    Path definition;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "the sweep's overrides, in order")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--runs", paramLabel = "DIR", required = true, description = "root of run directories")
    Path runs;

    @Option(names = "--run", paramLabel = "LABEL", required = true, description = "the run's label in the sweep")
    String label;

    @Option(names = "--expect", paramLabel = "DIR", required = true, description = "the run directory the parent"
            + " expects")
    Path expect;

    @Option(names = "--command", paramLabel = "JSON", description = "the command line recorded in the run's"
            + " provenance, as one JSON array of its words (one value, so that words such as --set or --variant"
            + " cannot be taken for this command's own options)")
    String commandJson;

    @Option(names = "--exit-with-parent", description = "exit at once when standard input closes (the parent's end"
            + " of the pipe): a worker never outlives a killed sweep")
    boolean exitWithParent;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (exitWithParent) {
            watchParent(System.in);
        }
        PluginRegistry registry = PluginRegistry.discover();
        SweepPlan plan = SweepPlan.expand(new DefinitionLoader(registry), definition, overrides);
        SweepRun run = plan.runs().stream().filter(r -> r.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the sweep of " + definition + " has no run '" + label
                        + "'; its runs: " + String.join(", ", plan.runs().stream().map(SweepRun::label).toList())));
        PrintWriter err = spec.commandLine().getErr();
        Path expected = expect.toAbsolutePath().normalize();
        RunDirectory dir = run.directory(runs);
        Path actual = dir.path().toAbsolutePath().normalize();
        if (!actual.equals(expected)) {
            err.println("error: run " + label + " resolves to " + actual + ", but the sweep expects " + expected
                    + " (did the definition, a file it extends or a plugin's defaults change since the sweep"
                    + " started?)");
            err.flush();
            return WorkerArguments.WRONG_DIRECTORY;
        }
        List<String> command = new ArrayList<>(WorkerArguments.commandWords(commandJson));
        command.add("# " + label);
        ExperimentRunner.RunResult r = new ExperimentRunner(registry, DatasetRegistry.defaults())
                .runInto(run.resolved(), dir, false, command);
        PrintWriter out = spec.commandLine().getOut();
        out.println((r.skipped() ? "complete already: " : "complete: ") + r.directory());
        out.flush();
        return 0;
    }

    /**
     * Halts this process when {@code in} reaches its end. The parent holds the other end of the
     * pipe, which the operating system closes however the parent ends (even by SIGKILL), so a
     * worker stops with it instead of training on unseen; its run stays incomplete and resumable.
     */
    static void watchParent(InputStream in) {
        Thread t = new Thread(() -> {
            try {
                byte[] buf = new byte[256];
                while (in.read(buf) >= 0) {
                    // the parent writes nothing; only the end matters
                }
            } catch (IOException e) {
                // a broken pipe means the same as its end
            }
            System.err.println("sweep-worker: the parent process is gone; stopping");
            System.err.flush();
            Runtime.getRuntime().halt(WorkerArguments.PARENT_GONE);
        }, "parent-watch");
        t.setDaemon(true);
        t.start();
    }
}
