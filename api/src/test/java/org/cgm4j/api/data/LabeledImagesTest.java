package org.cgm4j.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabeledImagesTest {
    private static final ImageShape RGB = new ImageShape(3, 2, 2);

    /** Image i holds the values 12 * i + 0 .. 12 * i + 11 (3 channels of 2 x 2). */
    private static byte[] counting(int n) {
        byte[] p = new byte[n * RGB.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) i;
        }
        return p;
    }

    @Test
    void selectCopiesWholeImagesWithAllTheirChannelsAndLabels() {
        LabeledImages images = LabeledImages.withClasses(RGB, 3, counting(3), new int[] {2, 0, 1},
                List.of("cat", "dog", "owl"));
        LabeledImages picked = images.select(new int[] {2, 0});
        assertThat(picked.shape()).isEqualTo(RGB);
        assertThat(picked.count()).isEqualTo(2);
        assertThat(picked.pixels()[0]).isEqualTo((byte) 24);
        assertThat(picked.pixels()[11]).as("channel 2 of image 2 comes along").isEqualTo((byte) 35);
        assertThat(picked.pixels()[12]).isEqualTo((byte) 0);
        assertThat(picked.labels()).containsExactly(1, 2);
        assertThat(picked.classNames()).containsExactly("cat", "dog", "owl");
        assertThat(picked.numClasses()).as("named classes count even when a subset lacks some").isEqualTo(3);
        assertThat(images.pixel(1, RGB.index(2, 1, 1))).isEqualTo(23 / 255f);
        assertThat(images.pixelsPerImage()).isEqualTo(12);
    }

    @Test
    void attributeVectorsAreKeptPerImageAndMustBeBinary() {
        byte[] attrs = {1, 0, 0, 1, 1, 1};
        LabeledImages images = LabeledImages.withAttributes(RGB, 3, counting(3), attrs, List.of("smiling", "hat"));
        assertThat(images.labelKind()).isEqualTo(LabelKind.ATTRIBUTES);
        assertThat(images.numAttributes()).isEqualTo(2);
        assertThat(images.attribute(1, 1)).isEqualTo(1);
        assertThat(images.attribute(1, 0)).isZero();
        assertThat(images.label(0)).as("no class").isEqualTo(-1);
        assertThat(images.numClasses()).isZero();
        LabeledImages head = images.head(2);
        assertThat(head.attribute(1, 1)).isEqualTo(1);
        assertThat(head.attributeNames()).containsExactly("smiling", "hat");

        assertThatThrownBy(() -> LabeledImages.withAttributes(RGB, 3, counting(3), new byte[] {1, 0, 0, 2, 1, 1},
                        List.of("smiling", "hat")))
                .hasMessageContaining("0 or 1").hasMessageContaining("image 1").hasMessageContaining("hat");
        assertThatThrownBy(() -> LabeledImages.withAttributes(RGB, 3, counting(3), new byte[5], List.of("a", "b")))
                .hasMessageContaining("count * attributes = 3 * 2 = 6, got 5");
    }

    @Test
    void unlabelledImagesHaveNoClassesAndSplitAsOneGroup() {
        LabeledImages images = LabeledImages.unlabelled(RGB, 10, counting(10));
        assertThat(images.labelKind()).isEqualTo(LabelKind.NONE);
        assertThat(images.labels()).containsOnly(-1);
        ValidationSplit split = ValidationSplit.of(images, 0.3);
        assertThat(split.validation().count()).isEqualTo(3);
        assertThat(split.train().count()).isEqualTo(7);
        assertThat(split.validation().shape()).isEqualTo(RGB);
    }

    @Test
    void sizesThatDoNotFitAreRefusedWithTheArithmetic() {
        assertThatThrownBy(() -> LabeledImages.unlabelled(RGB, 2, new byte[23]))
                .hasMessageContaining("count * channels * rows * cols = 2 * 3 * 2 * 2 = 24, got 23");
        assertThatThrownBy(() -> LabeledImages.withClasses(RGB, 2, new byte[24], new int[] {0, 3}, List.of("a", "b")))
                .hasMessageContaining("class 3 of image 1 has no name");
        assertThatThrownBy(() -> LabeledImages.withClasses(RGB, 2, new byte[24], new int[] {0, -1}, List.of()))
                .hasMessageContaining(">= 0");
    }

    @Test
    void splitsMustAgreeOnShapeAndLabels() {
        LabeledImages rgb = LabeledImages.unlabelled(RGB, 1, counting(1));
        LabeledImages grey = LabeledImages.unlabelled(ImageShape.grey(2, 2), 1, new byte[4]);
        assertThatThrownBy(() -> new DatasetSplits("d", rgb, grey, null, "here"))
                .hasMessageContaining("3 x 2 x 2").hasMessageContaining("1 x 2 x 2");
        LabeledImages classes = LabeledImages.withClasses(RGB, 1, counting(1), new int[] {0}, List.of());
        assertThatThrownBy(() -> new DatasetSplits("d", rgb, classes, null, "here"))
                .hasMessageContaining("not at all").hasMessageContaining("by class");
    }
}
