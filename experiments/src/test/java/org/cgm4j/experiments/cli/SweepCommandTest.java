package org.cgm4j.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.cgm4j.experiments.run.RunDirectory;
import org.cgm4j.experiments.sweep.SweepPlan;
import org.cgm4j.experiments.sweep.SweepReport;
import org.cgm4j.experiments.sweep.SweepSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cgm4j sweep} end to end at tiny size: runs, skipping complete runs, the summary and its pictures. */
class SweepCommandTest {
    static final Path VAE = Path.of("definitions/vae/mnist-10k.yaml").toAbsolutePath();
    static final Path SOHN = Path.of("definitions/sohn2015/mnist-quadrants.yaml");

    private static CommandLineRun run(String... args) {
        return CommandLineRun.of(args);
    }

    private static List<Path> runDirectories(Path experiment) throws IOException {
        try (Stream<Path> s = Files.list(experiment)) {
            return s.filter(p -> !p.getFileName().toString().equals(SweepPlan.SUMMARY)).sorted().toList();
        }
    }

    @Test
    void aTinyVaeSweepWritesItsRunsAndTableAndASecondSweepSkipsThem(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tiny.yaml");
        Files.writeString(file, """
                extends: %s
                name: tiny
                data: {limit: 128, testLimit: 32, batchSize: 32}
                model: {hidden: [16], latentDim: 2}
                train: {epochs: 1}
                evaluate: [{type: elbo}]
                output: {samples: 4, reconstructions: 4}
                sweep:
                  axes: {model.latentDim: [2, 3]}
                  variants: {a: {}, b: {loss.kl: 0.5}}
                report: {metric: test/negativeElbo, decimals: 1, pictures: {examples: 4}}
                """.formatted(VAE));
        Path runs = dir.resolve("runs");
        CommandLineRun first = run("sweep", file.toString(), "--runs", runs.toString(), "--in-process");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("sweep tiny: 4 runs (2 variants x 2 settings x 1 seeds)")
                .contains("4 ran, 0 skipped (complete), 0 failed")
                .contains("| variant | latentDim=2 | latentDim=3 |");
        Path experiment = runs.resolve("tiny");
        List<Path> dirs = runDirectories(experiment);
        assertThat(dirs).extracting(p -> p.getFileName().toString().replaceAll("__[0-9a-f]{8}$", ""))
                .containsExactly("a__latentDim=2__seed=1", "a__latentDim=3__seed=1", "b__latentDim=2__seed=1",
                        "b__latentDim=3__seed=1");
        assertThat(dirs).allSatisfy(d -> assertThat(RunDirectory.at(d).isComplete()).isTrue());
        Path summary = experiment.resolve(SweepPlan.SUMMARY);
        assertThat(summary.resolve("table.csv")).isRegularFile();
        assertThat(summary.resolve("latentDim=2.png")).isRegularFile();
        assertThat(summary.resolve("latentDim=3.png")).isRegularFile();
        String md = Files.readString(summary.resolve("table.md"));
        assertThat(md).containsPattern("\\| a \\| \\d+\\.\\d ± \\d+\\.\\d \\| \\d+\\.\\d ± \\d+\\.\\d \\|")
                .contains("Rows, top to bottom: truth; a: reconstruction; b: reconstruction.")
                .contains("![latentDim=2](latentDim=2.png)");
        List<String> csv = Files.readAllLines(summary.resolve("table.csv"));
        assertThat(csv).hasSize(5);
        assertThat(csv.get(1)).startsWith("a__latentDim=2__seed=1,a,2,1,complete,");

        // statistics, the ablation plot and the page, which shows every run's samples
        assertThat(summary.resolve("aggregate.csv")).isRegularFile();
        assertThat(summary.resolve("comparisons.csv")).isRegularFile();
        assertThat(summary.resolve("ablation-test-negativeElbo.png")).isRegularFile();
        assertThat(summary.resolve("ablation-test-negativeElbo.svg")).isRegularFile();
        String html = Files.readString(summary.resolve(SweepReport.HTML));
        for (Path d : dirs) {
            assertThat(html).contains("src=\"../" + d.getFileName() + "/samples/samples.png\"");
        }
        assertThat(first.out()).contains("wrote " + summary.resolve(SweepReport.HTML));

        // Everything is complete: nothing runs again, the table is the same and the page is written again.
        Files.delete(summary.resolve(SweepReport.HTML));
        CommandLineRun second = run("sweep", file.toString(), "--runs", runs.toString(), "--in-process");
        assertThat(second.code()).isZero();
        assertThat(second.out()).contains("0 ran, 4 skipped (complete), 0 failed");
        assertThat(Files.readString(summary.resolve(SweepReport.HTML))).isEqualTo(html);
        assertThat(Files.readString(summary.resolve("table.md"))).isEqualTo(md);
        assertThat(Files.readAllLines(summary.resolve("table.csv"))).isEqualTo(csv);

        // An unfinished run (no completion marker) is run again, alone, and gives the same metrics.
        Files.delete(dirs.get(1).resolve(RunDirectory.COMPLETE));
        CommandLineRun third = run("sweep", file.toString(), "--runs", runs.toString(), "--dry-run");
        assertThat(third.out()).contains("incomplete " + dirs.get(1)).contains("complete   " + dirs.get(0));
        CommandLineRun fourth = run("sweep", file.toString(), "--runs", runs.toString(), "--in-process");
        assertThat(fourth.out()).contains("1 ran, 3 skipped (complete), 0 failed");
        assertThat(withoutPerformance(Files.readAllLines(summary.resolve("table.csv"))))
                .isEqualTo(withoutPerformance(csv));
    }

    /** CSV lines without their performance columns (wall times differ from run to run). */
    private static List<String> withoutPerformance(List<String> lines) {
        String[] header = lines.get(0).split(",", -1);
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < cells.length; i++) {
                if (!header[i].startsWith(SweepSummary.PERFORMANCE_PREFIX)) {
                    kept.add(cells[i]);
                }
            }
            out.add(String.join(",", kept));
        }
        return out;
    }

    @Test
    void theQuadrantsTableAtTinySizeHasEveryModelAndThePictures(@TempDir Path dir) throws IOException {
        // The shipped definition with small networks: variants merge with the ones they extend.
        Path file = dir.resolve("tiny-quadrants.yaml");
        Files.writeString(file, """
                extends: %s
                data: {limit: 128, testLimit: 16}
                model: {hidden: [16], latentDim: 2}
                train: {epochs: 1}
                evaluate: [{type: conditionalLogLikelihood, estimator: importance, samples: 3}]
                sweep:
                  axes: {data.task.given: [2]}
                  variants:
                    baseline: {model.hidden: [16]}
                    gsnn: {model.hidden: [16], model.latentDim: 2}
                    hybrid: {model.hidden: [16], model.latentDim: 2}
                report: {pictures: {examples: 4}}
                """.formatted(SOHN.toAbsolutePath()));
        Path runs = dir.resolve("runs");
        CommandLineRun r = run("sweep", file.toString(), "--runs", runs.toString(), "--in-process");
        assertThat(r.code()).as(r.err()).isZero();
        Path experiment = runs.resolve("sohn2015-mnist-quadrants");
        Path summary = experiment.resolve(SweepPlan.SUMMARY);
        String md = Files.readString(summary.resolve("table.md"));
        String cell = "\\d+\\.\\d( ± \\d+\\.\\d)?";
        assertThat(md).contains("| variant | given=2 | Pyro |")
                .containsPattern("\\| baseline \\| " + cell + " \\| 61\\.9 \\|")
                .containsPattern("\\| gsnn \\| " + cell + " \\| – \\|")
                .containsPattern("\\| cvae \\| " + cell + " \\| 51\\.0 \\|")
                .containsPattern("\\| hybrid \\| " + cell + " \\| – \\|")
                .contains("10-sample negative ELBO, an upper bound")
                .contains("`test/cllSamples_importance`: 3")
                .contains("Rows, top to bottom: input (hidden pixels gray); truth; baseline: prediction;"
                        + " cvae: sample 1 (z from the prior); cvae: sample 2 (z from the prior);"
                        + " cvae: sample 3 (z from the prior).");
        assertThat(summary.resolve("given=2.png")).isRegularFile();
        List<Path> dirs = runDirectories(experiment);
        assertThat(dirs).extracting(p -> p.getFileName().toString().replaceAll("__[0-9a-f]{8}$", ""))
                .containsExactly("baseline__given=2__seed=1", "cvae__given=2__seed=1", "gsnn__given=2__seed=1",
                        "hybrid__given=2__seed=1");
        // every conditional run draws its inputs, truths and predictions
        assertThat(dirs).allSatisfy(d -> assertThat(d.resolve(RunDirectory.PREDICTIONS)).isRegularFile());
    }
}
