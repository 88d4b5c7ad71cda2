package org.cgm4j.models.latentconstraints;

import java.util.ArrayList;
import java.util.List;
import org.cgm4j.api.model.PaperReference;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.nn.Dense;
import org.cgm4j.api.nn.Mlp;
import org.cgm4j.api.nn.Scopes;
import org.cgm4j.api.rng.Rng;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The critic D(z, y) of Engel, Hoffman and Roberts (2018, Section 3): an MLP on {@code [z,
 * embed(y)]} giving one logit; sigmoid(logit) is "how real" a code is (for the attribute critic:
 * real and of class y). Unconditional critics (the realism pair) see z alone.
 *
 * <p>Besides the logit, the critic gives its <em>input gradient</em> dD/dz, {@code [batch,
 * latentDim]}, which the WGAN-GP penalty (Gulrajani et al. 2017) needs. SameDiff 1.0.0-M2.1 cannot
 * differentiate a gradient function, so dD/dz is not taken from autodiff: it is written out as
 * graph ops by backpropagating through the MLP's own layers,
 *
 * <pre>  delta_L = W_L^T;  delta_k = (delta_{k+1} W_{k+1}^T) * f'(a_k);  dD/dz = delta_1 W_1[z rows]^T</pre>
 *
 * with a_k the pre-activations and f' the activation's derivative (a step function for ReLU, whose
 * own derivative is zero almost everywhere, as SameDiff's {@code step} op says). Because these are
 * ordinary ops, SameDiff differentiates the penalty with respect to the weights exactly; the
 * tests check dD/dz and the penalty's weight gradient against finite differences.
 *
 * <p>Variables live under the given scope: {@code <scope>/embedding/W} ({@code [numClasses,
 * embedding]}, conditional critics only) and {@code <scope>/net/dense<i>/W}.
 */
@PaperReference(
        value = "Engel, Hoffman and Roberts 2018, Latent Constraints: Learning to Generate Conditionally from"
                + " Unconditional Generative Models",
        where = "Section 3 (critic D); gradient penalty of Gulrajani et al. 2017, Eq. 3")
public final class Critic {
    /** The logit and the input gradient of one evaluation. */
    public record Output(SDVariable logit, SDVariable inputGradient) {}

    private final Dense embedding;
    private final Mlp net;
    private final Activation activation;
    private final int latentDim;

    /**
     * Creates the variables.
     *
     * @param numClasses width of the label vectors (one-hot classes or binary attributes); 0 for an
     *     unconditional critic
     * @param embeddingDim width of the learned label embedding (ignored when unconditional)
     * @param hidden hidden widths (may be empty: a linear critic)
     */
    public Critic(SameDiff sd, String scope, int latentDim, int numClasses, int embeddingDim, List<Integer> hidden,
            Activation activation, DataType type, Rng rng) {
        this.latentDim = latentDim;
        this.activation = activation;
        this.embedding = numClasses > 0
                ? new Dense(sd, Scopes.name(scope, "embedding"), numClasses, embeddingDim, type, rng)
                : null;
        int nIn = latentDim + (embedding == null ? 0 : embeddingDim);
        this.net = new Mlp(sd, Scopes.name(scope, "net"), nIn, hidden, 1, activation, type, rng);
    }

    /** Whether the critic sees labels. */
    public boolean conditional() {
        return embedding != null;
    }

    /**
     * The logit D(z, y), {@code [batch, 1]}; {@code labels} ({@code [batch, numClasses]} label vectors)
     * may be null when unconditional.
     */
    public SDVariable logit(SameDiff sd, SDVariable z, SDVariable labels) {
        return net.apply(sd, input(sd, z, labels));
    }

    /** The logit {@code [batch, 1]} and the input gradient dD/dz {@code [batch, latentDim]} at {@code z}. */
    public Output evaluate(SameDiff sd, SDVariable z, SDVariable labels) {
        List<Dense> layers = net.layers();
        List<SDVariable> pre = new ArrayList<>();
        List<SDVariable> post = new ArrayList<>();
        SDVariable h = input(sd, z, labels);
        for (int i = 0; i < layers.size(); i++) {
            SDVariable a = layers.get(i).apply(sd, h);
            if (i < layers.size() - 1) {
                pre.add(a);
                h = activation.apply(sd, a);
                post.add(h);
            } else {
                h = a;
            }
        }
        // Backward through the layers: delta is dD/d(output of layer k), [batch, width_k].
        int last = layers.size() - 1;
        SDVariable delta = null; // null stands for the ones of dD/dD
        for (int k = last; k >= 1; k--) {
            SDVariable w = layers.get(k).weight();
            SDVariable back = delta == null ? sd.transpose(w) : sd.mmul(delta, w, false, true, false);
            delta = mulDerivative(sd, back, pre.get(k - 1), post.get(k - 1));
        }
        SDVariable w1z = layers.get(0).weight().get(SDIndex.interval(0, latentDim), SDIndex.all());
        SDVariable grad = delta == null
                // A linear critic: dD/dz = W_1[z rows]^T for every row, broadcast by adding zeros.
                ? sd.transpose(w1z).add(z.mul(0.0))
                : sd.mmul(delta, w1z, false, true, false);
        return new Output(h, grad);
    }

    /** {@code back * f'(a)}; {@code back} may be a {@code [1, width]} row, broadcast over the batch. */
    private SDVariable mulDerivative(SameDiff sd, SDVariable back, SDVariable a, SDVariable fa) {
        return switch (activation) {
            case RELU -> sd.math().step(a, 0.0).mul(back);
            case TANH -> fa.mul(fa).rsub(1.0).mul(back);
            // elu'(a) = 1 for a > 0, exp(a) = elu(a) + 1 otherwise
            case ELU -> {
                SDVariable s = sd.math().step(a, 0.0);
                yield s.add(s.rsub(1.0).mul(fa.add(1.0))).mul(back);
            }
            case IDENTITY -> a.mul(0.0).add(back);
        };
    }

    private SDVariable input(SameDiff sd, SDVariable z, SDVariable labels) {
        if (embedding == null) {
            return z;
        }
        if (labels == null) {
            throw new IllegalArgumentException("a conditional critic needs labels");
        }
        return sd.concat(1, z, embedding.apply(sd, labels));
    }

    /** The MLP (for tests and diagnostics). */
    public Mlp net() {
        return net;
    }
}
