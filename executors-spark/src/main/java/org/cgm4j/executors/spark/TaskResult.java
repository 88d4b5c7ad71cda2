package org.cgm4j.executors.spark;

import java.io.Serializable;

/**
 * How a run's Spark task ended, sent back to the driver.
 *
 * @param label the run's label
 * @param host where the task ran (host and executor pid)
 * @param seconds wall-clock seconds of the task
 * @param failure null when the worker completed the run; else what went wrong, as the local
 *     executor words it (the error line, exit code, log and the log's last lines)
 */
record TaskResult(String label, String host, double seconds, String failure) implements Serializable {
    private static final long serialVersionUID = 1L;

    static TaskResult ran(String label, String host, double seconds) {
        return new TaskResult(label, host, seconds, null);
    }

    static TaskResult failed(String label, String host, double seconds, String failure) {
        return new TaskResult(label, host, seconds, failure);
    }
}
