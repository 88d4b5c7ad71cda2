package org.cgm4j.models.latentconstraints;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * How the actors' distance penalty L_dist (Engel, Hoffman and Roberts 2018, Section 3) measures a
 * move dz_j = z'_j - z_j of latent dimension j against the encoder's mean posterior standard
 * deviation sigma_bar_j ({@code model.distanceScale}); every form is averaged over rows and
 * dimensions:
 *
 * <ul>
 *   <li>{@code perDimension} (the reference's): log(1 + dz_j^2) / sigma_bar_j^2. The move itself
 *       is measured in latent units, only the weight in posterior variances: where sigma_bar_j is
 *       small (a sharp decoder, sigma_x = 0.1, gives sigma_bar about 0.06 to 0.12 at z = 32) a
 *       move of one prior standard deviation costs log 2 / sigma_bar^2, over 50 nats per dimension;
 *   <li>{@code averaged}: the same with sigma_bar_j replaced by its mean over the dimensions;
 *   <li>{@code standardised}: log(1 + (dz_j / sigma_bar_j)^2), the move in posterior standard
 *       deviations: quadratic within one of them, logarithmic beyond, whatever sigma_bar is, so
 *       the penalty keeps the same shape for a sharp and a blurry decoder and a move across the
 *       latent space costs a few nats per dimension rather than hundreds.
 * </ul>
 */
public enum DistanceScale {
    /** log(1 + dz_j^2) / sigma_bar_j^2. */
    PER_DIMENSION("perDimension"),
    /** log(1 + dz_j^2) / mean_j(sigma_bar_j)^2. */
    AVERAGED("averaged"),
    /** log(1 + (dz_j / sigma_bar_j)^2). */
    STANDARDISED("standardised");

    private final String yamlName;

    DistanceScale(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The YAML name. */
    @JsonValue
    public String yamlName() {
        return yamlName;
    }

    /** Parses a YAML name (null: the reference's {@link #PER_DIMENSION}); the error lists the allowed names. */
    @JsonCreator
    public static DistanceScale of(String name) {
        if (name == null) {
            return PER_DIMENSION;
        }
        for (DistanceScale s : values()) {
            if (s.yamlName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown distanceScale '" + name + "'; allowed: "
                + Arrays.stream(values()).map(DistanceScale::yamlName).collect(Collectors.joining(", ")));
    }

    /**
     * The sigma_bar the penalty divides by, {@code [d]}: the encoder's per-dimension values, or for
     * {@link #AVERAGED} their mean in every dimension.
     */
    public double[] effectiveSigma(double[] sigmaBar) {
        if (this != AVERAGED) {
            return sigmaBar;
        }
        double mean = Arrays.stream(sigmaBar).average().orElse(1.0);
        double[] out = new double[sigmaBar.length];
        Arrays.fill(out, mean);
        return out;
    }

    /**
     * The penalty averaged over rows and dimensions, a scalar; {@code zPrime}, {@code z} are
     * {@code [n, d]}, {@code sigmaBar} {@code [1, d]} holds {@link #effectiveSigma}.
     */
    public SDVariable penalty(SameDiff sd, SDVariable zPrime, SDVariable z, SDVariable sigmaBar) {
        SDVariable d = zPrime.sub(z);
        if (this == STANDARDISED) {
            SDVariable u = d.div(sigmaBar);
            return sd.math().log(u.mul(u).add(1.0)).mean();
        }
        return sd.math().log(d.mul(d).add(1.0)).div(sigmaBar.mul(sigmaBar)).mean();
    }

    /** The penalty of one coordinate, for the closed-form gradients of the latent optimisation. */
    public double value(double delta, double sigma) {
        return this == STANDARDISED ? Math.log1p(delta * delta / (sigma * sigma))
                : Math.log1p(delta * delta) / (sigma * sigma);
    }

    /** d {@link #value} / d delta. */
    public double derivative(double delta, double sigma) {
        return this == STANDARDISED ? 2 * delta / (sigma * sigma + delta * delta)
                : 2 * delta / ((1 + delta * delta) * sigma * sigma);
    }
}
