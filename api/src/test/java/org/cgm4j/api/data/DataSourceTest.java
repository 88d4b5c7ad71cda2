package org.cgm4j.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.cgm4j.api.rng.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class DataSourceTest {
    private static final Offset<Double> EXACT = Offset.offset(0.0);

    @TempDir
    Path tmp;

    private static DataSource quadrants(int trainCount) {
        return DataSource.of(
                "synthetic", TestData.images(trainCount, 4, 4, 3), TestData.images(5, 4, 4, 3), new QuadrantsTask(1));
    }

    @Test
    void epochBatchesCoverEveryIndexOnceAndAreReproducible() {
        DataSource source = quadrants(103);
        List<int[]> batches = source.epochBatches(42, 3, 10);
        assertThat(batches).hasSize(11);
        assertThat(batches.subList(0, 10)).allSatisfy(b -> assertThat(b).hasSize(10));
        assertThat(batches.get(10)).hasSize(3);
        int[] all = batches.stream().flatMapToInt(Arrays::stream).toArray();
        assertThat(all).hasSize(103);
        assertThat(Arrays.stream(all).sorted().toArray())
                .isEqualTo(IntStream.range(0, 103).toArray());
        assertThat(all).isNotEqualTo(IntStream.range(0, 103).toArray()); // shuffled

        List<int[]> again = quadrants(103).epochBatches(42, 3, 10);
        assertThat(again).zipSatisfy(batches, (a, b) -> assertThat(a).containsExactly(b));
        int[] otherEpoch = source.epochBatches(42, 4, 10).stream()
                .flatMapToInt(Arrays::stream)
                .toArray();
        int[] otherSeed = source.epochBatches(43, 3, 10).stream()
                .flatMapToInt(Arrays::stream)
                .toArray();
        assertThat(otherEpoch).isNotEqualTo(all);
        assertThat(otherSeed).isNotEqualTo(all);
        // The permutation is exactly the documented stream's.
        assertThat(all).containsExactly(Rng.derive(42, "shuffle/3").permutation(103));
    }

    @Test
    void sequentialBatchesKeepOrderAndTheRemainder() {
        DataSource source = quadrants(7);
        assertThat(source.sequentialBatches(Split.TEST, 2))
                .containsExactly(new int[] {0, 1}, new int[] {2, 3}, new int[] {4});
        assertThat(source.sequentialBatches(Split.TRAIN, 100)).containsExactly(new int[] {0, 1, 2, 3, 4, 5, 6});
        assertThatThrownBy(() -> source.sequentialBatches(Split.TRAIN, 0))
                .hasMessageContaining("batchSize must be >= 1, got 0");
    }

    @Test
    void batchesHoldTheSelectedRowsInTheRequestedType() {
        DataSource source = quadrants(10);
        Examples ex = source.examples(Split.TRAIN);
        int[] rows = {7, 2, 7};
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Batch b = source.batch(Split.TRAIN, rows, type);
            assertThat(b.size()).isEqualTo(3);
            assertThat(b.x().shape()).containsExactly(3, 16);
            assertThat(b.y().shape()).containsExactly(3, 16);
            assertThat(b.yMask().shape()).containsExactly(3, 16);
            assertThat(b.x().dataType()).isEqualTo(type);
            assertThat(b.y().dataType()).isEqualTo(type);
            assertThat(b.labels()).containsExactly(ex.labels()[7], ex.labels()[2], ex.labels()[7]);
            for (int k = 0; k < rows.length; k++) {
                for (int j = 0; j < 16; j++) {
                    assertThat(b.y().getDouble(k, j)).isEqualTo(ex.y()[rows[k] * 16 + j], EXACT);
                    assertThat(b.x().getDouble(k, j)).isEqualTo(ex.x()[rows[k] * 16 + j], EXACT);
                    assertThat(b.yMask().getDouble(k, j)).isEqualTo(ex.yMask()[rows[k] * 16 + j], EXACT);
                }
            }
        }
        assertThatThrownBy(() -> source.batch(Split.TEST, new int[] {5}, DataType.FLOAT))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("index 5 is outside the 5 TEST examples");
        assertThatThrownBy(() -> source.batch(Split.TRAIN, new int[] {0}, DataType.INT))
                .hasMessageContaining("FLOAT or DOUBLE");
    }

    @Test
    void aBatchWritesIntoTheArraysOfAnEarlierOneWhenTheyFit() {
        DataSource source = quadrants(10);
        int[] first = {0, 1, 2};
        int[] second = {7, 3, 5};
        Batch a = source.batch(Split.TRAIN, first, DataType.FLOAT);
        Batch reused = source.batch(Split.TRAIN, second, DataType.FLOAT, a);
        Batch fresh = source.batch(Split.TRAIN, second, DataType.FLOAT);
        assertThat(reused.x()).isSameAs(a.x());
        assertThat(reused.y()).isSameAs(a.y());
        assertThat(reused.yMask()).isSameAs(a.yMask());
        assertThat(reused.x()).isEqualTo(fresh.x());
        assertThat(reused.y()).isEqualTo(fresh.y());
        assertThat(reused.yMask()).isEqualTo(fresh.yMask());
        assertThat(reused.labels()).containsExactly(fresh.labels());
        // Another size or type, or freed arrays: new arrays.
        Batch other = source.batch(Split.TRAIN, new int[] {1, 2}, DataType.FLOAT, reused);
        assertThat(other.y()).isNotSameAs(reused.y());
        assertThat(source.batch(Split.TRAIN, second, DataType.DOUBLE, reused).y()).isNotSameAs(reused.y());
        reused.y().close();
        Batch afterClose = source.batch(Split.TRAIN, second, DataType.FLOAT, reused);
        assertThat(afterClose.y()).isNotSameAs(reused.y()).isEqualTo(fresh.y());
    }

    @Test
    void unconditionalBatchesHaveNoXAndNoMask() {
        DataSource source =
                DataSource.of("s", TestData.images(4, 2, 2, 2), TestData.images(2, 2, 2, 2), new UnconditionalTask());
        assertThat(source.spec()).isEqualTo(new DataSpec(0, 4, 2, 2, 2));
        Batch b = source.batch(Split.TRAIN, new int[] {1, 3}, DataType.FLOAT);
        assertThat(b.x()).isNull();
        assertThat(b.yMask()).isNull();
        assertThat(b.y().shape()).containsExactly(2, 4);
    }

    @Test
    void createAppliesLimitsAndTheTaskToARegistryDataset() {
        DatasetRegistry registry = new DatasetRegistry(tmp);
        DataConfig config = new DataConfig(DatasetRegistry.MNIST_10K, null, new QuadrantsTask(2), 64, 100, 50);
        DataSource source = DataSource.create(config, registry);
        assertThat(source.size(Split.TRAIN)).isEqualTo(100);
        assertThat(source.size(Split.TEST)).isEqualTo(50);
        // A fixed sample across the digit-sorted file: every class is present.
        assertThat(source.spec()).isEqualTo(new DataSpec(784, 784, 28, 28, 10));
        assertThat(source.splits().train().numClasses()).isEqualTo(10);
        assertThat(source.splits().origin()).isEqualTo("embedded");
        assertThat(source.splits().sha256()).hasSize(4);

        DataSource all = DataSource.create(
                new DataConfig(DatasetRegistry.MNIST_10K, null, new UnconditionalTask(), 64, 0, 0), registry);
        assertThat(all.size(Split.TRAIN)).isEqualTo(8004);
        assertThat(all.size(Split.TEST)).isEqualTo(1996);
        assertThat(all.spec().xDim()).isZero();
        assertThat(all.epochBatches(1, 0, 128)).hasSize(63);
    }
}
