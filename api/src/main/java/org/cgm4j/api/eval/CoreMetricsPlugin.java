package org.cgm4j.api.eval;

import org.cgm4j.api.plugin.ModelPlugin;

/**
 * Registers the metrics that ship with the API: the VAE-family diagnostics of {@link
 * LatentVariableMetrics}, the Bernoulli likelihood's floor on grey-valued data ({@link
 * BernoulliFloor}) and the conditional log-likelihood of {@link ConditionalLogLikelihood}.
 */
public final class CoreMetricsPlugin extends ModelPlugin {
    @Override
    protected void register() {
        registerMetric(LatentVariableMetrics.Elbo.TYPE, LatentVariableMetrics.Elbo.class);
        registerMetric(LatentVariableMetrics.ImportanceWeighted.TYPE, LatentVariableMetrics.ImportanceWeighted.class);
        registerMetric(LatentVariableMetrics.ActiveUnits.TYPE, LatentVariableMetrics.ActiveUnits.class);
        registerMetric(BernoulliFloor.TYPE, BernoulliFloor.class);
        registerMetric(ConditionalLogLikelihood.TYPE, ConditionalLogLikelihood.class);
    }
}
