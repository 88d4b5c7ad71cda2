package org.cgm4j.models.cvae;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.cgm4j.api.data.DataSpec;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.nn.DiagonalGaussian;
import org.cgm4j.api.nn.GaussianHead;
import org.cgm4j.api.nn.Graphs;
import org.cgm4j.api.nn.Likelihood;
import org.cgm4j.api.nn.Mlp;
import org.cgm4j.api.nn.Scopes;
import org.cgm4j.api.rng.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The networks of the CVAE family of Sohn, Lee and Yan (2015) in one SameDiff graph, and the
 * per-batch quantities their objectives are made of: the one builder behind the CVAE, the GSNN
 * and the hybrid (and, with {@link #baselineNetwork}, the baseline model).
 *
 * <p>Networks, named by role ({@link Scopes}), created in this order from {@code Rng.derive(seed,
 * "init")}:
 *
 * <ul>
 *   <li>{@code baseline} (optional): MLP y_hat = f(x), {@code [n, xDim] -> [n, yDim]} likelihood
 *       parameters; the prior and recognition networks see its mean prediction (sigmoid of the
 *       logits for a Bernoulli likelihood);
 *   <li>{@code recognition} (not in a GSNN): q(z | x, y), a {@link GaussianHead} on {@code [x, y]}
 *       or {@code [x, y, y_hat]};
 *   <li>{@code prior}: p(z | x), a {@link GaussianHead} on {@code x} or {@code [x, y_hat]};
 *   <li>{@code generation}: p(y | x, z), an MLP on {@code [x, z]} ({@code [n, xDim + latentDim] ->
 *       [n, yDim]}) with the hidden widths reversed.
 * </ul>
 *
 * <p>Placeholders: {@link #X} {@code [n, xDim]}, {@link #Y} and {@link #Y_MASK} {@code [n, yDim]}
 * (the mask is 1 on the pixels that count), {@link #INPUT_MASK} {@code [n, xDim]} with input
 * noise, {@link #EPS_RECOGNITION} / {@link #EPS_PRIOR} {@code [L n, latentDim]} (row {@code l n +
 * i} is sample l of example i) once a term draws z from q or p, and {@link #Z} {@code [n,
 * latentDim]} for scoring arbitrary codes.
 *
 * <p>Training terms are computed on the noisy input {@code x * inputMask} when there is input
 * noise; the evaluation outputs ({@link #PRIOR_MEAN}, ..., {@link #LOG_LIKELIHOOD}, {@link
 * #PREDICTION}) always on the clean x, so each needs only the placeholders it reads: {@code
 * sd.output} of the prior needs x alone, of the recognition x and y, of the log-likelihood x, y,
 * the mask and z, of the prediction x and z.
 */
public final class CvaeGraph {
    /** Placeholder: the input x, {@code [n, xDim]}. */
    public static final String X = "x";
    /** Placeholder: the output y, {@code [n, yDim]}. */
    public static final String Y = "y";
    /** Placeholder: 1 on the pixels of y that count, {@code [n, yDim]}. */
    public static final String Y_MASK = "yMask";
    /** Placeholder: the input omission mask multiplied into x during training, {@code [n, xDim]}. */
    public static final String INPUT_MASK = "inputMask";
    /** Placeholder: noise of the reparameterised samples from q, {@code [L n, latentDim]}. */
    public static final String EPS_RECOGNITION = "eps/recognition";
    /** Placeholder: noise of the reparameterised samples from p(z | x), {@code [L n, latentDim]}. */
    public static final String EPS_PRIOR = "eps/prior";
    /** Placeholder: codes to score or decode, {@code [n, latentDim]}. */
    public static final String Z = "z";
    /** Output: mean of p(z | x), {@code [n, latentDim]}. */
    public static final String PRIOR_MEAN = "output/prior/mean";
    /** Output: log-variance of p(z | x), {@code [n, latentDim]}. */
    public static final String PRIOR_LOG_VAR = "output/prior/logVar";
    /** Output: mean of q(z | x, y), {@code [n, latentDim]}. */
    public static final String RECOGNITION_MEAN = "output/recognition/mean";
    /** Output: log-variance of q(z | x, y), {@code [n, latentDim]}. */
    public static final String RECOGNITION_LOG_VAR = "output/recognition/logVar";
    /** Output: log p(y | x, z) over the masked pixels, {@code [n]}, z from {@link #Z}. */
    public static final String LOG_LIKELIHOOD = "output/logLikelihood";
    /** Output: E[y | x, z], {@code [n, yDim]}, z from {@link #Z}. */
    public static final String PREDICTION = "output/prediction";

    /** Where the z of a sampled likelihood term comes from. */
    public enum Sampler {
        /** z from q(z | x, y): the CVAE's reconstruction term. */
        RECOGNITION,
        /** z from p(z | x): the GSNN's term. */
        PRIOR
    }

    /** What a network sees, computed once per input (noisy for training, clean for outputs). */
    private record Inputs(SDVariable x, SDVariable baselineParams, DiagonalGaussian prior,
            DiagonalGaussian recognition) {}

    private final SameDiff sd;
    private final CvaeConfig config;
    private final DataSpec spec;
    private final DataType type;
    private final Likelihood likelihood;
    private final Mlp baselineNet;
    private final GaussianHead recognitionNet;
    private final GaussianHead priorNet;
    private final Mlp generationNet;
    private final SDVariable x;
    private final SDVariable y;
    private final SDVariable yMask;
    private final Inputs train;
    private SDVariable yTiled;
    private SDVariable maskTiled;
    private SDVariable xTrainTiled;
    private SDVariable recognitionSampleParams;
    private SDVariable priorSampleParams;

    /**
     * Builds the networks and the evaluation outputs in a new graph.
     *
     * @param recognition whether there is a recognition network (false for the GSNN)
     */
    public CvaeGraph(CvaeConfig config, ModelContext context, boolean recognition) {
        this.sd = Graphs.create();
        this.config = config;
        this.spec = context.data();
        this.type = context.dataType();
        this.likelihood = config.outputLikelihood();
        int xDim = spec.xDim();
        int yDim = spec.yDim();
        int d = config.latentDim();
        if (xDim < 1) {
            throw new IllegalArgumentException("the CVAE family models y given x; the data task gives no x"
                    + " (use a conditional task such as {type: quadrants, given: 1})");
        }
        if (config.inputNoise()) {
            checkImageInput(spec);
        }
        Rng init = Rng.derive(context.seed(), "init");
        List<Integer> hidden = config.hidden();
        List<Integer> reversed = new ArrayList<>(hidden);
        Collections.reverse(reversed);
        int yHatDim = config.baseline() ? yDim : 0;
        this.baselineNet = config.baseline()
                ? baselineNetwork(sd, xDim, yDim, hidden, config.activation(), type, init)
                : null;
        this.recognitionNet = recognition
                ? new GaussianHead(sd, Scopes.RECOGNITION, xDim + yDim + yHatDim, hidden, d, config.activation(),
                        type, init)
                : null;
        this.priorNet = new GaussianHead(sd, Scopes.PRIOR, xDim + yHatDim, hidden, d, config.activation(), type,
                init);
        this.generationNet = new Mlp(sd, Scopes.GENERATION, xDim + d, reversed, yDim, config.activation(), type,
                init);

        this.x = sd.placeHolder(X, type, -1, xDim);
        this.y = sd.placeHolder(Y, type, -1, yDim);
        this.yMask = sd.placeHolder(Y_MASK, type, -1, yDim);
        SDVariable z = sd.placeHolder(Z, type, -1, d);

        Inputs clean = inputs(x);
        this.train = config.inputNoise() ? inputs(x.mul(sd.placeHolder(INPUT_MASK, type, -1, xDim))) : clean;

        sd.identity(PRIOR_MEAN, clean.prior().mean());
        sd.identity(PRIOR_LOG_VAR, clean.prior().logVar());
        if (recognition) {
            sd.identity(RECOGNITION_MEAN, clean.recognition().mean());
            sd.identity(RECOGNITION_LOG_VAR, clean.recognition().logVar());
        }
        SDVariable params = generationNet.apply(sd, sd.concat(1, x, z));
        sd.identity(LOG_LIKELIHOOD, likelihood.logLikelihood(sd, params, y, yMask));
        sd.identity(PREDICTION, likelihood.mean(sd, params));
    }

    /**
     * The baseline network y_hat = f(x) under scope {@code baseline}: an MLP {@code [n, xDim] ->
     * [n, yDim]} of likelihood parameters. The standalone baseline model builds the same network,
     * so its weights fit a CVAE's baseline by name.
     */
    static Mlp baselineNetwork(SameDiff sd, int xDim, int yDim, List<Integer> hidden, Activation activation,
            DataType type, Rng init) {
        return new Mlp(sd, Scopes.BASELINE, xDim, hidden, yDim, activation, type, init);
    }

    /** Input omission needs x to be an image of the data's size. */
    static void checkImageInput(DataSpec spec) {
        if (spec.rows() < 1 || spec.pixelsPerImage() != spec.xDim()) {
            throw new IllegalArgumentException("model.inputNoise needs x to be a channels x rows x cols image; the"
                    + " data gives xDim " + spec.xDim() + " for " + spec.channels() + " x " + spec.rows() + " x "
                    + spec.cols() + " images");
        }
    }

    private Inputs inputs(SDVariable xIn) {
        SDVariable baselineParams = baselineNet == null ? null : baselineNet.apply(sd, xIn);
        SDVariable yHat = baselineParams == null ? null : likelihood.mean(sd, baselineParams);
        DiagonalGaussian p = priorNet.apply(sd, yHat == null ? xIn : sd.concat(1, xIn, yHat));
        DiagonalGaussian q = recognitionNet == null
                ? null
                : recognitionNet.apply(sd, yHat == null ? sd.concat(1, xIn, y) : sd.concat(1, xIn, y, yHat));
        return new Inputs(xIn, baselineParams, p, q);
    }

    /** {@code [n, k] -> [L n, k]}: L stacked copies (row {@code l n + i} is row i). */
    private SDVariable tile(SDVariable v) {
        int l = config.samples();
        if (l == 1) {
            return v;
        }
        SDVariable[] copies = new SDVariable[l];
        java.util.Arrays.fill(copies, v);
        return sd.concat(0, copies);
    }

    private void tileTargets() {
        if (yTiled == null) {
            yTiled = tile(y);
            maskTiled = tile(yMask);
            xTrainTiled = tile(train.x());
        }
    }

    /** Generation parameters {@code [L n, yDim]} at z = mu + sigma * eps drawn from {@code g}. */
    private SDVariable sampleParams(DiagonalGaussian g, String epsName) {
        tileTargets();
        SDVariable eps = sd.placeHolder(epsName, type, -1, config.latentDim());
        SDVariable zs = new DiagonalGaussian(tile(g.mean()), tile(g.logVar())).sample(sd, eps);
        return generationNet.apply(sd, sd.concat(1, xTrainTiled, zs));
    }

    /**
     * The batch mean of {@code -(1/L) sum_l log p(y | x, z_l)} over the masked pixels, a scalar,
     * with z_l from q (the CVAE's {@code reconstruction}) or from p(z | x) (the GSNN's term), at
     * scale {@code factor}: 1, or 2 / 4 for the average-pooled terms of {@link MultiScale}. Null
     * when the images do not pool by {@code factor} (see {@link #scaleFits}). The first call per
     * sampler adds its noise placeholder ({@link #EPS_RECOGNITION} or {@link #EPS_PRIOR}).
     */
    public SDVariable sampledNll(Sampler sampler, int factor) {
        if (factor != 1 && !scaleFits(factor)) {
            return null;
        }
        SDVariable params;
        if (sampler == Sampler.RECOGNITION) {
            if (train.recognition() == null) {
                throw new IllegalStateException("this graph has no recognition network");
            }
            if (recognitionSampleParams == null) {
                recognitionSampleParams = sampleParams(train.recognition(), EPS_RECOGNITION);
            }
            params = recognitionSampleParams;
        } else {
            if (priorSampleParams == null) {
                priorSampleParams = sampleParams(train.prior(), EPS_PRIOR);
            }
            params = priorSampleParams;
        }
        return nll(params, yTiled, maskTiled, factor);
    }

    private SDVariable nll(SDVariable params, SDVariable target, SDVariable mask, int factor) {
        SDVariable ll = factor == 1
                ? likelihood.logLikelihood(sd, params, target, mask)
                : MultiScale.logLikelihood(sd, likelihood, params, target, mask, spec.shape(), factor);
        return ll.neg().mean();
    }

    /** The batch mean of the closed-form KL(q(z | x, y) || p(z | x)), a scalar. */
    public SDVariable kl() {
        if (train.recognition() == null) {
            throw new IllegalStateException("this graph has no recognition network");
        }
        return train.recognition().kl(sd, train.prior()).mean();
    }

    /** The batch mean of {@code -log p(y | y_hat(x))} over the masked pixels: the baseline's own term. */
    public SDVariable baselineNll() {
        if (train.baselineParams() == null) {
            throw new IllegalStateException("this graph has no baseline network");
        }
        return nll(train.baselineParams(), y, yMask, 1);
    }

    /** Whether the images pool by {@code factor} (2 or 4) for multi-scale terms. */
    public boolean scaleFits(int factor) {
        return spec.rows() > 0 && MultiScale.fits(spec.shape(), spec.yDim(), factor);
    }

    /** The graph. */
    public SameDiff sd() {
        return sd;
    }

    /** Whether the graph has the placeholder {@code name} (the noise placeholders appear with their terms). */
    public boolean hasPlaceholder(String name) {
        return sd.hasVariable(name);
    }

    /** Whether there is a recognition network. */
    public boolean hasRecognition() {
        return recognitionNet != null;
    }
}
