package org.cgm4j.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TasksTest {
    private static final int ROWS = 28;
    private static final int COLS = 28;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void givenAndHiddenPixelsAreDisjointAndCoverTheImage(int given) {
        LabeledImages images = TestData.images(3, ROWS, COLS, 10);
        Examples ex = new QuadrantsTask(given).task().apply(images);
        int d = ROWS * COLS;
        assertThat(ex.count()).isEqualTo(3);
        assertThat(ex.xDim()).isEqualTo(d);
        assertThat(ex.yDim()).isEqualTo(d);
        assertThat(ex.yMask()).isNotNull();
        for (int i = 0; i < ex.count(); i++) {
            int givenCount = 0;
            int hiddenCount = 0;
            for (int j = 0; j < d; j++) {
                float mask = ex.yMask()[i * d + j];
                float x = ex.x()[i * d + j];
                float y = ex.y()[i * d + j];
                assertThat(y).isEqualTo(images.pixel(i, j)); // y is the whole image
                assertThat(mask).isIn(0f, 1f);
                if (mask == 1f) {
                    hiddenCount++;
                    assertThat(x).isEqualTo(QuadrantsTask.HIDDEN);
                } else {
                    givenCount++;
                    assertThat(x).isEqualTo(y);
                }
            }
            assertThat(givenCount + hiddenCount).isEqualTo(d);
            assertThat(givenCount).isEqualTo(given * 14 * 14);
            assertThat(ex.labels()[i]).isEqualTo(images.label(i));
        }
    }

    /** Pyro's order: bottom-left first, then top-left, then top-right; bottom-right never. */
    @ParameterizedTest
    @CsvSource({
        // given, top-left, top-right, bottom-left, bottom-right
        "1, false, false, true, false",
        "2, true, false, true, false",
        "3, true, true, true, false"
    })
    void quadrantsAreGivenInPyrosOrder(int given, boolean tl, boolean tr, boolean bl, boolean br) {
        QuadrantsTask task = new QuadrantsTask(given);
        // Corners and the pixels next to the centre lines, for the boundaries.
        assertQuadrant(task, 0, 0, tl);
        assertQuadrant(task, 13, 13, tl);
        assertQuadrant(task, 0, 27, tr);
        assertQuadrant(task, 13, 14, tr);
        assertQuadrant(task, 27, 0, bl);
        assertQuadrant(task, 14, 13, bl);
        assertQuadrant(task, 27, 27, br);
        assertQuadrant(task, 14, 14, br);
    }

    private static void assertQuadrant(QuadrantsTask task, int row, int col, boolean given) {
        assertThat(task.isGiven(ROWS, COLS, row, col))
                .as("pixel (%d, %d)", row, col)
                .isEqualTo(given);
        assertThat(task.hiddenMask(ROWS, COLS)[row * COLS + col]).isEqualTo(given ? 0f : 1f);
    }

    @Test
    void quadrantsWorkOnOtherEvenSizes() {
        LabeledImages images = TestData.images(2, 4, 6, 2);
        Examples ex = new QuadrantsTask(1).apply(images);
        // Bottom-left of a 4 x 6 image: rows 2..3, cols 0..2.
        float[] mask = new QuadrantsTask(1).hiddenMask(4, 6);
        assertThat(mask).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1);
        assertThat(ex.x()[2 * 6]).isEqualTo(images.pixel(0, 12));
        assertThat(ex.x()[0]).isEqualTo(-1f);
    }

    @Test
    void quadrantsHideAPixelInEveryChannelOfAColourImage() {
        ImageShape shape = new ImageShape(3, 4, 6);
        byte[] pixels = new byte[shape.size()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i + 1);
        }
        LabeledImages images = LabeledImages.unlabelled(shape, 1, pixels);
        QuadrantsTask task = new QuadrantsTask(1);
        assertThat(task.xDim(shape)).isEqualTo(72);
        assertThat(task.yDim(shape)).isEqualTo(72);
        Examples ex = task.apply(images);
        float[] grey = task.hiddenMask(4, 6);
        for (int ch = 0; ch < 3; ch++) {
            for (int j = 0; j < 24; j++) {
                int k = ch * 24 + j;
                assertThat(ex.yMask()[k]).as("channel %d, pixel %d", ch, j).isEqualTo(grey[j]);
                assertThat(ex.x()[k]).isEqualTo(grey[j] == 0f ? images.pixel(0, k) : QuadrantsTask.HIDDEN);
                assertThat(ex.y()[k]).isEqualTo(images.pixel(0, k));
            }
        }
        assertThat(ex.labels()).containsExactly(-1);
        Examples whole = new UnconditionalTask().apply(images);
        assertThat(whole.yDim()).isEqualTo(72);
        assertThat(whole.y()[71]).isEqualTo(72 / 255f);
    }

    @Test
    void oddSidesAreRejected() {
        assertThatThrownBy(() -> new QuadrantsTask(1).apply(TestData.images(1, 27, 28, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("27 x 28");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, -1})
    void givenOutsideOneToThreeIsRejected(int given) {
        assertThatThrownBy(() -> new QuadrantsTask(given))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data.task.given must be 1, 2 or 3, got " + given);
    }

    @Test
    void unconditionalGivesNothingAndScoresEverything() {
        LabeledImages images = TestData.images(5, 28, 28, 10);
        ExampleTask task = new UnconditionalTask().task();
        Examples ex = task.apply(images);
        assertThat(task.xDim(ImageShape.grey(28, 28))).isZero();
        assertThat(task.yDim(ImageShape.grey(28, 28))).isEqualTo(784);
        assertThat(ex.xDim()).isZero();
        assertThat(ex.x()).isEmpty();
        assertThat(ex.yMask()).isNull();
        assertThat(ex.y()).hasSize(5 * 784);
        for (int j = 0; j < 784; j++) {
            assertThat(ex.y()[3 * 784 + j]).isEqualTo(images.pixel(3, j));
        }
        assertThat(ex.labels()).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void pixelsAndLabelsAreUnsigned() {
        LabeledImages images = new LabeledImages(1, 1, 2, new byte[] {(byte) 255, (byte) 128}, new byte[] {(byte) 200});
        assertThat(images.pixel(0, 0)).isEqualTo(1f);
        assertThat(images.pixel(0, 1)).isEqualTo(128 / 255f);
        assertThat(images.label(0)).isEqualTo(200);
        assertThat(images.numClasses()).isEqualTo(201);
    }

    @Test
    void labeledImagesCheckLengthsAndHeadTakesAPrefix() {
        assertThatThrownBy(() -> new LabeledImages(2, 2, 2, new byte[7], new byte[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pixels.length")
                .hasMessageContaining("got 7");
        assertThatThrownBy(() -> new LabeledImages(2, 2, 2, new byte[8], new byte[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labels.length");
        LabeledImages images = TestData.images(5, 2, 2, 5);
        assertThat(images.head(5)).isSameAs(images);
        assertThat(images.head(99)).isSameAs(images);
        LabeledImages head = images.head(2);
        assertThat(head.count()).isEqualTo(2);
        assertThat(head.pixels()).containsExactly(Arrays.copyOf(images.pixels(), 8));
        assertThat(head.labels()).containsExactly(0, 1);
        assertThat(head.numClasses()).isEqualTo(2);
    }
}
