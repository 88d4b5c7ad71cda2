package org.cgm4j.experiments.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's choice of BLAS library and threads ({@code scripts/blas.sh}, sourced by {@code
 * ./cgm4j}), against a stand-in system library folder: which options and variables it sets, its
 * one log line, and its errors.
 */
class LauncherBlasTest {

    private static Map<String, List<String>> choose(Path dir, Map<String, String> env) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.putIfAbsent("OPENBLAS_CORETYPE", "Haswell");
        all.putIfAbsent("OPENBLAS_L2_SIZE", "512");
        Path work = Files.createTempDirectory(dir, "run");
        return SystemBlasTest.launcherChoice(all, work);
    }

    @Test
    void aSystemLibraryIsUsedWhereItExistsWithTheCoreTypeOverrideRemovedForItOnly(@TempDir Path dir)
            throws Exception {
        Path system = Files.createDirectories(dir.resolve("openblas-pthread"));
        Files.createFile(system.resolve("libopenblas.so.0"));
        Map<String, List<String>> r = choose(dir, Map.of("CGM4J_OPENBLAS_DIR", system.toString()));
        assertThat(r.get("exit")).containsExactly("0");
        assertThat(r.get("opt")).containsExactly("-Dorg.bytedeco.openblas.load=openblas",
                "-Dorg.bytedeco.javacpp.pathsFirst=true", "-Djava.library.path=" + system, "-Dcgm4j.blas=system");
        assertThat(r.get("env")).noneMatch(e -> e.startsWith("OPENBLAS_CORETYPE=") || e.startsWith("OPENBLAS_L2_SIZE="));
        assertThat(r.get("stderr")).singleElement().asString().startsWith("cgm4j: BLAS: system OpenBLAS from " + system)
                .contains("CGM4J_BLAS=bundled");

        Map<String, List<String>> bundled = choose(dir, Map.of("CGM4J_OPENBLAS_DIR", system.toString(),
                "CGM4J_BLAS", "bundled"));
        assertThat(bundled.get("opt")).containsExactly("-Dcgm4j.blas=bundled");
        assertThat(bundled.get("env")).contains("OPENBLAS_CORETYPE=Haswell", "OPENBLAS_L2_SIZE=512");
        assertThat(bundled.get("stderr")).singleElement().asString()
                .startsWith("cgm4j: BLAS: ND4J's bundled OpenBLAS 0.3.19 (CGM4J_BLAS=bundled)");
    }

    @Test
    void withoutASystemLibraryAutoFallsBackToTheBundledOneAndSystemIsAnError(@TempDir Path dir) throws Exception {
        Path empty = Files.createDirectories(dir.resolve("none"));
        Map<String, List<String>> auto = choose(dir, Map.of("CGM4J_OPENBLAS_DIR", empty.toString()));
        assertThat(auto.get("exit")).containsExactly("0");
        assertThat(auto.get("opt")).containsExactly("-Dcgm4j.blas=bundled");
        assertThat(auto.get("env")).contains("OPENBLAS_CORETYPE=Haswell");
        assertThat(auto.get("stderr")).singleElement().asString().contains("bundled OpenBLAS 0.3.19")
                .contains("apt-get install libopenblas0-pthread");

        Map<String, List<String>> system = choose(dir, Map.of("CGM4J_OPENBLAS_DIR", empty.toString(),
                "CGM4J_BLAS", "system"));
        assertThat(system.get("exit")).containsExactly("2");
        assertThat(system.get("stderr")).singleElement().asString()
                .isEqualTo("cgm4j: CGM4J_BLAS=system: no " + empty + "/libopenblas.so.0 (apt-get install"
                        + " libopenblas0-pthread, or set CGM4J_OPENBLAS_DIR)");

        Map<String, List<String>> wrong = choose(dir, Map.of("CGM4J_BLAS", "fast"));
        assertThat(wrong.get("exit")).containsExactly("2");
        assertThat(wrong.get("stderr")).containsExactly("cgm4j: CGM4J_BLAS=fast: allowed values are auto, system,"
                + " bundled");
    }

    @Test
    void threadsComeFromTheTableUnlessTheVariablesSayOtherwise(@TempDir Path dir) throws Exception {
        Path empty = Files.createDirectories(dir.resolve("none"));
        Map<String, List<String>> byTable = choose(dir, Map.of("CGM4J_OPENBLAS_DIR", empty.toString()));
        // scripts/threads.tsv: one BLAS and one OpenMP thread; plan threads 1 on one core, 2 from 2 cores.
        int cores = Runtime.getRuntime().availableProcessors();
        String plan = cores >= 2 ? "2" : "1";
        assertThat(byTable.get("env")).contains("OMP_NUM_THREADS=1", "OPENBLAS_NUM_THREADS=1",
                "ND4J_SKIP_BLAS_THREADS=1", "CGM4J_PLAN_THREADS=" + plan);
        assertThat(byTable.get("stderr").get(0)).endsWith("; 1 BLAS thread(s), OMP_NUM_THREADS=1, " + plan
                + " plan thread(s)");

        Map<String, List<String>> all = choose(dir, Map.of("CGM4J_OPENBLAS_DIR", empty.toString(),
                "CGM4J_BLAS_THREADS", "all", "OMP_NUM_THREADS", "2", "CGM4J_PLAN_THREADS", "all"));
        assertThat(all.get("env")).contains("OPENBLAS_NUM_THREADS=" + cores, "OMP_NUM_THREADS=2",
                "CGM4J_PLAN_THREADS=" + cores);

        Map<String, List<String>> bad = choose(dir, Map.of("CGM4J_BLAS_THREADS", "many"));
        assertThat(bad.get("exit")).containsExactly("2");
        assertThat(bad.get("stderr")).containsExactly("cgm4j: CGM4J_BLAS_THREADS=many: allowed values are a positive"
                + " number or 'all'");

        Map<String, List<String>> badPlan = choose(dir, Map.of("CGM4J_PLAN_THREADS", "0"));
        assertThat(badPlan.get("exit")).containsExactly("2");
        assertThat(badPlan.get("stderr")).containsExactly("cgm4j: CGM4J_PLAN_THREADS=0: allowed values are a positive"
                + " number or 'all'");
    }
}
