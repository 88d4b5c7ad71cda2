package org.cgm4j.models.gsnn;

import java.util.ArrayList;
import java.util.List;
import org.cgm4j.api.model.LossWeightSpec;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.ModelFactory;
import org.cgm4j.models.cvae.CvaeConfig;
import org.cgm4j.models.cvae.CvaeFactory;

/** Builds {@link HybridModel}s: {@code model.type: hybrid}. */
public final class HybridFactory implements ModelFactory<CvaeConfig> {
    /** The type name. */
    public static final String TYPE = "hybrid";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<CvaeConfig> configType() {
        return CvaeConfig.class;
    }

    @Override
    public String description() {
        return "hybrid objective alpha * CVAE + (1 - alpha) * GSNN with shared prior and generation networks"
                + " (Sohn, Lee and Yan 2015)";
    }

    @Override
    public List<LossWeightSpec> lossWeights() {
        List<LossWeightSpec> specs = new ArrayList<>();
        specs.add(new LossWeightSpec(HybridModel.ALPHA, 0.5, 0, 1,
                "share of the CVAE objective; 1 - alpha goes to the GSNN objective"));
        specs.addAll(CvaeFactory.cvaeWeights());
        specs.addAll(GsnnFactory.gsnnWeights());
        return List.copyOf(specs);
    }

    @Override
    public String defaultsResource() {
        return "org/cgm4j/models/gsnn/hybrid-defaults.yaml";
    }

    @Override
    public HybridModel create(CvaeConfig config, ModelContext context) {
        return new HybridModel(config, context);
    }
}
