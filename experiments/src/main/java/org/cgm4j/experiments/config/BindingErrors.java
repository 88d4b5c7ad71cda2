package org.cgm4j.experiments.config;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.AnnotatedClassResolver;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.cgm4j.api.UserText;
import org.cgm4j.api.data.TaskConfig;
import org.cgm4j.api.eval.MetricConfig;
import org.cgm4j.api.model.ModelConfig;
import org.cgm4j.api.plugin.PluginRegistry;

/**
 * Jackson's binding errors in a definition's words: each becomes a {@link DefinitionException} at
 * the file, line and column of the key or value concerned, with the dotted key and what is allowed
 * there (the keys of the mapping, the registered types, the kind of value expected).
 */
final class BindingErrors {
    private final PluginRegistry registry;
    private final ObjectMapper mapper;

    BindingErrors(PluginRegistry registry, ObjectMapper mapper) {
        this.registry = registry;
        this.mapper = mapper;
    }

    /**
     * What binding {@code tree} to a definition threw, as the error to report.
     *
     * @param layered whether the tree was merged from layers (then {@code extends} is an allowed top-level key)
     */
    RuntimeException of(LocatedTree tree, IOException e, boolean layered) {
        if (e instanceof UnrecognizedPropertyException u) {
            return unknownKey(tree, u, layered);
        }
        if (e instanceof InvalidTypeIdException t) {
            return unknownType(tree, t);
        }
        if (e instanceof ValueInstantiationException v) {
            return rejected(tree, v);
        }
        if (e instanceof MismatchedInputException m) {
            String pointer = pointer(m.getPath());
            if (tree.root().at(pointer).isMissingNode()) {
                return missingKey(tree, pointer, m, layered);
            }
            return wrongType(tree, pointer, m.getTargetType(), m);
        }
        if (e instanceof JsonMappingException j) {
            String pointer = pointer(j.getPath());
            String key = tree.dottedKey(pointer);
            return new DefinitionException(tree.site(pointer).valueLocation(), key,
                    "'" + key + "': " + j.getOriginalMessage(), j);
        }
        if (e instanceof StreamReadException r) {
            // e.g. a number too large for its type: the parser knows where it stood
            JsonParser where = r.getProcessor();
            String pointer = where == null ? "" : where.getParsingContext().pathAsPointer().toString();
            String key = tree.dottedKey(pointer);
            return new DefinitionException(tree.site(pointer).valueLocation(), key,
                    "'" + key + "': " + r.getOriginalMessage(), r);
        }
        return new UncheckedIOException(e);
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
            allowed.add(DefinitionLayers.EXTENDS);
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
        } else if (TaskConfig.class.equals(base)) {
            what = "registered task types";
            names = registry.tasks().keySet();
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

    /** A value as an error message shows it: a string quoted and clipped, a list, a mapping, or as written. */
    static String describe(JsonNode value) {
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
