package org.cgm4j.experiments.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.cgm4j.api.model.LossWeights;

/**
 * An experiment definition after every layer has been merged and validated: what a run executes
 * and what its {@code resolved.yaml} holds.
 *
 * @param definition the definition bound to records
 * @param tree the fully merged tree, top-level keys in the stable order of {@code resolved.yaml}
 *     (write it with {@link DefinitionLoader#toYaml}); do not modify it
 * @param lossWeights the {@code loss:} block validated against the model's loss weights, in the
 *     order written
 */
public record ResolvedDefinition(ExperimentDefinition definition, ObjectNode tree, LossWeights lossWeights) {
    /** Checks that nothing is missing. */
    public ResolvedDefinition {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(tree, "tree");
        Objects.requireNonNull(lossWeights, "lossWeights");
    }

    /**
     * The {@code model.type} the definition resolved to: the name to build the model under (the
     * config record alone does not say it, as several types may share one record).
     */
    public String modelType() {
        return tree.path("model").path("type").asText();
    }
}
