package org.cgm4j.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.ImageFolderOptions.Resize;
import org.cgm4j.api.data.ImageFolderOptions.SplitSpec;
import org.junit.jupiter.api.Test;

/** One-line messages naming data.options.<key> and what it allows. */
class ImageFolderOptionsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path DIR = Path.of("faces");

    @SuppressWarnings("unchecked")
    private static ImageFolderOptions parse(String yaml) throws Exception {
        return ImageFolderOptions.parse(DIR, YAML.readValue(yaml, Map.class));
    }

    @Test
    void parsesTheOptionsBlockAsYamlGivesIt() throws Exception {
        ImageFolderOptions o = parse("{size: [3, 12, 12], resize: {filter: area}, labels: attrs.csv,"
                + " split: {by: fraction, test: 0.2}}");
        assertThat(o).isEqualTo(new ImageFolderOptions(
                DIR, List.of(3, 12, 12), new Resize("area"), "attrs.csv", null, SplitSpec.byFraction(0.2, 0)));
        assertThat(o.labelsFile()).isEqualTo(DIR.resolve("attrs.csv"));
        assertThat(List.of(o.channels(), o.height(), o.width())).containsExactly(3, 12, 12);
        ImageFolderOptions d = parse("{size: [1, 8, 8], classes: [b, a], split: {by: partition, file: p.txt}}");
        assertThat(d.labelsFromFolders()).isTrue();
        assertThat(d.labelsFile()).isNull();
        assertThat(d.classes()).containsExactly("b", "a");
        assertThat(d.split()).isEqualTo(SplitSpec.byPartition(Path.of("p.txt")));
        assertThat(parse("{size: [1, 8, 8], split: {by: fraction, test: 0.5, seed: 7}}").split())
                .isEqualTo(SplitSpec.byFraction(0.5, 7));
    }

    @Test
    void parseErrorsNameTheKey() {
        assertThatThrownBy(() -> parse("{size: [1, 8, 8], split: {by: folders}, folder: x}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data.options.folder: unknown option of dataset 'imageFolder'; allowed: classes, labels,"
                        + " resize, size, split");
        assertThatThrownBy(() -> parse("{size: [1, 8, 8], split: {by: folders, ratio: 2}}"))
                .hasMessage("data.options.split.ratio: unknown option of dataset 'imageFolder'; allowed under"
                        + " data.options.split: by, column, file, seed, test");
        assertThatThrownBy(() -> parse("{size: 8, split: {by: folders}}"))
                .hasMessage("data.options.size: expected [channels, height, width], e.g. [3, 32, 32], got 8");
        assertThatThrownBy(() -> parse("{size: [3, 8, 8], split: folders}"))
                .hasMessage("data.options.split: expected a mapping of by, test, seed, column, file, got 'folders'");
        assertThatThrownBy(() -> parse("{size: [3, 8, 8], split: {by: fraction, test: lots}}"))
                .hasMessage("data.options.split.test: expected a fraction in (0, 1), got 'lots'");
        assertThatThrownBy(() -> parse("{size: [3, 8, 8], resize: {filter: 3}, split: {by: folders}}"))
                .hasMessage("data.options.resize.filter: expected a string, got 3");
        assertThatThrownBy(() -> parse("{size: [3, 8, 8], split: {by: folders}, labels: [a]}"))
                .hasMessage("data.options.labels: expected a string, got [a]");
    }

    @Test
    void messagesNameTheKeyAndTheAllowedValues() {
        SplitSpec split = SplitSpec.byFolders();
        assertThatThrownBy(() -> new ImageFolderOptions(null, List.of(1, 2, 2), null, null, null, split))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data.dir must name the folder holding the images");
        assertThatThrownBy(() -> new ImageFolderOptions(DIR, List.of(2, 8, 8), null, null, null, split))
                .hasMessage("data.options.size must be [channels, height, width] with channels 1 (grey) or 3 (RGB)"
                        + " and positive height and width, got [2, 8, 8]");
        assertThatThrownBy(() -> new ImageFolderOptions(DIR, List.of(3, 8), null, null, null, split))
                .hasMessageStartingWith("data.options.size must be [channels, height, width]");
        assertThatThrownBy(() -> new Resize("bicubic"))
                .hasMessage("data.options.resize.filter must be one of bilinear, nearest, area, got 'bicubic'");
        assertThatThrownBy(() -> new ImageFolderOptions(DIR, List.of(3, 8, 8), null, null, null, null))
                .hasMessageStartingWith("data.options.split must be set: {by: folders}");
        assertThatThrownBy(() -> new SplitSpec("random", null, null, null, null))
                .hasMessageStartingWith("data.options.split.by must be folders, fraction, column or partition, got"
                        + " 'random'");
        assertThatThrownBy(() -> SplitSpec.byFraction(1.0, 0))
                .hasMessage("data.options.split.test must be a fraction in (0, 1) with by: fraction, got 1.0");
        assertThatThrownBy(() -> new SplitSpec("folders", 0.2, null, null, null))
                .hasMessage("data.options.split.test and seed belong to by: fraction, not by: folders");
        assertThatThrownBy(() -> new SplitSpec("column", null, null, null, null))
                .hasMessage("data.options.split.column must name the labels CSV column with by: column");
        assertThatThrownBy(() -> new SplitSpec("partition", null, null, null, null))
                .hasMessage("data.options.split.file must name the partition file with by: partition");
        assertThatThrownBy(() -> new ImageFolderOptions(DIR, List.of(3, 8, 8), null, "folders", null,
                        SplitSpec.byColumn("part")))
                .hasMessage("data.options.split {by: column} needs a labels CSV in data.options.labels, got folders");
        assertThatThrownBy(() -> new ImageFolderOptions(DIR, List.of(3, 8, 8), null, "none", List.of("a"), split))
                .hasMessage("data.options.classes needs class labels; data.options.labels is none");
        assertThatThrownBy(() -> new ImageFolderOptions(DIR, List.of(3, 8, 8), null, null, List.of("a", "a"), split))
                .hasMessage("data.options.classes must not repeat a name, got [a, a]");
    }
}
