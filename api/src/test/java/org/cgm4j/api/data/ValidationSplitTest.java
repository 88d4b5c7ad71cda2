package org.cgm4j.api.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValidationSplitTest {
    /** 1,000 images of 10 classes, 100 each. */
    private static LabeledImages images() {
        return TestData.images(1000, 4, 4, 10);
    }

    private static int[] classCounts(LabeledImages images) {
        int[] counts = new int[10];
        for (int i = 0; i < images.count(); i++) {
            counts[images.label(i)]++;
        }
        return counts;
    }

    @Test
    void theValidationImagesAreDisjointFromTrainingAndTogetherTheyAreAll() {
        LabeledImages all = images();
        ValidationSplit s = ValidationSplit.of(all, 0.1);
        int[] held = s.validationIndices();
        assertThat(held).isSorted();
        Set<Integer> heldSet = new HashSet<>();
        Arrays.stream(held).forEach(heldSet::add);
        assertThat(heldSet).hasSize(held.length);
        assertThat(s.train().count() + s.validation().count()).isEqualTo(all.count());
        // every held-out image is the image at its index; the others, in order, are the training images
        int ppi = all.pixelsPerImage();
        int t = 0;
        int v = 0;
        for (int i = 0; i < all.count(); i++) {
            LabeledImages part = heldSet.contains(i) ? s.validation() : s.train();
            int k = heldSet.contains(i) ? v++ : t++;
            assertThat(Arrays.copyOfRange(part.pixels(), k * ppi, (k + 1) * ppi))
                    .isEqualTo(Arrays.copyOfRange(all.pixels(), i * ppi, (i + 1) * ppi));
            assertThat(part.label(k)).isEqualTo(all.label(i));
        }
    }

    @Test
    void theSplitIsStratifiedByClassAndTheSameEveryTime() {
        LabeledImages all = images();
        ValidationSplit a = ValidationSplit.of(all, 0.1);
        ValidationSplit b = ValidationSplit.of(images(), 0.1);
        assertThat(b.validationIndices()).isEqualTo(a.validationIndices());
        assertThat(b.indicesSha256()).isEqualTo(a.indicesSha256()).hasSize(64);
        int[] total = classCounts(all);
        int[] held = classCounts(a.validation());
        for (int c = 0; c < 10; c++) {
            assertThat(held[c]).as("class %d", c).isEqualTo((int) Math.round(0.1 * total[c]));
        }
        assertThat(ValidationSplit.of(all, 0.2).indicesSha256()).isNotEqualTo(a.indicesSha256());
    }

    @Test
    void aDataSourceTrainsOnTheRestAndServesTheValidationSplit() {
        DatasetSplits full = new DatasetSplits("t", images(), TestData.images(50, 4, 4, 10), Map.of(), "synthetic");
        DataConfig plain = new DataConfig(DatasetRegistry.MNIST_10K, null, new UnconditionalTask(), 10, 0, 0);
        DataConfig held = new DataConfig(DatasetRegistry.MNIST_10K, null, new UnconditionalTask(), 10, 0, 0, 0.1);
        DataSource without = DataSource.create(plain, full);
        DataSource with = DataSource.create(held, full);
        assertThat(without.size(Split.VALIDATION)).isZero();
        assertThat(without.validationSplit()).isNull();
        assertThat(with.size(Split.VALIDATION)).isEqualTo(with.validationSplit().validation().count()).isPositive();
        assertThat(with.size(Split.TRAIN) + with.size(Split.VALIDATION)).isEqualTo(without.size(Split.TRAIN));
        assertThat(with.size(Split.TEST)).isEqualTo(without.size(Split.TEST));
        // the training batches of an epoch cover the remaining images only
        assertThat(with.epochBatches(1, 0, 10).stream().mapToInt(b -> b.length).sum()).isEqualTo(with.size(Split.TRAIN));
        assertThat(with.batch(Split.VALIDATION, new int[] {0}, org.nd4j.linalg.api.buffer.DataType.FLOAT).y()
                .getFloat(0, 0)).isEqualTo(with.examples(Split.VALIDATION).y()[0]);
    }
}
