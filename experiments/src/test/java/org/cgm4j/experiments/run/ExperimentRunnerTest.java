package org.cgm4j.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.config.ResolvedDefinition;
import org.cgm4j.experiments.report.MetricsFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of a tiny VAE on the embedded digits: run directory, determinism, resume. */
class ExperimentRunnerTest {
    static final Path DEFINITION = Path.of("definitions/vae/mnist-10k.yaml");
    static final List<String> TINY = List.of(
            "train.epochs=2", "data.limit=256", "data.testLimit=64", "data.batchSize=32", "model.hidden=[32]",
            "model.latentDim=4", "evaluate=[{type: elbo}, {type: importanceWeighted, samples: 20},"
                    + " {type: activeUnits, threshold: 0.01}]",
            "output.samples=16", "output.reconstructions=4");

    static PluginRegistry registry;
    static ExperimentRunner runner;
    static ResolvedDefinition tiny;

    @BeforeAll
    static void setUp() {
        registry = PluginRegistry.discover();
        runner = new ExperimentRunner(registry, DatasetRegistry.defaults());
        tiny = new DefinitionLoader(registry).load(DEFINITION, TINY);
    }

    @Test
    void aRunWritesItsWholeDirectoryAndTheSameSeedReproducesItExactly(@TempDir Path a, @TempDir Path b)
            throws Exception {
        ExperimentRunner.RunResult first = runner.run(tiny, a, false, List.of("test"));
        ExperimentRunner.RunResult second = runner.run(tiny, b, false, List.of("test"));
        RunDirectory run = first.directory();
        for (String f : List.of(RunDirectory.RESOLVED, RunDirectory.PROVENANCE, RunDirectory.HISTORY,
                RunDirectory.METRICS, RunDirectory.PERFORMANCE, RunDirectory.CHECKPOINT, RunDirectory.WEIGHTS,
                RunDirectory.SAMPLES, RunDirectory.RECONSTRUCTIONS, RunDirectory.LOSS_CURVE, RunDirectory.COMPLETE)) {
            assertThat(run.file(f)).as(f).isRegularFile();
        }
        assertThat(run.path().getFileName().toString()).startsWith("seed=1__");
        assertThat(Files.readAllLines(run.file(RunDirectory.HISTORY)).get(0))
                .isEqualTo("epoch,iteration,step,train/reconstruction,train/kl,train/loss");
        assertThat(Files.readAllLines(run.file(RunDirectory.HISTORY))).hasSize(1 + 2 * 8);
        assertThat(Files.readString(second.directory().file(RunDirectory.HISTORY)))
                .isEqualTo(Files.readString(run.file(RunDirectory.HISTORY)));
        assertThat(Files.readString(second.directory().file(RunDirectory.METRICS)))
                .isEqualTo(Files.readString(run.file(RunDirectory.METRICS)));

        assertThat(MetricsFile.read(run.file(RunDirectory.PERFORMANCE)))
                .containsKeys("trainSeconds", "evalSeconds", "picturesSeconds", "peakRssMegabytes")
                .allSatisfy((k, v) -> assertThat(v).as(k).isNotNegative());

        Map<String, Double> m = first.metrics();
        assertThat(m.get("test/importanceWeightedNll")).isLessThan(m.get("test/negativeElbo"));
        assertThat(m.get("test/activeUnits")).isBetween(0.0, 4.0);
        // resolved.yaml is the definition: loading it back gives the same one.
        // (expect: and check: judge runs; they are not part of what a run is)
        assertThat(new DefinitionLoader(registry).loadResolved(run.file(RunDirectory.RESOLVED)).definition())
                .usingRecursiveComparison().ignoringFields("expect", "check").isEqualTo(tiny.definition());
    }

    @Test
    void aCompleteRunIsNotRepeatedAndAnIncompleteOneResumesToTheSameMetrics(@TempDir Path root) throws Exception {
        ExperimentRunner.RunResult done = runner.run(tiny, root, false, List.of("test"));
        Map<String, Double> metrics = MetricsFile.read(done.directory().file(RunDirectory.METRICS));

        ExperimentRunner.RunResult again = runner.run(tiny, root, false, List.of("test"));
        assertThat(again.skipped()).isTrue();
        assertThat(again.metrics()).isEqualTo(metrics);

        // As if killed after training: no completion marker, no metrics, only the checkpoint.
        Files.delete(done.directory().file(RunDirectory.COMPLETE));
        Files.delete(done.directory().file(RunDirectory.METRICS));
        ExperimentRunner.RunResult resumed = runner.run(tiny, root, false, List.of("test"));
        assertThat(resumed.skipped()).isFalse();
        assertThat(resumed.directory().path()).isEqualTo(done.directory().path());
        assertThat(resumed.metrics()).isEqualTo(metrics);
        assertThat(resumed.directory().isComplete()).isTrue();
    }
}
