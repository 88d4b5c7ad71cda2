/**
 * The model contract: configs, factories, the model interfaces every plugin implements, loss
 * weights, and saving and loading weights.
 */
package org.cgm4j.api.model;
