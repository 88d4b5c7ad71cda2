package org.cgm4j.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cgm4j.api.UserError;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.config.ExecutionConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Executors are found by name, and the execution: block never changes where a run lands. */
class SweepExecutorsTest {
    private static final Path VAE = Path.of("definitions/vae/mnist-10k.yaml").toAbsolutePath();

    @Test
    void theBuiltInExecutorsAreFoundByNameAndAnUnknownOneIsAUserErrorListingThem() {
        SweepExecutors executors = SweepExecutors.discover();
        assertThat(executors.names()).contains("local", "in-process");
        assertThat(executors.get("local")).isInstanceOf(LocalSweepExecutorFactory.class);
        assertThatThrownBy(() -> executors.get("spark")).isInstanceOf(UserError.class)
                .hasMessageStartingWith("execution.executor: no sweep executor 'spark' on the class path; there are:")
                .hasMessageContaining("in-process, local").hasMessageContaining("--executor spark");
    }

    @Test
    void twoExecutorsOfOneNameAreRefused() {
        assertThatThrownBy(() -> SweepExecutors.of(List.of(new LocalSweepExecutorFactory(),
                new LocalSweepExecutorFactory()))).hasMessageContaining("two sweep executors are named 'local'");
    }

    @Test
    void theExecutionBlockIsReadButLeftOutOfEveryRunSoRunsLandInTheSameDirectories(@TempDir Path dir)
            throws Exception {
        String body = "extends: " + VAE + "\nname: x\nsweep: {seeds: [1, 2]}\n";
        Path plain = dir.resolve("plain.yaml");
        Files.writeString(plain, body);
        Path withExecution = dir.resolve("spark.yaml");
        Files.writeString(withExecution, body + "execution: {executor: spark, master: 'local[2]',"
                + " conf: {spark.executor.memory: 2g}}\n");
        DefinitionLoader loader = new DefinitionLoader(PluginRegistry.discover());
        SweepPlan a = SweepPlan.expand(loader, plain, List.of());
        SweepPlan b = SweepPlan.expand(loader, withExecution, List.of("execution.master=spark://h:7077"));

        assertThat(a.execution()).isEqualTo(ExecutionConfig.defaults());
        assertThat(b.execution().executor()).isEqualTo("spark");
        assertThat(b.execution().master()).isEqualTo("spark://h:7077");
        assertThat(b.execution().conf()).containsEntry("spark.executor.memory", "2g");
        for (int i = 0; i < 2; i++) {
            assertThat(b.runs().get(i).resolvedYaml()).isEqualTo(a.runs().get(i).resolvedYaml())
                    .doesNotContain("execution");
            assertThat(b.runs().get(i).directory(dir).path()).isEqualTo(a.runs().get(i).directory(dir).path());
        }
        assertThat(b.execution().withCommandLine("local", null, 3).executorOrDefault()).isEqualTo("local");
    }
}
