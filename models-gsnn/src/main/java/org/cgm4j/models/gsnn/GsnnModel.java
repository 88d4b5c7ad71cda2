package org.cgm4j.models.gsnn;

import org.cgm4j.api.model.LossWeights;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.PaperReference;
import org.cgm4j.api.objective.Objective;
import org.cgm4j.models.cvae.AbstractCvaeModel;
import org.cgm4j.models.cvae.CvaeConfig;
import org.cgm4j.models.cvae.CvaeGraph;

/**
 * The Gaussian stochastic neural network (GSNN) of Sohn, Lee and Yan (2015): the CVAE with q(z |
 * x, y) set to p(z | x), so there is no recognition network and no KL. Prior and generation
 * networks as in the CVAE ({@link CvaeGraph}); the loss is the negative of
 *
 * <pre>  L_GSNN(x, y) = (1/L) sum_l log p(y | x, z_l),   z_l = mu_p(x) + sigma_p(x) eps_l</pre>
 *
 * (the paper's Eq. 5): loss term {@value #GSNN} (batch mean of {@code -(1/L) sum_l log p(y|x,z_l)}
 * over the hidden pixels) plus the multi-scale terms {@value #GSNN_2X} and {@value #GSNN_4X}, each
 * weighted by the loss weight of its name. {@link #hasRecognition()} is false; the importance
 * sampled CLL of a GSNN therefore uses the prior as proposal (the Monte Carlo estimate).
 */
@PaperReference(
        value = "Sohn, Lee and Yan 2015, Learning Structured Output Representation using Deep Conditional"
                + " Generative Models",
        where = "Eq. 5 (GSNN)")
public final class GsnnModel extends AbstractCvaeModel {
    /** Loss term: batch mean of -(1/L) sum_l log p(y | x, z_l), z_l ~ p(z | x). */
    public static final String GSNN = "gsnn";
    /** Loss term: {@link #GSNN} on 2x average-pooled images. */
    public static final String GSNN_2X = "gsnn2x";
    /** Loss term: {@link #GSNN} on 4x average-pooled images. */
    public static final String GSNN_4X = "gsnn4x";

    /** Builds the graph with weights drawn from {@code Rng.derive(context.seed(), "init")}. */
    public GsnnModel(CvaeConfig config, ModelContext context) {
        super(GsnnFactory.TYPE, config, context, false, GsnnModel::objective);
    }

    /** Adds the GSNN's terms {@value #GSNN}, {@value #GSNN_2X}, {@value #GSNN_4X}, each weight times {@code scale}. */
    public static void addTerms(Objective.Builder b, CvaeGraph g, LossWeights w, double scale) {
        addLikelihoodTerms(b, g, CvaeGraph.Sampler.PRIOR, w, scale, GSNN, GSNN_2X, GSNN_4X);
    }

    private static Objective objective(CvaeGraph g, LossWeights w) {
        Objective.Builder b = Objective.builder();
        addTerms(b, g, w, 1.0);
        return b.build();
    }
}
