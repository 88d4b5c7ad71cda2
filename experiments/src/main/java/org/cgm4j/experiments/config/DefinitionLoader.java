package org.cgm4j.experiments.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cgm4j.api.UserText;
import org.cgm4j.api.data.DataConfig;
import org.cgm4j.api.data.DatasetRequest;
import org.cgm4j.api.model.LossWeights;
import org.cgm4j.api.model.ModelFactory;
import org.cgm4j.api.plugin.DatasetRegistration;
import org.cgm4j.api.plugin.PluginRegistry;

/**
 * Loads experiment definitions: merges the layers of a definition into one tree, binds it to
 * {@link ExperimentDefinition} and validates it, turning every problem into a {@link
 * DefinitionException} that names the file, line and column where the offending key or value was
 * written, the dotted key, and what is allowed.
 *
 * <p>Layers, lowest to highest:
 *
 * <ol>
 *   <li>the framework defaults, classpath resource {@value #FRAMEWORK_DEFAULTS};
 *   <li>the defaults of the model plugin of the {@code model.type} the definition ends up with: the
 *       {@code model:} block of {@link ModelFactory#defaultsResource()} and the {@code loss:} block
 *       of {@link ModelFactory#lossDefaults()};
 *   <li>the {@code extends:} chain: a path or a list of paths, each relative to the file that names
 *       it, followed recursively (later entries of a list win over earlier ones); a cycle is an error;
 *   <li>the file itself;
 *   <li>the overrides {@code a.b.c=value}, in order, each value a YAML flow value ({@code
 *       train.epochs=1}, {@code model.hidden=[256,256]}, {@code data.task={type: quadrants, given:
 *       2}}; anything else is a string).
 * </ol>
 *
 * Mappings merge key by key; lists and scalars replace. When a layer sets {@code model.type} to a
 * type other than the one set below it, the lower layers' {@code model:} and {@code loss:} keys are
 * dropped (they belonged to another plugin) and the new plugin's defaults take their place.
 *
 * <p>Binding is strict: unknown keys, {@code null} or missing numbers and booleans, text where a
 * number or boolean belongs, and fractions where an integer belongs are errors. Values rejected by
 * a record's compact constructor and loss weights rejected by {@link LossWeights#of} are reported
 * at the key they concern.
 *
 * <p>A loader is immutable and may be shared between threads.
 */
public final class DefinitionLoader {
    /** The classpath resource of the framework defaults, the lowest layer of every definition. */
    public static final String FRAMEWORK_DEFAULTS = "org/cgm4j/experiments/defaults.yaml";

    /** Top-level keys in the order {@link #toYaml} writes them. */
    public static final List<String> KEY_ORDER = List.of(
            "name", "description", "seed", "data", "model", "loss", "train", "evaluate", "output", "sweep", "report",
            "expect", "check");

    /**
     * Top-level keys that change nothing in a run: how to judge runs ({@code expect:}, {@code
     * check:}) and where a sweep executes them ({@code execution:}). They are left out of the YAML
     * a run writes and is named by (its hash), so that setting them does not move a definition's
     * runs, and a run lands in the same directory whichever executor runs it.
     */
    public static final List<String> JUDGEMENT_KEYS = List.of("expect", "check", "execution");

    private static final Pattern DATA_KEY = Pattern.compile("(data\\.(?:options\\.[A-Za-z0-9_$-]+|dir))");
    private static final Pattern LOSS_KEY = Pattern.compile("loss\\.([A-Za-z0-9_$-]+)");

    private final ObjectMapper mapper;
    private final YAMLMapper yamlWriter;
    private final DefinitionLayers layers;
    private final BindingErrors errors;
    private final PluginRegistry registry;

    /** A loader that binds model and metric types from {@code registry}. */
    public DefinitionLoader(PluginRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        ObjectMapper m = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE)
                .enable(DeserializationFeature.FAIL_ON_MISSING_EXTERNAL_TYPE_ID_PROPERTY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .disable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
                .build();
        // YAML gives numbers and booleans their own types: text in their place is a mistake.
        for (LogicalType t : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        registry.registerSubtypes(m);
        this.mapper = m;
        this.layers = new DefinitionLayers(registry);
        this.errors = new BindingErrors(registry, m);
        this.yamlWriter = new YAMLMapper(YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                .build());
    }

    /**
     * Loads the definition in {@code file}, with its layers (see the class comment) and the
     * overrides {@code a.b.c=value} applied last, in order.
     *
     * @throws DefinitionException naming file, line, column, key and what is allowed
     */
    public ResolvedDefinition load(Path file, List<String> overrides) {
        DefinitionLayers.Layered layered = layers.merge(file, overrides);
        return resolve(layered.tree(), layered.factory(), true);
    }

    /**
     * Where the key {@code keys} (one element per level, e.g. {@code sweep, axes, model.latentDim})
     * is written in the definition in {@code file} with {@code overrides}: {@code file:line:column}.
     */
    public String keyLocation(Path file, List<String> overrides, List<String> keys) {
        String pointer = "";
        for (String k : keys) {
            pointer = LocatedTree.child(pointer, k);
        }
        return layers.merge(file, overrides).tree().site(pointer).keyLocation();
    }

    /**
     * Reads back a {@code resolved.yaml} written by {@link #toYaml}: no defaults, no {@code extends:},
     * no overrides, but the same validation as {@link #load}.
     *
     * @throws DefinitionException naming file, line, column, key and what is allowed
     */
    public ResolvedDefinition loadResolved(Path resolvedYaml) {
        String name = resolvedYaml.toString();
        LocatedTree tree = LocatedTree.parse(name, DefinitionLayers.read(resolvedYaml, name, null));
        return resolve(tree, layers.factoryOf(tree), false);
    }

    /**
     * The YAML of {@code resolved.tree()}: top-level keys in the order of {@link #KEY_ORDER}, so
     * that {@link #loadResolved} of it gives an equal definition, but without the {@link
     * #JUDGEMENT_KEYS} ({@code expect:}, {@code check:}, {@code execution:}), which do not change what runs.
     */
    public String toYaml(ResolvedDefinition resolved) {
        try {
            ObjectNode tree = ordered(resolved.tree());
            JUDGEMENT_KEYS.forEach(tree::remove);
            return yamlWriter.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the definition as YAML", e);
        }
    }

    private ResolvedDefinition resolve(LocatedTree tree, ModelFactory<?> factory, boolean layered) {
        checkNulls(tree);
        ExperimentDefinition definition = bind(tree, layered);
        checkDataset(definition.data(), tree);
        LossWeights weights = scheduled(lossWeights(definition, tree, factory), definition, tree, factory);
        return new ResolvedDefinition(definition, ordered(tree.root()), weights);
    }

    /**
     * {@code data.source} must name a registered dataset, and its provider must accept {@code
     * data.options} and {@code data.dir}: checked when the definition loads, before any run folder
     * exists. The provider's message names the key ({@code data.options.<key>} or {@code
     * data.dir}); the error points at it, or at {@code data.source} when the key is not written.
     */
    private void checkDataset(DataConfig data, LocatedTree tree) {
        String registered = String.join(", ", registry.datasets().keySet());
        DatasetRegistration r = registry.datasets().get(data.source());
        if (r == null) {
            throw new DefinitionException(tree.site("/data/source").valueLocation(), "data.source",
                    "'data.source': unknown dataset '" + UserText.clip(data.source()) + "'; registered datasets: "
                            + registered + " (cgm4j datasets describes them)");
        }
        try {
            r.provider().validate(DatasetRequest.of(data));
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            Matcher m = DATA_KEY.matcher(message);
            String pointer = "/data/source";
            String key = "data";
            if (m.lookingAt()) {
                key = m.group(1);
                String candidate = "/" + key.replace('.', '/');
                // A key that is not written (a data.dir or data.options.size the dataset needs) is
                // blamed on the choice of dataset that needs it, not on the data key written last.
                if (!tree.root().at(candidate).isMissingNode()) {
                    pointer = candidate;
                }
            }
            boolean written = !tree.root().at(pointer).isMissingNode();
            Site site = tree.site(written ? pointer : "/data");
            throw new DefinitionException(written ? site.valueLocation() : site.keyLocation(), key,
                    message + " (data.source " + data.source() + ")", e);
        }
    }

    /** Nulls that the records would reject without naming the key (their copies refuse null elements). */
    private static void checkNulls(LocatedTree tree) {
        JsonNode loss = tree.root().path("loss");
        for (Iterator<Map.Entry<String, JsonNode>> it = loss.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                String pointer = LocatedTree.child("/loss", e.getKey());
                throw new DefinitionException(tree.site(pointer).valueLocation(), "loss." + e.getKey(),
                        "'loss." + e.getKey() + "': expected a number, got null");
            }
        }
        JsonNode evaluate = tree.root().path("evaluate");
        for (int i = 0; evaluate.isArray() && i < evaluate.size(); i++) {
            if (evaluate.get(i).isNull()) {
                String pointer = LocatedTree.index("/evaluate", i);
                throw new DefinitionException(tree.site(pointer).valueLocation(), "evaluate[" + i + "]",
                        "'evaluate[" + i + "]': expected a mapping with a 'type' key, got null");
            }
        }
    }

    private ExperimentDefinition bind(LocatedTree tree, boolean layered) {
        try (JsonParser p = mapper.treeAsTokens(tree.root())) {
            return mapper.readValue(p, ExperimentDefinition.class);
        } catch (IOException e) {
            throw errors.of(tree, e, layered);
        }
    }

    private static LossWeights lossWeights(ExperimentDefinition definition, LocatedTree tree,
            ModelFactory<?> factory) {
        Map<String, Double> inOrder = new LinkedHashMap<>();
        tree.root().path("loss").fieldNames().forEachRemaining(k -> inOrder.put(k, definition.loss().get(k)));
        try {
            return LossWeights.of(inOrder, factory.lossWeights());
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            Matcher m = LOSS_KEY.matcher(message);
            String name = m.find() ? m.group(1) : null;
            String pointer = name == null ? "/loss" : LocatedTree.child("/loss", name);
            boolean known = factory.lossWeights().stream().anyMatch(s -> s.name().equals(name));
            // out of range: point at the value; unknown: at the key; missing: at 'loss:'
            Site site = tree.site(pointer);
            String location = known && inOrder.containsKey(name) ? site.valueLocation() : site.keyLocation();
            throw new DefinitionException(location, "loss" + (name == null ? "" : "." + name),
                    message + " (model type " + factory.type() + ")", e);
        }
    }

    /** The weights with those of {@code train.lossWeights} scheduled; an unknown name is an error at its key. */
    private static LossWeights scheduled(LossWeights weights, ExperimentDefinition definition, LocatedTree tree,
            ModelFactory<?> factory) {
        for (String name : definition.train().lossWeights().keySet()) {
            if (!weights.asMap().containsKey(name)) {
                String pointer = LocatedTree.child("/train/lossWeights", name);
                throw new DefinitionException(tree.site(pointer).keyLocation(), "train.lossWeights." + name,
                        "'train.lossWeights." + name + "' schedules no loss weight of model type " + factory.type()
                                + "; allowed: " + String.join(", ", weights.asMap().keySet()));
            }
        }
        return weights.withScheduled(definition.train().lossWeights().keySet());
    }

    private static ObjectNode ordered(ObjectNode tree) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String key : KEY_ORDER) {
            if (tree.has(key)) {
                out.set(key, tree.get(key));
            }
        }
        tree.fields().forEachRemaining(e -> {
            if (!out.has(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }
}
