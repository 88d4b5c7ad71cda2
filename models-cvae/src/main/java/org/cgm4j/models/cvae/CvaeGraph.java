package org.cgm4j.models.cvae;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.cgm4j.api.data.DataSpec;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.data.ImageShape;
import org.cgm4j.api.nn.DiagonalGaussian;
import org.cgm4j.api.nn.GaussianHead;
import org.cgm4j.api.nn.Graphs;
import org.cgm4j.api.nn.ImageOutput;
import org.cgm4j.api.nn.InputFeatures;
import org.cgm4j.api.nn.Likelihood;
import org.cgm4j.api.nn.NetworkSpec;
import org.cgm4j.api.nn.Scopes;
import org.cgm4j.api.rng.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The networks of the CVAE family of Sohn, Lee and Yan (2015) in one SameDiff graph, and the
 * per-batch quantities their objectives are made of: the one builder behind the CVAE, the GSNN
 * and the hybrid (and, through {@link BaselineNetwork}, the network of the baseline model).
 *
 * <p>Networks, named by role ({@link Scopes}), created in this order from {@code Rng.derive(seed,
 * "init")}:
 *
 * <ul>
 *   <li>{@code baseline} (optional): y_hat = f(x), {@code [n, xDim] -> [n, yDim]} likelihood
 *       parameters ({@link BaselineNetwork}); the prior and recognition networks see its mean
 *       prediction (sigmoid of the logits for a Bernoulli likelihood);
 *   <li>{@code recognition} (not in a GSNN): q(z | x, y), a {@link GaussianHead} on the features
 *       of {@code (x, y)} or {@code (x, y, y_hat)};
 *   <li>{@code prior}: p(z | x), a {@link GaussianHead} on the features of {@code x} or {@code
 *       (x, y_hat)};
 *   <li>{@code generation}: p(y | x, z), fully connected layers on {@code [x, z]} ({@code [n, xDim
 *       + latentDim]}) with the hidden widths reversed, ending in y ({@code [n, yDim]}).
 * </ul>
 *
 * <p>Networks ({@code model.encoder}, {@code model.decoder}, {@link NetworkSpec}; both mlp by
 * default, the decoder the encoder's mirror). The recognition, prior and baseline networks read
 * their inputs through {@link InputFeatures} with the encoder spec: with mlp the inputs are joined
 * flat ({@code [n, xDim + yDim (+ yDim)]} for the recognition network), exactly the MLPs of the
 * paper. With conv, each input that is a {@code C x H x W} image of the data (x under the
 * quadrants and occlusion tasks, with its hidden pixels at -1; y; y_hat) is one group of channels
 * of a stacked picture: the recognition network convolves {@code [n, C_x + C_y (+ C_y), H, W]}
 * (so each filter sees a given pixel of x beside the same pixel of y), the prior {@code [n, C_x
 * (+ C_y), H, W]}; an input that is not an image (the one-hot class of the classConditional task)
 * joins the flattened feature map as a vector ({@code [n, c h w + xDim]}), and a network without
 * any image input stays an MLP. Variables {@code <role>/conv<i>/W} {@code [k, k, in, out]}. The
 * generation and baseline networks end through {@link ImageOutput} with the decoder spec: with
 * conv the last fully connected layer gives a {@code channels[0] x h_0 x w_0} feature map that
 * transposed convolutions ({@code <role>/deconv<i>}) take to y's {@code C x H x W}; x enters the
 * generation network flat, beside z, as in the MLP. A conv encoder needs x or y to be an image, a
 * conv decoder needs y to be one.
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
    private final BaselineNetwork baselineNet;
    private final InputFeatures recognitionFront;
    private final GaussianHead recognitionNet;
    private final InputFeatures priorFront;
    private final GaussianHead priorNet;
    private final ImageOutput generationNet;
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
        NetworkSpec encoder = config.encoderNetwork();
        NetworkSpec decoder = config.decoderNetwork();
        checkNetworks(spec, encoder, decoder);
        Rng init = Rng.derive(context.seed(), "init");
        List<Integer> hidden = config.hidden();
        List<Integer> reversed = new ArrayList<>(hidden);
        Collections.reverse(reversed);
        InputFeatures.Input xIn = xInput(spec);
        InputFeatures.Input yIn = yInput(spec);
        this.baselineNet = config.baseline()
                ? new BaselineNetwork(sd, spec, hidden, config.activation(), encoder, decoder, type, init)
                : null;
        if (recognition) {
            this.recognitionFront = new InputFeatures(sd, Scopes.RECOGNITION, ENCODER_KEY, encoder,
                    config.baseline() ? List.of(xIn, yIn, yIn) : List.of(xIn, yIn), config.activation(), type, init);
            this.recognitionNet = new GaussianHead(sd, Scopes.RECOGNITION, recognitionFront.width(), hidden, d,
                    config.activation(), type, init);
        } else {
            this.recognitionFront = null;
            this.recognitionNet = null;
        }
        this.priorFront = new InputFeatures(sd, Scopes.PRIOR, ENCODER_KEY, encoder,
                config.baseline() ? List.of(xIn, yIn) : List.of(xIn), config.activation(), type, init);
        this.priorNet = new GaussianHead(sd, Scopes.PRIOR, priorFront.width(), hidden, d, config.activation(), type,
                init);
        this.generationNet = new ImageOutput(sd, Scopes.GENERATION, DECODER_KEY, decoder, xDim + d, reversed,
                yShape(spec), config.activation(), type, init);

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

    /** The key of the encoder-side network, for messages. */
    static final String ENCODER_KEY = "model.encoder";
    /** The key of the decoder-side network, for messages. */
    static final String DECODER_KEY = "model.decoder (by default the mirror of model.encoder)";

    /** x as a network input: the data's image when x is one ({@code C x H x W}), else a vector. */
    static InputFeatures.Input xInput(DataSpec spec) {
        return isImage(spec, spec.xDim()) ? InputFeatures.Input.image(spec.shape())
                : InputFeatures.Input.vector(spec.xDim());
    }

    /** y as a network input: the data's image when y is one, else a vector. */
    static InputFeatures.Input yInput(DataSpec spec) {
        return isImage(spec, spec.yDim()) ? InputFeatures.Input.image(spec.shape())
                : InputFeatures.Input.vector(spec.yDim());
    }

    /** The shape a network's output y has: the data's image when y is one, else {@code 1 x 1 x yDim}. */
    static ImageShape yShape(DataSpec spec) {
        return isImage(spec, spec.yDim()) ? spec.shape() : new ImageShape(1, 1, spec.yDim());
    }

    private static boolean isImage(DataSpec spec, int width) {
        return spec.rows() > 0 && spec.cols() > 0 && width == spec.pixelsPerImage();
    }

    /** A conv encoder needs x or y to be an image, a conv decoder y; one line naming the key otherwise. */
    static void checkNetworks(DataSpec spec, NetworkSpec encoder, NetworkSpec decoder) {
        if (encoder.isConv() && !isImage(spec, spec.xDim()) && !isImage(spec, spec.yDim())) {
            throw new IllegalArgumentException("model.encoder: type conv needs x or y to be an image; the data gives"
                    + " xDim " + spec.xDim() + " and yDim " + spec.yDim() + " for " + spec.channels() + " x "
                    + spec.rows() + " x " + spec.cols() + " images; use type mlp");
        }
        if (decoder.isConv() && !isImage(spec, spec.yDim())) {
            throw new IllegalArgumentException("model.decoder: type conv needs y to be an image; the data gives yDim "
                    + spec.yDim() + " for " + spec.channels() + " x " + spec.rows() + " x " + spec.cols()
                    + " images; use type mlp");
        }
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
        // features [n, xDim (+ yDim)] flat, or the conv features of the stacked images
        DiagonalGaussian p = priorNet.apply(sd, yHat == null ? priorFront.apply(sd, xIn)
                : priorFront.apply(sd, xIn, yHat));
        DiagonalGaussian q = recognitionNet == null
                ? null
                : recognitionNet.apply(sd, yHat == null ? recognitionFront.apply(sd, xIn, y)
                        : recognitionFront.apply(sd, xIn, y, yHat));
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
