package org.cgm4j.models.latentconstraints;

import java.util.Map;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.model.GraphModel;
import org.cgm4j.api.model.LatentVariableModel;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.PaperReference;
import org.cgm4j.api.nn.EncoderDecoder;
import org.cgm4j.api.nn.Graphs;
import org.cgm4j.api.objective.Objective;
import org.cgm4j.api.objective.TrainingSchedule;
import org.cgm4j.api.objective.UpdateStep;
import org.cgm4j.api.rng.Rng;
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
 * {@code logLikelihood} {@code [batch]} (of {@code y} given {@code z}); built by {@link VaeGraph},
 * which other models reuse to hold a VAE inside a larger graph.
 */
@PaperReference(
        value = "Higgins et al. 2017, beta-VAE: Learning Basic Visual Concepts with a Constrained Variational Framework",
        where = "Eq. 4; beta = 1 is Kingma and Welling 2014, Eq. 10")
public final class VaeModel extends GraphModel<VaeConfig> implements LatentVariableModel {
    /** Placeholder of the data. */
    public static final String Y = VaeGraph.Y;
    /** Placeholder of the reparameterisation noise. */
    public static final String EPS = VaeGraph.EPS;
    /** Placeholder of codes to decode. */
    public static final String Z = VaeGraph.Z;
    /** Output: posterior means. */
    public static final String POSTERIOR_MEAN = VaeGraph.POSTERIOR_MEAN;
    /** Output: posterior log-variances. */
    public static final String POSTERIOR_LOG_VAR = VaeGraph.POSTERIOR_LOG_VAR;
    /** Output: decoder means of {@link #Z}. */
    public static final String DECODED = VaeGraph.DECODED;
    /** Output: log p(y | z) per example. */
    public static final String LOG_LIKELIHOOD = VaeGraph.LOG_LIKELIHOOD;
    /** Loss term: batch mean of -log p(y|z). */
    public static final String RECONSTRUCTION = VaeGraph.RECONSTRUCTION;
    /** Loss term: batch mean of KL(q(z|y) || N(0, I)). */
    public static final String KL = VaeGraph.KL;

    private final VaeGraph vae;

    /** Builds the graph with weights drawn from {@code Rng.derive(context.seed(), "init")}. */
    public VaeModel(VaeConfig config, ModelContext context) {
        super(VaeFactory.TYPE, config, context);
        vae = new VaeGraph(sd, config, EncoderDecoder.imageOf(context.data()), context.dataType(), Rng.derive(context.seed(), "init"));
        Objective objective = vae.addTerms(sd, Objective.builder(), context.loss()).build();
        install(TrainingSchedule.single(new UpdateStep(UpdateStep.TRAIN, objective, vae.variables(), context.updater())));
    }

    @Override
    public Map<String, INDArray> feed(Batch batch, Rng rng, boolean training) {
        return vae.feed(batch, rng, dataType());
    }

    @Override
    public int latentDim() {
        return config().latentDim();
    }

    @Override
    public INDArray[] encode(INDArray y) {
        return VaeGraph.encode(outputs, y);
    }

    @Override
    public INDArray decode(INDArray z) {
        return VaeGraph.decode(outputs, z);
    }

    @Override
    public INDArray logLikelihood(INDArray y, INDArray z) {
        return VaeGraph.logLikelihood(outputs, y, z);
    }

    @Override
    public int decoderRowsPerCall() {
        return vae.decoderRowsPerCall();
    }
}
