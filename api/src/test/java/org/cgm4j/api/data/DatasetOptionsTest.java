package org.cgm4j.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetOptionsTest {
    @Test
    void unknownKeysAreNamedWithTheAllowedOnes() {
        DatasetOptions o = new DatasetOptions("pets", Map.of("size", 3, "colour", "rgb"));
        assertThatThrownBy(() -> o.allowOnly(List.of("size", "grey")))
                .hasMessage("data.options.colour: unknown option of dataset 'pets'; allowed: grey, size");
        assertThatThrownBy(() -> new DatasetOptions("mnist", Map.of("x", 1)).allowOnly(List.of()))
                .hasMessage("data.options.x: unknown option of dataset 'mnist'; it takes no options");
        assertThat(new DatasetOptions("mnist", null).allowOnly(List.of()).has("x")).isFalse();
    }

    @Test
    void valuesOfTheWrongKindNameKeyValueAndWhatIsAllowed() {
        DatasetOptions o = new DatasetOptions("pets",
                Map.of("size", 3, "mode", "cmyk", "grey", "yes", "big", 900, "list", List.of(1)));
        assertThat(o.integer("size", 1, 1, 10)).isEqualTo(3);
        assertThat(o.integer("absent", 7, 1, 10)).isEqualTo(7);
        assertThatThrownBy(() -> o.integer("big", 1, 1, 10))
                .hasMessage("data.options.big: expected an integer in [1, 10], got 900 (dataset 'pets')");
        assertThatThrownBy(() -> o.choice("mode", "rgb", List.of("rgb", "grey")))
                .hasMessage("data.options.mode: expected one of rgb, grey, got 'cmyk' (dataset 'pets')");
        assertThatThrownBy(() -> o.bool("grey", false))
                .hasMessage("data.options.grey: expected true or false, got 'yes' (dataset 'pets')");
        assertThatThrownBy(() -> o.string("list", null)).hasMessageContaining("got a list");
        assertThat(o.path("absent")).isNull();
    }
}
