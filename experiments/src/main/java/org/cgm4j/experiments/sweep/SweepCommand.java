package org.cgm4j.experiments.sweep;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.experiments.ExperimentRunner;
import org.cgm4j.experiments.RunDirectory;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cgm4j sweep <definition.yaml> [--set a.b=c ...] [--runs DIR]}: expands the definition's
 * {@code sweep:} block into its runs (all resolved and validated first), runs those not complete
 * yet one after the other, then writes {@code <runs>/<experiment>/summary/} ({@link SweepReport}):
 * {@code table.csv}, statistics over seeds, and, as the {@code report:} block asks, {@code
 * table.md}, pictures, ablation plots, and the HTML report {@code index.html}. The exit
 * code is 0 when every run is complete, 1 when some failed (the summary shows the others), 2 for
 * errors in the definition.
 */
@Command(name = "sweep", description = "Run every variant x axis value x seed of a definition's sweep, then write"
        + " the summary table and pictures.")
public final class SweepCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(SweepCommand.class);

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

    @Option(names = "--dry-run", description = "list the runs, their directories and whether they are complete;"
            + " run nothing")
    boolean dryRun;

    @Option(names = "--fail-fast", description = "stop at the first failed run instead of going on with the others")
    boolean failFast;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        PluginRegistry registry = PluginRegistry.discover();
        SweepPlan plan = SweepPlan.expand(new DefinitionLoader(registry), definition, overrides);
        if (!variants.isEmpty()) {
            plan = plan.withVariants(variants);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("sweep %s: %d runs (%d variants x %d settings x %d seeds) under %s%n", plan.experiment(),
                plan.runs().size(), plan.variants().size(), plan.sweep().combinations().size(), plan.seeds().size(),
                runs.resolve(plan.experiment()));
        if (dryRun) {
            for (SweepRun run : plan.runs()) {
                RunDirectory dir = run.directory(runs);
                out.printf("  %-10s %s%n", dir.isComplete() ? "complete" : Files.isDirectory(dir.path()) ? "incomplete"
                        : "to run", dir);
            }
            out.flush();
            return 0;
        }
        out.flush();
        List<String> command = new ArrayList<>(List.of("cgm4j", "sweep", definition.toString()));
        overrides.forEach(o -> command.addAll(List.of("--set", o)));
        variants.forEach(v -> command.addAll(List.of("--variant", v)));
        DatasetRegistry datasets = DatasetRegistry.defaults();
        List<SweepOutcome> outcomes = new SequentialSweepExecutor(new ExperimentRunner(registry, datasets), command,
                failFast).execute(plan, runs);

        SweepReport.Written report = new SweepReport(registry, datasets).write(plan, runs, command);

        long failed = outcomes.stream().filter(o -> o.status() == SweepOutcome.Status.FAILED).count();
        for (SweepOutcome o : outcomes) {
            out.printf(Locale.ROOT, "  %-8s %7.1f s  %s%s%n", o.status().name().toLowerCase(Locale.ROOT), o.seconds(),
                    o.directory(), o.failure() == null ? "" : "  (" + o.failure() + ")");
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
