package org.cgm4j.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The imageFolder provider through the dataset registry, as a run loads it. */
class ImageFolderProviderTest {
    @TempDir
    Path tmp;

    private final DatasetRegistry registry = new DatasetRegistry(
            CoreDatasetsPlugin.providers(MnistFormatProvider.all()), Path.of("unused-cache"), Map.of());

    private static Map<String, Object> options(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void loadsClassFoldersAsLabeledImagesOfTheDeclaredShape() throws IOException {
        Path dir = tmp.resolve("shapes");
        for (String c : List.of("round", "square")) {
            for (int k = 0; k < 3; k++) {
                Path p = dir.resolve(c).resolve(k + ".png");
                Files.createDirectories(p.getParent());
                ImageIO.write(ImageFolderReaderTest.rgb(5, 6, c.length() * 10, k, 3), "png", p.toFile());
            }
        }
        DatasetRequest request = new DatasetRequest(ImageFolderProvider.NAME, dir,
                options("size", List.of(3, 5, 6), "split", Map.of("by", "fraction", "test", 0.34, "seed", 4)));
        DatasetSplits splits = registry.load(request);

        assertThat(splits.name()).isEqualTo("imageFolder");
        assertThat(splits.shape()).isEqualTo(new ImageShape(3, 5, 6));
        assertThat(splits.labelKind()).isEqualTo(LabelKind.CLASS);
        assertThat(splits.train().classNames()).containsExactly("round", "square");
        assertThat(splits.train().count()).isEqualTo(4);
        assertThat(splits.test().count()).isEqualTo(2);
        assertThat(splits.test().labels()).containsExactlyInAnyOrder(0, 1);
        assertThat(splits.sha256()).containsOnlyKeys("images");
        assertThat(splits.origin()).startsWith("imageFolder " + dir + ": 6 images of 3x5x6 (4 train, 2 test)");
        // Red of a "square" image (6 letters) at column 2 is 60 + 2.
        int i = splits.train().labels()[0] == 1 ? 0 : splits.train().count() - 1;
        assertThat(splits.train().labels()[i]).isEqualTo(1);
        assertThat(splits.train().pixels()[i * 90 + 2] & 0xff).isEqualTo(62);
    }

    @Test
    void attributeLabelsBecomeAttributeVectors() throws IOException {
        Path dir = tmp.resolve("faces");
        Files.createDirectories(dir);
        for (String f : List.of("a.png", "b.png", "c.png")) {
            ImageIO.write(ImageFolderReaderTest.grey(2, 2, 5), "png", dir.resolve(f).toFile());
        }
        Files.writeString(dir.resolve("attrs.csv"), "file,Smiling,Glasses,split\na.png,1,-1,train\nb.png,-1,1,train\n"
                + "c.png,1,1,test\n");
        DatasetSplits splits = registry.load(new DatasetRequest(ImageFolderProvider.NAME, dir,
                options("size", List.of(1, 2, 2), "labels", "attrs.csv", "split", Map.of("by", "column", "column",
                        "split"))));
        assertThat(splits.labelKind()).isEqualTo(LabelKind.ATTRIBUTES);
        assertThat(splits.train().attributeNames()).containsExactly("Smiling", "Glasses");
        assertThat(splits.test().count()).isEqualTo(1);
        assertThat(splits.test().attribute(0, 0)).isEqualTo(1);
        assertThat(splits.test().attribute(0, 1)).isEqualTo(1);
        assertThat(splits.train().attribute(1, 0)).isEqualTo(0);
    }

    @Test
    void validationNamesTheKey() {
        ImageFolderProvider provider = new ImageFolderProvider();
        assertThatThrownBy(() -> provider.validate(new DatasetRequest("imageFolder", null,
                        options("size", List.of(3, 8, 8), "split", Map.of("by", "folders")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data.dir must name the folder holding the images (dataset 'imageFolder')");
        assertThatThrownBy(() -> provider.validate(new DatasetRequest("imageFolder", tmp,
                        options("size", List.of(3, 8, 8), "split", Map.of("by", "folders"), "filter", "area"))))
                .hasMessageStartingWith("data.options.filter: unknown option of dataset 'imageFolder'; allowed:");
        assertThatThrownBy(() -> provider.validate(new DatasetRequest("imageFolder", tmp, options(
                        "size", List.of(3, 8, 8), "split", Map.of("by", "folders"), "resize", Map.of("filter",
                                "cubic")))))
                .hasMessage("data.options.resize.filter must be one of bilinear, nearest, area, got 'cubic'");
        assertThat(provider.shape()).isEmpty();
        assertThat(provider.labelKind()).isEmpty();
    }
}
