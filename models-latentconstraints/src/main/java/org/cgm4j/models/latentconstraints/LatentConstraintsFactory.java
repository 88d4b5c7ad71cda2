package org.cgm4j.models.latentconstraints;

import java.util.List;
import org.cgm4j.api.model.LossWeightSpec;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.ModelFactory;

/** Builds {@link LatentConstraintsModel}s: {@code model.type: latentConstraints}. */
public final class LatentConstraintsFactory implements ModelFactory<LatentConstraintsConfig> {
    /** The type name. */
    public static final String TYPE = "latentConstraints";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<LatentConstraintsConfig> configType() {
        return LatentConstraintsConfig.class;
    }

    @Override
    public String description() {
        return "latent constraints: a VAE, then actor-critic pairs in its frozen latent space for realistic and"
                + " class-conditional samples (Engel, Hoffman and Roberts 2018)";
    }

    @Override
    public List<LossWeightSpec> lossWeights() {
        return List.of(
                LossWeightSpec.nonNegative(VaeGraph.RECONSTRUCTION, 1.0, "stage 0: weight of -log p(x|z)"),
                LossWeightSpec.nonNegative(VaeGraph.KL, 1.0, "stage 0: beta, weight of KL(q(z|x) || N(0, I))"),
                LossWeightSpec.nonNegative(LatentConstraintsModel.REALISM, 1.0,
                        "realism pair: weight of its critic's cross-entropy (term realismCritic) and of its"
                                + " actor's -log D(G(z)) (term realism)"),
                LossWeightSpec.nonNegative(LatentConstraintsModel.ATTRIBUTE, 1.0,
                        "attribute pair: weight of its critic's cross-entropy (term attributeCritic) and of its"
                                + " actor's -log D(G(z, y), y) (term attribute)"),
                LossWeightSpec.nonNegative(LatentConstraintsModel.DISTANCE, 0.1,
                        "lambda_dist: weight of the actors' penalty mean_j log(1 + (z'_j - z_j)^2) / sigma_bar_j^2;"
                                + " > 0 also trains the actors on real codes"),
                LossWeightSpec.nonNegative(LatentConstraintsModel.GRADIENT_PENALTY, 10.0,
                        "lambda_gp: weight of the critics' penalty (||dD/dz|| - 1)^2 on interpolates"));
    }

    @Override
    public String defaultsResource() {
        return "org/cgm4j/models/latentconstraints/latent-constraints-defaults.yaml";
    }

    @Override
    public LatentConstraintsModel create(LatentConstraintsConfig config, ModelContext context) {
        return new LatentConstraintsModel(config, context);
    }
}
