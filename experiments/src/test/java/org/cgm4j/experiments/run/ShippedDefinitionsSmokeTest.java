package org.cgm4j.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.data.MnistFormatProvider;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.api.testing.OptionalPackages;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.config.ResolvedDefinition;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped definition resolves and runs end to end at tiny size (one epoch on a few hundred
 * examples), with finite metrics. Files under a {@code base/} folder are fragments for {@code
 * extends:} and are only resolved through the definitions that use them.
 */
class ShippedDefinitionsSmokeTest {
    static Stream<Path> definitions() throws IOException {
        try (Stream<Path> s = Files.walk(Path.of("definitions"))) {
            return s.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> !p.toString().contains("/base/"))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest
    @MethodSource("definitions")
    void runsAtTinySize(Path definition, @TempDir Path runs) throws Exception {
        PluginRegistry registry = PluginRegistry.discover();
        ResolvedDefinition resolved = new DefinitionLoader(registry).load(definition, List.of(
                "train.epochs=1", "data.limit=256", "data.testLimit=64", "output.samples=4",
                "output.reconstructions=2"));
        // Fashion-MNIST comes from Debian's package (or the network, which tests must not need).
        if (resolved.definition().data().source().equals(DatasetRegistry.FASHION_MNIST)) {
            OptionalPackages.assumeInstalled(Files.isDirectory(MnistFormatProvider.FASHION_MNIST_SYSTEM_DIR),
                    "Debian's dataset-fashion-mnist (for " + definition + ")", "apt-get install dataset-fashion-mnist");
        }
        ExperimentRunner.RunResult r = new ExperimentRunner(registry, DatasetRegistry.defaults())
                .run(resolved, runs, false, List.of("smoke"));
        assertThat(r.directory().isComplete()).isTrue();
        assertThat(r.metrics()).isNotEmpty();
        assertThat(r.metrics().values()).allSatisfy(v -> assertThat(v).isFinite());
    }
}
