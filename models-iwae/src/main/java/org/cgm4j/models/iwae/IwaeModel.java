package org.cgm4j.models.iwae;

import java.util.Map;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.model.GraphModel;
import org.cgm4j.api.model.LatentVariableModel;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.ModelWeights;
import org.cgm4j.api.model.PaperReference;
import org.cgm4j.api.nn.Densities;
import org.cgm4j.api.nn.DiagonalGaussian;
import org.cgm4j.api.nn.EncoderDecoder;
import org.cgm4j.api.nn.Reductions;
import org.cgm4j.api.objective.Objective;
import org.cgm4j.api.objective.TrainingSchedule;
import org.cgm4j.api.objective.UpdateStep;
import org.cgm4j.api.rng.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The importance-weighted autoencoder (Burda, Grosse and Salakhutdinov 2016): the VAE's encoder
 * and decoder trained on the K-sample bound
 *
 * <pre>  L_K(x) = E[log (1/K) sum_k p(x, z_k) / q(z_k | x)],  z_k ~ q(z | x),</pre>
 *
 * which is the ELBO at K = 1 and tightens towards log p(x) as K grows. Term {@value #BOUND}:
 * batch mean of -L_K; logged only, {@value #ELBO}: batch mean of the negative ELBO over the same
 * K samples (the gap between the two is what importance weighting buys).
 *
 * <p>Graph: placeholders {@code x [n, D]}, {@code eps [K n, latentDim]} (row {@code k n + i} is
 * sample k of example i) and {@code z [n, latentDim]} (codes to decode); outputs {@code
 * posterior/mean}, {@code posterior/logVar} {@code [n, latentDim]}, {@code decoded} {@code [n, D]}
 * and {@code logLikelihood} {@code [n]} (of {@code x} given {@code z}).
 */
@PaperReference(
        value = "Burda, Grosse and Salakhutdinov 2016, Importance Weighted Autoencoders",
        where = "Section 3, the bound L_k and its gradient estimator")
public final class IwaeModel extends GraphModel<IwaeConfig> implements LatentVariableModel {
    /** Loss term: batch mean of -L_K. */
    public static final String BOUND = "iwae";
    /** Logged only: batch mean of the negative ELBO averaged over the K samples. */
    public static final String ELBO = "negativeElbo";

    private static final String X = "x";
    private static final String EPS = "eps";
    private static final String Z = "z";
    private static final String MEAN = "posterior/mean";
    private static final String LOG_VAR = "posterior/logVar";
    private static final String DECODED = "decoded";
    private static final String LOG_LIKELIHOOD = "logLikelihood";

    private final int decoderRowsPerCall;

    /** Builds the graph with weights drawn from {@code Rng.derive(context.seed(), "init")}. */
    public IwaeModel(IwaeConfig config, ModelContext context) {
        super(IwaeFactory.TYPE, config, context);
        DataType type = context.dataType();
        int dim = context.data().yDim();
        int d = config.latentDim();
        int k = config.samples();
        SDVariable x = sd.placeHolder(X, type, -1, dim);
        SDVariable eps = sd.placeHolder(EPS, type, -1, d);
        SDVariable zIn = sd.placeHolder(Z, type, -1, d);
        EncoderDecoder nets = new EncoderDecoder(sd, config.architecture(), EncoderDecoder.imageOf(context.data()), type,
                Rng.derive(context.seed(), "init"));
        decoderRowsPerCall = nets.decoderRowsPerCall();

        DiagonalGaussian q = nets.encode(sd, x);                                   // [n, d]
        sd.identity(MEAN, q.mean());
        sd.identity(LOG_VAR, q.logVar());
        DiagonalGaussian qk = new DiagonalGaussian(repeat(q.mean(), k), repeat(q.logVar(), k));   // [K n, d]
        SDVariable z = qk.sample(sd, eps);                                         // [K n, d]
        SDVariable logW = nets.logLikelihood(sd, z, repeat(x, k))                  // [K n]
                .add(Densities.standardNormal(sd, z, d))
                .sub(Densities.normal(sd, z, qk, d));
        SDVariable bound = Reductions.logMeanExp(sd, sd.reshape(logW, k, -1), k);  // [n]
        Objective objective = Objective.builder()
                .add(sd, BOUND, bound.neg().mean(), context.loss().get(BOUND))
                .monitor(sd, ELBO, logW.neg().mean())
                .build();

        SDVariable decodedParams = nets.decode(sd, zIn);
        sd.identity(DECODED, nets.likelihood().mean(sd, decodedParams));
        sd.identity(LOG_LIKELIHOOD, nets.likelihood().logLikelihood(sd, decodedParams, x, null));
        install(TrainingSchedule.single(new UpdateStep(UpdateStep.TRAIN, objective,
                ModelWeights.of(sd).keySet().stream().toList(), context.updater())));
    }

    /** {@code [n, w]} stacked K times, {@code [K n, w]}: row {@code k n + i} is row i. */
    private SDVariable repeat(SDVariable v, int k) {
        return k == 1 ? v : sd.tile(v, k, 1);
    }

    @Override
    public Map<String, INDArray> feed(Batch batch, Rng rng, boolean training) {
        return Map.of(X, batch.y(), EPS, rng.gaussian(dataType(), config().samples() * batch.size(), latentDim()));
    }

    @Override
    public int latentDim() {
        return config().latentDim();
    }

    @Override
    public INDArray[] encode(INDArray y) {
        Map<String, INDArray> out = outputs.output(Map.of(X, y), MEAN, LOG_VAR);
        return new INDArray[] {out.get(MEAN), out.get(LOG_VAR)};
    }

    @Override
    public INDArray decode(INDArray z) {
        return outputs.output(Map.of(Z, z), DECODED);
    }

    @Override
    public INDArray logLikelihood(INDArray y, INDArray z) {
        return outputs.output(Map.of(X, y, Z, z), LOG_LIKELIHOOD);
    }

    @Override
    public int decoderRowsPerCall() {
        return decoderRowsPerCall;
    }
}
