package org.cgm4j.models.gsnn;

import org.cgm4j.api.model.LossWeights;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.PaperReference;
import org.cgm4j.api.objective.Objective;
import org.cgm4j.models.cvae.AbstractCvaeModel;
import org.cgm4j.models.cvae.CvaeConfig;
import org.cgm4j.models.cvae.CvaeGraph;
import org.cgm4j.models.cvae.CvaeModel;

/**
 * The hybrid objective of Sohn, Lee and Yan (2015): one set of recognition, prior and generation
 * networks, the prior and generation networks shared by both parts, trained on the negative of
 *
 * <pre>  L_hybrid = alpha * L_CVAE + (1 - alpha) * L_GSNN</pre>
 *
 * (the paper's Eq. 6). The terms of both parts are logged unweighted: {@value
 * CvaeModel#RECONSTRUCTION}, {@value CvaeModel#KL}, {@value CvaeModel#RECONSTRUCTION_2X}, {@value
 * CvaeModel#RECONSTRUCTION_4X} with weight {@code alpha} times their loss weight, and {@value
 * GsnnModel#GSNN}, {@value GsnnModel#GSNN_2X}, {@value GsnnModel#GSNN_4X} with {@code 1 - alpha}
 * times theirs. z of the CVAE part comes from q, of the GSNN part from p(z | x), with independent
 * noise. {@code alpha = 1} is the CVAE's loss, {@code alpha = 0} the GSNN's.
 */
@PaperReference(
        value = "Sohn, Lee and Yan 2015, Learning Structured Output Representation using Deep Conditional"
                + " Generative Models",
        where = "Eq. 6 (hybrid objective)")
public final class HybridModel extends AbstractCvaeModel {
    /** Loss weight: the share alpha of the CVAE's objective, in [0, 1]. */
    public static final String ALPHA = "alpha";

    /** Builds the graph with weights drawn from {@code Rng.derive(context.seed(), "init")}. */
    public HybridModel(CvaeConfig config, ModelContext context) {
        super(HybridFactory.TYPE, config, context, true, HybridModel::objective);
    }

    private static Objective objective(CvaeGraph g, LossWeights w) {
        double alpha = w.get(ALPHA);
        Objective.Builder b = Objective.builder();
        CvaeModel.addTerms(b, g, w, alpha);
        GsnnModel.addTerms(b, g, w, 1 - alpha);
        return b.build();
    }
}
