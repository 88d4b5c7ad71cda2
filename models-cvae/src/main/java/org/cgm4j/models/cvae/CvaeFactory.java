package org.cgm4j.models.cvae;

import java.util.List;
import org.cgm4j.api.model.LossWeightSpec;
import org.cgm4j.api.model.ModelContext;

/** Builds {@link CvaeModel}s: {@code model.type: cvae}. */
public final class CvaeFactory extends CvaeFamilyFactory<CvaeModel> {
    /** The type name. */
    public static final String TYPE = "cvae";

    /** The factory of {@value #TYPE}. */
    public CvaeFactory() {
        super(TYPE, "conditional VAE p(y|x) with recognition, prior and generation networks (MLP or conv),"
                + " optional baseline network, input omission noise and multi-scale terms (Sohn, Lee and Yan 2015)",
                "org/cgm4j/models/cvae/cvae-defaults.yaml", cvaeWeights());
    }

    /** The CVAE's loss weights (the hybrid accepts them too). */
    public static List<LossWeightSpec> cvaeWeights() {
        return List.of(
                LossWeightSpec.nonNegative(CvaeModel.RECONSTRUCTION, 1.0, "weight of -log p(y|x,z), z ~ q(z|x,y)"),
                LossWeightSpec.nonNegative(CvaeModel.KL, 1.0,
                        "weight of KL(q(z|x,y) || p(z|x)): 1 + beta in Sohn et al.; 1 is the CVAE"),
                LossWeightSpec.nonNegative(CvaeModel.RECONSTRUCTION_2X, 0.0,
                        "weight of the reconstruction term on 2x average-pooled images (multi-scale)"),
                LossWeightSpec.nonNegative(CvaeModel.RECONSTRUCTION_4X, 0.0,
                        "weight of the reconstruction term on 4x average-pooled images (multi-scale)"));
    }

    @Override
    public CvaeModel create(CvaeConfig config, ModelContext context) {
        return new CvaeModel(config, context);
    }
}
