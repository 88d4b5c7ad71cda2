package org.cgm4j.models.iwae;

import org.cgm4j.api.plugin.ModelPlugin;

/** Registers the IWAE ({@code iwae}). */
public final class IwaePlugin extends ModelPlugin {
    @Override
    protected void register() {
        registerModel(new IwaeFactory());
    }
}
