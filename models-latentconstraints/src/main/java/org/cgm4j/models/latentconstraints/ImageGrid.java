package org.cgm4j.models.latentconstraints;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.cgm4j.api.data.IdxFile;
import org.cgm4j.api.io.FileErrors;

/**
 * Writes grey-scale images (rows of pixel values in [0, 1], clamped) as a PNG grid, and as IDX
 * bytes. The experiments module has its own sample grids, but a model module must not depend on
 * it; this is the little the latent constraints' pictures need.
 */
public final class ImageGrid {
    private static final int GAP = 2;

    private ImageGrid() {}

    /**
     * One grid row per entry of {@code rows}, each image {@code height x width} pixels, row-major;
     * rows may differ in length (missing cells stay dark grey).
     */
    public static void write(List<float[][]> rows, int height, int width, int scale, Path file) {
        int cols = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int cellW = width * scale + GAP;
        int cellH = height * scale + GAP;
        BufferedImage img = new BufferedImage(Math.max(1, cols * cellW + GAP), Math.max(1, rows.size() * cellH + GAP),
                BufferedImage.TYPE_BYTE_GRAY);
        var raster = img.getRaster();
        for (int x = 0; x < img.getWidth(); x++) {
            for (int y = 0; y < img.getHeight(); y++) {
                raster.setSample(x, y, 0, 64);
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            float[][] row = rows.get(r);
            for (int c = 0; c < row.length; c++) {
                for (int py = 0; py < height * scale; py++) {
                    for (int px = 0; px < width * scale; px++) {
                        int v = toByte(row[c][(py / scale) * width + px / scale]) & 0xff;
                        raster.setSample(GAP + c * cellW + px, GAP + r * cellH + py, 0, v);
                    }
                }
            }
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ImageIO.write(img, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(FileErrors.naming(file, e));
        }
    }

    /** Writes {@code images} ({@code [n][height * width]}) as IDX unsigned bytes {@code [n, height, width]}. */
    public static void writeIdx(float[][] images, int height, int width, Path file) {
        writeIdx(images, 1, height, width, file);
    }

    /**
     * Writes {@code images} ({@code [n][channels * height * width]}, channel-planar) as IDX unsigned
     * bytes: {@code [n, height, width]} for one channel, {@code [n, channels, height, width]} for more.
     */
    public static void writeIdx(float[][] images, int channels, int height, int width, Path file) {
        int d = channels * height * width;
        byte[] data = new byte[images.length * d];
        for (int i = 0; i < images.length; i++) {
            for (int p = 0; p < d; p++) {
                data[i * d + p] = toByte(images[i][p]);
            }
        }
        int[] dims = channels == 1 ? new int[] {images.length, height, width}
                : new int[] {images.length, channels, height, width};
        IdxFile.writeUnsignedBytes(file, dims, data, false);
    }

    /** Writes {@code labels} as an IDX file of unsigned bytes {@code [n]}. */
    public static void writeLabels(int[] labels, Path file) {
        byte[] data = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            data[i] = (byte) labels[i];
        }
        IdxFile.writeUnsignedBytes(file, new int[] {labels.length}, data, false);
    }

    /** A pixel in [0, 1] (clamped) as an unsigned byte. */
    static byte toByte(float v) {
        float c = Math.max(0f, Math.min(1f, v));
        return (byte) Math.round(c * 255f);
    }
}
