package org.cgm4j.models.cvae;

import java.util.List;
import org.cgm4j.api.model.LossWeightSpec;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.ModelFactory;

/** Builds {@link BaselineModel}s: {@code model.type: baseline}. */
public final class BaselineFactory implements ModelFactory<BaselineConfig> {
    /** The type name. */
    public static final String TYPE = "baseline";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<BaselineConfig> configType() {
        return BaselineConfig.class;
    }

    @Override
    public String description() {
        return "deterministic baseline network y_hat = f(x) trained with the likelihood p(y|x), the 'NN' of"
                + " Sohn, Lee and Yan 2015";
    }

    @Override
    public List<LossWeightSpec> lossWeights() {
        return List.of(
                LossWeightSpec.nonNegative(CvaeModel.RECONSTRUCTION, 1.0, "weight of -log p(y|x)"),
                LossWeightSpec.nonNegative(CvaeModel.RECONSTRUCTION_2X, 0.0,
                        "weight of -log p(y|x) on 2x average-pooled images (multi-scale)"),
                LossWeightSpec.nonNegative(CvaeModel.RECONSTRUCTION_4X, 0.0,
                        "weight of -log p(y|x) on 4x average-pooled images (multi-scale)"));
    }

    @Override
    public String defaultsResource() {
        return "org/cgm4j/models/cvae/baseline-defaults.yaml";
    }

    @Override
    public BaselineModel create(BaselineConfig config, ModelContext context) {
        return new BaselineModel(config, context);
    }
}
