package org.cgm4j.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxProviderTest {
    @TempDir
    Path dir;

    private final IdxProvider idx = new IdxProvider();
    private final DatasetContext context = new DatasetContext(Path.of("unused-cache"), Map.of());

    private byte[] write(String name, int[] dims, byte[] data) throws Exception {
        byte[] payload = TestData.idx(dims, data);
        Files.write(dir.resolve(name), name.endsWith(".gz") ? TestData.gzip(payload) : payload);
        return payload;
    }

    private static byte[] counting(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7);
        }
        return b;
    }

    private DatasetSplits load(Map<String, Object> options) {
        return idx.load(new DatasetRequest(IdxProvider.NAME, dir, options), context);
    }

    @Test
    void fourDimensionalColourImagesWithClassesLoadWithTheHashesOfWhatWasRead() throws Exception {
        byte[] trainImages = write("train-images.idx", new int[] {5, 3, 4, 2}, counting(5 * 24));
        byte[] trainLabels = write("train-labels.idx.gz", new int[] {5}, new byte[] {0, 1, 2, 1, 0});
        byte[] testImages = write("t10k-images.idx", new int[] {2, 3, 4, 2}, counting(2 * 24));
        byte[] testLabels = write("t10k-labels.idx", new int[] {2}, new byte[] {2, 2});
        DatasetSplits splits = load(Map.of());
        assertThat(splits.shape()).isEqualTo(new ImageShape(3, 4, 2));
        assertThat(splits.labelKind()).isEqualTo(LabelKind.CLASS);
        assertThat(splits.numClasses()).isEqualTo(3);
        assertThat(splits.train().count()).isEqualTo(5);
        assertThat(splits.train().pixels()).isEqualTo(counting(5 * 24));
        assertThat(splits.test().labels()).containsExactly(2, 2);
        assertThat(splits.sha256()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "train-images.idx", TestData.sha256(trainImages),
                "train-labels.idx.gz", TestData.sha256(trainLabels),
                "t10k-images.idx", TestData.sha256(testImages),
                "t10k-labels.idx", TestData.sha256(testLabels)));
        assertThat(splits.origin()).isEqualTo(dir.toString());
    }

    @Test
    void greyImagesWithoutLabelFilesAreUnlabelledAndTwoDimensionalLabelsAreAttributes() throws Exception {
        write("train-images-idx3-ubyte", new int[] {4, 2, 2}, counting(16));
        write("test-images-idx3-ubyte", new int[] {1, 2, 2}, counting(4));
        DatasetSplits plain = load(Map.of());
        assertThat(plain.shape()).isEqualTo(ImageShape.grey(2, 2));
        assertThat(plain.labelKind()).isEqualTo(LabelKind.NONE);

        write("attrs-train", new int[] {4, 3}, new byte[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1});
        write("attrs-test", new int[] {1, 3}, new byte[] {0, 1, 1});
        DatasetSplits attributes = load(Map.of("trainLabels", "attrs-train", "testLabels", "attrs-test"));
        assertThat(attributes.labelKind()).isEqualTo(LabelKind.ATTRIBUTES);
        assertThat(attributes.train().attributeNames()).containsExactly("a0", "a1", "a2");
        assertThat(attributes.train().attribute(2, 2)).isEqualTo(1);
        assertThat(attributes.sha256()).containsKeys("attrs-train", "attrs-test", "train-images-idx3-ubyte");
    }

    @Test
    void badFilesAreNamed() throws Exception {
        write("train-images", new int[] {4, 2, 2}, counting(16));
        write("test-images", new int[] {1, 2, 2}, counting(4));
        write("train-labels", new int[] {3}, new byte[3]);
        write("test-labels", new int[] {1}, new byte[1]);
        assertThatThrownBy(() -> load(Map.of()))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(dir.resolve("train-labels").toString())
                .hasMessageContaining("[4]").hasMessageContaining("got [3]");

        write("train-labels", new int[] {4, 2}, new byte[] {0, 1, 1, 1, 0, 2, 0, 0});
        write("test-labels", new int[] {1, 2}, new byte[] {0, 1});
        assertThatThrownBy(() -> load(Map.of()))
                .hasMessageStartingWith(dir.resolve("train-labels").toString())
                .hasMessageContaining("0 or 1, got 2 at image 2, attribute 1");

        Files.delete(dir.resolve("test-labels"));
        assertThatThrownBy(() -> load(Map.of()))
                .hasMessageStartingWith(dir.resolve("train-labels").toString())
                .hasMessageContaining("labels for one split only");
        Files.delete(dir.resolve("train-labels"));

        write("test-images", new int[] {1, 3, 2}, counting(6));
        assertThatThrownBy(() -> load(Map.of()))
                .hasMessageStartingWith(dir.resolve("test-images").toString())
                .hasMessageContaining("1 x 3 x 2").hasMessageContaining("1 x 2 x 2");

        write("test-images", new int[] {6, 4}, counting(24));
        assertThatThrownBy(() -> load(Map.of()))
                .hasMessageStartingWith(dir.resolve("test-images").toString())
                .hasMessageContaining("3 dimensions").hasMessageContaining("got [6, 4]");

        Files.write(dir.resolve("test-images"), new byte[] {0, 0, 8, 3, 0, 0, 0, 1});
        assertThatThrownBy(() -> load(Map.of()))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(dir.resolve("test-images").toString());

        write("test-images-2", new int[] {1, 2, 2}, counting(4));
        assertThatThrownBy(() -> load(Map.of()))
                .hasMessageContaining("several files could be the testImages (test-images, test-images-2)")
                .hasMessageContaining("data.options.testImages");
        assertThatThrownBy(() -> load(Map.of("testImages", "nothing-here")))
                .hasMessageStartingWith(dir.resolve("nothing-here").toString())
                .hasMessageContaining("data.options.testImages");
        Files.delete(dir.resolve("train-images"));
        assertThatThrownBy(() -> load(Map.of("testImages", "test-images-2")))
                .hasMessageStartingWith(dir.toString()).hasMessageContaining("no train-images* file");
    }

    @Test
    void theDirectoryIsRequiredAndOptionsAreChecked() {
        assertThatThrownBy(() -> idx.validate(new DatasetRequest(IdxProvider.NAME, null, Map.of())))
                .hasMessageStartingWith("data.dir: dataset 'idx'");
        assertThatThrownBy(() -> idx.validate(new DatasetRequest(IdxProvider.NAME, dir, Map.of("labels", "x"))))
                .hasMessageStartingWith("data.options.labels: unknown option")
                .hasMessageContaining("testImages, testLabels, trainImages, trainLabels");
        assertThatThrownBy(() -> idx.validate(new DatasetRequest(IdxProvider.NAME, dir,
                        Map.of("trainImages", "../elsewhere/train"))))
                .hasMessageStartingWith("data.options.trainImages: expected a file name inside data.dir");
        assertThatThrownBy(() -> load(Map.of()))
                .as("an empty directory").hasMessageContaining("no train-images* file");
        assertThatThrownBy(() -> idx.load(new DatasetRequest(IdxProvider.NAME, dir.resolve("absent"), Map.of()),
                        context))
                .hasMessageContaining(dir.resolve("absent") + " is not a directory");
    }

    @Test
    void theRegistryLoadsItByName() throws Exception {
        write("train-images", new int[] {2, 2, 2}, counting(8));
        write("test-images", new int[] {1, 2, 2}, counting(4));
        DatasetRegistry registry = new DatasetRegistry(dir.resolve("cache"));
        assertThat(registry.names()).contains(IdxProvider.NAME, DatasetRegistry.MNIST_10K);
        DatasetSplits splits = registry.load(IdxProvider.NAME, dir);
        assertThat(splits.name()).isEqualTo("idx");
        assertThat(registry.load(IdxProvider.NAME, dir)).as("kept per request").isSameAs(splits);
    }
}
