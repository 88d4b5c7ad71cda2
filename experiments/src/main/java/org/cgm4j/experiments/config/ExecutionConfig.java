package org.cgm4j.experiments.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code execution:} block of an experiment definition: where {@code cgm4j sweep} runs the
 * runs. It changes no result, so it never reaches a run's {@code resolved.yaml} (a sweep run on
 * Spark lands in the same directory as on local workers; see {@code SweepPlan} in the {@code sweep} package). {@code cgm4j
 * sweep --executor} and {@code --master} win over it, and {@code --set execution.master=...}
 * overrides it like any key.
 *
 * <pre>{@code
 * execution: {executor: spark, master: "spark://10.0.0.5:7077", conf: {spark.executor.memory: 2g}}
 * }</pre>
 *
 * @param executor the executor's name (a {@code SweepExecutorFactory}'s name): {@code local} (worker
 *     processes on this machine, the default), {@code in-process}, or a plugin's such as {@code spark};
 *     null for the default
 * @param master where the executor's engine runs (for {@code spark} a master URL such as {@code
 *     local[2]} or {@code spark://host:7077}); null for the engine's own default
 * @param workers runs at once of the {@code local} executor; null for what the machine allows
 * @param conf engine settings by name, handed to the executor as they are (for {@code spark}:
 *     Spark properties such as {@code spark.executor.memory}); empty for none
 */
public record ExecutionConfig(
        @JsonPropertyDescription("local (worker processes on this machine, the default), in-process, or an executor"
                + " plugin such as spark") String executor,
        @JsonPropertyDescription("where the engine runs: for spark a master URL, local[N] or spark://host:7077")
                String master,
        @JsonPropertyDescription("runs at once of the local executor (default: what the machine allows)")
                Integer workers,
        @JsonPropertyDescription("engine settings by name, e.g. {spark.executor.memory: 2g}") Map<String, String> conf) {
    /** The executor a sweep uses when neither the definition nor the command line names one. */
    public static final String DEFAULT_EXECUTOR = "local";

    /** An executor's name: lower-case letters, digits and '-'. */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    /** Validates and copies. */
    public ExecutionConfig {
        if (executor != null && !NAME.matcher(executor).matches()) {
            throw new IllegalArgumentException("execution.executor must be a name of lower-case letters, digits and"
                    + " '-' such as local, in-process or spark, got '" + executor + "'");
        }
        if (master != null && master.isBlank()) {
            throw new IllegalArgumentException("execution.master must not be empty (leave it out for the engine's"
                    + " default)");
        }
        if (workers != null && workers < 1) {
            throw new IllegalArgumentException("execution.workers must be >= 1, got " + workers);
        }
        Map<String, String> c = new LinkedHashMap<>();
        if (conf != null) {
            conf.forEach((k, v) -> {
                if (v == null) {
                    throw new IllegalArgumentException("execution.conf." + k + " must have a value, got null");
                }
                c.put(k, v);
            });
        }
        conf = Collections.unmodifiableMap(c);
    }

    /** No block: the default executor with its defaults. */
    public static ExecutionConfig defaults() {
        return new ExecutionConfig(null, null, null, null);
    }

    /** {@link #executor()}, or {@value #DEFAULT_EXECUTOR} when none is named. */
    public String executorOrDefault() {
        return executor == null ? DEFAULT_EXECUTOR : executor;
    }

    /** This block with the executor, master and workers given on the command line (each null: keep). */
    public ExecutionConfig withCommandLine(String executor, String master, Integer workers) {
        return new ExecutionConfig(executor != null ? executor : this.executor, master != null ? master : this.master,
                workers != null ? workers : this.workers, conf);
    }
}
