package org.cgm4j.experiments.report;

/** Report-specific set-up; atomic writes are {@link org.cgm4j.api.io.AtomicFiles}. */
final class Headless {
    private Headless() {}

    /** AWT must not look for a display; set before any AWT class initialises. */
    static void ensure() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
