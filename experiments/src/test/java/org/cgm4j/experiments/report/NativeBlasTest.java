package org.cgm4j.experiments.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.bytedeco.openblas.global.openblas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The BLAS that provenance records is the one this process loaded: in the test JVM, ND4J's
 * bundled OpenBLAS (the system library runs in {@code SystemBlasTest}).
 */
class NativeBlasTest {

    /** The realpaths of every file /proc/self/maps lists. */
    private static List<String> mappedFiles() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .map(l -> l.trim().split("\\s+", 6))
                .filter(f -> f.length == 6 && f[5].startsWith("/"))
                .map(f -> {
                    try {
                        return Path.of(f[5]).toRealPath().toString();
                    } catch (IOException e) {
                        return f[5];
                    }
                })
                .distinct().toList();
    }

    /** The OpenBLAS version of the JavaCPP preset jar on the class path: "0.3.19" of "0.3.19-1.5.7". */
    private static String presetOpenBlasVersion() throws IOException {
        try (InputStream in = openblas.class.getResourceAsStream("/META-INF/maven/org.bytedeco/openblas/pom.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version").split("-")[0];
        }
    }

    @Test
    void theRecordedLibraryIsMappedIntoThisProcessWithTheVersionAndKernelItRuns() throws IOException {
        Nd4j.create(2, 2).mmul(Nd4j.create(2, 2)); // loads the backend and its BLAS
        NativeBlas.Info info = NativeBlas.inspect();
        assertThat(info.library()).isNotEqualTo(Provenance.UNKNOWN);
        assertThat(mappedFiles()).contains(info.library());
        // The test JVM loads the bundled library: its version is the preset's.
        assertThat(info.version()).isEqualTo(presetOpenBlasVersion());
        String coreType = System.getenv("OPENBLAS_CORETYPE");
        if (coreType != null && !coreType.isBlank()) {
            // The environment forces the kernel of the bundled library.
            assertThat(info.core()).isEqualTo(coreType.toUpperCase(Locale.ROOT));
        } else {
            assertThat(NativeBlas.CORES).contains(info.core());
        }
        // Surefire sets OMP_NUM_THREADS=1, which ND4J applies to OpenBLAS.
        assertThat(info.threads()).isEqualTo(1);

        Map<String, String> env = Provenance.capture(1, Map.of(), null).nd4jEnvironment();
        assertThat(env).containsEntry("blas.library", info.library()).containsEntry("blas.version", info.version())
                .containsEntry("blas.core", info.core()).containsEntry("blas.openblasThreads", "1");
    }

    @Test
    void aProcMapsLineIsFoundByTheAddressItHolds(@TempDir Path dir) throws IOException {
        Path lib = Files.createFile(dir.resolve("libopenblas.so.0"));
        Path maps = dir.resolve("maps");
        Files.writeString(maps, String.join("\n",
                "7f0000000000-7f0000001000 r--p 00000000 fe:00 1                          /usr/lib/other.so",
                "7f0000001000-7f0000002000 r-xp 00001000 fe:00 2                          " + lib,
                "7ffd00000000-7ffd00001000 rw-p 00000000 00:00 0                          [stack]") + "\n",
                StandardCharsets.UTF_8);
        assertThat(NativeBlas.mappedFile(0x7f0000001800L, maps)).isEqualTo(lib.toRealPath().toString());
        assertThat(NativeBlas.mappedFile(0x7f0000000800L, maps)).isEqualTo("/usr/lib/other.so");
        assertThat(NativeBlas.mappedFile(0x7f0000002000L, maps)).isEqualTo(Provenance.UNKNOWN);
    }

    @Test
    void theVersionIsReadFromAnElfLibrarysReadOnlyDataAndFromOtherFilesWhole(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("lib.dylib");
        Files.write(text, ("xxOpenBLAS : munmap failed\0OpenBLAS 0.3.21 DYNAMIC_ARCH\0").getBytes(StandardCharsets.US_ASCII));
        assertThat(NativeBlas.scan(text)).isEqualTo("0.3.21");
        Files.write(text, "no version here".getBytes(StandardCharsets.US_ASCII));
        assertThat(NativeBlas.scan(text)).isEqualTo(Provenance.UNKNOWN);
    }

    @Test
    void childJvmsGetTheOptionsThatChooseTheLibrary() {
        assertThat(NativeBlas.loadingOptions(List.of("-Xmx1g", "-Dorg.bytedeco.openblas.load=openblas",
                "-Dorg.bytedeco.javacpp.pathsFirst=true", "-Djava.library.path=/usr/lib/x", "-Dcgm4j.blas=system",
                "-Dother=1"))).containsExactly("-Dorg.bytedeco.openblas.load=openblas",
                        "-Dorg.bytedeco.javacpp.pathsFirst=true", "-Djava.library.path=/usr/lib/x", "-Dcgm4j.blas=system");
    }
}
