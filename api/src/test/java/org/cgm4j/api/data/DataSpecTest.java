package org.cgm4j.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataSpecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSpecWrittenBeforeChannelsExistedReadsAsGrey() throws Exception {
        DataSpec old = JSON.readValue("{\"xDim\":0,\"yDim\":784,\"rows\":28,\"cols\":28,\"numClasses\":10}",
                DataSpec.class);
        assertThat(old).isEqualTo(new DataSpec(0, 784, 28, 28, 10));
        assertThat(old.channels()).isEqualTo(1);
        assertThat(old.shape()).isEqualTo(ImageShape.grey(28, 28));
        assertThat(old.classNames()).isEmpty();
    }

    @Test
    void colourShapesAndNamesSurviveJson() throws Exception {
        DataSpec rgb = new DataSpec(192, 192, 3, 8, 8, 2, 0, List.of("cat", "dog"), List.of());
        assertThat(JSON.readValue(JSON.writeValueAsString(rgb), DataSpec.class)).isEqualTo(rgb);
        assertThat(rgb.pixelsPerImage()).isEqualTo(192);
        assertThat(rgb.shape()).isEqualTo(new ImageShape(3, 8, 8));
    }

    @Test
    void namesMustFitTheirCounts() {
        assertThatThrownBy(() -> new DataSpec(0, 4, 1, 2, 2, 3, 0, List.of("a"), List.of()))
                .hasMessageContaining("1 class names for 3 classes");
        assertThatThrownBy(() -> new DataSpec(0, 4, 1, 2, 2, 0, 2, List.of(), List.of("a")))
                .hasMessageContaining("1 attribute names for 2 attributes");
    }
}
