package org.cgm4j.experiments.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.model.ModelFactory;
import org.cgm4j.api.plugin.PluginRegistry;

/**
 * The layers of a definition merged into one tree, in the order {@link DefinitionLoader} describes:
 * the framework defaults, the defaults of the model type the layers end up with, the {@code
 * extends:} chain, the file and the overrides. Problems with the files themselves (missing, not
 * UTF-8, an {@code extends:} cycle) and with {@code model.type} are {@link DefinitionException}s
 * naming where they are.
 */
final class DefinitionLayers {
    /** The key naming the files a definition extends. */
    static final String EXTENDS = "extends";
    /** The pointer of {@code model.type}. */
    static final String MODEL_TYPE = "/model/type";

    private final PluginRegistry registry;

    DefinitionLayers(PluginRegistry registry) {
        this.registry = registry;
    }

    /** The layers of a definition merged, and the factory of the model type they end up with. */
    record Layered(LocatedTree tree, ModelFactory<?> factory) {}

    /** The layers of the definition in {@code file} with {@code overrides}, merged. */
    Layered merge(Path file, List<String> overrides) {
        List<LocatedTree> layers = new ArrayList<>();
        layers.add(resource(DefinitionLoader.FRAMEWORK_DEFAULTS, DefinitionLoader.class.getClassLoader()));
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
                            "'extends[" + i + "]': expected a path, got " + BindingErrors.describe(ext.get(i)));
                }
                parents.add(Map.entry(ext.get(i).asText(), tree.site(pointer)));
            }
        } else if (ext != null && !ext.isNull()) {
            throw new DefinitionException(tree.site("/" + EXTENDS).valueLocation(), EXTENDS,
                    "'extends': expected a path or a list of paths, got " + BindingErrors.describe(ext));
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

    /** The text of a definition file {@code name}, named at {@code namedAt} (null for the file itself). */
    static String read(Path file, String name, Site namedAt) {
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

    /** The factory of the tree's {@code model.type}, or an error naming the registered types. */
    ModelFactory<?> factoryOf(LocatedTree tree) {
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
                    + " model type, got " + BindingErrors.describe(type) + "; registered model types: " + registered);
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
}
