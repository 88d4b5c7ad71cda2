package org.cgm4j.models.latentconstraints;

import java.util.List;
import java.util.Map;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.nn.NetworkSpec;
import org.cgm4j.api.testing.ModelPluginContract;

/** The plugin contract for the VAE, with both decoder likelihoods and convolutional networks. */
class VaePluginTest extends ModelPluginContract {

    @Override
    protected List<Case> configurations() {
        return List.of(
                Case.of("BernoulliDecoder", VaeFactory.TYPE,
                        new VaeConfig(3, List.of(12), Activation.RELU, "bernoulli", 1.0),
                        Map.of(VaeModel.RECONSTRUCTION, 1.0, VaeModel.KL, 1.0)),
                Case.of("GaussianDecoderBetaFour", VaeFactory.TYPE,
                        new VaeConfig(2, List.of(10, 8), Activation.TANH, "gaussian", 0.1),
                        Map.of(VaeModel.RECONSTRUCTION, 1.0, VaeModel.KL, 4.0)),
                // 8 x 8 images: convolutions 8 -> 4 -> 2, transposed convolutions 2 -> 4 -> 8. ELU,
                // not relu: with relu, a dead receptive field gives a transposed convolution's
                // zero-initialised bias exactly, so a logit sits exactly on the kink of relu or of
                // the Bernoulli NLL's |l|, where a finite difference sees a slope the analytic
                // gradient (either one-sided convention) does not.
                Case.of("ConvEncoderAndDecoder", VaeFactory.TYPE,
                        new VaeConfig(3, List.of(12), Activation.ELU, "bernoulli", 1.0,
                                NetworkSpec.conv(List.of(2, 3), 4, 2, 1), null),
                        Map.of(VaeModel.RECONSTRUCTION, 1.0, VaeModel.KL, 1.0)),
                Case.of("ConvEncoderMlpDecoder", VaeFactory.TYPE,
                        new VaeConfig(2, List.of(10), Activation.TANH, "gaussian", 0.1,
                                NetworkSpec.conv(List.of(3), 3, 1, 0), NetworkSpec.mlp()),
                        Map.of(VaeModel.RECONSTRUCTION, 1.0, VaeModel.KL, 1.0)));
    }
}
