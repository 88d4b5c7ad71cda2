package org.cgm4j.api.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.nn.Bernoulli;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The least -log p(y) in nats that any model with a Bernoulli likelihood can reach on the split's
 * data, when y is grey-valued rather than binary: for a target y_i in [0, 1] and any probability
 * p, {@code -[y_i log p + (1 - y_i) log(1 - p)] >= H_b(y_i) = -y_i log y_i - (1 - y_i) log(1 -
 * y_i)}, with equality at p = y_i (Gibbs' inequality). So every per-example -log p(y | z), and
 * with it -log p(y), the negative ELBO and the importance-weighted bound, is at least {@code sum_i
 * H_b(y_i)}: this metric is that sum over y's columns, averaged over the split's examples
 * ({@code bernoulliFloor}, with its standard error). It depends on the data alone, not on the
 * model. The part of a model's -log p(y) above it is the part a better model could remove: two
 * models' figures are compared on that gap, not on the raw values, most of which can be the
 * grey levels' own entropy. For binary y it is 0.
 */
public record BernoulliFloor() implements SelfMetric {
    /** The metric's type name. */
    public static final String TYPE = "bernoulliFloor";

    @Override
    public String name() {
        return TYPE;
    }

    /** H_b(y) in nats, 0 at y = 0 and y = 1. */
    static double binaryEntropy(double y) {
        double h = 0;
        if (y > 0) {
            h -= y * Math.log(y);
        }
        if (y < 1) {
            h -= (1 - y) * Math.log1p(-y);
        }
        return h;
    }

    @Override
    public Map<String, Double> compute(EvalContext ctx) {
        DataType type = ctx.model().dataType();
        RunningMean floor = new RunningMean();
        for (int[] idx : ctx.data().sequentialBatches(ctx.split(), ctx.batchSize())) {
            Batch b = ctx.data().batch(ctx.split(), idx, type);
            // the targets exactly as the model is scored against them, then in double
            double[][] y = b.y().castTo(DataType.DOUBLE).toDoubleMatrix();
            for (double[] row : y) {
                double sum = 0;
                for (double v : row) {
                    if (!(v >= 0 && v <= 1)) {
                        throw new IllegalArgumentException("metric '" + TYPE + "' needs targets in [0, 1], the values a "
                                + Bernoulli.NAME + " likelihood scores; got " + v + " (use it with likelihood: "
                                + Bernoulli.NAME + " on image data)");
                    }
                    sum += binaryEntropy(v);
                }
                floor.add(sum);
            }
            b.release();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(TYPE, floor.mean());
        out.put(TYPE + "_se", floor.standardError());
        return out;
    }
}
