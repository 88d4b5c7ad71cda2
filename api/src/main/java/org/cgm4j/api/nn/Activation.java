package org.cgm4j.api.nn;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Hidden-layer nonlinearities of {@link Mlp}, named as in YAML ({@code activation: relu}). */
public enum Activation {
    RELU,
    TANH,
    ELU,
    IDENTITY;

    /** Applies the nonlinearity element-wise. */
    public SDVariable apply(SameDiff sd, SDVariable in) {
        return switch (this) {
            case RELU -> sd.nn().relu(in, 0);
            case TANH -> sd.math().tanh(in);
            case ELU -> sd.nn().elu(in);
            case IDENTITY -> in;
        };
    }

    /** The YAML name. */
    @JsonValue
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a YAML name; the error lists the allowed names. */
    @JsonCreator
    public static Activation of(String name) {
        for (Activation a : values()) {
            if (a.yamlName().equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "'; allowed: "
                + Arrays.stream(values()).map(Activation::yamlName).collect(Collectors.joining(", ")));
    }
}
