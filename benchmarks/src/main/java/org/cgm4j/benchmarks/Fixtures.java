package org.cgm4j.benchmarks;

import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.LabeledImages;
import org.cgm4j.api.data.QuadrantsTask;
import org.cgm4j.api.model.LossWeights;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.objective.UpdaterConfig;
import org.cgm4j.api.rng.Rng;
import org.cgm4j.models.cvae.CvaeConfig;
import org.cgm4j.models.cvae.CvaeFactory;
import org.cgm4j.models.cvae.CvaeModel;
import org.nd4j.linalg.api.buffer.DataType;

/** The models and data the benchmarks share: the bench's reference CVAE on 28 x 28 quadrant data. */
final class Fixtures {
    /** The reference sizes: 500-500 MLPs, z 200, batch 100. */
    static final int LATENT = 200;
    static final List<Integer> HIDDEN = List.of(500, 500);
    static final int BATCH = 100;

    private Fixtures() {}

    /** A layer shape parameter {@code "nIn:nOut"} as {@code {nIn, nOut}}. */
    static int[] layerShape(String shape) {
        String[] p = shape.split(":");
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
    }

    /** Random binary 28 x 28 images (the cost does not depend on the pixels), 1 quadrant given. */
    static DataSource quadrants(int train, int test) {
        return DataSource.of("synthetic", images(train, "train"), images(test, "test"), new QuadrantsTask(1));
    }

    /** The reference CVAE (Bernoulli, one sample, Adam 1e-3) for {@code data}. */
    static CvaeModel cvae(DataSource data) {
        Map<String, Double> weights = Map.of(CvaeModel.RECONSTRUCTION, 1.0, CvaeModel.KL, 1.0,
                CvaeModel.RECONSTRUCTION_2X, 0.0, CvaeModel.RECONSTRUCTION_4X, 0.0);
        ModelContext context = new ModelContext(data.spec(), LossWeights.of(weights, new CvaeFactory().lossWeights()),
                UpdaterConfig.adam(1e-3), 1, DataType.FLOAT);
        return new CvaeModel(CvaeConfig.of(LATENT, HIDDEN), context);
    }

    private static LabeledImages images(int count, String split) {
        return LabeledImages.randomBinary(count, 28, 28, 0.2, Rng.derive(1, "benchmarks/" + split));
    }
}
