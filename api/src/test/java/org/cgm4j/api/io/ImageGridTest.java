package org.cgm4j.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.cgm4j.api.data.ImageShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {
    @TempDir
    Path dir;

    /** Image k of a 2x3 set: pixel p has intensity (10 k + p) / 100. */
    private static float[][] images(int n) {
        float[][] images = new float[n][6];
        for (int k = 0; k < n; k++) {
            for (int p = 0; p < 6; p++) {
                images[k][p] = (10 * k + p) / 100f;
            }
        }
        return images;
    }

    /** The gray level drawn at (x, y) for a grid of 2x3 images, computed independently. */
    private static int expected(float[][][] cells, int scale, int x, int y) {
        int cellW = 3 * scale + 1;
        int cellH = 2 * scale + 1;
        if (x % cellW == 0 || y % cellH == 0) {
            return ImageGrid.GUTTER_GRAY;
        }
        int gr = y / cellH;
        int gc = x / cellW;
        float[] img = cells[gr][gc];
        if (img == null) {
            return ImageGrid.GUTTER_GRAY;
        }
        int r = (y % cellH - 1) / scale;
        int c = (x % cellW - 1) / scale;
        float v = img[r * 3 + c];
        return Float.isNaN(v) ? 0 : Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }

    private static void assertPixels(BufferedImage read, float[][][] cells, int scale) {
        for (int y = 0; y < read.getHeight(); y++) {
            for (int x = 0; x < read.getWidth(); x++) {
                int actual = read.getRaster().getSample(x, y, 0);
                if (actual != expected(cells, scale, x, y)) {
                    assertThat(actual).as("pixel (%d, %d)", x, y).isEqualTo(expected(cells, scale, x, y));
                }
            }
        }
    }

    @Test
    void writesGridOfExpectedSizeWithInputPixels() throws IOException {
        float[][] imgs = images(3);
        Path png = dir.resolve("samples/grid.png");
        ImageGrid.write(imgs, ImageShape.grey(2, 3), 2, png);

        BufferedImage read = ImageIO.read(png.toFile());
        // 2 per row, 3 px wide: scale = ceil((280 - 3 gutters) / 6) = 47.
        int scale = 47;
        assertThat(read.getWidth()).isEqualTo(2 * 3 * scale + 3).isGreaterThanOrEqualTo(ImageGrid.MIN_WIDTH);
        assertThat(read.getHeight()).isEqualTo(2 * 2 * scale + 3);
        assertThat(read.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(read.getColorModel().getPixelSize()).isEqualTo(8);
        assertPixels(read, new float[][][] {{imgs[0], imgs[1]}, {imgs[2], null}}, scale);
        // Spot checks against hand-computed values: image 1 pixel (1, 2) is 0.15 -> 38.
        assertThat(read.getRaster().getSample(1 + 3 * scale + 1 + 2 * scale, 1 + scale, 0)).isEqualTo(38);
        assertThat(read.getRaster().getSample(0, 0, 0)).isEqualTo(128);
    }

    @Test
    void sameInputGivesIdenticalBytes() throws IOException {
        Path a = dir.resolve("a.png");
        Path b = dir.resolve("b.png");
        ImageGrid.write(images(5), ImageShape.grey(2, 3), 4, a);
        ImageGrid.write(images(5), ImageShape.grey(2, 3), 4, b);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        ImageGrid.write(images(6), ImageShape.grey(2, 3), 4, b);
        assertThat(Files.readAllBytes(a)).isNotEqualTo(Files.readAllBytes(b));
    }

    @Test
    void clampsOutOfRangeAndNaN() throws IOException {
        float[][] img = {{-0.5f, 0f, 0.5f, 1f, 7f, Float.NaN}};
        Path png = dir.resolve("clamp.png");
        ImageGrid.write(img, ImageShape.grey(2, 3), 8, png);
        BufferedImage read = ImageIO.read(png.toFile());
        int scale = ImageGrid.scale(3, 1);
        assertThat(scale).isEqualTo(93); // ceil((280 - 2) / 3)
        int[] gray = new int[6];
        for (int p = 0; p < 6; p++) {
            gray[p] = read.getRaster().getSample(1 + (p % 3) * scale, 1 + (p / 3) * scale, 0);
        }
        assertThat(gray).containsExactly(0, 0, 128, 255, 255, 0);
    }

    @Test
    void writeRowsPutsEachListEntryOnItsOwnRowPaddingShortRows() throws IOException {
        float[][] originals = images(3);
        float[][] reconstructions = {images(4)[3], images(5)[4]};
        Path png = dir.resolve("recon.png");
        ImageGrid.writeRows(List.of(originals, reconstructions), ImageShape.grey(2, 3), png);

        BufferedImage read = ImageIO.read(png.toFile());
        int scale = ImageGrid.scale(3, 3);
        assertThat(scale).isEqualTo(31); // ceil((280 - 4) / 9)
        assertThat(read.getWidth()).isEqualTo(3 * 3 * scale + 4);
        assertThat(read.getHeight()).isEqualTo(2 * 2 * scale + 3);
        assertPixels(read, new float[][][] {originals, {reconstructions[0], reconstructions[1], null}}, scale);
    }

    @Test
    void largeImagesAreNotScaled() throws IOException {
        float[][] imgs = new float[10][28 * 28];
        Path png = dir.resolve("mnist.png");
        ImageGrid.write(imgs, ImageShape.grey(28, 28), 10, png);
        BufferedImage read = ImageIO.read(png.toFile());
        assertThat(read.getWidth()).isEqualTo(10 * 28 + 11);
        assertThat(read.getHeight()).isEqualTo(28 + 2);
    }

    @Test
    void rejectsWrongImageLengthAndEmptyInput() {
        assertThatThrownBy(() -> ImageGrid.write(new float[][] {new float[5]}, ImageShape.grey(2, 3), 1, dir.resolve("x.png")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 values")
                .hasMessageContaining("1 x 2 x 3");
        assertThatThrownBy(() -> ImageGrid.write(new float[0][], ImageShape.grey(2, 3), 1, dir.resolve("y.png")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(dir.resolve("x.png")).doesNotExist();
    }

    @Test
    void leavesNoTemporaryFiles() throws IOException {
        ImageGrid.write(images(2), ImageShape.grey(2, 3), 2, dir.resolve("g.png"));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("g.png");
        }
    }

    @Test
    void captionsGetMarginsWithDarkTextAndTheGridKeepsItsPixels() throws IOException {
        float[][] row = {new float[4], new float[4], new float[4]};
        List<float[][]> rows = List.of(row, row);
        Path plain = dir.resolve("plain.png");
        Path labelled = dir.resolve("labelled.png");
        ImageGrid.writeRows(rows, ImageShape.grey(2, 2), plain);
        ImageGrid.writeLabelled(rows, List.of("z7  KL 1.20", "z3  KL 0.50"), List.of("-3.0", "+0.0", "+3.0"), ImageShape.grey(2, 2),
                labelled);
        BufferedImage grid = ImageGrid.render(rows, ImageShape.grey(2, 2), ImageGrid.LABELLED_MIN_SCALE);
        BufferedImage read = ImageIO.read(labelled.toFile());
        int left = read.getWidth() - grid.getWidth();
        int top = read.getHeight() - grid.getHeight();
        assertThat(left).isGreaterThan(40); // room for the row captions
        assertThat(top).isGreaterThan(10);  // a line of column captions
        int dark = 0;
        for (int y = 0; y < read.getHeight(); y++) {
            for (int x = 0; x < left; x++) {
                dark += (read.getRaster().getSample(x, y, 0) < 100) ? 1 : 0;
            }
        }
        assertThat(dark).as("caption pixels in the left margin").isGreaterThan(20);
        assertThat(read.getRaster().getSample(left + grid.getWidth() / 2, top, 0)).isEqualTo(ImageGrid.GUTTER_GRAY);
        assertThatThrownBy(() -> ImageGrid.writeLabelled(rows, List.of("one"), List.of(), ImageShape.grey(2, 2), labelled))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 row captions for 2 rows");
    }

    @Test
    void threeChannelsAreDrawnAsRgbFromTheirPlanes() throws IOException {
        ImageShape rgb = new ImageShape(3, 2, 3);
        // pixel p of channel ch has intensity (ch * 6 + p) / 20: red, green, blue differ everywhere
        float[] img = new float[18];
        for (int i = 0; i < 18; i++) {
            img[i] = i / 20f;
        }
        Path png = dir.resolve("rgb.png");
        ImageGrid.write(new float[][] {img, img}, rgb, 2, png);
        BufferedImage read = ImageIO.read(png.toFile());
        assertThat(read.getColorModel().getNumColorComponents()).isEqualTo(3);
        int scale = ImageGrid.scale(3, 2);
        assertThat(read.getWidth()).isEqualTo(2 * 3 * scale + 3);
        for (int p = 0; p < 6; p++) {
            int x = 1 + (p % 3) * scale;
            int y = 1 + (p / 3) * scale;
            int argb = read.getRGB(x, y);
            assertThat((argb >> 16) & 0xff).as("red of pixel %d", p).isEqualTo(Math.round(p / 20f * 255f));
            assertThat((argb >> 8) & 0xff).as("green of pixel %d", p).isEqualTo(Math.round((6 + p) / 20f * 255f));
            assertThat(argb & 0xff).as("blue of pixel %d", p).isEqualTo(Math.round((12 + p) / 20f * 255f));
        }
        assertThat(read.getRGB(0, 0) & 0xffffff).as("gutter").isEqualTo(0x808080);

        Path labelled = dir.resolve("rgb-labelled.png");
        ImageGrid.writeLabelled(List.<float[][]>of(new float[][] {img}), List.of("row"), List.of(), rgb, labelled);
        assertThat(ImageIO.read(labelled.toFile()).getColorModel().getNumColorComponents()).isEqualTo(3);
        assertThatThrownBy(() -> ImageGrid.write(new float[][] {new float[6]}, rgb, 1, dir.resolve("bad.png")))
                .hasMessageContaining("6 values").hasMessageContaining("3 x 2 x 3 = 18");
    }

    @Test
    void otherChannelCountsAreDrawnInGreySideBySide() throws IOException {
        ImageShape two = new ImageShape(2, 1, 2);
        float[] img = {0f, 0.2f, 0.6f, 1f};
        BufferedImage grid = ImageGrid.render(List.<float[][]>of(new float[][] {img}), two, 1);
        assertThat(grid.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        int scale = ImageGrid.scale(4, 1);
        assertThat(grid.getWidth()).isEqualTo(4 * scale + 2);
        int[] drawn = new int[4];
        for (int c = 0; c < 4; c++) {
            drawn[c] = grid.getRaster().getSample(1 + c * scale, 1, 0);
        }
        assertThat(drawn).containsExactly(0, 51, 153, 255);
    }
}
