package org.cgm4j.experiments.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Values of a definition tree as YAML flow text: what a sweep hands to the loader as the value of
 * a {@code key=value} override (read back as an equal value), and the short, file-name-safe form
 * used in run labels ({@code given=1}, {@code hidden=500-500}).
 */
public final class FlowText {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Strings written without quotes: words that YAML cannot take for a number, boolean or null. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_./-]*");
    /** Plain words that YAML 1.1 reads as booleans or null. */
    private static final Set<String> SPECIAL = Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null");

    private FlowText() {}

    /** {@code value} as a YAML flow value: {@code 1}, {@code 0.5}, {@code mnist}, {@code [500, 500]}, {@code {type: quadrants, given: 2}}. */
    public static String of(JsonNode value) {
        StringBuilder b = new StringBuilder();
        append(b, value);
        return b.toString();
    }

    /** A mapping of dotted keys to values as a YAML flow mapping, {@code {data.task.given: 1}}. */
    public static String of(Map<String, JsonNode> values) {
        com.fasterxml.jackson.databind.node.ObjectNode o = JSON.createObjectNode();
        o.setAll(values);
        return of(o);
    }

    private static void append(StringBuilder b, JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            b.append("null");
        } else if (v.isObject()) {
            b.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                b.append(first ? "" : ", ").append(string(e.getKey())).append(": ");
                append(b, e.getValue());
                first = false;
            }
            b.append('}');
        } else if (v.isArray()) {
            b.append('[');
            for (int i = 0; i < v.size(); i++) {
                b.append(i == 0 ? "" : ", ");
                append(b, v.get(i));
            }
            b.append(']');
        } else if (v.isTextual()) {
            b.append(string(v.asText()));
        } else if (v.isFloatingPointNumber()) {
            double d = v.asDouble();
            if (Double.isNaN(d)) {
                b.append(".nan");
            } else if (Double.isInfinite(d)) {
                b.append(d > 0 ? ".inf" : "-.inf");
            } else {
                b.append(v.isBigDecimal() ? v.decimalValue().toString() : Double.toString(d));
            }
        } else {
            b.append(v.asText()); // integers and booleans
        }
    }

    private static String string(String s) {
        if (PLAIN.matcher(s).matches() && !SPECIAL.contains(s.toLowerCase(Locale.ROOT))) {
            return s;
        }
        try {
            return JSON.writeValueAsString(s); // a JSON string is a YAML double-quoted scalar
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code value} in a form fit for a directory name: the flow text without brackets, quotes and
     * spaces, other separators turned into '-' ({@code [500, 500]} gives {@code 500-500}).
     */
    public static String label(JsonNode value) {
        String s = of(value);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                    || c == '+' || c == '-') {
                b.append(c);
            } else if ("[]{}\"' ".indexOf(c) < 0) {
                b.append('-');
            }
        }
        return b.isEmpty() ? "empty" : b.toString();
    }
}
