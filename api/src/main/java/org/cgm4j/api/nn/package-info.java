/**
 * SameDiff building blocks: dense layers and MLPs with reproducible initialisation, diagonal
 * Gaussians (reparameterised sampling, closed-form KL, log-density) and likelihoods. Every loss
 * quantity is built from basic ops; shapes are stated on each method.
 */
package org.cgm4j.api.nn;
