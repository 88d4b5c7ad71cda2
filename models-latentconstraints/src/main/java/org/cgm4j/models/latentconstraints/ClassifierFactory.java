package org.cgm4j.models.latentconstraints;

import java.util.List;
import org.cgm4j.api.model.LossWeightSpec;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.ModelFactory;

/** Builds {@link ClassifierModel}s: {@code model.type: classifier}. */
public final class ClassifierFactory implements ModelFactory<ClassifierConfig> {
    /** The type name. */
    public static final String TYPE = "classifier";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<ClassifierConfig> configType() {
        return ClassifierConfig.class;
    }

    @Override
    public String description() {
        return "image classifier p(class | pixels), MLP or convolutional, the evaluation classifier of the latent constraints"
                + " (Engel, Hoffman and Roberts 2018)";
    }

    @Override
    public List<LossWeightSpec> lossWeights() {
        return List.of(
                LossWeightSpec.nonNegative(ClassifierModel.CLASSIFICATION, 1.0, "weight of the softmax cross-entropy"));
    }

    @Override
    public String defaultsResource() {
        return "org/cgm4j/models/latentconstraints/classifier-defaults.yaml";
    }

    @Override
    public ClassifierModel create(ClassifierConfig config, ModelContext context) {
        return new ClassifierModel(config, context);
    }
}
