package org.cgm4j.experiments.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.testing.OptionalPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceTest {
    @TempDir
    Path dir;

    @Test
    void capturesVersionsAndWritesJsonThatReadsBack() throws IOException {
        Instant before = Instant.now();
        Provenance p = Provenance.capture(7, Map.of("train-images-idx3-ubyte", "ab12", "t10k-images-idx3-ubyte", "cd34"),
                dir.resolve("no-such-repo"));
        assertThat(p.gitCommit()).isEqualTo(Provenance.UNKNOWN);
        assertThat(p.gitDirty()).isNull();
        assertThat(p.javaVersion()).isNotBlank().startsWith(Integer.toString(Runtime.version().feature()));
        assertThat(p.javaVendor()).isNotBlank();
        assertThat(p.nd4jVersion()).isEqualTo("1.0.0-M2.1");
        assertThat(p.backend()).isEqualTo("CpuBackend");
        assertThat(p.nd4jEnvironment()).containsKeys("cores", "omp.threads", "blas.vendor", "maxThreads",
                "cpu.binary", "cpu.optimal");
        assertThat(p.maxHeapBytes()).isPositive();
        // The build runs tests with -Xmx1g: the JVM's own options are what the launcher chose.
        assertThat(p.jvmArguments()).contains("-Xmx1g");
        assertThat(p.seed()).isEqualTo(7);
        assertThat(p.datasetSha256().keySet()).containsExactly("t10k-images-idx3-ubyte", "train-images-idx3-ubyte");
        assertThat(Instant.parse(p.start())).isBetween(before, Instant.now());
        assertThat(p.end()).isNull();
        assertThat(p.command()).isEmpty();

        Instant end = Instant.parse("2030-01-02T03:04:05.678Z");
        Provenance done = p.withCommand(List.of("cgm4j", "run", "x.yaml")).withEnd(end);
        Path json = dir.resolve("run/provenance.json");
        done.write(json);

        JsonNode tree = new ObjectMapper().readTree(json.toFile());
        assertThat(tree.get("seed").asLong()).isEqualTo(7);
        assertThat(tree.get("end").asText()).isEqualTo("2030-01-02T03:04:05.678Z");
        assertThat(tree.get("nd4jVersion").asText()).isEqualTo("1.0.0-M2.1");
        assertThat(tree.get("gitDirty").isNull()).isTrue();
        assertThat(tree.get("command")).hasSize(3);
        assertThat(Provenance.read(json)).isEqualTo(done);
        assertThat(tree.has("datasetOrigin")).as("absent until recorded").isFalse();

        Provenance traced = done.withDatasetOrigin("imageFolder /data/faces: 10 images of 3x8x8");
        traced.write(json);
        assertThat(new ObjectMapper().readTree(json.toFile()).get("datasetOrigin").asText())
                .isEqualTo("imageFolder /data/faces: 10 images of 3x8x8");
        assertThat(Provenance.read(json)).isEqualTo(traced);
        assertThat(traced.withEnd(end).withCommand(List.of()).datasetOrigin()).isEqualTo(traced.datasetOrigin());
    }

    @Test
    void recordsGitCommitAndDirtyFlag() throws Exception {
        Path repo = dir.resolve("repo");
        Files.createDirectories(repo);
        OptionalPackages.assumeInstalled(Provenance.git(repo, "init", "-q") != null, "git", "apt-get install git");
        Files.writeString(repo.resolve("a.txt"), "a\n");
        assertThat(Provenance.git(repo, "add", "a.txt")).isNotNull();
        assertThat(Provenance.git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "-c",
                "commit.gpgsign=false", "commit", "-q", "-m", "one")).isNotNull();

        Provenance clean = Provenance.capture(1, Map.of(), repo);
        assertThat(clean.gitCommit()).matches("[0-9a-f]{40}");
        assertThat(clean.gitDirty()).isFalse();

        Files.writeString(repo.resolve("a.txt"), "changed\n");
        Provenance dirty = Provenance.capture(1, Map.of(), repo);
        assertThat(dirty.gitCommit()).isEqualTo(clean.gitCommit());
        assertThat(dirty.gitDirty()).isTrue();
    }

    @Test
    void namesNd4jInstructionLevels() {
        assertThat(Provenance.instructionLevel(3)).isEqualTo("AVX512");
        assertThat(Provenance.instructionLevel(2)).isEqualTo("AVX/AVX2");
        assertThat(Provenance.instructionLevel(1)).isEqualTo("Generic x86");
    }
}
