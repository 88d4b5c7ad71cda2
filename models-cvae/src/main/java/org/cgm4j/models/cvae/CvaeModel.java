package org.cgm4j.models.cvae;

import org.cgm4j.api.model.LossWeights;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.PaperReference;
import org.cgm4j.api.objective.Objective;

/**
 * The conditional VAE of Sohn, Lee and Yan (2015): recognition q(z | x, y), conditional prior
 * p(z | x) and generation p(y | x, z) networks ({@link CvaeGraph}), trained on the negative of
 *
 * <pre>  L_CVAE(x, y) = -KL(q(z|x,y) || p(z|x)) + (1/L) sum_l log p(y | x, z_l),   z_l = mu_q + sigma_q eps_l</pre>
 *
 * (the paper's Eq. 4), as the loss terms {@value #RECONSTRUCTION} (batch mean of {@code -(1/L)
 * sum_l log p(y|x,z_l)} over the hidden pixels) and {@value #KL} (batch mean of the closed-form KL),
 * weighted by {@code loss.reconstruction} and {@code loss.kl} (the paper's 1 + beta), plus the
 * multi-scale terms {@value #RECONSTRUCTION_2X} and {@value #RECONSTRUCTION_4X} on 2x and 4x
 * average-pooled images (Section 4.2; weights default to 0, the terms are still logged). The
 * baseline network and input omission noise are settings of {@link CvaeConfig}; see {@link
 * AbstractCvaeModel} for the staged schedule with a baseline.
 */
@PaperReference(
        value = "Sohn, Lee and Yan 2015, Learning Structured Output Representation using Deep Conditional"
                + " Generative Models",
        where = "Eq. 4 (CVAE objective); Section 4.2 and Fig. 1d (baseline, input noise, multi-scale)")
public final class CvaeModel extends AbstractCvaeModel {
    /** Loss term: batch mean of -(1/L) sum_l log p(y | x, z_l), z_l ~ q(z | x, y). */
    public static final String RECONSTRUCTION = "reconstruction";
    /** Loss term: batch mean of KL(q(z | x, y) || p(z | x)). */
    public static final String KL = "kl";
    /** Loss term: {@link #RECONSTRUCTION} on 2x average-pooled images. */
    public static final String RECONSTRUCTION_2X = "reconstruction2x";
    /** Loss term: {@link #RECONSTRUCTION} on 4x average-pooled images. */
    public static final String RECONSTRUCTION_4X = "reconstruction4x";

    /** Builds the graph with weights drawn from {@code Rng.derive(context.seed(), "init")}. */
    public CvaeModel(CvaeConfig config, ModelContext context) {
        super(CvaeFactory.TYPE, config, context, true, CvaeModel::objective);
    }

    /**
     * Adds the CVAE's terms, each weight times {@code scale}: {@value #RECONSTRUCTION}, {@value #KL},
     * {@value #RECONSTRUCTION_2X}, {@value #RECONSTRUCTION_4X} (the hybrid adds them with scale alpha).
     */
    public static void addTerms(Objective.Builder b, CvaeGraph g, LossWeights w, double scale) {
        addLikelihoodTerms(b, g, CvaeGraph.Sampler.RECOGNITION, w, scale, RECONSTRUCTION, RECONSTRUCTION_2X,
                RECONSTRUCTION_4X);
        b.add(g.sd(), KL, g.kl(), scale * w.get(KL));
    }

    private static Objective objective(CvaeGraph g, LossWeights w) {
        Objective.Builder b = Objective.builder();
        addTerms(b, g, w, 1.0);
        return b.build();
    }
}
