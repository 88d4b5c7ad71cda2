package org.cgm4j.models.latentconstraints;

import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.AttributesTask;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.DatasetSplits;
import org.cgm4j.api.data.PixelAttributes;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.objective.UpdaterConfig;
import org.cgm4j.api.testing.ModelPluginContract;
import org.cgm4j.api.testing.SyntheticImages;

/**
 * The plugin contract for the latent constraints: YAML round trip, discovery, finite losses,
 * save/load, determinism, and the double-precision finite-difference check of each of its three
 * update steps (VAE, critics with the analytic gradient penalty, actors with the distance penalty),
 * on class labels with the reference's distance penalty and on binary attribute vectors with the
 * standardised one (the averaged form is the reference's graph with another sigma_bar fed).
 */
class LatentConstraintsPluginTest extends ModelPluginContract {
    /** A tiny config with both pairs. */
    static LatentConstraintsConfig tiny() {
        return tiny(null);
    }

    /** A tiny config with both pairs and the given distance penalty (null: the reference's). */
    static LatentConstraintsConfig tiny(DistanceScale scale) {
        UpdaterConfig adam = new UpdaterConfig(UpdaterConfig.ADAM, 1e-3, 0.0, 0.9, 1e-8);
        return new LatentConstraintsConfig(1, new VaeConfig(3, List.of(12), Activation.RELU, "gaussian", 0.1),
                List.of(LatentConstraintsModel.REALISM, LatentConstraintsModel.ATTRIBUTE),
                new NetworkConfig(List.of(8, 6), adam), new NetworkConfig(List.of(7, 5), adam), Activation.RELU, 3,
                2, 0.25, 0.0, scale);
    }

    /**
     * Synthetic 8 x 8 images labelled by their {@link PixelAttributes} under the {@code attributes}
     * task: the attribute pair conditioned on binary attribute vectors.
     */
    static DataSource attributeData() {
        DatasetSplits classes = new DatasetSplits("synthetic", SyntheticImages.generate(64, 8, 4, 11),
                SyntheticImages.generate(32, 8, 4, 12), Map.of(), "generated");
        DatasetSplits split = PixelAttributes.label(classes, "synthetic-attributes", "generated");
        return DataSource.of("synthetic-attributes", split.train(), split.test(), new AttributesTask());
    }

    /** Loss weights with every term switched on. */
    static Map<String, Double> weights() {
        return Map.of(VaeGraph.RECONSTRUCTION, 1.0, VaeGraph.KL, 1.0, LatentConstraintsModel.REALISM, 1.0,
                LatentConstraintsModel.ATTRIBUTE, 0.7, LatentConstraintsModel.DISTANCE, 0.1,
                LatentConstraintsModel.GRADIENT_PENALTY, 10.0);
    }

    @Override
    protected List<Case> configurations() {
        return List.of(Case.of("latentconstraints", LatentConstraintsFactory.TYPE, tiny(), weights()),
                Case.of("attribute vectors, standardised distance", LatentConstraintsFactory.TYPE,
                        tiny(DistanceScale.STANDARDISED), weights()).on(LatentConstraintsPluginTest::attributeData));
    }
}
