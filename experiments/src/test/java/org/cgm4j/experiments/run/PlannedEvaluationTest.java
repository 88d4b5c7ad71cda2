package org.cgm4j.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.model.ConditionalGenerativeModel;
import org.cgm4j.api.model.GraphModel;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.api.train.CompiledOutputs;
import org.cgm4j.api.train.Trainer;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.config.ExperimentDefinition;
import org.cgm4j.experiments.config.ResolvedDefinition;
import org.cgm4j.experiments.sweep.SweepPlan;
import org.cgm4j.experiments.sweep.SweepRun;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model type of the shipped definitions evaluates bit for bit the same with its outputs run
 * as compiled plans ({@link CompiledOutputs}) as with SameDiff's session ({@code
 * -Dcgm4j.execution=session}): every metric its definition lists (the conditional log-likelihood's
 * estimators, the importance-weighted bound, the VAE's and the latent constraints' metrics with
 * their evaluation classifier), on 60 test examples (10 for convolutional networks), so that a CLL
 * with S = 100 scores a chunk of 50 examples and a last, partial one of 10. The models are as initialised: the values, not their
 * quality, are what is compared.
 */
class PlannedEvaluationTest {
    private static Map<String, Double> evaluate(ResolvedDefinition resolved, String execution, Path dir,
            List<CompiledOutputs> used) throws Exception {
        Files.createDirectories(dir);
        String before = System.getProperty(Trainer.Execution.PROPERTY);
        System.setProperty(Trainer.Execution.PROPERTY, execution);
        try {
            PluginRegistry registry = PluginRegistry.discover();
            ExperimentDefinition def = resolved.definition();
            // A data source of its own: the latent constraints' classifier is built (and kept) per source.
            DataSource data = DataSource.create(def.data(), DatasetRegistry.defaults());
            ConditionalGenerativeModel model = registry.create(resolved.modelType(), def.model(),
                    ExperimentRunner.modelContext(resolved, data.spec()));
            Map<String, Double> metrics = ExperimentRunner.evaluate(model, data, def.evaluate(), def.seed(), dir);
            used.add(((GraphModel<?>) model).outputs());
            return metrics;
        } finally {
            if (before == null) {
                System.clearProperty(Trainer.Execution.PROPERTY);
            } else {
                System.setProperty(Trainer.Execution.PROPERTY, before);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.cgm4j.experiments.run.PlannedTrainingTest#modelTypes")
    void plannedOutputsEvaluateAsTheSessionDoes(String type, Path file, String variant, @TempDir Path dir)
            throws Exception {
        DefinitionLoader loader = new DefinitionLoader(PluginRegistry.discover());
        // The convolutional VAE's importance-weighted bound decodes 100 samples per image through
        // transposed convolutions: 10 test images keep it to seconds.
        int testImages = type.contains("+conv") ? 10 : 60;
        List<String> overrides = new ArrayList<>(List.of("data.limit=250", "data.testLimit=" + testImages,
                "data.batchSize=100"));
        if (loader.load(file, List.of()).definition().data().source().equals(DatasetRegistry.FASHION_MNIST)) {
            overrides.add("data.source=" + DatasetRegistry.MNIST_10K);
        }
        SweepRun run = SweepPlan.expand(loader, file, overrides).runs().stream()
                .filter(r -> r.variant().equals(variant)).findFirst().orElseThrow();
        ResolvedDefinition resolved = run.resolved();
        List<CompiledOutputs> session = new ArrayList<>();
        List<CompiledOutputs> planned = new ArrayList<>();
        Map<String, Double> want = evaluate(resolved, "session", dir.resolve("session"), session);
        Map<String, Double> got = evaluate(resolved, "planned", dir.resolve("planned"), planned);

        assertThat(want).as(type).isNotEmpty();
        assertThat(got).as(type).isEqualTo(want);
        assertThat(session.get(0).planned()).isFalse();
        assertThat(session.get(0).compilations()).isZero();
        assertThat(planned.get(0).planned()).isTrue();
        assertThat(planned.get(0).compilations()).as(type).isPositive();
        assertThat(planned.get(0).refused()).as(type).isEmpty();
    }
}
