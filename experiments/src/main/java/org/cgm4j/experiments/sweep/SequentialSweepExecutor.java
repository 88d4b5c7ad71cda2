package org.cgm4j.experiments.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cgm4j.api.train.NonFiniteLossException;
import org.cgm4j.experiments.run.ExperimentRunner;
import org.cgm4j.experiments.run.RunDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a sweep's runs one after the other in this process, in plan order, with one {@link
 * ExperimentRunner}. A run that fails is logged and recorded; the others still run unless the
 * executor was made to stop at the first failure.
 */
public final class SequentialSweepExecutor implements SweepExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(SequentialSweepExecutor.class);

    private final ExperimentRunner runner;
    private final List<String> command;
    private final boolean failFast;

    /**
     * @param runner runs each definition
     * @param command the command line recorded in each run's provenance (with {@code "# <label>"} added)
     * @param failFast stop at the first failed run (its exception propagates) instead of going on
     */
    public SequentialSweepExecutor(ExperimentRunner runner, List<String> command, boolean failFast) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.command = List.copyOf(command);
        this.failFast = failFast;
    }

    @Override
    public List<SweepOutcome> execute(SweepPlan plan, Path runsRoot) throws IOException {
        List<SweepOutcome> outcomes = new ArrayList<>();
        int i = 0;
        for (SweepRun run : plan.runs()) {
            i++;
            RunDirectory expected = run.directory(runsRoot);
            LOG.info("sweep run {}/{}: {}", i, plan.runs().size(), run.label());
            List<String> cmd = new ArrayList<>(command);
            cmd.add("# " + run.label()); // which run of the sweep this one is
            long start = System.nanoTime();
            try {
                ExperimentRunner.RunResult r = runner.run(run.resolved(), runsRoot, run.setting(), false, cmd);
                if (!r.directory().path().equals(expected.path())) {
                    throw new IllegalStateException("run " + run.label() + " went to " + r.directory()
                            + ", the plan expected " + expected);
                }
                outcomes.add(new SweepOutcome(run, r.directory(),
                        r.skipped() ? SweepOutcome.Status.SKIPPED : SweepOutcome.Status.RAN, seconds(start), null));
            } catch (IOException | RuntimeException e) {
                if (failFast) {
                    throw e;
                }
                String message = e instanceof NonFiniteLossException || e instanceof IllegalArgumentException
                        ? e.getMessage() : e.toString();
                LOG.error("sweep run {} failed: {}", run.label(), message, e);
                outcomes.add(new SweepOutcome(run, expected, SweepOutcome.Status.FAILED, seconds(start),
                        String.valueOf(message)));
            }
            // A run's arrays live off the heap until their Java objects are collected, which a small
            // heap rarely forces: collect between runs so that one process can hold a long sweep.
            System.gc();
        }
        return outcomes;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
