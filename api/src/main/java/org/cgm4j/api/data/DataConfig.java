package org.cgm4j.api.data;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cgm4j.api.UserText;

/**
 * The {@code data:} block of an experiment definition: which dataset, from where, which task
 * derives (x, y) from it, the batch size, optional size limits (for smoke runs) and the part of
 * the training images held out for validation, and the options of the dataset's provider ({@code
 * data.options:}, checked by that provider). Validation messages name keys as they are written in
 * YAML.
 */
public record DataConfig(
        @JsonPropertyDescription("dataset name: a registered dataset provider (cgm4j datasets lists them), e.g."
                        + " mnist-10k (embedded, no download), mnist, fashion-mnist or idx")
                String source,
        @JsonPropertyDescription("directory holding the dataset's files; empty: the embedded copy, a system copy or"
                        + " the download cache (providers that read a user's files need it)")
                Path dir,
        @JsonPropertyDescription(
                        "how (x, y) pairs are derived: {type: unconditional} or {type: quadrants, given: 1..3}")
                TaskConfig task,
        @JsonPropertyDescription("examples per training step, >= 1") int batchSize,
        @JsonPropertyDescription("use only the first N training images, 0 = all") int limit,
        @JsonPropertyDescription("use only the first N test images, 0 = all") int testLimit,
        @JsonPropertyDescription("fraction of the training images held out as the validation split, class by"
                        + " class with a fixed seed; in [0, 0.5], 0 (the default) = none")
                Double validation,
        @JsonPropertyDescription("options of the dataset provider named by data.source (cgm4j datasets lists"
                        + " them); absent = none")
                Map<String, Object> options) {
    /** Validates every field. */
    public DataConfig {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException(
                    "data.source must name a dataset (cgm4j datasets lists them), got "
                            + (source == null ? "nothing" : "'" + UserText.clip(source) + "'"));
        }
        // Whether the name is registered, and whether its provider takes these options, is checked
        // by the definition loader, which knows the registered providers.
        if (task == null) {
            throw new IllegalArgumentException(
                    "data.task must be set, e.g. {type: quadrants, given: 1} or {type: unconditional}");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("data.batchSize must be >= 1, got " + batchSize);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("data.limit must be >= 0 (0 = all), got " + limit);
        }
        if (testLimit < 0) {
            throw new IllegalArgumentException("data.testLimit must be >= 0 (0 = all), got " + testLimit);
        }
        // Absent in YAML means none: the key is not in the framework defaults, so definitions
        // without it resolve (and hash) as they did before the key existed.
        validation = validation == null ? 0.0 : validation;
        // Absent means none, for the same reason as validation.
        options = options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
        if (!(validation >= 0 && validation <= 0.5)) {
            throw new IllegalArgumentException("data.validation must be in [0, 0.5] (0 = none), got " + validation);
        }
    }

    /** A configuration without a validation split. */
    public DataConfig(String source, Path dir, TaskConfig task, int batchSize, int limit, int testLimit) {
        this(source, dir, task, batchSize, limit, testLimit, 0.0, Map.of());
    }

    /** A configuration without provider options. */
    public DataConfig(
            String source, Path dir, TaskConfig task, int batchSize, int limit, int testLimit, Double validation) {
        this(source, dir, task, batchSize, limit, testLimit, validation, Map.of());
    }
}
