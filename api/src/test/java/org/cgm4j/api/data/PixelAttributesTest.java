package org.cgm4j.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.plugin.PluginRegistry;
import org.junit.jupiter.api.Test;

/**
 * The pixel attributes' measures in closed form on tiny hand-made images, the per-class median
 * thresholds, and the registered datasets built from mnist-10k.
 */
class PixelAttributesTest {
    /** One 4 x 4 grey image with the listed (row, column) pixels at full intensity. */
    private static byte[] image(int[]... on) {
        byte[] p = new byte[16];
        for (int[] rc : on) {
            p[rc[0] * 4 + rc[1]] = (byte) 255;
        }
        return p;
    }

    private static LabeledImages images(int[] classes, byte[]... pictures) {
        byte[] all = new byte[16 * pictures.length];
        for (int i = 0; i < pictures.length; i++) {
            System.arraycopy(pictures[i], 0, all, 16 * i, 16);
        }
        return LabeledImages.withClasses(ImageShape.grey(4, 4), pictures.length, all, classes, List.of());
    }

    @Test
    void anUprightBarHasNoShearAndNoWidth() {
        double[] m = PixelAttributes.measure(images(new int[] {0}, image(new int[] {0, 1}, new int[] {1, 1},
                new int[] {2, 1}, new int[] {3, 1})), 0);
        assertThat(m).containsExactly(new double[] {4, 0, 0}, within(1e-12));
    }

    @Test
    void aLineLeaningRightHasShearOneAndNoUprightWidth() {
        // (row, column) = (0, 3), (1, 2), (2, 1), (3, 0): the top is to the right. Centred, dr = -dc
        // = (-1.5, -0.5, 0.5, 1.5): mu_rr = mu_cc = 1.25 and mu_rc = -1.25, so shear -mu_rc / mu_rr
        // = 1 and upright width mu_cc - mu_rc^2 / mu_rr = 0.
        double[] m = PixelAttributes.measure(images(new int[] {0}, image(new int[] {0, 3}, new int[] {1, 2},
                new int[] {2, 1}, new int[] {3, 0})), 0);
        assertThat(m).containsExactly(new double[] {4, 1, 0}, within(1e-12));
        double[] left = PixelAttributes.measure(images(new int[] {0}, image(new int[] {0, 0}, new int[] {1, 1},
                new int[] {2, 2}, new int[] {3, 3})), 0);
        assertThat(left[1]).as("leaning left").isCloseTo(-1, within(1e-12));
    }

    @Test
    void fourCornersOfASquareAreAsWideAsTheyAreTall() {
        // (0, 0), (0, 2), (2, 0), (2, 2): mu_rr = mu_cc = 1, mu_rc = 0.
        double[] m = PixelAttributes.measure(images(new int[] {0}, image(new int[] {0, 0}, new int[] {0, 2},
                new int[] {2, 0}, new int[] {2, 2})), 0);
        assertThat(m).containsExactly(new double[] {4, 0, 1}, within(1e-12));
    }

    @Test
    void inkIsTheSumOfIntensitiesAndDegenerateImagesMeasureZero() {
        byte[] grey = new byte[16];
        grey[5] = (byte) 128;
        grey[10] = (byte) 51;
        assertThat(PixelAttributes.measure(images(new int[] {0}, grey), 0)[0])
                .isCloseTo((128 + 51) / 255.0, within(1e-6));
        assertThat(PixelAttributes.measure(images(new int[] {0}, new byte[16]), 0))
                .containsExactly(0, 0, 0);
        // all ink in one row: no vertical spread, shear and width are 0 by definition
        assertThat(PixelAttributes.measure(images(new int[] {0}, image(new int[] {2, 0}, new int[] {2, 3})), 0))
                .containsExactly(new double[] {2, 0, 0}, within(1e-12));
    }

    @Test
    void attributesAreAboveTheMedianOfTheImagesClassOnTheTrainingSplit() {
        byte[] one = image(new int[] {0, 1});
        byte[] two = image(new int[] {0, 1}, new int[] {1, 1});
        byte[] three = image(new int[] {0, 1}, new int[] {1, 1}, new int[] {2, 1});
        byte[] four = image(new int[] {0, 1}, new int[] {1, 1}, new int[] {2, 1}, new int[] {3, 1});
        // class 0 has ink 1, 2, 3 (median 2); class 1 has ink 3, 4 (median 3.5)
        LabeledImages train = images(new int[] {0, 0, 0, 1, 1}, one, two, three, three, four);
        double[][] medians = PixelAttributes.classMedians(train);
        assertThat(medians[0][0]).isEqualTo(2.0);
        assertThat(medians[1][0]).isEqualTo(3.5);
        LabeledImages labelled = PixelAttributes.label(train, medians);
        assertThat(labelled.labelKind()).isEqualTo(LabelKind.ATTRIBUTES);
        assertThat(labelled.attributeNames()).containsExactly("bold", "slanted", "wide");
        int[] bold = new int[5];
        for (int i = 0; i < 5; i++) {
            bold[i] = labelled.attribute(i, 0);
        }
        // strictly above: the median itself is not bold; 3 ink is bold for class 0 but not for class 1
        assertThat(bold).containsExactly(0, 0, 1, 0, 1);
        assertThat(labelled.pixels()).isSameAs(train.pixels());

        // the test split is judged by the training split's thresholds
        LabeledImages test = images(new int[] {0, 1}, three, three);
        DatasetSplits split = PixelAttributes.label(new DatasetSplits("tiny", train, test, Map.of(), "here"),
                "tiny-attributes", "here");
        assertThat(split.test().attribute(0, 0)).isEqualTo(1);
        assertThat(split.test().attribute(1, 0)).isEqualTo(0);
        assertThat(split.name()).isEqualTo("tiny-attributes");
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(PixelAttributes.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(PixelAttributes.median(new double[] {5, 1, 3})).isEqualTo(3.0);
        assertThat(PixelAttributes.median(new double[] {})).isZero();
    }

    @Test
    void unlabelledOrColourImagesAreRefused() {
        LabeledImages none = LabeledImages.unlabelled(ImageShape.grey(4, 4), 1, new byte[16]);
        assertThatThrownBy(() -> PixelAttributes.classMedians(none)).hasMessageContaining("class-labelled");
        LabeledImages rgb = LabeledImages.withClasses(new ImageShape(3, 2, 2), 1, new byte[12], new int[] {0},
                List.of());
        assertThatThrownBy(() -> PixelAttributes.measure(rgb, 0)).hasMessageContaining("grey");
    }

    @Test
    void mnist10kAttributesAreRegisteredAndAboutHalfOnInEveryClass() {
        assertThat(PluginRegistry.discover().datasets()).containsKeys(PixelAttributesProvider.MNIST_10K_ATTRIBUTES,
                PixelAttributesProvider.MNIST_ATTRIBUTES);
        DatasetRegistry registry = new DatasetRegistry(CoreDatasetsPlugin.providers(MnistFormatProvider.all()),
                Path.of("unused-cache"), Map.of());
        DatasetProvider provider = registry.provider(PixelAttributesProvider.MNIST_10K_ATTRIBUTES);
        assertThat(provider.labelKind()).contains(LabelKind.ATTRIBUTES);
        DatasetSplits split = registry.load(PixelAttributesProvider.MNIST_10K_ATTRIBUTES, null);
        DatasetSplits digits = registry.load(MnistFormatProvider.MNIST_10K, null);
        assertThat(split.train().count()).isEqualTo(digits.train().count());
        assertThat(split.test().count()).isEqualTo(digits.test().count());
        assertThat(split.train().pixels()).isEqualTo(digits.train().pixels());
        assertThat(split.sha256()).isEqualTo(digits.sha256());
        assertThat(split.train().attributeNames()).isEqualTo(PixelAttributes.NAMES);
        for (int a = 0; a < 3; a++) {
            for (int cls = 0; cls < 10; cls++) {
                int on = 0;
                int n = 0;
                for (int i = 0; i < digits.train().count(); i++) {
                    if (digits.train().label(i) == cls) {
                        n++;
                        on += split.train().attribute(i, a);
                    }
                }
                // strictly above the class median: at most half, and ties at the median are rare
                assertThat((double) on / n).as("attribute %d, class %d", a, cls).isBetween(0.45, 0.5);
            }
        }
        assertThatThrownBy(() -> provider.validate(new DatasetRequest(PixelAttributesProvider.MNIST_10K_ATTRIBUTES,
                null, Map.of("foo", 1)))).hasMessageContaining("data.options.foo");
    }
}
