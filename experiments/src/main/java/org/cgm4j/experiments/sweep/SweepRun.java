package org.cgm4j.experiments.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cgm4j.experiments.config.FlowText;
import org.cgm4j.experiments.config.ResolvedDefinition;
import org.cgm4j.experiments.config.SweepConfig;
import org.cgm4j.experiments.run.RunDirectory;

/**
 * One run of a {@link SweepPlan}: a variant, one value per axis and a seed, resolved into a full
 * definition.
 *
 * @param label the run's name in the sweep, unique and stable: {@code <variant>__<axis=value>...__seed=<n>}
 *     ({@code cvae__given=1__seed=1}); axes are named by the shortest dotted suffix that tells them apart
 * @param setting the label without the seed ({@code cvae__given=1}; empty for a sweep of one run per
 *     seed): the start of the run directory's name
 * @param variant the variant's name; empty when the sweep names no variants
 * @param axisValues the value of each axis, by its full dotted key, in axis order
 * @param seed the run's seed
 * @param overrides the overrides the definition was loaded with, in order
 * @param resolved the resolved definition (without {@code sweep:} and {@code report:} blocks, so that
 *     adding seeds or variants to a sweep leaves the directories of its other runs alone)
 * @param resolvedYaml its YAML as written to {@code resolved.yaml}, which the directory's hash is of
 */
public record SweepRun(String label, String setting, String variant, Map<String, JsonNode> axisValues, long seed,
        List<String> overrides, ResolvedDefinition resolved, String resolvedYaml) {
    /** Checks that nothing is missing and copies. */
    public SweepRun {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(resolved, "resolved");
        Objects.requireNonNull(resolvedYaml, "resolvedYaml");
        axisValues = Collections.unmodifiableMap(new LinkedHashMap<>(axisValues));
        overrides = List.copyOf(overrides);
    }

    /** The experiment's name: the run directory's parent. */
    public String experiment() {
        return resolved.definition().name();
    }

    /** The run's directory under {@code runsRoot}: {@code <experiment>/<setting>__seed=<n>__<hash8>}. */
    public RunDirectory directory(Path runsRoot) {
        return RunDirectory.of(runsRoot, experiment(), setting, seed, resolvedYaml);
    }

    /**
     * The value of {@code key} as reports show it: the variant's name for {@value
     * SweepConfig#VARIANT_KEY}, else the axis value as YAML flow text ({@code 1}, {@code [500, 500]}).
     */
    public String valueOf(String key) {
        if (SweepConfig.VARIANT_KEY.equals(key)) {
            return variant;
        }
        JsonNode v = axisValues.get(key);
        if (v == null) {
            throw new IllegalArgumentException("'" + key + "' is not an axis of this sweep; axes: " + axisValues.keySet());
        }
        return FlowText.of(v);
    }
}
