package org.cgm4j.models.cvae;

import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.QuadrantsTask;
import org.cgm4j.api.model.ModelConfig;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.testing.ModelPluginContract;
import org.cgm4j.api.testing.SyntheticImages;
import org.junit.jupiter.api.Nested;

/**
 * The plugin contract (YAML round trip, discovery, finite losses, save/load, seeds, and the
 * finite-difference gradient check of every update step) for the CVAE, plain and with every
 * option on, and for the baseline network.
 */
class CvaePluginTest {
    /** 8 x 8 synthetic images, one quadrant given: x and y are 64 wide, 48 pixels of y count. */
    static DataSource quadrants() {
        return SyntheticImages.source(64, 32, 8, new QuadrantsTask(1));
    }

    @Nested
    class PlainCvae extends ModelPluginContract {
        @Override
        protected String type() {
            return CvaeFactory.TYPE;
        }

        @Override
        protected ModelConfig config() {
            return CvaeConfig.of(3, List.of(12));
        }

        @Override
        protected Map<String, Double> lossWeights() {
            return Map.of(CvaeModel.RECONSTRUCTION, 1.0, CvaeModel.KL, 1.0, CvaeModel.RECONSTRUCTION_2X, 0.0,
                    CvaeModel.RECONSTRUCTION_4X, 0.0);
        }

        @Override
        protected DataSource data() {
            return quadrants();
        }
    }

    /** Gaussian likelihood, two samples, a baseline (two stages), input noise and multi-scale terms. */
    @Nested
    class CvaeWithEveryOption extends ModelPluginContract {
        @Override
        protected String type() {
            return CvaeFactory.TYPE;
        }

        @Override
        protected ModelConfig config() {
            return new CvaeConfig(2, List.of(10, 8), Activation.TANH, "gaussian", 0.5, 2, true, 1, true);
        }

        @Override
        protected Map<String, Double> lossWeights() {
            return Map.of(CvaeModel.RECONSTRUCTION, 1.0, CvaeModel.KL, 2.0, CvaeModel.RECONSTRUCTION_2X, 0.5,
                    CvaeModel.RECONSTRUCTION_4X, 0.25);
        }

        @Override
        protected DataSource data() {
            return quadrants();
        }
    }

    /** Bernoulli multi-scale terms with a baseline. */
    @Nested
    class CvaeBernoulliMultiScale extends ModelPluginContract {
        @Override
        protected String type() {
            return CvaeFactory.TYPE;
        }

        @Override
        protected ModelConfig config() {
            return new CvaeConfig(3, List.of(12), Activation.ELU, "bernoulli", 1.0, 1, true, 1, false);
        }

        @Override
        protected Map<String, Double> lossWeights() {
            return Map.of(CvaeModel.RECONSTRUCTION, 1.0, CvaeModel.KL, 1.0, CvaeModel.RECONSTRUCTION_2X, 1.0,
                    CvaeModel.RECONSTRUCTION_4X, 1.0);
        }

        @Override
        protected DataSource data() {
            return quadrants();
        }
    }

    @Nested
    class Baseline extends ModelPluginContract {
        @Override
        protected String type() {
            return BaselineFactory.TYPE;
        }

        @Override
        protected ModelConfig config() {
            return new BaselineConfig(List.of(12), Activation.RELU, "bernoulli", 1.0, true);
        }

        @Override
        protected Map<String, Double> lossWeights() {
            return Map.of(CvaeModel.RECONSTRUCTION, 1.0, CvaeModel.RECONSTRUCTION_2X, 0.5,
                    CvaeModel.RECONSTRUCTION_4X, 0.5);
        }

        @Override
        protected DataSource data() {
            return quadrants();
        }
    }
}
