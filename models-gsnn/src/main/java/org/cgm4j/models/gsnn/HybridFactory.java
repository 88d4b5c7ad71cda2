package org.cgm4j.models.gsnn;

import java.util.ArrayList;
import java.util.List;
import org.cgm4j.api.model.LossWeightSpec;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.models.cvae.CvaeConfig;
import org.cgm4j.models.cvae.CvaeFactory;
import org.cgm4j.models.cvae.CvaeFamilyFactory;

/** Builds {@link HybridModel}s: {@code model.type: hybrid}. */
public final class HybridFactory extends CvaeFamilyFactory<HybridModel> {
    /** The type name. */
    public static final String TYPE = "hybrid";

    /** The factory of {@value #TYPE}. */
    public HybridFactory() {
        super(TYPE, "hybrid objective alpha * CVAE + (1 - alpha) * GSNN with shared prior and generation networks"
                + " (Sohn, Lee and Yan 2015)", "org/cgm4j/models/gsnn/hybrid-defaults.yaml", hybridWeights());
    }

    /** alpha, then the CVAE's and the GSNN's weights. */
    private static List<LossWeightSpec> hybridWeights() {
        List<LossWeightSpec> specs = new ArrayList<>();
        specs.add(new LossWeightSpec(HybridModel.ALPHA, 0.5, 0, 1,
                "share of the CVAE objective; 1 - alpha goes to the GSNN objective"));
        specs.addAll(CvaeFactory.cvaeWeights());
        specs.addAll(GsnnFactory.gsnnWeights());
        return specs;
    }

    @Override
    public HybridModel create(CvaeConfig config, ModelContext context) {
        return new HybridModel(config, context);
    }
}
