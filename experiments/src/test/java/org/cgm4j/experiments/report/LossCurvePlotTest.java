package org.cgm4j.experiments.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossCurvePlotTest {
    @TempDir
    Path dir;

    private Path history() throws IOException {
        Path csv = dir.resolve("history.csv");
        Files.writeString(csv, String.join("\n",
                "epoch,iteration,step,critic/realism,critic/loss,actor/distance,actor/loss",
                "0,0,critic,1.0,2.0,,",
                "0,1,actor,,,10.0,20.0",
                "0,2,critic,3.0,4.0,,",
                "0,3,actor,,,30.0,40.0",
                "1,4,critic,5.0,6.0,,",
                "1,5,actor,,,NaN,60.0",
                ""));
        return csv;
    }

    @Test
    void fromHistoryGivesOneSmoothedSeriesPerColumn() throws IOException {
        Map<String, double[][]> series = LossCurvePlot.fromHistory(history(), 2);
        assertThat(series).containsOnlyKeys("critic/realism", "critic/loss", "actor/distance", "actor/loss");
        assertThat(series.keySet()).containsExactly("critic/realism", "critic/loss", "actor/distance", "actor/loss");
        assertThat(series.get("critic/realism")[0]).containsExactly(0, 2, 4);
        assertThat(series.get("critic/realism")[1]).containsExactly(1.0, 2.0, 4.0);
        assertThat(series.get("actor/loss")[0]).containsExactly(1, 3, 5);
        assertThat(series.get("actor/loss")[1]).containsExactly(20.0, 30.0, 50.0);
        assertThat(series.get("actor/distance")[1][2]).isNaN();
    }

    @Test
    void windowOfOneGivesRawValues() throws IOException {
        Map<String, double[][]> series = LossCurvePlot.fromHistory(history(), 1);
        assertThat(series.get("critic/loss")[1]).containsExactly(2.0, 4.0, 6.0);
    }

    @Test
    void movingAverageRecoversAfterNaN() {
        var pts = java.util.List.of(new double[] {0, 1}, new double[] {1, Double.NaN}, new double[] {2, 3},
                new double[] {3, 5}, new double[] {4, 7});
        double[][] s = LossCurvePlot.smooth(pts, 2);
        assertThat(s[1][0]).isEqualTo(1.0);
        assertThat(s[1][1]).isNaN();
        assertThat(s[1][2]).isNaN();
        assertThat(s[1][3]).isCloseTo(4.0, within(0.0));
        assertThat(s[1][4]).isEqualTo(6.0);
    }

    @Test
    void writesReadablePngOfConfiguredSize() throws IOException {
        Path png = dir.resolve("plots/loss.png");
        LossCurvePlot.write(LossCurvePlot.fromHistory(history(), 2), "losses", "value", png);
        BufferedImage read = ImageIO.read(png.toFile());
        assertThat(read).isNotNull();
        assertThat(read.getWidth()).isEqualTo(LossCurvePlot.WIDTH);
        assertThat(read.getHeight()).isEqualTo(LossCurvePlot.HEIGHT);
        assertThat(System.getProperty("java.awt.headless")).isEqualTo("true");
    }

    @Test
    void writesAChartEvenWithoutFiniteValues() throws IOException {
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("train/loss", new double[][] {{0, 1}, {Double.NaN, Double.POSITIVE_INFINITY}});
        Path png = dir.resolve("empty.png");
        LossCurvePlot.write(series, "diverged", "loss", png);
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(LossCurvePlot.WIDTH);
        LossCurvePlot.write(Map.of(), "nothing", "loss", png);
        assertThat(ImageIO.read(png.toFile()).getHeight()).isEqualTo(LossCurvePlot.HEIGHT);
    }

    @Test
    void anySeriesNameWorks() throws IOException {
        // Blank names must not collide with the invisible helper series.
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put(" ", new double[][] {{0, 1, 2}, {3, 2, 1}});
        series.put("  ", new double[][] {{0, 1, 2}, {1, 2, 3}});
        Path png = dir.resolve("blank.png");
        LossCurvePlot.write(series, null, null, png);
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(LossCurvePlot.WIDTH);
    }
}
