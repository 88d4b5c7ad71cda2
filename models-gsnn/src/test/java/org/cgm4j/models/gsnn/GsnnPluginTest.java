package org.cgm4j.models.gsnn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.QuadrantsTask;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.nn.NetworkSpec;
import org.cgm4j.api.testing.ModelPluginContract;
import org.cgm4j.api.testing.SyntheticImages;
import org.cgm4j.models.cvae.CvaeConfig;
import org.cgm4j.models.cvae.CvaeModel;

/**
 * The plugin contract (YAML round trip, discovery, finite losses, save/load, seeds, and the
 * finite-difference gradient check of every update step) for the GSNN and the hybrid, plain and
 * with every option on, and with convolutional networks.
 */
class GsnnPluginTest extends ModelPluginContract {
    static DataSource quadrants() {
        return SyntheticImages.source(64, 32, 8, new QuadrantsTask(1));
    }

    static Map<String, Double> gsnnWeights(double w, double w2, double w4) {
        return Map.of(GsnnModel.GSNN, w, GsnnModel.GSNN_2X, w2, GsnnModel.GSNN_4X, w4);
    }

    static Map<String, Double> hybridWeights(double alpha, double multiScale) {
        Map<String, Double> m = new LinkedHashMap<>(gsnnWeights(1.0, multiScale, multiScale));
        m.put(HybridModel.ALPHA, alpha);
        m.put(CvaeModel.RECONSTRUCTION, 1.0);
        m.put(CvaeModel.KL, 1.0);
        m.put(CvaeModel.RECONSTRUCTION_2X, multiScale);
        m.put(CvaeModel.RECONSTRUCTION_4X, multiScale);
        return m;
    }

    @Override
    protected List<Case> configurations() {
        return List.of(
                Case.of("PlainGsnn", GsnnFactory.TYPE,
                        CvaeConfig.of(3, List.of(12)),
                        gsnnWeights(1.0, 0.0, 0.0)).on(GsnnPluginTest::quadrants),
                // Gaussian likelihood, two samples, a baseline (two stages), input noise and multi-scale terms.
                Case.of("GsnnWithEveryOption", GsnnFactory.TYPE,
                        new CvaeConfig(2, List.of(10, 8), Activation.TANH, "gaussian", 0.5, 2, true, 1, true),
                        gsnnWeights(1.0, 0.5, 0.25)).on(GsnnPluginTest::quadrants),
                Case.of("PlainHybrid", HybridFactory.TYPE,
                        CvaeConfig.of(3, List.of(12)),
                        hybridWeights(0.5, 0.0)).on(GsnnPluginTest::quadrants),
                // Bernoulli multi-scale terms in both parts, a baseline, input noise and two samples.
                Case.of("HybridWithEveryOption", HybridFactory.TYPE,
                        new CvaeConfig(3, List.of(12), Activation.ELU, "bernoulli", 1.0, 2, true, 1, true),
                        hybridWeights(0.3, 0.5)).on(GsnnPluginTest::quadrants),
                Case.of("ConvGsnnWithABaseline", GsnnFactory.TYPE,
                        new CvaeConfig(3, List.of(12), Activation.ELU, "bernoulli", 1.0, 1, true, 1, false,
                                NetworkSpec.conv(List.of(3), 4, 2, 1), null),
                        gsnnWeights(1.0, 0.5, 0.0)).on(GsnnPluginTest::quadrants),
                // conv encoders, MLP generation network; ELU, not relu, in the conv cases: with relu a convolution
                // over a black patch gives exactly its zero bias, on relu's kink, where a finite difference sees a
                // slope no analytic gradient has
                Case.of("ConvHybrid", HybridFactory.TYPE,
                        new CvaeConfig(3, List.of(12), Activation.ELU, "bernoulli", 1.0, 1, false, 0, false,
                                NetworkSpec.conv(List.of(2, 3), 3, 2, 1), NetworkSpec.mlp()),
                        hybridWeights(0.5, 0.0)).on(GsnnPluginTest::quadrants));
    }
}
