package org.cgm4j.experiments.config;

/**
 * Where one key and its value were written: a YAML source (a file as it was named, a classpath
 * resource, or an {@code --set} override) with the 1-based line and column of the key and of the
 * value. An override has no lines ({@code 0}); its location is the override itself.
 */
record Site(String source, int keyLine, int keyColumn, int valueLine, int valueColumn) {
    /** A site without positions: an {@code --set} override or a whole source. */
    static Site of(String source) {
        return new Site(source, 0, 0, 0, 0);
    }

    /** {@code file:line:column} of the key, or the source alone when it has no lines. */
    String keyLocation() {
        return format(keyLine, keyColumn);
    }

    /** {@code file:line:column} of the value, or the source alone when it has no lines. */
    String valueLocation() {
        return format(valueLine, valueColumn);
    }

    private String format(int line, int column) {
        return line <= 0 ? source : source + ":" + line + ":" + column;
    }
}
