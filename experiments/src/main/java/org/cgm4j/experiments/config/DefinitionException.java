package org.cgm4j.experiments.config;

/**
 * An experiment definition that cannot be loaded: a missing file, a YAML syntax error, an unknown
 * key, a value of the wrong type or out of range, an unknown model, task or metric type, or a
 * malformed {@code --set} override. The message starts with where the offending key or value was
 * written ({@code runs/x.yaml:7:3}, or {@code --set a.b=c} for an override), names the full dotted
 * key and says what is allowed, e.g. {@code runs/x.yaml:7:3: unknown key 'model.latentDimm';
 * allowed keys of model (type vae): activation, decoder, encoder, hidden, latentDim, likelihood, sigmaX,
 * type}.
 */
public final class DefinitionException extends org.cgm4j.api.UserError {
    private final String location;
    private final String key;

    /**
     * @param location {@code file:line:column}, a file alone, or {@code --set a.b=c}
     * @param key the dotted key concerned ({@code model.latentDim}, {@code evaluate[1].samples}), or
     *     null when the error concerns a whole file
     * @param detail what is wrong and what is allowed
     */
    DefinitionException(String location, String key, String detail) {
        this(location, key, detail, null);
    }

    DefinitionException(String location, String key, String detail, Throwable cause) {
        super(location + ": " + detail, cause);
        this.location = location;
        this.key = key;
    }

    /** Whether this error is about the override {@code spec} ({@code key=value}, as given to {@code --set}). */
    public boolean blames(String spec) {
        return location.equals(LocatedTree.where(spec));
    }

    /**
     * The same error written at {@code newLocation} instead: for an override a sweep derived from
     * an entry of the definition, which the user wrote there rather than on the command line.
     */
    public DefinitionException at(String newLocation) {
        String detail = getMessage().substring(location.length() + 2);
        return new DefinitionException(newLocation, key, detail, this);
    }

    /** Where the offending key or value was written: {@code file:line:column}, a file, or {@code --set a.b=c}. */
    public String location() {
        return location;
    }

    /** The dotted key concerned ({@code train.epochs}), or null when the error concerns a whole file. */
    public String key() {
        return key;
    }
}
