package org.cgm4j.experiments.sweep;

import org.cgm4j.api.UserError;
import org.cgm4j.experiments.run.ExperimentRunner;

/**
 * {@code in-process} ({@code --in-process}): the runs one after the other inside the {@code cgm4j}
 * JVM ({@link SequentialSweepExecutor}), for debugging.
 */
public final class InProcessSweepExecutorFactory implements SweepExecutorFactory {
    /** This executor's name. */
    public static final String NAME = "in-process";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "the runs one after the other in this JVM (debugging)";
    }

    @Override
    public SweepExecutor create(Settings s) {
        if (s.execution().master() != null || s.execution().workers() != null) {
            throw new UserError("execution: the in-process executor runs the runs one after the other in this JVM;"
                    + " it takes neither master nor workers");
        }
        return new SequentialSweepExecutor(new ExperimentRunner(s.registry(), s.datasets()), s.command(), s.failFast());
    }
}
