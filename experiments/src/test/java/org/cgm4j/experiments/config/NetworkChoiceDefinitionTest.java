package org.cgm4j.experiments.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cgm4j.api.nn.NetworkSpec;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.models.latentconstraints.LatentConstraintsConfig;
import org.cgm4j.models.latentconstraints.VaeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code model.encoder} / {@code model.decoder} in definitions: absent, they leave the resolved
 * tree (what a run's hash is made of) without the keys and the networks fully connected; written,
 * they bind to {@link NetworkSpec}, also inside the latent constraints' {@code model.vae}; a wrong
 * value is one error naming the file, the key and what is allowed.
 */
class NetworkChoiceDefinitionTest {
    private final DefinitionLoader loader = new DefinitionLoader(PluginRegistry.discover());

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("d.yaml");
        Files.writeString(file, "name: d\ndata: {source: mnist-10k}\n" + yaml);
        return file;
    }

    @Test
    void absentKeysStayOutOfTheResolvedTreeAndMeanFullyConnectedNetworks() throws Exception {
        ResolvedDefinition r = loader.load(Path.of("definitions/vae/mnist-10k.yaml"), List.of());
        assertThat(r.tree().path("model").has("encoder")).isFalse();
        assertThat(r.tree().path("model").has("decoder")).isFalse();
        VaeConfig vae = (VaeConfig) r.definition().model();
        assertThat(vae.encoder()).isNull();
        assertThat(vae.architecture().encoder()).isEqualTo(NetworkSpec.mlp());
        assertThat(vae.architecture().decoder()).isEqualTo(NetworkSpec.mlp());
    }

    @Test
    void writtenNetworksBindForTheVaeAndInsideTheLatentConstraints() throws Exception {
        ResolvedDefinition r = loader.load(write("model: {type: vae, encoder: {type: conv, channels: [8, 16],"
                + " kernel: 4, stride: 2, padding: 1}, decoder: {type: mlp}}\n"), List.of());
        VaeConfig vae = (VaeConfig) r.definition().model();
        assertThat(vae.architecture().encoder()).isEqualTo(NetworkSpec.conv(List.of(8, 16), 4, 2, 1));
        assertThat(vae.architecture().decoder()).isEqualTo(NetworkSpec.mlp());

        ResolvedDefinition sub = loader.load(Path.of("definitions/vae/fashion-mnist-conv-subpixel.yaml"), List.of());
        assertThat(((VaeConfig) sub.definition().model()).architecture().decoder())
                .isEqualTo(NetworkSpec.conv(List.of(64, 32), 4, 2, 1).withUpsample(NetworkSpec.SUBPIXEL));
        assertThat(((VaeConfig) loader.load(Path.of("definitions/vae/fashion-mnist-conv.yaml"), List.of())
                .definition().model()).architecture().decoder().isSubpixel()).isFalse();

        ResolvedDefinition lc = loader.load(write("model: {type: latentConstraints}\n"),
                List.of("model.vae.encoder={type: conv, channels: [4], kernel: 4, stride: 2, padding: 1}"));
        VaeConfig inner = ((LatentConstraintsConfig) lc.definition().model()).vae();
        assertThat(inner.architecture().decoder()).isEqualTo(NetworkSpec.conv(List.of(4), 4, 2, 1));
    }

    @Test
    void wrongValuesNameTheFileTheKeyAndTheAllowedValues() throws Exception {
        Path noChannels = write("model:\n  type: vae\n  encoder: {type: conv, kernel: 4, stride: 2, padding: 1}\n");
        assertThatThrownBy(() -> loader.load(noChannels, List.of()))
                .isInstanceOf(DefinitionException.class)
                .hasMessageStartingWith(noChannels.toString() + ":")
                .hasMessageContaining("'model.encoder.channels'")
                .hasMessageContaining("channels must be a non-empty list");
        Path badType = write("model:\n  type: vae\n  decoder: {type: resnet}\n");
        assertThatThrownBy(() -> loader.load(badType, List.of()))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("model.decoder.type")
                .hasMessageContaining("type must be mlp or conv, got 'resnet'");
        Path badUpsample = write("model:\n  type: vae\n  decoder: {type: conv, channels: [8], kernel: 4, stride: 2,"
                + " padding: 1, upsample: bilinear}\n");
        assertThatThrownBy(() -> loader.load(badUpsample, List.of()))
                .isInstanceOf(DefinitionException.class)
                .hasMessageStartingWith(badUpsample.toString() + ":")
                .hasMessageContaining("model.decoder")
                .hasMessageContaining("upsample must be transposed or subpixel, got 'bilinear'");
        Path unknown = write("model:\n  type: vae\n  encoder: {type: conv, channels: [8], kernel: 4, stride: 2,"
                + " padding: 1, dilation: 2}\n");
        assertThatThrownBy(() -> loader.load(unknown, List.of()))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("dilation");
    }
}
