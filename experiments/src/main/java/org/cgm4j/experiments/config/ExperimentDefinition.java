package org.cgm4j.experiments.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.DataConfig;
import org.cgm4j.api.eval.MetricConfig;
import org.cgm4j.api.model.ModelConfig;
import org.cgm4j.api.train.TrainConfig;

/**
 * One experiment, fully resolved: what {@code resolved.yaml} in a run directory holds, bound to
 * records. The layers it is resolved from (defaults, the plugin's defaults, the {@code extends:}
 * chain, the file, {@code --set} overrides) are merged by {@link org.cgm4j.experiments.config.DefinitionLoader}.
 *
 * @param name the experiment's name, the run directory's parent
 * @param description free text
 * @param seed the seed of initialisation, shuffling, noise and evaluation
 * @param data the dataset, the task that derives (x, y) pairs, batch size and limits
 * @param model the model's architecture, its {@code type} selecting the plugin
 * @param loss every loss weight of the model, by name
 * @param train epochs, optimiser and checkpoints
 * @param evaluate metrics computed on the test split after training
 * @param output what the run writes besides metrics
 * @param sweep axes, variants and seeds for {@code cgm4j sweep} (not used by a single run); null for none
 * @param report the table and pictures {@code cgm4j sweep} writes (not used by a single run); null for none
 * @param execution where {@code cgm4j sweep} runs the runs (executor, master); null for the local
 *     worker processes. It changes no result and is left out of a sweep run's {@code resolved.yaml}
 * @param expect what the figures of the definition's runs must be, judged by {@code cgm4j check}
 *     (not used by a run, and not part of its resolved YAML or hash); empty for none
 * @param check the reduced budget and expectations of {@code cgm4j check --budget check} (the
 *     test suite's drift check); null for none
 */
public record ExperimentDefinition(
        @JsonPropertyDescription("the experiment's name") String name,
        @JsonPropertyDescription("free text") String description,
        @JsonPropertyDescription("seed of initialisation, shuffling, noise and evaluation") long seed,
        @JsonPropertyDescription("dataset, task, batch size") DataConfig data,
        @JsonPropertyDescription("the model; model.type selects the plugin") ModelConfig model,
        @JsonPropertyDescription("loss weights by name") Map<String, Double> loss,
        @JsonPropertyDescription("epochs, optimiser, checkpoints") TrainConfig train,
        @JsonPropertyDescription("metrics computed on the test split") List<MetricConfig> evaluate,
        @JsonPropertyDescription("what the run writes besides metrics") OutputConfig output,
        @JsonPropertyDescription("axes, variants and seeds of a sweep") SweepConfig sweep,
        @JsonPropertyDescription("the table and pictures of a sweep's summary") ReportConfig report,
        @JsonPropertyDescription("where a sweep's runs execute: executor (local, in-process, spark), master")
                ExecutionConfig execution,
        @JsonPropertyDescription("what the runs' figures must be, judged by cgm4j check") List<Expectation> expect,
        @JsonPropertyDescription("a reduced budget with its own expectations: cgm4j check --budget check")
                CheckConfig check) {
    /** The longest experiment name: a folder name, with room to spare under the 255-byte limit. */
    public static final int MAX_NAME_LENGTH = 100;

    /** Validates what the component records do not. */
    public ExperimentDefinition {
        if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9._-]+") || name.matches("\\.+")
                || name.length() > MAX_NAME_LENGTH) {
            // The name is a folder of the runs root: '.' or '..' would put runs in the root or above it,
            // and a name past the file system's limit of 255 bytes cannot be created at all.
            throw new IllegalArgumentException("name must be a word of 1 to " + MAX_NAME_LENGTH + " letters, digits,"
                    + " '.', '_' or '-', not made of dots alone (it names the experiment's folder under the runs"
                    + " root), got '" + (name != null && name.length() > 40 ? name.substring(0, 40) + "...' ("
                    + name.length() + " characters)" : name + "'"));
        }
        if (data == null) {
            throw new IllegalArgumentException("data is missing");
        }
        if (model == null) {
            throw new IllegalArgumentException("model is missing");
        }
        if (train == null) {
            throw new IllegalArgumentException("train is missing");
        }
        loss = loss == null ? Map.of() : Map.copyOf(loss);
        evaluate = evaluate == null ? List.of() : List.copyOf(evaluate);
        expect = expect == null ? List.of() : List.copyOf(expect);
        if (train.validate() != null && data.validation() == 0) {
            throw new IllegalArgumentException("train.validate needs a validation split: set data.validation to a"
                    + " fraction in (0, 0.5], e.g. 0.1");
        }
        if (output == null) {
            throw new IllegalArgumentException("output is missing");
        }
        if (report != null && sweep != null) {
            report.checkAgainst(sweep);
        }
    }
}
