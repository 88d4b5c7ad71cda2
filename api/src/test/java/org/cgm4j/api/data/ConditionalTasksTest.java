package org.cgm4j.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The class-conditional and attribute tasks: x from the labels, y the whole image, nothing masked. */
class ConditionalTasksTest {
    private static final LabelSpace TEN_CLASSES = new LabelSpace(LabelKind.CLASS, 10, List.of(), List.of());

    @Test
    void classConditionalGivesTheOneHotClassAndTheWholeImage() {
        LabeledImages images = TestData.images(7, 4, 3, 5); // classes 0..4, 0, 1
        ExampleTask task = new ClassConditionalTask().task(TEN_CLASSES);
        Examples ex = task.apply(images);
        assertThat(task.xDim(images.shape())).isEqualTo(10); // the dataset's classes, not the 5 these images show
        assertThat(ex.xDim()).isEqualTo(10);
        assertThat(ex.yDim()).isEqualTo(12);
        assertThat(ex.yMask()).isNull();
        for (int i = 0; i < 7; i++) {
            for (int k = 0; k < 10; k++) {
                assertThat(ex.x()[i * 10 + k]).isEqualTo(k == i % 5 ? 1f : 0f);
            }
            for (int j = 0; j < 12; j++) {
                assertThat(ex.y()[i * 12 + j]).isEqualTo(images.pixel(i, j));
            }
            assertThat(ex.labels()[i]).isEqualTo(i % 5);
        }
    }

    @Test
    void aClassBatchWithoutImagesHasTheOneHotOfTheRequestedClasses() {
        ClassConditionalTask.OneHot task = new ClassConditionalTask().task(
                new LabelSpace(LabelKind.CLASS, 3, List.of("cat", "dog", "owl"), List.of()));
        Batch b = task.batch(new int[] {2, 0}, 5, DataType.FLOAT);
        assertThat(b.x().toFloatMatrix()).isEqualTo(new float[][] {{0, 0, 1}, {1, 0, 0}});
        assertThat(b.y().shape()).containsExactly(2, 5);
        assertThat(b.labels()).containsExactly(2, 0);
        assertThat(task.caption(1)).isEqualTo("dog");
        assertThatThrownBy(() -> task.batch(new int[] {3}, 5, DataType.FLOAT))
                .hasMessage("class 3 is outside the 3 classes 0..2");
    }

    @Test
    void classConditionalNeedsClassLabels() {
        LabelSpace attributes = new LabelSpace(LabelKind.ATTRIBUTES, 0, List.of(), List.of("smiling"));
        assertThatThrownBy(() -> new ClassConditionalTask().task(attributes))
                .hasMessage("data.task classConditional needs a dataset labelled by class (at least 2 classes);"
                        + " the dataset's labels are attributes");
        assertThatThrownBy(() -> new AttributesTask().task(TEN_CLASSES))
                .hasMessage("data.task attributes needs a dataset labelled by binary attributes; the dataset's labels"
                        + " are class");
    }

    @Test
    void attributesGiveTheAttributeVectorAndTheWholeImage() {
        ImageShape shape = new ImageShape(3, 2, 2);
        int n = 4;
        byte[] pixels = new byte[n * shape.size()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 13);
        }
        byte[] attributes = {1, 0, 0, 1, 1, 1, 0, 0}; // [4, 2]
        LabeledImages images =
                LabeledImages.withAttributes(shape, n, pixels, attributes, List.of("smiling", "glasses"));
        DataSource data = DataSource.of("attrs", images, images, new AttributesTask());
        assertThat(data.spec().xDim()).isEqualTo(2);
        assertThat(data.spec().yDim()).isEqualTo(12);
        Examples ex = data.examples(Split.TRAIN);
        assertThat(ex.yMask()).isNull();
        for (int i = 0; i < n; i++) {
            assertThat(ex.x()[i * 2]).isEqualTo(attributes[i * 2]);
            assertThat(ex.x()[i * 2 + 1]).isEqualTo(attributes[i * 2 + 1]);
            for (int j = 0; j < 12; j++) {
                assertThat(ex.y()[i * 12 + j]).isEqualTo(images.pixel(i, j));
            }
        }
        Batch b = data.batch(Split.TEST, new int[] {2, 3}, DataType.FLOAT);
        assertThat(b.x().toFloatMatrix()).isEqualTo(new float[][] {{1, 1}, {0, 0}});
    }

    @Test
    void aClassConditionalSourceOfALimitedDatasetKeepsTheWholeDatasetsClasses() {
        LabeledImages all = TestData.images(40, 2, 2, 10);
        DatasetSplits full = new DatasetSplits("s", all, all, java.util.Map.of(), "synthetic");
        DataSource few = DataSource.create(
                new DataConfig(DatasetRegistry.MNIST_10K, null, new ClassConditionalTask(), 8, 3, 3), full);
        assertThat(few.spec().xDim()).isEqualTo(10);
        assertThat(few.examples(Split.TRAIN).xDim()).isEqualTo(10);
    }
}
