package org.cgm4j.models.latentconstraints;

import java.util.List;
import org.cgm4j.api.model.PaperReference;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.nn.Dense;
import org.cgm4j.api.nn.Mlp;
import org.cgm4j.api.nn.Scopes;
import org.cgm4j.api.rng.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The gated actor G(z, y) of Engel, Hoffman and Roberts (2018, Section 3): an MLP trunk on {@code
 * [z, embed(y)]} and two linear heads of width latentDim, a proposal dz and gate logits; with g =
 * sigmoid(gate logits),
 *
 * <pre>  z' = (1 - g) * z + g * dz</pre>
 *
 * so a closed gate (logits towards -inf) leaves z unchanged. Two heads rather than one 2d-wide
 * output split in the graph: {@code sd.split} makes repeated {@code sd.output} calls return stale
 * values in SameDiff 1.0.0-M2.1. Unconditional actors (the realism pair) see z alone.
 *
 * <p>Variables: {@code <scope>/embedding/*} (conditional only), {@code <scope>/trunk/dense<i>/*},
 * {@code <scope>/dz/*} and {@code <scope>/gate/*}; the gate bias starts at {@code gateBias}.
 */
@PaperReference(
        value = "Engel, Hoffman and Roberts 2018, Latent Constraints: Learning to Generate Conditionally from"
                + " Unconditional Generative Models",
        where = "Section 3 (gated actor G)")
public final class GatedActor {
    private final Dense embedding;
    private final Mlp trunk;
    private final Dense dz;
    private final Dense gate;
    private final Activation activation;

    /**
     * Creates the variables.
     *
     * @param numClasses width of the label vectors (one-hot classes or binary attributes); 0 for an
     *     unconditional actor
     * @param embeddingDim width of the learned label embedding (ignored when unconditional)
     * @param hidden hidden widths of the trunk, at least one
     * @param gateBias the initial bias of the gate logits
     */
    public GatedActor(SameDiff sd, String scope, int latentDim, int numClasses, int embeddingDim, List<Integer> hidden,
            Activation activation, double gateBias, DataType type, Rng rng) {
        if (hidden.isEmpty()) {
            throw new IllegalArgumentException(scope + ": the actor needs at least one hidden layer");
        }
        this.activation = activation;
        this.embedding = numClasses > 0
                ? new Dense(sd, Scopes.name(scope, "embedding"), numClasses, embeddingDim, type, rng)
                : null;
        int nIn = latentDim + (embedding == null ? 0 : embeddingDim);
        int last = hidden.get(hidden.size() - 1);
        this.trunk = new Mlp(sd, Scopes.name(scope, "trunk"), nIn, hidden.subList(0, hidden.size() - 1), last,
                activation, type, rng);
        this.dz = new Dense(sd, Scopes.name(scope, "dz"), last, latentDim, type, rng);
        this.gate = new Dense(sd, Scopes.name(scope, "gate"), last, latentDim, type, rng);
        gate.bias().getArr().assign(gateBias);
    }

    /**
     * z' = G(z, y), {@code [batch, latentDim]}; {@code labels} ({@code [batch, numClasses]}) may be
     * null when unconditional.
     */
    public SDVariable apply(SameDiff sd, SDVariable z, SDVariable labels) {
        SDVariable in = z;
        if (embedding != null) {
            if (labels == null) {
                throw new IllegalArgumentException("a conditional actor needs labels");
            }
            in = sd.concat(1, z, embedding.apply(sd, labels));
        }
        SDVariable h = activation.apply(sd, trunk.apply(sd, in));
        SDVariable g = sd.nn().sigmoid(gate.apply(sd, h));
        return g.rsub(1.0).mul(z).add(g.mul(dz.apply(sd, h)));
    }

    /** The gate head (its bias closes or opens the gate). */
    public Dense gate() {
        return gate;
    }
}
