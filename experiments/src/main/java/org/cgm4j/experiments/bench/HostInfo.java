package org.cgm4j.experiments.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What /proc says about this machine; NaN or "unknown" where /proc is absent. */
public final class HostInfo {
    private HostInfo() {}

    /** The lines of /proc/cpuinfo; none where it cannot be read. */
    static List<String> cpuinfo() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The CPU's model name from the lines of /proc/cpuinfo ({@link #cpuinfo()}), or "unknown". */
    static String cpuModel(List<String> cpuinfo) {
        for (String line : cpuinfo) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        return "unknown";
    }

    /**
     * The CPU flags that decide which native build is fastest (AVX2, AVX-512F, FMA), from the lines
     * of /proc/cpuinfo ({@link #cpuinfo()}), or "unknown" without a flags line.
     */
    static String cpuVectorFlags(List<String> cpuinfo) {
        for (String line : cpuinfo) {
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
        List<String> cpuinfo = cpuinfo();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpuModel", cpuModel(cpuinfo));
        m.put("cpuFlags", cpuVectorFlags(cpuinfo));
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
