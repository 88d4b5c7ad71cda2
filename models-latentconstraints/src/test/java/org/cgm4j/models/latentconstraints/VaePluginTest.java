package org.cgm4j.models.latentconstraints;

import java.util.List;
import java.util.Map;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.testing.ModelPluginContract;

/** The plugin contract for the VAE, with both decoder likelihoods. */
class VaePluginTest extends ModelPluginContract {

    @Override
    protected List<Case> configurations() {
        return List.of(
                Case.of("BernoulliDecoder", VaeFactory.TYPE,
                        new VaeConfig(3, List.of(12), Activation.RELU, "bernoulli", 1.0),
                        Map.of(VaeModel.RECONSTRUCTION, 1.0, VaeModel.KL, 1.0)),
                Case.of("GaussianDecoderBetaFour", VaeFactory.TYPE,
                        new VaeConfig(2, List.of(10, 8), Activation.TANH, "gaussian", 0.1),
                        Map.of(VaeModel.RECONSTRUCTION, 1.0, VaeModel.KL, 4.0)));
    }
}
