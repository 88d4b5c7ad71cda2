package org.cgm4j.experiments.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the runs of a {@link SweepPlan} into their directories under a runs root. A run already
 * complete is not run again; an incomplete one resumes from its checkpoint. Implementations
 * decide where and in which order runs execute (in this process one after the other, or on
 * parallel workers), but return one outcome per run in plan order.
 *
 * <p>{@link SequentialSweepExecutor} runs them in this JVM, {@link ProcessSweepExecutor} in local
 * worker processes. A cluster engine fits the same contract: everything a run needs is the plan's
 * definition file, its base overrides and the run's label, from which {@code cgm4j sweep-worker}
 * ({@link WorkerArguments}) rebuilds and checks the run on any machine that sees the runs root;
 * the outcome is read back from the run directory (its {@code COMPLETE} marker; the summary reads
 * the metrics from there too, {@code metrics.json}), so an engine needs no channel back from its workers other than the shared file system and an
 * exit code. Implementations must skip complete runs and leave killed runs resumable (which the
 * run directory's rules give for free), and must not return before every run they started has
 * ended or been stopped.
 */
public interface SweepExecutor {
    /**
     * Runs {@code plan} under {@code runsRoot}.
     *
     * @return one outcome per run of the plan, in plan order
     */
    List<SweepOutcome> execute(SweepPlan plan, Path runsRoot) throws IOException;
}
