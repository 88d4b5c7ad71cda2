package org.cgm4j.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageShapeTest {
    @Test
    void indexesAreChannelPlanarRowMajor() {
        ImageShape s = new ImageShape(3, 2, 4);
        assertThat(s.size()).isEqualTo(24);
        assertThat(s.plane()).isEqualTo(8);
        assertThat(s.index(0, 0, 0)).isZero();
        assertThat(s.index(0, 1, 3)).isEqualTo(7);
        assertThat(s.index(1, 0, 0)).as("channel 1 starts after all of channel 0").isEqualTo(8);
        assertThat(s.index(2, 1, 2)).isEqualTo(2 * 8 + 4 + 2);
        assertThat(s).hasToString("3 x 2 x 4");
        assertThat(ImageShape.grey(28, 28)).isEqualTo(new ImageShape(1, 28, 28));
    }

    @Test
    void nonPositiveOrHugeSizesAreRefused() {
        assertThatThrownBy(() -> new ImageShape(0, 2, 2)).hasMessageContaining("0 x 2 x 2");
        assertThatThrownBy(() -> new ImageShape(1, -1, 2)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new ImageShape(3, 40_000, 40_000)).hasMessageContaining("too large");
    }
}
