package org.cgm4j.models.cvae;

import java.util.List;
import org.cgm4j.api.data.DataSpec;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.nn.ImageOutput;
import org.cgm4j.api.nn.InputFeatures;
import org.cgm4j.api.nn.NetworkSpec;
import org.cgm4j.api.nn.Scopes;
import org.cgm4j.api.rng.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The baseline network y_hat = f(x) of Sohn, Lee and Yan (2015, Fig. 1d) under scope {@code
 * baseline}, {@code [n, xDim] -> [n, yDim]} likelihood parameters: x read by the encoder-side
 * network ({@link InputFeatures}: convolutions over x when x is an image and {@code model.encoder}
 * is conv), then fully connected layers of the hidden widths (in their order) ending in y through
 * the decoder-side network ({@link ImageOutput}: transposed convolutions to y's image when {@code
 * model.decoder} is conv). With mlp networks it is the MLP {@code xDim -> hidden -> yDim} and its
 * variables are {@code baseline/dense<i>}. The CVAE's baseline and the standalone baseline model
 * build it alike, so the weights of one fit the other by name.
 */
final class BaselineNetwork {
    private final InputFeatures front;
    private final ImageOutput back;

    BaselineNetwork(SameDiff sd, DataSpec spec, List<Integer> hidden, Activation activation, NetworkSpec encoder,
            NetworkSpec decoder, DataType type, Rng init) {
        CvaeGraph.checkNetworks(spec, encoder, decoder);
        this.front = new InputFeatures(sd, Scopes.BASELINE, CvaeGraph.ENCODER_KEY, encoder,
                List.of(CvaeGraph.xInput(spec)), activation, type, init);
        this.back = new ImageOutput(sd, Scopes.BASELINE, CvaeGraph.DECODER_KEY, decoder, front.width(), hidden,
                CvaeGraph.yShape(spec), activation, type, init);
    }

    /** {@code [n, xDim] -> [n, yDim]}: the likelihood parameters of y_hat, linear. */
    SDVariable apply(SameDiff sd, SDVariable x) {
        return back.apply(sd, front.apply(sd, x));
    }
}
