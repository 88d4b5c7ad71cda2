package org.cgm4j.experiments.sweep;

import org.cgm4j.api.UserError;

/**
 * {@code local}, the default executor: the runs in worker processes on this machine ({@link
 * ProcessSweepExecutor}), {@code execution.workers} (or {@code --workers}) at a time.
 */
public final class LocalSweepExecutorFactory implements SweepExecutorFactory {
    /** This executor's name. */
    public static final String NAME = "local";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "worker processes on this machine (the default)";
    }

    @Override
    public SweepExecutor create(Settings s) {
        if (s.execution().master() != null) {
            throw new UserError("execution.master: the local executor runs on this machine and takes no master (got '"
                    + s.execution().master() + "'); choose an executor that does, such as --executor spark");
        }
        WorkerJvm jvm = WorkerJvm.current();
        int n = s.execution().workers() != null ? s.execution().workers() : ProcessSweepExecutor.defaultWorkers(jvm);
        s.out().printf("running on %d worker process%s; their logs go to %s%n", n, n == 1 ? "" : "es",
                s.runsRoot().resolve(s.plan().experiment()).resolve(ProcessSweepExecutor.LOGS));
        s.out().flush();
        return new ProcessSweepExecutor(n, jvm, s.command(), s.failFast());
    }
}
