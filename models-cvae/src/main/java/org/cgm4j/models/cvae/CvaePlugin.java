package org.cgm4j.models.cvae;

import org.cgm4j.api.plugin.ModelPlugin;

/** Registers the models of this module: the CVAE ({@code cvae}) and the baseline network ({@code baseline}). */
public final class CvaePlugin extends ModelPlugin {
    @Override
    protected void register() {
        registerModel(new CvaeFactory());
        registerModel(new BaselineFactory());
    }
}
