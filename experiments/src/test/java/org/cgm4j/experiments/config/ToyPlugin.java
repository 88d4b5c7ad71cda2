package org.cgm4j.experiments.config;

import java.util.List;
import org.cgm4j.api.model.ConditionalGenerativeModel;
import org.cgm4j.api.model.LossWeightSpec;
import org.cgm4j.api.model.ModelConfig;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.ModelFactory;
import org.cgm4j.api.plugin.ModelPlugin;

/**
 * A test-only plugin registering model type {@code toy}: a second model type, so that tests can
 * switch {@code model.type}. It builds no model.
 */
final class ToyPlugin extends ModelPlugin {
    @Override
    protected void register() {
        registerModel(new ToyFactory());
    }

    /** The architecture of the toy model: a width and a scale. */
    record ToyConfig(int width, double scale) implements ModelConfig {
        ToyConfig {
            if (width < 1) {
                throw new IllegalArgumentException("model.width must be >= 1, got " + width);
            }
        }
    }

    /** Registers {@code toy} with the loss weights reconstruction (>= 0) and alpha in [0, 1]. */
    static final class ToyFactory implements ModelFactory<ToyConfig> {
        private final String defaults;

        /** With the shipped toy defaults. */
        ToyFactory() {
            this("org/cgm4j/experiments/config/toy-defaults.yaml");
        }

        /** With the defaults resource {@code defaults}. */
        ToyFactory(String defaults) {
            this.defaults = defaults;
        }

        @Override
        public String type() {
            return "toy";
        }

        @Override
        public Class<ToyConfig> configType() {
            return ToyConfig.class;
        }

        @Override
        public String description() {
            return "a test-only model type";
        }

        @Override
        public List<LossWeightSpec> lossWeights() {
            return List.of(
                    LossWeightSpec.nonNegative("reconstruction", 1.0, "weight of the reconstruction term"),
                    new LossWeightSpec("alpha", 0.5, 0, 1, "a mixing weight"));
        }

        @Override
        public String defaultsResource() {
            return defaults;
        }

        @Override
        public ConditionalGenerativeModel create(ToyConfig config, ModelContext context) {
            throw new UnsupportedOperationException("the toy model type is for definition tests only");
        }
    }
}
