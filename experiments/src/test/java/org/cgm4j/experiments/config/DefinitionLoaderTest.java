package org.cgm4j.experiments.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.cgm4j.api.data.QuadrantsTask;
import org.cgm4j.api.data.UnconditionalTask;
import org.cgm4j.api.eval.LatentVariableMetrics;
import org.cgm4j.api.model.ModelFactory;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.objective.UpdaterConfig;
import org.cgm4j.api.plugin.ModelPlugin;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.models.latentconstraints.VaeConfig;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefinitionLoaderTest {
    private static final Path SHIPPED = Path.of("definitions/vae/mnist-10k.yaml");

    /** Every plugin on the class path plus the test-only {@code toy} model type. */
    private static final PluginRegistry REGISTRY = withToy();

    private final DefinitionLoader loader = new DefinitionLoader(REGISTRY);

    @TempDir
    Path dir;

    private static PluginRegistry withToy() {
        List<ModelPlugin> plugins = new ArrayList<>();
        ServiceLoader.load(ModelPlugin.class).forEach(plugins::add);
        plugins.add(new ToyPlugin());
        return PluginRegistry.of(plugins);
    }

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return file;
    }

    /** A small valid definition; {@code extra} is appended as further top-level YAML. */
    private Path minimal(String extra) throws IOException {
        return write("x.yaml", "name: x\nmodel: {type: vae}\n" + extra);
    }

    private static VaeConfig vae(ResolvedDefinition r) {
        return (VaeConfig) r.definition().model();
    }

    @Test
    void shippedDefinitionLoadsWithDiscoveredPlugins() {
        ResolvedDefinition r = new DefinitionLoader(PluginRegistry.discover()).load(SHIPPED, List.of());
        ExperimentDefinition d = r.definition();
        assertThat(d.name()).isEqualTo("vae-mnist-10k");
        assertThat(d.data().source()).isEqualTo("mnist-10k");
        assertThat(d.data().task()).isEqualTo(new UnconditionalTask());
        assertThat(d.model()).isEqualTo(new VaeConfig(32, List.of(500, 500), Activation.RELU, "bernoulli", 1.0));
        assertThat(d.train().epochs()).isEqualTo(30);
        assertThat(d.train().updater()).isEqualTo(UpdaterConfig.adam(1e-3));
        assertThat(d.evaluate()).containsExactly(new LatentVariableMetrics.Elbo(),
                new LatentVariableMetrics.ImportanceWeighted(100), new LatentVariableMetrics.ActiveUnits(0.01));
        assertThat(r.lossWeights().asMap()).containsExactly(Map.entry("reconstruction", 1.0), Map.entry("kl", 1.0));
        assertThat(d.sweep()).isNull();
        assertThat(r.tree().fieldNames()).toIterable().containsExactly(
                "name", "description", "seed", "data", "model", "loss", "train", "evaluate", "output", "expect", "check");
    }

    @Nested
    class Layering {
        @Test
        void frameworkDefaultsAreTheLowestLayer() throws IOException {
            ExperimentDefinition d = loader.load(minimal(""), List.of()).definition();
            assertThat(d.train().epochs()).isEqualTo(10);
            assertThat(d.train().updater().beta2()).isEqualTo(0.999);
            assertThat(d.output().samples()).isEqualTo(64);
            assertThat(d.data().batchSize()).isEqualTo(128);
        }

        @Test
        void pluginDefaultsLieAboveFrameworkDefaults() throws IOException {
            // defaults.yaml has no model block: everything under model and loss comes from the plugin
            ResolvedDefinition r = loader.load(minimal(""), List.of());
            assertThat(vae(r)).isEqualTo(new VaeConfig(32, List.of(500, 500), Activation.RELU, "bernoulli", 1.0));
            assertThat(r.lossWeights().get("kl")).isEqualTo(1.0);
        }

        @Test
        void extendsBeatsPluginAndFrameworkDefaults() throws IOException {
            write("base.yaml", "model: {latentDim: 7}\nloss: {kl: 4.0}\ntrain: {epochs: 3}\n");
            Path file = write("x.yaml", "extends: base.yaml\nname: x\nmodel: {type: vae}\n");
            ResolvedDefinition r = loader.load(file, List.of());
            assertThat(vae(r).latentDim()).isEqualTo(7);
            assertThat(r.lossWeights().get("kl")).isEqualTo(4.0);
            assertThat(r.definition().train().epochs()).isEqualTo(3);
            assertThat(r.tree().has("extends")).isFalse();
        }

        @Test
        void fileBeatsExtends() throws IOException {
            write("base.yaml", "model: {type: vae, latentDim: 7, hidden: [1, 2, 3]}\ntrain: {epochs: 3}\n");
            Path file = write("x.yaml", "extends: base.yaml\nname: x\nmodel: {hidden: [4]}\ntrain: {epochs: 5}\n");
            ResolvedDefinition r = loader.load(file, List.of());
            assertThat(r.definition().train().epochs()).isEqualTo(5);
            assertThat(vae(r).hidden()).containsExactly(4); // lists replace
            assertThat(vae(r).latentDim()).isEqualTo(7); // mappings merge
        }

        @Test
        void overridesBeatTheFileInOrder() throws IOException {
            Path file = minimal("train: {epochs: 5}\n");
            ExperimentDefinition d = loader.load(file, List.of("train.epochs=2", "train.epochs=1")).definition();
            assertThat(d.train().epochs()).isEqualTo(1);
        }

        @Test
        void mappingsMergeKeyByKey() throws IOException {
            Path file = minimal("train: {updater: {learningRate: 0.01}}\n");
            UpdaterConfig u = loader.load(file, List.of("train.updater.beta1=0.5")).definition().train().updater();
            assertThat(u).isEqualTo(new UpdaterConfig("adam", 0.01, 0.5, 0.999, 1e-8));
        }

        @Test
        void overrideValuesAreYamlFlowValues() throws IOException {
            ResolvedDefinition r = loader.load(minimal(""), List.of(
                    "model.hidden=[256,256]",
                    "data.task={type: quadrants, given: 2}",
                    "name=vae-1",
                    "description=hello, world",
                    "data.source= mnist ",
                    "data.dir=/tmp/mnist"));
            assertThat(vae(r).hidden()).containsExactly(256, 256);
            assertThat(r.definition().data().task()).isEqualTo(new QuadrantsTask(2));
            assertThat(r.definition().name()).isEqualTo("vae-1");
            assertThat(r.definition().description()).isEqualTo("hello, world");
            assertThat(r.definition().data().source()).isEqualTo("mnist");
            assertThat(r.definition().data().dir()).isEqualTo(Path.of("/tmp/mnist"));
        }

        @Test
        void extendsChainTwoDeepWithRelativePaths() throws IOException {
            write("base/root.yaml", "train: {epochs: 2, checkpointEvery: 7}\noutput: {samples: 4}\n");
            write("base/mnist.yaml", "extends: root.yaml\ntrain: {epochs: 3}\ndata: {batchSize: 32}\n");
            Path file = write("runs/sub/x.yaml", "extends: ../../base/mnist.yaml\nname: x\nmodel: {type: vae}\n"
                    + "data: {batchSize: 16}\n");
            ExperimentDefinition d = loader.load(file, List.of()).definition();
            assertThat(d.train().checkpointEvery()).isEqualTo(7); // from root.yaml
            assertThat(d.output().samples()).isEqualTo(4); // from root.yaml
            assertThat(d.train().epochs()).isEqualTo(3); // mnist.yaml beats root.yaml
            assertThat(d.data().batchSize()).isEqualTo(16); // the file beats both
        }

        @Test
        void extendsListLaterEntriesWin() throws IOException {
            write("a.yaml", "train: {epochs: 2, checkpointEvery: 5}\n");
            write("b.yaml", "train: {epochs: 3}\n");
            Path file = minimal("extends: [a.yaml, b.yaml]\n");
            ExperimentDefinition d = loader.load(file, List.of()).definition();
            assertThat(d.train().epochs()).isEqualTo(3);
            assertThat(d.train().checkpointEvery()).isEqualTo(5);
        }

        @Test
        void changingModelTypeDropsTheOldPluginsKeys() throws IOException {
            write("base.yaml", "model: {type: vae, latentDim: 7}\nloss: {kl: 4.0}\ntrain: {epochs: 3}\n");
            Path file = write("x.yaml", "extends: base.yaml\nname: x\nmodel: {type: toy, width: 3}\n");
            ResolvedDefinition r = loader.load(file, List.of());
            assertThat(r.definition().model()).isEqualTo(new ToyPlugin.ToyConfig(3, 1.0));
            assertThat(r.tree().get("model").has("latentDim")).isFalse();
            assertThat(r.lossWeights().asMap())
                    .containsExactly(Map.entry("reconstruction", 1.0), Map.entry("alpha", 0.5));
            assertThat(r.definition().train().epochs()).isEqualTo(3); // other blocks stay
        }

        @Test
        void changingModelTypeBySetTakesTheNewPluginsDefaults() throws IOException {
            Path file = write("x.yaml", "name: x\nmodel: {type: toy, width: 3}\nloss: {alpha: 0.9}\n");
            ResolvedDefinition r = loader.load(file, List.of("model.type=vae", "model.latentDim=5"));
            assertThat(vae(r)).isEqualTo(new VaeConfig(5, List.of(500, 500), Activation.RELU, "bernoulli", 1.0));
            assertThat(r.lossWeights().asMap()).containsOnlyKeys("reconstruction", "kl");
        }

        @Test
        void aPluginsDefaultsResourceMayNotListLossWeights() throws IOException {
            ModelFactory<ToyPlugin.ToyConfig> stale =
                    new ToyPlugin.ToyFactory("org/cgm4j/experiments/config/toy-defaults-with-loss.yaml");
            ModelPlugin plugin = new ModelPlugin() {
                @Override
                protected void register() {
                    registerModel(stale);
                }
            };
            DefinitionLoader staleLoader = new DefinitionLoader(PluginRegistry.of(List.of(plugin)));
            Path file = write("x.yaml", "name: x\nmodel: {type: toy}\n");
            assertThatThrownBy(() -> staleLoader.load(file, List.of()))
                    .isInstanceOf(DefinitionException.class)
                    .hasMessage("classpath:org/cgm4j/experiments/config/toy-defaults-with-loss.yaml:5:1: unknown key"
                            + " 'loss' in the defaults of model type 'toy'; allowed keys: model (the loss weights'"
                            + " defaults are declared by the factory's lossWeights())");
        }

        @Test
        void restatingTheSameModelTypeKeepsLowerKeys() throws IOException {
            write("base.yaml", "model: {type: toy, width: 3}\nloss: {alpha: 0.9}\n");
            Path file = write("x.yaml", "extends: base.yaml\nname: x\nmodel: {type: toy}\n");
            ResolvedDefinition r = loader.load(file, List.of("model.type=toy"));
            assertThat(r.definition().model()).isEqualTo(new ToyPlugin.ToyConfig(3, 1.0));
            assertThat(r.lossWeights().get("alpha")).isEqualTo(0.9);
        }
    }

    @Nested
    class RoundTrip {
        @Test
        void toYamlThenLoadResolvedGivesAnEqualDefinition() throws IOException {
            ResolvedDefinition r = loader.load(SHIPPED, List.of(
                    "data.task={type: quadrants, given: 3}", "train.updater.epsilon=1.0e-10",
                    "model.sigmaX=1.0e20", "seed=12345678901", "data.dir=some/dir",
                    "sweep={axes: {data.task.given: [1, 2]}, seeds: [1, 2]}"));
            String yaml = loader.toYaml(r);
            assertThat(yaml).startsWith("name: vae-mnist-10k\ndescription: ");
            assertThat(yaml.indexOf("\nseed:")).isLessThan(yaml.indexOf("\ndata:"));
            assertThat(yaml.indexOf("\nloss:")).isLessThan(yaml.indexOf("\ntrain:"));
            assertThat(yaml.indexOf("\noutput:")).isLessThan(yaml.indexOf("\nsweep:"));
            ResolvedDefinition back = loader.loadResolved(write("run/resolved.yaml", yaml));
            // expect: and check: judge runs: they are left out of a run's YAML
            assertThat(yaml).doesNotContain("\ncheck:");
            assertThat(back.definition()).usingRecursiveComparison().ignoringFields("expect", "check")
                    .isEqualTo(r.definition());
            assertThat(back.definition().check()).isNull();
            com.fasterxml.jackson.databind.node.ObjectNode judged = r.tree().deepCopy();
            judged.remove(DefinitionLoader.JUDGEMENT_KEYS);
            assertThat(back.tree()).isEqualTo(judged);
            assertThat(back.lossWeights().asMap()).isEqualTo(r.lossWeights().asMap());
            assertThat(loader.toYaml(back)).isEqualTo(yaml);
        }

        @Test
        void stringsThatLookLikeOtherValuesStayStrings() throws IOException {
            for (String description : List.of("true", "123", "1.5", "null", "", "a: b", "#x", "yes", "~")) {
                Path file = write("x.yaml", "name: x\nmodel: {type: vae}\ndescription: '" + description + "'\n");
                ResolvedDefinition r = loader.load(file, List.of());
                ResolvedDefinition back = loader.loadResolved(write("resolved.yaml", loader.toYaml(r)));
                assertThat(back.tree()).as(description).isEqualTo(r.tree());
                assertThat(back.definition().description()).isEqualTo(description);
            }
        }

        @Test
        void loadResolvedValidatesToo() throws IOException {
            String yaml = loader.toYaml(loader.load(SHIPPED, List.of()));
            Path file = write("resolved.yaml", yaml.replace("latentDim: 32", "latentDim: 32\n  depth: 2"));
            assertThatThrownBy(() -> loader.loadResolved(file))
                    .isInstanceOf(DefinitionException.class)
                    .hasMessageContaining(file + ":")
                    .hasMessageContaining("unknown key 'model.depth'");
            Path noCheckpoints = write("nocp.yaml", yaml.replace("\n  checkpointEvery: 0", ""));
            int trainLine = List.of(yaml.split("\n")).indexOf("train:") + 1;
            assertThatThrownBy(() -> loader.loadResolved(noCheckpoints))
                    .hasMessage(noCheckpoints + ":" + trainLine + ":1: missing key 'train.checkpointEvery';"
                            + " expected an integer");
            Path incomplete = write("incomplete.yaml", yaml.replaceAll("\n  kl: 1.0", ""));
            assertThatThrownBy(() -> loader.loadResolved(incomplete))
                    .hasMessageContaining("loss.kl is missing");
        }
    }

    @Nested
    class Errors {
        @Test
        void unknownKeyNamesFileLineColumnAndAllowedKeys() throws IOException {
            Path file = write("runs/x.yaml", """
                    name: x
                    seed: 1
                    # a comment
                    model:
                      type: vae
                      hidden: [10]
                      latentDimm: 2
                    """);
            assertThatThrownBy(() -> loader.load(file, List.of()))
                    .isInstanceOf(DefinitionException.class)
                    .hasMessage(file + ":7:3: unknown key 'model.latentDimm'; allowed keys of model (type vae):"
                            + " activation, decoder, encoder, hidden, latentDim, likelihood, sigmaX, type")
                    .satisfies(e -> {
                        DefinitionException d = (DefinitionException) e;
                        assertThat(d.location()).isEqualTo(file + ":7:3");
                        assertThat(d.key()).isEqualTo("model.latentDimm");
                    });
        }

        @Test
        void unknownTopLevelKeyListsTopLevelKeys() throws IOException {
            Path file = minimal("trian: {epochs: 1}\n");
            assertThatThrownBy(() -> loader.load(file, List.of()))
                    .hasMessage(file + ":3:1: unknown key 'trian'; allowed top-level keys: check, data, description,"
                            + " evaluate, execution, expect, extends, loss, model, name, output, report, seed, sweep, train");
        }

        @Test
        void unknownKeyInAListEntryAndFromAnOverride() throws IOException {
            Path file = minimal("evaluate:\n  - {type: elbo}\n  - {type: importanceWeighted, sampels: 5}\n");
            assertThatThrownBy(() -> loader.load(file, List.of()))
                    .hasMessage(file + ":5:32: unknown key 'evaluate[1].sampels'; allowed keys of evaluate[1]"
                            + " (type importanceWeighted): samples, type");
            assertThatThrownBy(() -> loader.load(minimal(""), List.of("train.epoch=1")))
                    .hasMessage("--set train.epoch=1: unknown key 'train.epoch'; allowed keys of train:"
                            + " checkpointEvery, clipNorm, earlyStopping, epochs, learningRate, lossWeights, updater,"
                            + " validate");
        }

        @Test
        void wrongTypeNamesLineAndColumn() throws IOException {
            Path file = minimal("train:\n  epochs: ten\n");
            assertThatThrownBy(() -> loader.load(file, List.of()))
                    .isInstanceOf(DefinitionException.class)
                    .hasMessage(file + ":4:11: 'train.epochs': expected an integer, got 'ten'");
        }

        @Test
        void otherTypeMismatches() throws IOException {
            assertThatThrownBy(() -> loader.load(minimal("train: {epochs: 1.5}\n"), List.of()))
                    .hasMessageEndingWith(":3:17: 'train.epochs': expected an integer, got 1.5");
            assertThatThrownBy(() -> loader.load(minimal(""), List.of("model.hidden=500")))
                    .hasMessage("--set model.hidden=500: 'model.hidden': expected a list, got 500");
            assertThatThrownBy(() -> loader.load(minimal(""), List.of("train.updater.learningRate='fast'")))
                    .hasMessageEndingWith("'train.updater.learningRate': expected a number, got 'fast'");
            assertThatThrownBy(() -> loader.load(minimal(""), List.of("output.samples=null")))
                    .hasMessage("--set output.samples=null: 'output.samples': expected an integer, got null");
            assertThatThrownBy(() -> loader.load(minimal(""), List.of("seed=99999999999999999999")))
                    .hasMessageStartingWith("--set seed=99999999999999999999: 'seed': ");
        }

        @Test
        void valueRejectedByARecordNamesItsKey() throws IOException {
            Path file = minimal("data:\n  batchSize: 0\n");
            assertThatThrownBy(() -> loader.load(file, List.of()))
                    .hasMessage(file + ":4:14: data.batchSize must be >= 1, got 0");
            Path model = write("m.yaml", "name: x\nmodel:\n  type: vae\n  latentDim: -1\n");
            assertThatThrownBy(() -> loader.load(model, List.of()))
                    .hasMessage(model + ":4:14: model.latentDim must be >= 1, got -1");
            assertThatThrownBy(() -> loader.load(minimal(""), List.of("evaluate=[{type: importanceWeighted, samples: 0}]")))
                    .hasMessage("--set evaluate=[{type: importanceWeighted, samples: 0}]: 'evaluate[0].samples':"
                            + " importanceWeighted.samples must be >= 1, got 0");
            assertThatThrownBy(() -> loader.load(minimal(""), List.of("model.activation=sigmoid")))
                    .hasMessageContaining("unknown activation 'sigmoid'; allowed: relu, tanh, elu, identity");
            Path noName = write("n.yaml", "model: {type: vae}\n");
            assertThatThrownBy(() -> loader.load(noName, List.of()))
                    .hasMessageStartingWith(noName + ":1:1: name must be");
        }

        @Test
        void negativeBetaIsRejectedNamingTheKeyAndTheRange() throws IOException {
            assertThatThrownBy(() -> loader.load(SHIPPED, List.of("loss.kl=-1")))
                    .isInstanceOf(DefinitionException.class)
                    .hasMessage("--set loss.kl=-1: loss.kl must be >= 0, got -1.0 (model type vae)")
                    .satisfies(e -> assertThat(((DefinitionException) e).key()).isEqualTo("loss.kl"));
        }

        @Test
        void lossWeightErrorsPointIntoTheFile() throws IOException {
            Path file = minimal("loss:\n  kl: 0.5\n  klx: 1\n");
            assertThatThrownBy(() -> loader.load(file, List.of()))
                    .hasMessage(file + ":5:3: unknown loss weight 'loss.klx'; allowed: reconstruction >= 0, kl >= 0"
                            + " (model type vae)");
            Path toy = write("t.yaml", "name: x\nmodel: {type: toy}\nloss: {alpha: 1.5}\n");
            assertThatThrownBy(() -> loader.load(toy, List.of()))
                    .hasMessage(toy + ":3:15: loss.alpha must be [0, 1], got 1.5 (model type toy)");
            assertThatThrownBy(() -> loader.load(toy, List.of("loss.alpha=null")))
                    .hasMessage("--set loss.alpha=null: 'loss.alpha': expected a number, got null");
        }

        @Test
        void unknownModelTypeListsRegisteredTypes() throws IOException {
            Path file = write("x.yaml", "name: x\nmodel:\n  type: vea\n");
            assertThatThrownBy(() -> loader.load(file, List.of()))
                    .hasMessageStartingWith(file + ":3:9: unknown model type 'vea' at 'model.type'; registered model types: ")
                    .hasMessageContaining(" toy, ")
                    .hasMessageEndingWith(", vae");
            Path untyped = write("u.yaml", "name: x\nmodel: {latentDim: 3}\n");
            assertThatThrownBy(() -> loader.load(untyped, List.of()))
                    .hasMessageStartingWith(untyped + ":2:1: missing key 'model.type'; registered model types: ")
                    .hasMessageContaining(" toy, ")
                    .hasMessageEndingWith(", vae");
        }

        @Test
        void unknownMetricAndTaskTypesListTheRegisteredOnes() throws IOException {
            Path file = minimal("evaluate:\n  - type: elbow\n");
            assertThatThrownBy(() -> loader.load(file, List.of()))
                    .hasMessageStartingWith(file + ":4:11: unknown type 'elbow' at 'evaluate[0].type'; registered metric types:")
                    .hasMessageContaining(" activeUnits, ")
                    .hasMessageContaining(" elbo, ")
                    .hasMessageContaining(" importanceWeighted");
            assertThatThrownBy(() -> loader.load(file, List.of("data.task={type: quadrant, given: 1}")))
                    .hasMessage("--set data.task={type: quadrant, given: 1}: unknown type 'quadrant' at"
                            + " 'data.task.type'; registered task types: attributes, classConditional, occlusion,"
                            + " quadrants, unconditional");
            assertThatThrownBy(() -> loader.load(minimal(""), List.of("evaluate=[{samples: 3}]")))
                    .hasMessageContaining("missing key 'evaluate[0].type'; registered metric types: activeUnits");
        }

        @Test
        void overrideSyntaxErrors() throws IOException {
            Path file = minimal("");
            assertThatThrownBy(() -> loader.load(file, List.of("train.epochs")))
                    .isInstanceOf(DefinitionException.class)
                    .hasMessageStartingWith("--set train.epochs: expected key=value");
            assertThatThrownBy(() -> loader.load(file, List.of("=3")))
                    .hasMessageStartingWith("--set =3: the key before '=' is empty");
            assertThatThrownBy(() -> loader.load(file, List.of("train..epochs=3")))
                    .hasMessageStartingWith("--set train..epochs=3: key 'train..epochs' has an empty part");
            assertThatThrownBy(() -> loader.load(file, List.of("model.hidden=[256, 256")))
                    .hasMessageStartingWith("--set model.hidden=[256, 256: the value is not a YAML flow list");
            assertThatThrownBy(() -> loader.load(file, List.of("extends=other.yaml")))
                    .hasMessageStartingWith("--set extends=other.yaml: 'extends' cannot be overridden");
            assertThatThrownBy(() -> loader.load(file, List.of("evaluate=[null]")))
                    .hasMessage("--set evaluate=[null]: 'evaluate[0]': expected a mapping with a 'type' key, got null");
        }

        @Test
        void extendsCycleIsAnErrorNamingTheFiles() throws IOException {
            Path a = write("a.yaml", "extends: b.yaml\nname: x\nmodel: {type: vae}\n");
            Path b = write("b.yaml", "train: {epochs: 1}\nextends: a.yaml\n");
            assertThatThrownBy(() -> loader.load(a, List.of()))
                    .isInstanceOf(DefinitionException.class)
                    .hasMessage(b + ":2:10: 'extends' makes a cycle: " + a.toRealPath() + " -> " + b.toRealPath()
                            + " -> " + a.toRealPath());
            Path self = write("self.yaml", "extends: [self.yaml]\n");
            assertThatThrownBy(() -> loader.load(self, List.of())).hasMessageContaining("makes a cycle");
        }

        @Test
        void missingFiles() throws IOException {
            Path missing = dir.resolve("nope.yaml");
            assertThatThrownBy(() -> loader.load(missing, List.of()))
                    .isInstanceOf(DefinitionException.class)
                    .hasMessageStartingWith(missing + ": file not found");
            Path file = minimal("extends: ../base/none.yaml\n");
            assertThatThrownBy(() -> loader.load(file, List.of()))
                    .hasMessageStartingWith(file + ":3:10: 'extends': file not found: "
                            + dir.getParent().resolve("base/none.yaml"));
            assertThatThrownBy(() -> loader.loadResolved(missing)).hasMessageContaining("file not found");
        }

        @Test
        void yamlSyntaxErrorsNameLineAndColumn() throws IOException {
            Path file = write("x.yaml", "name: x\nmodel: {type: vae\ntrain:\n  epochs: 1\n");
            assertThatThrownBy(() -> loader.load(file, List.of()))
                    .isInstanceOf(DefinitionException.class)
                    .hasMessageMatching(java.util.regex.Pattern.quote(file.toString()) + ":\\d+:\\d+: YAML syntax error: .*");
            Path dup = write("d.yaml", "name: x\nmodel: {type: vae}\nname: y\n");
            assertThatThrownBy(() -> loader.load(dup, List.of())).hasMessage(dup + ":3:1: duplicate key 'name'");
            Path list = write("l.yaml", "- name: x\n");
            assertThatThrownBy(() -> loader.load(list, List.of()))
                    .hasMessageStartingWith(list + ":1:1: expected a mapping of keys");
            Path badExtends = write("e.yaml", "extends: {a: 1}\n");
            assertThatThrownBy(() -> loader.load(badExtends, List.of()))
                    .hasMessage(badExtends + ":1:10: 'extends': expected a path or a list of paths, got a mapping");
        }
    }
}
