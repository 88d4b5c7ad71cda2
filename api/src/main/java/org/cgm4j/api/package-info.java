/**
 * The shared API of cgm4j: the model contract every plugin implements and the building blocks
 * (SameDiff layers and distributions, loss terms and objectives, the trainer, data sources,
 * metrics, plugin registration) that models and experiments are made of.
 */
package org.cgm4j.api;
