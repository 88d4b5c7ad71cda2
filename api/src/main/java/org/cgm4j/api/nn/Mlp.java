package org.cgm4j.api.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.cgm4j.api.rng.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A multi-layer perceptron: hidden layers with a nonlinearity, then a linear output layer. Its
 * variables live under one scope ({@code <scope>/dense<i>/W}); {@link #apply} can be called on
 * several inputs to share the weights (the generation network of a hybrid objective, a critic
 * scoring real and generated codes).
 */
public final class Mlp {
    private final List<Dense> layers;
    private final Activation activation;
    private final String scope;

    /**
     * @param scope the variable-name prefix, a role from {@link Scopes} or a sub-scope of one
     * @param nIn input width
     * @param hidden hidden layer widths (may be empty: a linear map)
     * @param nOut output width
     */
    public Mlp(SameDiff sd, String scope, int nIn, List<Integer> hidden, int nOut, Activation activation,
            DataType type, Rng rng) {
        this.scope = scope;
        this.activation = activation;
        List<Dense> ls = new ArrayList<>();
        int in = nIn;
        int i = 0;
        for (int h : hidden) {
            ls.add(new Dense(sd, Scopes.name(scope, "dense" + i++), in, h, type, rng));
            in = h;
        }
        ls.add(new Dense(sd, Scopes.name(scope, "dense" + i), in, nOut, type, rng));
        this.layers = Collections.unmodifiableList(ls);
    }

    /** {@code [batch, nIn] -> [batch, nOut]}: the output layer is linear. */
    public SDVariable apply(SameDiff sd, SDVariable in) {
        SDVariable h = in;
        for (int i = 0; i < layers.size(); i++) {
            h = layers.get(i).apply(sd, h);
            if (i < layers.size() - 1) {
                h = activation.apply(sd, h);
            }
        }
        return h;
    }

    /** The layers, input first. */
    public List<Dense> layers() {
        return layers;
    }

    /** The scope the variables live under. */
    public String scope() {
        return scope;
    }
}
