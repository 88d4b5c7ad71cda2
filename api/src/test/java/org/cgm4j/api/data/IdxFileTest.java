package org.cgm4j.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxFileTest {
    @TempDir
    Path tmp;

    private static IdxFile.IdxArray embedded(String file) throws IOException {
        String resource = TestData.MNIST_10K_DIR + file + ".gz";
        try (InputStream in = IdxFileTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return IdxFile.read(resource, in);
        }
    }

    @Test
    void readsTheEmbeddedFilesWithTheirPublishedHashes() throws IOException {
        IdxFile.IdxArray trainImages = embedded("train-images-idx3-ubyte");
        IdxFile.IdxArray trainLabels = embedded("train-labels-idx1-ubyte");
        IdxFile.IdxArray testImages = embedded("test-images-idx3-ubyte");
        IdxFile.IdxArray testLabels = embedded("test-labels-idx1-ubyte");

        assertThat(trainImages.dims()).containsExactly(8004, 28, 28);
        assertThat(trainLabels.dims()).containsExactly(8004);
        assertThat(testImages.dims()).containsExactly(1996, 28, 28);
        assertThat(testLabels.dims()).containsExactly(1996);
        assertThat(trainImages.sha256()).isEqualTo("0b918446991e72930891dc5f6e68cdf31583f76820b559f42fca7f0049475758");
        assertThat(trainLabels.sha256()).isEqualTo("8ebd78da9863f08d733348376650710aed17bca69fc8604d0a636edfdcf0aa2e");
        assertThat(testImages.sha256()).isEqualTo("0477d40e1c8968f253165404e86f85f4a072e8f772c15b4dd3fbe68da621abbb");
        assertThat(testLabels.sha256()).isEqualTo("40ec743e1e835ec1f8cf9a40849a858d0c7863d783f881c6227a8c7588e9e312");

        for (IdxFile.IdxArray labels : new IdxFile.IdxArray[] {trainLabels, testLabels}) {
            int[] histogram = new int[256];
            for (byte b : labels.data()) {
                histogram[b & 0xff]++;
            }
            assertThat(Arrays.stream(histogram).sum()).isEqualTo(labels.dim(0));
            assertThat(Arrays.stream(histogram, 0, 10).min().orElseThrow()).isPositive();
            assertThat(Arrays.stream(histogram, 10, 256).sum()).isZero();
        }
        // Pixels are real digits, not blank: about a fifth of MNIST pixels are ink.
        long ink = 0;
        for (byte b : trainImages.data()) {
            ink += (b & 0xff) > 127 ? 1 : 0;
        }
        assertThat((double) ink / trainImages.data().length).isBetween(0.05, 0.4);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void roundTripsRawAndGzip(boolean gzip) throws IOException {
        int[] dims = {3, 4, 6};
        byte[] data = new byte[72];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7 - 100);
        }
        Path file = tmp.resolve(gzip ? "x.gz" : "x");
        IdxFile.writeUnsignedBytes(file, dims, data, gzip);

        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes[0] == (byte) 0x1f && bytes[1] == (byte) 0x8b).isEqualTo(gzip);
        IdxFile.IdxArray back = IdxFile.read(file);
        assertThat(back.dims()).containsExactly(dims);
        assertThat(back.data()).containsExactly(data);
        assertThat(back.sha256()).isEqualTo(TestData.sha256(TestData.idx(dims, data)));
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void gzipOutputIsDeterministicAndIndependentOfTheFileName() throws IOException {
        byte[] data = new byte[500];
        Arrays.fill(data, 100, 300, (byte) 200);
        IdxFile.writeUnsignedBytes(tmp.resolve("a.gz"), new int[] {500}, data, true);
        IdxFile.writeUnsignedBytes(tmp.resolve("b"), new int[] {500}, data, true);
        assertThat(Files.readAllBytes(tmp.resolve("a.gz"))).isEqualTo(Files.readAllBytes(tmp.resolve("b")));
    }

    @Test
    void gzipIsDetectedByMagicNotByName() throws IOException {
        byte[] payload = TestData.idx(new int[] {2, 2}, new byte[] {1, 2, 3, 4});
        Path gzNamedRaw = tmp.resolve("plain-name");
        Files.write(gzNamedRaw, TestData.gzip(payload));
        Path rawNamedGz = tmp.resolve("named.gz");
        Files.write(rawNamedGz, payload);
        assertThat(IdxFile.read(gzNamedRaw).data()).containsExactly(1, 2, 3, 4);
        assertThat(IdxFile.read(rawNamedGz).data()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void truncatedRawFileSaysExpectedAndFound() throws IOException {
        byte[] payload = TestData.idx(new int[] {10, 28, 28}, new byte[7840]);
        Path file = tmp.resolve("short-idx3-ubyte");
        Files.write(file, Arrays.copyOf(payload, 16 + 5000));
        assertThatThrownBy(() -> IdxFile.read(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("truncated")
                .hasMessageContaining("need 7840 data bytes")
                .hasMessageContaining("found 5000");
    }

    @Test
    void truncatedHeaderSaysExpectedAndFound() throws IOException {
        Path file = tmp.resolve("h");
        Files.write(file, Arrays.copyOf(TestData.idx(new int[] {1, 2, 2}, new byte[4]), 10));
        assertThatThrownBy(() -> IdxFile.read(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("expected 16 header bytes")
                .hasMessageContaining("found 10");
    }

    @Test
    void truncatedGzipSaysWhereItEnded() throws IOException {
        byte[] data = new byte[20000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * i);
        }
        byte[] gz = TestData.gzip(TestData.idx(new int[] {20000}, data));
        Path file = tmp.resolve("cut.gz");
        Files.write(file, Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> IdxFile.read(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("gzip stream ends early")
                .hasMessageContaining("need 20000 data bytes");
    }

    @Test
    void corruptGzipNamesTheFile() throws IOException {
        byte[] data = new byte[4000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % 13 * 19);
        }
        byte[] gz = TestData.gzip(TestData.idx(new int[] {4000}, data));
        for (int i = 12; i < gz.length - 8; i += 3) {
            gz[i] ^= (byte) 0x5a;
        }
        Path file = tmp.resolve("bad.gz");
        Files.write(file, gz);
        // This damage inflates to a bad IDX magic number before the CRC at the end is reached; the
        // reader must still blame the gzip stream, which is the real cause.
        assertThatThrownBy(() -> IdxFile.read(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("corrupt gzip data");
    }

    @Test
    void badCrcIsCaughtEvenWhenTheLengthIsRight() throws IOException {
        byte[] gz = TestData.gzip(TestData.idx(new int[] {4}, new byte[] {1, 2, 3, 4}));
        gz[gz.length - 8] ^= 1; // first byte of the CRC-32 in the gzip trailer
        Path file = tmp.resolve("crc.gz");
        Files.write(file, gz);
        assertThatThrownBy(() -> IdxFile.read(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("corrupt gzip");
    }

    @Test
    void wrongMagicIsRejected() throws IOException {
        Path file = tmp.resolve("text");
        Files.writeString(file, "hello, this is not an IDX file");
        assertThatThrownBy(() -> IdxFile.read(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("0x68656c6c is not an IDX magic number")
                .hasMessageContaining("0x08");
    }

    @Test
    void otherElementTypesAreRejectedByName() {
        byte[] floats = {0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0};
        assertThatThrownBy(() -> IdxFile.read("floats.idx", new ByteArrayInputStream(floats)))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("floats.idx")
                .hasMessageContaining("announces float elements (type 0x0d) in 1 dimension;")
                .hasMessageContaining("expected unsigned byte elements (0x08)");
    }

    @Test
    void dimensionCountAndSizesAreChecked() {
        byte[] noDims = {0, 0, 8, 0};
        assertThatThrownBy(() -> IdxFile.read("r0", new ByteArrayInputStream(noDims)))
                .hasMessageContaining("r0")
                .hasMessageContaining("announces unsigned byte elements (type 0x08) in 0 dimensions")
                .hasMessageContaining("in 1 to 4 dimensions");
        byte[] fiveDims = {0, 0, 8, 5};
        assertThatThrownBy(() -> IdxFile.read("r5", new ByteArrayInputStream(fiveDims)))
                .hasMessageContaining("in 5 dimensions;");
        byte[] zeroSize = {0, 0, 8, 2, 0, 0, 0, 3, 0, 0, 0, 0};
        assertThatThrownBy(() -> IdxFile.read("z", new ByteArrayInputStream(zeroSize)))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("dimension 1 of 2 is 0, expected a positive size");
    }

    @Test
    void trailingBytesAreAnError() throws IOException {
        byte[] payload = TestData.idx(new int[] {2, 3}, new byte[6]);
        byte[] longer = Arrays.copyOf(payload, payload.length + 3);
        Path raw = tmp.resolve("long");
        Files.write(raw, longer);
        assertThatThrownBy(() -> IdxFile.read(raw))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(raw.toString())
                .hasMessageContaining("3 trailing bytes")
                .hasMessageContaining("holds 21");
        Path gz = tmp.resolve("long.gz");
        Files.write(gz, TestData.gzip(longer));
        assertThatThrownBy(() -> IdxFile.read(gz))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("3 trailing bytes");
    }

    @Test
    void missingFileIsNamed() {
        Path missing = tmp.resolve("nope-idx1-ubyte");
        assertThatThrownBy(() -> IdxFile.read(missing))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("no such file");
    }

    @Test
    void writerRejectsDataThatDoesNotMatchTheDimensions() {
        assertThatThrownBy(() -> IdxFile.writeUnsignedBytes(tmp.resolve("w"), new int[] {2, 2}, new byte[3], false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("need 4 bytes, data has 3");
        assertThat(tmp.resolve("w")).doesNotExist();
    }

    @Test
    void aWrongMagicNumberSaysWhatItAnnouncesAndWhatWasExpected() throws IOException {
        Path file = tmp.resolve("floats.idx");
        // 0x00000d03: float elements in 3 dimensions, a valid IDX header of a type not supported
        Files.write(file, new byte[] {0, 0, 0x0d, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0});
        assertThatThrownBy(() -> IdxFile.read(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("0x00000d03 announces float elements (type 0x0d) in 3 dimensions")
                .hasMessageContaining("expected unsigned byte elements (0x08)")
                .hasMessageContaining("0x00000803 for images");
        Path text = tmp.resolve("text.idx");
        Files.writeString(text, "hello, not an IDX file");
        assertThatThrownBy(() -> IdxFile.read(text))
                .hasMessageContaining("0x68656c6c is not an IDX magic number")
                .hasMessageContaining("0x00000801 for labels");
    }
}
