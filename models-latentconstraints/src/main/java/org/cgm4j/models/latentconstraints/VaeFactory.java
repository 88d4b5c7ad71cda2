package org.cgm4j.models.latentconstraints;

import java.util.List;
import org.cgm4j.api.model.LossWeightSpec;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.ModelFactory;

/** Builds {@link VaeModel}s: {@code model.type: vae}. */
public final class VaeFactory implements ModelFactory<VaeConfig> {
    /** The type name. */
    public static final String TYPE = "vae";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<VaeConfig> configType() {
        return VaeConfig.class;
    }

    @Override
    public String description() {
        return "VAE / beta-VAE with an MLP encoder and decoder, prior N(0, I) (Kingma and Welling 2014;"
                + " Higgins et al. 2017)";
    }

    @Override
    public List<LossWeightSpec> lossWeights() {
        return List.of(
                LossWeightSpec.nonNegative(VaeModel.RECONSTRUCTION, 1.0, "weight of -log p(x|z)"),
                LossWeightSpec.nonNegative(VaeModel.KL, 1.0, "beta: weight of KL(q(z|x) || N(0, I)); 1 is the VAE"));
    }

    @Override
    public String defaultsResource() {
        return "org/cgm4j/models/latentconstraints/vae-defaults.yaml";
    }

    @Override
    public VaeModel create(VaeConfig config, ModelContext context) {
        return new VaeModel(config, context);
    }
}
