package org.cgm4j.experiments.report;

import org.cgm4j.api.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * Writes images (samples, reconstructions, completions) as one 8-bit grayscale PNG grid, for
 * {@code samples/*.png} in a run directory.
 *
 * <p>Each image is a row-major {@code [rows * cols]} vector of intensities in [0, 1]; values outside
 * are clamped and NaN is drawn black. Cells are separated and framed by a 1-pixel gray gutter, and
 * every image is scaled up by the same integer factor (nearest neighbour) so the picture is at least
 * {@value #MIN_WIDTH} pixels wide. The same input always gives the same bytes.
 */
public final class SampleGrid {
    /** The smallest width the picture is scaled up to, in pixels (before rounding to whole factors). */
    public static final int MIN_WIDTH = 280;

    /** The gutter's gray level (0 black, 255 white). */
    public static final int GUTTER_GRAY = 128;

    static {
        Headless.ensure();
    }

    private SampleGrid() {}

    /**
     * Writes {@code images} in a grid, {@code columns} per row (fewer when there are fewer images),
     * filled row by row; unfilled cells of the last row are gutter gray.
     *
     * @param images {@code [n][rows * cols]}, n &ge; 1
     * @param rows image height in pixels
     * @param cols image width in pixels
     * @param columns images per grid row, &ge; 1
     * @param png the file to write
     */
    public static void write(float[][] images, int rows, int cols, int columns, Path png) throws IOException {
        Objects.requireNonNull(images, "images");
        if (images.length == 0) {
            throw new IllegalArgumentException("no images to write to " + png);
        }
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be >= 1, got " + columns);
        }
        int perRow = Math.min(columns, images.length);
        List<float[][]> grid = new ArrayList<>();
        for (int start = 0; start < images.length; start += perRow) {
            grid.add(Arrays.copyOfRange(images, start, Math.min(start + perRow, images.length)));
        }
        writeRows(grid, rows, cols, png);
    }

    /**
     * Writes one grid row per list entry, e.g. originals above their reconstructions; the grid is as
     * wide as the longest row and shorter rows are padded with gutter gray on the right.
     *
     * @param rowsOfImages grid rows, each {@code [k][rows * cols]}; at least one image in all
     * @param rows image height in pixels
     * @param cols image width in pixels
     * @param png the file to write
     */
    public static void writeRows(List<float[][]> rowsOfImages, int rows, int cols, Path png) throws IOException {
        BufferedImage image = render(rowsOfImages, rows, cols);
        AtomicFiles.write(png, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available for " + png);
            }
        });
    }

    /** The integer factor each image pixel is drawn with, for a grid {@code columns} images wide. */
    static int scale(int cols, int columns) {
        int gutters = columns + 1;
        int imageWidths = columns * cols;
        return Math.max(1, (MIN_WIDTH - gutters + imageWidths - 1) / imageWidths);
    }

    static BufferedImage render(List<float[][]> rowsOfImages, int rows, int cols) {
        Objects.requireNonNull(rowsOfImages, "rowsOfImages");
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + rows + "x" + cols);
        }
        int columns = 0;
        for (float[][] row : rowsOfImages) {
            columns = Math.max(columns, Objects.requireNonNull(row, "a grid row").length);
        }
        if (columns == 0) {
            throw new IllegalArgumentException("no images to write");
        }
        int gridRows = rowsOfImages.size();
        int s = scale(cols, columns);
        int cellW = cols * s;
        int cellH = rows * s;
        int width = columns * cellW + columns + 1;
        int height = gridRows * cellH + gridRows + 1;

        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        Arrays.fill(pixels, (byte) GUTTER_GRAY);
        for (int gr = 0; gr < gridRows; gr++) {
            float[][] row = rowsOfImages.get(gr);
            for (int gc = 0; gc < row.length; gc++) {
                float[] img = row[gc];
                if (img == null || img.length != rows * cols) {
                    throw new IllegalArgumentException("image " + gc + " of grid row " + gr + " has "
                            + (img == null ? "no" : String.valueOf(img.length)) + " values, expected " + rows
                            + "x" + cols + " = " + rows * cols);
                }
                int x0 = 1 + gc * (cellW + 1);
                int y0 = 1 + gr * (cellH + 1);
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        byte v = (byte) toGray(img[r * cols + c]);
                        for (int dy = 0; dy < s; dy++) {
                            int base = (y0 + r * s + dy) * width + x0 + c * s;
                            Arrays.fill(pixels, base, base + s, v);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Intensity in [0, 1] to a gray level 0..255; clamps, and draws NaN black. */
    static int toGray(float v) {
        if (!(v > 0f)) {
            return 0; // also NaN
        }
        if (v >= 1f) {
            return 255;
        }
        return Math.round(v * 255f);
    }
}
