package org.cgm4j.models.latentconstraints;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.LinkedHashSet;
import java.util.List;
import org.cgm4j.api.model.ModelConfig;
import org.cgm4j.api.nn.Activation;

/**
 * The latent constraints ({@code model.type: latentConstraints}): a VAE trained first, then
 * actor-critic pairs in its frozen latent space. Loss weights ({@code reconstruction}, {@code kl},
 * {@code realism}, {@code attribute}, {@code distance}, {@code gradientPenalty}) live under {@code
 * loss:}.
 *
 * @param vaeEpochs epochs of stage 0 (the VAE); the pairs train for the rest of {@code train.epochs}
 * @param vae the VAE, as {@code model.type: vae} takes it (without its {@code type} key)
 * @param pairs which pairs: {@value LatentConstraintsModel#REALISM} (unconditional) and/or {@value
 *     LatentConstraintsModel#ATTRIBUTE} (conditional on the class, or on the binary attribute vector
 *     of data under {@code data.task: {type: attributes}})
 * @param actor hidden widths and optimiser of the actors
 * @param critic hidden widths and optimiser of the critics
 * @param activation hidden nonlinearity of actors and critics
 * @param labelEmbedding width of the learned label embeddings of conditional actors and critics
 * @param criticSteps critic updates per actor update
 * @param rawPriorFraction the probability that a fake row of the critic batch is a raw prior
 *     sample rather than the actor's output
 * @param gateBias the initial bias of the actors' gate logits (0: gates start half open)
 * @param distanceScale how the distance penalty scales a latent move by sigma_bar_z ({@link
 *     DistanceScale}); absent (null): {@code perDimension}, the reference's, and the record reads
 *     back as the definition was written
 * @param encodedFraction the probability that a row of the actors' batch starts from a real
 *     training code (a q(z|x) sample) asked for its own attributes with one flipped (for a class:
 *     another class), rather than from a prior draw asked for random attributes: the input an edit
 *     of a real image gives the actor; absent (null): 0, the reference's prior draws only
 */
public record LatentConstraintsConfig(
        @JsonPropertyDescription("epochs of stage 0, the VAE, >= 1; the actor-critic pairs train for the rest of"
                + " train.epochs") int vaeEpochs,
        @JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
                @JsonPropertyDescription(
                        "the VAE: latentDim, hidden, activation, likelihood, sigmaX (as model.type vae)")
                VaeConfig vae,
        @JsonPropertyDescription("actor-critic pairs: realism (unconditional) and/or attribute (class-conditional)")
                List<String> pairs,
        @JsonPropertyDescription("the actors: hidden widths and optimiser") NetworkConfig actor,
        @JsonPropertyDescription("the critics: hidden widths and optimiser") NetworkConfig critic,
        @JsonPropertyDescription("hidden nonlinearity of actors and critics: relu, tanh, elu or identity")
                Activation activation,
        @JsonPropertyDescription("width of the learned label embedding, >= 1") int labelEmbedding,
        @JsonPropertyDescription("critic updates per actor update, >= 1 (10 in the reference)") int criticSteps,
        @JsonPropertyDescription("fraction of the critic's fake rows that are raw prior samples, in [0, 1]")
                double rawPriorFraction,
        @JsonPropertyDescription("initial bias of the actors' gate logits") double gateBias,
        @JsonPropertyDescription("how the distance penalty scales a move by sigma_bar_z: perDimension (the"
                + " reference's log(1 + dz^2) / sigma_bar_j^2, the default), averaged (sigma_bar averaged over"
                + " the dimensions) or standardised (log(1 + (dz / sigma_bar_j)^2))")
                DistanceScale distanceScale,
        @JsonPropertyDescription("fraction of the actors' rows that start from a real training code asked to"
                + " change one attribute (an edit's input) instead of a prior draw, in [0, 1]; absent: 0")
                Double encodedFraction)
        implements ModelConfig {
    /** Validates; messages name the YAML key and the allowed values. */
    public LatentConstraintsConfig {
        if (vaeEpochs < 1) {
            throw new IllegalArgumentException("model.vaeEpochs must be >= 1, got " + vaeEpochs);
        }
        if (vae == null) {
            throw new IllegalArgumentException("model.vae is missing");
        }
        List<String> allowed = List.of(LatentConstraintsModel.REALISM, LatentConstraintsModel.ATTRIBUTE);
        if (pairs == null || pairs.isEmpty() || !allowed.containsAll(pairs)
                || new LinkedHashSet<>(pairs).size() != pairs.size()) {
            throw new IllegalArgumentException("model.pairs must list distinct pairs out of " + allowed + ", got "
                    + pairs);
        }
        pairs = List.copyOf(pairs);
        if (actor == null || actor.hidden().isEmpty()) {
            throw new IllegalArgumentException("model.actor needs at least one hidden layer");
        }
        if (critic == null) {
            throw new IllegalArgumentException("model.critic is missing");
        }
        if (activation == null) {
            throw new IllegalArgumentException("model.activation is missing; allowed: relu, tanh, elu, identity");
        }
        if (labelEmbedding < 1) {
            throw new IllegalArgumentException("model.labelEmbedding must be >= 1, got " + labelEmbedding);
        }
        if (criticSteps < 1) {
            throw new IllegalArgumentException("model.criticSteps must be >= 1, got " + criticSteps);
        }
        if (!(rawPriorFraction >= 0 && rawPriorFraction <= 1)) {
            throw new IllegalArgumentException("model.rawPriorFraction must be in [0, 1], got " + rawPriorFraction);
        }
        if (!Double.isFinite(gateBias)) {
            throw new IllegalArgumentException("model.gateBias must be finite, got " + gateBias);
        }
        if (encodedFraction != null && !(encodedFraction >= 0 && encodedFraction <= 1)) {
            throw new IllegalArgumentException("model.encodedFraction must be in [0, 1], got " + encodedFraction);
        }
    }

    /** The reference's distance penalty ({@code distanceScale} absent). */
    public LatentConstraintsConfig(int vaeEpochs, VaeConfig vae, List<String> pairs, NetworkConfig actor,
            NetworkConfig critic, Activation activation, int labelEmbedding, int criticSteps, double rawPriorFraction,
            double gateBias) {
        this(vaeEpochs, vae, pairs, actor, critic, activation, labelEmbedding, criticSteps, rawPriorFraction, gateBias,
                null, null);
    }

    /** The actors' inputs from prior draws only ({@code encodedFraction} absent). */
    public LatentConstraintsConfig(int vaeEpochs, VaeConfig vae, List<String> pairs, NetworkConfig actor,
            NetworkConfig critic, Activation activation, int labelEmbedding, int criticSteps, double rawPriorFraction,
            double gateBias, DistanceScale distanceScale) {
        this(vaeEpochs, vae, pairs, actor, critic, activation, labelEmbedding, criticSteps, rawPriorFraction, gateBias,
                distanceScale, null);
    }

    /** {@code encodedFraction}, or 0 when absent. */
    public double encoded() {
        return encodedFraction == null ? 0 : encodedFraction;
    }

    /** The distance penalty's form: {@code distanceScale}, or {@code perDimension} when absent. */
    public DistanceScale distance() {
        return distanceScale == null ? DistanceScale.PER_DIMENSION : distanceScale;
    }
}
