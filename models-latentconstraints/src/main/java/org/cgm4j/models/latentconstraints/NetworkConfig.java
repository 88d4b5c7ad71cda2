package org.cgm4j.models.latentconstraints;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import org.cgm4j.api.objective.UpdaterConfig;

/**
 * The actors' or the critics' settings under {@code model.actor} / {@code model.critic}: hidden
 * widths and the optimiser of their update step (Engel et al. use Adam with beta1 = 0, beta2 = 0.9
 * and learning rate 1e-4 for both).
 *
 * @param hidden hidden layer widths
 * @param updater the optimiser of the update step
 */
public record NetworkConfig(
        @JsonPropertyDescription("hidden layer widths") List<Integer> hidden,
        @JsonPropertyDescription("optimiser of this network's update step") UpdaterConfig updater) {
    /** Validates; messages name the field. */
    public NetworkConfig {
        if (hidden == null || hidden.stream().anyMatch(h -> h == null || h < 1)) {
            throw new IllegalArgumentException("hidden must be a list of widths >= 1, got " + hidden);
        }
        hidden = List.copyOf(hidden);
        if (updater == null) {
            throw new IllegalArgumentException("updater is missing");
        }
    }
}
