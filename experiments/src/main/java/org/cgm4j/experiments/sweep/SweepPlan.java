package org.cgm4j.experiments.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.cgm4j.api.UserError;
import org.cgm4j.experiments.config.DefinitionException;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.config.ExecutionConfig;
import org.cgm4j.experiments.config.ExperimentDefinition;
import org.cgm4j.experiments.config.FlowText;
import org.cgm4j.experiments.config.ReportConfig;
import org.cgm4j.experiments.config.ResolvedDefinition;
import org.cgm4j.experiments.config.SweepConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A definition's sweep expanded into its runs, every one resolved and validated before any runs.
 *
 * <p>Runs are ordered variant by variant (in the order written), within a variant by the outer
 * product of the axes (the first axis slowest), and within that by seed. Run {@code (variant, axis
 * values, seed)} is {@link DefinitionLoader#load} of the definition file with, in order: the base
 * overrides ({@code --set}), the variant's keys ({@code model.type} first, so that a variant
 * switching the model starts from that plugin's defaults and keeps its other keys), the axis
 * values, {@code seed=<n>}, and {@code sweep=null}, {@code report=null}. A base override of a
 * {@code model.} or {@code loss.} key does not reach a variant that switches {@code model.type}
 * (the loader drops the blocks of the type below a switch); that is logged as a warning.
 *
 * <p>A plan is immutable. The parallel executors, resumption and statistics of later work take a
 * plan as it is.
 */
public final class SweepPlan {
    /** The folder under {@code <runs>/<experiment>/} that a sweep's summary goes to. */
    public static final String SUMMARY = "summary";

    private static final Logger LOG = LoggerFactory.getLogger(SweepPlan.class);
    private static final String MODEL_PREFIX = "model.";
    private static final String LOSS_PREFIX = "loss.";

    private final Path definition;
    private final List<String> baseOverrides;
    private final ResolvedDefinition base;
    private final SweepConfig sweep;
    private final Map<String, String> axisNames;
    private final List<SweepRun> runs;

    private SweepPlan(Path definition, List<String> baseOverrides, ResolvedDefinition base, SweepConfig sweep,
            Map<String, String> axisNames, List<SweepRun> runs) {
        this.definition = definition;
        this.baseOverrides = List.copyOf(baseOverrides);
        this.base = base;
        this.sweep = sweep;
        this.axisNames = Collections.unmodifiableMap(axisNames);
        this.runs = List.copyOf(runs);
    }

    /**
     * Expands the sweep of the definition in {@code file} (with {@code overrides} applied first,
     * as {@code --set} would) into its runs. A definition without a {@code sweep:} block gives one
     * run.
     *
     * @throws DefinitionException when the definition or any run of it does not resolve; the error
     *     names the key (a variant's or axis's key appears as the override {@code --set key=value})
     * @throws IllegalArgumentException when two runs would get the same label
     */
    public static SweepPlan expand(DefinitionLoader loader, Path file, List<String> overrides) {
        Objects.requireNonNull(loader, "loader");
        ResolvedDefinition base = loader.load(file, overrides);
        ExperimentDefinition def = base.definition();
        SweepConfig sweep = def.sweep() == null ? new SweepConfig(null, null, null) : def.sweep();
        Map<String, String> axisNames = shortNames(new ArrayList<>(sweep.axes().keySet()));

        Map<String, Map<String, JsonNode>> variants = new LinkedHashMap<>(sweep.variants());
        if (variants.isEmpty()) {
            variants.put("", Map.of());
        }
        String baseType = base.tree().path("model").path("type").asText();
        List<SweepRun> runs = new ArrayList<>();
        Map<String, String> labels = new HashMap<>();
        for (Map.Entry<String, Map<String, JsonNode>> variant : variants.entrySet()) {
            List<String> variantOverrides = variantOverrides(variant.getValue());
            warnDroppedOverrides(variant.getKey(), variant.getValue(), baseType, overrides);
            for (Map<String, JsonNode> combination : sweep.combinations()) {
                List<String> parts = new ArrayList<>();
                if (!variant.getKey().isEmpty()) {
                    parts.add(variant.getKey());
                }
                List<String> axisOverrides = new ArrayList<>();
                combination.forEach((key, value) -> {
                    parts.add(axisNames.get(key) + "=" + FlowText.label(value));
                    axisOverrides.add(key + "=" + FlowText.of(value));
                });
                String setting = String.join("__", parts);
                for (long seed : sweep.seedsOr(def.seed())) {
                    String label = (setting.isEmpty() ? "" : setting + "__") + "seed=" + seed;
                    List<String> all = new ArrayList<>(overrides);
                    all.addAll(variantOverrides);
                    all.addAll(axisOverrides);
                    all.add("seed=" + seed);
                    all.add("sweep=null");
                    all.add("report=null");
                    ResolvedDefinition resolved;
                    try {
                        resolved = loader.load(file, all);
                    } catch (DefinitionException e) {
                        // An error about a key the sweep applied as an override is the user's entry in
                        // sweep.variants or sweep.axes, not a --set they typed: point at that entry.
                        Map<String, List<String>> entries = new LinkedHashMap<>();
                        variant.getValue().forEach((k, v) -> entries.put(k + "=" + FlowText.of(v),
                                List.of("sweep", "variants", variant.getKey(), k)));
                        combination.forEach((k, v) -> entries.put(k + "=" + FlowText.of(v),
                                List.of("sweep", "axes", k)));
                        for (Map.Entry<String, List<String>> entry : entries.entrySet()) {
                            if (!overrides.contains(entry.getKey()) && e.blames(entry.getKey())) {
                                throw e.at(loader.keyLocation(file, overrides, entry.getValue()));
                            }
                        }
                        LOG.error("sweep run {} of {} does not resolve; its variant's and axes' keys are applied as"
                                + " the overrides {}", label, file, all.subList(overrides.size(), all.size()));
                        throw e;
                    }
                    String previous = labels.put(label, FlowText.of(combination));
                    if (previous != null) {
                        throw new IllegalArgumentException("two runs of the sweep in " + file + " get the label "
                                + label + " (axis values " + previous + " and " + FlowText.of(combination)
                                + "); make the values differ in letters or digits");
                    }
                    SweepRun run = new SweepRun(label, setting, variant.getKey(), combination, seed, all, resolved,
                            loader.toYaml(resolved));
                    try {
                        run.directory(Path.of("runs"));
                    } catch (UserError e) {
                        throw new UserError(file + ": sweep run " + (label.length() > 60 ? label.substring(0, 60)
                                + "..." : label) + ": " + e.getMessage(), e, e.exitCode());
                    }
                    runs.add(run);
                }
            }
        }
        return new SweepPlan(file, overrides, base, sweep, axisNames, runs);
    }

    /**
     * The plan with only the runs of {@code keep}, in the plan's order; the summary then shows only
     * those variants.
     *
     * @throws IllegalArgumentException naming a variant that the sweep does not have
     */
    public SweepPlan withVariants(List<String> keep) {
        for (String v : keep) {
            if (!sweep.variants().containsKey(v)) {
                throw new IllegalArgumentException("the sweep of " + definition + " has no variant '" + v
                        + "'; its variants: " + String.join(", ", sweep.variants().keySet()));
            }
        }
        Map<String, Map<String, JsonNode>> variants = new LinkedHashMap<>();
        sweep.variants().forEach((name, keys) -> {
            if (keep.contains(name)) {
                variants.put(name, keys);
            }
        });
        SweepConfig narrowed = new SweepConfig(sweep.axes(), variants, sweep.seeds());
        List<SweepRun> kept = runs.stream().filter(r -> keep.contains(r.variant())).toList();
        return new SweepPlan(definition, baseOverrides, base, narrowed, axisNames, kept);
    }

    /** The variant's keys as overrides, {@code model.type} first. */
    private static List<String> variantOverrides(Map<String, JsonNode> keys) {
        List<String> out = new ArrayList<>();
        JsonNode type = keys.get(SweepConfig.MODEL_TYPE);
        if (type != null) {
            out.add(SweepConfig.MODEL_TYPE + "=" + FlowText.of(type));
        }
        keys.forEach((k, v) -> {
            if (!k.equals(SweepConfig.MODEL_TYPE)) {
                out.add(k + "=" + FlowText.of(v));
            }
        });
        return out;
    }

    private static void warnDroppedOverrides(String variant, Map<String, JsonNode> keys, String baseType,
            List<String> overrides) {
        JsonNode type = keys.get(SweepConfig.MODEL_TYPE);
        if (type == null || type.asText().equals(baseType)) {
            return;
        }
        List<String> dropped = overrides.stream()
                .filter(o -> o.startsWith(MODEL_PREFIX) || o.startsWith(LOSS_PREFIX))
                .filter(o -> !o.startsWith(SweepConfig.MODEL_TYPE + "="))
                .toList();
        if (!dropped.isEmpty()) {
            LOG.warn("variant '{}' switches model.type to {}, which starts from its plugin's defaults: the overrides {}"
                    + " do not apply to it; set them in the variant (--set sweep.variants.{}=...) instead",
                    variant, type.asText(), dropped, variant);
        }
    }

    /** Each dotted key's shortest suffix (in dotted parts) that no other key ends with. */
    static Map<String, String> shortNames(List<String> keys) {
        Map<String, String> names = new LinkedHashMap<>();
        for (String key : keys) {
            String[] parts = key.split("\\.");
            String chosen = key;
            for (int n = 1; n <= parts.length; n++) {
                String suffix = suffix(key, n);
                int k = n;
                boolean unique = keys.stream().filter(o -> !o.equals(key)).noneMatch(o -> suffix(o, k).equals(suffix));
                if (unique) {
                    chosen = suffix;
                    break;
                }
            }
            names.put(key, chosen);
        }
        return names;
    }

    private static String suffix(String key, int parts) {
        String[] p = key.split("\\.");
        int from = Math.max(0, p.length - parts);
        return String.join(".", java.util.Arrays.asList(p).subList(from, p.length));
    }

    /** The definition file. */
    public Path definition() {
        return definition;
    }

    /** The overrides applied to every run first ({@code --set}). */
    public List<String> baseOverrides() {
        return baseOverrides;
    }

    /** The definition as written (with the base overrides), sweep and report blocks included. */
    public ResolvedDefinition base() {
        return base;
    }

    /** The experiment's name: where the runs and the summary go under the runs root. */
    public String experiment() {
        return base.definition().name();
    }

    /**
     * How a variant or setting is shown: {@code name} itself, or the experiment's name when it is
     * empty (the one unnamed variant of a sweep without variants, the one setting of a sweep without
     * variants and axes).
     */
    String displayName(String name) {
        return name.isEmpty() ? experiment() : name;
    }

    /** The sweep block (empty when the definition has none). */
    public SweepConfig sweep() {
        return sweep;
    }

    /** The execution block: where the runs execute (defaults when the definition has none). */
    public ExecutionConfig execution() {
        ExecutionConfig e = base.definition().execution();
        return e == null ? ExecutionConfig.defaults() : e;
    }

    /** The report block, if the definition has one. */
    public Optional<ReportConfig> report() {
        return Optional.ofNullable(base.definition().report());
    }

    /** The variant names in order; one empty name when the sweep names no variants. */
    public List<String> variants() {
        return sweep.variants().isEmpty() ? List.of("") : List.copyOf(sweep.variants().keySet());
    }

    /** The axes' full dotted keys, in order. */
    public List<String> axes() {
        return List.copyOf(sweep.axes().keySet());
    }

    /** The values an axis takes, as YAML flow text, in order. */
    public List<String> axisValues(String key) {
        List<JsonNode> values = sweep.axes().get(key);
        if (values == null) {
            throw new IllegalArgumentException("'" + key + "' is not an axis of this sweep; axes: " + axes());
        }
        return values.stream().map(FlowText::of).toList();
    }

    /** The short name of an axis in labels and headings ({@code given} for {@code data.task.given}). */
    public String axisName(String key) {
        return SweepConfig.VARIANT_KEY.equals(key) ? key : axisNames.getOrDefault(key, key);
    }

    /** The seeds every (variant, axis values) runs with. */
    public List<Long> seeds() {
        return sweep.seedsOr(base.definition().seed());
    }

    /** Every run, in order. */
    public List<SweepRun> runs() {
        return runs;
    }

    /** {@code <runsRoot>/<experiment>/summary}. */
    public Path summaryDirectory(Path runsRoot) {
        return runsRoot.resolve(experiment()).resolve(SUMMARY);
    }
}
