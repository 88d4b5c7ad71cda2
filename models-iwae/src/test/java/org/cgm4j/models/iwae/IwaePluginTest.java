package org.cgm4j.models.iwae;

import java.util.List;
import java.util.Map;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.nn.NetworkSpec;
import org.cgm4j.api.testing.ModelPluginContract;

/**
 * The plugin contract for the IWAE: one sample (the ELBO, where log-mean-exp reduces nothing),
 * several, Gaussian, convolutional networks.
 */
class IwaePluginTest extends ModelPluginContract {
    @Override
    protected List<Case> configurations() {
        return List.of(
                Case.of("oneSample", IwaeFactory.TYPE,
                        new IwaeConfig(3, List.of(12), Activation.RELU, "bernoulli", 1.0, 1), Map.of(IwaeModel.BOUND, 1.0)),
                Case.of("fiveSamples", IwaeFactory.TYPE,
                        new IwaeConfig(3, List.of(12), Activation.TANH, "bernoulli", 1.0, 5), Map.of(IwaeModel.BOUND, 1.0)),
                Case.of("gaussianTwoLayers", IwaeFactory.TYPE,
                        new IwaeConfig(2, List.of(10, 8), Activation.ELU, "gaussian", 0.5, 3), Map.of(IwaeModel.BOUND, 2.0)),
                // 8 x 8 images through a conv encoder and its mirrored transposed-conv decoder
                Case.of("convThreeSamples", IwaeFactory.TYPE,
                        new IwaeConfig(3, List.of(12), Activation.ELU, "bernoulli", 1.0, 3,
                                NetworkSpec.conv(List.of(2, 3), 4, 2, 1), null), Map.of(IwaeModel.BOUND, 1.0)));
    }
}
