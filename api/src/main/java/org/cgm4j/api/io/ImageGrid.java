package org.cgm4j.api.io;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.cgm4j.api.data.ImageShape;

/**
 * Writes images (samples, reconstructions, completions, edits) as one PNG grid: the one picture
 * writer of cgm4j, for run directories, sweep reports and model metrics alike.
 *
 * <p>Each image is a channel-planar {@code [channels * height * width]} vector of intensities in
 * [0, 1] (see {@link ImageShape}); values outside are clamped and NaN is drawn black. One channel
 * gives an 8-bit grey PNG, three an 8-bit RGB PNG (channels red, green, blue); any other count is
 * drawn in grey with its channels side by side, so nothing is hidden. Cells are separated and
 * framed by a 1-pixel gutter of grey {@value #GUTTER_GRAY}, and every image is scaled up by the
 * same integer factor (nearest neighbour) so the picture is at least {@value #MIN_WIDTH} pixels
 * wide. The same input always gives the same bytes.
 */
public final class ImageGrid {
    /** The smallest width the picture is scaled up to, in pixels (before rounding to whole factors). */
    public static final int MIN_WIDTH = 280;

    /** The gutter's grey level (0 black, 255 white), in every channel. */
    public static final int GUTTER_GRAY = 128;

    /** Caption size in points (pixels at the PNG's scale). */
    static final int CAPTION_POINTS = 13;
    /** Labelled pictures draw each image pixel at least this wide, so a cell is wider than its caption. */
    public static final int LABELLED_MIN_SCALE = 2;
    /** Space around a caption, in pixels. */
    static final int CAPTION_PAD = 4;

    static {
        // AWT must not look for a display; set before any AWT class initialises.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ImageGrid() {}

    /**
     * Writes {@code images} in a grid, {@code columns} per row (fewer when there are fewer images),
     * filled row by row; unfilled cells of the last row are gutter grey.
     *
     * @param images {@code [n][channels * height * width]}, n &ge; 1
     * @param shape the images' shape
     * @param columns images per grid row, &ge; 1
     * @param png the file to write
     */
    public static void write(float[][] images, ImageShape shape, int columns, Path png) throws IOException {
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
        writeRows(grid, shape, png);
    }

    /**
     * Writes one grid row per list entry, e.g. originals above their reconstructions; the grid is as
     * wide as the longest row and shorter rows are padded with gutter grey on the right.
     *
     * @param rowsOfImages grid rows, each {@code [k][channels * height * width]}; at least one image in all
     * @param shape the images' shape
     * @param png the file to write
     */
    public static void writeRows(List<float[][]> rowsOfImages, ImageShape shape, Path png) throws IOException {
        writePng(render(rowsOfImages, shape, 1), png);
    }

    /**
     * {@link #writeRows} with a caption left of each grid row and above each grid column (black on
     * white margins; a null or empty caption leaves its place blank), for pictures a reader must
     * be able to read without the code: which latent dimension a row moves, which class a column
     * targets.
     *
     * @param rowsOfImages grid rows, each {@code [k][channels * height * width]}
     * @param rowCaptions one per grid row (or empty for none)
     * @param columnCaptions one per grid column (or empty for none)
     */
    public static void writeLabelled(List<float[][]> rowsOfImages, List<String> rowCaptions,
            List<String> columnCaptions, ImageShape shape, Path png) throws IOException {
        BufferedImage grid = render(rowsOfImages, shape, LABELLED_MIN_SCALE);
        if (!rowCaptions.isEmpty() && rowCaptions.size() != rowsOfImages.size()) {
            throw new IllegalArgumentException(rowCaptions.size() + " row captions for " + rowsOfImages.size() + " rows");
        }
        int columns = rowsOfImages.stream().mapToInt(r -> r.length).max().orElse(0);
        if (!columnCaptions.isEmpty() && columnCaptions.size() != columns) {
            throw new IllegalArgumentException(columnCaptions.size() + " column captions for " + columns + " columns");
        }
        BufferedImage probe = new BufferedImage(1, 1, grid.getType());
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, CAPTION_POINTS);
        FontMetrics fm = probe.createGraphics().getFontMetrics(font);
        int left = 0;
        for (String c : rowCaptions) {
            left = Math.max(left, c == null ? 0 : fm.stringWidth(c) + 2 * CAPTION_PAD);
        }
        int top = columnCaptions.isEmpty() ? 0 : fm.getHeight() + 2 * CAPTION_PAD;
        BufferedImage out = new BufferedImage(left + grid.getWidth(), top + grid.getHeight(), grid.getType());
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(grid, left, top, null);
        g.setColor(Color.BLACK);
        g.setFont(font);
        ImageShape drawn = drawnShape(shape);
        int s = Math.max(LABELLED_MIN_SCALE, scale(drawn.width(), Math.max(1, columns)));
        int cellW = drawn.width() * s + 1;
        int cellH = drawn.height() * s + 1;
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
        writePng(out, png);
    }

    private static void writePng(BufferedImage image, Path png) throws IOException {
        AtomicFiles.write(png, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available for " + png);
            }
        });
    }

    /** The integer factor each image pixel is drawn with, for a grid {@code columns} images {@code width} wide. */
    public static int scale(int width, int columns) {
        int gutters = columns + 1;
        int imageWidths = columns * width;
        return Math.max(1, (MIN_WIDTH - gutters + imageWidths - 1) / imageWidths);
    }

    /** Whether images of {@code shape} are drawn in colour (three channels). */
    public static boolean isRgb(ImageShape shape) {
        return shape.channels() == 3;
    }

    /**
     * The shape a cell shows: the image's own for one or three channels, else one grey image with
     * the channels side by side ({@code 1 x height x channels * width}).
     */
    static ImageShape drawnShape(ImageShape shape) {
        return shape.channels() == 1 || isRgb(shape) ? shape
                : new ImageShape(1, shape.height(), shape.channels() * shape.width());
    }

    /** The grid as an image, each image pixel drawn at least {@code minScale} pixels wide. */
    public static BufferedImage render(List<float[][]> rowsOfImages, ImageShape shape, int minScale) {
        Objects.requireNonNull(rowsOfImages, "rowsOfImages");
        Objects.requireNonNull(shape, "shape");
        int columns = 0;
        for (float[][] row : rowsOfImages) {
            columns = Math.max(columns, Objects.requireNonNull(row, "a grid row").length);
        }
        if (columns == 0) {
            throw new IllegalArgumentException("no images to write");
        }
        ImageShape drawn = drawnShape(shape);
        int rows = drawn.height();
        int cols = drawn.width();
        int gridRows = rowsOfImages.size();
        int s = Math.max(minScale, scale(cols, columns));
        int cellW = cols * s;
        int cellH = rows * s;
        int width = columns * cellW + columns + 1;
        int height = gridRows * cellH + gridRows + 1;
        boolean rgb = isRgb(shape);
        BufferedImage out = new BufferedImage(width, height, rgb ? BufferedImage.TYPE_INT_RGB
                : BufferedImage.TYPE_BYTE_GRAY);
        byte[] grey = rgb ? null : ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        int[] colour = rgb ? ((DataBufferInt) out.getRaster().getDataBuffer()).getData() : null;
        if (rgb) {
            Arrays.fill(colour, GUTTER_GRAY << 16 | GUTTER_GRAY << 8 | GUTTER_GRAY);
        } else {
            Arrays.fill(grey, (byte) GUTTER_GRAY);
        }
        int plane = rows * cols;
        for (int gr = 0; gr < gridRows; gr++) {
            float[][] row = rowsOfImages.get(gr);
            for (int gc = 0; gc < row.length; gc++) {
                float[] img = row[gc];
                if (img == null || img.length != shape.size()) {
                    throw new IllegalArgumentException("image " + gc + " of grid row " + gr + " has "
                            + (img == null ? "no" : String.valueOf(img.length)) + " values, expected " + shape
                            + " = " + shape.size());
                }
                int x0 = 1 + gc * (cellW + 1);
                int y0 = 1 + gr * (cellH + 1);
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        for (int dy = 0; dy < s; dy++) {
                            int base = (y0 + r * s + dy) * width + x0 + c * s;
                            if (rgb) {
                                int p = r * cols + c;
                                int v = toGray(img[p]) << 16 | toGray(img[plane + p]) << 8
                                        | toGray(img[2 * plane + p]);
                                Arrays.fill(colour, base, base + s, v);
                            } else {
                                Arrays.fill(grey, base, base + s, (byte) toGray(img[drawnIndex(shape, r, c)]));
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The value of an image of {@code shape} drawn at ({@code r}, {@code c}) of its grey cell. */
    private static int drawnIndex(ImageShape shape, int r, int c) {
        int w = shape.width();
        return shape.index(c / w, r, c % w);
    }

    /** Intensity in [0, 1] to a level 0..255; clamps, and draws NaN black. */
    public static int toGray(float v) {
        if (!(v > 0f)) {
            return 0; // also NaN
        }
        if (v >= 1f) {
            return 255;
        }
        return Math.round(v * 255f);
    }
}
