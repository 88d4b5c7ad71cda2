package org.cgm4j.api.nn;

import org.cgm4j.api.rng.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fully connected layer {@code in W + b} whose weights are SameDiff variables named {@code
 * <prefix>/W} ({@code [nIn, nOut]}) and {@code <prefix>/b} ({@code [nOut]}). Weights are drawn
 * from Glorot's uniform distribution with the given {@link Rng}, biases start at zero; drawing
 * on the Java side keeps initialisation identical across thread counts.
 */
public final class Dense {
    private final SDVariable weight;
    private final SDVariable bias;
    private final int nIn;
    private final int nOut;

    /** Creates the layer's variables in {@code sd}. */
    public Dense(SameDiff sd, String prefix, int nIn, int nOut, DataType type, Rng rng) {
        if (nIn <= 0 || nOut <= 0) {
            throw new IllegalArgumentException(prefix + ": layer sizes must be positive, got " + nIn + " -> " + nOut);
        }
        this.nIn = nIn;
        this.nOut = nOut;
        double limit = Math.sqrt(6.0 / (nIn + nOut));
        double[] w = new double[nIn * nOut];
        for (int i = 0; i < w.length; i++) {
            w[i] = (2 * rng.nextDouble() - 1) * limit;
        }
        INDArray wArr = Nd4j.create(w, new long[] {nIn, nOut}, DataType.DOUBLE).castTo(type);
        this.weight = sd.var(prefix + Scopes.SEPARATOR + "W", wArr);
        this.bias = sd.var(prefix + Scopes.SEPARATOR + "b", Nd4j.zeros(type, nOut));
    }

    /** {@code [batch, nIn] -> [batch, nOut]}, linear. */
    public SDVariable apply(SameDiff sd, SDVariable in) {
        return sd.nn().linear(in, weight, bias);
    }

    /** The number of inputs. */
    public int nIn() {
        return nIn;
    }

    /** The number of outputs. */
    public int nOut() {
        return nOut;
    }

    /** The weight variable, {@code [nIn, nOut]}. */
    public SDVariable weight() {
        return weight;
    }

    /** The bias variable, {@code [nOut]}. */
    public SDVariable bias() {
        return bias;
    }
}
