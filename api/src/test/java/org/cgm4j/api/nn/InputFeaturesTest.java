package org.cgm4j.api.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.ImageShape;
import org.cgm4j.api.model.ModelWeights;
import org.cgm4j.api.rng.Rng;
import org.cgm4j.api.testing.GradientCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link InputFeatures} and {@link ImageOutput}, the two ends networks are chosen by: with conv,
 * image inputs are stacked as channels (the features equal one {@link Conv2d} over the
 * concatenated pictures) and vector inputs follow the flattened feature map; the gradient of a
 * nonlinear loss of the features with respect to every input and weight equals central finite
 * differences in double precision; with mlp the inputs are joined flat and nothing is created; a
 * conv output ends at exactly the output image, and misfits name their key.
 */
class InputFeaturesTest {
    private static final ImageShape A = new ImageShape(1, 6, 4);
    private static final ImageShape B = new ImageShape(2, 6, 4);
    private static final int V = 3;
    private static final int N = 2;

    private static INDArray draw(long seed, int width) {
        return new Rng(seed).gaussian(DataType.DOUBLE, N, width);
    }

    @Test
    void convStacksImagesAsChannelsAndAppendsVectors() {
        SameDiff sd = Graphs.create();
        NetworkSpec spec = NetworkSpec.conv(List.of(3), 3, 2, 1);
        InputFeatures f = new InputFeatures(sd, "net", "model.encoder", spec,
                List.of(InputFeatures.Input.image(A), InputFeatures.Input.vector(V), InputFeatures.Input.image(B)),
                Activation.TANH, DataType.DOUBLE, new Rng(1));
        assertThat(f.stackedImages()).isEqualTo(new ImageShape(3, 6, 4));
        // 6 x 4 -> 3 x 2 with 3 channels, then the vector
        assertThat(f.width()).isEqualTo(3 * 3 * 2 + V);
        INDArray a = draw(2, A.size());
        INDArray v = draw(3, V);
        INDArray b = draw(4, B.size());
        sd.getArrForVarName("net/conv0/b").assign(new Rng(5).gaussian(DataType.DOUBLE, 1, 3).reshape(3));
        SDVariable out = f.apply(sd, sd.var("a", a.dup()), sd.var("v", v.dup()), sd.var("b", b.dup()));
        INDArray got = out.eval();
        assertThat(got.shape()).containsExactly(N, f.width());

        // the same weights on the concatenated pictures, by hand
        SameDiff ref = Graphs.create();
        Conv2d conv = new Conv2d(ref, "c", 3, 3, 3, 2, 1, DataType.DOUBLE, new Rng(9));
        ref.getArrForVarName("c/W").assign(sd.getArrForVarName("net/conv0/W"));
        ref.getArrForVarName("c/b").assign(sd.getArrForVarName("net/conv0/b"));
        INDArray pictures = Nd4j.concat(1, a.reshape(N, 1, 6, 4), b.reshape(N, 2, 6, 4));
        INDArray expected = Nd4j.concat(1, Transforms.tanh(conv.apply(ref, ref.constant(pictures)).eval())
                .reshape(N, 18), v);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < f.width(); j++) {
                assertThat(got.getDouble(i, j)).as("[%d, %d]", i, j).isCloseTo(expected.getDouble(i, j), within(1e-12));
            }
        }

        INDArray r = new Rng(6).gaussian(DataType.DOUBLE, N, f.width());
        SDVariable loss = sd.math().tanh(out).mul(sd.constant("r", r)).sum().rename("loss");
        List<String> vars = List.of("a", "v", "b", "net/conv0/W", "net/conv0/b");
        for (long seed = 11; seed < 14; seed++) {
            GradientCheck.Result result = GradientCheck.check(sd, Map.of(), loss.name(), vars, seed);
            assertThat(result.checked()).isEqualTo(vars.size());
            assertThat(result.worstRelativeError()).as(result.worstVariable()).isLessThan(1e-6);
        }
    }

    @Test
    void mlpJoinsTheInputsFlatAndCreatesNothing() {
        SameDiff sd = Graphs.create();
        InputFeatures f = new InputFeatures(sd, "net", "model.encoder", NetworkSpec.mlp(),
                List.of(InputFeatures.Input.image(A), InputFeatures.Input.vector(V)), Activation.RELU,
                DataType.DOUBLE, new Rng(1));
        assertThat(ModelWeights.of(sd)).isEmpty();
        assertThat(f.width()).isEqualTo(A.size() + V);
        INDArray a = draw(2, A.size());
        INDArray v = draw(3, V);
        assertThat(f.apply(sd, sd.constant(a), sd.constant(v)).eval()).isEqualTo(Nd4j.concat(1, a, v));
        SDVariable single = sd.constant(a);
        InputFeatures one = new InputFeatures(sd, "one", "model.encoder", NetworkSpec.mlp(),
                List.of(InputFeatures.Input.image(A)), Activation.RELU, DataType.DOUBLE, new Rng(1));
        assertThat(one.apply(sd, single)).isSameAs(single);
        // conv without any image input: the vectors are joined flat as well
        InputFeatures vectors = new InputFeatures(sd, "vec", "model.encoder", NetworkSpec.conv(List.of(4), 3, 1, 1),
                List.of(InputFeatures.Input.vector(V)), Activation.RELU, DataType.DOUBLE, new Rng(1));
        assertThat(vectors.convolutions()).isEmpty();
        assertThat(vectors.width()).isEqualTo(V);
    }

    @Test
    void convOutputEndsAtTheImageAndMisfitsNameTheirKey() {
        SameDiff sd = Graphs.create();
        ImageShape image = new ImageShape(2, 8, 4);
        ImageOutput out = new ImageOutput(sd, "gen", "model.decoder", NetworkSpec.conv(List.of(5, 3), 4, 2, 1), 7,
                List.of(6), image, Activation.RELU, DataType.DOUBLE, new Rng(1));
        Map<String, INDArray> w = ModelWeights.of(sd);
        // 8 x 4 <- 4 x 2 <- 2 x 1: the MLP ends in 5 x 2 x 1
        assertThat(w.get("gen/dense1/W").shape()).containsExactly(6, 5 * 2 * 1);
        assertThat(w.get("gen/deconv0/W").shape()).containsExactly(4, 4, 3, 5);
        assertThat(w.get("gen/deconv1/W").shape()).containsExactly(4, 4, 2, 3);
        assertThat(out.apply(sd, sd.constant(draw(2, 7))).eval().shape()).containsExactly(N, image.size());

        assertThatThrownBy(() -> new ImageOutput(Graphs.create(), "gen", "model.decoder",
                NetworkSpec.conv(List.of(4), 4, 2, 1), 7, List.of(6), new ImageShape(1, 7, 7), Activation.RELU,
                DataType.DOUBLE, new Rng(1)))
                .hasMessageStartingWith("model.decoder: 1 transposed convolutions");
        assertThatThrownBy(() -> new InputFeatures(Graphs.create(), "net", "model.encoder",
                NetworkSpec.conv(List.of(4), 3, 1, 1), List.of(InputFeatures.Input.image(A),
                        InputFeatures.Input.image(new ImageShape(1, 4, 4))), Activation.RELU, DataType.DOUBLE,
                new Rng(1)))
                .hasMessageStartingWith("model.encoder: type conv stacks the net network's images");
    }
}
