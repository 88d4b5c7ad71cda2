package org.cgm4j.api.testing;

import java.util.List;
import java.util.Map;
import org.cgm4j.api.rng.Rng;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A double-precision finite-difference check of SameDiff gradients: for each variable, the
 * analytic directional derivative along a random unit direction is compared with the central
 * difference {@code (L(w + h d) - L(w - h d)) / 2h}. Required for every loss term, because
 * SameDiff's built-in losses return wrong gradients silently when their output is scaled or
 * reduced (1.0.0-M2.1). The graph must be built in {@link DataType#DOUBLE}.
 */
public final class GradientCheck {
    private GradientCheck() {}

    /** The largest relative error found, and where. */
    public record Result(double worstRelativeError, String worstVariable, int checked) {}

    /**
     * Checks the gradient of the scalar {@code loss} with respect to {@code variables}.
     *
     * @param placeholders every placeholder {@code loss} needs
     */
    public static Result check(SameDiff sd, Map<String, INDArray> placeholders, String loss, List<String> variables,
            long seed) {
        sd.setLossVariables(loss);
        Map<String, INDArray> grads = sd.calculateGradients(placeholders, variables);
        Rng rng = new Rng(seed);
        double worst = 0;
        String where = "";
        int checked = 0;
        for (String v : variables) {
            INDArray g = grads.get(v);
            INDArray w = sd.getArrForVarName(v);
            if (w.dataType() != DataType.DOUBLE) {
                throw new IllegalArgumentException("gradient checks need a DOUBLE graph; " + v + " is " + w.dataType());
            }
            INDArray dir = rng.gaussian(DataType.DOUBLE, 1, w.length()).reshape(w.shape());
            dir.divi(dir.norm2Number());
            double h = 1e-6;
            w.addi(dir.mul(h));
            double plus = sd.output(placeholders, loss).get(loss).getDouble(0);
            w.subi(dir.mul(2 * h));
            double minus = sd.output(placeholders, loss).get(loss).getDouble(0);
            w.addi(dir.mul(h));
            double fd = (plus - minus) / (2 * h);
            double an = g == null ? 0 : g.mul(dir).sumNumber().doubleValue();
            double rel = Math.abs(fd - an) / Math.max(1e-8, Math.abs(fd) + Math.abs(an));
            checked++;
            if (rel > worst) {
                worst = rel;
                where = String.format("%s (analytic %.8g, finite difference %.8g)", v, an, fd);
            }
        }
        return new Result(worst, where, checked);
    }
}
