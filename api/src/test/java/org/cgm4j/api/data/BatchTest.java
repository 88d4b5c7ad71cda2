package org.cgm4j.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BatchTest {
    private static Batch batch() {
        INDArray x = Nd4j.linspace(1, 6, 6, DataType.FLOAT).reshape(2, 3);
        INDArray y = Nd4j.linspace(10, 17, 8, DataType.FLOAT).reshape(2, 4);
        INDArray mask = Nd4j.createFromArray(new float[][] {{1, 0, 1, 0}, {0, 1, 0, 1}});
        return new Batch(x, y, mask, new int[] {3, 7});
    }

    @Test
    void repeatStacksTheWholeBatchTimesOver() {
        Batch b = batch();
        Batch r = b.repeat(3);
        assertThat(r.size()).isEqualTo(6);
        assertThat(r.labels()).containsExactly(3, 7, 3, 7, 3, 7);
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < 2; i++) {
                // row s * n + i is example i
                assertThat(r.x().getRow(s * 2 + i)).isEqualTo(b.x().getRow(i));
                assertThat(r.y().getRow(s * 2 + i)).isEqualTo(b.y().getRow(i));
                assertThat(r.yMask().getRow(s * 2 + i)).isEqualTo(b.yMask().getRow(i));
            }
        }
        assertThat(r.y()).isEqualTo(Nd4j.tile(b.y(), 3, 1));
        assertThat(b.repeat(1)).isSameAs(b);
        assertThatThrownBy(() -> b.repeat(0)).hasMessageContaining("times must be >= 1");
    }

    @Test
    void repeatKeepsAMissingInputMissing() {
        Batch b = new Batch(null, Nd4j.ones(DataType.FLOAT, 2, 4), null, new int[] {0, 1});
        Batch r = b.repeat(2);
        assertThat(r.x()).isNull();
        assertThat(r.yMask()).isNull();
        assertThat(r.y().shape()).containsExactly(4, 4);
    }
}
