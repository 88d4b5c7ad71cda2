package org.cgm4j.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A loss weight's spec carries its default: the loss defaults of a factory are derived from it. */
class LossWeightSpecTest {
    @Test
    void aDefaultOutsideTheRangeIsRefused() {
        assertThatThrownBy(() -> new LossWeightSpec("alpha", 1.5, 0, 1, "a share"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the default of loss weight 'alpha' is 1.5, outside its range [0, 1]");
        assertThatThrownBy(() -> LossWeightSpec.nonNegative("kl", -1, "a weight"))
                .hasMessageContaining("outside its range >= 0");
    }

    @Test
    void lossDefaultsListEverySpecAtItsDefaultInOrder() {
        List<LossWeightSpec> specs = List.of(new LossWeightSpec("alpha", 0.25, 0, 1, "a share"),
                LossWeightSpec.nonNegative("reconstruction", 1.0, "a weight"),
                LossWeightSpec.nonNegative("kl", 0.5, "a weight"));
        ModelFactory<ModelConfig> factory = new ModelFactory<>() {
            @Override
            public String type() {
                return "t";
            }

            @Override
            public Class<ModelConfig> configType() {
                return ModelConfig.class;
            }

            @Override
            public String description() {
                return "";
            }

            @Override
            public List<LossWeightSpec> lossWeights() {
                return specs;
            }

            @Override
            public String defaultsResource() {
                return "none";
            }

            @Override
            public ConditionalGenerativeModel create(ModelConfig config, ModelContext context) {
                throw new UnsupportedOperationException();
            }
        };
        assertThat(factory.lossDefaults()).containsExactly(java.util.Map.entry("alpha", 0.25),
                java.util.Map.entry("reconstruction", 1.0), java.util.Map.entry("kl", 0.5));
        assertThat(LossWeights.of(factory.lossDefaults(), specs).asMap()).isEqualTo(factory.lossDefaults());
    }
}
