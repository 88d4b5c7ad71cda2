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
 * a feature map of the first decoder channel count, which {@link TransposedConv2d} layers
 * ({@code decoder/deconv<i>/W}, {@code /b}) upsample to the image; the output is flattened back to
 * {@code [batch, D]}, so likelihoods and metrics see the same shapes whichever network is chosen.
 * Without either, the variables, their draws and the graph are those of the fully connected
 * networks alone.
 */
public final class EncoderDecoder {
    private final VaeArchitecture architecture;
    private final ImageShape image;
    private final List<Conv2d> encoderConvs;
    private final ImageShape encoderFeatures;
    private final GaussianHead encoder;
    private final Mlp decoder;
    private final ImageShape decoderFeatures;
    private final List<TransposedConv2d> decoderConvs;
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
     * Creates the variables.
     *
     * @param image the shape of one example x, whose flat width is D = C H W
     * @param init the stream the weights are drawn from
     * @throws IllegalArgumentException if a convolutional network does not fit the image (naming
     *     {@code model.encoder} or {@code model.decoder})
     */
    public EncoderDecoder(SameDiff sd, VaeArchitecture architecture, ImageShape image, DataType type, Rng init) {
        this.architecture = architecture;
        this.image = image;
        int d = architecture.latentDim();
        Activation act = architecture.activation();

        NetworkSpec enc = architecture.encoder();
        List<Conv2d> convs = new ArrayList<>();
        ImageShape features = image;
        if (enc.isConv()) {
            for (int i = 0; i < enc.channels().size(); i++) {
                int h = Conv2d.outputSize(features.height(), enc.kernel(), enc.stride(), enc.padding());
                int w = Conv2d.outputSize(features.width(), enc.kernel(), enc.stride(), enc.padding());
                if (h < 1 || w < 1) {
                    throw new IllegalArgumentException("model.encoder: convolution " + (i + 1) + " (kernel "
                            + enc.kernel() + ", stride " + enc.stride() + ", padding " + enc.padding() + ") does not fit"
                            + " its " + features.height() + " x " + features.width() + " input (images " + image
                            + "); use fewer channels entries, a smaller kernel or stride");
                }
                convs.add(new Conv2d(sd, Scopes.name(Scopes.ENCODER, "conv" + i), features.channels(),
                        enc.channels().get(i), enc.kernel(), enc.stride(), enc.padding(), type, init));
                features = new ImageShape(enc.channels().get(i), h, w);
            }
        }
        this.encoderConvs = Collections.unmodifiableList(convs);
        this.encoderFeatures = features;
        encoder = new GaussianHead(sd, Scopes.ENCODER, features.size(), architecture.hidden(), d, act, type, init);

        List<Integer> reversed = new ArrayList<>(architecture.hidden());
        Collections.reverse(reversed);
        NetworkSpec dec = architecture.decoder();
        if (dec.isConv()) {
            this.decoderFeatures = decoderStart(dec, image);
            decoder = new Mlp(sd, Scopes.DECODER, d, reversed, decoderFeatures.size(), act, type, init);
            List<TransposedConv2d> deconvs = new ArrayList<>();
            List<Integer> ch = dec.channels();
            for (int i = 0; i < ch.size(); i++) {
                int out = i + 1 < ch.size() ? ch.get(i + 1) : image.channels();
                deconvs.add(new TransposedConv2d(sd, Scopes.name(Scopes.DECODER, "deconv" + i), ch.get(i), out,
                        dec.kernel(), dec.stride(), dec.padding(), type, init));
            }
            this.decoderConvs = Collections.unmodifiableList(deconvs);
        } else {
            this.decoderFeatures = null;
            decoder = new Mlp(sd, Scopes.DECODER, d, reversed, image.size(), act, type, init);
            this.decoderConvs = List.of();
        }
        likelihood = architecture.decoderLikelihood();
    }

    /**
     * The feature map the first transposed convolution reads: the image's size taken back through
     * every layer, each of which must invert exactly ({@code (in - 1) s - 2p + k = out}).
     */
    private static ImageShape decoderStart(NetworkSpec dec, ImageShape image) {
        int h = image.height();
        int w = image.width();
        for (int i = dec.channels().size() - 1; i >= 0; i--) {
            int hIn = Conv2d.outputSize(h, dec.kernel(), dec.stride(), dec.padding());
            int wIn = Conv2d.outputSize(w, dec.kernel(), dec.stride(), dec.padding());
            if (hIn < 1 || wIn < 1 || TransposedConv2d.outputSize(hIn, dec.kernel(), dec.stride(), dec.padding()) != h
                    || TransposedConv2d.outputSize(wIn, dec.kernel(), dec.stride(), dec.padding()) != w) {
                throw new IllegalArgumentException("model.decoder (by default the mirror of model.encoder): "
                        + dec.channels().size() + " transposed convolutions with kernel " + dec.kernel() + ", stride "
                        + dec.stride() + " and padding " + dec.padding() + " cannot end at exactly the " + image.height()
                        + " x " + image.width() + " images (layer " + (i + 1) + " would have to give " + h + " x " + w
                        + "); choose kernel, stride and padding with (in - 1) * stride - 2 * padding + kernel = out,"
                        + " e.g. kernel 4, stride 2, padding 1 for sizes divisible by 2 per layer");
            }
            h = hIn;
            w = wIn;
        }
        return new ImageShape(dec.channels().get(0), h, w);
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
        SDVariable in = x;
        if (!encoderConvs.isEmpty()) {
            SDVariable h = sd.reshape(x, -1, image.channels(), image.height(), image.width()); // [batch, C, H, W]
            for (Conv2d conv : encoderConvs) {
                h = architecture.activation().apply(sd, conv.apply(sd, h)); // [batch, c_i, h_i, w_i]
            }
            in = sd.reshape(h, -1, encoderFeatures.size()); // [batch, c h w]
        }
        return encoder.apply(sd, in);
    }

    /** The likelihood's parameters for codes {@code z} {@code [batch, latentDim]}: {@code [batch, D]}. */
    public SDVariable decode(SameDiff sd, SDVariable z) {
        SDVariable out = decoder.apply(sd, z);
        if (decoderConvs.isEmpty()) {
            return out;
        }
        Activation act = architecture.activation();
        SDVariable h = sd.reshape(act.apply(sd, out), -1, decoderFeatures.channels(), decoderFeatures.height(),
                decoderFeatures.width()); // [batch, channels[0], h_0, w_0]
        for (int i = 0; i < decoderConvs.size(); i++) {
            h = decoderConvs.get(i).apply(sd, h); // [batch, channels[i+1] or C, ...]
            if (i < decoderConvs.size() - 1) {
                h = act.apply(sd, h);
            }
        }
        return sd.reshape(h, -1, image.size()); // [batch, D], linear
    }

    /** log p(x | z) per example, {@code [batch]}, for {@code z} {@code [batch, latentDim]} and {@code x} {@code [batch, D]}. */
    public SDVariable logLikelihood(SameDiff sd, SDVariable z, SDVariable x) {
        return likelihood.logLikelihood(sd, decode(sd, z), x, null);
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

    /** The decoder's fully connected layers (before the transposed convolutions, for a conv decoder). */
    public Mlp decoder() {
        return decoder;
    }

    /** The encoder's convolutions, input first; empty for a fully connected encoder. */
    public List<Conv2d> encoderConvolutions() {
        return encoderConvs;
    }

    /** The decoder's transposed convolutions, coarse first; empty for a fully connected decoder. */
    public List<TransposedConv2d> decoderConvolutions() {
        return decoderConvs;
    }
}
