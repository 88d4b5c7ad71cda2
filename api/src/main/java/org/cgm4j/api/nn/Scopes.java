package org.cgm4j.api.nn;

/**
 * The names of networks by their probabilistic role. The same names are used in code, in YAML
 * and as the prefixes of SameDiff variable names ({@code recognition/dense0/W}), so that an
 * update step can select its trainable variables by scope.
 */
public final class Scopes {
    /** q(z | x, y): the recognition (inference) network. */
    public static final String RECOGNITION = "recognition";
    /** p(z | x): the conditional prior network. */
    public static final String PRIOR = "prior";
    /** p(y | x, z): the generation network. */
    public static final String GENERATION = "generation";
    /** The deterministic baseline y_hat = f(x). */
    public static final String BASELINE = "baseline";
    /** q(z | x) of an unconditional VAE. */
    public static final String ENCODER = "encoder";
    /** p(x | z) of an unconditional VAE. */
    public static final String DECODER = "decoder";
    /** The latent-space actor G(z, y). */
    public static final String ACTOR = "actor";
    /** The latent-space critic D(z, y). */
    public static final String CRITIC = "critic";

    /** Separator between a scope and the rest of a variable name. */
    public static final String SEPARATOR = "/";

    private Scopes() {}

    /** {@code scope + "/" + name}. */
    public static String name(String scope, String name) {
        return scope + SEPARATOR + name;
    }

    /** Whether the variable name lies in the scope. */
    public static boolean inScope(String variableName, String scope) {
        return variableName.startsWith(scope + SEPARATOR);
    }
}
