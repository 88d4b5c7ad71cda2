package org.cgm4j.experiments.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What /proc says about this machine; NaN or "unknown" where /proc is absent. */
public final class HostInfo {
    private HostInfo() {}

    /** The CPU's model name from /proc/cpuinfo. */
    public static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }

    /** The CPU flags that decide which native build is fastest (AVX2, AVX-512F, FMA). */
    public static String cpuVectorFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    StringBuilder b = new StringBuilder();
                    for (String f : line.substring(line.indexOf(':') + 1).strip().split("\\s+")) {
                        if (f.equals("avx2") || f.equals("avx512f") || f.equals("fma")) {
                            b.append(b.length() == 0 ? "" : " ").append(f);
                        }
                    }
                    return b.toString();
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }

    /** /proc/loadavg's first three fields, e.g. {@code "1.52 1.20 0.97"}. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    /** The machine: CPU model and flags, cores, memory, load, OS. */
    public static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpuModel", cpuModel());
        m.put("cpuFlags", cpuVectorFlags());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("memTotalMegabytes", memTotalKilobytes() / 1024.0);
        m.put("loadAverage", loadAverage());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")");
        return m;
    }

    private static double memTotalKilobytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
