package org.cgm4j.api.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Small synthetic IDX payloads and helpers shared by the data tests. */
final class TestData {
    static final String MNIST_10K_DIR = "/org/cgm4j/api/data/mnist-10k/";

    private TestData() {}

    /** An unsigned-byte IDX payload (header + data), uncompressed. */
    static byte[] idx(int[] dims, byte[] data) {
        byte[] header = IdxFile.header(dims);
        byte[] out = new byte[header.length + data.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(data, 0, out, header.length, data.length);
        return out;
    }

    /** Images whose pixels follow a pattern that differs by image, row and column. */
    static LabeledImages images(int count, int rows, int cols, int classes) {
        byte[] pixels = new byte[count * rows * cols];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) ((i * 37 + i / (rows * cols) * 11) % 256);
        }
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % classes);
        }
        return new LabeledImages(count, rows, cols, pixels, labels);
    }

    static byte[] imagesPayload(LabeledImages images) {
        return idx(new int[] {images.count(), images.rows(), images.cols()}, images.pixels());
    }

    static byte[] labelsPayload(LabeledImages images) {
        byte[] labels = new byte[images.count()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) images.label(i);
        }
        return idx(new int[] {images.count()}, labels);
    }

    static byte[] gzip(byte[] payload) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] gunzip(byte[] gz) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The uncompressed payload of one embedded mnist-10k file. */
    static byte[] mnist10kPayload(String file) {
        try (InputStream in = TestData.class.getResourceAsStream(MNIST_10K_DIR + file + ".gz")) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + MNIST_10K_DIR + file + ".gz");
            }
            return gunzip(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
