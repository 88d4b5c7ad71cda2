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
 * Writes images (samples, reconstructions, completions) as one PNG grid, for {@code samples/*.png}
 * in a run directory: 8-bit grey, or 8-bit RGB when the images have three channels.
 *
 * <p>Each image is a vector of intensities in [0, 1]: {@code [rows * cols]} row-major for grey, or
 * {@code [3 * rows * cols]} channel-planar (all red, then all green, then all blue; the data's C x H
 * x W layout) for colour, told apart by its length; one grid holds one kind. Values outside [0, 1]
 * are clamped and NaN is drawn black. Cells are separated and framed by a 1-pixel gray gutter, and
 * every image is scaled up by the same integer factor (nearest neighbour) so the picture is at least
 * {@value #MIN_WIDTH} pixels wide. The same input always gives the same bytes.
 */
public final class SampleGrid {
    /** The smallest width the picture is scaled up to, in pixels (before rounding to whole factors). */
    public static final int MIN_WIDTH = 280;

    /** The gutter's gray level (0 black, 255 white). */
    public static final int GUTTER_GRAY = 128;

    /** Caption size in points (pixels at the PNG's scale). */
    static final int CAPTION_POINTS = 13;
    /** Labelled pictures draw each image pixel at least this wide, so a cell is wider than its caption. */
    static final int LABELLED_MIN_SCALE = 2;
    /** Space around a caption, in pixels. */
    static final int CAPTION_PAD = 4;

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

    /**
     * {@link #writeRows} with a caption left of each grid row and above each grid column (black on
     * white margins; a null or empty caption leaves its place blank), for pictures a reader must
     * be able to read without the code: which latent dimension a row moves, which class a column
     * targets.
     *
     * @param rowsOfImages grid rows, each {@code [k][rows * cols]}
     * @param rowCaptions one per grid row (or empty for none)
     * @param columnCaptions one per grid column (or empty for none)
     */
    public static void writeLabelled(List<float[][]> rowsOfImages, List<String> rowCaptions,
            List<String> columnCaptions, int rows, int cols, Path png) throws IOException {
        BufferedImage grid = render(rowsOfImages, rows, cols, LABELLED_MIN_SCALE);
        if (!rowCaptions.isEmpty() && rowCaptions.size() != rowsOfImages.size()) {
            throw new IllegalArgumentException(rowCaptions.size() + " row captions for " + rowsOfImages.size() + " rows");
        }
        int columns = rowsOfImages.stream().mapToInt(r -> r.length).max().orElse(0);
        if (!columnCaptions.isEmpty() && columnCaptions.size() != columns) {
            throw new IllegalArgumentException(columnCaptions.size() + " column captions for " + columns + " columns");
        }
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        java.awt.Font font = new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, CAPTION_POINTS);
        java.awt.FontMetrics fm = probe.createGraphics().getFontMetrics(font);
        int left = 0;
        for (String c : rowCaptions) {
            left = Math.max(left, c == null ? 0 : fm.stringWidth(c) + 2 * CAPTION_PAD);
        }
        int top = columnCaptions.isEmpty() ? 0 : fm.getHeight() + 2 * CAPTION_PAD;
        BufferedImage out = new BufferedImage(left + grid.getWidth(), top + grid.getHeight(), grid.getType());
        java.awt.Graphics2D g = out.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING,
                java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(grid, left, top, null);
        g.setColor(java.awt.Color.BLACK);
        g.setFont(font);
        int s = Math.max(LABELLED_MIN_SCALE, scale(cols, Math.max(1, columns)));
        int cellW = cols * s + 1;
        int cellH = rows * s + 1;
        for (int r = 0; r < rowCaptions.size(); r++) {
            String c = rowCaptions.get(r);
            if (c != null && !c.isEmpty()) {
                int y = top + 1 + r * cellH + (cellH + fm.getAscent() - fm.getDescent()) / 2;
                g.drawString(c, left - CAPTION_PAD - fm.stringWidth(c), y);
            }
        }
        for (int k = 0; k < columnCaptions.size(); k++) {
            String c = columnCaptions.get(k);
            if (c != null && !c.isEmpty()) {
                int x = left + 1 + k * cellW + (cellW - fm.stringWidth(c)) / 2;
                g.drawString(c, Math.max(0, x), CAPTION_PAD + fm.getAscent());
            }
        }
        g.dispose();
        AtomicFiles.write(png, o -> {
            if (!ImageIO.write(out, "png", o)) {
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
        return render(rowsOfImages, rows, cols, 1);
    }

    /** {@link #render(List, int, int)} with each image pixel drawn at least {@code minScale} pixels wide. */
    static BufferedImage render(List<float[][]> rowsOfImages, int rows, int cols, int minScale) {
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
        int s = Math.max(minScale, scale(cols, columns));
        int cellW = cols * s;
        int cellH = rows * s;
        int width = columns * cellW + columns + 1;
        int height = gridRows * cellH + gridRows + 1;

        // Colour when the first image has three planes; every image must then have them.
        int plane = rows * cols;
        int channels = rowsOfImages.stream()
                        .flatMap(Arrays::stream)
                        .filter(Objects::nonNull)
                        .findFirst()
                        .map(img -> img.length == 3 * plane ? 3 : 1)
                        .orElse(1);
        BufferedImage out = new BufferedImage(width, height,
                channels == 3 ? BufferedImage.TYPE_3BYTE_BGR : BufferedImage.TYPE_BYTE_GRAY);
        // TYPE_3BYTE_BGR stores each pixel as blue, green, red bytes.
        byte[] pixels = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        Arrays.fill(pixels, (byte) GUTTER_GRAY);
        for (int gr = 0; gr < gridRows; gr++) {
            float[][] row = rowsOfImages.get(gr);
            for (int gc = 0; gc < row.length; gc++) {
                float[] img = row[gc];
                if (img == null || img.length != channels * plane) {
                    throw new IllegalArgumentException("image " + gc + " of grid row " + gr + " has "
                            + (img == null ? "no" : String.valueOf(img.length)) + " values, expected "
                            + (channels == 3 ? "3x" : "") + rows + "x" + cols + " = " + channels * plane
                            + " like the grid's first image");
                }
                int x0 = 1 + gc * (cellW + 1);
                int y0 = 1 + gr * (cellH + 1);
                for (int ch = 0; ch < channels; ch++) {
                    int offset = channels == 3 ? 2 - ch : 0;
                    for (int r = 0; r < rows; r++) {
                        for (int c = 0; c < cols; c++) {
                            byte v = (byte) toGray(img[ch * plane + r * cols + c]);
                            for (int dy = 0; dy < s; dy++) {
                                int base = (y0 + r * s + dy) * width + x0 + c * s;
                                for (int dx = 0; dx < s; dx++) {
                                    pixels[(base + dx) * channels + offset] = v;
                                }
                            }
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
