package org.cgm4j.api.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.ImageShape;
import org.cgm4j.api.model.ModelWeights;
import org.cgm4j.api.rng.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link NetworkSpec} checks each key of a conv network, and {@link EncoderDecoder} builds
 * convolutional networks that fit the image (or says which key does not), while an architecture
 * without a network choice builds exactly the fully connected networks it built before.
 */
class ConvEncoderDecoderTest {
    private static VaeArchitecture arch(NetworkSpec encoder, NetworkSpec decoder) {
        return new VaeArchitecture(3, List.of(16), Activation.RELU, "bernoulli", 1.0, encoder, decoder);
    }

    @Test
    void networkSpecNamesTheKeyAndTheAllowedValues() {
        assertThatThrownBy(() -> new NetworkSpec("cnn", null, null, null, null))
                .hasMessage("type must be mlp or conv, got 'cnn'");
        assertThatThrownBy(() -> new NetworkSpec("mlp", List.of(3), null, null, null))
                .hasMessageStartingWith("type mlp takes no channels");
        assertThatThrownBy(() -> new NetworkSpec("conv", List.of(), 4, 2, 1)).hasMessageStartingWith("channels must");
        assertThatThrownBy(() -> new NetworkSpec("conv", List.of(8), null, 2, 1)).hasMessageStartingWith("kernel must");
        assertThatThrownBy(() -> new NetworkSpec("conv", List.of(8), 4, 0, 1)).hasMessageStartingWith("stride must");
        assertThatThrownBy(() -> new NetworkSpec("conv", List.of(8), 4, 2, 4)).hasMessageStartingWith("padding must");
        assertThat(NetworkSpec.conv(List.of(8, 16), 4, 2, 1).mirrored())
                .isEqualTo(NetworkSpec.conv(List.of(16, 8), 4, 2, 1));
        VaeArchitecture absent = new VaeArchitecture(3, List.of(16), Activation.RELU, "bernoulli", 1.0);
        assertThat(absent.encoder()).isEqualTo(NetworkSpec.mlp());
        assertThat(absent.decoder()).isEqualTo(NetworkSpec.mlp());
        assertThat(arch(NetworkSpec.conv(List.of(8, 16), 4, 2, 1), null).decoder())
                .isEqualTo(NetworkSpec.conv(List.of(16, 8), 4, 2, 1));
    }

    @Test
    void convNetworksMapImagesToCodesAndBack() {
        SameDiff sd = Graphs.create();
        ImageShape image = new ImageShape(2, 12, 8);
        EncoderDecoder nets = new EncoderDecoder(sd, arch(NetworkSpec.conv(List.of(4, 5), 4, 2, 1), null), image,
                DataType.FLOAT, new Rng(1));
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, image.size());
        SDVariable z = sd.placeHolder("z", DataType.FLOAT, -1, 3);
        DiagonalGaussian q = nets.encode(sd, x);
        sd.identity("mean", q.mean());
        sd.identity("decoded", nets.decode(sd, z));
        INDArray xs = new Rng(2).gaussian(DataType.FLOAT, 5, image.size());
        INDArray zs = new Rng(3).gaussian(DataType.FLOAT, 5, 3);
        Map<String, INDArray> out = sd.output(Map.of("x", xs, "z", zs), "mean", "decoded");
        assertThat(out.get("mean").shape()).containsExactly(5, 3);
        assertThat(out.get("decoded").shape()).containsExactly(5, image.size());
        Map<String, INDArray> w = ModelWeights.of(sd);
        // 12 x 8 -> 6 x 4 -> 3 x 2 in the encoder; the decoder starts from 5 x 3 x 2
        assertThat(w.get("encoder/conv0/W").shape()).containsExactly(4, 4, 2, 4);
        assertThat(w.get("encoder/conv1/W").shape()).containsExactly(4, 4, 4, 5);
        assertThat(w.get("encoder/trunk/dense0/W").shape()).containsExactly(5 * 3 * 2, 16);
        assertThat(w.get("decoder/dense1/W").shape()).containsExactly(16, 5 * 3 * 2);
        assertThat(w.get("decoder/deconv0/W").shape()).containsExactly(4, 4, 4, 5);
        assertThat(w.get("decoder/deconv1/W").shape()).containsExactly(4, 4, 2, 4);
        assertThat(nets.encoderConvolutions()).hasSize(2);
        assertThat(nets.decoderConvolutions()).hasSize(2);
    }

    @Test
    void withoutANetworkChoiceTheWeightsAreThoseOfTheFullyConnectedNetworks() {
        VaeArchitecture plain = new VaeArchitecture(3, List.of(16, 8), Activation.TANH, "bernoulli", 1.0);
        SameDiff a = Graphs.create();
        new EncoderDecoder(a, plain, 20, DataType.FLOAT, new Rng(4));
        SameDiff b = Graphs.create();
        new EncoderDecoder(b, plain, new ImageShape(1, 4, 5), DataType.FLOAT, new Rng(4));
        Map<String, INDArray> wa = ModelWeights.of(a);
        Map<String, INDArray> wb = ModelWeights.of(b);
        assertThat(wb.keySet()).containsExactlyElementsOf(wa.keySet());
        wa.forEach((name, arr) -> assertThat(wb.get(name)).as(name).isEqualTo(arr));
    }

    @Test
    void networksThatDoNotFitTheImageNameTheirKey() {
        ImageShape image = new ImageShape(1, 7, 7);
        // 7 -> 3 with kernel 4, stride 2, padding 1, but (3 - 1) 2 - 2 + 4 = 6, not 7
        assertThatThrownBy(() -> new EncoderDecoder(Graphs.create(),
                arch(NetworkSpec.conv(List.of(4), 4, 2, 1), null), image, DataType.FLOAT, new Rng(1)))
                .hasMessageStartingWith("model.decoder (by default the mirror of model.encoder): ")
                .hasMessageContaining("7 x 7");
        assertThatThrownBy(() -> new EncoderDecoder(Graphs.create(),
                arch(NetworkSpec.conv(List.of(4, 4, 4, 4), 4, 2, 1), NetworkSpec.mlp()), image, DataType.FLOAT,
                new Rng(1)))
                .hasMessageStartingWith("model.encoder: convolution 3 ");
        assertThatThrownBy(() -> new EncoderDecoder(Graphs.create(),
                arch(NetworkSpec.conv(List.of(4), 3, 1, 1), null), 49, DataType.FLOAT, new Rng(1)))
                .hasMessageContaining("type conv needs images");
    }

    @Test
    void upsampleChoosesTheDecodersLayerAndNamesItsAllowedValues() {
        assertThatThrownBy(() -> new NetworkSpec("conv", List.of(8), 4, 2, 1, "bilinear"))
                .hasMessage("upsample must be transposed or subpixel, got 'bilinear'");
        assertThatThrownBy(() -> new NetworkSpec("conv", List.of(8), 3, 2, 1, "subpixel"))
                .hasMessageStartingWith("upsample subpixel needs kernel - 2 * padding = stride");
        assertThatThrownBy(() -> new NetworkSpec("mlp", null, null, null, null, "subpixel"))
                .hasMessageStartingWith("type mlp takes no channels, kernel, stride, padding or upsample");
        NetworkSpec sub = NetworkSpec.conv(List.of(5, 4), 4, 2, 1).withUpsample(NetworkSpec.SUBPIXEL);
        assertThatThrownBy(() -> new EncoderDecoder(Graphs.create(), arch(sub, null), new ImageShape(2, 12, 8),
                DataType.FLOAT, new Rng(1)))
                .hasMessageStartingWith("model.encoder: upsample chooses a conv decoder's upsampling layer");
        assertThat(NetworkSpec.conv(List.of(8), 4, 2, 1).withUpsample(NetworkSpec.TRANSPOSED).isSubpixel()).isFalse();

        // The sub-pixel decoder: the same shapes in and out, 3 x 3 convolutions to 4 times the channels.
        SameDiff sd = Graphs.create();
        ImageShape image = new ImageShape(2, 12, 8);
        EncoderDecoder nets = new EncoderDecoder(sd, arch(NetworkSpec.conv(List.of(4, 5), 4, 2, 1), sub), image,
                DataType.FLOAT, new Rng(1));
        SDVariable z = sd.placeHolder("z", DataType.FLOAT, -1, 3);
        sd.identity("decoded", nets.decode(sd, z));
        INDArray decoded = sd.output(Map.of("z", new Rng(3).gaussian(DataType.FLOAT, 5, 3)), "decoded").get("decoded");
        assertThat(decoded.shape()).containsExactly(5, image.size());
        Map<String, INDArray> w = ModelWeights.of(sd);
        assertThat(w.get("decoder/deconv0/W").shape()).containsExactly(3, 3, 5, 4 * 4);
        assertThat(w.get("decoder/deconv1/W").shape()).containsExactly(3, 3, 4, 2 * 4);
        assertThat(nets.decoderConvolutions()).hasSize(2).allMatch(l -> l instanceof SubpixelConv2d);
    }

    @Test
    void aConvDecodersEvaluationCallsKeepItsLargestBufferUnder64Megabytes() {
        ImageShape image = ImageShape.grey(28, 28);
        NetworkSpec encoder = NetworkSpec.conv(List.of(32, 64), 4, 2, 1);
        VaeArchitecture mlp = new VaeArchitecture(32, List.of(500, 500), Activation.RELU, "bernoulli", 1.0);
        VaeArchitecture transposed = new VaeArchitecture(32, List.of(256), Activation.RELU, "bernoulli", 1.0,
                encoder, null);
        VaeArchitecture subpixel = new VaeArchitecture(32, List.of(256), Activation.RELU, "bernoulli", 1.0,
                encoder, encoder.mirrored().withUpsample(NetworkSpec.SUBPIXEL));
        assertThat(new EncoderDecoder(Graphs.create(), mlp, image, DataType.FLOAT, new Rng(1)).decoderRowsPerCall())
                .isEqualTo(EncoderDecoder.MAX_ROWS_PER_CALL);
        // deconv0's column buffer: 32 channels x 4 x 4 x 7 x 7 floats per row
        assertThat(new EncoderDecoder(Graphs.create(), transposed, image, DataType.FLOAT, new Rng(1))
                .decoderRowsPerCall()).isEqualTo((int) ((64L << 20) / (32 * 16 * 49 * 4)));
        // in double, half as many
        assertThat(new EncoderDecoder(Graphs.create(), transposed, image, DataType.DOUBLE, new Rng(1))
                .decoderRowsPerCall()).isEqualTo((int) ((64L << 20) / (32 * 16 * 49 * 8)));
        // the second sub-pixel layer's im2col buffer: 32 channels x 3 x 3 x 14 x 14 floats per row
        assertThat(new EncoderDecoder(Graphs.create(), subpixel, image, DataType.FLOAT, new Rng(1))
                .decoderRowsPerCall()).isEqualTo((int) ((64L << 20) / (32 * 9 * 196 * 4)));
    }
}
