package org.cgm4j.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.nn.NetworkSpec;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.config.ResolvedDefinition;
import org.cgm4j.experiments.sweep.SweepPlan;
import org.cgm4j.experiments.sweep.SweepRun;
import org.cgm4j.models.cvae.BaselineConfig;
import org.cgm4j.models.cvae.CvaeConfig;
import org.cgm4j.models.latentconstraints.ClassifierConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code model.encoder} / {@code model.decoder} of type conv for the CVAE family and the
 * classifier, written in definitions: every variant of the test definition {@link
 * PlannedTrainingTest#CONV_CVAE_FAMILY} (baseline, GSNN, CVAE with a baseline network, hybrid)
 * binds its networks and runs end to end at tiny size with finite metrics; a class-conditional
 * conv CVAE is scored by a conv evaluation classifier chosen under the metric's {@code
 * classifier:}; {@code model.type: classifier} takes {@code model.encoder}.
 */
class ConvDefinitionsTest {
    private static final NetworkSpec FAMILY_ENCODER = NetworkSpec.conv(List.of(4, 8), 4, 2, 1);

    static Stream<String> variants() {
        return Stream.of("baseline", "gsnn", "cvae", "hybrid");
    }

    @ParameterizedTest
    @MethodSource("variants")
    void everyTypeOfTheFamilyTrainsWithConvNetworksFromYaml(String variant, @TempDir Path runs) throws Exception {
        PluginRegistry registry = PluginRegistry.discover();
        SweepRun run = SweepPlan.expand(new DefinitionLoader(registry), PlannedTrainingTest.CONV_CVAE_FAMILY,
                List.of("data.limit=200", "data.testLimit=40")).runs().stream()
                .filter(r -> r.variant().equals(variant)).findFirst().orElseThrow();
        ResolvedDefinition resolved = run.resolved();
        Object model = resolved.definition().model();
        if (model instanceof CvaeConfig c) {
            assertThat(c.encoderNetwork()).isEqualTo(FAMILY_ENCODER);
            assertThat(c.decoderNetwork()).isEqualTo(variant.equals("hybrid") ? NetworkSpec.mlp()
                    : FAMILY_ENCODER.mirrored());
        } else {
            assertThat(((BaselineConfig) model).decoderNetwork()).isEqualTo(FAMILY_ENCODER.mirrored());
        }
        ExperimentRunner.RunResult r = new ExperimentRunner(registry, DatasetRegistry.defaults())
                .run(resolved, runs, false, List.of("test"));
        assertThat(r.directory().isComplete()).isTrue();
        assertThat(r.metrics()).containsKey("test/negativeCll_importance");
        assertThat(r.metrics().values()).allSatisfy(v -> assertThat(v).isFinite());
    }

    @Test
    void aClassConditionalConvCvaeIsScoredByAConvEvaluationClassifier(@TempDir Path runs) throws Exception {
        PluginRegistry registry = PluginRegistry.discover();
        ResolvedDefinition resolved = new DefinitionLoader(registry).load(
                Path.of("definitions/cvae/mnist-10k-class-conditional.yaml"), List.of(
                        "train.epochs=1", "data.limit=300", "data.testLimit=50", "model.hidden=[32]",
                        "model.encoder={type: conv, channels: [4], kernel: 4, stride: 2, padding: 1}",
                        "output.samples=2", "output.reconstructions=2",
                        "evaluate=[{type: sampleClassAccuracy, samplesPerClass: 3, classifier: {hidden: [16],"
                                + " epochs: 1, learningRate: 0.001, maxShift: 0, encoder: {type: conv, channels: [4],"
                                + " kernel: 3, stride: 2, padding: 1}}}]"));
        ExperimentRunner.RunResult r = new ExperimentRunner(registry, DatasetRegistry.defaults())
                .run(resolved, runs, false, List.of("test"));
        assertThat(r.directory().isComplete()).isTrue();
        assertThat(r.metrics().get("test/sampleClassAccuracy")).isBetween(0.0, 1.0);
        assertThat(r.metrics().get("test/classifierAccuracy")).isBetween(0.0, 1.0);
    }

    @Test
    void theClassifierTypeTakesAConvEncoder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "name: c\ndata: {source: mnist-10k}\nmodel: {type: classifier, encoder: {type: conv,"
                + " channels: [8], kernel: 3, stride: 2, padding: 1}}\n");
        ClassifierConfig c = (ClassifierConfig) new DefinitionLoader(PluginRegistry.discover()).load(file, List.of())
                .definition().model();
        assertThat(c.encoderNetwork()).isEqualTo(NetworkSpec.conv(List.of(8), 3, 2, 1));
        assertThat(c.hidden()).containsExactly(512, 512);
    }
}
