package org.cgm4j.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cgm4j.api.UserError;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.config.Expectation;
import org.cgm4j.experiments.config.ExperimentDefinition;
import org.cgm4j.experiments.run.ExperimentRunner;
import org.cgm4j.experiments.sweep.ExpectationCheck;
import org.cgm4j.experiments.sweep.ProcessSweepExecutor;
import org.cgm4j.experiments.sweep.SequentialSweepExecutor;
import org.cgm4j.experiments.sweep.SweepAggregate;
import org.cgm4j.experiments.sweep.SweepExecutor;
import org.cgm4j.experiments.sweep.SweepOutcome;
import org.cgm4j.experiments.sweep.SweepPlan;
import org.cgm4j.experiments.sweep.SweepSummary;
import org.cgm4j.experiments.sweep.WorkerJvm;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cgm4j check DEFINITION... [--budget full|check] [--set k=v ...] [--variant NAME ...] [--runs DIR]
 * [--workers N | --in-process]}: runs each definition as {@code cgm4j sweep} would (complete runs
 * are read, not run again; a definition without {@code sweep:} is one run), then judges its
 * {@code expect:} list ({@link ExpectationCheck}) and prints a table of every judgement with the
 * measured figures. {@code --budget check} runs the definition's reduced {@code check:} block
 * instead (its {@code set} keys, under the experiment's name with {@code -check} appended, its
 * variants) and judges {@code check.expect}. Exit code 0 when every expectation of every
 * definition holds, 1 when one does not (or a run failed), 2 for errors in a definition.
 */
@Command(name = "check", description = "Run definitions (or read their complete runs) and check their figures"
        + " against their expect: blocks; exit 1 on any failure.")
public final class CheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DEFINITION", description = "experiment definitions (YAML) with an"
            + " expect: (or check:) block")
    List<Path> definitions = new ArrayList<>();

    @Option(names = "--budget", paramLabel = "full|check", defaultValue = "full", description = "full: the"
            + " definition as written and its expect: block; check: its reduced check: block (default:"
            + " ${DEFAULT-VALUE})")
    String budget;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a key of every run, after the check"
            + " budget's keys, e.g. loss.kl=0")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--variant", paramLabel = "NAME", description = "run and judge only this variant (repeat for"
            + " several); replaces the check budget's variants")
    List<String> onlyVariants = new ArrayList<>();

    @Option(names = "--runs", paramLabel = "DIR", defaultValue = "runs", description = "root of run directories"
            + " (default: ${DEFAULT-VALUE})")
    Path runs;

    @Option(names = "--workers", paramLabel = "N", description = "worker processes running at once (default: as"
            + " cgm4j sweep)")
    Integer workers;

    @Option(names = "--in-process", description = "run the runs one after the other in this JVM")
    boolean inProcess;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!budget.equals("full") && !budget.equals("check")) {
            throw new UserError("--budget must be full or check, got '" + budget + "'");
        }
        if (inProcess && workers != null) {
            throw new UserError("--in-process runs the runs one after the other in this JVM; it does not take"
                    + " --workers");
        }
        if (workers != null && workers < 1) {
            throw new UserError("--workers must be >= 1, got " + workers);
        }
        PluginRegistry registry = PluginRegistry.discover();
        DefinitionLoader loader = new DefinitionLoader(registry);
        DatasetRegistry datasets = DatasetRegistry.defaults();
        PrintWriter out = spec.commandLine().getOut();
        boolean allPassed = true;
        for (Path definition : definitions) {
            allPassed &= check(definition, loader, registry, datasets, out);
        }
        out.flush();
        return allPassed ? 0 : 1;
    }

    private boolean check(Path definition, DefinitionLoader loader, PluginRegistry registry, DatasetRegistry datasets,
            PrintWriter out) throws Exception {
        long start = System.nanoTime();
        ExperimentDefinition def = loader.load(definition, overrides).definition();
        List<String> all = new ArrayList<>();
        List<Expectation> expectations;
        List<String> variants = List.of();
        if (budget.equals("check")) {
            if (def.check() == null) {
                throw new UserError(definition + ": no check: block; --budget check runs the definition's reduced"
                        + " check: {set: {...}, expect: [...]}");
            }
            all.add("name=" + def.name() + "-check");
            all.addAll(def.check().overrides());
            expectations = def.check().expect();
            variants = def.check().variants();
        } else {
            if (def.expect().isEmpty()) {
                throw new UserError(definition + ": no expect: block; list what the figures must be, e.g. expect:"
                        + " [{metric: test/negativeElbo, within: [90, 100]}]");
            }
            expectations = def.expect();
        }
        all.addAll(overrides);
        if (!onlyVariants.isEmpty()) {
            variants = onlyVariants;
        }
        SweepPlan plan = SweepPlan.expand(loader, definition, all);
        if (!variants.isEmpty()) {
            plan = plan.withVariants(variants);
        }
        out.printf("check %s (%s budget): %d runs under %s%n", definition, budget, plan.runs().size(),
                runs.resolve(plan.experiment()));
        out.flush();
        List<String> command = new ArrayList<>(List.of("cgm4j", "check", definition.toString(), "--budget", budget));
        overrides.forEach(o -> command.addAll(List.of("--set", o)));
        SweepExecutor executor;
        if (inProcess) {
            executor = new SequentialSweepExecutor(new ExperimentRunner(registry, datasets), command, false);
        } else {
            WorkerJvm jvm = WorkerJvm.current();
            executor = new ProcessSweepExecutor(workers != null ? workers : ProcessSweepExecutor.defaultWorkers(jvm),
                    jvm, command, false);
        }
        List<SweepOutcome> outcomes = executor.execute(plan, runs);
        for (SweepOutcome o : outcomes) {
            if (o.status() == SweepOutcome.Status.FAILED) {
                out.printf("  failed: %s (%s)%n", o.directory(), o.failure() == null ? "" : o.failure().lines()
                        .findFirst().orElse(""));
            }
        }
        SweepAggregate aggregate = SweepAggregate.of(SweepSummary.collect(plan, runs), plan);
        List<ExpectationCheck.Result> results = ExpectationCheck.evaluate(expectations, aggregate);
        out.print(ExpectationCheck.table(results));
        boolean passed = ExpectationCheck.passed(results)
                && outcomes.stream().noneMatch(o -> o.status() == SweepOutcome.Status.FAILED);
        long failedCount = results.stream().filter(r -> !r.pass()).count();
        out.printf(Locale.ROOT, "%s: %s (%d of %d judgements failed; %.1f s)%n%n", definition,
                passed ? "PASS" : "FAIL", failedCount, results.size(), (System.nanoTime() - start) / 1e9);
        out.flush();
        return passed;
    }
}
