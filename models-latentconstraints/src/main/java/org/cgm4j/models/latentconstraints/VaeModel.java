package org.cgm4j.models.latentconstraints;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.model.LatentVariableModel;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.ModelWeights;
import org.cgm4j.api.model.PaperReference;
import org.cgm4j.api.nn.DiagonalGaussian;
import org.cgm4j.api.nn.GaussianHead;
import org.cgm4j.api.nn.Likelihood;
import org.cgm4j.api.nn.Mlp;
import org.cgm4j.api.nn.Scopes;
import org.cgm4j.api.objective.Objective;
import org.cgm4j.api.objective.TrainingSchedule;
import org.cgm4j.api.objective.UpdateStep;
import org.cgm4j.api.rng.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The VAE (Kingma and Welling 2014) and beta-VAE (Higgins et al. 2017): an encoder q(z|y) =
 * N(mu(y), diag sigma^2(y)), a decoder p(y|z) (Bernoulli logits or a fixed-sigma Gaussian mean)
 * and the prior N(0, I). The loss is the negative of
 *
 * <pre>  L_beta(y) = E_q[log p(y|z)] - beta * KL(q(z|y) || N(0, I))</pre>
 *
 * with one reparameterised sample z = mu + sigma * eps, eps fed as a placeholder; the two terms
 * are {@code reconstruction} (batch mean of -log p(y|z)) and {@code kl} (batch mean of the
 * closed-form KL), weighted by {@code loss.reconstruction} and {@code loss.kl} = beta.
 *
 * <p>Graph: placeholders {@code y [batch, D]}, {@code eps [batch, latentDim]} for training, and
 * {@code z [batch, latentDim]} for decoding arbitrary codes; outputs {@code posterior/mean},
 * {@code posterior/logVar} {@code [batch, latentDim]}, {@code decoded} {@code [batch, D]} and
 * {@code logLikelihood} {@code [batch]} (of {@code y} given {@code z}).
 */
@PaperReference(
        value = "Higgins et al. 2017, beta-VAE: Learning Basic Visual Concepts with a Constrained Variational Framework",
        where = "Eq. 4; beta = 1 is Kingma and Welling 2014, Eq. 10")
public final class VaeModel implements LatentVariableModel {
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
    /** The one update step. */
    public static final String STEP = "train";

    private final VaeConfig config;
    private final ModelContext context;
    private final SameDiff sd;
    private final TrainingSchedule schedule;
    private final int dataDim;

    /** Builds the graph with weights drawn from {@code Rng.derive(context.seed(), "init")}. */
    public VaeModel(VaeConfig config, ModelContext context) {
        this.config = config;
        this.context = context;
        this.dataDim = context.data().yDim();
        DataType type = context.dataType();
        Rng init = Rng.derive(context.seed(), "init");
        int d = config.latentDim();
        Likelihood likelihood = config.decoderLikelihood();

        sd = SameDiff.create();
        SDVariable y = sd.placeHolder(Y, type, -1, dataDim);
        SDVariable eps = sd.placeHolder(EPS, type, -1, d);
        SDVariable zIn = sd.placeHolder(Z, type, -1, d);

        GaussianHead encoder = new GaussianHead(sd, Scopes.ENCODER, dataDim, config.hidden(), d,
                config.activation(), type, init);
        List<Integer> reversed = new ArrayList<>(config.hidden());
        Collections.reverse(reversed);
        Mlp decoder = new Mlp(sd, Scopes.DECODER, d, reversed, dataDim, config.activation(), type, init);

        DiagonalGaussian q = encoder.apply(sd, y);
        sd.identity(POSTERIOR_MEAN, q.mean());
        sd.identity(POSTERIOR_LOG_VAR, q.logVar());
        SDVariable logLik = likelihood.logLikelihood(sd, decoder.apply(sd, q.sample(sd, eps)), y, null);

        SDVariable decodedParams = decoder.apply(sd, zIn);
        sd.identity(DECODED, likelihood.mean(sd, decodedParams));
        sd.identity(LOG_LIKELIHOOD, likelihood.logLikelihood(sd, decodedParams, y, null));

        Objective objective = Objective.builder()
                .add(sd, RECONSTRUCTION, logLik.neg().mean(), context.loss().get(RECONSTRUCTION))
                .add(sd, KL, q.klToStandardNormal(sd).mean(), context.loss().get(KL))
                .build();
        List<String> trainable = new ArrayList<>(ModelWeights.of(sd).keySet());
        schedule = TrainingSchedule.single(new UpdateStep(STEP, objective, trainable, context.updater()));
        schedule.install(sd, type);
    }

    @Override
    public String type() {
        return VaeFactory.TYPE;
    }

    @Override
    public VaeConfig config() {
        return config;
    }

    @Override
    public ModelContext context() {
        return context;
    }

    @Override
    public SameDiff graph() {
        return sd;
    }

    @Override
    public TrainingSchedule schedule() {
        return schedule;
    }

    @Override
    public Map<String, INDArray> feed(Batch batch, Rng rng, boolean training) {
        Map<String, INDArray> ph = new LinkedHashMap<>();
        ph.put(Y, batch.y());
        ph.put(EPS, rng.gaussian(dataType(), batch.size(), config.latentDim()));
        return ph;
    }

    @Override
    public int latentDim() {
        return config.latentDim();
    }

    @Override
    public INDArray[] encode(INDArray y) {
        Map<String, INDArray> out = sd.output(Map.of(Y, y), POSTERIOR_MEAN, POSTERIOR_LOG_VAR);
        return new INDArray[] {out.get(POSTERIOR_MEAN), out.get(POSTERIOR_LOG_VAR)};
    }

    @Override
    public INDArray decode(INDArray z) {
        return sd.output(Map.of(Z, z), DECODED).get(DECODED);
    }

    @Override
    public INDArray logLikelihood(INDArray y, INDArray z) {
        return sd.output(Map.of(Y, y, Z, z), LOG_LIKELIHOOD).get(LOG_LIKELIHOOD);
    }
}
