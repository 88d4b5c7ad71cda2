package org.cgm4j.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.QuadrantsTask;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.experiments.config.DefinitionException;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.config.ExperimentDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expanding a definition's sweep into runs: order, overrides, seeds, labels, plugin defaults, errors. */
public class SweepPlanTest {
    static final Path VAE = Path.of("definitions/vae/mnist-10k.yaml").toAbsolutePath();
    static final Path SOHN = Path.of("definitions/sohn2015/mnist-quadrants.yaml");

    static PluginRegistry registry;
    static DefinitionLoader loader;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        registry = PluginRegistry.discover();
        loader = new DefinitionLoader(registry);
    }

    Path write(String yaml) throws IOException {
        return write(dir, yaml);
    }

    /** {@code dir/sweep.yaml}: the mnist-10k VAE definition, named s, with {@code yaml} appended. */
    public static Path write(Path dir, String yaml) throws IOException {
        Path file = dir.resolve("sweep.yaml");
        Files.writeString(file, "extends: " + VAE + "\nname: s\n" + yaml);
        return file;
    }

    @Test
    void runsAreVariantsThenTheOuterProductOfAxesInKeyOrderThenSeeds() throws IOException {
        Path file = write("""
                sweep:
                  axes: {model.latentDim: [2, 3], train.epochs: [1, 2]}
                  variants: {a: {}, b: {loss.kl: 0.5}}
                  seeds: [7, 8]
                """);
        SweepPlan plan = SweepPlan.expand(loader, file, List.of());
        assertThat(plan.runs()).extracting(SweepRun::label).containsExactly(
                "a__latentDim=2__epochs=1__seed=7", "a__latentDim=2__epochs=1__seed=8",
                "a__latentDim=2__epochs=2__seed=7", "a__latentDim=2__epochs=2__seed=8",
                "a__latentDim=3__epochs=1__seed=7", "a__latentDim=3__epochs=1__seed=8",
                "a__latentDim=3__epochs=2__seed=7", "a__latentDim=3__epochs=2__seed=8",
                "b__latentDim=2__epochs=1__seed=7", "b__latentDim=2__epochs=1__seed=8",
                "b__latentDim=2__epochs=2__seed=7", "b__latentDim=2__epochs=2__seed=8",
                "b__latentDim=3__epochs=1__seed=7", "b__latentDim=3__epochs=1__seed=8",
                "b__latentDim=3__epochs=2__seed=7", "b__latentDim=3__epochs=2__seed=8");
        for (SweepRun run : plan.runs()) {
            ExperimentDefinition d = run.resolved().definition();
            assertThat(d.seed()).isEqualTo(run.seed());
            assertThat(run.resolved().tree().at("/model/latentDim").asInt())
                    .isEqualTo(run.axisValues().get("model.latentDim").asInt());
            assertThat(d.train().epochs()).isEqualTo(run.axisValues().get("train.epochs").asInt());
            assertThat(run.resolved().lossWeights().get("kl")).isEqualTo(run.variant().equals("b") ? 0.5 : 1.0);
            // the file's other settings are kept
            assertThat(run.resolved().tree().at("/model/hidden").toString()).isEqualTo("[500,500]");
            // runs carry no sweep or report of their own
            assertThat(d.sweep()).isNull();
            assertThat(d.report()).isNull();
        }
        assertThat(plan.runs().get(0).setting()).isEqualTo("a__latentDim=2__epochs=1");
        assertThat(plan.variants()).containsExactly("a", "b");
        assertThat(plan.axisValues("model.latentDim")).containsExactly("2", "3");
        assertThat(plan.seeds()).containsExactly(7L, 8L);
    }

    @Test
    void withoutSeedsVariantsOrAxesTheDefinitionsOwnAreUsed() throws IOException {
        SweepPlan plain = SweepPlan.expand(loader, write("seed: 5\n"), List.of());
        assertThat(plain.runs()).singleElement().satisfies(r -> {
            assertThat(r.label()).isEqualTo("seed=5");
            assertThat(r.setting()).isEmpty();
            assertThat(r.variant()).isEmpty();
        });
        SweepPlan axesOnly = SweepPlan.expand(loader, write("seed: 5\nsweep: {axes: {loss.kl: [0.5, 2.0]}}\n"),
                List.of());
        assertThat(axesOnly.runs()).extracting(SweepRun::label).containsExactly("kl=0.5__seed=5", "kl=2.0__seed=5");
        assertThat(axesOnly.variants()).containsExactly("");
    }

    @Test
    void labelsAndDirectoriesAreStableAndDoNotDependOnTheRestOfTheSweep() throws IOException {
        Path file = write("sweep: {axes: {model.latentDim: [2, 3]}, variants: {a: {}, b: {loss.kl: 0.5}}, seeds: [1]}\n");
        SweepPlan one = SweepPlan.expand(loader, file, List.of());
        SweepPlan again = SweepPlan.expand(loader, file, List.of());
        SweepPlan more = SweepPlan.expand(loader, file, List.of("sweep.seeds=[1, 2]"));
        Path root = Path.of("runs");
        assertThat(one.runs()).extracting(r -> r.directory(root).path())
                .isEqualTo(again.runs().stream().map(r -> r.directory(root).path()).toList())
                .doesNotHaveDuplicates()
                .allSatisfy(p -> assertThat(p.getParent()).isEqualTo(root.resolve("s")));
        assertThat(one.runs().get(0).directory(root).path().getFileName().toString())
                .matches("a__latentDim=2__seed=1__[0-9a-f]{8}");
        // adding a seed adds runs and leaves the directories of the others alone, so they are skipped
        assertThat(more.runs()).hasSize(8);
        assertThat(more.runs().stream().filter(r -> r.seed() == 1).map(r -> r.directory(root).path()).toList())
                .isEqualTo(one.runs().stream().map(r -> r.directory(root).path()).toList());
        assertThat(more.runs()).extracting(SweepRun::label).doesNotHaveDuplicates();
    }

    @Test
    void valuesOfEveryKindReachTheRunsUnchanged() throws IOException {
        Path file = write("""
                sweep:
                  axes:
                    data.task: [{type: quadrants, given: 2}]
                    model.hidden: [[16, 8]]
                    train.updater.learningRate: [1.0e-4]
                    description: ["yes", "a: b, [c]", "x y"]
                """);
        SweepPlan plan = SweepPlan.expand(loader, file, List.of());
        assertThat(plan.runs()).hasSize(3);
        assertThat(plan.runs()).extracting(r -> r.resolved().definition().description())
                .containsExactly("yes", "a: b, [c]", "x y");
        SweepRun first = plan.runs().get(0);
        assertThat(first.resolved().definition().data().task()).isEqualTo(new QuadrantsTask(2));
        assertThat(first.resolved().tree().at("/model/hidden").toString()).isEqualTo("[16,8]");
        assertThat(first.resolved().tree().at("/train/updater/learningRate").asDouble()).isEqualTo(1.0e-4);
        assertThat(first.label()).isEqualTo("task=type-quadrants-given-2__hidden=16-8__learningRate=1.0E-4"
                + "__description=yes__seed=1");
        assertThat(plan.runs().get(1).label()).contains("description=a-b-c__");
        assertThat(plan.runs().get(2).label()).contains("description=xy__");
    }

    @Test
    void axesAreNamedByTheShortestSuffixThatTellsThemApart() {
        assertThat(SweepPlan.shortNames(List.of("data.task.given", "model.given", "train.epochs", "a.b.c", "x.b.c")))
                .containsExactly(Map.entry("data.task.given", "task.given"), Map.entry("model.given", "model.given"),
                        Map.entry("train.epochs", "epochs"), Map.entry("a.b.c", "a.b.c"), Map.entry("x.b.c", "x.b.c"));
    }

    @Test
    void aVariantThatSwitchesModelTypeGetsThatPluginsDefaults() {
        SweepPlan plan = SweepPlan.expand(loader, SOHN, List.of());
        assertThat(plan.runs()).hasSize(12);
        assertThat(plan.runs()).extracting(SweepRun::label).startsWith(
                "baseline__given=1__seed=1", "baseline__given=2__seed=1", "baseline__given=3__seed=1",
                "gsnn__given=1__seed=1");
        for (SweepRun run : plan.runs()) {
            assertThat(run.resolved().tree().at("/model/type").asText()).isEqualTo(run.variant());
            assertThat(((QuadrantsTask) run.resolved().definition().data().task()).given())
                    .isEqualTo(run.axisValues().get("data.task.given").asInt());
            Map<String, Double> loss = run.resolved().lossWeights().asMap();
            switch (run.variant()) {
                case "baseline" -> {
                    assertThat(loss).containsKey("reconstruction").doesNotContainKeys("kl", "gsnn", "alpha");
                    assertThat(run.resolved().tree().at("/model").has("latentDim")).isFalse();
                }
                case "gsnn" -> assertThat(loss).containsKey("gsnn").doesNotContainKeys("kl", "reconstruction");
                case "cvae" -> assertThat(loss).containsKeys("reconstruction", "kl").doesNotContainKey("gsnn");
                case "hybrid" -> assertThat(loss).containsEntry("alpha", 0.5).containsKeys("kl", "gsnn");
                default -> throw new AssertionError(run.variant());
            }
        }
    }

    @Test
    void aVariantsModelTypeIsAppliedBeforeItsOtherKeysWhateverTheOrderWritten() throws IOException {
        Path file = write("model: {type: cvae}\n"
                + "sweep: {variants: {h: {loss.alpha: 0.25, model.type: hybrid, model.latentDim: 3}}}\n");
        SweepRun run = SweepPlan.expand(loader, file, List.of()).runs().get(0);
        assertThat(run.variant()).isEqualTo("h");
        assertThat(run.overrides()).containsSubsequence("model.type=hybrid", "loss.alpha=0.25", "model.latentDim=3");
        assertThat(run.resolved().lossWeights().get("alpha")).isEqualTo(0.25);
        assertThat(run.resolved().tree().at("/model/latentDim").asInt()).isEqualTo(3);
    }

    @Test
    void anUnknownKeyInsideAVariantIsADefinitionErrorNamingIt() throws IOException {
        Path file = write("sweep: {variants: {ok: {}, bad: {model.latentDimm: 3}}}\n");
        assertThatThrownBy(() -> SweepPlan.expand(loader, file, List.of()))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("unknown key 'model.latentDimm'")
                .hasMessageContaining("latentDim")
                .satisfies(e -> assertThat(((DefinitionException) e).key()).isEqualTo("model.latentDimm"));
        Path unknownLoss = write("sweep: {variants: {bad: {loss.beta: 3}}}\n");
        assertThatThrownBy(() -> SweepPlan.expand(loader, unknownLoss, List.of()))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("loss.beta");
    }

    @Test
    void malformedSweepAndReportBlocksAreDefinitionErrorsAtTheirKeys() throws IOException {
        for (String[] c : new String[][] {
            {"sweep: {axes: {model.latentDim: 2}}", "sweep.axes.model.latentDim", "expected a list"},
            {"sweep: {axes: {model.latentDim: []}}", "sweep.axes", "non-empty list"},
            {"sweep: {axes: {model.latentDim: [2, 2]}}", "sweep.axes", "twice"},
            {"sweep: {axes: {model.latentDim: [2]}, variants: {v: {model.latentDim: 3}}}", "sweep.variants",
                "axis model.latentDim also sets"},
            {"sweep: {variants: {a__b: {}}}", "sweep.variants", "not a variant name"},
            {"sweep: {variants: {a: {seed: 3}}}", "sweep.variants", "cannot set 'seed'"},
            {"sweep: {seeds: []}", "sweep.seeds", "at least one seed"},
            {"sweep: {seeds: [1, 1]}", "sweep.seeds", "twice"},
            {"sweep: {axez: {}}", "sweep.axez", "allowed keys of sweep: axes, seeds, variants"},
            {"sweep: {axes: {loss.kl: [1.0]}}\nreport: {metric: m, columns: loss.klx}", "report",
                "report.columns must be 'variant' or a sweep axis (loss.kl)"},
            {"report: {rows: variant}", "report.metric", "report.metric must name a metric"},
            {"report: {metric: m, decimals: 9}", "report.decimals", "[0, 6]"},
            {"report: {metric: m, reference: {values: {}}}", "report.reference.label", "must name the source"},
        }) {
            Path file = write(c[0] + "\n");
            assertThatThrownBy(() -> SweepPlan.expand(loader, file, List.of()))
                    .as(c[0])
                    .isInstanceOf(DefinitionException.class)
                    .hasMessageContaining(c[2])
                    .satisfies(e -> assertThat(((DefinitionException) e).key()).as(c[0]).isEqualTo(c[1]));
        }
    }

    @Test
    void twoValuesThatGiveOneLabelAreAnError() throws IOException {
        Path file = write("sweep: {axes: {description: [\"a b\", \"ab\"]}}\n");
        assertThatThrownBy(() -> SweepPlan.expand(loader, file, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("description=ab__seed=1");
    }
}
