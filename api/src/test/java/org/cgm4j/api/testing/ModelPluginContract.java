package org.cgm4j.api.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.Split;
import org.cgm4j.api.model.ConditionalGenerativeModel;
import org.cgm4j.api.model.LossWeights;
import org.cgm4j.api.model.ModelConfig;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.ModelFactory;
import org.cgm4j.api.model.ModelWeights;
import org.cgm4j.api.objective.TermNames;
import org.cgm4j.api.objective.UpdateStep;
import org.cgm4j.api.objective.UpdaterConfig;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.api.rng.Rng;
import org.cgm4j.api.train.StepRecord;
import org.cgm4j.api.train.TrainConfig;
import org.cgm4j.api.train.Trainer;
import org.cgm4j.api.train.TrainingListener;
import java.util.function.Supplier;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The contract every model plugin passes: extend this class in the plugin's tests (it ships in
 * the {@code cgm4j-api} test-jar) and list the configurations to test in {@link
 * #configurations()}; every check runs once per configuration. Checks: the config round-trips
 * through YAML; the plugin is found by ServiceLoader and bound under its name, with readable
 * defaults; the graph builds and training steps give finite losses; save/load gives identical
 * outputs; the same seed gives identical weights and another seed different ones; and the
 * gradient of every update step's objective matches finite differences in double precision.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ModelPluginContract {
    /**
     * One configuration under test.
     *
     * @param name what the test report calls it
     * @param type the plugin's type name ({@code model.type})
     * @param config a small config of that type
     * @param lossWeights its loss weights
     * @param data data the model can train on
     */
    public record Case(String name, String type, ModelConfig config, Map<String, Double> lossWeights,
            Supplier<DataSource> data) {
        /** A configuration trained on synthetic 8x8 images. */
        public static Case of(String name, String type, ModelConfig config, Map<String, Double> lossWeights) {
            return new Case(name, type, config, lossWeights, () -> SyntheticImages.source(64, 32, 8));
        }

        /** The same configuration on other data. */
        public Case on(Supplier<DataSource> other) {
            return new Case(name, type, config, lossWeights, other);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The configurations to test: at least one. */
    protected abstract List<Case> configurations();

    /** The registry under test. */
    protected PluginRegistry registry() {
        return PluginRegistry.discover();
    }

    /** The model of {@code c} built with {@code seed} in {@code type}. */
    protected ConditionalGenerativeModel build(Case c, long seed, DataType type) {
        ModelFactory<?> f = registry().factory(c.type());
        ModelContext ctx = new ModelContext(c.data().get().spec(), LossWeights.of(c.lossWeights(), f.lossWeights()),
                UpdaterConfig.adam(1e-3), seed, type);
        return f.createUnchecked(c.config(), ctx);
    }

    private static List<StepRecord> train(Case c, ConditionalGenerativeModel m, int epochs) {
        List<StepRecord> records = new ArrayList<>();
        new Trainer(new TrainConfig(epochs, UpdaterConfig.adam(1e-3), 0), 32, 7, null)
                .fit(m, c.data().get(), List.of(new TrainingListener() {
                    @Override
                    public void onStep(StepRecord r) {
                        records.add(r);
                    }
                }), false);
        return records;
    }

    private static ObjectMapper yaml(PluginRegistry registry) {
        return registry.registerSubtypes(new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID))
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .findAndRegisterModules());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void configRoundTripsThroughYaml(Case c) throws Exception {
        ObjectMapper mapper = yaml(registry());
        // a record may serve several types, so the type is the case's, written in front of its keys
        ObjectNode tree = mapper.createObjectNode().put("type", c.type());
        mapper.valueToTree(c.config()).fields().forEachRemaining(e -> {
            if (!e.getKey().equals("type")) {
                tree.set(e.getKey(), e.getValue());
            }
        });
        String text = mapper.writeValueAsString(tree);
        assertThat(text).containsPattern("type: \"?" + c.type());
        assertThat(mapper.readValue(text, ModelConfig.class)).isEqualTo(c.config());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void pluginIsDiscoveredAndItsDefaultsBind(Case c) throws Exception {
        PluginRegistry registry = registry();
        assertThat(registry.models()).containsKey(c.type());
        ModelFactory<?> f = registry.factory(c.type());
        assertThat(f.configType()).isEqualTo(c.config().getClass());
        assertThat(f.description()).isNotBlank();
        try (InputStream in = f.getClass().getClassLoader().getResourceAsStream(f.defaultsResource())) {
            assertThat(in).as("defaults resource " + f.defaultsResource()).isNotNull();
            var tree = yaml(registry).readTree(in);
            assertThat(tree.path("model").path("type").asText()).isEqualTo(c.type());
            assertThat(yaml(registry).treeToValue(tree.get("model"), ModelConfig.class)).isInstanceOf(f.configType());
            assertThat(tree.has("loss")).as("the loss defaults come from lossWeights(), not " + f.defaultsResource())
                    .isFalse();
            assertThat(LossWeights.of(f.lossDefaults(), f.lossWeights()).asMap()).hasSameSizeAs(f.lossWeights());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void trainingStepsGiveFiniteLossesForEveryTerm(Case c) {
        List<StepRecord> records = train(c, build(c, 1, DataType.FLOAT), 1);
        assertThat(records).isNotEmpty();
        for (StepRecord r : records) {
            assertThat(r.values()).containsKey(TermNames.TOTAL);
            assertThat(r.values().values()).allSatisfy(v -> assertThat(v).isFinite());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void saveAndLoadGiveIdenticalOutputs(Case c, @TempDir Path dir) {
        ConditionalGenerativeModel a = build(c, 1, DataType.FLOAT);
        train(c, a, 1);
        Path file = dir.resolve("weights.zip");
        ModelWeights.save(a, file);
        ConditionalGenerativeModel b = build(c, 2, DataType.FLOAT);
        ModelWeights.load(b, file);
        assertThat(loss(c, b)).isEqualTo(loss(c, a));
        ModelWeights.of(a.graph()).forEach((k, v) -> assertThat(ModelWeights.of(b.graph()).get(k)).as(k).isEqualTo(v));
    }

    private static double loss(Case c, ConditionalGenerativeModel m) {
        Batch batch = c.data().get().batch(Split.TEST, new int[] {0, 1, 2, 3}, m.dataType());
        Map<String, INDArray> ph = new LinkedHashMap<>(m.feed(batch, new Rng(5), false));
        ph.putAll(m.schedule().selectors(m.schedule().steps().get(0), m.dataType()));
        return m.graph().output(ph, TermNames.LOSS).get(TermNames.LOSS).getDouble(0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void theSameSeedGivesIdenticalWeightsAndAnotherSeedDifferentOnes(Case cfg) {
        ConditionalGenerativeModel a = build(cfg, 3, DataType.FLOAT);
        ConditionalGenerativeModel b = build(cfg, 3, DataType.FLOAT);
        ConditionalGenerativeModel c = build(cfg, 4, DataType.FLOAT);
        train(cfg, a, 1);
        train(cfg, b, 1);
        train(cfg, c, 1);
        Map<String, INDArray> wa = ModelWeights.of(a.graph());
        Map<String, INDArray> wb = ModelWeights.of(b.graph());
        Map<String, INDArray> wc = ModelWeights.of(c.graph());
        assertThat(wa.keySet()).isEqualTo(wb.keySet());
        wa.forEach((k, v) -> assertThat(wb.get(k)).as(k).isEqualTo(v));
        assertThat(wa.keySet().stream().anyMatch(k -> !wa.get(k).equals(wc.get(k)))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void everyStepObjectiveHasFiniteDifferenceGradients(Case c) {
        ConditionalGenerativeModel m = build(c, 5, DataType.DOUBLE);
        Batch batch = c.data().get().batch(Split.TRAIN, new int[] {0, 1, 2, 3, 4}, DataType.DOUBLE);
        for (UpdateStep step : m.schedule().steps()) {
            Map<String, INDArray> ph = new LinkedHashMap<>(m.feed(batch, new Rng(6), true));
            ph.putAll(m.schedule().selectors(step, DataType.DOUBLE));
            GradientCheck.Result r = GradientCheck.check(m.graph(), ph, TermNames.LOSS, step.trainable(), 8);
            assertThat(r.checked()).isEqualTo(step.trainable().size());
            assertThat(r.worstRelativeError()).as(step.name() + ": " + r.worstVariable()).isLessThan(1e-5);
        }
    }
}
