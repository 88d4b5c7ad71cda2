package org.cgm4j.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cgm4j.api.model.ArrayArchive;
import org.cgm4j.experiments.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code cgm4j reproduce}: a finished run reproduces identically; an altered weight file is reported. */
class ReproduceCommandTest {
    @Test
    void aFinishedRunReproducesIdenticallyAndAnAlteredWeightArrayIsNamed(@TempDir Path dir) throws Exception {
        Path file = CommandLineRun.tinyDefinition(dir, "reproduced", "", 1);
        Path runs = dir.resolve("runs");
        CommandLineRun done = CommandLineRun.of("run", file.toString(), "--runs", runs.toString());
        assertThat(done.code()).as(done.err()).isZero();
        Path original;
        try (var s = Files.list(runs.resolve("reproduced"))) {
            original = s.findFirst().orElseThrow();
        }
        String originalMetrics = Files.readString(original.resolve(RunDirectory.METRICS));

        CommandLineRun same = CommandLineRun.of("reproduce", original.toString());
        assertThat(same.code()).as(same.out() + same.err()).isZero();
        Path first = original.resolveSibling(original.getFileName() + ReproduceCommand.SUFFIX + "1");
        assertThat(same.out()).contains("in " + first)
                .containsPattern("test/negativeElbo +[-0-9.E]+ +[-0-9.E]+ +identical")
                .contains("metrics: identical (all ")
                .contains("weights: identical (all ")
                .contains("identical: the reproduction has the same metrics and weights, bit for bit");
        assertThat(RunDirectory.at(first).isComplete()).isTrue();

        // one element of one array of the original's weights changed
        Path weights = original.resolve(RunDirectory.WEIGHTS);
        ArrayArchive.Contents contents = ArrayArchive.read(weights);
        Map<String, INDArray> arrays = new LinkedHashMap<>(contents.arrays());
        String altered = arrays.keySet().stream().skip(1).findFirst().orElseThrow();
        INDArray a = arrays.get(altered).dup();
        a.putScalar(0, a.getDouble(0) + 0.25);
        arrays.put(altered, a);
        ArrayArchive.write(weights, arrays, contents.texts());

        CommandLineRun changed = CommandLineRun.of("reproduce", original.toString());
        assertThat(changed.code()).as(changed.err()).isEqualTo(1);
        assertThat(changed.out()).contains("in " + original.resolveSibling(original.getFileName()
                        + ReproduceCommand.SUFFIX + "2"))
                .contains("metrics: identical (all ")
                .contains("weights: 1 of " + arrays.size() + " arrays differ:")
                .containsPattern("  " + java.util.regex.Pattern.quote(altered) + ": max \\|difference\\| = 0\\.2[45]")
                .contains("DIFFERENT");
        // the original is never written to
        assertThat(Files.readString(original.resolve(RunDirectory.METRICS))).isEqualTo(originalMetrics);
        assertThat(ArrayArchive.read(weights).arrays().get(altered).getDouble(0)).isEqualTo(a.getDouble(0));

        CommandLineRun overlap = CommandLineRun.of("reproduce", original.toString(), "--into",
                original.resolve("x").toString());
        assertThat(overlap.code()).isEqualTo(2);
        assertThat(overlap.err()).contains("overlaps the original run");
        CommandLineRun occupied = CommandLineRun.of("reproduce", original.toString(), "--into", first.toString());
        assertThat(occupied.code()).isEqualTo(2);
        assertThat(occupied.err()).contains("exists and is not empty");

        Files.delete(original.resolve(RunDirectory.COMPLETE));
        CommandLineRun incomplete = CommandLineRun.of("reproduce", original.toString());
        assertThat(incomplete.code()).isEqualTo(2);
        assertThat(incomplete.err()).contains("is not complete").contains("cgm4j resume");
    }
}
