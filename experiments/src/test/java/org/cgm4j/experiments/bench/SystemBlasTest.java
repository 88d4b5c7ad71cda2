package org.cgm4j.experiments.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cgm4j.api.testing.OptionalPackages;
import org.cgm4j.experiments.sweep.WorkerJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system's OpenBLAS (Debian's libopenblas0-pthread) as the launcher loads it: a child JVM
 * started with the options and environment {@code scripts/blas.sh} chooses runs its matrix
 * products in that library (provenance says so: its file, its version, a kernel it picked itself)
 * and computes every product of a CVAE training step to the double-precision reference. Skipped,
 * with the reason printed, where the library is not installed.
 */
class SystemBlasTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path SYSTEM_DIR = Path.of("/usr/lib/" + System.getProperty("os.arch").replace("amd64",
            "x86_64") + "-linux-gnu/openblas-pthread");

    /** What a {@code bash} that sourced scripts/blas.sh and ran it printed: options, then the environment. */
    static Map<String, List<String>> launcherChoice(Map<String, String> env, Path dir) throws Exception {
        Path out = dir.resolve("choice.txt");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", ". scripts/blas.sh; cgm4j_blas_setup \"$PWD\" || exit $?;"
                + " printf 'opt %s\\n' \"${cgm4j_blas_opts[@]}\"; env | sed 's/^/env /'")
                .directory(REPO.toFile()).redirectOutput(out.toFile())
                .redirectError(dir.resolve("choice.err").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Map<String, List<String>> r = new LinkedHashMap<>();
        r.put("exit", List.of(Integer.toString(p.exitValue())));
        r.put("stderr", Files.readAllLines(dir.resolve("choice.err")));
        r.put("opt", new ArrayList<>());
        r.put("env", new ArrayList<>());
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            int sp = line.indexOf(' ');
            if (sp > 0 && r.containsKey(line.substring(0, sp))) {
                r.get(line.substring(0, sp)).add(line.substring(sp + 1));
            }
        }
        return r;
    }

    @Test
    void theLauncherRunsTheSystemOpenBlasWhichComputesTheCvaeProductsToTheReference(@TempDir Path dir)
            throws Exception {
        Path lib = SYSTEM_DIR.resolve("libopenblas.so.0");
        OptionalPackages.assumeInstalled(Files.isReadable(lib), "Debian's libopenblas0-pthread",
                "apt-get install libopenblas0-pthread");
        Map<String, List<String>> choice = launcherChoice(Map.of("CGM4J_BLAS", "system", "CGM4J_BLAS_THREADS", "1"),
                dir);
        assertThat(choice.get("exit")).as(String.join("\n", choice.get("stderr"))).containsExactly("0");
        assertThat(choice.get("stderr")).singleElement().asString().startsWith("cgm4j: BLAS: system OpenBLAS from "
                + SYSTEM_DIR);

        // The child: the launcher's options before the main class, and exactly its environment.
        WorkerJvm jvm = WorkerJvm.current();
        List<String> cmd = new ArrayList<>();
        cmd.add(jvm.executable().toString());
        cmd.add("-Xmx1g");
        cmd.addAll(choice.get("opt"));
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, jvm.classPath().stream().map(Path::toString).toList()));
        cmd.add(SystemBlasChild.class.getName());
        Path result = dir.resolve("child.json");
        cmd.add(result.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile());
        pb.environment().clear();
        for (String kv : choice.get("env")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                pb.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        assertThat(pb.environment()).doesNotContainKeys("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
                .containsEntry("OPENBLAS_NUM_THREADS", "1");
        Process p = pb.start();
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("child.log"))).isZero();

        JsonNode r = new ObjectMapper().readTree(result.toFile());
        JsonNode blas = r.path("blas");
        String real = lib.toRealPath().toString();
        assertThat(blas.path("blas.library").asText()).isEqualTo(real);
        // Debian names the file after its version: libopenblasp-r0.3.21.so.
        Matcher m = Pattern.compile("-r(\\d+\\.\\d+\\.\\d+)\\.so$").matcher(real);
        if (m.find()) {
            assertThat(blas.path("blas.version").asText()).isEqualTo(m.group(1));
        }
        assertThat(blas.path("blas.version").asText()).isNotEqualTo("0.3.19").isNotEqualTo("unknown");
        assertThat(blas.path("blas.core").asText()).isNotEqualTo("unknown");
        assertThat(blas.path("blas.openblasThreads").asText()).isEqualTo("1");
        assertThat(blas.path("blas.choice").asText()).isEqualTo("system");
        assertThat(r.path("errors")).hasSize(GemmReferenceTest.cvaeGemms().size());
        for (JsonNode e : r.path("errors")) {
            assertThat(e.path("single").asDouble()).as("float " + e.path("gemm").asText()).isLessThan(1e-5);
            assertThat(e.path("double").asDouble()).as("double " + e.path("gemm").asText()).isLessThan(1e-12);
        }
    }
}
