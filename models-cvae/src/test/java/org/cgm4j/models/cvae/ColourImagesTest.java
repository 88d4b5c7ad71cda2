package org.cgm4j.models.cvae;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.ImageShape;
import org.cgm4j.api.data.QuadrantsTask;
import org.cgm4j.api.data.Split;
import org.cgm4j.api.eval.ConditionalLogLikelihood;
import org.cgm4j.api.eval.EvalContext;
import org.cgm4j.api.model.LossWeights;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.nn.Bernoulli;
import org.cgm4j.api.nn.FixedSigmaGaussian;
import org.cgm4j.api.nn.Likelihood;
import org.cgm4j.api.objective.UpdaterConfig;
import org.cgm4j.api.rng.Rng;
import org.cgm4j.api.testing.GradientCheck;
import org.cgm4j.api.testing.SyntheticImages;
import org.cgm4j.api.train.StepRecord;
import org.cgm4j.api.train.TrainConfig;
import org.cgm4j.api.train.Trainer;
import org.cgm4j.api.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The CVAE family on C x H x W images: channel-wise pooling, input noise, training and the CLL on 3 x 8 x 8. */
class ColourImagesTest {
    private static final ImageShape RGB = new ImageShape(3, 4, 4);

    @Test
    void poolingAveragesEachWindowOfEachChannel() {
        SameDiff sd = SameDiff.create();
        double[] img = new double[2 * 16];
        for (int i = 0; i < img.length; i++) {
            img[i] = i; // channel 0 holds 0..15 row-major, channel 1 holds 16..31
        }
        INDArray in = Nd4j.create(img, new long[] {1, 32}, DataType.DOUBLE);
        INDArray two = MultiScale.pool(sd, sd.constant(in), new ImageShape(2, 4, 4), 2).eval();
        assertThat(two.toDoubleVector()).containsExactly(2.5, 4.5, 10.5, 12.5, 18.5, 20.5, 26.5, 28.5);
        INDArray four = MultiScale.pool(sd, sd.constant(in), new ImageShape(2, 4, 4), 4).eval();
        assertThat(four.toDoubleVector()).containsExactly(7.5, 23.5);
        assertThat(MultiScale.fits(RGB, 48, 2)).isTrue();
        assertThat(MultiScale.fits(RGB, 16, 2)).as("y is not the whole image").isFalse();
        assertThat(MultiScale.fits(new ImageShape(3, 6, 6), 108, 4)).isFalse();
    }

    @Test
    void theChannelWisePooledTermsHaveTheRightGradients() {
        for (Likelihood likelihood : List.of(new Bernoulli(), new FixedSigmaGaussian(0.7))) {
            for (int factor : new int[] {2, 4}) {
                SameDiff sd = SameDiff.create();
                Rng rng = new Rng(4);
                // [2, 3 * 4 * 4]: network outputs, targets in [0, 1], a mask with some zeros
                SDVariable params = sd.var("params", rng.gaussian(DataType.DOUBLE, 2, RGB.size()));
                INDArray target = Nd4j.rand(DataType.DOUBLE, 2, RGB.size());
                INDArray mask = Nd4j.ones(DataType.DOUBLE, 2, RGB.size());
                for (int j = 0; j < RGB.size(); j += 5) {
                    mask.putScalar(0, j, 0.0);
                }
                SDVariable ll = MultiScale.logLikelihood(sd, likelihood, params, sd.constant(target),
                        sd.constant(mask), RGB, factor);
                ll.neg().mean().rename("loss");
                GradientCheck.Result r = GradientCheck.check(sd, Map.of(), "loss", List.of("params"), 7);
                assertThat(r.worstRelativeError()).as("%s, factor %d: %s", likelihood.name(), factor, r.worstVariable())
                        .isLessThan(1e-6);
            }
        }
    }

    @Test
    void inputNoiseHidesTheSameBlockInEveryChannelWithTheDrawsOfAGreyImage() {
        ImageShape shape = new ImageShape(3, 10, 10);
        double[] colour = InputNoise.masks(new Rng(2), 50, shape, DataType.DOUBLE).data().asDouble();
        double[] grey = InputNoise.masks(new Rng(2), 50, 10, 10, DataType.DOUBLE).data().asDouble();
        int blocked = 0;
        for (int i = 0; i < 50; i++) {
            for (int p = 0; p < 100; p++) {
                double g = grey[i * 100 + p];
                blocked += g == 0 ? 1 : 0;
                for (int ch = 0; ch < 3; ch++) {
                    assertThat(colour[i * 300 + ch * 100 + p]).as("image %d, channel %d, pixel %d", i, ch, p)
                            .isEqualTo(g);
                }
            }
        }
        assertThat(blocked).as("some blocks were drawn").isPositive();
    }

    @Test
    void aQuadrantCvaeLearnsColourImagesWithPooledTermsAndInputNoiseAndItsCllRuns() {
        DataSource data = SyntheticImages.rgbSource(256, 64, 8, new QuadrantsTask(1));
        assertThat(data.spec().shape()).isEqualTo(new ImageShape(3, 8, 8));
        assertThat(data.spec().yDim()).isEqualTo(192);
        CvaeConfig config = new CvaeConfig(4, List.of(32), Activation.RELU, "bernoulli", 1.0, 1, false, 0, true);
        Map<String, Double> weights = Map.of(CvaeModel.RECONSTRUCTION, 1.0, CvaeModel.KL, 1.0,
                CvaeModel.RECONSTRUCTION_2X, 1.0, CvaeModel.RECONSTRUCTION_4X, 0.0);
        CvaeModel m = new CvaeModel(config, new ModelContext(data.spec(),
                LossWeights.of(weights, new CvaeFactory().lossWeights()), UpdaterConfig.adam(1e-2), 1, DataType.FLOAT));
        EvalContext test = new EvalContext(m, data, Split.TEST, 64, 9);
        double before = new ConditionalLogLikelihood("importance", 10).compute(test).get("negativeCll_importance");
        List<Double> losses = new ArrayList<>();
        new Trainer(new TrainConfig(10, m.context().updater(), 0), 32, 3, null).fit(m, data,
                List.of(new TrainingListener() {
                    @Override
                    public void onStep(StepRecord r) {
                        losses.addAll(r.values().values());
                    }
                }), false);
        assertThat(losses).isNotEmpty().allMatch(Double::isFinite);
        double after = new ConditionalLogLikelihood("importance", 10).compute(test).get("negativeCll_importance");
        assertThat(after).isFinite().isLessThan(0.8 * before);
    }
}
