package org.cgm4j.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class ArrayArchiveTest {
    @Test
    void arraysOfEveryKindComeBackExactly(@TempDir Path dir) {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("float", Nd4j.rand(DataType.FLOAT, 7, 5).subi(0.5));
        arrays.put("double", Nd4j.rand(DataType.DOUBLE, 3, 4, 2));
        arrays.put("long", Nd4j.createFromArray(1L, -2L, Long.MAX_VALUE));
        arrays.put("int", Nd4j.createFromArray(new int[][] {{1, 2}, {3, 4}}));
        arrays.put("scalar", Nd4j.scalar(DataType.FLOAT, 2.5f));
        INDArray big = Nd4j.linspace(1, 60, 60, DataType.FLOAT).reshape(6, 10);
        arrays.put("view", big.get(NDArrayIndex.interval(1, 4), NDArrayIndex.interval(2, 7)));
        arrays.put("fortran", Nd4j.linspace(1, 12, 12, DataType.FLOAT).reshape('f', 3, 4));
        Path file = dir.resolve("a.zip");
        ArrayArchive.write(file, arrays, Map.of("note", "héllo"));

        ArrayArchive.Contents back = ArrayArchive.read(file);
        assertThat(back.texts()).containsExactly(Map.entry("note", "héllo"));
        assertThat(back.arrays().keySet()).containsExactlyElementsOf(arrays.keySet());
        arrays.forEach((k, v) -> {
            INDArray b = back.arrays().get(k);
            assertThat(b.dataType()).as(k).isEqualTo(v.dataType());
            assertThat(b.shape()).as(k).containsExactly(v.shape());
            assertThat(b).as(k).isEqualTo(v);
        });
    }

    @Test
    void theSameContentGivesTheSameBytes(@TempDir Path dir) throws Exception {
        Map<String, INDArray> arrays = Map.of("w", Nd4j.linspace(1, 6, 6, DataType.FLOAT).reshape(2, 3));
        ArrayArchive.write(dir.resolve("a.zip"), arrays, Map.of());
        ArrayArchive.write(dir.resolve("b.zip"), arrays, Map.of());
        assertThat(Files.readAllBytes(dir.resolve("a.zip"))).isEqualTo(Files.readAllBytes(dir.resolve("b.zip")));
    }

    @Test
    void archivesWrittenWithNd4jsOwnFormatAreStillRead(@TempDir Path dir) throws Exception {
        INDArray w = Nd4j.linspace(1, 6, 6, DataType.FLOAT).reshape(2, 3);
        Path file = dir.resolve("old.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("arrays/w"));
            DataOutputStream out = new DataOutputStream(zip);
            Nd4j.write(w, out);
            out.flush();
            zip.closeEntry();
        }
        assertThat(ArrayArchive.read(file).arrays().get("w")).isEqualTo(w);
    }

    @Test
    void aTruncatedArchiveIsACleanErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("t.zip");
        ArrayArchive.write(file, Map.of("w", Nd4j.rand(DataType.FLOAT, 100, 100)), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> ArrayArchive.read(file)).hasMessageContaining(file.toString())
                .hasMessageContaining("corrupt");
    }

    @Test
    void anEntryThatIsNotAnArrayIsNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("w.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("tensors/encoder/W"));
            zip.write("a text, not an array".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        assertThatThrownBy(() -> ArrayArchive.read(file)).hasMessageContaining(file.toString())
                .hasMessageContaining("entry 'tensors/encoder/W' is not an array");
    }
}
