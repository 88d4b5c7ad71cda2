package org.cgm4j.experiments.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.cgm4j.experiments.run.ExperimentRunner;

/** What {@code cgm4j run} and {@code cgm4j resume} print about a run. */
final class RunOutput {
    private RunOutput() {}

    /** A finished run: its directory, then its metrics. */
    static void printResult(PrintWriter out, ExperimentRunner.RunResult r) {
        out.println("run directory: " + r.directory());
        printMetrics(out, r.metrics());
    }

    /** A run's metrics one per line (per-dimension KLs left out). */
    static void printMetrics(PrintWriter out, Map<String, Double> metrics) {
        metrics.forEach((k, v) -> {
            if (!k.contains("klPerDim")) {
                out.printf("  %-36s %.4f%n", k, v);
            }
        });
    }
}
