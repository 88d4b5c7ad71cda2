package org.cgm4j.api.model;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A latent-variable model with learned editors of its latent codes, z' = G(z, y): the actors of
 * the latent constraints (Engel et al. 2018). An editor is unconditional (it moves a code towards
 * what looks real; labels are ignored) or class-conditional (it moves a code towards class y).
 * Tools that sample, edit and picture trained models work through this interface, never through a
 * model's own classes. Arrays are in the model's data type; z is {@code [n, latentDim]}.
 */
public interface LatentEditingModel extends LatentVariableModel {
    /** The editors' names, in the configured order (e.g. {@code realism}, {@code attribute}). */
    List<String> editors();

    /** Whether editor {@code name} takes a target class per row. */
    boolean classConditional(String name);

    /** The number of classes K a class-conditional editor's targets range over ({@code 0..K-1}). */
    int numClasses();

    /**
     * z' = G(z, y) of editor {@code name}, {@code [n, latentDim]}.
     *
     * @param z codes, {@code [n, latentDim]}
     * @param labels one target class per row for a class-conditional editor; ignored (may be null) otherwise
     */
    INDArray transform(String name, INDArray z, int[] labels);
}
