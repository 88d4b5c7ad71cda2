package org.cgm4j.api.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import org.cgm4j.api.data.CoreDatasetsPlugin;
import org.cgm4j.api.data.CoreTasksPlugin;
import org.cgm4j.api.data.ExampleTask;
import org.cgm4j.api.data.LabelSpace;
import org.cgm4j.api.data.OcclusionTask;
import org.cgm4j.api.data.TaskConfig;
import org.cgm4j.api.data.UnconditionalTask;
import org.cgm4j.api.data.DatasetContext;
import org.cgm4j.api.data.DatasetProvider;
import org.cgm4j.api.data.DatasetRequest;
import org.cgm4j.api.data.DatasetSplits;
import org.cgm4j.api.eval.CoreMetricsPlugin;
import org.cgm4j.api.model.ConditionalGenerativeModel;
import org.cgm4j.api.model.LossWeightSpec;
import org.cgm4j.api.model.LossWeights;
import org.cgm4j.api.model.ModelConfig;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.ModelFactory;
import org.cgm4j.api.testing.TinyModel;
import org.junit.jupiter.api.Test;

class PluginRegistryTest {
    static class TinyFactory implements ModelFactory<TinyModel.Config> {
        @Override
        public String type() {
            return "tiny";
        }

        @Override
        public Class<TinyModel.Config> configType() {
            return TinyModel.Config.class;
        }

        @Override
        public String description() {
            return "test model";
        }

        @Override
        public List<LossWeightSpec> lossWeights() {
            return List.of();
        }

        @Override
        public String defaultsResource() {
            return "none";
        }

        @Override
        public ConditionalGenerativeModel create(TinyModel.Config config, ModelContext context) {
            return new TinyModel(config, context);
        }
    }

    public static final class FirstPlugin extends ModelPlugin {
        @Override
        protected void register() {
            registerModel(new TinyFactory());
        }
    }

    public static final class SecondPlugin extends ModelPlugin {
        @Override
        protected void register() {
            registerModel(new TinyFactory());
        }
    }

    /** A dataset provider that loads nothing: only its name matters here. */
    static DatasetProvider namedDataset(String name) {
        return new DatasetProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return "test dataset";
            }

            @Override
            public String origin() {
                return "nowhere";
            }


            @Override
            public void validate(DatasetRequest request) {}

            @Override
            public DatasetSplits load(DatasetRequest request, DatasetContext context) {
                throw new UnsupportedOperationException();
            }
        };
    }

    public static final class FirstDatasetPlugin extends ModelPlugin {
        @Override
        protected void register() {
            registerDataset(namedDataset("pets"));
        }
    }

    public static final class SecondDatasetPlugin extends ModelPlugin {
        @Override
        protected void register() {
            registerDataset(namedDataset("pets"));
        }
    }

    @Test
    void twoPluginsClaimingOneDatasetFailNamingBoth() {
        assertThatThrownBy(() -> PluginRegistry.of(List.of(new FirstDatasetPlugin(), new SecondDatasetPlugin())))
                .isInstanceOf(DuplicatePluginException.class)
                .hasMessageContaining("dataset 'pets'")
                .hasMessageContaining(FirstDatasetPlugin.class.getName())
                .hasMessageContaining(SecondDatasetPlugin.class.getName());
    }

    @Test
    void datasetsAreFoundByNameBesideTheCoreOnes() {
        PluginRegistry r = PluginRegistry.of(List.of(new FirstDatasetPlugin(), new CoreDatasetsPlugin()));
        assertThat(r.datasets()).containsKeys("pets", "mnist", "mnist-10k", "fashion-mnist");
        assertThat(r.datasets().get("pets").plugin()).isEqualTo(FirstDatasetPlugin.class);
        assertThat(PluginRegistry.discover().datasets()).as("found by ServiceLoader").containsKey("mnist-10k");
    }

    /** A task registered by a plugin of its own. */
    public record MirrorTask() implements TaskConfig {
        @Override
        public ExampleTask task(LabelSpace labels) {
            return new UnconditionalTask();
        }
    }

    public static final class MirrorTaskPlugin extends ModelPlugin {
        @Override
        protected void register() {
            registerTask("occlusion", MirrorTask.class);
        }
    }

    public static final class OtherTaskPlugin extends ModelPlugin {
        @Override
        protected void register() {
            registerTask("mirror", MirrorTask.class);
        }
    }

    @Test
    void twoPluginsClaimingOneTaskTypeFailNamingBoth() {
        assertThatThrownBy(() -> PluginRegistry.of(List.of(new CoreTasksPlugin(), new MirrorTaskPlugin())))
                .isInstanceOf(DuplicatePluginException.class)
                .hasMessageContaining("task type 'occlusion'")
                .hasMessageContaining(CoreTasksPlugin.class.getName())
                .hasMessageContaining(MirrorTaskPlugin.class.getName());
    }

    @Test
    void tasksAreFoundByNameAndBoundFromYaml() throws Exception {
        PluginRegistry r = PluginRegistry.of(List.of(new OtherTaskPlugin(), new CoreTasksPlugin()));
        assertThat(r.tasks()).containsOnlyKeys(
                "mirror", "unconditional", "quadrants", "occlusion", "classConditional", "attributes");
        assertThat(r.tasks().get("mirror").plugin()).isEqualTo(OtherTaskPlugin.class);
        ObjectMapper json = r.registerSubtypes(new ObjectMapper());
        assertThat(json.readValue("{\"type\": \"mirror\"}", TaskConfig.class)).isEqualTo(new MirrorTask());
        assertThat(json.readValue("{\"type\": \"occlusion\", \"size\": 5}", TaskConfig.class))
                .isEqualTo(new OcclusionTask(5));
        assertThat(PluginRegistry.discover().tasks()).as("found by ServiceLoader").containsKey("classConditional");
    }

    @Test
    void twoPluginsClaimingOneNameFailNamingBoth() {
        assertThatThrownBy(() -> PluginRegistry.of(List.of(new FirstPlugin(), new SecondPlugin())))
                .isInstanceOf(DuplicatePluginException.class)
                .hasMessageContaining("'tiny'")
                .hasMessageContaining(FirstPlugin.class.getName())
                .hasMessageContaining(SecondPlugin.class.getName());
    }

    @Test
    void registeredModelsAndMetricsAreFoundByName() {
        PluginRegistry r = PluginRegistry.of(List.of(new FirstPlugin(), new CoreMetricsPlugin()));
        assertThat(r.models()).containsOnlyKeys("tiny");
        assertThat(r.factory("tiny")).isInstanceOf(TinyFactory.class);
        assertThat(r.metrics()).containsKeys("elbo", "importanceWeighted", "activeUnits", "bernoulliFloor");
        assertThatThrownBy(() -> r.factory("nope")).hasMessageContaining("'nope'").hasMessageContaining("[tiny]");
    }

    /**
     * A second type on the tiny model's config record, whose factory says which factory built, with
     * two loss weights.
     */
    static final class TwinFactory extends TinyFactory {
        @Override
        public String type() {
            return "twin";
        }

        @Override
        public List<LossWeightSpec> lossWeights() {
            return List.of(new LossWeightSpec("alpha", 0.25, 0, 1, "a share"),
                    LossWeightSpec.nonNegative("kl", 0.5, "a weight"));
        }

        @Override
        public ConditionalGenerativeModel create(TinyModel.Config config, ModelContext context) {
            throw new UnsupportedOperationException("built by twin from " + config);
        }
    }

    @Test
    void twoTypesMayShareOneConfigRecordAndAreBuiltByTheirName() throws Exception {
        PluginRegistry r = PluginRegistry.of(List.of(new FirstPlugin(), new ModelPlugin() {
            @Override
            protected void register() {
                registerModel(new TwinFactory());
            }
        }));
        assertThat(r.models()).containsOnlyKeys("tiny", "twin");
        ObjectMapper yaml = r.registerSubtypes(new ObjectMapper(new YAMLFactory()));
        for (String type : List.of("tiny", "twin")) {
            assertThat(yaml.readValue("{type: " + type + ", code: 3, staged: true}", ModelConfig.class))
                    .isEqualTo(new TinyModel.Config(3, true));
        }
        assertThatThrownBy(() -> r.create("twin", new TinyModel.Config(3, true), null))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("built by twin from " + new TinyModel.Config(3, true));
    }

    @Test
    void aFactorysLossDefaultsAreItsSpecsDefaultsInOrder() {
        TwinFactory f = new TwinFactory();
        assertThat(f.lossDefaults()).containsExactly(java.util.Map.entry("alpha", 0.25), java.util.Map.entry("kl", 0.5));
        assertThat(LossWeights.of(f.lossDefaults(), f.lossWeights()).asMap()).isEqualTo(f.lossDefaults());
    }

    @Test
    void discoveryFindsTheApiOwnPlugin() {
        assertThat(PluginRegistry.discover().metrics()).containsKey("elbo");
    }
}
