package org.cgm4j.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgm4j.experiments.bench.BenchChild;
import org.cgm4j.experiments.bench.BenchEnvironment;
import org.cgm4j.experiments.bench.BenchSettings;
import org.cgm4j.experiments.bench.BenchTable;
import org.cgm4j.experiments.bench.GemmBench;
import org.cgm4j.experiments.bench.LayerShapes;
import org.cgm4j.experiments.bench.Stats;
import org.cgm4j.experiments.bench.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plumbing of {@code cgm4j bench}: which cases run where, the derived figures, and a tiny run end
 * to end through child JVMs and a stand-in peer script. Nothing here asserts a speed.
 */
class BenchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> names(List<BenchCommand.BenchCase> plan) {
        return plan.stream().map(BenchCommand.BenchCase::name).toList();
    }

    @Test
    void byDefaultEveryCaseRunsTunedAndTheGemmAndCvaeAlsoWithSameDiffDefaults() {
        assertThat(names(BenchCommand.plan(List.of(), List.of()))).containsExactly("gemm@tuned",
                "gemm@samediff-defaults", "cvae@tuned", "cvae@tuned-session", "cvae@samediff-defaults", "gsnn@tuned", "hybrid@tuned",
                "vae@tuned", "convvae@tuned", "cll@tuned");
        assertThat(names(BenchCommand.plan(List.of("cvae", "vae"), List.of("samediff-defaults", "tuned"))))
                .containsExactly("cvae@samediff-defaults", "cvae@tuned", "vae@samediff-defaults", "vae@tuned");
        assertThat(names(BenchCommand.plan(List.of("cll"), List.of()))).containsExactly("cll@tuned");
    }

    @Test
    void unknownCasesAndEnvironmentsAreErrorsListingTheAllowedNames() {
        assertThatThrownBy(() -> BenchCommand.plan(List.of("cvea"), List.of()))
                .hasMessageContaining("'cvea'").hasMessageContaining("gemm, cvae, gsnn, hybrid, vae, convvae, cll");
        assertThatThrownBy(() -> BenchCommand.plan(List.of(), List.of("fast")))
                .hasMessageContaining("'fast'").hasMessageContaining("tuned, tuned-blas-all, tuned-session, samediff-defaults");
    }

    @Test
    void theEnvironmentsSetOrRemoveOmpNumThreads() {
        Map<String, String> env = new HashMap<>(Map.of(BenchEnvironment.OMP_NUM_THREADS, "4", "PATH", "/bin"));
        BenchEnvironment.SAMEDIFF_DEFAULTS.applyTo(env);
        assertThat(env).doesNotContainKey(BenchEnvironment.OMP_NUM_THREADS).containsEntry("PATH", "/bin");
        BenchEnvironment.TUNED.applyTo(env);
        assertThat(env).containsEntry(BenchEnvironment.OMP_NUM_THREADS, "1");
        assertThat(BenchEnvironment.TUNED.jvmFlags()).containsExactly("-Xmx1g", "-XX:+UseSerialGC",
                "-XX:MaxHeapFreeRatio=30", "-XX:MinHeapFreeRatio=10");
        assertThat(BenchEnvironment.SAMEDIFF_DEFAULTS.jvmFlags()).isEmpty();
    }

    @Test
    void tunedBlasAllGivesOpenBlasEveryCoreAndSameDiffDefaultsLeavesTheBlasThreadsToNd4j() {
        Map<String, String> env = new HashMap<>(Map.of(BenchEnvironment.OPENBLAS_NUM_THREADS, "1",
                BenchEnvironment.ND4J_SKIP_BLAS_THREADS, "1"));
        BenchEnvironment.TUNED.applyTo(env);
        assertThat(env).containsEntry(BenchEnvironment.OPENBLAS_NUM_THREADS, "1"); // the launcher's choice stays
        BenchEnvironment.TUNED_BLAS_ALL.applyTo(env);
        assertThat(env).containsEntry(BenchEnvironment.OMP_NUM_THREADS, "1")
                .containsEntry(BenchEnvironment.ND4J_SKIP_BLAS_THREADS, "1")
                .containsEntry(BenchEnvironment.OPENBLAS_NUM_THREADS,
                        Integer.toString(Runtime.getRuntime().availableProcessors()));
        BenchEnvironment.SAMEDIFF_DEFAULTS.applyTo(env);
        assertThat(env).doesNotContainKeys(BenchEnvironment.OMP_NUM_THREADS, BenchEnvironment.OPENBLAS_NUM_THREADS,
                BenchEnvironment.ND4J_SKIP_BLAS_THREADS);
    }

    @Test
    void trainingCasesGetTheirFractionOfTheGemmRateOfTheirOwnEnvironmentAndTheSpeedUpIsTunedOverDefaults() {
        List<Map<String, Object>> gemm = new ArrayList<>();
        for (LayerShapes.Gemm g : LayerShapes.distinctGemms(List.of(Workload.values()), 100)) {
            gemm.add(new GemmBench.Result(g, Stats.of(20.0), 1).toMap());
        }
        Map<String, Object> gemmTuned = result("gemm", "tuned");
        gemmTuned.put("gemm", gemm);
        Map<String, Object> tuned = result("cvae", "tuned");
        tuned.put("batchSize", 100);
        tuned.put("examplesPerSecond", 3000.0);
        tuned.put("achievedGflops", 5.0);
        Map<String, Object> defaults = result("cvae", "samediff-defaults");
        defaults.put("batchSize", 100);
        defaults.put("examplesPerSecond", 1000.0);
        defaults.put("achievedGflops", 5.0 / 3);
        Map<String, Object> c = BenchTable.comparisons(List.of(gemmTuned, tuned, defaults));
        assertThat((double) c.get("cvaeTunedOverSamediffDefaults")).isCloseTo(3.0, within(1e-12));
        assertThat((double) tuned.get("gemmEffectiveGflops")).isCloseTo(20.0, within(1e-9));
        assertThat((double) tuned.get("fractionOfGemm")).isCloseTo(0.25, within(1e-9));
        assertThat(defaults).doesNotContainKey("fractionOfGemm"); // no gemm case in its environment
    }

    private static Map<String, Object> result(String workload, String env) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", workload + "@" + env);
        r.put("workload", workload);
        r.put("environmentName", env);
        return r;
    }

    @Test
    void theGemmAndCllCasesReportTheirFiguresAndTheProcessEnvironment() {
        BenchSettings tiny = new BenchSettings(1, 1, 1, 3, 2, 1, 1, true, 1);
        Map<String, Object> gemm = BenchChild.run(Workload.GEMM, tiny);
        assertThat((List<?>) gemm.get("gemm")).hasSize(LayerShapes.distinctGemms(List.of(Workload.values()), 100).size());
        assertThat(BenchTable.gemmRates(gemm).values()).allSatisfy(r -> assertThat(r).isPositive().isFinite());
        Map<String, Object> cll = BenchChild.run(Workload.CLL, tiny);
        assertThat(cll).containsEntry("pairs", 3).containsEntry("samples", 2);
        assertThat((double) cll.get("negativeCll")).isPositive().isFinite();
        assertThat((double) cll.get("pairSamplesPerSecond")).isPositive();
        assertThat((double) cll.get("peakRssMegabytes")).isPositive();
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>) cll.get("environment");
        assertThat(env).containsKeys("OMP_NUM_THREADS", "nd4j", "jvmFlags", "javaVersion");
    }

    @Test
    void aTinyRunWritesTheJsonAndAlternatesTheCvaeWithThePeer(@TempDir Path dir) throws Exception {
        // A stand-in peer: writes a fixed throughput to the file after --out.
        Path peer = dir.resolve("peer.sh");
        Files.writeString(peer, "while [ $# -gt 0 ]; do if [ \"$1\" = --out ]; then out=$2; fi; shift; done\n"
                + "echo '{\"examplesPerSecond\": 500.0, \"cllPairSamplesPerSecond\": 1000.0,"
                + " \"peakRssMegabytes\": 1.0}' > \"$out\"\n");
        Path json = dir.resolve("bench.json");
        CommandLineRun run = CommandLineRun.of("bench", "--case", "cvae", "--env", "tuned", "--warmup", "1",
                "--iterations", "1", "--repeats", "2", "--synthetic", "--cll-pairs", "20", "--out", json.toString(),
                "--peer", peer.toString(), "--python", "/bin/sh", "--peer-rounds", "1");
        String printed = run.out();
        assertThat(run.code()).as(printed).isZero();
        assertThat(printed).contains("cvae@tuned").contains("examples/s").contains("cgm4j/peer")
                .contains("training (cvae, examples/s)").contains("evaluation (CLL, pairs x samples/s)");

        JsonNode report = JSON.readTree(json.toFile());
        assertThat(report.path("schema").asText()).isEqualTo(BenchCommand.SCHEMA);
        assertThat(report.path("machine").path("cores").asInt()).isPositive();
        assertThat(report.path("settings").path("repeats").asInt()).isEqualTo(2);
        JsonNode cvae = report.path("cases").get(0);
        assertThat(cvae.path("name").asText()).isEqualTo("cvae@tuned");
        assertThat(cvae.path("data").asText()).contains("synthetic");
        assertThat(cvae.path("examplesPerSecondRepeats")).hasSize(2);
        // Every step's time: 1 warm-up + 2 repeats x 1 iteration, each positive.
        assertThat(cvae.path("stepMillis")).hasSize(3);
        cvae.path("stepMillis").forEach(t -> assertThat(t.asDouble()).isPositive());
        assertThat(cvae.path("examplesPerSecond").asDouble()).isPositive();
        assertThat(cvae.path("flopsPerExample").asDouble()).isEqualTo(19.26e6);
        assertThat(cvae.path("peakRssMegabytes").asDouble()).isPositive();
        assertThat(cvae.path("heapMaxMegabytes").asDouble()).isBetween(500.0, 1100.0);
        assertThat(cvae.path("environment").path("OMP_NUM_THREADS").asText()).isEqualTo("1");
        assertThat(cvae.path("environment").path("jvmFlags").toString()).contains("-Xmx1g");

        JsonNode p = report.path("peer");
        assertThat(p.path("cgm4j")).hasSize(1);
        assertThat(p.path("peer")).hasSize(1);
        assertThat(p.path("peerExamplesPerSecond").asDouble()).isEqualTo(500.0);
        assertThat(p.path("cgm4jOverPeer").asDouble())
                .isCloseTo(p.path("cgm4jExamplesPerSecond").asDouble() / 500.0, within(1e-9));
        // The evaluation ratio: cgm4j's cll@tuned run of the same round against the peer's CLL.
        assertThat(p.path("cgm4jCll")).hasSize(1);
        assertThat(p.path("cgm4jCll").get(0).path("name").asText()).isEqualTo("cll@tuned");
        assertThat(p.path("peerCllPairSamplesPerSecond").asDouble()).isEqualTo(1000.0);
        assertThat(p.path("cgm4jCllPairSamplesPerSecond").asDouble()).isPositive();
        assertThat(p.path("cgm4jCllOverPeer").asDouble())
                .isCloseTo(p.path("cgm4jCllPairSamplesPerSecond").asDouble() / 1000.0, within(1e-9));
    }
}
