package org.cgm4j.models.gsnn;

import org.cgm4j.api.plugin.ModelPlugin;

/** Registers the models of this module: the GSNN ({@code gsnn}) and the hybrid objective ({@code hybrid}). */
public final class GsnnPlugin extends ModelPlugin {
    @Override
    protected void register() {
        registerModel(new GsnnFactory());
        registerModel(new HybridFactory());
    }
}
