package org.cgm4j.models.cvae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.data.ClassConditionalTask;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.DataSpec;
import org.cgm4j.api.data.QuadrantsTask;
import org.cgm4j.api.data.Split;
import org.cgm4j.api.model.LossWeights;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.ModelWeights;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.nn.NetworkSpec;
import org.cgm4j.api.objective.UpdaterConfig;
import org.cgm4j.api.rng.Rng;
import org.cgm4j.api.testing.SyntheticImages;
import org.cgm4j.api.train.StepRecord;
import org.cgm4j.api.train.TrainConfig;
import org.cgm4j.api.train.Trainer;
import org.cgm4j.api.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The CVAE family with {@code model.encoder} / {@code model.decoder} of type conv on 8 x 8
 * synthetic images: which inputs each network convolves (x and y stacked as channels for the
 * recognition network, the one-hot class appended after the feature map), the weight shapes that
 * follow, the baseline network shared by name with the baseline model, learning, and the errors
 * for data a conv network cannot read.
 */
class ConvNetworksTest {
    private static final DataSource QUADRANTS = SyntheticImages.source(256, 64, 8, new QuadrantsTask(1));
    private static final DataSource CLASSES = SyntheticImages.source(128, 32, 8, new ClassConditionalTask());
    /** 8 x 8 -> 4 x 4 x 4 in the encoders; the generation network starts from 4 x 4 x 4. */
    private static final NetworkSpec CONV = NetworkSpec.conv(List.of(4), 4, 2, 1);
    private static final Map<String, Double> WEIGHTS = Map.of(CvaeModel.RECONSTRUCTION, 1.0, CvaeModel.KL, 1.0,
            CvaeModel.RECONSTRUCTION_2X, 0.0, CvaeModel.RECONSTRUCTION_4X, 0.0);

    private static ModelContext context(DataSpec spec, long seed) {
        return new ModelContext(spec, LossWeights.of(WEIGHTS, new CvaeFactory().lossWeights()),
                UpdaterConfig.adam(1e-2), seed, DataType.FLOAT);
    }

    private static CvaeConfig conv(boolean baseline) {
        return new CvaeConfig(4, List.of(16), Activation.RELU, "bernoulli", 1.0, 1, baseline, baseline ? 1 : 0,
                false, CONV, null);
    }

    private static long[] shape(Map<String, INDArray> w, String name) {
        assertThat(w).as("variables").containsKey(name);
        return w.get(name).shape();
    }

    @Test
    void theRecognitionNetworkConvolvesXAndYStackedAsChannels() {
        CvaeModel m = new CvaeModel(conv(false), context(QUADRANTS.spec(), 1));
        Map<String, INDArray> w = ModelWeights.of(m.graph());
        assertThat(shape(w, "recognition/conv0/W")).containsExactly(4, 4, 2, 4);
        assertThat(shape(w, "recognition/trunk/dense0/W")).containsExactly(4 * 4 * 4, 16);
        assertThat(shape(w, "prior/conv0/W")).containsExactly(4, 4, 1, 4);
        // generation: [x, z] -> 16 -> 4 x 4 x 4 -> 8 x 8 x 1
        assertThat(shape(w, "generation/dense0/W")).containsExactly(64 + 4, 16);
        assertThat(shape(w, "generation/dense1/W")).containsExactly(16, 4 * 4 * 4);
        assertThat(shape(w, "generation/deconv0/W")).containsExactly(4, 4, 1, 4);
        Batch b = QUADRANTS.batch(Split.TEST, new int[] {0, 1, 2}, DataType.FLOAT);
        assertThat(m.recognition(b)[0].shape()).containsExactly(3, 4);
        assertThat(m.prior(b)[1].shape()).containsExactly(3, 4);
        assertThat(m.predict(b, new Rng(2).gaussian(DataType.FLOAT, 3, 4)).shape()).containsExactly(3, 64);
    }

    @Test
    void withABaselineItsPredictionIsOneMoreGroupOfChannelsAndItsWeightsFitTheBaselineModel() {
        CvaeModel m = new CvaeModel(conv(true), context(QUADRANTS.spec(), 3));
        Map<String, INDArray> w = ModelWeights.of(m.graph());
        assertThat(shape(w, "recognition/conv0/W")).containsExactly(4, 4, 3, 4);
        assertThat(shape(w, "prior/conv0/W")).containsExactly(4, 4, 2, 4);
        BaselineModel baseline = new BaselineModel(new BaselineConfig(List.of(16), Activation.RELU, "bernoulli", 1.0,
                false, CONV, null), new ModelContext(QUADRANTS.spec(), LossWeights.of(Map.of(
                        CvaeModel.RECONSTRUCTION, 1.0, CvaeModel.RECONSTRUCTION_2X, 0.0, CvaeModel.RECONSTRUCTION_4X,
                        0.0), new BaselineFactory().lossWeights()), UpdaterConfig.adam(1e-2), 3, DataType.FLOAT));
        Map<String, INDArray> own = ModelWeights.of(baseline.graph());
        assertThat(own.keySet()).contains("baseline/conv0/W", "baseline/dense1/W", "baseline/deconv0/W");
        own.forEach((name, arr) -> assertThat(w.get(name)).as(name).isEqualTo(arr));
        Batch b = QUADRANTS.batch(Split.TEST, new int[] {0, 1}, DataType.FLOAT);
        assertThat(baseline.predict(b).shape()).containsExactly(2, 64);
    }

    @Test
    void aOneHotClassJoinsTheFeatureMapAndAPriorWithoutImagesStaysAnMlp() {
        CvaeModel m = new CvaeModel(conv(false), context(CLASSES.spec(), 1));
        Map<String, INDArray> w = ModelWeights.of(m.graph());
        int classes = CLASSES.spec().xDim();
        assertThat(shape(w, "recognition/conv0/W")).containsExactly(4, 4, 1, 4);
        assertThat(shape(w, "recognition/trunk/dense0/W")).containsExactly(4 * 4 * 4 + classes, 16);
        assertThat(w.keySet()).noneMatch(name -> name.startsWith("prior/conv"));
        assertThat(shape(w, "prior/trunk/dense0/W")).containsExactly(classes, 16);
        assertThat(shape(w, "generation/deconv0/W")).containsExactly(4, 4, 1, 4);
    }

    @Test
    void aConvCvaeLearns() {
        CvaeModel m = new CvaeModel(conv(false), context(QUADRANTS.spec(), 5));
        List<StepRecord> steps = new ArrayList<>();
        new Trainer(new TrainConfig(6, m.context().updater(), 0), 32, 3, null).fit(m, QUADRANTS,
                List.of(new TrainingListener() {
                    @Override
                    public void onStep(StepRecord r) {
                        steps.add(r);
                    }
                }), false);
        double first = meanLoss(steps, 0);
        double last = meanLoss(steps, 5);
        // 32 hidden pixels of Bernoulli bars: the first epoch's loss is near 32 log 2 = 22 nats
        assertThat(last).as("epoch 6 against epoch 1 (%s)", first).isLessThan(0.8 * first);
        assertThat(last).isPositive();
    }

    private static double meanLoss(List<StepRecord> steps, int epoch) {
        return steps.stream().filter(s -> s.epoch() == epoch).mapToDouble(s -> s.values().get("loss")).average()
                .orElseThrow();
    }

    @Test
    void convNetworksNeedImagesAndSayWhichKey() {
        // x and y flat vectors of images they are not
        DataSpec flat = new DataSpec(3, 5, 1, 8, 8, 0, 0, List.of(), List.of());
        assertThatThrownBy(() -> new CvaeModel(conv(false), context(flat, 1)))
                .hasMessageStartingWith("model.encoder: type conv needs x or y to be an image");
        CvaeConfig convDecoder = conv(false).withNetworks(NetworkSpec.mlp(), CONV);
        assertThatThrownBy(() -> new CvaeModel(convDecoder, context(flat, 1)))
                .hasMessageStartingWith("model.decoder: type conv needs y to be an image");
        // four 4 x 4 convolutions of stride 2 on 8 x 8: 8 -> 4 -> 2 -> 1, and the fourth does not fit 1 x 1
        CvaeConfig deep = conv(false).withNetworks(NetworkSpec.conv(List.of(2, 2, 2, 2), 4, 2, 1), NetworkSpec.mlp());
        assertThatThrownBy(() -> new CvaeModel(deep, context(QUADRANTS.spec(), 1)))
                .hasMessageStartingWith("model.encoder: convolution 4 ");
    }

    @Test
    void withoutNetworkChoicesTheGraphIsTheMlpOne() {
        CvaeModel plain = new CvaeModel(CvaeConfig.of(4, List.of(16)), context(QUADRANTS.spec(), 7));
        CvaeModel explicit = new CvaeModel(CvaeConfig.of(4, List.of(16)).withNetworks(NetworkSpec.mlp(), null),
                context(QUADRANTS.spec(), 7));
        Map<String, INDArray> a = ModelWeights.of(plain.graph());
        Map<String, INDArray> b = ModelWeights.of(explicit.graph());
        assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
        assertThat(a.keySet()).noneMatch(name -> name.contains("conv"));
        a.forEach((name, arr) -> assertThat(b.get(name)).as(name).isEqualTo(arr));
        assertThat(ModelWeights.of(plain.graph()).get("recognition/trunk/dense0/W").shape())
                .containsExactly(128, 16);
    }
}
