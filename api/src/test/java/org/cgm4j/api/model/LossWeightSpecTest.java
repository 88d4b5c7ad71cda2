package org.cgm4j.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A loss weight's spec carries its default, within its range (factories' loss defaults: PluginRegistryTest). */
class LossWeightSpecTest {
    @Test
    void aDefaultOutsideTheRangeIsRefused() {
        assertThatThrownBy(() -> new LossWeightSpec("alpha", 1.5, 0, 1, "a share"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the default of loss weight 'alpha' is 1.5, outside its range [0, 1]");
        assertThatThrownBy(() -> LossWeightSpec.nonNegative("kl", -1, "a weight"))
                .hasMessageContaining("outside its range >= 0");
    }
}
