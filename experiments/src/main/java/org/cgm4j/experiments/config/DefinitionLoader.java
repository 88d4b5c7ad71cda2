package org.cgm4j.experiments.config;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.AnnotatedClassResolver;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.cgm4j.api.UserText;
import org.cgm4j.api.data.DataConfig;
import org.cgm4j.api.data.DatasetRequest;
import org.cgm4j.api.eval.MetricConfig;
import org.cgm4j.api.model.LossWeights;
import org.cgm4j.api.model.ModelConfig;
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

    private static final String EXTENDS = "extends";
    private static final String MODEL_TYPE = "/model/type";
    private static final Pattern DATA_KEY = Pattern.compile("(data\\.(?:options\\.[A-Za-z0-9_$-]+|dir))");
    private static final Pattern LOSS_KEY = Pattern.compile("loss\\.([A-Za-z0-9_$-]+)");

    private final PluginRegistry registry;
    private final ObjectMapper mapper;
    private final YAMLMapper yamlWriter;

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
        Layered layered = layered(file, overrides);
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
        return layered(file, overrides).tree().site(pointer).keyLocation();
    }

    /** The layers of a definition merged, and the factory of the model type they end up with. */
    private record Layered(LocatedTree tree, ModelFactory<?> factory) {}

    private Layered layered(Path file, List<String> overrides) {
        List<LocatedTree> layers = new ArrayList<>();
        layers.add(resource(FRAMEWORK_DEFAULTS, DefinitionLoader.class.getClassLoader()));
        collectFile(file, file.toString(), null, new ArrayDeque<>(), layers);
        for (String o : overrides) {
            LocatedTree override = LocatedTree.override(o);
            if (override.root().has(EXTENDS)) {
                throw new DefinitionException(LocatedTree.where(o), EXTENDS, "'extends' cannot be overridden; name the"
                        + " files to extend in the definition");
            }
            layers.add(override);
        }
        Site rootSite = new Site(file.toString(), 1, 1, 1, 1);

        // Pass 1: the model type the layers end up with, and the last layer that changed it.
        LocatedTree probe = LocatedTree.empty(rootSite);
        int change = -1;
        for (int i = 0; i < layers.size(); i++) {
            JsonNode below = probe.root().at(MODEL_TYPE);
            JsonNode here = layers.get(i).root().at(MODEL_TYPE);
            if (below.isTextual() && here.isTextual() && !below.asText().equals(here.asText())) {
                change = i;
            }
            probe.merge(layers.get(i));
        }
        probe.rootSite(rootSite);
        ModelFactory<?> factory = factoryOf(probe);
        LocatedTree pluginDefaults = pluginDefaults(factory);

        // Pass 2: the plugin's defaults go right above the framework defaults, or in place of the
        // model and loss blocks of the layers below the last change of model.type.
        LocatedTree merged = LocatedTree.empty(rootSite);
        int next = Math.max(change, 1);
        for (int i = 0; i < next; i++) {
            merged.merge(layers.get(i));
        }
        if (change >= 0) {
            merged.remove("model");
            merged.remove("loss");
        }
        merged.merge(pluginDefaults);
        for (int i = next; i < layers.size(); i++) {
            merged.merge(layers.get(i));
        }
        merged.rootSite(rootSite);
        return new Layered(merged, factory);
    }

    /**
     * Reads back a {@code resolved.yaml} written by {@link #toYaml}: no defaults, no {@code extends:},
     * no overrides, but the same validation as {@link #load}.
     *
     * @throws DefinitionException naming file, line, column, key and what is allowed
     */
    public ResolvedDefinition loadResolved(Path resolvedYaml) {
        String name = resolvedYaml.toString();
        LocatedTree tree = LocatedTree.parse(name, read(resolvedYaml, name, null));
        return resolve(tree, factoryOf(tree), false);
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

    // ---------------------------------------------------------------------------------------------
    // Layers

    private void collectFile(Path file, String name, Site namedAt, Deque<Path> chain, List<LocatedTree> out) {
        Path identity = identity(file);
        if (chain.contains(identity)) {
            List<String> cycle = new ArrayList<>();
            boolean in = false;
            for (Iterator<Path> it = chain.descendingIterator(); it.hasNext(); ) {
                Path p = it.next();
                in |= p.equals(identity);
                if (in) {
                    cycle.add(p.toString());
                }
            }
            cycle.add(identity.toString());
            throw new DefinitionException(namedAt.valueLocation(), EXTENDS,
                    "'extends' makes a cycle: " + String.join(" -> ", cycle));
        }
        LocatedTree tree = LocatedTree.parse(name, read(file, name, namedAt));
        JsonNode ext = tree.root().get(EXTENDS);
        List<Map.Entry<String, Site>> parents = new ArrayList<>();
        if (ext != null && ext.isTextual()) {
            parents.add(Map.entry(ext.asText(), tree.site("/" + EXTENDS)));
        } else if (ext != null && ext.isArray()) {
            for (int i = 0; i < ext.size(); i++) {
                String pointer = LocatedTree.index("/" + EXTENDS, i);
                if (!ext.get(i).isTextual()) {
                    throw new DefinitionException(tree.site(pointer).valueLocation(), "extends[" + i + "]",
                            "'extends[" + i + "]': expected a path, got " + describe(ext.get(i)));
                }
                parents.add(Map.entry(ext.get(i).asText(), tree.site(pointer)));
            }
        } else if (ext != null && !ext.isNull()) {
            throw new DefinitionException(tree.site("/" + EXTENDS).valueLocation(), EXTENDS,
                    "'extends': expected a path or a list of paths, got " + describe(ext));
        }
        tree.remove(EXTENDS);
        chain.push(identity);
        Path dir = file.getParent();
        for (Map.Entry<String, Site> parent : parents) {
            Path target = (dir == null ? Path.of(parent.getKey()) : dir.resolve(parent.getKey())).normalize();
            collectFile(target, target.toString(), parent.getValue(), chain, out);
        }
        chain.pop();
        out.add(tree);
    }

    private static Path identity(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }

    private static String read(Path file, String name, Site namedAt) {
        try {
            return utf8(Files.readAllBytes(file), namedAt == null ? name : namedAt.valueLocation() + ": " + name);
        } catch (NoSuchFileException e) {
            if (namedAt == null) {
                throw new DefinitionException(name, null, "file not found (" + file.toAbsolutePath() + ")", e);
            }
            throw new DefinitionException(namedAt.valueLocation(), EXTENDS,
                    "'extends': file not found: " + name + " (" + file.toAbsolutePath() + ")", e);
        } catch (IOException e) {
            throw new DefinitionException(namedAt == null ? name : namedAt.valueLocation(), null,
                    "cannot read " + name + ": " + e, e);
        }
    }

    /** {@code bytes} as UTF-8, or an error saying where (line, column and byte offset) they are not UTF-8. */
    private static String utf8(byte[] bytes, String name) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int offset = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            int column = new String(bytes, lineStart, offset - lineStart, StandardCharsets.UTF_8).length() + 1;
            throw new DefinitionException(name + ":" + line + ":" + column, null, String.format(
                    "not UTF-8: byte 0x%02x at byte offset %d does not start a UTF-8 character; save the"
                            + " definition as UTF-8", bytes[offset] & 0xff, offset));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private static LocatedTree resource(String resource, ClassLoader loader) {
        String name = "classpath:" + resource;
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new DefinitionException(name, null, "resource not found");
            }
            return LocatedTree.parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    private ModelFactory<?> factoryOf(LocatedTree tree) {
        JsonNode type = tree.root().at(MODEL_TYPE);
        String registered = String.join(", ", registry.models().keySet());
        if (type.isMissingNode() || type.isNull()) {
            String at = tree.site("/model").keyLocation();
            throw new DefinitionException(at, "model.type", "missing key 'model.type'; registered model types: "
                    + registered);
        }
        Site site = tree.site(MODEL_TYPE);
        if (!type.isTextual()) {
            throw new DefinitionException(site.valueLocation(), "model.type", "'model.type': expected the name of a"
                    + " model type, got " + describe(type) + "; registered model types: " + registered);
        }
        if (!registry.models().containsKey(type.asText())) {
            throw new DefinitionException(site.valueLocation(), "model.type", "unknown model type '" + type.asText()
                    + "' at 'model.type'; registered model types: " + registered);
        }
        return registry.factory(type.asText());
    }

    private static LocatedTree pluginDefaults(ModelFactory<?> factory) {
        LocatedTree defaults = resource(factory.defaultsResource(), factory.getClass().getClassLoader());
        for (Iterator<String> it = defaults.root().fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("model")) {
                throw new DefinitionException(defaults.site(LocatedTree.child("", key)).keyLocation(), key,
                        "unknown key '" + key + "' in the defaults of model type '" + factory.type()
                                + "'; allowed keys: model" + (key.equals("loss")
                                        ? " (the loss weights' defaults are declared by the factory's lossWeights())"
                                        : ""));
            }
        }
        JsonNode type = defaults.root().at(MODEL_TYPE);
        if (!type.isMissingNode() && !type.asText().equals(factory.type())) {
            throw new DefinitionException(defaults.site(MODEL_TYPE).valueLocation(), "model.type",
                    "the defaults of model type '" + factory.type() + "' set model.type '" + type.asText() + "'");
        }
        // The loss block comes from the specs, the one place a weight and its default are declared.
        ObjectNode loss = JsonNodeFactory.instance.objectNode();
        factory.lossDefaults().forEach(loss::put);
        defaults.put("loss", loss, Site.of("the loss weights of model type '" + factory.type() + "'"));
        return defaults;
    }

    // ---------------------------------------------------------------------------------------------
    // Binding and validation

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
     * data.dir}); the error points at it.
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
            String pointer = "/data";
            String key = "data";
            if (m.lookingAt()) {
                key = m.group(1);
                String candidate = "/" + key.replace('.', '/');
                // a key that is not written (a data.dir the provider needs) is blamed on 'data:'
                pointer = tree.root().at(candidate).isMissingNode() ? "/data" : candidate;
            }
            Site site = tree.site(pointer);
            throw new DefinitionException(pointer.equals("/data") ? site.keyLocation() : site.valueLocation(), key,
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
        } catch (UnrecognizedPropertyException e) {
            throw unknownKey(tree, e, layered);
        } catch (InvalidTypeIdException e) {
            throw unknownType(tree, e);
        } catch (ValueInstantiationException e) {
            throw rejected(tree, e);
        } catch (MismatchedInputException e) {
            String pointer = pointer(e.getPath());
            if (tree.root().at(pointer).isMissingNode()) {
                throw missingKey(tree, pointer, e, layered);
            }
            throw wrongType(tree, pointer, e.getTargetType(), e);
        } catch (JsonMappingException e) {
            String pointer = pointer(e.getPath());
            String key = tree.dottedKey(pointer);
            throw new DefinitionException(tree.site(pointer).valueLocation(), key,
                    "'" + key + "': " + e.getOriginalMessage(), e);
        } catch (StreamReadException e) {
            // e.g. a number too large for its type: the parser knows where it stood
            JsonParser where = e.getProcessor();
            String pointer = where == null ? "" : where.getParsingContext().pathAsPointer().toString();
            String key = tree.dottedKey(pointer);
            throw new DefinitionException(tree.site(pointer).valueLocation(), key,
                    "'" + key + "': " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private DefinitionException unknownKey(LocatedTree tree, UnrecognizedPropertyException e, boolean layered) {
        List<String> known = e.getKnownPropertyIds() == null ? List.of()
                : e.getKnownPropertyIds().stream().map(String::valueOf).toList();
        return unknownKey(tree, pointer(e.getPath()), e.getReferringClass(), known, layered, e);
    }

    /** The keys allowed in a mapping bound to {@code owner}: a record's components, and its type key. */
    private static Set<String> allowedKeys(Class<?> owner, Collection<String> known, boolean topLevel) {
        Set<String> allowed = new TreeSet<>();
        if (owner != null && owner.isRecord()) {
            Arrays.stream(owner.getRecordComponents()).forEach(c -> allowed.add(c.getName()));
        } else {
            allowed.addAll(known);
        }
        String typeProperty = owner == null ? null : typeProperty(owner);
        if (typeProperty != null) {
            allowed.add(typeProperty);
        }
        if (topLevel) {
            allowed.add(EXTENDS);
        }
        return allowed;
    }

    private static DefinitionException unknownKey(LocatedTree tree, String pointer, Class<?> owner,
            Collection<String> known, boolean layered, Exception cause) {
        String parent = LocatedTree.parent(pointer);
        String key = tree.dottedKey(pointer);
        Set<String> allowed = allowedKeys(owner, known, layered && parent.isEmpty());
        String of;
        if (parent.isEmpty()) {
            of = "allowed top-level keys";
        } else {
            of = "allowed keys of " + tree.dottedKey(parent);
            String typeProperty = owner == null ? null : typeProperty(owner);
            JsonNode type = typeProperty == null ? null : tree.root().at(LocatedTree.child(parent, typeProperty));
            if (type != null && type.isTextual()) {
                of += " (" + typeProperty + " " + type.asText() + ")";
            }
        }
        return new DefinitionException(tree.site(pointer).keyLocation(), key,
                "unknown key '" + key + "'; " + of + ": " + String.join(", ", allowed), cause);
    }

    private DefinitionException unknownType(LocatedTree tree, InvalidTypeIdException e) {
        String pointer = pointer(e.getPath());
        Class<?> base = e.getBaseType() == null ? Object.class : e.getBaseType().getRawClass();
        String property = Objects.requireNonNullElse(typeProperty(base), "type");
        String typePointer = LocatedTree.child(pointer, property);
        String key = tree.dottedKey(typePointer);
        String what;
        Collection<String> names;
        if (ModelConfig.class.equals(base)) {
            what = "registered model types";
            names = registry.models().keySet();
        } else if (MetricConfig.class.equals(base)) {
            what = "registered metric types";
            names = registry.metrics().keySet();
        } else {
            what = "allowed types";
            names = subtypeNames(base);
        }
        String list = String.join(", ", names);
        JsonNode given = tree.root().at(typePointer);
        if (e.getTypeId() == null || given.isMissingNode()) {
            return new DefinitionException(tree.site(pointer).keyLocation(), key,
                    "missing key '" + key + "'; " + what + ": " + list, e);
        }
        return new DefinitionException(tree.site(typePointer).valueLocation(), key,
                "unknown type " + describe(given) + " at '" + key + "'; " + what + ": " + list, e);
    }

    private Collection<String> subtypeNames(Class<?> base) {
        DeserializationConfig config = mapper.getDeserializationConfig();
        AnnotatedClass annotated = AnnotatedClassResolver.resolveWithoutSuperTypes(config, base);
        return mapper.getSubtypeResolver().collectAndResolveSubtypesByTypeId(config, annotated).stream()
                .map(NamedType::getName)
                .filter(Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private DefinitionException rejected(LocatedTree tree, ValueInstantiationException e) {
        String pointer = pointer(e.getPath());
        Throwable cause = e.getCause() == null ? e : e.getCause();
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        Class<?> type = e.getType() == null ? null : e.getType().getRawClass();
        if (type != null && type.isRecord()) {
            String component = namedComponent(type, message);
            if (component != null) {
                pointer = LocatedTree.child(pointer, component);
            }
        }
        String key = tree.dottedKey(pointer);
        JsonNode value = tree.root().at(pointer);
        Site site = tree.site(pointer);
        String location = value.isMissingNode() ? site.keyLocation() : site.valueLocation();
        String detail = key.isEmpty() || message.contains(key) ? message : "'" + key + "': " + message;
        return new DefinitionException(location, key.isEmpty() ? null : key, detail, e);
    }

    /**
     * The record component a validation message is about: the first one written as the last part
     * of a dotted key ({@code model.latentDim must be ...}), else the first one named as a word.
     */
    private static String namedComponent(Class<?> record, String message) {
        String best = null;
        int bestAt = Integer.MAX_VALUE;
        boolean bestDotted = false;
        for (var c : record.getRecordComponents()) {
            Matcher m = Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(c.getName()) + "(?![A-Za-z0-9_])")
                    .matcher(message);
            while (m.find()) {
                boolean dotted = m.start() > 0 && message.charAt(m.start() - 1) == '.';
                if ((dotted && !bestDotted) || (dotted == bestDotted && m.start() < bestAt)) {
                    best = c.getName();
                    bestAt = m.start();
                    bestDotted = dotted;
                }
            }
        }
        return best;
    }

    /**
     * A key bound to a number or boolean is missing. Jackson reports that before unknown keys of the
     * same mapping, but a misspelt key is the likelier cause, so an unknown key is reported first.
     */
    private DefinitionException missingKey(LocatedTree tree, String pointer, MismatchedInputException e,
            boolean layered) {
        String parent = LocatedTree.parent(pointer);
        List<JsonMappingException.Reference> path = e.getPath();
        Object from = path.isEmpty() ? null : path.get(path.size() - 1).getFrom();
        Class<?> owner = from instanceof Class<?> c ? c : from == null ? null : from.getClass();
        JsonNode mapping = tree.root().at(parent);
        if (owner != null && owner.isRecord() && mapping.isObject()) {
            Set<String> allowed = allowedKeys(owner, List.of(), layered && parent.isEmpty());
            for (Iterator<String> it = mapping.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!allowed.contains(name)) {
                    return unknownKey(tree, LocatedTree.child(parent, name), owner, List.of(), layered, e);
                }
            }
        }
        String key = tree.dottedKey(pointer);
        return new DefinitionException(tree.site(parent).keyLocation(), key,
                "missing key '" + key + "'; expected " + expected(e.getTargetType()), e);
    }

    private DefinitionException wrongType(LocatedTree tree, String pointer, Class<?> target, Exception e) {
        String key = tree.dottedKey(pointer);
        JsonNode value = tree.root().at(pointer);
        return new DefinitionException(tree.site(pointer).valueLocation(), key,
                "'" + key + "': expected " + expected(target) + ", got " + describe(value), e);
    }

    private String expected(Class<?> target) {
        if (target == null) {
            return "another kind of value";
        }
        if (target == int.class || target == Integer.class || target == long.class || target == Long.class
                || target == short.class || target == Short.class || target == byte.class || target == Byte.class
                || target == java.math.BigInteger.class) {
            return "an integer";
        }
        if (target == double.class || target == Double.class || target == float.class || target == Float.class
                || Number.class.isAssignableFrom(target)) {
            return "a number";
        }
        if (target == boolean.class || target == Boolean.class) {
            return "true or false";
        }
        if (CharSequence.class.isAssignableFrom(target)) {
            return "a string";
        }
        if (Path.class.isAssignableFrom(target)) {
            return "a path";
        }
        if (target.isEnum()) {
            return "one of " + Arrays.stream(target.getEnumConstants())
                    .map(c -> mapper.convertValue(c, String.class))
                    .collect(Collectors.joining(", "));
        }
        if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "a list";
        }
        String typeProperty = typeProperty(target);
        if (typeProperty != null) {
            return "a mapping with a '" + typeProperty + "' key";
        }
        return "a mapping (key: value)";
    }

    private static String typeProperty(Class<?> type) {
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(type);
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            JsonTypeInfo info = c.getAnnotation(JsonTypeInfo.class);
            if (info != null && info.use() != JsonTypeInfo.Id.NONE) {
                return info.property().isEmpty() ? info.use().getDefaultPropertyName() : info.property();
            }
            if (c.getSuperclass() != null) {
                todo.add(c.getSuperclass());
            }
            todo.addAll(Arrays.asList(c.getInterfaces()));
        }
        return null;
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

    // ---------------------------------------------------------------------------------------------
    // Helpers

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

    private static String pointer(List<JsonMappingException.Reference> path) {
        String pointer = "";
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() != null) {
                pointer = LocatedTree.child(pointer, r.getFieldName());
            } else if (r.getIndex() >= 0) {
                pointer = LocatedTree.index(pointer, r.getIndex());
            }
        }
        return pointer;
    }

    private static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "'" + UserText.clip(value.asText()) + "'";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isObject()) {
            return "a mapping";
        }
        return value.isNull() ? "null" : UserText.clip(value.asText());
    }
}
