package org.cgm4j.models.latentconstraints;

import java.util.List;
import java.util.Map;
import org.cgm4j.api.model.ModelConfig;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.testing.ModelPluginContract;
import org.junit.jupiter.api.Nested;

/** The plugin contract for the VAE, with both decoder likelihoods. */
class VaePluginTest {
    @Nested
    class BernoulliDecoder extends ModelPluginContract {
        @Override
        protected String type() {
            return VaeFactory.TYPE;
        }

        @Override
        protected ModelConfig config() {
            return new VaeConfig(3, List.of(12), Activation.RELU, "bernoulli", 1.0);
        }

        @Override
        protected Map<String, Double> lossWeights() {
            return Map.of(VaeModel.RECONSTRUCTION, 1.0, VaeModel.KL, 1.0);
        }
    }

    @Nested
    class GaussianDecoderBetaFour extends ModelPluginContract {
        @Override
        protected String type() {
            return VaeFactory.TYPE;
        }

        @Override
        protected ModelConfig config() {
            return new VaeConfig(2, List.of(10, 8), Activation.TANH, "gaussian", 0.1);
        }

        @Override
        protected Map<String, Double> lossWeights() {
            return Map.of(VaeModel.RECONSTRUCTION, 1.0, VaeModel.KL, 4.0);
        }
    }
}
