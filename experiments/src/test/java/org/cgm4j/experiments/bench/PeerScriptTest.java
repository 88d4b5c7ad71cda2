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
    void thePeerTrainsTheCvaeOnMnist10kAndWritesTheBenchFields(@TempDir Path dir) throws Exception {
        assumeTrue(torchAvailable(), "no torch for " + PYTHON);
        Path out = dir.resolve("peer.json");
        Process p = new ProcessBuilder(List.of(PYTHON, SCRIPT.toString(), "--warmup", "1", "--iterations", "2",
                "--repeats", "2", "--threads", "1", "--out", out.toString()))
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
