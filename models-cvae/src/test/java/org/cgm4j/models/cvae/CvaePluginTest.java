package org.cgm4j.models.cvae;

import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.ClassConditionalTask;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.QuadrantsTask;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.nn.NetworkSpec;
import org.cgm4j.api.testing.ModelPluginContract;
import org.cgm4j.api.testing.SyntheticImages;

/**
 * The plugin contract (YAML round trip, discovery, finite losses, save/load, seeds, and the
 * finite-difference gradient check of every update step) for the CVAE, plain and with every
 * option on, and for the baseline network; each also with convolutional networks ({@code
 * model.encoder} of type conv, the decoder its mirror), on quadrants and on one-hot classes.
 */
class CvaePluginTest extends ModelPluginContract {
    /** 8 x 8 synthetic images, one quadrant given: x and y are 64 wide, 48 pixels of y count. */
    static DataSource quadrants() {
        return SyntheticImages.source(64, 32, 8, new QuadrantsTask(1));
    }

    /** 8 x 8 -> 4 x 4 x 3 and back. */
    private static final NetworkSpec CONV = NetworkSpec.conv(List.of(3), 4, 2, 1);

    @Override
    protected List<Case> configurations() {
        return List.of(
                Case.of("PlainCvae", CvaeFactory.TYPE,
                        CvaeConfig.of(3, List.of(12)),
                        Map.of(CvaeModel.RECONSTRUCTION, 1.0, CvaeModel.KL, 1.0, CvaeModel.RECONSTRUCTION_2X, 0.0, CvaeModel.RECONSTRUCTION_4X, 0.0)).on(CvaePluginTest::quadrants),
                // Gaussian likelihood, two samples, a baseline (two stages), input noise and multi-scale terms.
                Case.of("CvaeWithEveryOption", CvaeFactory.TYPE,
                        new CvaeConfig(2, List.of(10, 8), Activation.TANH, "gaussian", 0.5, 2, true, 1, true),
                        Map.of(CvaeModel.RECONSTRUCTION, 1.0, CvaeModel.KL, 2.0, CvaeModel.RECONSTRUCTION_2X, 0.5, CvaeModel.RECONSTRUCTION_4X, 0.25)).on(CvaePluginTest::quadrants),
                // Bernoulli multi-scale terms with a baseline.
                Case.of("CvaeBernoulliMultiScale", CvaeFactory.TYPE,
                        new CvaeConfig(3, List.of(12), Activation.ELU, "bernoulli", 1.0, 1, true, 1, false),
                        Map.of(CvaeModel.RECONSTRUCTION, 1.0, CvaeModel.KL, 1.0, CvaeModel.RECONSTRUCTION_2X, 1.0, CvaeModel.RECONSTRUCTION_4X, 1.0)).on(CvaePluginTest::quadrants),
                Case.of("Baseline", BaselineFactory.TYPE,
                        new BaselineConfig(List.of(12), Activation.RELU, "bernoulli", 1.0, true),
                        Map.of(CvaeModel.RECONSTRUCTION, 1.0, CvaeModel.RECONSTRUCTION_2X, 0.5, CvaeModel.RECONSTRUCTION_4X, 0.5)).on(CvaePluginTest::quadrants),
                // Convolutional networks with every option: the baseline's prediction is a third group of channels.
                Case.of("ConvCvaeWithEveryOption", CvaeFactory.TYPE,
                        new CvaeConfig(2, List.of(10), Activation.TANH, "gaussian", 0.5, 2, true, 1, true, CONV, null),
                        Map.of(CvaeModel.RECONSTRUCTION, 1.0, CvaeModel.KL, 2.0, CvaeModel.RECONSTRUCTION_2X, 0.5, CvaeModel.RECONSTRUCTION_4X, 0.25)).on(CvaePluginTest::quadrants),
                // x the one-hot class: it joins the recognition network's feature map; the prior stays an MLP.
                // ELU, not relu, in the conv cases with a Bernoulli likelihood: with relu a dead receptive field
                // leaves a logit exactly at the transposed convolution's zero bias, on the kink of the Bernoulli
                // NLL's |l|, where a finite difference sees a slope no analytic gradient has.
                Case.of("ConvCvaeClassConditional", CvaeFactory.TYPE,
                        new CvaeConfig(3, List.of(12), Activation.ELU, "bernoulli", 1.0, 1, false, 0, false, CONV, null),
                        Map.of(CvaeModel.RECONSTRUCTION, 1.0, CvaeModel.KL, 1.0, CvaeModel.RECONSTRUCTION_2X, 0.0, CvaeModel.RECONSTRUCTION_4X, 0.0))
                        .on(() -> SyntheticImages.source(64, 32, 8, new ClassConditionalTask())),
                Case.of("ConvBaseline", BaselineFactory.TYPE,
                        new BaselineConfig(List.of(12), Activation.ELU, "bernoulli", 1.0, true, CONV, null),
                        Map.of(CvaeModel.RECONSTRUCTION, 1.0, CvaeModel.RECONSTRUCTION_2X, 0.5, CvaeModel.RECONSTRUCTION_4X, 0.5)).on(CvaePluginTest::quadrants));
    }
}
