package org.cgm4j.executors.spark;

/**
 * A run's worker process was killed (by a signal, the operating system's memory killer, or a
 * user): thrown out of the task so that Spark retries it, and the retry resumes the run.
 */
final class WorkerLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WorkerLostException(String message) {
        super(message);
    }
}
