package org.cgm4j.models.cvae;

import java.util.List;
import org.cgm4j.api.model.ModelConfig;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.nn.Bernoulli;
import org.cgm4j.api.nn.FixedSigmaGaussian;
import org.cgm4j.api.nn.Likelihood;

/**
 * The architecture settings shared by every model of the CVAE family of Sohn, Lee and Yan (2015)
 * (the CVAE, the GSNN and the hybrid): what {@link CvaeGraph} needs to build the recognition,
 * prior, generation and optional baseline networks. Each model type has its own config record
 * (the plugin registry tells types apart by record class) implementing this interface with the
 * same YAML keys; {@link #validate} holds the checks they share.
 */
public interface CvaeNetworkConfig extends ModelConfig {
    /** Width of z, >= 1. */
    int latentDim();

    /** Hidden widths of the recognition, prior and baseline networks; the generation network mirrors them. */
    List<Integer> hidden();

    /** Hidden nonlinearity. */
    Activation activation();

    /** {@code bernoulli} or {@code gaussian}: the observation model p(y | x, z). */
    String likelihood();

    /** Standard deviation of the gaussian likelihood. */
    double sigmaY();

    /** L, the reparameterised samples per example in the training loss. */
    int samples();

    /** Whether a deterministic baseline y_hat = f(x) is trained first and fed to the prior and recognition networks. */
    boolean baseline();

    /** Epochs of the baseline's pretraining stage (with {@link #baseline()}). */
    int baselineEpochs();

    /** Whether a random square block of x is zeroed in every training example (input omission noise). */
    boolean inputNoise();

    /** The likelihood object for {@link #likelihood()}. */
    default Likelihood outputLikelihood() {
        return likelihoodOf(likelihood(), sigmaY());
    }

    /** {@code bernoulli} or a {@link FixedSigmaGaussian} of standard deviation {@code sigma}. */
    static Likelihood likelihoodOf(String name, double sigma) {
        return Bernoulli.NAME.equals(name) ? new Bernoulli() : new FixedSigmaGaussian(sigma);
    }

    /**
     * Checks the fields a config record of the family shares; messages name the YAML key and
     * what is allowed. Returns an unmodifiable copy of {@code hidden}.
     */
    static List<Integer> validate(int latentDim, List<Integer> hidden, Activation activation, String likelihood,
            double sigmaY, int samples, boolean baseline, int baselineEpochs) {
        if (latentDim < 1) {
            throw new IllegalArgumentException("model.latentDim must be >= 1, got " + latentDim);
        }
        List<Integer> h = validateOutput(hidden, activation, likelihood, sigmaY);
        if (samples < 1) {
            throw new IllegalArgumentException("model.samples must be >= 1, got " + samples);
        }
        if (baselineEpochs < 0) {
            throw new IllegalArgumentException("model.baselineEpochs must be >= 0, got " + baselineEpochs);
        }
        if (baseline && baselineEpochs < 1) {
            throw new IllegalArgumentException(
                    "model.baselineEpochs must be >= 1 when model.baseline is true, got " + baselineEpochs);
        }
        return h;
    }

    /** The checks of the hidden widths, activation and likelihood (shared with the baseline model). */
    static List<Integer> validateOutput(List<Integer> hidden, Activation activation, String likelihood, double sigmaY) {
        if (hidden == null || hidden.isEmpty() || hidden.stream().anyMatch(w -> w == null || w < 1)) {
            throw new IllegalArgumentException("model.hidden must be a non-empty list of widths >= 1, got " + hidden);
        }
        if (activation == null) {
            throw new IllegalArgumentException("model.activation is missing; allowed: relu, tanh, elu, identity");
        }
        if (!Bernoulli.NAME.equals(likelihood) && !FixedSigmaGaussian.NAME.equals(likelihood)) {
            throw new IllegalArgumentException(
                    "model.likelihood must be bernoulli or gaussian, got '" + likelihood + "'");
        }
        if (!(sigmaY > 0) || Double.isInfinite(sigmaY)) {
            throw new IllegalArgumentException("model.sigmaY must be > 0, got " + sigmaY);
        }
        return List.copyOf(hidden);
    }
}
