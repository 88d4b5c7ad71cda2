package org.cgm4j.models.latentconstraints;

import org.cgm4j.api.plugin.ModelPlugin;

/** Registers the models of this module: the VAE / beta-VAE ({@code vae}). */
public final class LatentConstraintsPlugin extends ModelPlugin {
    @Override
    protected void register() {
        registerModel(new VaeFactory());
    }
}
