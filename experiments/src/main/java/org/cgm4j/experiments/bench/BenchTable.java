package org.cgm4j.experiments.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The derived figures of a bench run (speed-ups, fraction of the GEMM rate) and its readable
 * table. Works on the JSON-ready maps the cases produce, so a bench file can be re-read and
 * printed the same way.
 */
public final class BenchTable {
    private BenchTable() {}

    /** A number of a result map, NaN when missing. */
    static double num(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** The median of {@code key} over the maps that have it, NaN when none has. */
    public static double medianOf(List<Map<String, Object>> maps, String key) {
        double[] v = maps.stream().mapToDouble(m -> num(m, key)).filter(Double::isFinite).toArray();
        return v.length == 0 ? Double.NaN : Stats.of(v).median();
    }

    /** The GEMM rates of a gemm case by product. */
    @SuppressWarnings("unchecked")
    public static Map<LayerShapes.Gemm, Double> gemmRates(Map<String, Object> gemmCase) {
        Map<LayerShapes.Gemm, Double> rates = new LinkedHashMap<>();
        Object list = gemmCase.get("gemm");
        if (list instanceof List<?> l) {
            for (Object o : l) {
                Map<String, Object> g = (Map<String, Object>) o;
                LayerShapes.Gemm key = new LayerShapes.Gemm(LayerShapes.Op.valueOf((String) g.get("op")),
                        ((Number) g.get("m")).intValue(), ((Number) g.get("k")).intValue(),
                        ((Number) g.get("n")).intValue(), (Boolean) g.get("transposeA"),
                        (Boolean) g.get("transposeB"));
                rates.put(key, ((Number) g.get("gflops")).doubleValue());
            }
        }
        return rates;
    }

    /**
     * Adds to every training case measured beside a gemm case of its environment the effective
     * GEMM rate of its layer mix ({@code gemmEffectiveGflops}) and the fraction of it that training
     * achieved ({@code fractionOfGemm}); returns the speed-ups between environments.
     */
    public static Map<String, Object> comparisons(List<Map<String, Object>> results) {
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        results.forEach(r -> byName.put((String) r.get("name"), r));
        for (Map<String, Object> r : results) {
            Workload w = Workload.of((String) r.get("workload"));
            Map<String, Object> gemm = byName.get(Workload.GEMM.id() + "@" + r.get("environmentName"));
            if (!w.countsFlops() || gemm == null || r.containsKey("error") || gemm.containsKey("error")) {
                continue;
            }
            int batch = (int) num(r, "batchSize");
            double rate = GemmBench.effectiveRate(LayerShapes.trainingGemms(LayerShapes.reference(w), batch),
                    gemmRates(gemm));
            r.put("gemmEffectiveGflops", rate);
            r.put("fractionOfGemm", num(r, "achievedGflops") / rate);
        }
        Map<String, Object> c = new LinkedHashMap<>();
        for (Workload w : Workload.values()) {
            String key = w == Workload.CLL ? "pairSamplesPerSecond" : w == Workload.GEMM ? null : "examplesPerSecond";
            Map<String, Object> tuned = byName.get(w.id() + "@" + BenchEnvironment.TUNED.id());
            Map<String, Object> defaults = byName.get(w.id() + "@" + BenchEnvironment.SAMEDIFF_DEFAULTS.id());
            if (key != null && tuned != null && defaults != null) {
                c.put(w.id() + "TunedOverSamediffDefaults", num(tuned, key) / num(defaults, key));
            }
        }
        return c;
    }

    /** One line for the progress log. */
    public static String oneLine(Map<String, Object> r) {
        if (r.containsKey("error")) {
            return "FAILED: " + r.get("error");
        }
        if (r.containsKey("examplesPerSecond")) {
            return String.format("%.0f examples/s (%.0f-%.0f), peak RSS %.0f MB", num(r, "examplesPerSecond"),
                    num(r, "examplesPerSecondMin"), num(r, "examplesPerSecondMax"), num(r, "peakRssMegabytes"));
        }
        if (r.containsKey("pairSamplesPerSecond")) {
            return String.format("%d pairs x S=%d in %.1f s (%.0f pair-samples/s), peak RSS %.0f MB",
                    (long) num(r, "pairs"), (long) num(r, "samples"), num(r, "seconds"), num(r, "pairSamplesPerSecond"),
                    num(r, "peakRssMegabytes"));
        }
        if (r.containsKey("gemm")) {
            return String.format("%d shapes, peak RSS %.0f MB", ((List<?>) r.get("gemm")).size(),
                    num(r, "peakRssMegabytes"));
        }
        return "done";
    }

    /** Prints the tables of a bench report. */
    @SuppressWarnings("unchecked")
    public static void print(Map<String, Object> report, PrintWriter out) {
        Map<String, Object> machine = (Map<String, Object>) report.get("machine");
        out.printf("cgm4j bench (%s): %s, %s cores, load average %s at the start, %s at the end%n",
                report.get("mode"), machine.get("cpuModel"), machine.get("cores"), machine.get("loadAverage"),
                report.get("machineLoadAtEnd"));
        List<Map<String, Object>> cases = (List<Map<String, Object>>) report.get("cases");
        out.println();
        out.printf("%-8s %-18s %10s %8s %8s %8s %8s %9s %9s %s%n", "case", "environment", "examples/s", "spread",
                "ms/iter", "GFLOP/s", "of GEMM", "peak RSS", "heap max", "OMP / BLAS threads");
        for (Map<String, Object> r : cases) {
            if (r.containsKey("error")) {
                out.printf("%-8s %-18s FAILED: %s%n", r.get("workload"), r.get("environmentName"), r.get("error"));
                continue;
            }
            Workload w = Workload.of((String) r.get("workload"));
            String threads = threads(r);
            if (w.isTraining()) {
                double gflops = num(r, "achievedGflops");
                out.printf("%-8s %-18s %10.0f %7.1f%% %8.1f %8s %8s %6.0f MB %6.0f MB %s%n", r.get("workload"),
                        r.get("environmentName"), num(r, "examplesPerSecond"), 100 * num(r, "examplesPerSecondSpread"),
                        num(r, "millisPerIteration"), Double.isFinite(gflops) ? String.format("%.2f", gflops) : "-", percent(num(r, "fractionOfGemm")),
                        num(r, "peakRssMegabytes"), num(r, "heapMaxMegabytes"), threads);
            } else if (w == Workload.CLL) {
                out.printf("%-8s %-18s %d pairs x S=%d: %.1f s (%.1f s per 2,000 pairs), %.0f pair-samples/s,"
                                + " %.2f GFLOP/s; peak RSS %.0f MB; %s%n",
                        r.get("workload"), r.get("environmentName"), (long) num(r, "pairs"), (long) num(r, "samples"),
                        num(r, "seconds"), num(r, "secondsPer2000Pairs"), num(r, "pairSamplesPerSecond"),
                        num(r, "achievedGflops"), num(r, "peakRssMegabytes"), threads);
            } else {
                out.printf("%-8s %-18s %d shapes (below); peak RSS %.0f MB; %s%n", r.get("workload"),
                        r.get("environmentName"), ((List<?>) r.get("gemm")).size(), num(r, "peakRssMegabytes"),
                        threads);
            }
        }
        printGemms(cases, out);
        Map<String, Object> comparisons = (Map<String, Object>) report.get("comparisons");
        if (comparisons != null && !comparisons.isEmpty()) {
            out.println();
            comparisons.forEach((k, v) -> out.printf("%s: %.2fx%n", k, ((Number) v).doubleValue()));
        }
        Map<String, Object> peer = (Map<String, Object>) report.get("peer");
        if (peer != null) {
            out.println();
            out.printf("peer (%s, alternating with cgm4j, medians over rounds; the peer at its best setting):%n",
                    peer.get("script"));
            out.printf("  %-34s %14s %14s %8s%n", "", "cgm4j", "peer", "cgm4j/peer");
            out.printf("  %-34s %14.0f %14.0f %8.2f%n", "training (cvae, examples/s)",
                    num(peer, "cgm4jExamplesPerSecond"), num(peer, "peerExamplesPerSecond"), num(peer, "cgm4jOverPeer"));
            out.printf("  %-34s %14.0f %14.0f %8.2f%n", "evaluation (CLL, pairs x samples/s)",
                    num(peer, "cgm4jCllPairSamplesPerSecond"), num(peer, "peerCllPairSamplesPerSecond"),
                    num(peer, "cgm4jCllOverPeer"));
            List<Map<String, Object>> theirs = (List<Map<String, Object>>) peer.get("peer");
            if (!theirs.isEmpty() && !theirs.get(0).containsKey("error")) {
                Map<String, Object> t = theirs.get(0);
                out.printf("  peer: torch %s, %s torch threads, BLAS %s, peak RSS %.0f MB; settings tried (round 1):%n",
                        t.get("torchVersion"), t.get("torchThreads"), t.get("blasLibrary"), num(t, "peakRssMegabytes"));
                Object tried = t.get("settingsTried");
                if (tried instanceof List<?> l) {
                    for (Object o : l) {
                        Map<String, Object> st = (Map<String, Object>) o;
                        Map<String, Object> setting = (Map<String, Object>) st.get("setting");
                        out.printf("    %-22s %8.0f examples/s %10.0f pairs x samples/s  %s%n",
                                setting == null ? "?" : setting.get("name"), num(st, "examplesPerSecond"),
                                num(st, "cllPairSamplesPerSecond"), st.get("openblasConfig"));
                    }
                }
            }
        }
    }

    /**
     * The figures of a peer comparison: the medians over rounds of cgm4j's training rate
     * ({@code examplesPerSecond} of its cvae runs) and CLL rate ({@code pairSamplesPerSecond} of its
     * cll runs) and of the peer's ({@code examplesPerSecond}, {@code cllPairSamplesPerSecond}), and
     * both ratios cgm4j / peer ({@code cgm4jOverPeer}, {@code cgm4jCllOverPeer}).
     */
    public static Map<String, Object> peerRatios(List<Map<String, Object>> cvae, List<Map<String, Object>> cll,
            List<Map<String, Object>> peer) {
        Map<String, Object> p = new LinkedHashMap<>();
        double a = medianOf(cvae, "examplesPerSecond");
        double b = medianOf(peer, "examplesPerSecond");
        double c = medianOf(cll, "pairSamplesPerSecond");
        double d = medianOf(peer, "cllPairSamplesPerSecond");
        p.put("cgm4jExamplesPerSecond", a);
        p.put("peerExamplesPerSecond", b);
        p.put("cgm4jOverPeer", a / b);
        p.put("cgm4jCllPairSamplesPerSecond", c);
        p.put("peerCllPairSamplesPerSecond", d);
        p.put("cgm4jCllOverPeer", c / d);
        return p;
    }

    @SuppressWarnings("unchecked")
    private static void printGemms(List<Map<String, Object>> cases, PrintWriter out) {
        List<Map<String, Object>> gemmCases = new ArrayList<>();
        for (Map<String, Object> r : cases) {
            if (r.get("gemm") instanceof List && !r.containsKey("error")) {
                gemmCases.add(r);
            }
        }
        if (gemmCases.isEmpty()) {
            return;
        }
        out.println();
        StringBuilder head = new StringBuilder(String.format("%-16s %-28s", "GEMM (GFLOP/s)", "shape"));
        for (Map<String, Object> g : gemmCases) {
            head.append(String.format(" %18s", g.get("environmentName")));
        }
        out.println(head);
        List<Map<String, Object>> first = (List<Map<String, Object>>) gemmCases.get(0).get("gemm");
        for (int i = 0; i < first.size(); i++) {
            StringBuilder line = new StringBuilder(String.format("%-16s %-28s", first.get(i).get("op"),
                    first.get(i).get("label")));
            for (Map<String, Object> g : gemmCases) {
                List<Map<String, Object>> l = (List<Map<String, Object>>) g.get("gemm");
                line.append(String.format(" %18.2f", i < l.size() ? num(l.get(i), "gflops") : Double.NaN));
            }
            out.println(line);
        }
    }

    @SuppressWarnings("unchecked")
    private static String threads(Map<String, Object> r) {
        Map<String, Object> env = (Map<String, Object>) r.get("environment");
        if (env == null) {
            return "";
        }
        Map<String, Object> nd4j = (Map<String, Object>) env.get("nd4j");
        return "OMP_NUM_THREADS=" + env.get("OMP_NUM_THREADS") + ", omp " + (nd4j == null ? "?" : nd4j.get("omp.threads"))
                + ", blas " + (nd4j == null ? "?" : nd4j.get("blas.openblasThreads") + " (OpenBLAS "
                + nd4j.get("blas.version") + ", " + nd4j.get("blas.core") + ")");
    }

    private static String percent(double f) {
        return Double.isFinite(f) ? String.format("%.0f%%", 100 * f) : "-";
    }
}
