package org.cgm4j.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Closed-form cases of each filter on pixel centres. */
class ImageResizerTest {
    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void areaAveragesTheCoveredPixels() {
        // 2x4 -> 1x2: each target covers a 2x2 block.
        byte[] src = bytes(0, 100, 200, 40, 20, 120, 220, 60);
        assertThat(ImageResizer.resize(src, 2, 4, 1, 2, ImageResizer.AREA)).isEqualTo(bytes(60, 130));
        // 1x3 -> 1x2: target 0 covers [0, 1.5): (1 * 0 + 0.5 * 90) / 1.5 = 30; target 1: (0.5 * 90 + 1 * 210) / 1.5 = 170.
        assertThat(ImageResizer.resize(bytes(0, 90, 210), 1, 3, 1, 2, ImageResizer.AREA)).isEqualTo(bytes(30, 170));
    }

    @Test
    void nearestTakesThePixelUnderTheCentre() {
        // 1x4 -> 1x2: centres 0.5 and 1.5 scaled by 2 are 1.0 and 3.0: source pixels 1 and 3.
        assertThat(ImageResizer.resize(bytes(10, 20, 30, 40), 1, 4, 1, 2, ImageResizer.NEAREST))
                .isEqualTo(bytes(20, 40));
        // 1x2 -> 1x4 repeats each pixel twice.
        assertThat(ImageResizer.resize(bytes(10, 20), 1, 2, 1, 4, ImageResizer.NEAREST))
                .isEqualTo(bytes(10, 10, 20, 20));
    }

    @Test
    void bilinearInterpolatesBetweenCentresAndClampsAtTheEdges() {
        // 1x2 -> 1x4: source coordinates -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
        assertThat(ImageResizer.resize(bytes(0, 200), 1, 2, 1, 4, ImageResizer.BILINEAR))
                .isEqualTo(bytes(0, 50, 150, 200));
        // 1x4 -> 1x2: source coordinates 0.5 and 2.5, the means of neighbours.
        assertThat(ImageResizer.resize(bytes(0, 100, 200, 40), 1, 4, 1, 2, ImageResizer.BILINEAR))
                .isEqualTo(bytes(50, 120));
        // The same size is the identity for every filter.
        byte[] src = bytes(3, 1, 4, 1, 5, 9);
        for (String f : ImageResizer.FILTERS) {
            assertThat(ImageResizer.resize(src, 2, 3, 2, 3, f)).isEqualTo(src);
        }
    }

    @Test
    void unknownFiltersAreRefused() {
        assertThatThrownBy(() -> ImageResizer.resize(bytes(1), 1, 1, 1, 1, "bicubic"))
                .hasMessageContaining("bicubic");
    }
}
