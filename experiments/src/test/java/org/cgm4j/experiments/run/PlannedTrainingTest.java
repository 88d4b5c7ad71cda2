package org.cgm4j.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.model.ConditionalGenerativeModel;
import org.cgm4j.api.model.ModelWeights;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.api.train.StepRecord;
import org.cgm4j.api.train.TrainConfig;
import org.cgm4j.api.train.TrainResult;
import org.cgm4j.api.train.Trainer;
import org.cgm4j.api.train.TrainingListener;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.config.ExperimentDefinition;
import org.cgm4j.experiments.config.ResolvedDefinition;
import org.cgm4j.experiments.sweep.SweepPlan;
import org.cgm4j.experiments.sweep.SweepRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every model type of the shipped definitions trains bit for bit the same with its steps run as
 * compiled plans as with SameDiff's session: every loss term of every step and every weight at
 * the end; a type that a shipped definition also builds with convolutional networks is checked
 * with those too. The data are cut to 250 examples in batches of 100, so each epoch ends with a
 * partial batch (a second plan per step); staged models cross their stage boundaries. A definition
 * on Fashion-MNIST trains on the embedded MNIST digits here, so that the test needs no optional
 * package (the networks, not the pictures, are what it checks). Besides the shipped definitions,
 * the test definition {@link #CONV_CVAE_FAMILY} gives every type of the CVAE family with
 * convolutional networks. A type built with a sub-pixel conv decoder as well is checked with it
 * too ({@code type+conv+subpixel}).
 */
class PlannedTrainingTest {
    /** The CVAE family (baseline, GSNN, CVAE with a baseline network, hybrid) with conv networks. */
    static final Path CONV_CVAE_FAMILY = Path.of("src/test/resources/org/cgm4j/experiments/run/conv-cvae-family.yaml");

    /**
     * What the resolved model block chooses, at any depth: {@code ""} for fully connected networks,
     * {@code "+conv"} for a convolutional encoder or decoder, {@code "+conv+subpixel"} when a conv
     * decoder upsamples with sub-pixel convolutions.
     */
    private static String networks(JsonNode model) {
        String found = "";
        if (model.isObject()) {
            for (String key : List.of("encoder", "decoder")) {
                JsonNode spec = model.path(key);
                if (spec.path("type").asText().equals("conv")) {
                    found = spec.path("upsample").asText().equals("subpixel") ? "+conv+subpixel" : "+conv";
                    if (found.endsWith("subpixel")) {
                        return found;
                    }
                }
            }
        }
        for (JsonNode child : model) {
            String inner = networks(child);
            if (inner.length() > found.length()) {
                found = inner;
            }
        }
        return found;
    }

    /**
     * One run per model type, and per type with convolutional networks (named {@code type+conv}),
     * with its definition file, from the shipped definitions' sweeps.
     */
    static Stream<Object[]> modelTypes() throws Exception {
        PluginRegistry registry = PluginRegistry.discover();
        DefinitionLoader loader = new DefinitionLoader(registry);
        Map<String, Object[]> byType = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>(ShippedDefinitionsSmokeTest.definitions().toList());
        files.add(CONV_CVAE_FAMILY);
        for (Path file : files) {
            SweepPlan plan = SweepPlan.expand(loader, file, List.of());
            for (SweepRun run : plan.runs()) {
                JsonNode model = run.resolved().tree().path("model");
                String type = model.path("type").asText() + networks(model);
                byType.putIfAbsent(type, new Object[] {type, file, run.variant()});
            }
        }
        return byType.values().stream();
    }

    private record Trained(List<StepRecord> steps, Map<String, INDArray> weights, TrainResult result) {}

    private static Trained train(ResolvedDefinition resolved, Trainer.Execution execution) {
        PluginRegistry registry = PluginRegistry.discover();
        ExperimentDefinition def = resolved.definition();
        DataSource data = DataSource.create(def.data(), DatasetRegistry.defaults());
        ConditionalGenerativeModel model = registry.create(resolved.modelType(), def.model(),
                ExperimentRunner.modelContext(resolved, data.spec()));
        List<StepRecord> steps = new ArrayList<>();
        TrainingListener l = new TrainingListener() {
            @Override
            public void onStep(StepRecord r) {
                steps.add(r);
            }
        };
        TrainResult result = new Trainer(new TrainConfig(def.train().epochs(), def.train().updater(), 0),
                def.data().batchSize(), def.seed(), null, execution).fit(model, data, List.of(l), false);
        return new Trained(steps, ModelWeights.of(model.graph()), result);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelTypes")
    void plannedStepsTrainAsTheSessionDoes(String type, Path file, String variant) {
        PluginRegistry registry = PluginRegistry.discover();
        DefinitionLoader loader = new DefinitionLoader(registry);
        List<String> overrides = new ArrayList<>(List.of("data.limit=250", "data.testLimit=50",
                "data.batchSize=100", "train.epochs=3"));
        if (loader.load(file, List.of()).definition().data().source().equals(DatasetRegistry.FASHION_MNIST)) {
            overrides.add("data.source=" + DatasetRegistry.MNIST_10K);
        }
        if (type.startsWith("latentConstraints")) {
            overrides.add("model.vaeEpochs=1"); // then two epochs of the critic and actor steps
        }
        SweepRun run = SweepPlan.expand(loader, file, overrides).runs().stream()
                .filter(r -> r.variant().equals(variant)).findFirst().orElseThrow();
        ResolvedDefinition resolved = run.resolved();
        Trained session = train(resolved, Trainer.Execution.SESSION);
        Trained planned = train(resolved, Trainer.Execution.PLANNED);
        // the same plans with their independent ops on three threads
        Trained parallel;
        String before = System.setProperty(Trainer.PLAN_THREADS_PROPERTY, "3");
        try {
            parallel = train(resolved, Trainer.Execution.PLANNED);
        } finally {
            if (before == null) {
                System.clearProperty(Trainer.PLAN_THREADS_PROPERTY);
            } else {
                System.setProperty(Trainer.PLAN_THREADS_PROPERTY, before);
            }
        }

        if (type.contains("+conv")) {
            assertThat(session.weights().keySet()).as(type).anyMatch(name -> name.contains("conv"));
        }
        assertThat(planned.result().stepExecution()).as(type).isNotEmpty()
                .allSatisfy((step, how) -> assertThat(how).isEqualTo("planned"));
        assertThat(planned.steps()).hasSameSizeAs(session.steps());
        for (int i = 0; i < session.steps().size(); i++) {
            assertThat(planned.steps().get(i).values()).as("%s, step %d", type, i)
                    .isEqualTo(session.steps().get(i).values());
        }
        session.weights().forEach((name, w) -> assertThat(planned.weights().get(name)).as(name).isEqualTo(w));
        for (int i = 0; i < session.steps().size(); i++) {
            assertThat(parallel.steps().get(i).values()).as("%s, 3 plan threads, step %d", type, i)
                    .isEqualTo(session.steps().get(i).values());
        }
        session.weights().forEach((name, w) -> assertThat(parallel.weights().get(name)).as(name).isEqualTo(w));
    }
}
