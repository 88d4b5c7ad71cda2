package org.cgm4j.api.plugin;

/** Two plugins claimed the same model, metric or dataset name, or the plugins could not be installed. */
public final class DuplicatePluginException extends RuntimeException {
    /** @param message names the type and both plugins */
    public DuplicatePluginException(String message) {
        super(message);
    }
}
