package org.cgm4j.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.cgm4j.api.rng.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The occlusion task: a square block hidden, fixed per evaluation image, drawn anew every training epoch. */
class OcclusionTaskTest {
    private static final int SIDE = 8;
    private static final int BLOCK = 3;

    private static DataSource source() {
        return DataSource.of("s", TestData.images(20, SIDE, SIDE, 4), TestData.images(6, SIDE, SIDE, 4),
                new OcclusionTask(BLOCK));
    }

    /** The top-left corner of the block of row {@code i}, after checking that the mask is exactly one square block. */
    private static int[] block(float[] x, float[] y, float[] mask, int i, int channels) {
        int plane = SIDE * SIDE;
        int top = -1;
        int left = -1;
        for (int j = 0; j < plane && top < 0; j++) {
            if (mask[i * plane * channels + j] == 1f) {
                top = j / SIDE;
                left = j % SIDE;
            }
        }
        assertThat(top).isBetween(0, SIDE - BLOCK);
        assertThat(left).isBetween(0, SIDE - BLOCK);
        for (int ch = 0; ch < channels; ch++) {
            for (int r = 0; r < SIDE; r++) {
                for (int c = 0; c < SIDE; c++) {
                    int j = i * plane * channels + ch * plane + r * SIDE + c;
                    boolean inside = r >= top && r < top + BLOCK && c >= left && c < left + BLOCK;
                    assertThat(mask[j]).isEqualTo(inside ? 1f : 0f);
                    assertThat(x[j]).isEqualTo(inside ? QuadrantsTask.HIDDEN : y[j]);
                }
            }
        }
        return new int[] {top, left};
    }

    @Test
    void theMaskIsTheHiddenBlockExactlyAndYIsTheImage() {
        LabeledImages images = TestData.images(5, SIDE, SIDE, 3);
        Examples ex = new OcclusionTask(BLOCK).apply(images);
        assertThat(ex.xDim()).isEqualTo(SIDE * SIDE);
        for (int i = 0; i < 5; i++) {
            block(ex.x(), ex.y(), ex.yMask(), i, 1);
            for (int j = 0; j < SIDE * SIDE; j++) {
                assertThat(ex.y()[i * SIDE * SIDE + j]).isEqualTo(images.pixel(i, j));
            }
        }
    }

    @Test
    void aBlockHidesEveryChannelOfItsPixels() {
        LabeledImages rgb = org.cgm4j.api.testing.SyntheticImages.rgb(4, SIDE, 2, 3);
        Examples ex = new OcclusionTask(BLOCK).apply(rgb);
        for (int i = 0; i < 4; i++) {
            block(ex.x(), ex.y(), ex.yMask(), i, 3);
        }
    }

    @Test
    void testBlocksAreFixedAcrossCallsAndRunsAndVaryOverImages() {
        Examples a = source().examples(Split.TEST);
        Examples b = source().examples(Split.TEST); // another source, as another run builds it
        assertThat(a).isEqualTo(b);
        assertThat(new OcclusionTask(BLOCK).apply(TestData.images(6, SIDE, SIDE, 4))).isEqualTo(a);
        long distinct = java.util.stream.IntStream.range(0, 6)
                .mapToObj(i -> Arrays.toString(block(a.x(), a.y(), a.yMask(), i, 1))).distinct().count();
        assertThat(distinct).isGreaterThan(1);
    }

    @Test
    void trainingBlocksChangeAcrossEpochsAndAreAFunctionOfSeedEpochAndImage() {
        DataSource data = source();
        int[] all = new int[20];
        Arrays.setAll(all, i -> i);
        float[][] epoch0 = data.trainingBatch(7, 0, all, DataType.FLOAT).yMask().toFloatMatrix();
        float[][] epoch1 = data.trainingBatch(7, 1, all, DataType.FLOAT).yMask().toFloatMatrix();
        assertThat(epoch1).isNotEqualTo(epoch0);
        // the same epoch again, from a new source (a resumed run), in other batches and order
        DataSource resumed = source();
        float[][] again = resumed.trainingBatch(7, 1, new int[] {19, 3, 0}, DataType.FLOAT).yMask().toFloatMatrix();
        assertThat(again[0]).isEqualTo(epoch1[19]);
        assertThat(again[1]).isEqualTo(epoch1[3]);
        assertThat(again[2]).isEqualTo(epoch1[0]);
        // another seed, other blocks
        assertThat(data.trainingBatch(8, 1, all, DataType.FLOAT).yMask().toFloatMatrix()).isNotEqualTo(epoch1);
        var batch = data.trainingBatch(7, 1, all, DataType.FLOAT);
        float[][] x = batch.x().toFloatMatrix();
        float[][] y = batch.y().toFloatMatrix();
        for (int i = 0; i < 20; i++) {
            block(x[i], y[i], epoch1[i], 0, 1);
        }
    }

    @Test
    void aTaskThatDrawsNothingTrainsOnItsFixedExamples() {
        DataSource quadrants = DataSource.of("s", TestData.images(10, 4, 4, 2), TestData.images(2, 4, 4, 2),
                new QuadrantsTask(1));
        int[] idx = {4, 1, 7};
        var a = quadrants.trainingBatch(3, 5, idx, DataType.FLOAT);
        var b = quadrants.batch(Split.TRAIN, idx, DataType.FLOAT);
        assertThat(a.x().toFloatMatrix()).isEqualTo(b.x().toFloatMatrix());
        assertThat(a.yMask().toFloatMatrix()).isEqualTo(b.yMask().toFloatMatrix());
        assertThat(new QuadrantsTask(1).variesByEpoch()).isFalse();
        assertThat(new OcclusionTask(1).variesByEpoch()).isTrue();
    }

    @Test
    void aBlockLargerThanTheImageIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> new OcclusionTask(0)).hasMessage("data.task.size must be >= 1, got 0");
        assertThatThrownBy(() -> new OcclusionTask(9).apply(TestData.images(1, SIDE, SIDE, 1)))
                .hasMessage("data.task.size 9 does not fit in images of 8 x 8 pixels; allowed: 1 to 8");
    }

    @Test
    void drawsComeFromTheGivenStreamsRowThenColumn() {
        Rng probe = Rng.derive(5, "p");
        int top = probe.nextInt(SIDE - BLOCK + 1);
        int left = probe.nextInt(SIDE - BLOCK + 1);
        Examples ex = new OcclusionTask(BLOCK).apply(TestData.images(1, SIDE, SIDE, 1), i -> Rng.derive(5, "p"));
        assertThat(block(ex.x(), ex.y(), ex.yMask(), 0, 1)).containsExactly(top, left);
    }
}
