/**
 * SameDiff building blocks: dense layers, MLPs, 2-D convolutions and transposed convolutions with
 * reproducible initialisation, the two ends every network is chosen by ({@link
 * org.cgm4j.api.nn.InputFeatures}: images stacked as channels through convolutions or inputs joined
 * flat; {@link org.cgm4j.api.nn.ImageOutput}: fully connected layers, then transposed convolutions
 * or not), the VAE's encoder/decoder pair (fully connected or convolutional),
 * diagonal Gaussians (reparameterised sampling, closed-form KL, log-density) and likelihoods.
 * Every loss quantity is built from basic ops; shapes are stated on each method.
 */
package org.cgm4j.api.nn;
