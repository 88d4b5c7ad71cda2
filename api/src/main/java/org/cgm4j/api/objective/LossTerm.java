package org.cgm4j.api.objective;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * One named scalar of an objective, to be minimised: usually the batch mean of a per-example
 * quantity (a negative log-likelihood, a KL divergence, a penalty). The name is the conventional
 * one ({@code reconstruction}, {@code kl}, {@code gsnn}, {@code realism}, ...) and is how the
 * term is weighted in YAML ({@code loss.kl}) and logged ({@code train/kl}).
 *
 * @param name the term's name
 * @param value a scalar graph variable
 */
public record LossTerm(String name, SDVariable value) {
    /** Validates the name. */
    public LossTerm {
        if (name == null || name.isBlank() || name.contains("/")) {
            throw new IllegalArgumentException("a loss term needs a plain name, got '" + name + "'");
        }
    }
}
