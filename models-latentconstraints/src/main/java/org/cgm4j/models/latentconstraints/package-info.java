/**
 * The VAE / beta-VAE base model, on which the latent constraints of Engel, Hoffman and Roberts
 * (ICLR 2018) learn conditional generation in latent space.
 */
package org.cgm4j.models.latentconstraints;
