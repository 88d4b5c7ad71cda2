package org.cgm4j.api.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.cgm4j.api.data.DataSpec;
import org.cgm4j.api.data.ImageShape;
import org.cgm4j.api.rng.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The networks of a VAE as one building block: an encoder q(z | x) = N(mu(x), diag
 * sigma^2(x)) ({@link GaussianHead}, scope {@value Scopes#ENCODER}) and a decoder ({@link Mlp}
 * with the hidden widths reversed, scope {@value Scopes#DECODER}) whose output parameterises the
 * likelihood p(x | z). Weights are drawn from the given stream encoder first, then decoder, so
 * one seed gives the same networks whichever model holds them. Each method can be applied to
 * several inputs; the weights are shared.
 *
 * <p>With a convolutional encoder ({@link VaeArchitecture#encoder()} of type conv) the flat
 * {@code [batch, D]} input is read as {@code [batch, C, H, W]} channel-planar images ({@link
 * ImageShape}) and runs through {@link Conv2d} layers (variables {@code encoder/conv<i>/W}, {@code /b}) before the
 * Gaussian head sees the flattened last feature map. With a convolutional decoder the MLP ends in
 * a feature map of the first decoder channel count, which {@link TransposedConv2d} layers, or
 * {@link SubpixelConv2d} layers with {@code upsample: subpixel} ({@code decoder/deconv<i>/W},
 * {@code /b}), upsample to the image; the output is flattened back to
 * {@code [batch, D]}, so likelihoods and metrics see the same shapes whichever network is chosen.
 * Without either, the variables, their draws and the graph are those of the fully connected
 * networks alone. Both ends are the shared blocks {@link InputFeatures} and {@link ImageOutput},
 * which the conditional models build their networks from too.
 */
public final class EncoderDecoder {
    /** Rows of one evaluation call of a fully connected decoder: the metrics' own chunks, unsplit. */
    public static final int MAX_ROWS_PER_CALL = 10_000;
    /**
     * Bytes one upsampling layer's working buffer may take in an evaluation call: a conv decoder's
     * calls are split to stay under it (at 10,000 rows a transposed convolution's column buffer
     * alone took 1 GB).
     */
    public static final long CALL_BUFFER_BYTES = 64L << 20;

    private final VaeArchitecture architecture;
    private final DataType type;
    private final InputFeatures encoderFront;
    private final GaussianHead encoder;
    private final ImageOutput decoder;
    private final Likelihood likelihood;

    /**
     * Creates the variables of fully connected networks.
     *
     * @param dataDim D, the width of x
     * @param init the stream the weights are drawn from
     * @throws IllegalArgumentException if the architecture has a convolutional network, which needs
     *     the image shape ({@link #EncoderDecoder(SameDiff, VaeArchitecture, ImageShape, DataType, Rng)})
     */
    public EncoderDecoder(SameDiff sd, VaeArchitecture architecture, int dataDim, DataType type, Rng init) {
        this(sd, requireMlp(architecture), new ImageShape(1, 1, dataDim), type, init);
    }

    /**
     * Creates the variables: the encoder's ({@link InputFeatures} on the image, then the Gaussian
     * head), then the decoder's ({@link ImageOutput} with the hidden widths reversed).
     *
     * @param image the shape of one example x, whose flat width is D = C H W
     * @param init the stream the weights are drawn from
     * @throws IllegalArgumentException if a convolutional network does not fit the image (naming
     *     {@code model.encoder} or {@code model.decoder})
     */
    public EncoderDecoder(SameDiff sd, VaeArchitecture architecture, ImageShape image, DataType type, Rng init) {
        this.architecture = architecture;
        this.type = type;
        int d = architecture.latentDim();
        Activation act = architecture.activation();
        encoderFront = new InputFeatures(sd, Scopes.ENCODER, "model.encoder", architecture.encoder(),
                List.of(InputFeatures.Input.image(image)), act, type, init);
        encoder = new GaussianHead(sd, Scopes.ENCODER, encoderFront.width(), architecture.hidden(), d, act, type,
                init);
        List<Integer> reversed = new ArrayList<>(architecture.hidden());
        Collections.reverse(reversed);
        decoder = new ImageOutput(sd, Scopes.DECODER, "model.decoder (by default the mirror of model.encoder)",
                architecture.decoder(), d, reversed, image, act, type, init);
        likelihood = architecture.decoderLikelihood();
    }

    /**
     * The shape of one y of data of {@code spec}: its image when y is one ({@code C x H x W}), else
     * a single row of {@code yDim} values (fine for fully connected networks; a convolutional one
     * then says it does not fit).
     */
    public static ImageShape imageOf(DataSpec spec) {
        if (spec.rows() > 0 && spec.cols() > 0 && spec.pixelsPerImage() == spec.yDim()) {
            return spec.shape();
        }
        return new ImageShape(1, 1, spec.yDim());
    }

    private static VaeArchitecture requireMlp(VaeArchitecture architecture) {
        if (architecture.encoder().isConv() || architecture.decoder().isConv()) {
            throw new IllegalArgumentException("model.encoder / model.decoder: type conv needs images, and this model"
                    + " gives its networks flat vectors; use type mlp");
        }
        return architecture;
    }

    /** q(z | x) for {@code x} {@code [batch, D]}: a Gaussian over {@code [batch, latentDim]}. */
    public DiagonalGaussian encode(SameDiff sd, SDVariable x) {
        return encoder.apply(sd, encoderFront.apply(sd, x));
    }

    /** The likelihood's parameters for codes {@code z} {@code [batch, latentDim]}: {@code [batch, D]}. */
    public SDVariable decode(SameDiff sd, SDVariable z) {
        return decoder.apply(sd, z);
    }

    /** log p(x | z) per example, {@code [batch]}, for {@code z} {@code [batch, latentDim]} and {@code x} {@code [batch, D]}. */
    public SDVariable logLikelihood(SameDiff sd, SDVariable z, SDVariable x) {
        return likelihood.logLikelihood(sd, decode(sd, z), x, null);
    }

    /**
     * The most rows of z one decoder call of an evaluation should take ({@link
     * org.cgm4j.api.model.LatentVariableModel#decoderRowsPerCall}): {@value #MAX_ROWS_PER_CALL} for a
     * fully connected decoder; for a conv decoder as many as keep its largest working buffer under
     * {@value #CALL_BUFFER_BYTES} bytes (e.g. 668 rows for the 64 -> 32 transposed convolution at 7 x 7
     * of a 28 x 28 decoder in float), at least 1.
     */
    public int decoderRowsPerCall() {
        long perRow = decoder.workingElementsPerRow() * type.width();
        if (perRow == 0) {
            return MAX_ROWS_PER_CALL;
        }
        return (int) Math.max(1, Math.min(MAX_ROWS_PER_CALL, CALL_BUFFER_BYTES / perRow));
    }

    /** The architecture. */
    public VaeArchitecture architecture() {
        return architecture;
    }

    /** The decoder likelihood. */
    public Likelihood likelihood() {
        return likelihood;
    }

    /** The encoder's Gaussian head (on the flattened convolutional features, for a conv encoder). */
    public GaussianHead encoder() {
        return encoder;
    }

    /** The decoder's fully connected layers (before the upsampling layers, for a conv decoder). */
    public Mlp decoder() {
        return decoder.mlp();
    }

    /** The encoder's convolutions, input first; empty for a fully connected encoder. */
    public List<Conv2d> encoderConvolutions() {
        return encoderFront.convolutions();
    }

    /** The decoder's upsampling layers (transposed or sub-pixel convolutions), coarse first; empty for a fully connected decoder. */
    public List<Upsampling> decoderConvolutions() {
        return decoder.convolutions();
    }
}
