package org.cgm4j.experiments.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** This process's memory as the operating system counts it: what a run's and a bench case's figures report. */
public final class ProcessMemory {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessMemory.class);

    private ProcessMemory() {}

    /** Peak resident set size of this process (VmHWM) in MB, or NaN where /proc is absent. */
    public static double peakRssMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            LOG.debug("no peak RSS: {}", e.toString());
        }
        return Double.NaN;
    }
}
