/**
 * The VAE / beta-VAE ({@code model.type: vae}) and the latent constraints of Engel, Hoffman and
 * Roberts (ICLR 2018; {@code model.type: latentConstraints}), which learn conditional generation
 * in the latent space of a frozen VAE with actor-critic pairs, plus the pixel-space evaluation
 * classifier ({@code model.type: classifier}) and the metrics that score the constraints.
 *
 * <ul>
 *   <li>{@link org.cgm4j.models.latentconstraints.VaeGraph} builds the VAE into any graph; {@link
 *       org.cgm4j.models.latentconstraints.VaeModel} is the VAE alone;
 *   <li>{@link org.cgm4j.models.latentconstraints.GatedActor}, {@link
 *       org.cgm4j.models.latentconstraints.Critic} (with its analytic input gradient for the
 *       WGAN-GP penalty) and {@link org.cgm4j.models.latentconstraints.ActorCriticPair} (the
 *       losses) work on latent codes only;
 *   <li>{@link org.cgm4j.models.latentconstraints.LatentConstraintsModel} trains the VAE, then the
 *       pairs, and edits codes by latent optimisation;
 *   <li>{@link org.cgm4j.models.latentconstraints.LabelVectors} says what the attribute pair is
 *       conditioned on: one-hot classes or binary attribute vectors; {@link
 *       org.cgm4j.models.latentconstraints.DistanceScale} how the distance penalty measures a move;
 *   <li>{@link org.cgm4j.models.latentconstraints.LatentConstraintsMetrics}, {@link
 *       org.cgm4j.models.latentconstraints.AttributeEdits} and {@link
 *       org.cgm4j.models.latentconstraints.EvaluationClassifier} (with the multi-label {@link
 *       org.cgm4j.models.latentconstraints.AttributeClassifierModel}) evaluate them.
 * </ul>
 */
package org.cgm4j.models.latentconstraints;
