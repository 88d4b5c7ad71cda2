package org.cgm4j.models.latentconstraints;

import org.cgm4j.api.plugin.ModelPlugin;

/**
 * Registers the models of this module, the VAE / beta-VAE ({@code vae}), the latent constraints
 * ({@code latentConstraints}) and the evaluation classifier ({@code classifier}), and the latent
 * constraints' metrics (with {@link AttributeEdits} for attribute vectors), and the class accuracy of a class-conditional model's samples ({@link
 * ClassSampleAccuracy}), scored by the same evaluation classifier.
 */
public final class LatentConstraintsPlugin extends ModelPlugin {
    @Override
    protected void register() {
        registerModel(new VaeFactory());
        registerModel(new LatentConstraintsFactory());
        registerModel(new ClassifierFactory());
        registerMetric(
                LatentConstraintsMetrics.AttributeAccuracy.TYPE, LatentConstraintsMetrics.AttributeAccuracy.class);
        registerMetric(
                LatentConstraintsMetrics.ClassifierAccuracy.TYPE, LatentConstraintsMetrics.ClassifierAccuracy.class);
        registerMetric(LatentConstraintsMetrics.RealismScore.TYPE, LatentConstraintsMetrics.RealismScore.class);
        registerMetric(LatentConstraintsMetrics.LatentMove.TYPE, LatentConstraintsMetrics.LatentMove.class);
        registerMetric(LatentConstraintsMetrics.IdentityEdits.TYPE, LatentConstraintsMetrics.IdentityEdits.class);
        registerMetric(AttributeEdits.TYPE, AttributeEdits.class);
        registerMetric(ClassSampleAccuracy.TYPE, ClassSampleAccuracy.class);
    }
}
