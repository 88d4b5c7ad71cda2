package org.cgm4j.experiments.sweep;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.experiments.config.ExecutionConfig;

/**
 * A kind of {@link SweepExecutor}, chosen by name with {@code cgm4j sweep --executor NAME} or the
 * definition's {@code execution.executor}. Factories are found with {@link java.util.ServiceLoader}
 * (listed in {@code META-INF/services/org.cgm4j.experiments.sweep.SweepExecutorFactory}), like
 * model plugins: an executor for another engine is a jar on the class path, with no edit here
 * ({@link SweepExecutors}).
 */
public interface SweepExecutorFactory {
    /** The name users choose it by: lower-case letters, digits and '-'. */
    String name();

    /** One line for listings and error messages. */
    String description();

    /**
     * The executor for one sweep.
     *
     * @throws org.cgm4j.api.UserError when the settings do not suit this executor (one line naming
     *     the key and what is allowed)
     */
    SweepExecutor create(Settings settings);

    /**
     * What a sweep hands its executor besides the plan.
     *
     * @param plan the sweep's runs
     * @param runsRoot the root of the run directories
     * @param execution the {@code execution:} block with the command line's choices applied
     * @param command the command line recorded in each run's provenance
     * @param failFast stop at the first failed run
     * @param registry the model plugins
     * @param datasets the datasets
     * @param out where to say how the runs will execute (one or two lines)
     */
    record Settings(SweepPlan plan, Path runsRoot, ExecutionConfig execution, List<String> command, boolean failFast,
            PluginRegistry registry, DatasetRegistry datasets, PrintWriter out) {
        /** Checks and copies. */
        public Settings {
            Objects.requireNonNull(plan, "plan");
            Objects.requireNonNull(runsRoot, "runsRoot");
            Objects.requireNonNull(execution, "execution");
            command = List.copyOf(command);
            Objects.requireNonNull(out, "out");
        }
    }
}
