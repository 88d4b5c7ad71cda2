package org.cgm4j.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.report.MetricsFile;
import org.cgm4j.experiments.run.RunDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary table and CSV, from fabricated run directories (no training). */
public class SweepSummaryTest {
    static final Path VAE = Path.of("definitions/vae/mnist-10k.yaml").toAbsolutePath();
    static DefinitionLoader loader;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        loader = new DefinitionLoader(PluginRegistry.discover());
    }

    SweepPlan plan(String sweepAndReport) throws IOException {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, "extends: " + VAE + "\nname: s\n" + sweepAndReport);
        return SweepPlan.expand(loader, file, List.of());
    }

    /** Writes metrics.json and the completion marker into the run's directory, as a finished run would. */
    public static void fabricate(SweepRun run, Path root, Map<String, Double> metrics) throws IOException {
        RunDirectory d = run.directory(root);
        Files.createDirectories(d.path());
        MetricsFile.write(metrics, d.file(RunDirectory.METRICS));
        MetricsFile.write(Map.of("trainSeconds", 10.0, "evalSeconds", 2.0), d.file(RunDirectory.PERFORMANCE));
        d.markComplete("test\n");
    }

    @Test
    void cellsAreMeansOverSeedsWithTheirStandardErrorAndReferenceFiguresBeside() throws IOException {
        SweepPlan plan = plan("""
                sweep:
                  axes: {model.latentDim: [2, 4]}
                  variants: {base: {}, half: {loss.kl: 0.5}}
                  seeds: [1, 2]
                report:
                  metric: test/negativeElbo
                  columns: model.latentDim
                  decimals: 2
                  constants: [test/importanceSamples]
                  reference: {label: Paper, source: the paper's Table 1, values: {half: {4: 99.5}}}
                  note: an upper bound
                """);
        Path root = dir.resolve("runs");
        // base, latentDim=2: 100 and 102 -> mean 101, sd sqrt(2), se 1
        double[][] values = {{100, 102}, {90, 90}, {80, 84}, {70, 0}};
        int i = 0;
        for (SweepRun run : plan.runs()) {
            double v = values[i / 2][i % 2];
            boolean missing = i == 7; // half, latentDim=4, seed 2 never ran
            if (!missing) {
                fabricate(run, root, Map.of("test/negativeElbo", v, "test/negativeElbo_se", 0.5,
                        "test/importanceSamples", 100.0));
            }
            i++;
        }
        SweepSummary summary = SweepSummary.collect(plan, root);
        assertThat(summary.rows()).extracting(SweepSummary.Row::status)
                .containsExactly("complete", "complete", "complete", "complete", "complete", "complete", "complete",
                        "missing");

        String md = summary.markdown(List.of(), root);
        assertThat(md).startsWith("# s: test/negativeElbo\n\n"
                + "| variant | latentDim=2 | Paper | latentDim=4 | Paper |\n"
                + "| --- | ---: | ---: | ---: | ---: |\n"
                + "| base | 101.00 ± 1.00 | – | 90.00 ± 0.00 | – |\n"
                + "| half | 82.00 ± 2.00 | – | 70.00 (n=1) | 99.5 |\n");
        assertThat(md).contains("mean over 2 seeds ± its standard error over seeds")
                .contains("Paper: the paper's Table 1")
                .contains("Note: an upper bound")
                .contains("`test/importanceSamples`: 100\n")
                .contains("Runs: 7 of 8 complete (not complete: half__latentDim=4__seed=2); training took 70 s and"
                        + " evaluation 14 s in all");

        String csv = summary.csv();
        List<String> lines = csv.lines().toList();
        assertThat(lines).hasSize(9);
        assertThat(lines.get(0)).isEqualTo("run,variant,model.latentDim,seed,status,test/importanceSamples,"
                + "test/negativeElbo,test/negativeElbo_se,performance/evalSeconds,performance/trainSeconds,directory");
        assertThat(lines.get(1)).startsWith("base__latentDim=2__seed=1,base,2,1,complete,100.0,100.0,0.5,2.0,10.0,"
                + "base__latentDim=2__seed=1__");
        assertThat(lines.get(8)).startsWith("half__latentDim=4__seed=2,half,4,2,missing,,,,,,half__latentDim=4__seed=2__");

        Path out = dir.resolve("summary");
        assertThat(summary.write(out, List.of())).containsExactly(out.resolve("table.csv"), out.resolve("table.md"));
        assertThat(Files.readString(out.resolve("table.csv"))).isEqualTo(csv);
        assertThat(Files.readString(out.resolve("table.md"))).isEqualTo(md);
    }

    @Test
    void withOneSeedTheErrorIsTheMetricsOwnAndOtherAxesGetTablesOfTheirOwn() throws IOException {
        SweepPlan plan = plan("""
                sweep:
                  axes: {model.latentDim: [2, 4], train.epochs: [1, 3]}
                  variants: {a: {}, b: {loss.kl: 0.5}}
                report: {metric: test/negativeElbo, rows: model.latentDim, columns: variant, decimals: 1}
                """);
        Path root = dir.resolve("runs");
        for (SweepRun run : plan.runs()) {
            int latent = run.axisValues().get("model.latentDim").asInt();
            int epochs = run.axisValues().get("train.epochs").asInt();
            fabricate(run, root, Map.of("test/negativeElbo", 100.0 + latent + 10 * epochs + (run.variant().equals("b")
                    ? 0.25 : 0), "test/negativeElbo_se", 0.125));
        }
        String md = SweepSummary.collect(plan, root).markdown(List.of(), root);
        assertThat(md).contains("## epochs=1\n\n"
                + "| latentDim | a | b |\n"
                + "| --- | ---: | ---: |\n"
                + "| latentDim=2 | 112.0 ± 0.1 | 112.3 ± 0.1 |\n"
                + "| latentDim=4 | 114.0 ± 0.1 | 114.3 ± 0.1 |\n\n"
                + "## epochs=3\n\n");
        assertThat(md).contains("| latentDim=4 | 134.0 ± 0.1 | 134.3 ± 0.1 |\n");
        assertThat(md).contains("mean over one seed (1) ± the standard error the metric reports over test examples"
                + " (`test/negativeElbo_se`)");
    }

    @Test
    void aMetricNoRunReportsIsSaidSoAndAPlanWithoutReportWritesOnlyTheCsv() throws IOException {
        SweepPlan plan = plan("sweep: {axes: {model.latentDim: [2]}}\nreport: {metric: test/typo}\n");
        Path root = dir.resolve("runs");
        fabricate(plan.runs().get(0), root, Map.of("test/negativeElbo", 1.0));
        String md = SweepSummary.collect(plan, root).markdown(List.of(), root);
        assertThat(md).contains("| s | – |").contains("**No run reported `test/typo`**; the runs report: test/negativeElbo.");

        SweepPlan bare = plan("sweep: {axes: {model.latentDim: [2]}}\n");
        Path out = dir.resolve("bare");
        assertThat(SweepSummary.collect(bare, root).write(out, List.of())).containsExactly(out.resolve("table.csv"));
    }

    @Test
    void reEvaluationsOfARunStandBesideItsOwnMetricsAndCanBeTheReportsMetric() throws IOException {
        SweepPlan plan = plan("sweep: {axes: {model.latentDim: [2]}}\n"
                + "report: {metric: evaluations/0a1b2c3d/test/negativeElbo}\n");
        Path root = dir.resolve("runs");
        SweepRun run = plan.runs().get(0);
        fabricate(run, root, Map.of("test/negativeElbo", 1.5));
        Path folder = run.directory(root).file(RunDirectory.EVALUATIONS).resolve("0a1b2c3d");
        Files.createDirectories(folder);
        MetricsFile.write(Map.of("test/negativeElbo", 1.25), folder.resolve(RunDirectory.METRICS));
        Files.createDirectories(folder.resolveSibling("unfinished")); // no metrics.json: not read

        SweepSummary summary = SweepSummary.collect(plan, root);
        assertThat(summary.rows().get(0).metrics()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "test/negativeElbo", 1.5, "evaluations/0a1b2c3d/test/negativeElbo", 1.25));
        assertThat(summary.markdown(List.of(), root)).contains("1.25").doesNotContain("No run reported");
    }
}
