package org.cgm4j.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.nio.file.Path;
import java.util.List;
import org.cgm4j.api.plugin.PluginRegistry;
import org.junit.jupiter.api.Test;

class DataConfigTest {
    // Plain "type:" keys rather than YAML tags, as definitions are written by hand.
    // Task types are bound by the names their plugin registers.
    private static final ObjectMapper YAML = PluginRegistry.of(List.of(new CoreTasksPlugin()))
            .registerSubtypes(new ObjectMapper(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID)
                    .build()));
    private static final TaskConfig TASK = new QuadrantsTask(1);

    @Test
    void messagesNameTheYamlKey() {
        assertThatThrownBy(() -> new DataConfig("mnist", null, TASK, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data.batchSize must be >= 1, got 0");
        assertThatThrownBy(() -> new DataConfig("mnist", null, TASK, 128, -1, 0))
                .hasMessage("data.limit must be >= 0 (0 = all), got -1");
        assertThatThrownBy(() -> new DataConfig("mnist", null, TASK, 128, 0, -5))
                .hasMessage("data.testLimit must be >= 0 (0 = all), got -5");
        assertThatThrownBy(() -> new DataConfig(" ", null, TASK, 128, 0, 0))
                .hasMessageStartingWith("data.source must name a dataset")
                .hasMessageContaining("got ' '");
        assertThatThrownBy(() -> new DataConfig(null, null, TASK, 128, 0, 0))
                .hasMessageStartingWith("data.source must name a dataset");
        assertThatThrownBy(() -> new DataConfig("mnist", null, null, 128, 0, 0))
                .hasMessageStartingWith("data.task must be set");
        assertThat(new DataConfig("mnist", null, TASK, 1, 0, 0).batchSize()).isEqualTo(1);
    }

    @Test
    void readsFromYamlWithTheTaskChosenByType() throws Exception {
        DataConfig c = YAML.readValue(
                "{source: mnist, dir: /data/mnist, task: {type: quadrants, given: 2}, batchSize: 128, limit: 256,"
                        + " testLimit: 0}",
                DataConfig.class);
        assertThat(c).isEqualTo(new DataConfig("mnist", Path.of("/data/mnist"), new QuadrantsTask(2), 128, 256, 0));

        DataConfig u =
                YAML.readValue("{source: mnist-10k, task: {type: unconditional}, batchSize: 64}", DataConfig.class);
        assertThat(u.task()).isEqualTo(new UnconditionalTask());
        assertThat(u.dir()).isNull();
    }

    @Test
    void roundTripsThroughYaml() throws Exception {
        for (TaskConfig task : new TaskConfig[] {new QuadrantsTask(3), new UnconditionalTask()}) {
            DataConfig c = new DataConfig("fashion-mnist", null, task, 32, 10, 5);
            String yaml = YAML.writeValueAsString(c);
            assertThat(yaml).contains("type: \"" + (task instanceof QuadrantsTask ? "quadrants" : "unconditional"));
            assertThat(YAML.readValue(yaml, DataConfig.class)).isEqualTo(c);
        }
    }

    @Test
    void yamlValidationErrorsKeepTheMessage() {
        assertThatThrownBy(() -> YAML.readValue(
                        "{source: mnist, task: {type: quadrants, given: 4}, batchSize: 8}", DataConfig.class))
                .isInstanceOf(JsonMappingException.class)
                .hasMessageContaining("data.task.given must be 1, 2 or 3, got 4");
        assertThatThrownBy(() ->
                        YAML.readValue("{source: mnist, task: {type: inpainting}, batchSize: 8}", DataConfig.class))
                .isInstanceOf(JsonMappingException.class)
                .hasMessageContaining("inpainting");
    }
}
