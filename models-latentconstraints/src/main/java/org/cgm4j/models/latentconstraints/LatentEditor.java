package org.cgm4j.models.latentconstraints;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.cgm4j.api.train.CompiledOutputs;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The latent editing of a {@link LatentConstraintsModel}, apart from its training: the pairs'
 * probe outputs (actor transforms z' = G(z, y), critic logits D(z, y) and their input gradients,
 * read from the model's graph with the placeholders {@link LatentConstraintsModel#PROBE_Z}
 * {@code [n, d]} and {@link LatentConstraintsModel#PROBE_LABELS} {@code [n, K]}) and the latent
 * optimisation without an actor.
 */
final class LatentEditor {
    private final CompiledOutputs outputs;
    private final Map<String, ActorCriticPair> pairs;
    private final LabelVectors labelVectors;
    private final int latentDim;
    private final DataType type;
    /** sigma_bar_z as the distance penalty uses it, {@code [d]}, ones when none were computed. */
    private final Supplier<double[]> sigmaBar;
    private final DistanceScale scale;

    LatentEditor(CompiledOutputs outputs, Map<String, ActorCriticPair> pairs, LabelVectors labelVectors,
            int latentDim, DataType type, Supplier<double[]> sigmaBar, DistanceScale scale) {
        this.outputs = outputs;
        this.pairs = pairs;
        this.labelVectors = labelVectors;
        this.latentDim = latentDim;
        this.type = type;
        this.sigmaBar = sigmaBar;
        this.scale = scale;
    }

    boolean classConditional(String name) {
        ActorCriticPair p = pairs.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no pair '" + name + "'; this model has " + pairs.keySet());
        }
        return p.conditional() && labelVectors.oneHot();
    }

    /** z' = G(z, y) of pair {@code pair} for label vectors {@code [n, K]}, {@code [n, d]}. */
    INDArray transformVectors(String pair, INDArray z, INDArray labels) {
        return probe(pair, z, labels, LatentConstraintsModel.TRANSFORMED).get(LatentConstraintsModel.probeOutput(pair, LatentConstraintsModel.TRANSFORMED));
    }

    /** z' = G(z, y) of pair {@code pair}, {@code [n, d]}; {@code labels} are ignored by the unconditional pair. */
    INDArray transform(String pair, INDArray z, int[] labels) {
        return probe(pair, z, labels, LatentConstraintsModel.TRANSFORMED).get(LatentConstraintsModel.probeOutput(pair, LatentConstraintsModel.TRANSFORMED));
    }

    /** The critic logits D(z, y) of pair {@code pair}, {@code [n]}. */
    INDArray criticLogit(String pair, INDArray z, int[] labels) {
        return probe(pair, z, labels, LatentConstraintsModel.LOGIT).get(LatentConstraintsModel.probeOutput(pair, LatentConstraintsModel.LOGIT)).reshape(z.size(0));
    }

    private Map<String, INDArray> probe(String pair, INDArray z, int[] labels, String... what) {
        ActorCriticPair p = pairs.get(pair);
        if (p == null) {
            throw new IllegalArgumentException("no pair '" + pair + "'; this model has " + pairs.keySet());
        }
        INDArray rows = null;
        if (p.conditional()) {
            if (labels == null || labels.length != z.size(0)) {
                throw new IllegalArgumentException("pair '" + pair + "' needs one label per row of z");
            }
            double[][] v = new double[labels.length][];
            for (int i = 0; i < labels.length; i++) {
                v[i] = labelVectors.ofClass(labels[i]);
            }
            rows = labelVectors.rows(v, type);
        }
        return probe(pair, z, rows, what);
    }

    /** The probe outputs {@code what} of {@code pair} at codes {@code z} and label vectors {@code labels} {@code [n, K]}. */
    private Map<String, INDArray> probe(String pair, INDArray z, INDArray labels, String... what) {
        ActorCriticPair p = pairs.get(pair);
        if (p == null) {
            throw new IllegalArgumentException("no pair '" + pair + "'; this model has " + pairs.keySet());
        }
        Map<String, INDArray> ph = new LinkedHashMap<>();
        ph.put(LatentConstraintsModel.PROBE_Z, z.castTo(type));
        if (p.conditional()) {
            if (labels == null || labels.rank() != 2 || labels.size(0) != z.size(0)
                    || labels.size(1) != labelVectors.width()) {
                throw new IllegalArgumentException("pair '" + pair + "' needs a label vector of width "
                        + labelVectors.width() + " per row of z");
            }
            ph.put(LatentConstraintsModel.PROBE_LABELS, labels.castTo(type));
        }
        String[] outs = new String[what.length];
        for (int i = 0; i < what.length; i++) {
            outs[i] = LatentConstraintsModel.probeOutput(pair, what[i]);
        }
        return outputs.output(ph, outs);
    }

    /**
     * Latent optimisation without an actor (Engel et al., Section 3): moves each row of {@code z0}
     * towards what the critic of {@code pair} accepts for its label while staying close, by
     * {@code steps} Adam steps (learning rate {@code learningRate}, moments 0.9 and 0.999) on
     *
     * <pre>  L(z') = -log D(z', y) + distanceWeight * mean_j log(1 + (z'_j - z0_j)^2) / sigma_bar_j^2</pre>
     *
     * (or the model's other {@link DistanceScale})
     *
     * from z' = z0. Rows are independent. The gradient is exact: dD/dz' from the critic's
     * input-gradient output and the penalty's in closed form. sigma_bar comes from the encoder
     * statistics (ones when none were computed). Deterministic.
     *
     * @param z0 the codes to edit, {@code [n, d]}
     * @param labels the target label of each row (ignored by the realism pair)
     * @return the edited codes, {@code [n, d]}
     */
    INDArray optimiseLatent(String pair, INDArray z0, int[] labels, int steps, double learningRate,
            double distanceWeight) {
        INDArray rows = null;
        if (classConditional(pair)) {
            if (labels == null || labels.length != z0.size(0)) {
                throw new IllegalArgumentException("pair '" + pair + "' needs one label per row of z");
            }
            double[][] v = new double[labels.length][];
            for (int i = 0; i < labels.length; i++) {
                v[i] = labelVectors.ofClass(labels[i]);
            }
            rows = labelVectors.rows(v, type);
        }
        return optimiseLatent(pair, z0, rows, steps, learningRate, distanceWeight);
    }

    /** {@link #optimiseLatent(String, INDArray, int[], int, double, double)} towards label vectors {@code [n, K]}. */
    INDArray optimiseLatent(String pair, INDArray z0, INDArray labels, int steps, double learningRate,
            double distanceWeight) {
        if (steps < 0 || !(learningRate > 0) || !(distanceWeight >= 0)) {
            throw new IllegalArgumentException("need steps >= 0, learningRate > 0, distanceWeight >= 0; got " + steps
                    + ", " + learningRate + ", " + distanceWeight);
        }
        double[][] start = z0.castTo(DataType.DOUBLE).toDoubleMatrix();
        int n = start.length;
        int d = latentDim;
        double[] sigma = sigmaBar.get();
        double[][] z = new double[n][];
        double[][] m = new double[n][d];
        double[][] v = new double[n][d];
        for (int i = 0; i < n; i++) {
            z[i] = start[i].clone();
        }
        double b1 = 0.9;
        double b2 = 0.999;
        for (int s = 1; s <= steps; s++) {
            INDArray zArr = Nd4j.create(z).castTo(type);
            Map<String, INDArray> out = probe(pair, zArr, labels, LatentConstraintsModel.LOGIT, LatentConstraintsModel.INPUT_GRADIENT);
            double[] logit = out.get(LatentConstraintsModel.probeOutput(pair, LatentConstraintsModel.LOGIT)).castTo(DataType.DOUBLE).reshape(n).toDoubleVector();
            double[][] grad = out.get(LatentConstraintsModel.probeOutput(pair, LatentConstraintsModel.INPUT_GRADIENT)).castTo(DataType.DOUBLE).toDoubleMatrix();
            for (int i = 0; i < n; i++) {
                // d softplus(-l) / dl = -sigmoid(-l)
                double dl = -1.0 / (1.0 + Math.exp(logit[i]));
                for (int j = 0; j < d; j++) {
                    double delta = z[i][j] - start[i][j];
                    // the reference's form keeps its own order of operations (its figures stay bit for bit)
                    double g = dl * grad[i][j] + (scale == DistanceScale.STANDARDISED
                            ? distanceWeight / d * scale.derivative(delta, sigma[j])
                            : distanceWeight / d * 2 * delta / ((1 + delta * delta) * sigma[j] * sigma[j]));
                    m[i][j] = b1 * m[i][j] + (1 - b1) * g;
                    v[i][j] = b2 * v[i][j] + (1 - b2) * g * g;
                    double mHat = m[i][j] / (1 - Math.pow(b1, s));
                    double vHat = v[i][j] / (1 - Math.pow(b2, s));
                    z[i][j] -= learningRate * mHat / (Math.sqrt(vHat) + 1e-8);
                }
            }
        }
        return Nd4j.create(z).castTo(type);
    }
}
