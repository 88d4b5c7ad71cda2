package org.cgm4j.experiments.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.data.DatasetSplits;
import org.cgm4j.api.data.LabeledImages;
import org.cgm4j.api.model.ConditionalGenerativeModel;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.api.rng.Rng;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.config.ExperimentDefinition;
import org.cgm4j.experiments.config.ResolvedDefinition;
import org.cgm4j.experiments.run.ExperimentRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bench model built the way a run builds it: its bench definition (a class-path resource)
 * resolved by the {@link DefinitionLoader} over the discovered plugins, the data from {@link
 * DatasetRegistry#defaults()} (or random binary images of MNIST's shape when asked, or when the
 * dataset cannot be loaded), the model from the plugin registry.
 *
 * @param resolved the resolved bench definition
 * @param data the data source
 * @param model the freshly initialised model
 * @param dataOrigin where the data came from: the dataset's origin, or {@code synthetic}
 * @param layers the dense layers of one training step ({@link LayerShapes})
 */
public record BenchModel(ResolvedDefinition resolved, DataSource data, ConditionalGenerativeModel model,
        String dataOrigin, List<LayerShapes.Layer> layers) {
    private static final Logger LOG = LoggerFactory.getLogger(BenchModel.class);
    /** Images per split of the synthetic fallback. */
    static final int SYNTHETIC_TRAIN = 2000;
    static final int SYNTHETIC_TEST = 2000;

    /** Builds {@code workload}'s model, with definition overrides {@code a.b=c} applied last. */
    public static BenchModel build(Workload workload, BenchSettings settings, List<String> overrides) {
        PluginRegistry registry = PluginRegistry.discover();
        List<String> all = new ArrayList<>(overrides);
        all.add("seed=" + settings.seed());
        ResolvedDefinition resolved = new DefinitionLoader(registry).load(definitionFile(workload), all);
        ExperimentDefinition def = resolved.definition();
        DataSource data = null;
        if (!settings.synthetic()) {
            try {
                data = DataSource.create(def.data(), DatasetRegistry.defaults());
            } catch (RuntimeException e) {
                LOG.warn("cannot load {} ({}); training on random binary images instead", def.data().source(),
                        e.toString());
            }
        }
        if (data == null) {
            DatasetSplits images = new DatasetSplits("synthetic", synthetic(SYNTHETIC_TRAIN, settings.seed(), "train"),
                    synthetic(SYNTHETIC_TEST, settings.seed(), "test"), Map.of(), "synthetic");
            data = DataSource.create(def.data(), images);
        }
        ConditionalGenerativeModel model = registry.create(resolved.modelType(), def.model(), ExperimentRunner.modelContext(resolved,
                data.spec()));
        JsonNode m = resolved.tree().path("model");
        List<Integer> hidden = new ArrayList<>();
        m.path("hidden").forEach(h -> hidden.add(h.asInt()));
        List<LayerShapes.Layer> layers = LayerShapes.of(workload, data.spec().xDim(), data.spec().yDim(), hidden,
                m.path("latentDim").asInt());
        return new BenchModel(resolved, data, model, data.splits().origin(), layers);
    }

    /** Random binary 28 x 28 images with labels 0..9. */
    static LabeledImages synthetic(int count, long seed, String split) {
        return LabeledImages.randomBinary(count, 28, 28, 0.2, Rng.derive(seed, "bench/synthetic/" + split));
    }

    /** The bench definition of {@code workload} copied to a temporary file (the loader reads files). */
    static Path definitionFile(Workload workload) {
        String resource = workload.definitionResource();
        if (resource == null) {
            throw new IllegalArgumentException("bench case '" + workload.id() + "' has no model definition");
        }
        try (InputStream in = BenchModel.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing class-path resource " + resource);
            }
            Path file = Files.createTempFile("cgm4j-bench-" + workload.id(), ".yaml");
            file.toFile().deleteOnExit();
            Files.write(file, in.readAllBytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
