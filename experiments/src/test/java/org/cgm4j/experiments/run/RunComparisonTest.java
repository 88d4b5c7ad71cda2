package org.cgm4j.experiments.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link RunComparison}: which provenance fields a reproduction compares. */
class RunComparisonTest {
    @Test
    void provenanceFieldsThatDifferAreListedButStartEndAndCommandAreNot(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        Files.writeString(a, "{\"ompNumThreads\": \"1\", \"nd4jEnvironment\": {\"omp.threads\": \"1\"},"
                + " \"start\": \"x\", \"command\": [\"a\"], \"hostName\": \"h\"}");
        Files.writeString(b, "{\"ompNumThreads\": \"2\", \"nd4jEnvironment\": {\"omp.threads\": \"2\"},"
                + " \"start\": \"y\", \"command\": [\"b\"], \"hostName\": \"h\"}");
        assertThat(RunComparison.compareProvenance(a, b)).containsExactly(
                new RunComparison.FieldDiff("nd4jEnvironment.omp.threads", "1", "2"),
                new RunComparison.FieldDiff("ompNumThreads", "1", "2"));
        assertThat(List.of(RunComparison.UNCOMPARED.toArray())).contains("start", "end", "command");
    }
}
