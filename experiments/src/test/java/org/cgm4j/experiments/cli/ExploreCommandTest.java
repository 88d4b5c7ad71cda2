package org.cgm4j.experiments.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cgm4j explore}'s interpolations between two latent codes. */
class ExploreCommandTest {
    @Test
    void slerpKeepsTheNormOfCodesOfEqualNormAndEndsAtBoth() {
        double[] a = {3, 0, 0};
        double[] b = {0, 3, 0};
        assertThat(ExploreCommand.slerp(a, b, 0)).containsExactly(a, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(ExploreCommand.slerp(a, b, 1)).containsExactly(b, org.assertj.core.data.Offset.offset(1e-12));
        double[] mid = ExploreCommand.slerp(a, b, 0.5);
        assertThat(Math.hypot(mid[0], mid[1])).isCloseTo(3, org.assertj.core.data.Offset.offset(1e-12));
        double[] line = ExploreCommand.lerp(a, b, 0.5);
        assertThat(Math.hypot(line[0], line[1])).isCloseTo(3 / Math.sqrt(2), org.assertj.core.data.Offset.offset(1e-12));
    }
}
