package org.cgm4j.experiments.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Median and spread of repeats. */
class StatsTest {
    @Test
    void theMedianOfAnOddCountIsTheMiddleValueAndOfAnEvenCountTheMeanOfTheTwoMiddleOnes() {
        Stats odd = Stats.of(3, 1, 2);
        assertThat(odd.median()).isEqualTo(2);
        assertThat(odd.min()).isEqualTo(1);
        assertThat(odd.max()).isEqualTo(3);
        assertThat(odd.spread()).isEqualTo(1.0);
        assertThat(odd.values()).containsExactly(3, 1, 2);
        assertThat(Stats.of(4, 1, 2, 10).median()).isEqualTo(3);
        assertThat(Stats.of(5).spread()).isZero();
    }

    @Test
    void noValuesIsAnError() {
        assertThatThrownBy(Stats::of).isInstanceOf(IllegalArgumentException.class);
    }
}
