package org.cgm4j.experiments.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PyTorch peer script (scripts/peer/cvae_torch.py) runs a few steps on mnist-10k and prints the
 * fields of the bench's CVAE case, with the same FLOPs per example as the bench's closed form.
 * Skipped where /usr/bin/python3 cannot import torch. Asserts no speed.
 */
class PeerScriptTest {
    private static final Path SCRIPT = Path.of("..", "scripts", "peer", "cvae_torch.py");
    private static final String PYTHON = "/usr/bin/python3";

    private static boolean torchAvailable() throws Exception {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return false;
        }
        Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @Test
    void thePeerTriesEachBlasSettingReportsThemAllAndTakesTheBest(@TempDir Path dir) throws Exception {
        assumeTrue(torchAvailable(), "no torch for " + PYTHON);
        Path out = dir.resolve("peer.json");
        Process p = new ProcessBuilder(List.of(PYTHON, SCRIPT.toString(), "--warmup", "1", "--iterations", "1",
                "--repeats", "1", "--cll-pairs", "10", "--cll-samples", "3", "--blas-threads", "1,1", "--out",
                out.toString())).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("log"))).isZero();
        JsonNode r = new ObjectMapper().readTree(out.toFile());
        int counts = 1; // "1,1" is one count: a setting is tried once (the test stays short)
        boolean coreType = System.getenv("OPENBLAS_CORETYPE") != null || System.getenv("OPENBLAS_L2_SIZE") != null;
        JsonNode tried = r.path("settingsTried");
        assertThat(tried).hasSize(counts * (coreType ? 2 : 1));
        double best = 0;
        double bestCll = 0;
        for (JsonNode t : tried) {
            best = Math.max(best, t.path("examplesPerSecond").asDouble());
            bestCll = Math.max(bestCll, t.path("cllPairSamplesPerSecond").asDouble());
            assertThat(t.path("setting").path("OPENBLAS_NUM_THREADS").asInt()).isEqualTo(1);
        }
        assertThat(r.path("examplesPerSecond").asDouble()).isEqualTo(best);
        assertThat(r.path("cllPairSamplesPerSecond").asDouble()).isEqualTo(bestCll);
        assertThat(r.path("cllPairs").asInt()).isEqualTo(10);
        assertThat(r.path("cllSamples").asInt()).isEqualTo(3);
        assertThat(r.path("negativeCll").asDouble()).isPositive();
        if (coreType) {
            assertThat(tried.findValuesAsText("name")).anyMatch(n -> n.endsWith("own-kernels"));
        }
    }

    @Test
    void thePeerTrainsTheCvaeOnMnist10kAndWritesTheBenchFields(@TempDir Path dir) throws Exception {
        assumeTrue(torchAvailable(), "no torch for " + PYTHON);
        Path out = dir.resolve("peer.json");
        Process p = new ProcessBuilder(List.of(PYTHON, SCRIPT.toString(), "--warmup", "1", "--iterations", "2",
                "--repeats", "2", "--threads", "1", "--single", "--cll-pairs", "5", "--cll-samples", "2", "--out",
                out.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("log"))).isZero();
        JsonNode r = new ObjectMapper().readTree(out.toFile());
        assertThat(r.path("data").asText()).contains("mnist-10k");
        assertThat(r.path("examplesPerSecond").asDouble()).isPositive();
        assertThat(r.path("examplesPerSecondRepeats")).hasSize(2);
        assertThat(r.path("flopsPerExample").asDouble())
                .isEqualTo(LayerShapes.trainingFlopsPerExample(LayerShapes.reference(Workload.CVAE)));
        assertThat(r.path("peakRssMegabytes").asDouble()).isPositive();
        assertThat(r.path("torchThreads").asInt()).isEqualTo(1);
        assertThat(r.path("blasLibrary").asText()).isNotBlank();
    }
}
