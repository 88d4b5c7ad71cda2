package org.cgm4j.experiments.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.UserText;

/**
 * One YAML layer, or the merge of several: a tree of keys and values together with the {@link
 * Site} where each of its nodes was written, keyed by JSON pointer ({@code /model/latentDim},
 * {@code /evaluate/1/samples}). Merging keeps, for every pointer, the site of the layer whose value
 * won, so that errors found after merging and binding still name the file, line and column.
 */
final class LocatedTree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final YAMLFactory YAML = new YAMLFactory();

    private final ObjectNode root;
    private final Map<String, Site> sites;

    private LocatedTree(ObjectNode root, Map<String, Site> sites) {
        this.root = root;
        this.sites = sites;
    }

    /** An empty tree whose root was written at {@code rootSite}. */
    static LocatedTree empty(Site rootSite) {
        Map<String, Site> sites = new HashMap<>();
        sites.put("", rootSite);
        return new LocatedTree(NODES.objectNode(), sites);
    }

    /**
     * Parses one YAML document whose top level is a mapping (an empty document is an empty
     * mapping). Duplicate keys and aliases are errors; syntax errors name line and column.
     *
     * @param source the name used in error messages: the file as named, or {@code classpath:...}
     */
    static LocatedTree parse(String source, String text) {
        LocatedTree tree = empty(new Site(source, 1, 1, 1, 1));
        try (YAMLParser p = YAML.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return tree;
            }
            if (first != JsonToken.START_OBJECT) {
                Site s = siteOf(source, p.currentTokenLocation(), p.currentTokenLocation());
                throw new DefinitionException(s.valueLocation(), null,
                        "expected a mapping of keys (key: value) at the top level, got " + tokenText(p));
            }
            ObjectNode root = (ObjectNode) tree.read(p, "", p.currentTokenLocation(), source);
            tree.root.setAll(root);
            if (p.nextToken() != null) {
                Site s = siteOf(source, p.currentTokenLocation(), p.currentTokenLocation());
                throw new DefinitionException(s.valueLocation(), null,
                        "a definition holds one YAML document; found a second one");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw syntaxError(source, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How an error names the override {@code spec}: {@code --set key=value}, the value cut to a readable length. */
    static String where(String spec) {
        int eq = spec.indexOf('=');
        String shown = eq < 0 ? UserText.clip(spec)
                : UserText.clip(spec.substring(0, eq)) + "=" + UserText.clip(spec.substring(eq + 1));
        return "--set " + shown;
    }

    /**
     * Parses an override {@code a.b.c=value} into a tree {@code {a: {b: {c: value}}}}; the value
     * is read as a YAML flow value ({@code 1}, {@code [256, 256]}, {@code {type: quadrants, given:
     * 2}}; anything else stays a string).
     */
    static LocatedTree override(String spec) {
        String where = where(spec);
        int eq = spec.indexOf('=');
        if (eq < 0) {
            throw new DefinitionException(where, null, "expected key=value, e.g. --set train.epochs=1");
        }
        String key = spec.substring(0, eq).trim();
        if (key.isEmpty()) {
            throw new DefinitionException(where, null, "the key before '=' is empty; expected key=value,"
                    + " e.g. --set train.epochs=1");
        }
        String[] parts = key.split("\\.", -1);
        for (String part : parts) {
            if (part.isBlank()) {
                throw new DefinitionException(where, key, "key '" + key + "' has an empty part; write dotted keys"
                        + " such as model.latentDim");
            }
        }
        JsonNode value = flowValue(where, key, spec.substring(eq + 1));
        Site site = Site.of(where);
        LocatedTree tree = empty(site);
        ObjectNode parent = tree.root;
        String pointer = "";
        for (int i = 0; i < parts.length - 1; i++) {
            pointer = child(pointer, parts[i]);
            parent = parent.putObject(parts[i]);
            tree.sites.put(pointer, site);
        }
        pointer = child(pointer, parts[parts.length - 1]);
        parent.set(parts[parts.length - 1], value);
        tree.markAll(pointer, value, site);
        return tree;
    }

    private static JsonNode flowValue(String where, String key, String raw) {
        String text = raw.trim();
        if (text.isEmpty()) {
            return NODES.textNode("");
        }
        if (text.startsWith("[") || text.startsWith("{")) {
            try {
                return parse(where, "value: " + text).root.get("value");
            } catch (DefinitionException e) {
                throw new DefinitionException(where, key, "the value is not a YAML flow "
                        + (text.startsWith("[") ? "list" : "mapping") + ": "
                        + e.getMessage().substring(e.location().length() + 2), e);
            }
        }
        try {
            JsonNode wrapped = parse(where, "value: [" + text + "]").root.get("value");
            if (wrapped != null && wrapped.size() == 1 && wrapped.get(0).isValueNode()) {
                return wrapped.get(0);
            }
        } catch (DefinitionException e) {
            // not a single YAML scalar: the text as written is the value
        }
        return NODES.textNode(raw);
    }

    /** Sets the top-level {@code key} to {@code value}, every node of it written at {@code site}. */
    void put(String key, JsonNode value, Site site) {
        root.set(key, value);
        markAll(child("", key), value, site);
    }

    private void markAll(String pointer, JsonNode node, Site site) {
        sites.put(pointer, site);
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> markAll(child(pointer, e.getKey()), e.getValue(), site));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                markAll(index(pointer, i), node.get(i), site);
            }
        }
    }

    private JsonNode read(YAMLParser p, String pointer, JsonLocation keyAt, String source) throws IOException {
        JsonLocation valueAt = p.currentTokenLocation();
        Site site = siteOf(source, keyAt, valueAt);
        if (p.isCurrentAlias()) {
            throw new DefinitionException(site.valueLocation(), dotted(pointer),
                    "YAML aliases (*" + p.getText() + ") are not supported; write the value out");
        }
        sites.put(pointer, site);
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonLocation at = p.currentTokenLocation();
                    String childPointer = child(pointer, name);
                    if (object.has(name)) {
                        throw new DefinitionException(siteOf(source, at, at).keyLocation(), dotted(childPointer),
                                "duplicate key '" + dotted(childPointer) + "'");
                    }
                    p.nextToken();
                    object.set(name, read(p, childPointer, at, source));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(p, index(pointer, array.size()), p.currentTokenLocation(), source));
                }
                return array;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(t == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new DefinitionException(site.valueLocation(), dotted(pointer),
                    "unsupported YAML value (" + t + ") at '" + dotted(pointer) + "'");
        }
    }

    private static String tokenText(YAMLParser p) throws IOException {
        JsonToken t = p.currentToken();
        return t == JsonToken.START_ARRAY ? "a list" : "'" + UserText.clip(p.getText()) + "'";
    }

    private static Site siteOf(String source, JsonLocation key, JsonLocation value) {
        return new Site(source, key.getLineNr(), key.getColumnNr(), value.getLineNr(), value.getColumnNr());
    }

    private static DefinitionException syntaxError(String source, JsonProcessingException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null) {
                String problem = m.getProblem() == null ? m.getMessage() : m.getProblem();
                String context = m.getContext() == null ? "" : " (" + m.getContext() + ")";
                return new DefinitionException(source + ":" + (m.getProblemMark().getLine() + 1) + ":"
                        + (m.getProblemMark().getColumn() + 1), null, "YAML syntax error: " + problem + context, e);
            }
        }
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() <= 0 ? source : source + ":" + at.getLineNr() + ":" + at.getColumnNr();
        return new DefinitionException(where, null, "YAML syntax error: " + e.getOriginalMessage(), e);
    }

    /** The merged (or parsed) tree. */
    ObjectNode root() {
        return root;
    }

    /** The site of the node at {@code pointer}, or of its nearest ancestor that has one. */
    Site site(String pointer) {
        String p = pointer;
        while (true) {
            Site s = sites.get(p);
            if (s != null || p.isEmpty()) {
                return s == null ? Site.of("(unknown)") : s;
            }
            p = parent(p);
        }
    }

    /** Sets the site of the root (what errors about a missing top-level key point to). */
    void rootSite(Site site) {
        sites.put("", site);
    }

    /**
     * Merges {@code over} into this tree: objects merge key by key, lists and scalars replace, and
     * every replaced node takes the site of {@code over}. {@code over} is not modified.
     */
    void merge(LocatedTree over) {
        mergeObject(root, over.root, "", over);
    }

    private void mergeObject(ObjectNode base, ObjectNode over, String pointer, LocatedTree from) {
        Iterator<Map.Entry<String, JsonNode>> it = over.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String childPointer = child(pointer, e.getKey());
            JsonNode existing = base.get(e.getKey());
            if (existing instanceof ObjectNode baseChild && e.getValue() instanceof ObjectNode overChild) {
                mergeObject(baseChild, overChild, childPointer, from);
                Site s = from.sites.get(childPointer);
                if (s != null) {
                    sites.put(childPointer, s);
                }
            } else {
                removeSites(childPointer);
                base.set(e.getKey(), e.getValue().deepCopy());
                from.sites.forEach((p, s) -> {
                    if (isAtOrUnder(p, childPointer)) {
                        sites.put(p, s);
                    }
                });
            }
        }
    }

    /** Removes a top-level key and the sites of everything under it. */
    void remove(String key) {
        root.remove(key);
        removeSites(child("", key));
    }

    private void removeSites(String pointer) {
        sites.keySet().removeIf(p -> isAtOrUnder(p, pointer));
    }

    private static boolean isAtOrUnder(String p, String pointer) {
        return p.equals(pointer) || p.startsWith(pointer + "/");
    }

    /** The pointer of field {@code name} under {@code pointer}. */
    static String child(String pointer, String name) {
        return pointer + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    /** The pointer of element {@code i} under {@code pointer}. */
    static String index(String pointer, int i) {
        return pointer + "/" + i;
    }

    /** The pointer one level up ({@code ""} for a top-level key). */
    static String parent(String pointer) {
        int slash = pointer.lastIndexOf('/');
        return slash <= 0 ? "" : pointer.substring(0, slash);
    }

    /** The unescaped segments of a pointer. */
    static List<String> segments(String pointer) {
        if (pointer.isEmpty()) {
            return List.of();
        }
        return java.util.Arrays.stream(pointer.substring(1).split("/", -1))
                .map(s -> s.replace("~1", "/").replace("~0", "~"))
                .toList();
    }

    /** The key as written in messages: {@code model.latentDim}, {@code evaluate[1].samples}. */
    String dottedKey(String pointer) {
        StringBuilder sb = new StringBuilder();
        JsonNode node = root;
        for (String segment : segments(pointer)) {
            if (node != null && node.isArray()) {
                sb.append('[').append(segment).append(']');
                node = node.get(Integer.parseInt(segment));
            } else {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(segment);
                node = node == null ? null : node.get(segment);
            }
        }
        return sb.toString();
    }

    /** {@link #dottedKey} without a tree: digits are shown as list indices. */
    static String dotted(String pointer) {
        StringBuilder sb = new StringBuilder();
        for (String segment : segments(pointer)) {
            if (segment.matches("\\d+")) {
                sb.append('[').append(segment).append(']');
            } else {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(segment);
            }
        }
        return sb.toString();
    }
}
