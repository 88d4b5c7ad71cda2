package org.cgm4j.api.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.cgm4j.api.rng.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The networks of a VAE as one building block: an encoder q(z | x) = N(mu(x), diag
 * sigma^2(x)) ({@link GaussianHead}, scope {@value Scopes#ENCODER}) and a decoder ({@link Mlp}
 * with the hidden widths reversed, scope {@value Scopes#DECODER}) whose output parameterises the
 * likelihood p(x | z). Weights are drawn from the given stream encoder first, then decoder, so
 * one seed gives the same networks whichever model holds them. Each method can be applied to
 * several inputs; the weights are shared.
 */
public final class EncoderDecoder {
    private final VaeArchitecture architecture;
    private final GaussianHead encoder;
    private final Mlp decoder;
    private final Likelihood likelihood;

    /**
     * Creates the variables.
     *
     * @param dataDim D, the width of x
     * @param init the stream the weights are drawn from
     */
    public EncoderDecoder(SameDiff sd, VaeArchitecture architecture, int dataDim, DataType type, Rng init) {
        this.architecture = architecture;
        int d = architecture.latentDim();
        encoder = new GaussianHead(sd, Scopes.ENCODER, dataDim, architecture.hidden(), d, architecture.activation(),
                type, init);
        List<Integer> reversed = new ArrayList<>(architecture.hidden());
        Collections.reverse(reversed);
        decoder = new Mlp(sd, Scopes.DECODER, d, reversed, dataDim, architecture.activation(), type, init);
        likelihood = architecture.decoderLikelihood();
    }

    /** q(z | x) for {@code x} {@code [batch, D]}: a Gaussian over {@code [batch, latentDim]}. */
    public DiagonalGaussian encode(SameDiff sd, SDVariable x) {
        return encoder.apply(sd, x);
    }

    /** The likelihood's parameters for codes {@code z} {@code [batch, latentDim]}: {@code [batch, D]}. */
    public SDVariable decode(SameDiff sd, SDVariable z) {
        return decoder.apply(sd, z);
    }

    /** log p(x | z) per example, {@code [batch]}, for {@code z} {@code [batch, latentDim]} and {@code x} {@code [batch, D]}. */
    public SDVariable logLikelihood(SameDiff sd, SDVariable z, SDVariable x) {
        return likelihood.logLikelihood(sd, decode(sd, z), x, null);
    }

    /** The architecture. */
    public VaeArchitecture architecture() {
        return architecture;
    }

    /** The decoder likelihood. */
    public Likelihood likelihood() {
        return likelihood;
    }

    /** The encoder network. */
    public GaussianHead encoder() {
        return encoder;
    }

    /** The decoder network. */
    public Mlp decoder() {
        return decoder;
    }
}
