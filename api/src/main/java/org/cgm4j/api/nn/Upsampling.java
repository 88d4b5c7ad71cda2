package org.cgm4j.api.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * One upsampling layer of a conv decoder ({@link ImageOutput}): {@code [batch, inChannels, h, w]
 * -> [batch, outChannels, h', w']}, linear, built from a kernel side k, a stride s (the upscale
 * factor) and a padding p as {@code model.decoder} gives them. Which layer is the decoder's {@code
 * upsample} key ({@link NetworkSpec#upsample()}): a {@link TransposedConv2d} or a {@link
 * SubpixelConv2d}.
 */
public sealed interface Upsampling permits TransposedConv2d, SubpixelConv2d {
    /** {@code [batch, inChannels, h, w] -> [batch, outChannels, h', w']}, linear. */
    SDVariable apply(SameDiff sd, SDVariable in);

    /** The output side length for an input side length {@code in}. */
    int outputSize(int in);

    /** The number of input channels. */
    int inChannels();

    /** The number of output channels. */
    int outChannels();

    /**
     * The elements of the largest buffer the layer's op allocates per example for an {@code h x w}
     * input (besides its output): what bounds the rows of one evaluation call ({@link
     * EncoderDecoder#decoderRowsPerCall}).
     */
    long workingElements(int h, int w);
}
