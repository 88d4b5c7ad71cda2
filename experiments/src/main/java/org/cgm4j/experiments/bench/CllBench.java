package org.cgm4j.experiments.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.Split;
import org.cgm4j.api.eval.ConditionalLogLikelihood;
import org.cgm4j.api.eval.EvalContext;

/**
 * The importance-sampled conditional log-likelihood ({@code conditionalLogLikelihood}, estimator
 * importance) of the bench CVAE over the first test pairs, timed once as a run's evaluation
 * would run it (batch 250, as the experiment runner evaluates). The model is freshly initialised:
 * the cost does not depend on the weights.
 */
public final class CllBench {
    /** The batch size the experiment runner evaluates with. */
    static final int EVAL_BATCH = 250;

    private CllBench() {}

    /** Measures; the values go into the case's JSON. */
    public static Map<String, Object> run(BenchSettings settings) {
        long t0 = System.nanoTime();
        BenchModel bm = BenchModel.build(Workload.CLL, settings, List.of("data.testLimit=" + settings.cllPairs()));
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        int pairs = bm.data().size(Split.TEST);
        ConditionalLogLikelihood metric = new ConditionalLogLikelihood(ConditionalLogLikelihood.IMPORTANCE,
                settings.cllSamples());
        long s = System.nanoTime();
        Map<String, Double> values = metric.compute(new EvalContext(bm.model(), bm.data(), Split.TEST, EVAL_BATCH,
                settings.seed()));
        double seconds = (System.nanoTime() - s) / 1e9;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", bm.model().type());
        out.put("data", bm.data().splits().name() + " (" + bm.dataOrigin() + ")");
        out.put("pairs", pairs);
        out.put("samples", settings.cllSamples());
        out.put("seconds", seconds);
        out.put("pairSamplesPerSecond", (double) pairs * settings.cllSamples() / seconds);
        out.put("secondsPer2000Pairs", seconds * 2000.0 / pairs);
        out.put("negativeCll", values.get(metric.key()));
        out.put("buildSeconds", buildSeconds);
        // Every scored sample runs the generation network forward (the recognition and prior networks run once per pair).
        List<LayerShapes.Layer> generation = bm.layers().stream().filter(l -> l.network().equals("generation")).toList();
        double flopsPerSample = LayerShapes.forwardFlopsPerExample(generation);
        out.put("forwardFlopsPerSample", flopsPerSample);
        out.put("achievedGflops", pairs * (double) settings.cllSamples() * flopsPerSample / seconds / 1e9);
        out.put("weights", "untrained (the cost does not depend on them)");
        return out;
    }
}
