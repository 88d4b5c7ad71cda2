package org.cgm4j.api.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import org.cgm4j.api.io.AtomicFiles;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Reads and writes IDX files, the format of MNIST and Fashion-MNIST: a big-endian magic number
 * {@code 0x0000TTNN} (type byte TT, dimension count NN), NN big-endian 32-bit sizes, then the
 * elements in row-major order. Only the unsigned-byte type 0x08 is supported, which is all that
 * image and label files use.
 *
 * <p>Gzip is recognised by its magic bytes rather than by the file name, because mirrors and
 * browsers are inconsistent about keeping or stripping {@code .gz}. Reading is strict: a
 * truncated payload, trailing bytes or a corrupt gzip stream fail with a {@link
 * DataFileException} that names the file, since silently training on a partial file is worse
 * than failing.
 */
public final class IdxFile {
    /** The IDX element type of unsigned bytes, the only one this class handles. */
    public static final int UNSIGNED_BYTE = 0x08;
    /** The most dimensions accepted; IDX allows 255 but image data never needs more than 4. */
    public static final int MAX_DIMENSIONS = 4;

    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;
    private static final int BUFFER = 1 << 16;
    // Java arrays stop a few elements short of Integer.MAX_VALUE on common VMs.
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private IdxFile() {}

    /**
     * The contents of an IDX file: its dimensions, its elements in row-major order, and the
     * lowercase hex SHA-256 of the whole uncompressed file (header and data), which is what the
     * dataset registry checks and what run provenance records. The arrays are shared, not
     * copied: do not modify them.
     */
    public record IdxArray(int[] dims, byte[] data, String sha256) {
        /** Checks that the data length matches the dimensions. */
        public IdxArray {
            if (dims == null || data == null || sha256 == null) {
                throw new IllegalArgumentException("dims, data and sha256 must not be null");
            }
            long n = product(dims);
            if (n != data.length) {
                throw new IllegalArgumentException(
                        "dims " + Arrays.toString(dims) + " need " + n + " elements, data has " + data.length);
            }
        }

        /** The size of dimension {@code i}. */
        public int dim(int i) {
            return dims[i];
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IdxArray other
                    && Arrays.equals(dims, other.dims)
                    && Arrays.equals(data, other.data)
                    && sha256.equals(other.sha256);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(dims) + sha256.hashCode();
        }

        @Override
        public String toString() {
            return "IdxArray[dims=" + Arrays.toString(dims) + ", sha256=" + sha256 + "]";
        }
    }

    /** Reads an IDX file, raw or gzip-compressed. */
    public static IdxArray read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.toString(), in);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file + ": no such file; expected an IDX file (raw or .gz)", e);
        } catch (IOException e) {
            throw new DataFileException(file + ": cannot be read (" + e + ")", e);
        }
    }

    /**
     * Reads an IDX file, raw or gzip-compressed, from a stream; {@code displayName} is the name
     * errors give (a path, URL or classpath resource). The stream is read to its end but not
     * closed.
     */
    public static IdxArray read(String displayName, InputStream in) {
        try {
            return new Reader(displayName, in).read();
        } catch (IOException e) {
            throw new DataFileException(displayName + ": cannot be read (" + e + ")", e);
        }
    }

    /**
     * Writes images ({@code [n][channels * height * width]} intensities in [0, 1], channel-planar;
     * clamped, NaN as 0) as unsigned bytes: {@code [n, height, width]} for one channel, {@code [n,
     * channels, height, width]} for more, creating the parent directory. What {@code idx} datasets read.
     */
    public static void writeImages(Path file, float[][] images, ImageShape shape) {
        int d = shape.size();
        byte[] data = new byte[images.length * d];
        for (int i = 0; i < images.length; i++) {
            if (images[i].length != d) {
                throw new IllegalArgumentException("image " + i + " has " + images[i].length + " values, expected "
                        + shape + " = " + d);
            }
            for (int p = 0; p < d; p++) {
                float v = images[i][p];
                data[i * d + p] = (byte) (v > 0f ? Math.round(Math.min(1f, v) * 255f) : 0);
            }
        }
        int[] dims = shape.channels() == 1 ? new int[] {images.length, shape.height(), shape.width()}
                : new int[] {images.length, shape.channels(), shape.height(), shape.width()};
        createParent(file);
        writeUnsignedBytes(file, dims, data, false);
    }

    /** Writes class labels (each 0 to 255) as unsigned bytes {@code [n]}, creating the parent directory. */
    public static void writeLabels(Path file, int[] labels) {
        byte[] data = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 255) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i + " does not fit a byte");
            }
            data[i] = (byte) labels[i];
        }
        createParent(file);
        writeUnsignedBytes(file, new int[] {labels.length}, data, false);
    }

    private static void createParent(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(org.cgm4j.api.io.FileErrors.naming(file, e));
        }
    }

    /**
     * Writes an unsigned-byte IDX file atomically: the bytes go to a temporary file in the same
     * directory, which is then renamed over {@code file}, so a reader never sees a partial file.
     * With {@code gzip} the output is deterministic (zero timestamp, no file name, level 9), so
     * the same data always gives the same bytes.
     */
    public static void writeUnsignedBytes(Path file, int[] dims, byte[] data, boolean gzip) {
        checkDims(file.toString(), dims);
        if (product(dims) != data.length) {
            throw new IllegalArgumentException(file + ": dims " + Arrays.toString(dims) + " need " + product(dims)
                    + " bytes, data has " + data.length);
        }
        try {
            AtomicFiles.write(file, raw -> {
                OutputStream out = gzip ? new DeterministicGzip(raw) : raw;
                out.write(header(dims));
                out.write(data);
                if (out instanceof GZIPOutputStream g) {
                    g.finish();
                }
                out.flush();
            });
        } catch (IOException e) {
            throw new DataFileException(file + ": cannot be written (" + e + ")", e);
        }
    }

    /** The header of an unsigned-byte IDX file with these dimensions. */
    static byte[] header(int[] dims) {
        byte[] h = new byte[4 + 4 * dims.length];
        h[2] = (byte) UNSIGNED_BYTE;
        h[3] = (byte) dims.length;
        for (int i = 0; i < dims.length; i++) {
            int d = dims[i];
            h[4 + 4 * i] = (byte) (d >>> 24);
            h[5 + 4 * i] = (byte) (d >>> 16);
            h[6 + 4 * i] = (byte) (d >>> 8);
            h[7 + 4 * i] = (byte) d;
        }
        return h;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // The original failure is the one worth reporting; a stray temp file is harmless.
            }
        }
    }

    private static long product(int[] dims) {
        long n = 1;
        for (int d : dims) {
            n *= d;
            if (n > MAX_ARRAY || n < 0) {
                return Long.MAX_VALUE;
            }
        }
        return n;
    }

    private static void checkDims(String name, int[] dims) {
        if (dims.length < 1 || dims.length > MAX_DIMENSIONS) {
            throw new IllegalArgumentException(
                    name + ": an IDX file has 1 to " + MAX_DIMENSIONS + " dimensions, got " + dims.length);
        }
        for (int d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException(
                        name + ": IDX dimensions must be positive, got " + Arrays.toString(dims));
            }
        }
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x08 -> "unsigned byte";
            case 0x09 -> "signed byte";
            case 0x0B -> "short";
            case 0x0C -> "int";
            case 0x0D -> "float";
            case 0x0E -> "double";
            default -> "not an IDX type";
        };
    }

    /** Level 9 and Java's fixed header (no name, zero timestamp) make the output reproducible. */
    private static final class DeterministicGzip extends GZIPOutputStream {
        DeterministicGzip(OutputStream out) throws IOException {
            super(out, BUFFER);
            def.setLevel(Deflater.BEST_COMPRESSION);
        }
    }

    /** One read of one file; keeps the count of payload bytes seen so errors can say how many. */
    private static final class Reader {
        private final String name;
        private final InputStream source;
        private boolean gzip;
        private long seen;
        private InputStream payload;

        Reader(String name, InputStream source) {
            this.name = name;
            this.source = source;
        }

        IdxArray read() throws IOException {
            BufferedInputStream buffered = new BufferedInputStream(source, BUFFER);
            gzip = startsWithGzipMagic(buffered);
            MessageDigest digest = sha256();
            try {
                payload = new DigestInputStream(gzip ? new GZIPInputStream(buffered, BUFFER) : buffered, digest);
            } catch (EOFException | ZipException e) {
                throw corrupt(e, "expected a gzip header");
            }

            byte[] magic = new byte[4];
            int got = fill(payload, magic, 4, "expected a 4-byte IDX magic number");
            if (got < 4) {
                throw invalid(name + ": truncated IDX header: the file has " + got
                        + " bytes, expected at least 4 for the magic number");
            }
            int type = magic[2] & 0xff;
            int rank = magic[3] & 0xff;
            if (magic[0] != 0 || magic[1] != 0 || type != UNSIGNED_BYTE || rank < 1 || rank > MAX_DIMENSIONS) {
                // Say what the number announces, so that a float or 4-d IDX file, a byte-swapped
                // header and a file that is no IDX at all are told apart.
                String announces = magic[0] != 0 || magic[1] != 0
                        ? "is not an IDX magic number (its first two bytes must be zero)"
                        : String.format("announces %s elements (type 0x%02x) in %d dimension%s", typeName(type),
                                type, rank, rank == 1 ? "" : "s");
                throw invalid(String.format("%s: the magic number 0x%02x%02x%02x%02x %s; expected unsigned byte"
                                + " elements (0x08) in 1 to %d dimensions: 0x00000801 for labels, 0x00000803 for"
                                + " images", name, magic[0], magic[1], magic[2], magic[3], announces,
                        MAX_DIMENSIONS));
            }

            byte[] sizes = new byte[4 * rank];
            got = fill(payload, sizes, sizes.length, "expected " + (4 + sizes.length) + " IDX header bytes");
            if (got < sizes.length) {
                throw invalid(name + ": truncated IDX header: expected " + (4 + sizes.length) + " header bytes for "
                        + rank + " dimensions, found " + (4 + got));
            }
            int[] dims = new int[rank];
            for (int i = 0; i < rank; i++) {
                dims[i] = ((sizes[4 * i] & 0xff) << 24)
                        | ((sizes[4 * i + 1] & 0xff) << 16)
                        | ((sizes[4 * i + 2] & 0xff) << 8)
                        | (sizes[4 * i + 3] & 0xff);
                if (dims[i] <= 0) {
                    throw invalid(name + ": IDX dimension " + i + " of " + rank + " is "
                            + Integer.toUnsignedString(dims[i]) + ", expected a positive size below 2^31");
                }
            }
            long n = product(dims);
            if (n == Long.MAX_VALUE) {
                throw invalid(name + ": IDX dimensions " + Arrays.toString(dims)
                        + " give more bytes than a Java array holds (at most " + MAX_ARRAY + ")");
            }
            int headerBytes = 4 + sizes.length;
            String expected = "dimensions " + Arrays.toString(dims) + " need " + n + " data bytes (" + (headerBytes + n)
                    + " with the header)";

            byte[] data = new byte[(int) n];
            got = fill(payload, data, data.length, expected);
            if (got < n) {
                throw invalid(name + ": truncated IDX data: " + expected + ", found " + got + " data bytes ("
                        + (headerBytes + got) + " in all)");
            }
            long trailing = drain(payload, expected);
            if (trailing > 0) {
                throw new DataFileException(name + ": " + trailing + " trailing bytes after the IDX data: "
                        + expected + ", but the " + (gzip ? "uncompressed " : "") + "file holds "
                        + (headerBytes + n + trailing));
            }
            return new IdxArray(dims, data, hex(digest.digest()));
        }

        /**
         * The error for a file that decodes but is not a valid IDX file. A corrupt gzip stream can
         * inflate to garbage long before its CRC is checked at the end, so for gzip input the rest
         * is read first: if the stream is corrupt, that is the error worth reporting.
         */
        private DataFileException invalid(String message) {
            if (gzip) {
                try {
                    drain(payload, "expected an IDX file");
                } catch (DataFileException corrupt) {
                    return corrupt;
                } catch (IOException e) {
                    return new DataFileException(message + " (and reading the rest failed: " + e + ")", e);
                }
                return new DataFileException(message + " (after gzip decompression)");
            }
            return new DataFileException(message);
        }

        /** Reads up to {@code len} bytes; fewer only at the end of the stream. */
        private int fill(InputStream in, byte[] buf, int len, String expected) throws IOException {
            int total = 0;
            try {
                while (total < len) {
                    int r = in.read(buf, total, Math.min(len - total, BUFFER));
                    if (r < 0) {
                        break;
                    }
                    total += r;
                    seen += r;
                }
            } catch (EOFException | ZipException e) {
                throw corrupt(e, expected);
            }
            return total;
        }

        /** Counts what is left; reading a gzip stream to its end also checks its CRC. */
        private long drain(InputStream in, String expected) throws IOException {
            byte[] buf = new byte[BUFFER];
            long extra = 0;
            try {
                for (int r; (r = in.read(buf)) >= 0; ) {
                    extra += r;
                    seen += r;
                }
            } catch (EOFException | ZipException e) {
                throw corrupt(e, expected);
            }
            return extra;
        }

        private DataFileException corrupt(IOException e, String expected) {
            if (e instanceof EOFException) {
                return new DataFileException(
                        name + ": the gzip stream ends early (a truncated copy or download?)" + " after " + seen
                                + " uncompressed bytes; " + expected,
                        e);
            }
            return new DataFileException(
                    name + ": corrupt gzip data (" + e.getMessage() + ") after " + seen
                            + " uncompressed bytes; expected a valid gzip stream holding an IDX file; " + expected,
                    e);
        }

        private static boolean startsWithGzipMagic(BufferedInputStream in) throws IOException {
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            return b0 == GZIP_MAGIC_0 && b1 == GZIP_MAGIC_1;
        }
    }
}
