package org.cgm4j.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.sweep.SweepPlan;
import org.cgm4j.experiments.sweep.SweepPlanTest;
import org.cgm4j.experiments.sweep.SweepRun;
import org.cgm4j.experiments.sweep.SweepSummaryTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cgm4j check}: expectations judged against complete runs (fabricated here, so nothing
 * trains), and the shipped quadrant definition's reduced check, which trains.
 */
class CheckCommandTest {
    @TempDir
    Path dir;

    private static final String METRIC = "test/negativeElbo";

    /** 2 variants x 2 latent sizes x 2 seeds; metrics by (variant, latentDim): a is lower, by about 10. */
    private Path fabricated(String expect) throws IOException {
        Path file = SweepPlanTest.write(dir, """
                sweep:
                  axes: {model.latentDim: [2, 4]}
                  variants: {a: {}, b: {loss.kl: 0.5}}
                  seeds: [1, 2]
                """ + expect);
        SweepPlan plan = SweepPlan.expand(new DefinitionLoader(PluginRegistry.discover()), file, List.of());
        for (SweepRun run : plan.runs()) {
            double base = run.variant().equals("a") ? 100 : 110;
            double latent = Double.parseDouble(run.valueOf("model.latentDim"));
            SweepSummaryTest.fabricate(run, dir.resolve("runs"), Map.of(METRIC, base - latent + run.seed(),
                    "test/importanceWeightedNll", base - latent - 3.0));
        }
        return file;
    }

    private CommandLineRun check(Path file, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("check", file.toString(), "--runs",
                dir.resolve("runs").toString(), "--in-process"));
        args.addAll(List.of(extra));
        return CommandLineRun.of(args.toArray(String[]::new));
    }

    @Test
    void bandsOrderingsAndRelationsThatHoldPassWithTheirMeasuredValues() throws IOException {
        // a at latentDim 2: seeds give 99 and 100, mean 99.5
        Path file = fabricated("""
                expect:
                  - {metric: test/negativeElbo, at: {variant: a, model.latentDim: 2}, within: [99, 100]}
                  - {metric: test/negativeElbo, at: {model.latentDim: [2, 4]}, ascending: [a, b], margin: 9}
                  - {metric: test/importanceWeightedNll, atMost: test/negativeElbo}
                """);
        CommandLineRun r = check(file);
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("PASS  test/negativeElbo within [99.00, 100.00]")
                .contains("99.50 ± 0.50 (n 2)")
                .contains("a < b at model.latentDim=4")
                .contains("PASS (0 of 7 judgements failed");
    }

    @Test
    void aFigureOutsideItsBandOrAnOrderingThatFailsExitsWithOne() throws IOException {
        Path file = fabricated("""
                expect:
                  - {metric: test/negativeElbo, at: {variant: b}, within: [0, 100]}
                  - {metric: test/negativeElbo, ascending: [a, b], margin: 11}
                  - {metric: test/importanceWeightedNll, atMost: test/negativeElbo}
                  - {metric: test/nothing, within: [0, 1]}
                """);
        CommandLineRun r = check(file);
        assertThat(r.code()).isEqualTo(1);
        List<String> lines = r.out().lines().toList();
        assertThat(lines).anyMatch(l -> l.startsWith("FAIL  test/negativeElbo within [0.00, 100.00]")
                && l.contains("b__latentDim=2") && l.contains("109.50 ± 0.50 (n 2)"));
        assertThat(lines).noneMatch(l -> l.startsWith("FAIL") && l.contains("a__latentDim=2  ")
                && l.contains("within [0.00, 100.00]"));
        assertThat(lines).anyMatch(l -> l.startsWith("FAIL  test/negativeElbo ascending a < b by > 11.00"));
        assertThat(lines).anyMatch(l -> l.startsWith("FAIL  test/nothing within [0.00, 1.00]")
                && l.contains("no value"));
        assertThat(lines).anyMatch(l -> l.startsWith("PASS  test/importanceWeightedNll <= test/negativeElbo"));
        assertThat(r.out()).contains(": FAIL (");
    }

    @Test
    void variantNarrowsWhatIsRunAndJudged() throws IOException {
        Path file = fabricated("""
                expect:
                  - {metric: test/negativeElbo, within: [95, 100]}
                """);
        CommandLineRun all = check(file);
        assertThat(all.code()).isEqualTo(1); // b's figures are above the band
        CommandLineRun onlyA = check(file, "--variant", "a");
        assertThat(onlyA.code()).as(onlyA.out()).isZero();
        assertThat(onlyA.out()).contains("4 runs").contains("0 of 2 judgements failed");
    }

    @Test
    void aDefinitionWithoutExpectationsIsAUserError() throws IOException {
        // the VAE definition it extends has expect: and check: blocks
        Path file = fabricated("expect: null\ncheck: null\n");
        CommandLineRun r = check(file);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no expect: block").doesNotContain("\tat ");
        CommandLineRun budget = check(file, "--budget", "check");
        assertThat(budget.code()).isEqualTo(2);
        assertThat(budget.err()).contains("no check: block");
    }

    /**
     * The drift check of the test suite: the shipped quadrant definition's check budget (baseline
     * and CVAE at 1 quadrant, a few epochs on a fixed sample) passes, and with the KL term switched
     * off it fails; the baseline, which has no KL weight, is the same run both times and is read,
     * not trained again.
     */
    @Test
    void theQuadrantDefinitionsReducedCheckPassesAndFailsWithoutItsKlTerm() throws IOException {
        Path quadrants = Path.of("definitions/sohn2015/mnist-quadrants.yaml");
        CommandLineRun ok = check(quadrants, "--budget", "check");
        assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("PASS  test/negativeCll_importance ascending cvae < baseline");

        CommandLineRun broken = check(quadrants, "--budget", "check", "--set", "loss.kl=0");
        assertThat(broken.code()).as(broken.out() + broken.err()).isEqualTo(1);
        assertThat(broken.out()).contains("FAIL  test/negativeCll_importance");
        try (var runs = Files.list(dir.resolve("runs").resolve("sohn2015-mnist-quadrants-check"))) {
            assertThat(runs.filter(p -> p.getFileName().toString().startsWith("baseline__"))).hasSize(1);
        }
    }
}
