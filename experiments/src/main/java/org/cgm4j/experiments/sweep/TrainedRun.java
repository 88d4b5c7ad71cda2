package org.cgm4j.experiments.sweep;

import java.util.Objects;
import java.util.function.Function;
import org.cgm4j.api.data.DataConfig;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.model.ConditionalGenerativeModel;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.experiments.config.ResolvedDefinition;
import org.cgm4j.experiments.run.RunDirectory;
import org.cgm4j.experiments.trained.TrainedModel;

/**
 * A trained model loaded back from its run directory: {@code resolved.yaml} read and validated,
 * the data it was trained on, and the model with its weights as {@link TrainedModel#open} rebuilds it.
 *
 * @param directory the run directory
 * @param resolved its definition
 * @param data its data (limits and task applied)
 * @param model the model with its trained weights
 */
public record TrainedRun(RunDirectory directory, ResolvedDefinition resolved, DataSource data,
        ConditionalGenerativeModel model) {
    /** Checks that nothing is missing. */
    public TrainedRun {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(resolved, "resolved");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(model, "model");
    }

    /** Loads the run in {@code run}, its data from {@code datasets}. */
    public static TrainedRun load(RunDirectory run, PluginRegistry registry, DatasetRegistry datasets) {
        return load(run, registry, config -> DataSource.create(config, datasets));
    }

    /**
     * Loads the run in {@code run}, its data from {@code data} (which may hand out one source to
     * several runs trained on the same data), through {@link TrainedModel#open}.
     *
     * @throws org.cgm4j.experiments.trained.TrainedModelException when the run has no trained weights or they do not fit
     * @throws org.cgm4j.experiments.config.DefinitionException when its resolved.yaml does not load
     */
    public static TrainedRun load(RunDirectory run, PluginRegistry registry,
            Function<DataConfig, DataSource> data) {
        TrainedModel trained = TrainedModel.open(run.path(), registry, data);
        return new TrainedRun(run, trained.definition(), trained.data(), trained.model());
    }
}
