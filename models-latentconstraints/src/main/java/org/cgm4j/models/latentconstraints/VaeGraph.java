package org.cgm4j.models.latentconstraints;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.data.ImageShape;
import org.cgm4j.api.model.LossWeights;
import org.cgm4j.api.model.ModelWeights;
import org.cgm4j.api.nn.DiagonalGaussian;
import org.cgm4j.api.nn.EncoderDecoder;
import org.cgm4j.api.nn.Likelihood;
import org.cgm4j.api.objective.Objective;
import org.cgm4j.api.rng.Rng;
import org.cgm4j.api.train.CompiledOutputs;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The networks and loss terms of the VAE / beta-VAE (Kingma and Welling 2014; Higgins et al.
 * 2017, Eq. 4) built into a graph that may hold more than the VAE: {@link VaeModel} is this alone;
 * {@link LatentConstraintsModel} adds actor-critic pairs in its latent space to the same graph.
 *
 * <p>Adds to {@code sd}: placeholders {@value #Y} {@code [batch, D]}, {@value #EPS} {@code [batch,
 * latentDim]} (reparameterisation noise) and {@value #Z} {@code [batch, latentDim]} (codes to
 * decode); the encoder (scope {@code encoder}) and decoder (scope {@code decoder}) variables;
 * outputs {@value #POSTERIOR_MEAN}, {@value #POSTERIOR_LOG_VAR} {@code [batch, latentDim]},
 * {@value #DECODED} {@code [batch, D]} (decoder means of {@value #Z}) and {@value
 * #LOG_LIKELIHOOD} {@code [batch]} (log p(y | z) of {@value #Y} given {@value #Z}). Weights are
 * drawn from the given stream in a fixed order, so one seed gives the same VAE whichever model
 * holds it.
 */
public final class VaeGraph {
    /** Placeholder of the data. */
    public static final String Y = "y";
    /** Placeholder of the reparameterisation noise. */
    public static final String EPS = "eps";
    /** Placeholder of codes to decode. */
    public static final String Z = "z";
    /** Output: posterior means. */
    public static final String POSTERIOR_MEAN = "posterior/mean";
    /** Output: posterior log-variances. */
    public static final String POSTERIOR_LOG_VAR = "posterior/logVar";
    /** Output: decoder means of {@link #Z}. */
    public static final String DECODED = "decoded";
    /** Output: log p(y | z) per example. */
    public static final String LOG_LIKELIHOOD = "logLikelihood";
    /** Loss term: batch mean of -log p(y|z). */
    public static final String RECONSTRUCTION = "reconstruction";
    /** Loss term: batch mean of KL(q(z|y) || N(0, I)). */
    public static final String KL = "kl";

    private final VaeConfig config;
    private final SDVariable reconstruction;
    private final SDVariable kl;
    private final List<String> variables;
    private final int decoderRowsPerCall;

    /**
     * Builds the VAE into {@code sd}.
     *
     * @param image the shape of one y, whose flat width is D = C H W (convolutional networks read
     *     y as {@code [batch, C, H, W]})
     * @param init the stream the weights are drawn from (encoder first, then decoder)
     */
    public VaeGraph(SameDiff sd, VaeConfig config, ImageShape image, DataType type, Rng init) {
        this.config = config;
        int dataDim = image.size();
        int d = config.latentDim();
        Likelihood likelihood = config.decoderLikelihood();
        List<String> before = new ArrayList<>(ModelWeights.of(sd).keySet());

        SDVariable y = sd.placeHolder(Y, type, -1, dataDim);
        SDVariable eps = sd.placeHolder(EPS, type, -1, d);
        SDVariable zIn = sd.placeHolder(Z, type, -1, d);

        EncoderDecoder nets = new EncoderDecoder(sd, config.architecture(), image, type, init);
        decoderRowsPerCall = nets.decoderRowsPerCall();
        DiagonalGaussian q = nets.encode(sd, y);
        sd.identity(POSTERIOR_MEAN, q.mean());
        sd.identity(POSTERIOR_LOG_VAR, q.logVar());
        SDVariable posteriorSample = q.sample(sd, eps);
        SDVariable logLik = likelihood.logLikelihood(sd, nets.decode(sd, posteriorSample), y, null);
        reconstruction = logLik.neg().mean();
        kl = q.klToStandardNormal(sd).mean();

        SDVariable decodedParams = nets.decode(sd, zIn);
        sd.identity(DECODED, likelihood.mean(sd, decodedParams));
        sd.identity(LOG_LIKELIHOOD, likelihood.logLikelihood(sd, decodedParams, y, null));

        List<String> vars = new ArrayList<>(ModelWeights.of(sd).keySet());
        vars.removeAll(before);
        this.variables = List.copyOf(vars);
    }

    /** Adds the terms {@value #RECONSTRUCTION} and {@value #KL} with their weights from {@code loss}. */
    public Objective.Builder addTerms(SameDiff sd, Objective.Builder objective, LossWeights loss) {
        return objective
                .add(sd, RECONSTRUCTION, reconstruction, loss.get(RECONSTRUCTION))
                .add(sd, KL, kl, loss.get(KL));
    }

    /** The most rows of z one evaluation call of the decoder should take ({@link EncoderDecoder#decoderRowsPerCall}). */
    public int decoderRowsPerCall() {
        return decoderRowsPerCall;
    }

    /** The names of the encoder's and decoder's variables. */
    public List<String> variables() {
        return variables;
    }

    /** The VAE's placeholders for a training step: the data and fresh noise. */
    public Map<String, INDArray> feed(Batch batch, Rng rng, DataType type) {
        Map<String, INDArray> ph = new LinkedHashMap<>();
        ph.put(Y, batch.y());
        ph.put(EPS, rng.gaussian(type, batch.size(), config.latentDim()));
        return ph;
    }

    /** The posterior q(z | y): {@code {mean, logVar}}, each {@code [batch, latentDim]}. */
    public static INDArray[] encode(CompiledOutputs outputs, INDArray y) {
        Map<String, INDArray> out = outputs.output(Map.of(Y, y), POSTERIOR_MEAN, POSTERIOR_LOG_VAR);
        return new INDArray[] {out.get(POSTERIOR_MEAN), out.get(POSTERIOR_LOG_VAR)};
    }

    /** Decoder means of {@code z}, {@code [batch, D]}. */
    public static INDArray decode(CompiledOutputs outputs, INDArray z) {
        return outputs.output(Map.of(Z, z), DECODED);
    }

    /** log p(y | z) per example, {@code [batch]}. */
    public static INDArray logLikelihood(CompiledOutputs outputs, INDArray y, INDArray z) {
        return outputs.output(Map.of(Y, y, Z, z), LOG_LIKELIHOOD);
    }
}
