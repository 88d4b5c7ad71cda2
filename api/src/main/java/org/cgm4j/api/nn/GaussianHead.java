package org.cgm4j.api.nn;

import java.util.List;
import org.cgm4j.api.rng.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A network that maps its input to a {@link DiagonalGaussian}: an MLP trunk (scope {@code
 * <scope>/trunk}) and two linear heads for the mean ({@code <scope>/mean}) and the log-variance
 * ({@code <scope>/logVar}, bounded by {@link DiagonalGaussian#fromNetwork}). Two heads rather than
 * one split output: {@code sd.split} makes repeated {@code sd.output} calls return stale values in
 * 1.0.0-M2.1.
 */
public final class GaussianHead {
    private final Mlp trunk;
    private final Dense meanLayer;
    private final Dense logVarLayer;
    private final Activation activation;

    /** Creates the variables: input {@code nIn}, hidden widths {@code hidden} (at least one), latent {@code d}. */
    public GaussianHead(SameDiff sd, String scope, int nIn, List<Integer> hidden, int d, Activation activation,
            DataType type, Rng rng) {
        if (hidden.isEmpty()) {
            throw new IllegalArgumentException(scope + ": a Gaussian head needs at least one hidden layer");
        }
        this.activation = activation;
        int last = hidden.get(hidden.size() - 1);
        this.trunk = new Mlp(sd, Scopes.name(scope, "trunk"), nIn, hidden.subList(0, hidden.size() - 1), last,
                activation, type, rng);
        this.meanLayer = new Dense(sd, Scopes.name(scope, "mean"), last, d, type, rng);
        this.logVarLayer = new Dense(sd, Scopes.name(scope, "logVar"), last, d, type, rng);
    }

    /** {@code [batch, nIn]} to the Gaussian over {@code [batch, d]}. */
    public DiagonalGaussian apply(SameDiff sd, SDVariable in) {
        SDVariable h = activation.apply(sd, trunk.apply(sd, in));
        // Bounded log-variance: an unbounded one overflows exp() after a single large step.
        return DiagonalGaussian.fromNetwork(sd, meanLayer.apply(sd, h), logVarLayer.apply(sd, h));
    }
}
