package org.cgm4j.api.data;

import java.util.List;

/**
 * Resizes one channel of 8-bit pixels with a named filter. Every filter is separable: a table of
 * (source index, weight) per target index, built once per axis, is applied to the rows and then to
 * the columns, so the three filters differ only in their tables. Pixel {@code i} of a row of
 * {@code n} covers {@code [i, i + 1)} and has its centre at {@code i + 0.5}; target and source
 * rows span the same extent. Written out here rather than left to Java2D, whose interpolation
 * hints may differ between platforms, so a resized dataset is the same bytes everywhere.
 */
public final class ImageResizer {
    /** The source pixel under the target pixel's centre. */
    public static final String NEAREST = "nearest";
    /** Linear interpolation between the two nearest pixel centres on each axis, edges clamped. */
    public static final String BILINEAR = "bilinear";
    /** The mean of the source pixels a target pixel covers, weighted by the part of each covered. */
    public static final String AREA = "area";
    /** The filter names, as {@code data.options.resize.filter} accepts them. */
    public static final List<String> FILTERS = List.of(BILINEAR, NEAREST, AREA);

    private ImageResizer() {}

    /** What the filter does, in words, for provenance. */
    public static String describe(String filter) {
        return switch (filter) {
            case NEAREST -> "nearest (the source pixel under each target pixel's centre)";
            case BILINEAR -> "bilinear (pixel centres, edges clamped)";
            case AREA -> "area (covered source pixels averaged by covered area)";
            default -> throw new IllegalArgumentException("unknown filter '" + filter + "'; allowed: " + FILTERS);
        };
    }

    /**
     * One channel, {@code [srcHeight, srcWidth]} row-major unsigned bytes, resized to {@code
     * [height, width]}, rounded to the nearest byte.
     */
    public static byte[] resize(byte[] src, int srcHeight, int srcWidth, int height, int width, String filter) {
        if (src.length != srcHeight * srcWidth) {
            throw new IllegalArgumentException(
                    "src has " + src.length + " pixels, expected " + srcHeight + " x " + srcWidth);
        }
        Taps cols = taps(srcWidth, width, filter);
        Taps rows = taps(srcHeight, height, filter);
        // Rows first: [srcHeight, width].
        double[] mid = new double[srcHeight * width];
        for (int y = 0; y < srcHeight; y++) {
            for (int x = 0; x < width; x++) {
                double v = 0;
                for (int k = cols.start[x]; k < cols.start[x + 1]; k++) {
                    v += cols.weight[k] * (src[y * srcWidth + cols.index[k]] & 0xff);
                }
                mid[y * width + x] = v;
            }
        }
        byte[] out = new byte[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = 0;
                for (int k = rows.start[y]; k < rows.start[y + 1]; k++) {
                    v += rows.weight[k] * mid[rows.index[k] * width + x];
                }
                out[y * width + x] = (byte) Math.max(0, Math.min(255, Math.round(v)));
            }
        }
        return out;
    }

    /** Target index {@code t} reads source {@code index[k]} with {@code weight[k]}, k in [start[t], start[t+1]). */
    private record Taps(int[] start, int[] index, double[] weight) {}

    private static Taps taps(int n, int m, String filter) {
        double scale = (double) n / m;
        int[] start = new int[m + 1];
        int[] index = new int[m * (n / m + 3)];
        double[] weight = new double[index.length];
        int k = 0;
        for (int t = 0; t < m; t++) {
            start[t] = k;
            switch (filter) {
                case NEAREST -> {
                    index[k] = Math.min(n - 1, (int) Math.floor((t + 0.5) * scale));
                    weight[k++] = 1;
                }
                case BILINEAR -> {
                    double c = Math.max(0, Math.min(n - 1, (t + 0.5) * scale - 0.5));
                    int i0 = (int) Math.floor(c);
                    int i1 = Math.min(n - 1, i0 + 1);
                    double f = c - i0;
                    index[k] = i0;
                    weight[k++] = 1 - f;
                    if (i1 != i0 && f > 0) {
                        index[k] = i1;
                        weight[k++] = f;
                    }
                }
                case AREA -> {
                    double lo = t * scale;
                    double hi = (t + 1) * scale;
                    for (int i = (int) Math.floor(lo); i < n && i < hi; i++) {
                        double covered = Math.min(hi, i + 1) - Math.max(lo, i);
                        if (covered > 1e-12) {
                            index[k] = i;
                            weight[k++] = covered / scale;
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unknown filter '" + filter + "'; allowed: " + FILTERS);
            }
        }
        start[m] = k;
        return new Taps(start, index, weight);
    }
}
