package org.cgm4j.api.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LimitSampleTest {
    @Test
    void aLimitOnTheDigitSortedEmbeddedSetStillSamplesEveryClassTheSameWayEachTime() {
        DataConfig cfg = new DataConfig(DatasetRegistry.MNIST_10K, null, new UnconditionalTask(), 32, 256, 100);
        DataSource a = DataSource.create(cfg, DatasetRegistry.defaults());
        DataSource b = DataSource.create(cfg, DatasetRegistry.defaults());
        assertThat(a.size(Split.TRAIN)).isEqualTo(256);
        assertThat(a.size(Split.TEST)).isEqualTo(100);
        int[] counts = new int[10];
        for (int l : a.examples(Split.TRAIN).labels()) {
            counts[l]++;
        }
        assertThat(Arrays.stream(counts).min().getAsInt()).as(Arrays.toString(counts)).isGreaterThan(5);
        assertThat(a.examples(Split.TRAIN)).isEqualTo(b.examples(Split.TRAIN));
    }
}
