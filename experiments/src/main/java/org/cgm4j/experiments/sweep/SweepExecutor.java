package org.cgm4j.experiments.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the runs of a {@link SweepPlan} into their directories under a runs root. A run already
 * complete is not run again; an incomplete one resumes from its checkpoint. Implementations
 * decide where and in which order runs execute (in this process one after the other, or on
 * parallel workers), but return one outcome per run in plan order.
 */
public interface SweepExecutor {
    /**
     * Runs {@code plan} under {@code runsRoot}.
     *
     * @return one outcome per run of the plan, in plan order
     */
    List<SweepOutcome> execute(SweepPlan plan, Path runsRoot) throws IOException;
}
