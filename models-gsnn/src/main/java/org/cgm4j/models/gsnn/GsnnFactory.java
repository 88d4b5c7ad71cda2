package org.cgm4j.models.gsnn;

import java.util.List;
import org.cgm4j.api.model.LossWeightSpec;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.models.cvae.CvaeConfig;
import org.cgm4j.models.cvae.CvaeFamilyFactory;

/** Builds {@link GsnnModel}s: {@code model.type: gsnn}. */
public final class GsnnFactory extends CvaeFamilyFactory<GsnnModel> {
    /** The type name. */
    public static final String TYPE = "gsnn";

    /** The factory of {@value #TYPE}. */
    public GsnnFactory() {
        super(TYPE, "Gaussian stochastic neural network: the CVAE's prior and generation networks trained on"
                + " log p(y|x,z) with z from the prior, no recognition network (Sohn, Lee and Yan 2015)",
                "org/cgm4j/models/gsnn/gsnn-defaults.yaml", gsnnWeights());
    }

    /** The GSNN's loss weights (the hybrid accepts them too). */
    static List<LossWeightSpec> gsnnWeights() {
        return List.of(
                LossWeightSpec.nonNegative(GsnnModel.GSNN, 1.0, "weight of -log p(y|x,z), z ~ p(z|x)"),
                LossWeightSpec.nonNegative(GsnnModel.GSNN_2X, 0.0,
                        "weight of the gsnn term on 2x average-pooled images (multi-scale)"),
                LossWeightSpec.nonNegative(GsnnModel.GSNN_4X, 0.0,
                        "weight of the gsnn term on 4x average-pooled images (multi-scale)"));
    }

    @Override
    public GsnnModel create(CvaeConfig config, ModelContext context) {
        return new GsnnModel(config, context);
    }
}
