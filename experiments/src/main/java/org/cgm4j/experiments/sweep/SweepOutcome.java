package org.cgm4j.experiments.sweep;

import java.util.Objects;
import org.cgm4j.experiments.run.RunDirectory;

/**
 * What became of one run of a sweep.
 *
 * @param run the run
 * @param directory its directory
 * @param status whether it ran, was found complete and skipped, or failed
 * @param seconds wall-clock seconds spent on it in this sweep
 * @param failure what went wrong: one line, followed for a run in a worker process by the last
 *     lines of its log; null unless it failed
 */
public record SweepOutcome(SweepRun run, RunDirectory directory, Status status, double seconds, String failure) {
    /** What became of a run. */
    public enum Status {
        /** Trained and evaluated now (or resumed from its checkpoint). */
        RAN,
        /** Complete already: not run again. */
        SKIPPED,
        /** Threw; its directory is left incomplete (a later sweep resumes it). */
        FAILED
    }

    /** Checks. */
    public SweepOutcome {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(status, "status");
        if ((status == Status.FAILED) != (failure != null)) {
            throw new IllegalArgumentException("a failure message goes with status FAILED only");
        }
    }
}
