package org.cgm4j.models.iwae;

import java.util.List;
import org.cgm4j.api.model.LossWeightSpec;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.ModelFactory;

/** Builds {@link IwaeModel}s: {@code model.type: iwae}. */
public final class IwaeFactory implements ModelFactory<IwaeConfig> {
    /** The type name. */
    public static final String TYPE = "iwae";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<IwaeConfig> configType() {
        return IwaeConfig.class;
    }

    @Override
    public String description() {
        return "importance-weighted autoencoder: the VAE trained on the K-sample bound (Burda et al. 2016)";
    }

    @Override
    public List<LossWeightSpec> lossWeights() {
        return List.of(LossWeightSpec.nonNegative(IwaeModel.BOUND, 1.0, "weight of -L_K, the negative K-sample bound"));
    }

    @Override
    public String defaultsResource() {
        return "org/cgm4j/models/iwae/iwae-defaults.yaml";
    }

    @Override
    public IwaeModel create(IwaeConfig config, ModelContext context) {
        return new IwaeModel(config, context);
    }
}
