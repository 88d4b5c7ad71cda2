package org.cgm4j.experiments.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.train.StepRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryWriterTest {
    private static final List<String> VAE = List.of("train/reconstruction", "train/kl", "train/loss");
    private static final List<String> ALTERNATING =
            List.of("critic/realism", "critic/gradientPenalty", "critic/loss", "actor/realism", "actor/loss");

    @TempDir
    Path dir;

    private static Map<String, Double> values(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Double) kv[i + 1]);
        }
        return m;
    }

    private static StepRecord vaeStep(long iteration) {
        double r = 100.0 / (iteration + 3);
        double kl = 0.1 * iteration + 0.2;
        return new StepRecord((int) (iteration / 4), iteration, "train",
                values("reconstruction", r, "kl", kl, "loss", r + kl), 32);
    }

    @Test
    void writesHeaderAndExactValues() throws IOException {
        Path csv = dir.resolve("history.csv");
        try (HistoryWriter w = new HistoryWriter(csv, VAE)) {
            w.onStep(new StepRecord(0, 0, "train", values("reconstruction", 0.1 + 0.2, "kl", 1e-300, "loss", 3.0), 8));
            w.onStep(new StepRecord(0, 1, "train", values("reconstruction", 1.0 / 3, "kl", Double.NaN, "loss", -0.0), 8));
        }
        assertThat(Files.readString(csv)).isEqualTo("""
                epoch,iteration,step,train/reconstruction,train/kl,train/loss
                0,0,train,0.30000000000000004,1.0E-300,3.0
                0,1,train,0.3333333333333333,NaN,-0.0
                """);
        assertThat(Double.parseDouble("0.3333333333333333")).isEqualTo(1.0 / 3);
    }

    @Test
    void rowsAreFlushedBeforeClose() throws IOException {
        Path csv = dir.resolve("history.csv");
        HistoryWriter w = new HistoryWriter(csv, VAE);
        w.onStep(vaeStep(0));
        assertThat(Files.readAllLines(csv)).hasSize(2);
        w.onStep(vaeStep(1));
        assertThat(Files.readAllLines(csv)).hasSize(3);
        w.close();
    }

    @Test
    void alternatingStepsFillOnlyTheirOwnColumns() throws IOException {
        Path csv = dir.resolve("history.csv");
        try (HistoryWriter w = new HistoryWriter(csv, ALTERNATING)) {
            w.onStep(new StepRecord(0, 0, "critic", values("realism", 0.5, "gradientPenalty", 2.0, "loss", 20.5), 4));
            w.onStep(new StepRecord(0, 1, "actor", values("realism", 0.25, "loss", 0.75), 4));
            // A term the step does not log this time stays empty.
            w.onStep(new StepRecord(0, 2, "critic", values("realism", 0.125, "loss", 1.5), 4));
        }
        assertThat(Files.readAllLines(csv)).containsExactly(
                "epoch,iteration,step,critic/realism,critic/gradientPenalty,critic/loss,actor/realism,actor/loss",
                "0,0,critic,0.5,2.0,20.5,,",
                "0,1,actor,,,,0.25,0.75",
                "0,2,critic,0.125,,1.5,,");
    }

    @Test
    void resumeKeepsExactlyRowsBeforeTheIterationAndAppends() throws IOException {
        Path uninterrupted = dir.resolve("a/history.csv");
        try (HistoryWriter w = new HistoryWriter(uninterrupted, VAE)) {
            for (long i = 0; i < 10; i++) {
                w.onStep(vaeStep(i));
            }
        }

        Path resumed = dir.resolve("b/history.csv");
        HistoryWriter killed = new HistoryWriter(resumed, VAE);
        for (long i = 0; i < 7; i++) {
            killed.onStep(vaeStep(i)); // "killed" after iteration 6, checkpoint at 4
        }
        try (HistoryWriter w = new HistoryWriter(resumed, VAE)) {
            w.onResume(1, 4);
            List<String> lines = Files.readAllLines(resumed);
            assertThat(lines).hasSize(1 + 4);
            assertThat(lines.subList(1, 5)).allSatisfy(l -> assertThat(Long.parseLong(l.split(",")[1])).isLessThan(4));
            for (long i = 4; i < 10; i++) {
                w.onStep(vaeStep(i));
            }
        }
        killed.close();
        assertThat(Files.readString(resumed)).isEqualTo(Files.readString(uninterrupted));
    }

    @Test
    void resumeDropsAnIncompleteLastLine() throws IOException {
        Path csv = dir.resolve("history.csv");
        Files.writeString(csv, "epoch,iteration,step,train/reconstruction,train/kl,train/loss\n"
                + "0,0,train,1.0,2.0,3.0\n"
                + "0,1,train,1.0,2.0,3.0\n"
                + "0,2,tr");
        try (HistoryWriter w = new HistoryWriter(csv, VAE)) {
            w.onResume(0, 5);
            w.onStep(new StepRecord(0, 5, "train", values("reconstruction", 4.0, "kl", 5.0, "loss", 6.0), 1));
        }
        assertThat(Files.readAllLines(csv)).containsExactly(
                "epoch,iteration,step,train/reconstruction,train/kl,train/loss",
                "0,0,train,1.0,2.0,3.0",
                "0,1,train,1.0,2.0,3.0",
                "0,5,train,4.0,5.0,6.0");
    }

    @Test
    void resumeWithAnotherHeaderFails() throws IOException {
        Path csv = dir.resolve("history.csv");
        Files.writeString(csv, "epoch,iteration,step,train/loss\n0,0,train,1.0\n");
        try (HistoryWriter w = new HistoryWriter(csv, VAE)) {
            assertThatThrownBy(() -> w.onResume(0, 1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("train/kl");
        }
        assertThat(Files.readString(csv)).isEqualTo("epoch,iteration,step,train/loss\n0,0,train,1.0\n");
    }

    @Test
    void freshRunReplacesAnOldFile() throws IOException {
        Path csv = dir.resolve("history.csv");
        Files.writeString(csv, "stale\n");
        try (HistoryWriter w = new HistoryWriter(csv, VAE)) {
            w.onStep(vaeStep(0));
        }
        assertThat(Files.readAllLines(csv)).hasSize(2).first().isEqualTo(String.join(",", new HistoryWriter(csv, VAE).header()));
    }

    @Test
    void closeWithoutStepsWritesHeaderOnly() throws IOException {
        Path csv = dir.resolve("history.csv");
        new HistoryWriter(csv, VAE).close();
        assertThat(Files.readString(csv)).isEqualTo("epoch,iteration,step,train/reconstruction,train/kl,train/loss\n");
    }

    @Test
    void unknownTermOrBadColumnIsAnError() throws IOException {
        Path csv = dir.resolve("history.csv");
        try (HistoryWriter w = new HistoryWriter(csv, VAE)) {
            assertThatThrownBy(() -> w.onStep(new StepRecord(0, 0, "train", values("gsnn", 1.0), 1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("train/gsnn");
        }
        assertThatThrownBy(() -> new HistoryWriter(csv, List.of("loss")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HistoryWriter(csv, List.of("train/kl", "train/kl")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(HistoryWriter.column("critic", "gradientPenalty")).isEqualTo("critic/gradientPenalty");
    }

    @Test
    void historyReadsBackIntoLossCurves() throws IOException {
        Path csv = dir.resolve("history.csv");
        try (HistoryWriter w = new HistoryWriter(csv, VAE)) {
            for (long i = 0; i < 3; i++) {
                w.onStep(vaeStep(i));
            }
        }
        Map<String, double[][]> series = LossCurvePlot.fromHistory(csv, 1);
        assertThat(series.get("train/kl")[1]).containsExactly(0.2, 0.1 + 0.2, 0.2 + 0.2);
        assertThat(series.get("train/kl")[0]).containsExactly(0, 1, 2);
    }
}
